package io.github.noisecal.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How text from input reaches the terminal: on one line, without control characters, short where asked. */
final class Messages {
    /**
     * Backends name their settings as {@code backend setting 'KEY'}, or several as {@code backend settings 'A', 'B'
     * and 'C'} (as {@link io.github.noisecal.telemetry.BackendConfig#requireOnlyKeys} does).
     */
    private static final Pattern SETTING = Pattern.compile("backend settings? ('[^']+'(?:(?:, | and )'[^']+')*)");
    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

    private Messages() {
    }

    /**
     * A backend's message in the words of the command line: each {@code backend setting 'KEY'} the user set with a
     * flag becomes that flag ({@code backend setting 'project' is required} reads {@code --lean-project is
     * required}); settings without a flag keep their name.
     */
    static String inUserTerms(String message, Map<String, String> flagsBySetting) {
        Matcher matcher = SETTING.matcher(message);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            List<String> flags = new ArrayList<>();
            Matcher names = QUOTED.matcher(matcher.group(1));
            while (names.find()) {
                flags.add(flagsBySetting.get(names.group(1)));
            }
            // All or nothing: a list half in flags and half in setting names would read as two kinds of thing.
            String replacement = flags.contains(null) ? matcher.group() : flags.size() == 1 ? flags.get(0)
                    : String.join(", ", flags.subList(0, flags.size() - 1)) + " and " + flags.get(flags.size() - 1);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * {@code text} with every control character escaped (a tab as backslash-t, ESC as backslash-u-001b, ...), so
     * that a module name or file content can neither break a one-line message nor send terminal escape sequences.
     */
    static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** {@code text} cut at a word boundary to at most {@code max} characters, ending in "..." when cut. */
    static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int room = Math.max(0, max - 3);
        int cut = text.lastIndexOf(' ', room);
        return (cut > room / 2 ? text.substring(0, cut) : text.substring(0, room)).stripTrailing() + "...";
    }
}
