package io.github.noisecal.calibration.report;

import java.awt.geom.Rectangle2D;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/** A chart drawn into inline SVG by JFreeSVG: text stays text (the browser's own sans-serif), nothing is linked. */
final class SvgFigure {
    private SvgFigure() {
    }

    /**
     * The chart as an {@code <svg>} element that scales with its container (a view box, no fixed size), labelled
     * by the element {@code labelledBy} for screen readers.
     *
     * @param id a page-unique id: it also prefixes the SVG's clip-path ids, which several inline SVGs must not share
     */
    static String render(JFreeChart chart, int width, int height, String id, String labelledBy) {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        g2.setDefsKeyPrefix(id + "-");
        // Two decimals of a pixel are finer than any screen or printer; the default writes up to 17 digits.
        g2.setGeomDoubleConverter(SvgFigure::compact);
        g2.setTransformDoubleConverter(SvgFigure::compact);
        chart.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        String svg = g2.getSVGElement(id, false, new ViewBox(0, 0, width, height), null, null);
        return svg.replaceFirst("<svg ", "<svg role=\"img\" aria-labelledby=\"" + labelledBy + "\" ");
    }

    static String compact(double value) {
        long hundredths = Math.round(value * 100);
        if (hundredths % 100 == 0) {
            return Long.toString(hundredths / 100);
        }
        return java.math.BigDecimal.valueOf(hundredths, 2).stripTrailingZeros().toPlainString();
    }
}
