package io.github.noisecal.calibration.fit;

import io.github.noisecal.calibration.stats.ClusteredRate;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.stats.ModuleSums;
import io.github.noisecal.calibration.stats.RateEstimate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.numbers.rootfinder.BrentSolver;

/**
 * What calibrations say about other budgets: P(timeout at budget b) = P(duration &gt; b) = S(b), answered from the
 * runs wherever they exist, and only then from fitted families.
 *
 * <ol>
 *   <li><b>Observed.</b> A run killed at B &gt;= b certainly ran past b, so up to the budget a tier ran under (its
 *       earliest timeout, if a run was killed sooner) the fraction of runs longer than b is the exact empirical
 *       (Kaplan-Meier) rate. Its interval is the one the headline rates get ({@link ClusteredRate}): over the
 *       population of proofs the module list samples, with the design effect of the runs' module clustering at b
 *       (from which of each module's runs outlasted b, {@link ObservedDurations#exceedingByModule}); when every
 *       module ran once it is the interval method's over the runs. Tiers whose verifier limits are identical
 *       ({@code Tier.limits()} equal) run the same verifier and differ only in when it is killed, so a budget one of
 *       them covered is answered from its runs for all of them: the tier asked about first, then the others by
 *       budget. The best fitted family's S(b) is shown beside, as a model.</li>
 *   <li><b>Extrapolated.</b> Beyond the largest observed budget B* only a model speaks, and only for the tail: the
 *       answer is the observed rate at B* times a family's conditional survival beyond it, S(b)/S(B*), so it meets
 *       the runs at B* instead of contradicting them. Which family matters as much as the data (at 2B* lognormal
 *       and Weibull fits of the same runs can differ 2.6-fold), so the answer averages the plausible families —
 *       those within ΔAIC {@value #PLAUSIBLE_DELTA_AIC} of the best (Burnham and Anderson: beyond that, essentially
 *       no support) that their goodness-of-fit test does not reject at 5 % — by Akaike weight, and its band is the
 *       envelope of their bands (each the delta method for the spliced rate, the binomial error at B* included,
 *       inflated by the design effect there): the
 *       lowest lower and the highest upper bound, the upper never above the runs' own upper bound at B*, since the
 *       rate cannot grow with the budget. The band thus covers the choice of family as well as sampling error; with
 *       the family chosen by AIC alone, coverage at 2B* fell to 0.83-0.87 (0.95 with the true family). The factor
 *       b/B* is reported; the fit used is that of the tier, among those with identical limits, that observed
 *       furthest.</li>
 *   <li><b>Beyond the data.</b> Past {@value #EXTRAPOLATION_LIMIT} B* the families' tails are guesses: the answer
 *       gives no number, only the envelope.</li>
 * </ol>
 * A family rejected by its test is flagged; when every plausible family is rejected, the extrapolated number still
 * comes from them, flagged, but its interval is only what the runs guarantee: from 0 to their upper bound at B*,
 * since a timeout rate cannot grow with the budget. Every band is pointwise.
 *
 * <p>A budget for a target rate follows the same curve: the answer and each end of its interval are the first budget
 * where the rate, its lower or its upper bound reaches the target; inside the runs from their interval, beyond them
 * from the families'. So the optimistic end is never earlier than where the runs' own lower bound reaches the
 * target, whatever the families' flags; when that bound does not reach it inside the runs, the optimistic end lies
 * beyond B*. A budget is the smallest at which rateAt says so: where a bound first reaches the target just past the
 * runs' reach (or past one tier's runs, where the next tier's take over), it is the next double above that reach.
 * Clustered bounds need not fall monotonically with the budget (a run ending can make the remaining ones cluster
 * less), so there the first crossing is searched run by run, between the first budgets where the bounds over the
 * runs reach the target, which bracket it: the clustered interval always holds the one over the runs.
 */
public final class TimeoutBudgets {

    /** Budgets in the default grid up to B. */
    public static final int GRID_POINTS = 20;
    /** Beyond this multiple of the largest observed budget an answer gives the families' envelope, not a number. */
    public static final double EXTRAPOLATION_LIMIT = 2;
    /** Families further than this from the best AIC are not averaged. */
    public static final double PLAUSIBLE_DELTA_AIC = 10;
    /** Families whose goodness-of-fit test rejects at this level are not averaged. */
    public static final double GOODNESS_OF_FIT_LEVEL = FitOptions.GOODNESS_OF_FIT_PASS_AT;
    /** Budget searches stop at this multiple of the largest observed budget. */
    public static final double SEARCH_CAP_FACTOR = 10;

    private TimeoutBudgets() {
    }

