package io.github.noisecal.calibration.report;

import io.github.noisecal.calibration.acceptance.AcceptanceCheck;
import io.github.noisecal.calibration.acceptance.AcceptanceEnvelope;
import io.github.noisecal.calibration.acceptance.CriterionResult;
import io.github.noisecal.calibration.fit.AnswerBasis;
import io.github.noisecal.calibration.fit.BudgetAnswer;
import io.github.noisecal.calibration.fit.BudgetPoint;
import io.github.noisecal.calibration.fit.CandidateFit;
import io.github.noisecal.calibration.fit.DurationDistributionFit;
import io.github.noisecal.calibration.fit.FittedDistribution;
import io.github.noisecal.calibration.fit.KaplanMeier;
import io.github.noisecal.calibration.fit.SurvivalBand;
import io.github.noisecal.calibration.fit.TimeoutBudgets;
import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.model.TierModules;
import io.github.noisecal.calibration.stats.MeanEstimate;
import io.github.noisecal.calibration.stats.OrderingClaim;
import io.github.noisecal.calibration.stats.RateClustering;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.calibration.stats.Repeatability;
import io.github.noisecal.calibration.stats.TierPairComparison;
import io.github.noisecal.telemetry.Tier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The one place that reads a {@link CalibrationModel} (and raw telemetry) for the report: it turns them into
 * {@link ReportData}, whose values the sections and figures show. A field the model gains reaches the report here.
 */
final class ReportDataReader {

    /** Bins of the duration histogram, between 0 and the budget. */
    static final int HISTOGRAM_BINS = 30;
    /** Points of each fitted survival curve (up to twice the budget) and of the budget curve's finer grid. */
    static final int CURVE_POINTS = 160;
    /** Budgets of the budget curve's table within the observed range. */
    static final int TABLE_STEPS = 20;
    /**
     * Budgets of the table beyond the observed range, as multiples of it: extrapolated up to
     * {@link TimeoutBudgets#EXTRAPOLATION_LIMIT}, beyond the data after; the last is where the figure ends.
     */
    static final double[] BEYOND_FACTORS = {1.25, 1.5, 1.75, 2, 2.5, 3};
    /** A Kaplan-Meier curve with more steps than this is drawn at this many evenly spaced times. */
    static final int MAX_STEPS = 600;
    /** Modules listed as flipping most, per tier. */
    static final int MOST_FLIPPING = 8;

    private ReportDataReader() {
    }

    /** @param raw the model's raw telemetry, already matched to it ({@link RawTelemetry#read}), or null */
    static ReportData read(CalibrationModel model, String title, RawTelemetry raw, List<String> rawSources,
                           Double targetTimeoutRate, AcceptanceEnvelope envelope) {
        CalibrationMetadata metadata = model.metadata();
        double confidence = metadata.confidenceLevel();
        // What `noisecal budget` answers from: every tier's runs and fit, tiers with identical limits for each other.
        List<TimeoutBudgets.Evidence> evidence = model.budgetEvidence(confidence);
        // Tiers are independent: read in parallel, kept in the model's order.
        List<ReportData.Tier> tiers = model.tiers().values().parallelStream()
                .map(tier -> tier(model, evidence, tier, confidence, raw == null ? null : raw.tier(tier.tier()),
                        targetTimeoutRate))
                .toList();
        List<ReportData.Criterion> acceptance = AcceptanceCheck.check(model, envelope).stream()
                .map(ReportDataReader::criterion).toList();
        List<ReportData.InvertedPair> inverted = model.invertedPairs().stream()
                .map(p -> new ReportData.InvertedPair(p.smallerTier(), p.largerTier(), p.pairs(), p.inverted(),
                        p.modules()))
                .toList();
        return new ReportData(title, confidence, metadata.intervalMethod().id(), tiers,
                Optional.ofNullable(model.tierComparisons()).map(ReportDataReader::ordering), inverted,
                metadata.tierRuns().id(), acceptance, metadata(metadata), targetTimeoutRate, rawSources,
                raw == null ? null : raw.match());
    }

