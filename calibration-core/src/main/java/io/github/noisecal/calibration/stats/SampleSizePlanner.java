package io.github.noisecal.calibration.stats;

import java.util.Objects;
import org.apache.commons.numbers.gamma.InverseErfc;
import org.apache.commons.statistics.distribution.BinomialDistribution;

/**
 * How many trials give a rate interval of a target precision, found by evaluating the chosen interval method rather
 * than trusting the normal approximation, under a stated {@link PlanCriterion}.
 *
 * <p>Precision is half the interval's width, or the distance from the estimate to the farther bound
 * ({@link PrecisionMeasure}). It depends on the count X a calibration sees, X ~ Binomial(n, p), so the plan says
 * which X it is for: the expected count {@code round(n p)} ({@link PlanCriterion#EXPECTED_COUNT}, the textbook rule,
 * met by about half of the calibrations planned that way), the precision's expectation over X
 * ({@link PlanCriterion#EXPECTED}), or the probability that X gives the target ({@link PlanCriterion#ASSURANCE}).
 * Expectations and probabilities are sums over X of the binomial pmf, leaving out tails of less than 1e-14 on each
 * side: exact to that.
 *
 * <p>The precision at {@code n} trials is not monotone in {@code n}: at a fixed count it shrinks, and it jumps up
 * whenever the count steps, so near the target every criterion saw-tooths with period about {@code 1/min(p, 1-p)}.
 * The search therefore
 * <ol>
 *   <li>starts from the normal approximation {@code n0 = ceil(z² p(1-p) / h²)},</li>
 *   <li>doubles upwards (or halves downwards) until it brackets a change from failing to qualifying,</li>
 *   <li>bisects that bracket to an {@code n} that qualifies while {@code n - 1} does not, and</li>
 *   <li>scans downwards from there, one {@code n} at a time, and keeps the smallest qualifying {@code n}; it stops
 *       after {@code 2 ceil(1/min(p, 1-p)) + 2} consecutive failures (two whole saw-teeth and a margin; all the
 *       way down to 1 when p is 0 or 1; at most {@value #MAX_SCAN} for the criteria that sum over X).</li>
 * </ol>
 * The answer is the smallest qualifying {@code n} unless qualifying values hide below that window, which the
 * overall decrease of the precision makes implausible.
 */
public final class SampleSizePlanner {

    /** Plans needing more trials than this (about 1.1·10^12) are refused as unrealistic. */
    public static final long MAX_TRIALS = 1L << 40;
    /** Longest downward scan of the criteria that sum over the binomial law. */
    static final long MAX_SCAN = 20_000;
    /** Tail mass left out on each side when summing over the binomial law. */
    private static final double TAIL = 1e-14;

    private SampleSizePlanner() {
    }

    /**
     * The smallest number of trials whose interval at {@code round(n * expectedRate)} successes has half-width at
     * most {@code halfWidth}: {@link PlanCriterion#EXPECTED_COUNT} on {@link PrecisionMeasure#HALF_WIDTH}.
     *
     * @throws IllegalArgumentException as for {@link #plan(double, double, double, IntervalMethod, PrecisionMeasure,
     *                                  PlanCriterion, double)}
     */
    public static SampleSizePlan plan(double expectedRate, double halfWidth, double confidenceLevel,
                                      IntervalMethod method) {
        return plan(expectedRate, halfWidth, confidenceLevel, method, PrecisionMeasure.HALF_WIDTH,
                PlanCriterion.EXPECTED_COUNT, Double.NaN);
    }

    /**
     * The smallest number of trials that meets {@code criterion} for precision {@code target} measured by
     * {@code measure}; see the class comment for the search rule.
     *
     * @param expectedRate    the rate to plan for, in [0, 1]; 0 and 1 plan for a run without events
     * @param target          the target precision, in (0, 0.5]
     * @param confidenceLevel in (0, 1)
     * @param method          the interval method the plan will be evaluated with
     * @param assurance       under {@link PlanCriterion#ASSURANCE}, the probability asked for, in (0, 1); ignored
     *                        otherwise
     * @throws IllegalArgumentException if an argument is out of range, or the plan needs more than
     *                                  {@link #MAX_TRIALS} trials (more than {@code Integer.MAX_VALUE} for the
     *                                  criteria that sum over the binomial law)
     */
    public static SampleSizePlan plan(double expectedRate, double target, double confidenceLevel,
                                      IntervalMethod method, PrecisionMeasure measure, PlanCriterion criterion,
                                      double assurance) {
        long normal = normalApproximationTrials(expectedRate, target, confidenceLevel);
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(criterion, "criterion");
        if (criterion == PlanCriterion.ASSURANCE && !(assurance > 0 && assurance < 1)) {
            throw new IllegalArgumentException("assurance must lie in (0, 1), got " + assurance);
        }
        double asked = criterion == PlanCriterion.ASSURANCE ? assurance : Double.NaN;
        Evaluation evaluation = new Evaluation(expectedRate, target, confidenceLevel, method, measure, criterion,
                asked);
        long limit = criterion == PlanCriterion.EXPECTED_COUNT ? MAX_TRIALS : Integer.MAX_VALUE;

        long failing = 0; // 0 stands for "no failing n known"; n = 0 has no interval at all
        long qualifying = Math.min(normal, limit);
        while (!evaluation.isMetAt(qualifying)) {
            if (qualifying == limit) {
                throw new IllegalArgumentException("precision " + target + " at expectedRate " + expectedRate
                        + " and confidenceLevel " + confidenceLevel + " needs more than " + limit + " trials");
            }
            failing = qualifying;
            qualifying = Math.min(2 * qualifying, limit);
        }
        if (failing == 0) {
            long candidate = qualifying / 2;
            while (candidate >= 1 && evaluation.isMetAt(candidate)) {
                qualifying = candidate;
                candidate /= 2;
            }
            failing = candidate;
        }
        while (qualifying - failing > 1) {
            long middle = failing + (qualifying - failing) / 2;
            if (evaluation.isMetAt(middle)) {
                qualifying = middle;
            } else {
                failing = middle;
            }
        }

        double minority = Math.min(expectedRate, 1 - expectedRate);
        double window = 2 * Math.ceil(1 / minority) + 2; // infinite when there are no events at all
        if (criterion != PlanCriterion.EXPECTED_COUNT) {
            window = Math.min(window, MAX_SCAN);
        }
        long smallest = qualifying;
        long failuresInARow = 0;
        for (long n = qualifying - 1; n >= 1 && failuresInARow < window; n--) {
            if (evaluation.isMetAt(n)) {
                smallest = n;
                failuresInARow = 0;
            } else {
                failuresInARow++;
            }
        }
        double[] distribution = smallest <= Integer.MAX_VALUE ? evaluation.distributionAt(smallest)
                : new double[] {Double.NaN, Double.NaN};
        return new SampleSizePlan(expectedRate, target, confidenceLevel, method, measure, criterion, asked, smallest,
                evaluation.intervalAt(smallest), distribution[0], distribution[1], normal);
    }

