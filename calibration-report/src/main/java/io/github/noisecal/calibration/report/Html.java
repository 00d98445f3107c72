package io.github.noisecal.calibration.report;

import java.util.List;

/** A small HTML writer: text is always escaped, markup is only what the report writes itself. */
final class Html {
    /** Cells that read as numbers (rates, intervals alone or after their estimate, durations, counts) go right. */
    private static final java.util.regex.Pattern NUMERIC = java.util.regex.Pattern.compile(
            "[<>]?\\s*[-+]?[0-9][0-9.,e+\\- /]*(\\s?(s|%|\\[.*\\]|\\([0-9.]+\\)))?|\\[[0-9.,e+\\- ]+\\]|n/a");

    /** Leads a table row's label that belongs to the row above (no-break spaces: HTML keeps them). */
    static final String INDENT = "\u00A0\u00A0\u00A0";

    private final StringBuilder out;

    Html(int capacity) {
        out = new StringBuilder(capacity);
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                case '\u0000' -> { } // never in text a user means; reserved for the figures' slots
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Appends markup written by the report (never user text). */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends escaped text. */
    Html text(String text) {
        out.append(escape(text));
        return this;
    }

    /** {@code <tag>escaped text</tag>}. */
    Html element(String tag, String text) {
        out.append('<').append(tag).append('>').append(escape(text)).append("</").append(tag).append('>');
        return this;
    }

    /** A table with a caption, a header row and rows of escaped cells; numeric columns are right-aligned. */
    Html table(String caption, List<String> header, List<List<String>> rows, String cssClass) {
        return table(caption, header, rows, cssClass, true);
    }

    /**
     * As {@link #table(String, List, List, String)}; {@code alignNumbers} false keeps every cell left-aligned. A
     * column whose every filled cell is a number has its heading right-aligned over them.
     */
    Html table(String caption, List<String> header, List<List<String>> rows, String cssClass, boolean alignNumbers) {
        out.append("<table class=\"").append(cssClass).append("\"><caption>").append(escape(caption))
                .append("</caption><thead><tr>");
        for (int c = 0; c < header.size(); c++) {
            boolean numeric = alignNumbers && numericColumn(rows, c);
            out.append(numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">")
                    .append(escape(header.get(c))).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            out.append("<tr>");
            for (String cell : row) {
                out.append(alignNumbers && NUMERIC.matcher(cell).matches() ? "<td class=\"num\">" : "<td>")
                        .append(escape(cell)).append("</td>");
            }
            out.append("</tr>");
        }
        out.append("</tbody></table>");
        return this;
    }

    private static boolean numericColumn(List<List<String>> rows, int column) {
        boolean any = false;
        for (List<String> row : rows) {
            String cell = column < row.size() ? row.get(column) : "";
            if (!cell.isEmpty()) {
                if (!NUMERIC.matcher(cell).matches()) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