    private static ReportData.Tier tier(CalibrationModel model, List<TimeoutBudgets.Evidence> evidence,
                                        TierCalibration tier, double confidence, RawTelemetry.TierRuns runs,
                                        Double target) {
        double budgetMs = tier.timeoutS() * 1000;
        DurationDistributionFit fit = tier.durationDistribution();
        List<ReportData.Rate> outcomes = new ArrayList<>();
        tier.outcomeRates().forEach((code, rate) -> {
            if (rate.successes() > 0) {
                outcomes.add(rate(code, rate, null));
            }
        });
        TimeoutBudgets.Evidence own = evidence.stream().filter(e -> e.tier().equals(tier.tier())).findFirst()
                .orElseThrow();
        ReportData.BudgetCurve curve = budgetCurve(model, own, evidence);
        ReportData.Durations durations = new ReportData.Durations(fit.nEvents(), fit.nCensored(),
                runs == null ? null : histogram(runs, budgetMs),
                runs == null ? observedCurve(curve, tier.timeoutS()) : kaplanMeier(runs, confidence), runs != null,
                families(fit, budgetMs, confidence), fit.best());
        TierModules modules = tier.modules();
        return new ReportData.Tier(tier.tier(), tier.timeoutS(), tier.nSamples(),
                rate("timeout", tier.timeoutRate(), modules.timeout().runs()),
                rate("fail", tier.failRate(), modules.fail().runs()),
                rate("success", tier.successRate(), modules.success().runs()), outcomes, durations, curve,
                target == null ? null : recommendation(own, evidence, target), modules(modules),
                repeatability(tier.repeatability(), runs));
    }

    /** A rate over the population, with the interval over the runs beside it where the two differ. */
    private static ReportData.Rate rate(String label, RateEstimate population, RateEstimate overRuns) {
        return new ReportData.Rate(label, population.successes(), population.trials(), interval(population),
                overRuns == null || overRuns.equals(population) ? null : interval(overRuns));
    }

    private static ReportData.Interval interval(RateEstimate rate) {
        return new ReportData.Interval(rate.rate(), rate.lower(), rate.upper());
    }

    private static ReportData.Modules modules(TierModules modules) {
        return new ReportData.Modules(modules.distinct(), modules.meanRuns(), modules.minRuns(), modules.maxRuns(),
                List.of(clustering("timeout", modules.timeout()), clustering("fail", modules.fail()),
                        clustering("success", modules.success())));
    }

    private static ReportData.Clustering clustering(String rate, RateClustering clustering) {
        return new ReportData.Clustering(rate, clustering.icc(), clustering.designEffect(),
                clustering.effectiveSampleSize());
    }

    /**
     * The tier's timeout rate at other budgets, asked as {@code noisecal budget} asks: at the table's budgets (a
     * twentieth of the observed range apart, the budgets of the tiers that observed, then 1.25 to 3 times the
     * observed range) and on a finer grid for the figure's lines and bands.
     */
    private static ReportData.BudgetCurve budgetCurve(CalibrationModel model, TimeoutBudgets.Evidence own,
                                                      List<TimeoutBudgets.Evidence> evidence) {
        // The runs answer up to the furthest budget a tier with the same verifier limits observed.
        double observedUpTo = 0;
        java.util.TreeSet<Double> tierBudgets = new java.util.TreeSet<>();
        for (TimeoutBudgets.Evidence e : evidence) {
            if (e.limits().equals(own.limits()) && e.observedUpToMs() > 0) {
                observedUpTo = Math.max(observedUpTo, e.observedUpToMs());
                tierBudgets.add(e.observedUpToMs());
            }
        }
        double span = observedUpTo > 0 ? observedUpTo : own.budgetMs();
        java.util.TreeSet<Double> table = new java.util.TreeSet<>(tierBudgets);
        for (int i = 1; i <= TABLE_STEPS; i++) {
            table.add(span * i / TABLE_STEPS);
        }
        for (double factor : BEYOND_FACTORS) {
            table.add(span * factor);
        }
        java.util.TreeSet<Double> fine = new java.util.TreeSet<>(table);
        double end = span * BEYOND_FACTORS[BEYOND_FACTORS.length - 1];
        for (int i = 1; i <= CURVE_POINTS; i++) {
            fine.add(end * i / CURVE_POINTS);
        }
        List<ReportData.BudgetPoint> points = table.stream().map(b -> point(TimeoutBudgets.rateAt(own, evidence, b)))
                .toList();
        List<ReportData.BudgetPoint> curve = fine.stream().map(b -> point(TimeoutBudgets.rateAt(own, evidence, b)))
                .toList();
        // The tier whose fit extrapolates, and where its answers stop being numbers: as the answers themselves say.
        String from = null;
        double anchorMs = observedUpTo;
        for (ReportData.BudgetPoint p : curve) {
            if (p.factor() != null) {
                from = p.sourceTier();
                anchorMs = p.budgetS() * 1000 / p.factor();
                break;
            }
        }
        TierCalibration asked = model.tier(own.tier());
        TierCalibration extrapolating = from == null ? asked : model.tier(from);
        List<String> flags = new ArrayList<>(asked.budgetCurve().notes());
        if (from != null) {
            extrapolating.budgetCurve().notes().forEach(note -> flags.add(extrapolating.tier() + ": " + note));
        }
        return new ReportData.BudgetCurve(asked.budgetCurve().family(),
                extrapolating.budgetCurve().averagedFamilies(), from, anchorMs / 1000,
                TimeoutBudgets.EXTRAPOLATION_LIMIT, flags, points, curve);
    }

