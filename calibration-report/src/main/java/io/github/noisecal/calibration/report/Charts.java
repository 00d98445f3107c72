package io.github.noisecal.calibration.report;

import io.github.noisecal.calibration.fit.AnswerBasis;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Polygon;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
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
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
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
    private static final Shape SQUARE = new Rectangle2D.Double(-4, -4, 8, 8);
    private static final Shape SWATCH = new Rectangle2D.Double(-7, -5, 14, 10);
    private static final Shape DIAMOND = new Polygon(new int[] {0, 6, 0, -6}, new int[] {-6, 0, 6, 0}, 4);
    private static final Shape HORIZONTAL = new Line2D.Double(-9, 0, 9, 0);
    private static final Shape VERTICAL = new Line2D.Double(0, -7, 0, 7);
    /** The beyond-the-data region's ground: darker than the grid, lighter than any band. */
    private static final Color BEYOND_SHADE = new Color(0xF1F1F1);
    /** Between a tier's runs and a pair of runs of the same rate in the headline figure. */
    private static final double RUNS_OFFSET = 0.08;
    /** The budget axis stretches to a recommended budget up to this multiple of the table's last budget. */
    private static final double SEARCH_SHOWN = 4;
    /** The stability classes of modules run twice or more, in the order of their bars. */
    private static final String[] STABILITY = {"always verified", "always timing out", "always failing", "mixed"};

    private Charts() {
    }

    /**
     * Timeout, fail and success rates with their intervals, tiers side by side (by the model's order): the interval
     * over the population of proofs (filled, thick), and beside it, where modules recur and the two differ, the
     * interval over these runs (hollow, thin).
     */
    static JFreeChart headlineRates(List<ReportData.Tier> tiers) {
        String[] labels = {"timeout", "fail", "success"};
        double[] offsets = {-0.2, 0, 0.2};
        YIntervalSeriesCollection population = new YIntervalSeriesCollection();
        YIntervalSeriesCollection overRuns = new YIntervalSeriesCollection();
        boolean differ = false;
        for (int r = 0; r < labels.length; r++) {
            YIntervalSeries outer = new YIntervalSeries(labels[r] + " rate");
            YIntervalSeries inner = new YIntervalSeries(labels[r] + " rate over these runs");
            for (int t = 0; t < tiers.size(); t++) {
                ReportData.Rate rate = tiers.get(t).headline().get(r);
                ReportData.Interval value = rate.value();
                ReportData.Interval runs = rate.overRuns();
                boolean beside = runs != null;
                differ |= beside;
                // Where both are shown the pair straddles the rate's slot, so that neither hides the other.
                outer.add(t + offsets[r] - (beside ? RUNS_OFFSET / 2 : 0), value.estimate(), value.lower(),
                        value.upper());
                if (beside) {
                    inner.add(t + offsets[r] + RUNS_OFFSET / 2, runs.estimate(), runs.lower(), runs.upper());
                }
            }
            population.addSeries(outer);
            overRuns.addSeries(inner);
        }
        XYErrorRenderer outer = intervalRenderer(LINE, 8, true);
        XYErrorRenderer inner = intervalRenderer(THIN, 5, false);
        for (int r = 0; r < labels.length; r++) {
            outer.setSeriesPaint(r, Palette.headline(labels[r]));
            outer.setSeriesShape(r, circle(9));
            inner.setSeriesPaint(r, Palette.headline(labels[r]));
            inner.setSeriesShape(r, circle(7));
        }
        SymbolAxis x = new SymbolAxis(null, tiers.stream().map(t -> t.name() + " (" + Format.seconds(t.budgetS()) + ")")
                .toArray(String[]::new));
        x.setRange(-0.5, tiers.size() - 0.5);
        x.setGridBandsVisible(false);
        NumberAxis y = rateAxis("rate");
        y.setRange(0, 1);
        y.setTickUnit(new NumberTickUnit(0.1));
        XYPlot plot = new XYPlot(population, x, y, outer);
        plot.setDataset(1, overRuns);
        plot.setRenderer(1, inner);
        LegendItemCollection legend = new LegendItemCollection();
        for (String label : labels) {
            legend.add(legendItem(label + " rate", Palette.headline(label), circle(9), true, null, null));
        }
        if (differ) {
            legend.add(legendItem("over the population (clustered)", Palette.BLACK, circle(9), true, LINE,
                    VERTICAL));
            legend.add(legendItem("over these runs", Palette.BLACK, circle(7), false, THIN, VERTICAL));
        }
        plot.setFixedLegendItems(legend);
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
        StackedBarRenderer renderer = shareBars();
        renderer.setDefaultToolTipGenerator(new StandardCategoryToolTipGenerator());
        int i = 0;
        for (String code : codes) {
            renderer.setSeriesPaint(i++, Palette.outcome(code));
        }
        return horizontalShares(dataset, renderer, "share of samples");
    }

    private static StackedBarRenderer shareBars() {
        StackedBarRenderer renderer = new StackedBarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setMaximumBarWidth(0.22);
        return renderer;
    }

    /** One horizontal bar of stacked shares (0 to 1) per category, the shares' axis at the bottom. */
    private static JFreeChart horizontalShares(DefaultCategoryDataset dataset, StackedBarRenderer renderer,
                                               String shareLabel) {
        CategoryAxis x = new CategoryAxis(null);
        x.setTickLabelFont(LABEL_FONT);
        NumberAxis y = rateAxis(shareLabel);
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
     * The timeout rate against the budget on a log scale, where small rates can be read, as {@code noisecal budget}
     * answers it: observed rates with their intervals (filled squares from this tier's runs, hollow ones from a tier
     * with identical verifier limits), the best family beside them as a model only (dotted), the extrapolated part
     * as the families' Akaike-weighted rate (dashed) with the envelope of their bands, and beyond the data, in a
     * shaded region, the envelope alone; the target and the recommended budget with its interval.
     */
    static JFreeChart budgetCurve(ReportData.Tier tier, Double target) {
        ReportData.BudgetCurve curve = tier.budgetCurve();
        ReportData.Recommendation recommendation = tier.recommendation();
        XYPlot plot = new XYPlot();
        NumberAxis x = timeAxis();
        x.setLabel("budget (s)");
        double end = budgetAxisEnd(tier);
        x.setRange(0, end);
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
        LegendItemCollection legend = new LegendItemCollection();
        int index = 0;

        // Beyond the data: only the range the plausible families span, no line; it joins the extrapolated band.
        YIntervalSeries beyond = new YIntervalSeries("beyond the data", false, true);
        YIntervalSeries extrapolated = new YIntervalSeries("extrapolated", false, true);
        ReportData.BudgetPoint lastObserved = null;
        ReportData.BudgetPoint lastExtrapolated = null;
        for (ReportData.BudgetPoint p : curve.curve()) {
            switch (p.basis()) {
                case OBSERVED -> lastObserved = p;
                case EXTRAPOLATED -> {
                    if (extrapolated.getItemCount() == 0 && lastObserved != null && lastObserved.rate() != null) {
                        // The extrapolation starts from the runs' rate at the largest observed budget.
                        addClamped(extrapolated, lastObserved.budgetS(), lastObserved.rate(), lastObserved.lower(),
                                lastObserved.upper(), floor);
                    }
                    addClamped(extrapolated, p.budgetS(), p.rate(), p.lower(), p.upper(), floor);
                    lastExtrapolated = p;
                }
                case BEYOND_DATA -> {
                    if (beyond.getItemCount() == 0 && lastExtrapolated != null) {
                        addClamped(beyond, lastExtrapolated.budgetS(), lastExtrapolated.rate(),
                                lastExtrapolated.lower(), lastExtrapolated.upper(), floor);
                    }
                    addClamped(beyond, p.budgetS(), Math.sqrt(Math.max(floor, p.lower()) * p.upper()), p.lower(),
                            p.upper(), floor);
                }
                case NO_ANSWER -> { }
            }
        }
        if (beyond.getItemCount() > 0) {
            YIntervalSeriesCollection data = new YIntervalSeriesCollection();
            data.addSeries(beyond);
            DeviationRenderer renderer = bandRenderer(Palette.GREY, THIN, 0.28f);
            renderer.setSeriesLinesVisible(0, false);
            plot.setDataset(index, data);
            plot.setRenderer(index++, renderer);
        }
        if (extrapolated.getItemCount() > 0) {
            YIntervalSeriesCollection data = new YIntervalSeriesCollection();
            data.addSeries(extrapolated);
            plot.setDataset(index, data);
            plot.setRenderer(index++, bandRenderer(Palette.ORANGE, DASHED, 0.22f));
        }
        // The best family beside the observations, as a model only.
        XYSeries model = new XYSeries(curve.family() == null ? "model" : curve.family(), false, true);
        for (ReportData.BudgetPoint p : curve.curve()) {
            if (p.basis() == AnswerBasis.OBSERVED && p.model() != null && p.model().estimate() >= floor) {
                model.add(p.budgetS(), p.model().estimate());
            }
        }
        if (model.getItemCount() > 0) {
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
            renderer.setDrawSeriesLineAsPath(true);
            renderer.setSeriesPaint(0, Palette.family(curve.family()));
            renderer.setSeriesStroke(0, DOTTED);
            plot.setDataset(index, new XYSeriesCollection(model));
            plot.setRenderer(index++, renderer);
        }
        YIntervalSeries own = new YIntervalSeries("observed, " + tier.name() + "'s runs");
        YIntervalSeries others = new YIntervalSeries("observed, identical limits");
        for (ReportData.BudgetPoint p : curve.points()) {
            if (p.basis() == AnswerBasis.OBSERVED && p.rate() != null) {
                addClamped(p.sourceTier() == null ? own : others, p.budgetS(), p.rate(), p.lower(), p.upper(), floor);
            }
        }
        YIntervalSeriesCollection observed = new YIntervalSeriesCollection();
        observed.addSeries(own);
        observed.addSeries(others);
        XYErrorRenderer squares = errorRenderer(Palette.BLACK);
        squares.setSeriesPaint(1, Palette.BLACK);
        squares.setSeriesShape(1, new Rectangle2D.Double(-3, -3, 6, 6));
        squares.setSeriesShapesFilled(1, false);
        squares.setUseOutlinePaint(false);
        plot.setDataset(index, observed);
        plot.setRenderer(index++, squares);

        legend.add(legendItem("observed (" + tier.name() + ")", Palette.BLACK, SQUARE, true, null, null));
        if (others.getItemCount() > 0) {
            legend.add(legendItem("observed (identical limits)", Palette.BLACK, SQUARE, false, null, null));
        }
        if (model.getItemCount() > 0) {
            legend.add(legendItem(curve.family() + ", as a model only", Palette.family(curve.family()), null, false,
                    DOTTED, HORIZONTAL));
        }
        if (extrapolated.getItemCount() > 0) {
            legend.add(legendItem("extrapolated: families' average, envelope", Palette.ORANGE, null, false, DASHED,
                    HORIZONTAL));
        }
        if (beyond.getItemCount() > 0) {
            legend.add(legendItem("beyond the data: range only", withAlpha(Palette.GREY, 0.28f), SWATCH, true, null,
                    null));
        }

        if (target != null && recommendation != null && recommendation.lowerS() != null
                && recommendation.lowerS() < end) {
            plot.setDataset(index, recommended(recommendation, target, end));
            plot.setRenderer(index++, recommendedRenderer(recommendation));
            legend.add(legendItem(recommendation.budgetS() != null ? "recommended budget and its interval"
                    : "the families' range for the target", Palette.BLUE, recommendation.budgetS() != null ? DIAMOND
                    : null, true, LINE, HORIZONTAL));
        }
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setFixedLegendItems(legend);

        if (beyond.getItemCount() > 0) {
            IntervalMarker region = new IntervalMarker(curve.beyondDataFromS(), end, BEYOND_SHADE);
            region.setLabel("beyond the data");
            region.setLabelBackgroundColor(BEYOND_SHADE);
            region.setLabelFont(MARKER_FONT);
            region.setLabelPaint(Palette.GREY);
            region.setLabelAnchor(RectangleAnchor.TOP);
            region.setLabelTextAnchor(TextAnchor.TOP_CENTER);
            region.setLabelOffset(new RectangleInsets(6, 6, 6, 6));
            plot.addDomainMarker(region, Layer.BACKGROUND);
        }
        boolean observedElsewhere = curve.observedUpToS() > tier.budgetS() * 1.001;
        budgetMarker(plot, tier.budgetS(), "budget " + Format.seconds(tier.budgetS()), false);
        if (observedElsewhere) {
            ValueMarker furthest = new ValueMarker(curve.observedUpToS(), Palette.GREY, MARKER);
            furthest.setLabel("observed up to " + Format.seconds(curve.observedUpToS()));
            furthest.setLabelFont(MARKER_FONT);
            furthest.setLabelPaint(Palette.GREY);
            furthest.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            furthest.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            furthest.setLabelOffset(new RectangleInsets(22, 6, 6, 6));
            labelGround(furthest);
            plot.addDomainMarker(furthest, Layer.FOREGROUND);
        }
        if (target != null) {
            ValueMarker targetLine = new ValueMarker(target, Palette.GREY, MARKER);
            targetLine.setLabel("target " + Format.rate(target));
            targetLine.setLabelFont(MARKER_FONT);
            targetLine.setLabelPaint(Palette.GREY);
            targetLine.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
            targetLine.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
            labelGround(targetLine);
            plot.addRangeMarker(targetLine, Layer.FOREGROUND);
        }
        return chart(plot, true);
    }

    /**
     * The recommended budget drawn on the target's line: its interval as a bar (series 0), the answer as a diamond
     * (series 1), ticks at the interval's ends (series 2) and, where the cautious end lies beyond the runs or the
     * search, an arrow at the axis' end instead of a tick (series 3): an open end is not a bound.
     */
    private static XYSeriesCollection recommended(ReportData.Recommendation r, double target, double end) {
        XYSeries bar = new XYSeries("interval", false, true);
        XYSeries answer = new XYSeries("answer", false, true);
        XYSeries ticks = new XYSeries("ends", false, true);
        XYSeries open = new XYSeries("open end", false, true);
        double lower = r.budgetS() == null ? r.lowerS() : Math.min(r.lowerS(), r.budgetS());
        bar.add(lower, target);
        ticks.add(lower, target);
        if (r.upperS() != null && r.upperS() <= end) {
            double upper = r.upperS();
            bar.add(upper, target);
            ticks.add(upper, target);
        } else {
            bar.add(end, target);
            open.add(end, target);
        }
        if (r.budgetS() != null) {
            answer.add(r.budgetS().doubleValue(), target);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(bar);
        data.addSeries(answer);
        data.addSeries(ticks);
        data.addSeries(open);
        return data;
    }

    private static XYLineAndShapeRenderer recommendedRenderer(ReportData.Recommendation r) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < 4; i++) {
            renderer.setSeriesPaint(i, Palette.BLUE);
            renderer.setSeriesLinesVisible(i, i == 0);
            renderer.setSeriesShapesVisible(i, i > 0);
        }
        renderer.setSeriesStroke(0, LINE);
        renderer.setSeriesShape(1, DIAMOND);
        renderer.setSeriesShape(2, new Rectangle2D.Double(-1.2, -7, 2.4, 14));
        renderer.setSeriesShape(3, new Polygon(new int[] {-8, 2, -8}, new int[] {-6, 0, 6}, 3));
        return renderer;
    }

    /** Where the budget axis ends: the table's last budget, and far enough to show the recommended budget. */
    private static double budgetAxisEnd(ReportData.Tier tier) {
        List<ReportData.BudgetPoint> points = tier.budgetCurve().points();
        double end = points.isEmpty() ? tier.budgetS() * 2 : points.get(points.size() - 1).budgetS();
        ReportData.Recommendation r = tier.recommendation();
        if (r != null) {
            Double shown = r.budgetS() != null ? r.budgetS() : r.lowerS();
            if (shown != null && shown > end && shown <= SEARCH_SHOWN * end) {
                end = shown * 1.1;
            }
        }
        return end;
    }

    /**
     * Flip rate, flaky-module share and outcome flip rate per tier with their intervals, for the tiers whose modules
     * repeat.
     */
    static JFreeChart repeatability(List<ReportData.Tier> tiers) {
        String[] labels = {"flip rate", "flaky-module share", "outcome flip rate"};
        // Not the outcome colours: a flip is neither a timeout nor a failure.
        Color[] colours = {Palette.BLUE, Palette.SKY_BLUE, Palette.BLACK};
        double[] offsets = {-0.2, 0, 0.2};
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        double top = 0;
        for (int r = 0; r < labels.length; r++) {
            YIntervalSeries series = new YIntervalSeries(labels[r]);
            for (int t = 0; t < tiers.size(); t++) {
                ReportData.Repeatability rep = tiers.get(t).repeatability();
                ReportData.Interval value = switch (r) {
                    case 0 -> rep.flipRate();
                    case 1 -> rep.flakyModules().value();
                    default -> rep.outcomeFlipRate();
                };
                series.add(t + offsets[r], value.estimate(), value.lower(), value.upper());
                top = Math.max(top, value.upper());
            }
            dataset.addSeries(series);
        }
        XYErrorRenderer renderer = intervalRenderer(LINE, 8, true);
        for (int r = 0; r < labels.length; r++) {
            renderer.setSeriesPaint(r, colours[r]);
            renderer.setSeriesShape(r, circle(9));
        }
        SymbolAxis x = new SymbolAxis(null, tiers.stream().map(ReportData.Tier::name).toArray(String[]::new));
        x.setRange(-0.5, tiers.size() - 0.5);
        x.setGridBandsVisible(false);
        NumberAxis y = rateAxis("share");
        y.setRange(0, Math.min(1, Math.max(0.01, top * 1.15)));
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        return chart(plot, true);
    }

    /** How the runs of each module that ran twice or more ended, as shares of those modules per tier. */
    static JFreeChart stability(List<ReportData.Tier> tiers) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (ReportData.Tier tier : tiers) {
            ReportData.Repeatability r = tier.repeatability();
            double m = r.modules();
            dataset.addValue(r.alwaysVerified() / m, STABILITY[0], tier.name());
            dataset.addValue(r.alwaysTimingOut() / m, STABILITY[1], tier.name());
            dataset.addValue(r.alwaysFailing() / m, STABILITY[2], tier.name());
            dataset.addValue(r.mixed() / m, STABILITY[3], tier.name());
        }
        StackedBarRenderer renderer = shareBars();
        renderer.setSeriesPaint(0, Palette.SUCCESS);
        renderer.setSeriesPaint(1, Palette.TIMEOUT);
        renderer.setSeriesPaint(2, Palette.FAIL);
        renderer.setSeriesPaint(3, Palette.YELLOW);
        return horizontalShares(dataset, renderer, "share of modules run twice or more");
    }

    private static double logFloor(ReportData.Tier tier, Double target) {
        double smallest = 1;
        for (ReportData.BudgetPoint point : tier.budgetCurve().points()) {
            if (point.basis() == AnswerBasis.OBSERVED && point.rate() != null && point.rate() > 0) {
                smallest = Math.min(smallest, point.lower() > 0 ? point.lower() : point.rate());
            }
        }
        if (target != null) {
            smallest = Math.min(smallest, target);
        }
        // A decade below the smallest value that matters, and never below 1e-4: the far tail of a fitted family is
        // a guess, not something to spread over the figure.
        return Math.max(1e-4, Math.pow(10, Math.floor(Math.log10(smallest)) - 1));
    }

    /** An answer on a log axis: values below its floor (a zero rate, a band reaching 0) sit on the floor. */
    private static void addClamped(YIntervalSeries series, double x, Double y, Double lower, Double upper,
                                   double floor) {
        if (y == null || lower == null || upper == null) {
            return;
        }
        series.add(x, Math.max(floor, y), Math.max(floor, lower), Math.max(floor, upper));
    }

    private static Shape circle(double diameter) {
        return new Ellipse2D.Double(-diameter / 2, -diameter / 2, diameter, diameter);
    }

    /** Error bars with round marks: filled, or hollow (white inside, so the bar does not run through them). */
    private static XYErrorRenderer intervalRenderer(Stroke stroke, double cap, boolean filled) {
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setCapLength(cap);
        renderer.setErrorStroke(stroke);
        renderer.setDefaultLinesVisible(false);
        renderer.setDefaultShapesFilled(true);
        renderer.setUseOutlinePaint(false);
        renderer.setDrawOutlines(true);
        if (!filled) {
            renderer.setUseFillPaint(true);
            renderer.setDefaultFillPaint(Color.WHITE);
            renderer.setDefaultOutlineStroke(THIN);
        }
        return renderer;
    }

    /**
     * A legend entry: a shape (filled or outlined) and/or a line, in one colour; null leaves either out. Figures
     * with several datasets say what each mark means once, not once per series.
     */
    private static LegendItem legendItem(String label, Paint paint, Shape shape, boolean filled, Stroke stroke,
                                         Shape line) {
        boolean hasShape = shape != null;
        boolean hasLine = stroke != null && line != null;
        LegendItem item = new LegendItem(label, null, null, null, hasShape, hasShape ? shape : SQUARE, filled, paint,
                !filled, paint, THIN, hasLine, hasLine ? line : HORIZONTAL, hasLine ? stroke : THIN, paint);
        item.setLabelFont(LABEL_FONT);
        return item;
    }

    private static Color withAlpha(Color color, float alpha) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), Math.round(alpha * 255));
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
