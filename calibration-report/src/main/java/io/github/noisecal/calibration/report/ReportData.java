package io.github.noisecal.calibration.report;

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
 * @param acceptance        the acceptance criteria and their verdicts
 * @param metadata          plan, backend, verifier and machine, as labelled values
 * @param targetTimeoutRate the timeout rate a recommended budget was asked for, or null
 * @param rawSources        the raw telemetry files read, empty when none was given
 */
public record ReportData(String title, double confidence, String intervalMethod, List<Tier> tiers,
                         Optional<Ordering> ordering, List<Criterion> acceptance, List<Labelled> metadata,
                         Double targetTimeoutRate, List<String> rawSources) {

    public ReportData {
        Objects.requireNonNull(title, "title");
        tiers = List.copyOf(tiers);
        Objects.requireNonNull(ordering, "ordering");
        acceptance = List.copyOf(acceptance);
        metadata = List.copyOf(metadata);
        rawSources = List.copyOf(rawSources);
    }

    /** Whether raw telemetry was read, so histograms, Kaplan-Meier curves and flips can be shown. */
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
     * @param repeatability  verdict flips across repeated runs of a module, or null when no module ran twice
     */
    public record Tier(String name, double budgetS, long samples, Rate timeout, Rate fail, Rate success,
                       List<Rate> outcomes, Durations durations, BudgetCurve budgetCurve, Recommendation recommendation,
                       Repeatability repeatability) {
        public Tier {
            outcomes = List.copyOf(outcomes);
        }

        /** The three headline rates in display order. */
        public List<Rate> headline() {
            return List.of(timeout, fail, success);
        }
    }

    /**
     * A rate with its interval.
     *
     * @param label  what is counted, e.g. {@code timeout} or an outcome code
     * @param count  samples counted
     * @param trials samples in all
     * @param value  the rate and its interval
     */
    public record Rate(String label, long count, long trials, Interval value) {
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
     *                      the observed timeout rates at the budget curve's grid (exact there: every timeout
     *                      outlasted every smaller budget)
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
     * The timeout rate at other budgets.
     *
     * @param family  the model family behind the model columns, null when none
     * @param points  one entry per budget, ascending
     */
    public record BudgetCurve(String family, List<BudgetPoint> points) {
        public BudgetCurve {
            points = List.copyOf(points);
        }
    }

    /**
     * One budget.
     *
     * @param budgetS      the budget
     * @param extrapolated beyond the tier's budget: only the model speaks
     * @param observed     the observed timeout rate at that budget with its interval, null where not exact
     * @param model        the model's rate with its band, null when no model was fitted
     */
    public record BudgetPoint(double budgetS, boolean extrapolated, Interval observed, Interval model) {
    }

    /**
     * The smallest budget whose timeout rate is at most a target.
     *
     * @param target            the target rate
     * @param budgetS           the model's answer, null when it has none
     * @param lowerS            the band's optimistic end, null when there is none
     * @param upperS            the band's cautious end, null when it is not reached
     * @param extrapolated      whether the answer lies beyond the tier's budget
     * @param observedBudgetS   the smallest observed duration that meets the target, null when the data cannot say
     * @param family            the model family, null when none
     * @param reason            why there is no answer, null when there is one
     * @param observedAtS       the budget at which {@code observedAt} was measured: the model's answer itself
     *                          with raw telemetry, else the largest grid budget below it; null when the answer lies
     *                          beyond the observations
     * @param observedAt        the observed timeout rate there with its interval, null like {@code observedAtS}
     */
    public record Recommendation(double target, Double budgetS, Double lowerS, Double upperS, boolean extrapolated,
                                 Double observedBudgetS, String family, String reason, Double observedAtS,
                                 Interval observedAt) {
    }

    /**
     * Verdict flips across repeated runs of a module in one tier (success against anything else).
     *
     * @param source            where the numbers come from, e.g. {@code raw telemetry}
     * @param modulesWithRepeats modules that ran at least twice in the tier
     * @param flakyModules      of those, modules whose runs did not all agree
     * @param flipRate          mean over those modules of the share of pairs of runs that disagree
     * @param mostFlipping      the modules that flip most, most first
     */
    public record Repeatability(String source, long modulesWithRepeats, long flakyModules, double flipRate,
                                List<ModuleFlips> mostFlipping) {
        public Repeatability {
            mostFlipping = List.copyOf(mostFlipping);
        }

        /** Flaky modules among the modules with repeats. */
        public double flakyShare() {
            return modulesWithRepeats == 0 ? 0 : (double) flakyModules / modulesWithRepeats;
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
     * @param pValue      the largest adjacent one-sided p-value
     * @param comparisons the adjacent pairs
     */
    public record Ordering(String tested, boolean claimed, double alpha, double pValue, List<Pair> comparisons) {
        public Ordering {
            comparisons = List.copyOf(comparisons);
        }
    }

    /** One adjacent pair of the ordering test. */
    public record Pair(String tierA, String tierB, String test, double statistic, double pOneSided,
                       double pTwoSided) {
    }

    /** One acceptance criterion; {@code tier} is null for a model-wide one. */
    public record Criterion(String verdict, String tier, String criterion, String detail) {
    }

    /** A labelled value of the metadata table. */
    public record Labelled(String label, String value) {
    }
}