    /**
     * What one tier's runs and fit say: the input of every question.
     *
     * @param tier       the tier's name
     * @param limits     its verifier limits ({@code Tier.limits()}); tiers with equal limits answer for each other
     * @param budgetMs   the budget its runs ran under
     * @param fit        its duration fit, with its observations; null when the tier has none
     * @param confidence level of every interval
     * @param method     interval method of the observed rates
     */
    public record Evidence(String tier, Map<String, String> limits, double budgetMs, DurationDistributionFit fit,
                           double confidence, IntervalMethod method) {
        public Evidence {
            Objects.requireNonNull(tier, "tier");
            limits = Map.copyOf(Objects.requireNonNull(limits, "limits"));
            Objects.requireNonNull(method, "method");
            checkBudget(budgetMs, "budgetMs");
            FittedDistribution.zFor(confidence);
        }

        /** The largest budget the runs answer exactly: the budget, or the earliest timeout; 0 without runs. */
        public double observedUpToMs() {
            if (fit == null || fit.observed() == null || fit.observed().size() == 0) {
                return 0;
            }
            return Math.min(budgetMs, fit.observed().earliestCensoredMs());
        }

        boolean hasModel() {
            return fit != null && fit.best() != null;
        }
    }

    /**
     * The default budgets: B/20, 2B/20, ..., B (20 points) followed by 1.25B, 1.5B, 1.75B and 2B.
     */
    public static List<Double> defaultGrid(double calibrationBudgetMs) {
        checkBudget(calibrationBudgetMs, "calibrationBudgetMs");
        List<Double> grid = new ArrayList<>();
        for (int i = 1; i <= GRID_POINTS; i++) {
            grid.add(i == GRID_POINTS ? calibrationBudgetMs : calibrationBudgetMs * i / GRID_POINTS);
        }
        for (double factor : new double[] {1.25, 1.5, 1.75, 2}) {
            grid.add(calibrationBudgetMs * factor);
        }
        return List.copyOf(grid);
    }

    /**
     * A tier's curve from its own runs and fit alone, as a model file stores it.
     *
     * @throws IllegalArgumentException for a budget that is not positive and finite
     */
    public static BudgetCurve curve(Evidence tier, List<Double> budgetsMs) {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(budgetsMs, "budgetsMs");
        List<BudgetPoint> points = new ArrayList<>();
        for (Double budget : budgetsMs) {
            if (budget == null) {
                throw new IllegalArgumentException("budgetsMs contains null");
            }
            points.add(rateAt(tier, List.of(tier), budget).stored());
        }
        List<String> averaged = tier.hasModel() ? Ensemble.of(tier.fit()).names : List.of();
        return new BudgetCurve(tier.hasModel() ? tier.fit().best() : null, averaged, tier.budgetMs(),
                tier.observedUpToMs(), EXTRAPOLATION_LIMIT,
                tier.fit() == null || tier.fit().observed() == null ? 0 : (int) tier.fit().observed().size(),
                tier.confidence(), modelNotes(tier), points);
    }

