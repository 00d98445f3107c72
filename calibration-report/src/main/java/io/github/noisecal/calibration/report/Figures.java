package io.github.noisecal.calibration.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jfree.chart.JFreeChart;

/**
 * Numbers the report's figures and writes each as a {@code <figure>} with its SVG, caption and numbers. The SVGs
 * are drawn at the end, all at once and in parallel (each chart is independent), and put in their places.
 */
final class Figures {
    /** Drawing size of a figure in a half-width column; it scales with the column. */
    static final int WIDTH = 600;
    static final int HEIGHT = 370;
    /** Drawing height of a figure whose legend needs more rows (the budget curve). */
    static final int TALL = 440;
    private static final String SLOT = "\u0000figure-svg-";

    private final List<Supplier<JFreeChart>> charts = new ArrayList<>();
    private final List<Integer> heights = new ArrayList<>();

    /**
     * Writes one figure: a slot for the chart's inline SVG, "Figure N." and the caption, then the numbers behind it
     * (the figure's text alternative) written by {@code numbers}.
     */
    void figure(Html html, Supplier<JFreeChart> chart, String caption, Consumer<Html> numbers) {
        figure(html, chart, HEIGHT, caption, numbers);
    }

    /** As {@link #figure(Html, Supplier, String, Consumer)}, drawn {@code height} high (at the same width). */
    void figure(Html html, Supplier<JFreeChart> chart, int height, String caption, Consumer<Html> numbers) {
        charts.add(chart);
        heights.add(height);
        int number = charts.size();
        String id = "figure-" + number;
        html.raw("<figure id=\"").raw(id).raw("\">").raw(SLOT + number + "\u0000");
        html.raw("<figcaption id=\"").raw(id).raw("-caption\"><b>Figure ").raw(String.valueOf(number)).raw(".</b> ")
                .text(caption).raw("</figcaption>");
        numbers.accept(html);
        html.raw("</figure>");
    }

    /** The page with every figure's slot replaced by its SVG. */
    String fill(String page) {
        List<String> svgs = IntStream.range(0, charts.size()).parallel()
                .mapToObj(i -> SvgFigure.render(charts.get(i).get(), WIDTH, heights.get(i),
                        "figure-" + (i + 1) + "-svg",
                        "figure-" + (i + 1) + "-caption"))
                .toList();
        StringBuilder filled = new StringBuilder(page.length() + svgs.stream().mapToInt(String::length).sum());
        int from = 0;
        for (int i = 0; i < svgs.size(); i++) {
            String slot = SLOT + (i + 1) + "\u0000";
            int at = page.indexOf(slot, from);
            filled.append(page, from, at).append(svgs.get(i));
            from = at + slot.length();
        }
        return filled.append(page, from, page.length()).toString();
    }

    /** Figures written so far. */
    int count() {
        return charts.size();
    }
}
