package io.github.noisecal.cli;

/** How text from input reaches the terminal: on one line, without control characters, short where asked. */
final class Messages {
    private Messages() {
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