    /**
     * The timeout rate of {@code tier} at {@code budgetMs}, from the runs of the tiers in {@code model} with identical
     * limits where one observed that budget, otherwise from the plausible families (see the class comment).
     *
     * @param model every tier of the model, {@code tier} among them or not
     * @throws IllegalArgumentException for a budget that is not positive and finite
     */
    public static BudgetPoint rateAt(Evidence tier, List<Evidence> model, double budgetMs) {
        checkBudget(budgetMs, "budget");
        List<String> notes = new ArrayList<>();
        SurvivalBand beside = tier.hasModel() ? tier.fit().model(tier.fit().best()).survivalBand(budgetMs,
                tier.confidence()) : null;
        Double modelRate = beside == null ? null : beside.estimate();
        Double modelLower = beside == null ? null : beside.lower();
        Double modelUpper = beside == null ? null : beside.upper();
        for (Segment segment : segments(tier, model)) {
            if (segment.covers(budgetMs)) {
                Evidence source = segment.source();
                ObservedDurations observed = source.fit().observed();
                ObservedDurations.Exceeding exceeding = observed.exceeding(budgetMs);
                RateEstimate least = observedRate(observed, budgetMs, false, tier);
                RateEstimate most = observedRate(observed, budgetMs, true, tier);
                if (source != tier) {
                    notes.add("observed in " + source.tier() + " (" + observed.size() + " runs, identical verifier "
                            + "limits, budget " + seconds(source.budgetMs()) + ")");
                }
                if (!exceeding.exact()) {
                    notes.add("the model file keeps these durations in bins of " + observed.binMs() + " ms: between "
                            + exceeding.least() + " and " + exceeding.most() + " runs lasted longer");
                }
                if (beside != null) {
                    notes.add("beside it, as a model only: " + tier.fit().best() + " S(b) = " + rate(modelRate)
                            + goodnessOfFitClause(tier.fit().bestFit().orElseThrow()));
                }
                String clustering = clusteringNote(observed, budgetMs, tier);
                if (clustering != null) {
                    notes.add(clustering);
                }
                return new BudgetPoint(budgetMs, AnswerBasis.OBSERVED, source == tier ? null : source.tier(), null,
                        exceeding.exact() ? exceeding.least() : null,
                        (exceeding.least() + exceeding.most()) / 2.0 / observed.size(), least.lower(), most.upper(),
                        modelRate, modelLower, modelUpper, notes);
            }
        }
        Evidence source = modelSource(tier, model);
        if (source == null) {
            notes.add(missing(tier, model, budgetMs));
            return new BudgetPoint(budgetMs, AnswerBasis.NO_ANSWER, null, null, null, null, null, null, null, null,
                    null, notes);
        }
        double observedUpTo = source.observedUpToMs() > 0 ? source.observedUpToMs() : source.budgetMs();
        double factor = budgetMs / observedUpTo;
        Ensemble ensemble = Ensemble.of(source.fit(), Anchor.of(source, tier));
        double[] envelope = ensemble.envelope(budgetMs, tier.confidence());
        boolean within = factor <= EXTRAPOLATION_LIMIT;
        notes.add(String.format(Locale.ROOT, "%s %.2fx beyond the largest observed budget (%s%s)",
                within ? "extrapolated" : "beyond the data:", factor, seconds(observedUpTo),
                source == tier ? "" : ", " + source.tier() + ", identical verifier limits"));
        notes.add(within ? "the observed rate at " + seconds(observedUpTo) + " times the tail of "
                + String.join(", ", ensemble.names) + " (Akaike-weighted); band: the envelope of their bands"
                : "past " + number(EXTRAPOLATION_LIMIT) + "x no number: the range of " + String.join(", ",
                ensemble.names));
        if (ensemble.anchor != null && ensemble.anchor.exceeding() == 0) {
            notes.add("no run lasted past " + seconds(observedUpTo) + ": the rate beyond is at most the upper bound "
                    + "there, " + rate(ensemble.anchor.upperBound()));
        } else if (ensemble.anchor != null && ensemble.allRejected) {
            notes.add("the interval is only what the runs guarantee, 0 to the upper bound at " + seconds(observedUpTo)
                    + ": the rate cannot grow with the budget, and no family that fits the runs says more");
        }
        notes.addAll(modelNotes(source));
        Double average = within ? ensemble.average(budgetMs) : null;
        // The average lies inside the envelope but for rounding (weights summing to 1 - ulp).
        double lower = average == null ? envelope[0] : Math.min(envelope[0], average);
        double upper = average == null ? envelope[1] : Math.max(envelope[1], average);
        return new BudgetPoint(budgetMs, within ? AnswerBasis.EXTRAPOLATED : AnswerBasis.BEYOND_DATA,
                source == tier ? null : source.tier(), factor, null, average, lower, upper, modelRate, modelLower,
                modelUpper, notes);
    }

