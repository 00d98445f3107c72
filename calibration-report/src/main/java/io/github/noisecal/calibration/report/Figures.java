package io.github.noisecal.calibration.report;

import java.util.function.Consumer;
import org.jfree.chart.JFreeChart;

/** Numbers the report's figures and writes each as a {@code <figure>} with its SVG, caption and numbers. */
final class Figures {
    /** Drawing size of a figure in a half-width column; it scales with the column. */
    static final int WIDTH = 600;
    static final int HEIGHT = 370;

    private int count;

    /**
     * Writes one figure: the chart as inline SVG, "Figure N." and the caption, then the numbers behind it (the
     * figure's text alternative) written by {@code numbers}.
     */
    void figure(Html html, JFreeChart chart, String caption, Consumer<Html> numbers) {
        count++;
        String id = "figure-" + count;
        html.raw("<figure id=\"").raw(id).raw("\">");
        html.raw(SvgFigure.render(chart, WIDTH, HEIGHT, id + "-svg", id + "-caption"));
        html.raw("<figcaption id=\"").raw(id).raw("-caption\"><b>Figure ").raw(String.valueOf(count)).raw(".</b> ")
                .text(caption).raw("</figcaption>");
        numbers.accept(html);
        html.raw("</figure>");
    }

    /** The number the next figure will get. */
    int next() {
        return count + 1;
    }

    /** Figures written so far. */
    int count() {
        return count;
    }
}
