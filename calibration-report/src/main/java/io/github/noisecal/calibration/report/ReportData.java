package io.github.noisecal.calibration.report;

import io.github.noisecal.calibration.fit.AnswerBasis;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a report shows, as plain values: the sections and figures read only this, never the model, so a new
 * field of the model is added to the report in {@link ReportDataReader} and the section that shows it. Times are in
 * seconds, rates in [0, 1].
 *
 * @param title             what the report is about (the model file's name)
 * @param confidence        the level of every interval
 * @param intervalMethod    how the rate intervals were computed
 * @param tiers             one entry per tier, in the model's order
 * @param ordering          the test of "shorter budget, more timeouts" across tiers, empty for a single tier
 * @param invertedPairs     for adjacent tiers that ran their own runs, the pairs whose timeouts invert
 * @param tierRuns          how tiers got their runs: {@code independent} or {@code shared}
 * @param acceptance        the acceptance criteria and their verdicts
 * @param metadata          plan, backend, verifier and machine, as labelled values
 * @param targetTimeoutRate the timeout rate a recommended budget was asked for, or null
 * @param rawSources        the raw telemetry files read, empty when none was given
 * @param rawMatch          how the raw telemetry was matched to the model (by plan id, or by budgets and run
 *                          counts only), null when none was given
 */
public record ReportData(String title, double confidence, String intervalMethod, List<Tier> tiers,
                         Optional<Ordering> ordering, List<InvertedPair> invertedPairs, String tierRuns,
                         List<Criterion> acceptance, List<Labelled> metadata, Double targetTimeoutRate,
                         List<String> rawSources, String rawMatch) {

    public ReportData {
        Objects.requireNonNull(title, "title");
        tiers = List.copyOf(tiers);
        Objects.requireNonNull(ordering, "ordering");
        invertedPairs = List.copyOf(invertedPairs);
        acceptance = List.copyOf(acceptance);
        metadata = List.copyOf(metadata);
        rawSources = List.copyOf(rawSources);
    }

    /** Whether raw telemetry was read, so histograms, Kaplan-Meier curves and the modules that flip can be shown. */
    public boolean hasRaw() {
        return !rawSources.isEmpty();
    }

    /**
     * One tier.
     *
     * @param name           the tier's name
     * @param budgetS        its wall-clock budget
     * @param samples        samples in the tier
     * @param timeout        the timeout rate
     * @param fail           the fail rate
     * @param success        the success rate
     * @param outcomes       the outcome codes that occurred, with their rates
     * @param durations      the duration data and fits
     * @param budgetCurve    the timeout rate at other budgets
     * @param recommendation the budget for the target timeout rate, or null when none was asked
     * @param modules        the modules behind the runs and how they cluster
     * @param repeatability  verdict flips across repeated runs of a module, or null when no module ran twice
     */
    public record Tier(String name, double budgetS, long samples, Rate timeout, Rate fail, Rate success,
                       List<Rate> outcomes, Durations durations, BudgetCurve budgetCurve, Recommendation recommendation,
                       Modules modules, Repeatability repeatability) {
        public Tier {
            outcomes = List.copyOf(outcomes);
            Objects.requireNonNull(modules, "modules");
        }

        /** The three headline rates in display order. */
        public List<Rate> headline() {
            return List.of(timeout, fail, success);
        }
    }

    /**
     * A rate with its interval.
     *
     * @param label    what is counted, e.g. {@code timeout} or an outcome code
     * @param count    samples counted
     * @param trials   samples in all
     * @param value    the rate and its interval over the population of proofs the module list samples
     *                 ({@code *_rate_ci}: clustered by module)
     * @param overRuns the interval over exactly these runs ({@code *_rate_ci_runs}) where it differs from
     *                 {@code value} (modules recur); null where they are the same
     */
    public record Rate(String label, long count, long trials, Interval value, Interval overRuns) {
    }

    /** An estimate with its interval; lower &lt;= estimate &lt;= upper. */
    public record Interval(double estimate, double lower, double upper) {
    }

    /**
     * A curve over time, optionally with a band.
     *
     * @param name  the legend label
     * @param x     the abscissae (s), ascending
     * @param y     the values
     * @param lower the band's lower edge, or null for no band
     * @param upper the band's upper edge, or null for no band
     */
    public record Curve(String name, double[] x, double[] y, double[] lower, double[] upper) {
        public Curve {
            Objects.requireNonNull(name, "name");
            if (x.length != y.length || (lower != null && lower.length != x.length)
                    || (upper != null && upper.length != x.length)) {
                throw new IllegalArgumentException("curve " + name + ": arrays of different lengths");
            }
        }

        public boolean hasBand() {
            return lower != null && upper != null;
        }
    }

    /**
     * The durations of one tier.
     *
     * @param finished      runs that finished (not timed out)
     * @param timedOut      wall-clock timeouts (right-censored at the budget)
     * @param histogram     finished runs' durations in equal bins up to the budget, or null without raw telemetry
     * @param kaplanMeier   the Kaplan-Meier survival curve with its pointwise band, from raw telemetry; without it,
     *                      the observed timeout rates of the tier's own runs at the budget curve's grid (exact there:
     *                      every timeout outlasted every smaller budget)
     * @param kaplanMeierFromRaw whether {@code kaplanMeier} comes from raw telemetry
     * @param families      every fitted or unfitted family
     * @param bestFamily    the family with the lowest AIC, or null when none was fitted
     */
    public record Durations(long finished, long timedOut, Histogram histogram, Curve kaplanMeier,
                            boolean kaplanMeierFromRaw, List<Family> families, String bestFamily) {
        public Durations {
            families = List.copyOf(families);
        }
    }

    /**
     * Equal-width bins.
     *
     * @param edges  bin edges (s), one more than the counts
     * @param counts runs per bin
     */
    public record Histogram(double[] edges, long[] counts) {
    }

    /**
     * One fitted duration family.
     *
     * @param family     the family's key
     * @param parameters its parameters as text, e.g. {@code shape 1.54, scale_ms 21520}
     * @param aic        AIC, null when not fitted
     * @param deltaAic   ΔAIC to the best, null when not fitted
     * @param weight     Akaike weight, null when not fitted
     * @param ks         KS distance to the Kaplan-Meier curve, null when not fitted
     * @param ksPValue   its bootstrap p-value, null when not fitted or not bootstrapped
     * @param notFitted  why it was not fitted, null when it was
     * @param survival   its survival curve S(t) with its band, null when not fitted
     */
    public record Family(String family, String parameters, Double aic, Double deltaAic, Double weight, Double ks,
                         Double ksPValue, String notFitted, Curve survival) {
        public boolean fitted() {
            return notFitted == null;
        }
    }

    /**
     * The timeout rate at other budgets, as {@code noisecal budget} answers it: from the runs of this tier, or of a
     * tier with identical verifier limits, wherever they reach; extrapolated by the plausible families up to
     * {@code extrapolationLimit} times the largest observed budget; beyond that only the families' range.
     *
     * @param family             the tier's best family, shown beside the observations as a model only; null when
     *                           none was fitted
     * @param averagedFamilies   the families whose Akaike-weighted tail extrapolates, empty without a fit
     * @param extrapolatedFrom   the tier whose fit extrapolates when it is not this one (identical limits, observed
     *                           further), else null
     * @param observedUpToS      the largest budget the runs answer exactly (this tier's or an identical one's); 0
     *                           without runs
     * @param extrapolationLimit beyond this multiple of {@code observedUpToS} no number is given
     * @param flags              what the model answers must be read with: families that fail their goodness-of-fit
     *                           test, a plausible set the data all reject
     * @param points             the budgets of the table, ascending
     * @param curve              the same answers on a finer grid, for drawing lines and bands
     */
    public record BudgetCurve(String family, List<String> averagedFamilies, String extrapolatedFrom,
                              double observedUpToS, double extrapolationLimit, List<String> flags,
                              List<BudgetPoint> points, List<BudgetPoint> curve) {
        public BudgetCurve {
            averagedFamilies = List.copyOf(averagedFamilies);
            flags = List.copyOf(flags);
            points = List.copyOf(points);
            curve = List.copyOf(curve);
        }

        /** Where the families' range alone is given: past this budget (s). */
        public double beyondDataFromS() {
            return observedUpToS * extrapolationLimit;
        }
    }

    /**
     * The timeout rate at one budget.
     *
     * @param budgetS    the budget
     * @param basis      what the answer rests on
     * @param sourceTier the tier whose runs (observed) or fit (beyond them) answer, when it is not this one
     * @param factor     the budget over the largest observed budget, when beyond it
     * @param timeouts   runs that lasted longer than the budget, when observed exactly
     * @param rate       the answer: observed, or the families' Akaike-weighted average; null beyond the data and
     *                   without an answer
     * @param lower      observed: the interval's lower bound; beyond the runs: the lowest bound of the plausible
     *                   families' bands; null without an answer
     * @param upper      likewise, the upper bound
     * @param model      the tier's best family S(b) with its band, beside the answer as a model only; null without
     *                   a fit
     */
    public record BudgetPoint(double budgetS, AnswerBasis basis, String sourceTier, Double factor, Long timeouts,
                              Double rate, Double lower, Double upper, Interval model) {
        public BudgetPoint {
            Objects.requireNonNull(basis, "basis");
        }
    }

    /**
     * The smallest budget whose timeout rate is at most a target, as {@code noisecal budget} answers it.
     *
     * @param target        the target rate
     * @param basis         what the answer rests on
     * @param sourceTier    the tier whose runs or fit answer, when not this one
     * @param budgetS       the answer; null beyond the data and without an answer
     * @param lowerS        the optimistic end of its interval, null when there is none
     * @param upperS        the cautious end, null when it lies beyond the runs (observed) or the search
     * @param factor        the answer over the largest observed budget, when beyond it
     * @param family        the tier's best family, null when none
     * @param modelBudgetS  where that family alone reaches the target, beside the answer as a model only; null when
     *                      it does not
     * @param notes         what the answer should be read with, as the budget answer gives them
     * @param reason        why there is no budget, null when there is one
     */
    public record Recommendation(double target, AnswerBasis basis, String sourceTier, Double budgetS, Double lowerS,
                                 Double upperS, Double factor, String family, Double modelBudgetS, List<String> notes,
                                 String reason) {
        public Recommendation {
            Objects.requireNonNull(basis, "basis");
            notes = List.copyOf(notes);
        }
    }

    /**
     * The modules behind one tier's runs ({@code modules} in the model file).
     *
     * @param distinct modules with at least one run in the tier
     * @param meanRuns runs per module on average
     * @param minRuns  runs of the module that ran least
     * @param maxRuns  runs of the module that ran most
     * @param rates    how each headline rate clusters by module: timeout, fail, success
     */
    public record Modules(long distinct, double meanRuns, long minRuns, long maxRuns, List<Clustering> rates) {
        public Modules {
            rates = List.copyOf(rates);
        }

        /** Whether some module ran more than once, so that runs cluster. */
        public boolean recur() {
            return maxRuns > 1;
        }
    }

    /**
     * How one rate clusters by module.
     *
     * @param rate         the rate, e.g. {@code timeout}
     * @param icc          the estimated intra-module correlation, null when the runs cannot show it
     * @param designEffect the variance inflation over as many independent runs, at least 1
     * @param effectiveN   runs / design effect: as many independent runs as the tier is worth for this rate
     */
    public record Clustering(String rate, Double icc, double designEffect, double effectiveN) {
    }

    /**
     * Verdict flips across repeated runs of a module in one tier, from the model ({@code repeatability}).
     *
     * @param modules             modules that ran at least twice in the tier
     * @param flipRate            mean over those modules of the share of pairs of their runs whose verdicts differ
     * @param flakyModules        modules whose runs do not all have the same verdict, as a share with its interval
     * @param outcomeFlipRate     the same as {@code flipRate} for outcome codes
     * @param outcomeFlakyModules modules whose runs do not all have the same outcome code
     * @param alwaysVerified      modules whose every run succeeded
     * @param alwaysTimingOut     modules whose every run timed out
     * @param alwaysFailing       modules whose every run failed
     * @param mixed               the other modules
     * @param mostFlipping        the modules that flip most, most first, from raw telemetry; empty without it
     */
    public record Repeatability(long modules, Interval flipRate, Rate flakyModules, Interval outcomeFlipRate,
                                Rate outcomeFlakyModules, long alwaysVerified, long alwaysTimingOut,
                                long alwaysFailing, long mixed, List<ModuleFlips> mostFlipping) {
        public Repeatability {
            mostFlipping = List.copyOf(mostFlipping);
        }
    }

    /**
     * One module's runs in one tier.
     *
     * @param module    the module's name
     * @param runs      its runs
     * @param successes of which succeeded
     * @param flipShare share of pairs of its runs whose verdicts differ
     */
    public record ModuleFlips(String module, long runs, long successes, double flipShare) {
    }

    /**
     * The ordering test across tiers.
     *
     * @param tested      the ordering tested, e.g. {@code FAST > BALANCED > SLOW}
     * @param claimed     whether it is claimed
     * @param alpha       the level
     * @param pValue      the largest adjacent one-sided p-value of the comparisons that are not degenerate; null when
     *                    every comparison is
     * @param comparisons the adjacent pairs
     */
    public record Ordering(String tested, boolean claimed, double alpha, Double pValue, List<Pair> comparisons) {
        public Ordering {
            comparisons = List.copyOf(comparisons);
        }
    }

    /**
     * One adjacent pair of the ordering test.
     *
     * @param degeneracy why the test cannot tell a tier effect from noise by construction (e.g.
     *                   {@code shared_runs}), or null when it can
     */
    public record Pair(String tierA, String tierB, String test, double statistic, double pOneSided,
                       double pTwoSided, String degeneracy) {
    }

    /**
     * Paired runs of two tiers adjacent by budget that timed out at the larger budget but finished at the smaller:
     * run-to-run noise, not a tier effect.
     */
    public record InvertedPair(String smallerTier, String largerTier, long pairs, long inverted, long modules) {
        public double share() {
            return (double) inverted / pairs;
        }
    }

    /** One acceptance criterion; {@code tier} is null for a model-wide one. */
    public record Criterion(String verdict, String tier, String criterion, String detail) {
    }

    /** A labelled value of the metadata table. */
    public record Labelled(String label, String value) {
    }
}