    private static ReportData.BudgetPoint point(BudgetPoint p) {
        return new ReportData.BudgetPoint(p.budgetMs() / 1000, p.basis(), p.sourceTier(), p.factor(), p.timeouts(),
                p.rate(), p.lower(), p.upper(), p.modelRate() == null ? null
                : new ReportData.Interval(p.modelRate(), p.modelLower(), p.modelUpper()));
    }

    private static ReportData.Histogram histogram(RawTelemetry.TierRuns runs, double budgetMs) {
        double[] durations = runs.durationsMs();
        boolean[] timedOut = runs.timedOut();
        double top = budgetMs;
        for (int i = 0; i < durations.length; i++) {
            if (!timedOut[i]) {
                top = Math.max(top, durations[i]);
            }
        }
        double width = top / HISTOGRAM_BINS;
        long[] counts = new long[HISTOGRAM_BINS];
        for (int i = 0; i < durations.length; i++) {
            if (!timedOut[i]) {
                counts[Math.min(HISTOGRAM_BINS - 1, (int) (durations[i] / width))]++;
            }
        }
        double[] edges = new double[HISTOGRAM_BINS + 1];
        for (int i = 0; i <= HISTOGRAM_BINS; i++) {
            edges[i] = i * width / 1000;
        }
        return new ReportData.Histogram(edges, counts);
    }

