package io.github.noisecal.calibration.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.StandardCategoryToolTipGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The report's figures as JFreeChart charts, each a pure function of {@link ReportData}. One look for all of them:
 * white ground, light grid, no chart title (the figure's caption carries it), legend below, Okabe-Ito colours.
 */
final class Charts {
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font MARKER_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Stroke LINE = new BasicStroke(2f);
    private static final Stroke THIN = new BasicStroke(1.3f);
    private static final Stroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
            new float[] {6f, 4f}, 0f);
    private static final Stroke DOTTED = new BasicStroke(1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
            new float[] {2f, 3f}, 0f);
    private static final Stroke MARKER = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
            new float[] {4f, 3f}, 0f);

    private Charts() {
    }

    /** Timeout, fail and success rates with their intervals, tiers side by side (by the model's order). */
    static JFreeChart headlineRates(List<ReportData.Tier> tiers) {
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        String[] labels = {"timeout", "fail", "success"};
        double[] offsets = {-0.18, 0, 0.18};
        for (int r = 0; r < labels.length; r++) {
            YIntervalSeries series = new YIntervalSeries(labels[r] + " rate");
            for (int t = 0; t < tiers.size(); t++) {
                ReportData.Interval value = tiers.get(t).headline().get(r).value();
                series.add(t + offsets[r], value.estimate(), value.lower(), value.upper());
            }
            dataset.addSeries(series);
        }
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setCapLength(8);
        renderer.setErrorStroke(LINE);
        renderer.setDefaultLinesVisible(false);
        for (int r = 0; r < labels.length; r++) {
            renderer.setSeriesPaint(r, Palette.headline(labels[r]));
            renderer.setSeriesShape(r, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
        }
        SymbolAxis x = new SymbolAxis(null, tiers.stream().map(t -> t.name() + " (" + Format.seconds(t.budgetS()) + ")")
                .toArray(String[]::new));
        x.setRange(-0.5, tiers.size() - 0.5);
        x.setGridBandsVisible(false);
        NumberAxis y = rateAxis("rate");
        y.setRange(0, 1);
        y.setTickUnit(new NumberTickUnit(0.1));
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        return chart(plot, true);
    }

    /** Each tier's outcomes as one stacked bar of shares. */
    static JFreeChart outcomeMix(List<ReportData.Tier> tiers) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        java.util.LinkedHashSet<String> codes = new java.util.LinkedHashSet<>();
        tiers.forEach(t -> t.outcomes().forEach(o -> codes.add(o.label())));
        for (String code : codes) {
            for (ReportData.Tier tier : tiers) {
                double rate = tier.outcomes().stream().filter(o -> o.label().equals(code)).findFirst()
                        .map(o -> o.value().estimate()).orElse(0.0);
                dataset.addValue(rate, code, tier.name());
            }
        }
        StackedBarRenderer renderer = new StackedBarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.22);
        renderer.setDefaultToolTipGenerator(new StandardCategoryToolTipGenerator());
        int i = 0;
        for (String code : codes) {
            renderer.setSeriesPaint(i++, Palette.outcome(code));
        }
        CategoryAxis x = new CategoryAxis(null);
        x.setTickLabelFont(LABEL_FONT);
        NumberAxis y = rateAxis("share of samples");
        y.setRange(0, 1);
        y.setTickUnit(new NumberTickUnit(0.1));
        CategoryPlot plot = new CategoryPlot(dataset, x, y, renderer);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_RIGHT);
        style(plot);
        return chart(plot, true);
    }

    /** Finished runs' durations, the budget marked with the number of runs it cut off. */
    static JFreeChart histogram(ReportData.Tier tier) {
        ReportData.Histogram histogram = tier.durations().histogram();
        XYIntervalSeries series = new XYIntervalSeries("finished runs");
        for (int i = 0; i < histogram.counts().length; i++) {
            double lo = histogram.edges()[i];
            double hi = histogram.edges()[i + 1];
            series.add((lo + hi) / 2, lo, hi, histogram.counts()[i], histogram.counts()[i], histogram.counts()[i]);
        }
        XYIntervalSeriesCollection dataset = new XYIntervalSeriesCollection();
        dataset.addSeries(series);
        XYBarRenderer renderer = new XYBarRenderer(0.08);
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, Palette.BLUE);
        NumberAxis x = timeAxis();
        x.setRange(0, histogram.edges()[histogram.edges().length - 1] * 1.04);
        NumberAxis y = new NumberAxis("runs per bin");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        budgetMarker(plot, tier.budgetS(), "budget " + Format.seconds(tier.budgetS()) + ": "
                + tier.durations().timedOut() + " timed out", true);
        return chart(plot, false);
    }

    /**
     * Survival S(t) = P(duration &gt; t): Kaplan-Meier with its band (or the observed grid without raw telemetry),
     * the best family with its band, the other fitted families, and the budget.
     */
    static JFreeChart survival(ReportData.Tier tier) {
        ReportData.Durations durations = tier.durations();
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(timeAxis());
        NumberAxis y = rateAxis("P(duration > t)");
        y.setRange(0, 1.02);
        y.setTickUnit(new NumberTickUnit(0.2));
        plot.setRangeAxis(y);
        int index = 0;
        ReportData.Family best = durations.families().stream()
                .filter(f -> f.family().equals(durations.bestFamily())).findFirst().orElse(null);
        if (best != null) {
            plot.setDataset(index, bandDataset(best.survival(), best.family() + " (best fit)", 0, Double.MAX_VALUE));
            plot.setRenderer(index++, bandRenderer(Palette.family(best.family()), LINE, 0.18f));
        }
        XYSeriesCollection others = new XYSeriesCollection();
        for (ReportData.Family family : durations.families()) {
            if (family.fitted() && family != best) {
                others.addSeries(lineSeries(family.survival(), family.family()));
            }
        }
        if (others.getSeriesCount() > 0) {
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
            renderer.setDrawSeriesLineAsPath(true);
            for (int i = 0; i < others.getSeriesCount(); i++) {
                renderer.setSeriesPaint(i, Palette.family((String) others.getSeriesKey(i)));
                renderer.setSeriesStroke(i, DOTTED);
            }
            plot.setDataset(index, others);
            plot.setRenderer(index++, renderer);
        }
        ReportData.Curve km = durations.kaplanMeier();
        if (durations.kaplanMeierFromRaw()) {
            YIntervalSeriesCollection steps = new YIntervalSeriesCollection();
            steps.addSeries(stepSeries(km, "Kaplan-Meier"));
            plot.setDataset(index, steps);
            plot.setRenderer(index++, bandRenderer(Palette.BLACK, THIN, 0.14f));
        } else {
            plot.setDataset(index, bandDataset(km, "observed", 0, Double.MAX_VALUE));
            plot.setRenderer(index++, errorRenderer(Palette.BLACK));
        }
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        ((NumberAxis) plot.getDomainAxis()).setRange(0, tier.budgetS() * 2);
        budgetMarker(plot, tier.budgetS(), "budget " + Format.seconds(tier.budgetS()), false);
        return chart(plot, true);
    }

    /**
     * The timeout rate against the budget on a log scale, where small rates can be read: observed rates with
     * their intervals, the model with its band (solid within the data, dashed beyond the tier's budget), and the
     * target with the recommended budget.
     */
    static JFreeChart budgetCurve(ReportData.Tier tier, Double target) {
        XYPlot plot = new XYPlot();
        NumberAxis x = timeAxis();
        x.setLabel("budget (s)");
        x.setRange(0, tier.budgetS() * 2.05);
        plot.setDomainAxis(x);
        double floor = logFloor(tier, target);
        LogAxis y = new LogAxis("timeout rate (log scale)");
        y.setSmallestValue(floor);
        y.setRange(floor, 1.05);
        y.setBase(10);
        // Ticks at the powers of ten only, with minor ticks between: 1, 0.1, 0.01 read at a glance.
        y.setTickUnit(new NumberTickUnit(1));
        y.setMinorTickCount(9);
        y.setMinorTickMarksVisible(true);
        y.setNumberFormatOverride(new java.text.DecimalFormat("0.####"));
        y.setTickLabelFont(TICK_FONT);
        y.setLabelFont(LABEL_FONT);
        plot.setRangeAxis(y);
        int index = 0;
        ReportData.Family best = tier.durations().families().stream()
                .filter(f -> f.family().equals(tier.durations().bestFamily())).findFirst().orElse(null);
        if (best != null) {
            YIntervalSeriesCollection model = new YIntervalSeriesCollection();
            model.addSeries(bandSeries(best.survival(), best.family() + " model", floor, 0, tier.budgetS()));
            model.addSeries(bandSeries(best.survival(), "extrapolated", floor, tier.budgetS(), Double.MAX_VALUE));
            DeviationRenderer renderer = bandRenderer(Palette.family(best.family()), LINE, 0.2f);
            renderer.setSeriesPaint(1, Palette.family(best.family()));
            renderer.setSeriesFillPaint(1, Palette.GREY);
            renderer.setSeriesStroke(1, DASHED);
            plot.setDataset(index, model);
            plot.setRenderer(index++, renderer);
        }
        YIntervalSeries observed = new YIntervalSeries("observed");
        for (ReportData.BudgetPoint point : tier.budgetCurve().points()) {
            if (point.observed() != null && point.observed().estimate() > 0) {
                observed.add(point.budgetS(), point.observed().estimate(), Math.max(floor, point.observed().lower()),
                        point.observed().upper());
            }
        }
        YIntervalSeriesCollection observedData = new YIntervalSeriesCollection();
        observedData.addSeries(observed);
        plot.setDataset(index, observedData);
        plot.setRenderer(index++, errorRenderer(Palette.BLACK));
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        budgetMarker(plot, tier.budgetS(), "budget " + Format.seconds(tier.budgetS()), false);
        ReportData.Recommendation recommendation = tier.recommendation();
        if (target != null) {
            ValueMarker targetLine = new ValueMarker(target, Palette.GREY, MARKER);
            targetLine.setLabel("target " + Format.rate(target));
            targetLine.setLabelFont(MARKER_FONT);
            targetLine.setLabelPaint(Palette.GREY);
            targetLine.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            targetLine.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            labelGround(targetLine);
            plot.addRangeMarker(targetLine, Layer.FOREGROUND);
            if (recommendation != null && recommendation.budgetS() != null
                    && recommendation.budgetS() <= x.getUpperBound()) {
                ValueMarker chosen = new ValueMarker(recommendation.budgetS(), Palette.BLUE, MARKER);
                chosen.setLabel("recommended " + Format.seconds(recommendation.budgetS()));
                chosen.setLabelFont(MARKER_FONT);
                chosen.setLabelPaint(Palette.BLUE);
                chosen.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
                chosen.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
                chosen.setLabelOffset(new RectangleInsets(4, 4, 22, 4));
                labelGround(chosen);
                plot.addDomainMarker(chosen, Layer.FOREGROUND);
            }
        }
        return chart(plot, true);
    }

    /** Flip rate and flaky-module share per tier, for the tiers whose modules repeat. */
    static JFreeChart repeatability(List<ReportData.Tier> tiers) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (ReportData.Tier tier : tiers) {
            if (tier.repeatability() != null) {
                dataset.addValue(tier.repeatability().flipRate(), "flip rate", tier.name());
                dataset.addValue(tier.repeatability().flakyShare(), "flaky-module share", tier.name());
            }
        }
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.12);
        renderer.setItemMargin(0.05);
        renderer.setSeriesPaint(0, Palette.VERMILLION);
        renderer.setSeriesPaint(1, Palette.SKY_BLUE);
        CategoryAxis x = new CategoryAxis(null);
        x.setTickLabelFont(LABEL_FONT);
        NumberAxis y = rateAxis("share");
        y.setAutoRangeIncludesZero(true);
        y.setUpperMargin(0.15);
        CategoryPlot plot = new CategoryPlot(dataset, x, y, renderer);
        style(plot);
        return chart(plot, true);
    }

    private static double logFloor(ReportData.Tier tier, Double target) {
        double smallest = 1;
        for (ReportData.BudgetPoint point : tier.budgetCurve().points()) {
            if (point.observed() != null && point.observed().estimate() > 0) {
                smallest = Math.min(smallest, point.observed().lower() > 0 ? point.observed().lower()
                        : point.observed().estimate());
            }
        }
        if (target != null) {
            smallest = Math.min(smallest, target);
        }
        // A decade below the smallest value that matters, and never below 1e-4: the far tail of a fitted family is
        // a guess, not something to spread over the figure.
        return Math.max(1e-4, Math.pow(10, Math.floor(Math.log10(smallest)) - 1));
    }

    private static YIntervalSeriesCollection bandDataset(ReportData.Curve curve, String name, double from, double to) {
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        dataset.addSeries(bandSeries(curve, name, 0, from, to));
        return dataset;
    }

    /** The part of a curve with from &lt;= x &lt;= to, values clamped at {@code floor} (for log axes). */
    private static YIntervalSeries bandSeries(ReportData.Curve curve, String name, double floor, double from,
                                              double to) {
        YIntervalSeries series = new YIntervalSeries(name, false, true);
        for (int i = 0; i < curve.x().length; i++) {
            double x = curve.x()[i];
            if (x < from || x > to) {
                continue;
            }
            double y = curve.y()[i];
            double lower = curve.hasBand() ? curve.lower()[i] : y;
            double upper = curve.hasBand() ? curve.upper()[i] : y;
            if (floor > 0 && y < floor) {
                continue;
            }
            series.add(x, y, Math.max(floor, lower), Math.max(floor, upper));
        }
        return series;
    }

    /**
     * A step function as a polyline that rises or falls vertically at each step, so that it is drawn as one path
     * with its band (one SVG element, not one per step).
     */
    private static YIntervalSeries stepSeries(ReportData.Curve curve, String name) {
        YIntervalSeries series = new YIntervalSeries(name, false, true);
        for (int i = 0; i < curve.x().length; i++) {
            if (i > 0) {
                series.add(curve.x()[i], curve.y()[i - 1], curve.lower()[i - 1], curve.upper()[i - 1]);
            }
            series.add(curve.x()[i], curve.y()[i], curve.lower()[i], curve.upper()[i]);
        }
        return series;
    }

    private static XYSeries lineSeries(ReportData.Curve curve, String name) {
        XYSeries series = new XYSeries(name, false, true);
        for (int i = 0; i < curve.x().length; i++) {
            series.add(curve.x()[i], curve.y()[i]);
        }
        return series;
    }

    private static DeviationRenderer bandRenderer(Color color, Stroke stroke, float alpha) {
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        renderer.setSeriesPaint(0, color);
        renderer.setSeriesFillPaint(0, color);
        renderer.setSeriesStroke(0, stroke);
        renderer.setAlpha(alpha);
        return renderer;
    }

    private static XYErrorRenderer errorRenderer(Paint paint) {
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setCapLength(5);
        renderer.setDefaultLinesVisible(false);
        renderer.setSeriesPaint(0, paint);
        renderer.setSeriesShape(0, new Rectangle2D.Double(-3, -3, 6, 6));
        return renderer;
    }

    /** Marker labels on a nearly opaque white ground, so they stay legible over grid lines and curves. */
    private static void labelGround(ValueMarker marker) {
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 215));
    }

    private static void budgetMarker(XYPlot plot, double budgetS, String label, boolean labelLeft) {
        ValueMarker marker = new ValueMarker(budgetS, Palette.VERMILLION, MARKER);
        marker.setLabel(label);
        marker.setLabelFont(MARKER_FONT);
        marker.setLabelPaint(Palette.VERMILLION);
        marker.setLabelAnchor(labelLeft ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(labelLeft ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
        marker.setLabelOffset(new RectangleInsets(6, 6, 6, 6));
        labelGround(marker);
        plot.addDomainMarker(marker, Layer.FOREGROUND);
    }

    private static NumberAxis timeAxis() {
        NumberAxis axis = new NumberAxis("duration (s)");
        axis.setTickLabelFont(TICK_FONT);
        axis.setLabelFont(LABEL_FONT);
        return axis;
    }

    private static NumberAxis rateAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setTickLabelFont(TICK_FONT);
        axis.setLabelFont(LABEL_FONT);
        return axis;
    }

    private static void style(CategoryPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(Palette.GRID);
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.getRangeAxis().setTickLabelFont(TICK_FONT);
    }

    private static JFreeChart chart(org.jfree.chart.plot.Plot plot, boolean legend) {
        if (plot instanceof XYPlot xy) {
            xy.setBackgroundPaint(Color.WHITE);
            xy.setOutlineVisible(false);
            xy.setDomainGridlinePaint(Palette.GRID);
            xy.setRangeGridlinePaint(Palette.GRID);
            xy.setDomainGridlineStroke(new BasicStroke(1f));
            xy.setRangeGridlineStroke(new BasicStroke(1f));
            xy.setAxisOffset(RectangleInsets.ZERO_INSETS);
            for (int i = 0; i < xy.getRangeAxisCount(); i++) {
                ValueAxis axis = xy.getRangeAxis(i);
                axis.setTickLabelFont(TICK_FONT);
            }
            xy.getDomainAxis().setTickLabelFont(TICK_FONT);
        }
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 4, 4, 12));
        if (legend) {
            LegendTitle title = chart.getLegend();
            title.setItemFont(LABEL_FONT);
            title.setFrame(BlockBorder.NONE);
            title.setPosition(RectangleEdge.BOTTOM);
            title.setBackgroundPaint(Color.WHITE);
        }
        return chart;
    }
}