    /**
     * The smallest budget at which {@code tier}'s timeout rate is at most {@code targetRate}: from the runs of the
     * tiers with identical limits where they reach it, otherwise from the plausible families.
     *
     * @throws IllegalArgumentException for a target outside (0, 1)
     */
    public static BudgetAnswer budgetFor(Evidence tier, List<Evidence> model, double targetRate) {
        if (!(targetRate > 0 && targetRate < 1)) {
            throw new IllegalArgumentException("targetRate must lie in (0, 1), got " + targetRate);
        }
        List<String> notes = new ArrayList<>();
        String family = tier.hasModel() ? tier.fit().best() : null;
        Double modelBudget = null;
        Evidence source = modelSource(tier, model);
        double cap = SEARCH_CAP_FACTOR * Math.max(tier.budgetMs(), sources(tier, model).stream()
                .mapToDouble(Evidence::observedUpToMs).max().orElse(0));
        if (family != null) {
            FittedDistribution best = tier.fit().model(family);
            modelBudget = best.survival(cap) <= targetRate ? crossing(best::survival, targetRate, 0, cap) : null;
            notes.add("beside it, as a model only: " + family + (modelBudget == null ? " does not reach it by "
                    + seconds(cap) : " reaches it at " + seconds(modelBudget))
                    + goodnessOfFitClause(tier.fit().bestFit().orElseThrow()));
        }
        // Each of the answer and the ends of its interval is the smallest budget where rateAt's rate, lower or upper
        // bound reaches the target: inside the runs from the runs, as rateAt answers there, beyond them from the
        // families.
        List<Segment> segments = segments(tier, model);
        double reach = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).toMs();
        Found observed = Bound.RATE.firstObserved(segments, tier, targetRate);
        Found optimisticObserved = Bound.LOWER.firstObserved(segments, tier, targetRate);
        Found cautiousObserved = Bound.UPPER.firstObserved(segments, tier, targetRate);
        if (observed != null) {
            Evidence from = observed.source();
            if (from != tier) {
                notes.add(0, "observed in " + from.tier() + " (identical verifier limits, budget "
                        + seconds(from.budgetMs()) + ")");
            }
            if (observed.before() != null) {
                notes.add(1, "just past " + seconds(observed.budgetMs()) + ": up to there " + observed.before().tier()
                        + "'s runs answer, and they do not reach the target");
            }
            for (Found end : new Found[] {optimisticObserved, cautiousObserved}) {
                if (end != null && end.source() != from) {
                    notes.add("the interval's " + (end == optimisticObserved ? "optimistic" : "cautious") + " end "
                            + "from the runs of " + (end.source() == tier ? tier.tier() : end.source().tier()
                            + " (identical verifier limits)") + ", which answer at that budget");
                }
            }
            if (cautiousObserved == null) {
                notes.add("the interval's cautious end lies beyond the observed " + seconds(reach)
                        + ": the runs cannot rule out a longer budget");
            }
            return new BudgetAnswer(targetRate, AnswerBasis.OBSERVED, from == tier ? null : from.tier(),
                    observed.budgetMs(), optimisticObserved.budgetMs(),
                    cautiousObserved == null ? null : cautiousObserved.budgetMs(), null, family, modelBudget, notes,
                    null);
        }
        if (source == null) {
            return new BudgetAnswer(targetRate, AnswerBasis.NO_ANSWER, null, null, null, null, null, family,
                    modelBudget, notes, missingForTarget(tier, model, targetRate));
        }
        double observedUpTo = source.observedUpToMs() > 0 ? source.observedUpToMs() : source.budgetMs();
        Ensemble ensemble = Ensemble.of(source.fit(), Anchor.of(source, tier));
        // The runs do not reach the target anywhere they answer, so the answer and its cautious end lie beyond them.
        // The families speak only there (below it their envelope is the band at observedUpTo again, or the 0 of
        // the fallback), so every search over them starts where the runs stop; the bounds are those rateAt reports.
        double floor = Math.max(reach, observedUpTo);
        DoubleUnaryOperator lowerBound = b -> Math.min(ensemble.envelope(b, tier.confidence())[0],
                ensemble.average(b));
        DoubleUnaryOperator upperBound = b -> Math.max(ensemble.envelope(b, tier.confidence())[1],
                ensemble.average(b));
        Double average = ensemble.average(cap) <= targetRate
                ? beyondRuns(crossing(ensemble::average, targetRate, floor, cap), floor, reach) : null;
        Double cautious = upperBound.applyAsDouble(cap) <= targetRate
                ? beyondRuns(crossing(upperBound, targetRate, floor, cap), floor, reach) : null;
        // The optimistic end: where the runs' lower bound reaches the target, when it does inside them; only
        // otherwise where the families' lowest bound does beyond them.
        Double optimistic;
        if (optimisticObserved != null) {
            optimistic = optimisticObserved.budgetMs();
        } else {
            optimistic = lowerBound.applyAsDouble(cap) <= targetRate
                    ? beyondRuns(crossing(lowerBound, targetRate, floor, cap), floor, reach) : null;
        }
        // Ends that bracket the answer despite the solver's tolerance.
        if (average != null) {
            optimistic = optimistic == null ? average : Math.min(optimistic, average);
            cautious = cautious == null ? null : Math.max(cautious, average);
        }
        String from = source == tier ? "" : " (" + source.tier() + "'s fit, identical verifier limits)";
        notes.addAll(modelNotes(source));
        if (average != null && average <= EXTRAPOLATION_LIMIT * observedUpTo) {
            notes.add(0, String.format(Locale.ROOT, "extrapolated %.2fx beyond the largest observed budget (%s)%s: "
                            + "the observed rate there times the tail of %s (Akaike-weighted)", average / observedUpTo,
                    seconds(observedUpTo), from, String.join(", ", ensemble.names)));
            return new BudgetAnswer(targetRate, AnswerBasis.EXTRAPOLATED, source == tier ? null : source.tier(),
                    average, optimistic, cautious, average / observedUpTo, family, modelBudget, notes, null);
        }
        String where = average == null ? "not even by " + seconds(cap) + " (" + number(SEARCH_CAP_FACTOR) + "x)"
                : String.format(Locale.ROOT, "only at about %.1fx", average / observedUpTo);
        String reason = String.format(Locale.ROOT, "beyond the data: the runs reach a timeout rate of %s nowhere up to "
                        + "%s, and the plausible families (%s)%s reach it %s, past the %sx limit of extrapolation",
                rate(targetRate), seconds(observedUpTo), String.join(", ", ensemble.names), from, where,
                number(EXTRAPOLATION_LIMIT));
        return new BudgetAnswer(targetRate, AnswerBasis.BEYOND_DATA, source == tier ? null : source.tier(), null,
                optimistic, cautious, average == null ? null : average / observedUpTo, family, modelBudget, notes,
                reason);
    }

    /**
     * A crossing at the end of the runs' reach is reached only just beyond it: at the reach itself the runs answer,
     * and they do not reach the target there.
     */
    private static double beyondRuns(double crossing, double floor, double reach) {
        return crossing == floor && reach > 0 && floor == reach ? Math.nextUp(reach) : crossing;
    }

    /**
     * The runs that answer for budgets in (fromMs, toMs], as rateAt answers: the tier's own up to their reach, then
     * each tier with identical limits, by budget, beyond the reach of those before it.
     */
    private record Segment(Evidence source, double fromMs, double toMs) {
        boolean covers(double budgetMs) {
            return budgetMs > fromMs && budgetMs <= toMs;
        }
    }

    private static List<Segment> segments(Evidence tier, List<Evidence> model) {
        List<Segment> segments = new ArrayList<>();
        double reached = 0;
        for (Evidence source : sources(tier, model)) {
            double to = source.observedUpToMs();
            if (to > reached) {
                segments.add(new Segment(source, reached, to));
                reached = to;
            }
        }
        return segments;
    }

    /**
     * A budget found in the runs, and whose runs answer there; {@code before} names the runs that answer up to just
     * before it when it lies just past their reach (they do not reach the target there although these do), else null.
     */
    private record Found(double budgetMs, Evidence source, Evidence before) {
    }

    /** What must reach the target: the runs' rate (its upper end when binned), or a bound of its interval. */
    private enum Bound {
        RATE, LOWER, UPPER;

        /**
         * Whether this reaches the target at the budget: with the interval rateAt answers ({@code clustered}), or
         * with the interval over the runs, which the clustered one always holds.
         */
        boolean reaches(ObservedDurations observed, double budgetMs, Evidence asked, double target,
                        boolean clustered) {
            ObservedDurations.Exceeding exceeding = observed.exceeding(budgetMs);
            long n = observed.size();
            ModuleSums sums = clustered && this != RATE ? observed.exceedingByModule(budgetMs, this == UPPER) : null;
            if (sums != null) {
                // observedRate's bound, decided without computing it to the last bit.
                return ClusteredRate.boundAtMost(sums, asked.confidence(), asked.method(), this == UPPER, target);
            }
            return switch (this) {
                case RATE -> exceeding.most() / (double) n <= target;
                case LOWER -> RateEstimate.of(exceeding.least(), n, asked.confidence(), asked.method()).lower()
                        <= target;
                case UPPER -> RateEstimate.of(exceeding.most(), n, asked.confidence(), asked.method()).upper()
                        <= target;
            };
        }

        /**
         * The smallest budget in the runs' reach where this reaches the target, segment by segment; null when it
         * does nowhere. The rate falls only at event times, so inside a segment the crossing is an event time, or
         * the segment's start when the next tier's runs already reach it there (just beyond it: at the start itself
         * the runs before answer).
         */
        Found firstObserved(List<Segment> segments, Evidence asked, double target) {
            Evidence before = null;
            for (Segment segment : segments) {
                ObservedDurations observed = segment.source().fit().observed();
                if (segment.fromMs() > 0 && reaches(observed, segment.fromMs(), asked, target, true)) {
                    return new Found(Math.nextUp(segment.fromMs()), segment.source(), before);
                }
                before = segment.source();
                double[] times = observed.eventTimesMs();
                int lo = segment.fromMs() > 0 ? firstAbove(times, segment.fromMs()) : 0;
                int end = firstAbove(times, segment.toMs());
                int found = monotone(observed) ? bisect(observed, times, lo, end, asked, target, true)
                        : searchClustered(observed, times, lo, end, asked, target);
                if (found >= 0) {
                    return new Found(times[found], segment.source(), null);
                }
            }
            return null;
        }

        /**
         * Whether this is monotone in the budget: the rate always, and each bound over the runs, being monotone in
         * the count; a clustered bound only when nothing clusters.
         */
        private boolean monotone(ObservedDurations observed) {
            return this == RATE || observed.byModule() == null || observed.byModule().allSingletons();
        }

        /** The first of times[lo..end) where this reaches the target, by bisection of a monotone bound; -1 if none. */
        private int bisect(ObservedDurations observed, double[] times, int lo, int end, Evidence asked, double target,
                           boolean clustered) {
            if (lo == end || !reaches(observed, times[end - 1], asked, target, clustered)) {
                return -1;
            }
            int hi = end - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (reaches(observed, times[mid], asked, target, clustered)) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }

        /**
         * The first of times[lo..end) where a clustered bound reaches the target, run by run in the bracket the
         * bounds over the runs give: the clustered lower bound is at most theirs, so it reaches the target no later
         * than they do; the clustered upper bound is at least theirs, so no earlier.
         */
        private int searchClustered(ObservedDurations observed, double[] times, int lo, int end, Evidence asked,
                                    double target) {
            int overRuns = bisect(observed, times, lo, end, asked, target, false);
            int from = this == UPPER ? overRuns : lo;
            int to = this == UPPER ? end : overRuns >= 0 ? overRuns + 1 : end;
            if (from < 0) {
                return -1;
            }
            for (int i = from; i < to; i++) {
                if (reaches(observed, times[i], asked, target, true)) {
                    return i;
                }
            }
            return -1;
        }

        /** Index of the first time above {@code ms} in ascending {@code times}. */
        private static int firstAbove(double[] times, double ms) {
            int lo = 0;
            int hi = times.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] <= ms) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /**
     * The runs' rate at {@code budgetMs}, with the interval the headline rates get: over the population of proofs,
     * clustered by module at that budget ({@link ClusteredRate}); over the runs when the observations do not say
     * which module each came from.
     *
     * @param possibly count the runs possibly longer (a budget inside a bin), not those certainly longer
     */
    static RateEstimate observedRate(ObservedDurations observed, double budgetMs, boolean possibly, Evidence asked) {
        ModuleSums sums = observed.exceedingByModule(budgetMs, possibly);
        if (sums == null) {
            ObservedDurations.Exceeding exceeding = observed.exceeding(budgetMs);
            return RateEstimate.of(possibly ? exceeding.most() : exceeding.least(), observed.size(),
                    asked.confidence(), asked.method());
        }
        return ClusteredRate.of(sums, asked.confidence(), asked.method()).population();
    }

    /** What an observed answer's interval is over, when that is not simply the interval over independent runs. */
    private static String clusteringNote(ObservedDurations observed, double budgetMs, Evidence asked) {
        ObservedDurations.ByModule byModule = observed.byModule();
        if (byModule == null) {
            return "the observations do not say which module each run came from: the interval is over these runs,"
                    + " as if each were an independent proof";
        }
        if (byModule.allSingletons()) {
            return null;
        }
        ClusteredRate clustered = ClusteredRate.of(observed.exceedingByModule(budgetMs, false), asked.confidence(),
                asked.method());
        return String.format(Locale.ROOT, "interval over proofs: %d runs of %d modules, clustered by module (design "
                + "effect %.2f at this budget; over these runs [%s, %s])", observed.size(), byModule.modules(),
                clustered.clustering().designEffect(), rate(clustered.clustering().runs().lower()),
                rate(clustered.clustering().runs().upper()));
    }

    /**
     * The runs' rate at the largest budget they observed, which extrapolations start from.
     *
     * @param atMs         that budget, B*
     * @param exceeding    runs longer than B*
     * @param samples      all runs
     * @param upperBound   the upper bound at B*, as rateAt answers there: no rate beyond B* can exceed the rate at B*
     * @param designEffect the module clustering's design effect at B* (1 when every module ran once): the variance
     *                     of the runs' rate there is that many times the binomial one
     */
    private record Anchor(double atMs, long exceeding, long samples, double upperBound, double designEffect) {

        /** Null when the source holds no runs (a fit rebuilt without them). */
        static Anchor of(Evidence source, Evidence asked) {
            double at = source.observedUpToMs();
            if (at <= 0) {
                return null;
            }
            ObservedDurations observed = source.fit().observed();
            ObservedDurations.Exceeding exceeding = observed.exceeding(at);
            double upper = observedRate(observed, at, true, asked).upper();
            ModuleSums sums = observed.exceedingByModule(at, false);
            double designEffect = sums == null ? 1
                    : ClusteredRate.of(sums, asked.confidence(), asked.method()).clustering().designEffect();
            return new Anchor(at, exceeding.least(), observed.size(), upper, designEffect);
        }
    }

    /** The plausible families of one fit, with their Akaike weights renormalised among them. */
    private static final class Ensemble {
        final List<String> names = new ArrayList<>();
        final List<FittedDistribution> models = new ArrayList<>();
        final List<Double> weights = new ArrayList<>();
        boolean allRejected;
        Anchor anchor;

        static Ensemble of(DurationDistributionFit fit) {
            return of(fit, null);
        }

        static Ensemble of(DurationDistributionFit fit, Anchor anchor) {
            List<CandidateFit.Fitted> supported = fit.fitted().stream()
                    .filter(f -> f.deltaAic() <= PLAUSIBLE_DELTA_AIC).toList();
            List<CandidateFit.Fitted> passing = supported.stream().filter(f -> !rejected(f)).toList();
            Ensemble ensemble = new Ensemble();
            ensemble.anchor = anchor;
            ensemble.allRejected = passing.isEmpty();
            double sum = 0;
            for (CandidateFit.Fitted f : passing.isEmpty() ? supported : passing) {
                ensemble.names.add(f.family().key());
                ensemble.models.add(fit.model(f.family().key()));
                ensemble.weights.add(f.weight());
                sum += f.weight();
            }
            for (int i = 0; i < ensemble.weights.size(); i++) {
                ensemble.weights.set(i, ensemble.weights.get(i) / sum);
            }
            return ensemble;
        }

        /** The Akaike-weighted average of the families' rates, spliced onto the anchor when there is one. */
        double average(double budgetMs) {
            if (anchor != null && anchor.exceeding() == 0) {
                return 0;
            }
            double sum = 0;
            for (int i = 0; i < models.size(); i++) {
                FittedDistribution model = models.get(i);
                sum += weights.get(i) * (anchor == null ? model.survival(budgetMs)
                        : (double) anchor.exceeding() / anchor.samples()
                        * Math.exp(-(model.cumulativeHazard(budgetMs) - model.cumulativeHazard(anchor.atMs()))));
            }
            // Weights add up to 1 only to rounding.
            return Math.min(1, Math.max(0, sum));
        }

        /**
         * {lowest lower bound, highest upper bound} of the families' bands at b (at B* for a budget before it). When
         * the data reject every plausible family, no family's band is trusted: only what the runs guarantee remains,
         * [0, the upper bound at B*], since the rate cannot grow with the budget. Before B* the runs' own interval is
         * the answer's, and this one must not replace it: its lower end there (that of B*, or 0) is one the runs
         * contradict, so budget searches over it start at B*.
         */
        double[] envelope(double budgetMs, double confidence) {
            if (anchor != null && (anchor.exceeding() == 0 || allRejected)) {
                return new double[] {0, anchor.upperBound()};
            }
            double lower = 1;
            double upper = 0;
            for (FittedDistribution model : models) {
                SurvivalBand band = anchor == null ? model.survivalBand(budgetMs, confidence)
                        : model.splicedBand(anchor.atMs(), anchor.exceeding(), anchor.samples(),
                        anchor.designEffect(), Math.max(budgetMs, anchor.atMs()), confidence);
                lower = Math.min(lower, band.lower());
                upper = Math.max(upper, band.upper());
            }
            if (anchor != null) {
                upper = Math.min(upper, anchor.upperBound());
                lower = Math.min(lower, upper);
            }
            return new double[] {lower, upper};
        }
    }

    /** A family's test rejects it at 5 % beyond Monte Carlo error. */
    private static boolean rejected(CandidateFit.Fitted fitted) {
        return fitted.ksBootstrap() != null
                && fitted.ksBootstrap().decide(GOODNESS_OF_FIT_LEVEL) == BootstrapPValue.Decision.REJECTED;
    }

    /** The flags a fit's answers carry: the best family's test, and a plausible set the data all reject. */
    private static List<String> modelNotes(Evidence tier) {
        if (!tier.hasModel()) {
            return List.of();
        }
        Set<String> notes = new LinkedHashSet<>();
        CandidateFit.Fitted best = tier.fit().bestFit().orElseThrow();
        String bestNote = goodnessOfFitNote(best);
        if (!bestNote.isEmpty()) {
            notes.add(tier.fit().best() + bestNote);
        }
        Ensemble ensemble = Ensemble.of(tier.fit());
        if (ensemble.allRejected && ensemble.names.size() > 0) {
            notes.add("every plausible family (" + String.join(", ", ensemble.names) + ") fails its goodness-of-fit "
                    + "test: answers beyond the runs rest on models the data reject");
        }
        return List.copyOf(notes);
    }

    /** ", which fails its goodness-of-fit test at 5 % (bootstrap p < 0.005 ...)", or "" when it passes. */
    private static String goodnessOfFitNote(CandidateFit.Fitted fitted) {
        BootstrapPValue p = fitted.ksBootstrap();
        if (p == null) {
            return " (not tested for goodness of fit: no bootstrap replicates)";
        }
        return switch (p.decide(GOODNESS_OF_FIT_LEVEL)) {
            case NOT_REJECTED -> "";
            case REJECTED -> " fails its goodness-of-fit test at 5 %: bootstrap p " + prefixed(p.describe());
            case UNDECIDED -> " has an undecided goodness-of-fit test at 5 %: bootstrap p " + prefixed(p.describe());
        };
    }

    /** The goodness-of-fit note as a clause after a sentence about the family. */
    private static String goodnessOfFitClause(CandidateFit.Fitted fitted) {
        String note = goodnessOfFitNote(fitted);
        return note.isEmpty() || note.startsWith(" (") ? note : ";" + note.replaceFirst("^ ", " the family ");
    }

    private static String prefixed(String described) {
        return described.startsWith("<") ? described : "= " + described;
    }

    /** The tier itself, then the tiers with identical limits by budget. */
    private static List<Evidence> sources(Evidence tier, List<Evidence> model) {
        List<Evidence> others = new ArrayList<>();
        for (Evidence other : model) {
            if (!other.tier().equals(tier.tier()) && other.limits().equals(tier.limits())) {
                others.add(other);
            }
        }
        others.sort(Comparator.comparingDouble(Evidence::budgetMs));
        List<Evidence> sources = new ArrayList<>();
        sources.add(tier);
        sources.addAll(others);
        return sources;
    }

    /** The source with a fitted family that observed furthest (the tier itself on ties); null when none has one. */
    private static Evidence modelSource(Evidence tier, List<Evidence> model) {
        Evidence best = null;
        for (Evidence source : sources(tier, model)) {
            if (source.hasModel() && (best == null || source.observedUpToMs() > best.observedUpToMs())) {
                best = source;
            }
        }
        return best;
    }

    private static String missing(Evidence tier, List<Evidence> model, double budgetMs) {
        double furthest = sources(tier, model).stream().mapToDouble(Evidence::observedUpToMs).max().orElse(0);
        String observed = furthest > 0 ? "the runs of " + tier.tier() + (sources(tier, model).size() > 1
                ? " and of the tiers with identical limits" : "") + " cover budgets up to " + seconds(furthest)
                : "the model holds no runs for " + tier.tier();
        return "no answer at " + seconds(budgetMs) + ": " + observed + ", and no duration family was fitted to them ("
                + notFittedReason(tier) + ")";
    }

    private static String missingForTarget(Evidence tier, List<Evidence> model, double target) {
        double furthest = sources(tier, model).stream().mapToDouble(Evidence::observedUpToMs).max().orElse(0);
        return "no budget: " + (furthest > 0 ? "the runs reach a timeout rate of " + rate(target) + " nowhere up to "
                + seconds(furthest) : "the model holds no runs for " + tier.tier())
                + ", and no duration family was fitted to extrapolate (" + notFittedReason(tier) + ")";
    }

    private static String notFittedReason(Evidence tier) {
        if (tier.fit() == null) {
            return "the model has no duration fit";
        }
        return tier.fit().candidates().values().stream()
                .filter(CandidateFit.NotFitted.class::isInstance)
                .map(candidate -> ((CandidateFit.NotFitted) candidate).reason())
                .findFirst().orElse("no family converged");
    }

    /**
     * The smallest b in [floor, cap] where a decreasing rate curve falls to the target, given rate(cap) &lt;= target:
     * {@code floor} when the curve is there already, otherwise found by Brent's method on ln b in a bracket found by
     * halving from the cap. With floor 0 it returns 0 when the curve stays at or below the target however small b
     * gets (after 200 halvings), which only a model that ends most runs instantly can do.
     */
    private static double crossing(DoubleUnaryOperator rate, double target, double floor, double cap) {
        double high = cap;
        int halvings = 0;
        double low;
        while (true) {
            low = Math.max(floor, high / 2);
            if (rate.applyAsDouble(low) > target) {
                break;
            }
            if (low == floor || ++halvings > 200) {
                return floor;
            }
            high = low;
        }
        double logLow = Math.log(low);
        double logHigh = Math.log(high);
        BrentSolver solver = new BrentSolver(1e-12, 1e-10, 1e-15);
        double root = solver.findRoot(u -> rate.applyAsDouble(Math.exp(u)) - target, logLow,
                logLow + 0.5 * (logHigh - logLow), logHigh);
        return Math.exp(root);
    }

    private static void checkBudget(double budgetMs, String what) {
        if (!(budgetMs > 0) || !Double.isFinite(budgetMs)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + budgetMs);
        }
    }

    private static String seconds(double ms) {
        return number(ms / 1000) + " s";
    }

    private static String rate(double value) {
        return value >= 1e-4 || value == 0 ? String.format(Locale.ROOT, "%.4f", value)
                : String.format(Locale.ROOT, "%.3g", value);
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.4g", value).replaceAll("\\.?0+$", "");
    }
}
