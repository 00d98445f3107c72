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
    /**
     * How a backend's preflight speaks of the modules it was given; as a key of {@code flagsBySetting}, the flag
     * that gave them ({@code --modules FILE}).
     */
    static final String MODULE_LIST = "the module list";

    private Messages() {
    }

    /**
     * A backend's message in the words of the command line: each {@code backend setting 'KEY'} the user set with a
     * flag becomes that flag ({@code backend setting 'project' is required} reads {@code --lean-project is
     * required}); settings without a flag keep their name. {@link #MODULE_LIST} becomes the flag that gave it.
     */
    static String inUserTerms(String message, Map<String, String> flagsBySetting) {
        String moduleList = flagsBySetting.get(MODULE_LIST);
        if (moduleList != null) {
            message = message.replace(MODULE_LIST, moduleList);
        }
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

    /**
     * {@code text} wrapped at spaces into lines of at most {@code width} characters, the first starting after
     * {@code first} (already printed, such as a column of names) and the others indented to line up under it. A word
     * longer than a line is left whole.
     */
    static String wrap(String first, String text, int width) {
        String indent = " ".repeat(first.length());
        StringBuilder out = new StringBuilder(first);
        int column = first.length();
        boolean lineStart = true;
        for (String word : text.strip().split(" +")) {
            if (!lineStart && column + 1 + word.length() > width) {
                out.append('\n').append(indent);
                column = indent.length();
                lineStart = true;
            }
            if (!lineStart) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
            lineStart = false;
        }
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