    /**
     * The Kaplan-Meier curve with Greenwood's pointwise band on the log(-log) scale (it stays within [0, 1]), as
     * steps: at most {@link #MAX_STEPS} of them, evenly spaced in time when the curve has more.
     */
    private static ReportData.Curve kaplanMeier(RawTelemetry.TierRuns runs, double confidence) {
        double[] durations = runs.durationsMs();
        KaplanMeier km = KaplanMeier.estimate(durations, runs.timedOut());
        double z = NormalDistribution.of(0, 1).inverseSurvivalProbability((1 - confidence) / 2);
        List<Double> times = new ArrayList<>();
        times.add(0.0);
        double lastEvent = km.size() == 0 ? 0 : km.timeAt(km.size() - 1);
        if (km.size() <= MAX_STEPS) {
            for (int j = 0; j < km.size(); j++) {
                times.add(km.timeAt(j));
            }
        } else {
            for (int i = 1; i <= MAX_STEPS; i++) {
                times.add(lastEvent * i / MAX_STEPS);
            }
        }
        // The curve is known, flat, from the last event to the last observation (the timeouts at the budget).
        double lastObserved = java.util.Arrays.stream(durations).max().orElse(0);
        if (lastObserved > lastEvent) {
            times.add(lastObserved);
        }
        int n = times.size();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int i = 0; i < n; i++) {
            double t = times.get(i);
            double s = km.survival(t);
            double se = km.standardError(t);
            x[i] = t / 1000;
            y[i] = s;
            if (s <= 0 || s >= 1 || se == 0) {
                lower[i] = s;
                upper[i] = s;
            } else {
                double logMinusLog = Math.log(-Math.log(s));
                double spread = z * se / (s * Math.abs(Math.log(s)));
                lower[i] = Math.exp(-Math.exp(logMinusLog + spread));
                upper[i] = Math.exp(-Math.exp(logMinusLog - spread));
            }
        }
        return new ReportData.Curve("Kaplan-Meier", x, y, lower, upper);
    }

    /**
     * Without raw telemetry: the observed (exact) timeout rates of the tier's own runs at the budget curve's table,
     * starting at S(0) = 1.
     */
    private static ReportData.Curve observedCurve(ReportData.BudgetCurve curve, double budgetS) {
        List<ReportData.BudgetPoint> observed = curve.points().stream()
                .filter(p -> p.basis() == AnswerBasis.OBSERVED && p.sourceTier() == null && p.budgetS() <= budgetS)
                .toList();
        int n = observed.size() + 1;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        y[0] = lower[0] = upper[0] = 1;
        for (int i = 1; i < n; i++) {
            ReportData.BudgetPoint p = observed.get(i - 1);
            x[i] = p.budgetS();
            y[i] = p.rate();
            lower[i] = p.lower();
            upper[i] = p.upper();
        }
        return new ReportData.Curve("observed (budget-curve grid)", x, y, lower, upper);
    }

    private static List<ReportData.Family> families(DurationDistributionFit fit, double budgetMs, double confidence) {
        List<ReportData.Family> families = new ArrayList<>();
        for (Map.Entry<String, CandidateFit> entry : fit.candidates().entrySet()) {
            if (entry.getValue() instanceof CandidateFit.Fitted fitted) {
                boolean best = entry.getKey().equals(fit.best());
                families.add(new ReportData.Family(entry.getKey(), parameters(fitted.parameters()), fitted.aic(),
                        fitted.deltaAic(), fitted.weight(), fitted.ksStatistic(), fitted.ksPValue(), null,
                        survival(entry.getKey(), fitted.distribution(), budgetMs, confidence, best)));
            } else {
                families.add(new ReportData.Family(entry.getKey(), "", null, null, null, null, null,
                        ((CandidateFit.NotFitted) entry.getValue()).reason(), null));
            }
        }
        return families;
    }

    /** S(t) from 0 to twice the budget; with its band for the best family only, to keep the figure readable. */
    private static ReportData.Curve survival(String name, FittedDistribution model, double budgetMs, double confidence,
                                             boolean withBand) {
        double[] x = new double[CURVE_POINTS + 1];
        double[] y = new double[CURVE_POINTS + 1];
        double[] lower = withBand ? new double[CURVE_POINTS + 1] : null;
        double[] upper = withBand ? new double[CURVE_POINTS + 1] : null;
        for (int i = 0; i <= CURVE_POINTS; i++) {
            double t = 2 * budgetMs * i / CURVE_POINTS;
            x[i] = t / 1000;
            if (withBand) {
                SurvivalBand band = model.survivalBand(t, confidence);
                y[i] = band.estimate();
                lower[i] = band.lower();
                upper[i] = band.upper();
            } else {
                y[i] = model.survival(t);
            }
        }
        return new ReportData.Curve(name, x, y, lower, upper);
    }

    private static String parameters(Map<String, Double> parameters) {
        return parameters.entrySet().stream()
                .map(e -> e.getKey() + " " + Format.significant(e.getValue(), 4))
                .collect(Collectors.joining(", "));
    }

    private static ReportData.Recommendation recommendation(TimeoutBudgets.Evidence own,
                                                            List<TimeoutBudgets.Evidence> evidence, double target) {
        BudgetAnswer answer = TimeoutBudgets.budgetFor(own, evidence, target);
        return new ReportData.Recommendation(target, answer.basis(), answer.sourceTier(), seconds(answer.budgetMs()),
                seconds(answer.budgetLowerMs()), seconds(answer.budgetUpperMs()), answer.factor(), answer.family(),
                seconds(answer.modelBudgetMs()), answer.notes(), answer.reason());
    }

    /** The model's repeatability, with the modules that flip most when raw telemetry was given. */
    private static ReportData.Repeatability repeatability(Repeatability r, RawTelemetry.TierRuns runs) {
        if (r == null) {
            return null;
        }
        return new ReportData.Repeatability(r.modules(), mean(r.flipRate()), rate("flaky modules",
                r.flakyModuleShare(), null), mean(r.outcomeFlipRate()),
                rate("modules with differing outcomes", r.outcomeFlakyModuleShare(), null), r.alwaysVerified(),
                r.alwaysTimingOut(), r.alwaysFailing(), r.mixed(), runs == null ? List.of() : mostFlipping(runs));
    }

    private static ReportData.Interval mean(MeanEstimate estimate) {
        return new ReportData.Interval(estimate.mean(), estimate.lower(), estimate.upper());
    }

    /**
     * The modules that flip most, from raw telemetry: for a module with r runs of which s succeeded, the share of
     * pairs of runs whose verdicts differ is 2 s (r - s) / (r (r - 1)), as the model's flip rate counts them.
     */
    private static List<ReportData.ModuleFlips> mostFlipping(RawTelemetry.TierRuns runs) {
        List<ReportData.ModuleFlips> flipping = new ArrayList<>();
        for (Map.Entry<String, long[]> entry : runs.modules().entrySet()) {
            long r = entry.getValue()[0];
            long s = entry.getValue()[1];
            if (r >= 2 && s > 0 && s < r) {
                flipping.add(new ReportData.ModuleFlips(entry.getKey(), r, s,
                        2.0 * s * (r - s) / ((double) r * (r - 1))));
            }
        }
        flipping.sort(Comparator.comparingDouble(ReportData.ModuleFlips::flipShare).reversed()
                .thenComparing(Comparator.comparingLong(ReportData.ModuleFlips::runs).reversed())
                .thenComparing(ReportData.ModuleFlips::module));
        return List.copyOf(flipping.subList(0, Math.min(MOST_FLIPPING, flipping.size())));
    }

    private static ReportData.Ordering ordering(OrderingClaim claim) {
        return new ReportData.Ordering(claim.testedOrdering(), claim.claimed(), claim.alpha(), claim.pValue(),
                claim.comparisons().stream().map(ReportDataReader::pair).toList());
    }

    private static ReportData.Pair pair(TierPairComparison c) {
        return new ReportData.Pair(c.tierA(), c.tierB(), c.testName(), c.statistic(), c.pValueOneSided(),
                c.pValueTwoSided(), c.isDegenerate() ? c.degeneracy().id() : null);
    }

    private static ReportData.Criterion criterion(CriterionResult result) {
        return new ReportData.Criterion(result.verdict().label(), result.tier(), result.criterion(), result.detail());
    }

    private static List<ReportData.Labelled> metadata(CalibrationMetadata m) {
        List<ReportData.Labelled> rows = new ArrayList<>();
        rows.add(new ReportData.Labelled("backend", m.backend()));
        rows.add(new ReportData.Labelled("verifier version", m.verifierVersion()));
        rows.add(new ReportData.Labelled("tiers", m.tiers().stream().map(ReportDataReader::tierText)
                .collect(Collectors.joining("; "))));
        rows.add(new ReportData.Labelled("samples per tier", String.valueOf(m.samplesPerTier())));
        rows.add(new ReportData.Labelled("seed", m.seed() == null ? "unknown" : String.valueOf(m.seed())));
        rows.add(new ReportData.Labelled("modules", m.moduleCount() + " (sha256 "
                + (m.modulesSha256() == null ? "unknown" : m.modulesSha256().substring(0, Math.min(16,
                m.modulesSha256().length())) + "…") + ")"));
        rows.add(new ReportData.Labelled("workers", m.workers() == null ? "unknown" : String.valueOf(m.workers())));
        rows.add(new ReportData.Labelled("intervals", Format.percent(m.confidenceLevel()) + " "
                + m.intervalMethod().id()));
        rows.add(new ReportData.Labelled("goodness-of-fit bootstrap", m.bootstrapReplicates() + " replicates"));
        EnvironmentFingerprint env = m.environment();
        if (env == null) {
            rows.add(new ReportData.Labelled("machine", "unknown"));
        } else {
            rows.add(new ReportData.Labelled("machine", env.cpuModel() + ", " + env.logicalCores() + " logical cores, "
                    + String.format(Locale.ROOT, "%.1f GiB", env.totalMemoryBytes() / (double) (1L << 30))));
            rows.add(new ReportData.Labelled("operating system", env.os()));
            rows.add(new ReportData.Labelled("Java", env.javaVersion()));
        }
        rows.add(new ReportData.Labelled("made by", "noisecal " + m.toolVersion() + " at " + m.createdAt()));
        return rows;
    }

    private static String tierText(Tier tier) {
        return tier.name() + " " + Format.seconds(tier.timeoutSeconds())
                + (tier.limits().isEmpty() ? "" : " " + tier.limits());
    }

    private static Double seconds(Double ms) {
        return ms == null ? null : ms / 1000;
    }
}