    /**
     * Distinct modules (and runs) a plan needs when each module is run {@code repeats} times and runs of one module
     * are correlated with intra-class correlation {@code icc}: the variance of the rate over runs grows by the
     * design effect {@code 1 + (repeats - 1) icc} (Kish), so {@code independentRuns} independent runs are worth
     * {@code ceil(independentRuns × designEffect / repeats)} modules of {@code repeats} runs each.
     *
     * @param independentRuns the plan for independent runs (one run per module), at least 1
     * @param icc             the intra-module correlation of the outcome, in [0, 1)
     * @param repeats         runs per module, at least 1
     * @throws IllegalArgumentException naming the argument out of range
     */
    public static ModulePlan modules(long independentRuns, double icc, int repeats) {
        if (independentRuns < 1) {
            throw new IllegalArgumentException("independentRuns must be at least 1, got " + independentRuns);
        }
        if (!(icc >= 0 && icc < 1)) {
            throw new IllegalArgumentException("icc must lie in [0, 1), got " + icc);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
        double designEffect = 1 + (repeats - 1) * icc;
        long modules = (long) Math.ceil(independentRuns * designEffect / repeats - 1e-9);
        return new ModulePlan(icc, repeats, designEffect, modules, Math.multiplyExact(modules, repeats),
                independentRuns);
    }

    /**
     * The normal-approximation sample size {@code ceil(z² p(1-p) / h²)}, at least 1, where z is the two-sided
     * normal quantile of the confidence level.
     *
     * @throws IllegalArgumentException if an argument is out of range (as for {@link #plan})
     */
    public static long normalApproximationTrials(double expectedRate, double halfWidth, double confidenceLevel) {
        if (!(expectedRate >= 0 && expectedRate <= 1)) {
            throw new IllegalArgumentException("expectedRate must lie in [0, 1], got " + expectedRate);
        }
        if (!(halfWidth > 0 && halfWidth <= 0.5)) {
            throw new IllegalArgumentException("target precision must lie in (0, 0.5], got " + halfWidth);
        }
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidenceLevel must lie in (0, 1), got " + confidenceLevel);
        }
        double z = Math.sqrt(2) * InverseErfc.value(1 - confidenceLevel);
        double trials = Math.ceil(z * z * expectedRate * (1 - expectedRate) / (halfWidth * halfWidth));
        return (long) Math.max(1, Math.min(trials, Long.MAX_VALUE));
    }

    /** Whether n trials meet the criterion, and what they give. */
    private record Evaluation(double expectedRate, double target, double confidenceLevel, IntervalMethod method,
                              PrecisionMeasure measure, PlanCriterion criterion, double assurance) {

        RateEstimate intervalAt(long trials) {
            return RateEstimate.of(Math.round(trials * expectedRate), trials, confidenceLevel, method);
        }

        boolean isMetAt(long trials) {
            return switch (criterion) {
                case EXPECTED_COUNT -> measure.of(intervalAt(trials)) <= target;
                case EXPECTED -> distributionAt(trials)[1] <= target;
                case ASSURANCE -> distributionAt(trials)[0] >= assurance;
            };
        }

        /** {P(precision <= target), E[precision]} over X ~ Binomial(trials, p); trials fits an int. */
        double[] distributionAt(long trials) {
            int n = (int) trials;
            if (expectedRate == 0 || expectedRate == 1) {
                double precision = measure.of(RateEstimate.of(expectedRate == 0 ? 0 : n, n, confidenceLevel, method));
                return new double[] {precision <= target ? 1 : 0, precision};
            }
            BinomialDistribution binomial = BinomialDistribution.of(n, expectedRate);
            int low = binomial.inverseCumulativeProbability(TAIL);
            int high = binomial.inverseSurvivalProbability(TAIL);
            double mass = 0;
            double meeting = 0;
            double expected = 0;
            for (int x = low; x <= high; x++) {
                double pmf = binomial.probability(x);
                double precision = measure.of(RateEstimate.of(x, n, confidenceLevel, method));
                mass += pmf;
                expected += pmf * precision;
                if (precision <= target) {
                    meeting += pmf;
                }
            }
            return new double[] {Math.min(1, meeting), expected / mass};
        }
    }
}
