package io.github.noisecal.calibration.fit;

import io.github.noisecal.calibration.stats.RateEstimate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.numbers.rootfinder.BrentSolver;

/**
 * What one calibration at budget B says about other budgets: P(timeout at budget b) = P(duration &gt; b) = S(b).
 *
 * <p>Empirical values: for b ≤ B the fraction of samples with duration &gt; b, counting every censored sample
 * as exceeding b, is exact (a run killed at B ≥ b certainly ran past b), with a Wilson interval. It is
 * reported only where it is exact: b ≤ B and b no later than the earliest censoring time. Model values: the
 * best-AIC family's S(b) with the delta-method band of {@link FittedDistribution#survivalBand}; beyond B they
 * are extrapolation ({@code extrapolated = true}) and reflect the chosen family as much as the data.
 * A curve or answer built from a model alone (a model file, no durations) has only the model values.
 *
 * <p>Budget searches stop at {@value #CAP_FACTOR} × B: a target the model reaches only further out is
 * reported as unreachable rather than answered from the far tail of a fitted family.
 */
public final class TimeoutBudgets {

    /** Budgets in the default grid up to B. */
    public static final int GRID_POINTS = 20;
    /** Budget searches stop at this multiple of the calibration budget. */
    public static final double CAP_FACTOR = 10;

    private TimeoutBudgets() {
    }

    /**
     * The default budgets: B/20, 2B/20, ..., B (20 points) followed by the extrapolation points 1.25B, 1.5B,
     * 1.75B and 2B.
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
     * The curve from the samples and their fit: empirical columns where exact, model columns from
     * {@code fit}'s best family (absent when nothing was fitted).
     *
     * @throws IllegalArgumentException for arrays of different lengths, a negative or non-finite duration,
     *                                  a budget that is not positive and finite, or a level outside (0, 1)
     */
    public static BudgetCurve curve(double[] durationsMs, boolean[] censored, double calibrationBudgetMs,
                                    DurationDistributionFit fit, List<Double> budgetsMs, double confidence) {
        Objects.requireNonNull(fit, "fit");
        Observations data = Observations.of(durationsMs, censored);
        FittedDistribution model = fit.bestFit().map(CandidateFit.Fitted::distribution).orElse(null);
        return buildCurve(data, model, calibrationBudgetMs, budgetsMs, confidence);
    }

    /**
     * The model-only curve, e.g. from a model file: every point has null empirical columns.
     *
     * @throws IllegalArgumentException for a budget that is not positive and finite or a level outside (0, 1)
     */
    public static BudgetCurve curve(FittedDistribution model, double calibrationBudgetMs, List<Double> budgetsMs,
                                    double confidence) {
        Objects.requireNonNull(model, "model");
        return buildCurve(null, model, calibrationBudgetMs, budgetsMs, confidence);
    }

    /**
     * The smallest budget with predicted timeout rate ≤ {@code targetRate}, from the samples and their fit.
     *
     * @throws IllegalArgumentException as for {@link #curve(double[], boolean[], double, DurationDistributionFit,
     *                                  List, double)}, or for a target outside (0, 1)
     */
    public static BudgetAnswer budgetFor(double targetRate, double[] durationsMs, boolean[] censored,
                                         double calibrationBudgetMs, DurationDistributionFit fit, double confidence) {
        Objects.requireNonNull(fit, "fit");
        Observations data = Observations.of(durationsMs, censored);
        FittedDistribution model = fit.bestFit().map(CandidateFit.Fitted::distribution).orElse(null);
        return answer(targetRate, data, model, calibrationBudgetMs, confidence);
    }

    /**
     * The smallest budget with predicted timeout rate ≤ {@code targetRate} from a model alone.
     *
     * @throws IllegalArgumentException for a target outside (0, 1), a budget that is not positive and finite
     *                                  or a level outside (0, 1)
     */
    public static BudgetAnswer budgetFor(double targetRate, FittedDistribution model, double calibrationBudgetMs,
                                         double confidence) {
        Objects.requireNonNull(model, "model");
        return answer(targetRate, null, model, calibrationBudgetMs, confidence);
    }

    private static BudgetCurve buildCurve(Observations data, FittedDistribution model, double calibrationBudgetMs,
                                          List<Double> budgetsMs, double confidence) {
        checkBudget(calibrationBudgetMs, "calibrationBudgetMs");
        FittedDistribution.zFor(confidence);
        Objects.requireNonNull(budgetsMs, "budgetsMs");
        List<BudgetPoint> points = new ArrayList<>();
        for (Double budget : budgetsMs) {
            if (budget == null) {
                throw new IllegalArgumentException("budgetsMs contains null");
            }
            checkBudget(budget, "budgetsMs entry");
            boolean extrapolated = budget > calibrationBudgetMs;
            Long timeouts = null;
            Double rate = null;
            Double lower = null;
            Double upper = null;
            if (data != null && data.isExactAt(budget, calibrationBudgetMs)) {
                long exceeding = data.exceeding(budget);
                RateEstimate wilson = RateEstimate.wilson(exceeding, data.size(), confidence);
                timeouts = exceeding;
                rate = wilson.rate();
                lower = wilson.lower();
                upper = wilson.upper();
            }
            Double modelRate = null;
            Double modelLower = null;
            Double modelUpper = null;
            if (model != null) {
                SurvivalBand band = model.survivalBand(budget, confidence);
                modelRate = band.estimate();
                modelLower = band.lower();
                modelUpper = band.upper();
            }
            points.add(new BudgetPoint(budget, extrapolated, timeouts, rate, lower, upper, modelRate, modelLower,
                    modelUpper));
        }
        return new BudgetCurve(model == null ? null : model.family().key(), calibrationBudgetMs,
                data == null ? 0 : data.size(), confidence, points);
    }

    private static BudgetAnswer answer(double targetRate, Observations data, FittedDistribution model,
                                       double calibrationBudgetMs, double confidence) {
        if (!(targetRate > 0 && targetRate < 1)) {
            throw new IllegalArgumentException("targetRate must lie in (0, 1), got " + targetRate);
        }
        checkBudget(calibrationBudgetMs, "calibrationBudgetMs");
        FittedDistribution.zFor(confidence);
        Double empirical = data == null ? null : data.smallestBudgetFor(targetRate, calibrationBudgetMs);
        if (model == null) {
            return new BudgetAnswer(targetRate, null, null, null, null, false, empirical,
                    "no duration model was fitted");
        }
        String family = model.family().key();
        double cap = CAP_FACTOR * calibrationBudgetMs;
        double atCap = model.survival(cap);
        if (atCap > targetRate) {
            return new BudgetAnswer(targetRate, family, null, null, null, false, empirical,
                    "the " + family + " model predicts a timeout rate of " + atCap + " even at " + cap
                            + " ms (" + CAP_FACTOR + " x the calibration budget), above the target " + targetRate);
        }
        double budget = crossing(model::survival, targetRate, cap);
        double lower = crossing(b -> model.survivalBand(b, confidence).lower(), targetRate, cap);
        boolean upperReached = model.survivalBand(cap, confidence).upper() <= targetRate;
        Double upper = upperReached ? crossing(b -> model.survivalBand(b, confidence).upper(), targetRate, cap) : null;
        return new BudgetAnswer(targetRate, family, budget, Math.min(lower, budget),
                upper == null ? null : Math.max(upper, budget), budget > calibrationBudgetMs, empirical, null);
    }

    /**
     * The b in (0, cap] where a decreasing rate curve falls to the target, given rate(cap) ≤ target; found by
     * Brent's method on ln b. Returns 0 when the curve is at or below the target however small b gets.
     */
    private static double crossing(DoubleUnaryOperator rate, double target, double cap) {
        double low = cap;
        int halvings = 0;
        while (rate.applyAsDouble(low) <= target) {
            if (++halvings > 200) {
                return 0;
            }
            low /= 2;
        }
        if (halvings == 0) {
            return cap;
        }
        double logLow = Math.log(low);
        double logHigh = Math.min(Math.log(cap), logLow + Math.log(2));
        // Relative accuracy 1e-12, absolute 1e-10, function value 1e-15; started at the midpoint written as
        // low + (high - low) / 2, as Commons Math 3's BrentSolver did, so the answers did not change with it.
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

    /** Raw durations as the empirical curve needs them. */
    private static final class Observations {
        private final double[] sortedDurations;
        private final boolean[] sortedCensored;
        private final double earliestCensoring;
        /** Finished samples: they come first in the sorted order. */
        private final int finished;

        private Observations(double[] sortedDurations, boolean[] sortedCensored, double earliestCensoring) {
            this.sortedDurations = sortedDurations;
            this.sortedCensored = sortedCensored;
            this.earliestCensoring = earliestCensoring;
            int count = 0;
            while (count < sortedCensored.length && !sortedCensored[count]) {
                count++;
            }
            this.finished = count;
        }

        static Observations of(double[] durationsMs, boolean[] censored) {
            Objects.requireNonNull(durationsMs, "durationsMs");
            Objects.requireNonNull(censored, "censored");
            if (durationsMs.length != censored.length) {
                throw new IllegalArgumentException("durationsMs has " + durationsMs.length
                        + " entries but censored has " + censored.length);
            }
            if (durationsMs.length == 0) {
                throw new IllegalArgumentException("durationsMs is empty: an empirical curve needs samples");
            }
            double earliest = Double.POSITIVE_INFINITY;
            int finishedCount = 0;
            for (int i = 0; i < durationsMs.length; i++) {
                if (!Double.isFinite(durationsMs[i]) || durationsMs[i] < 0) {
                    throw new IllegalArgumentException("durationsMs[" + i + "] must be finite and non-negative, got "
                            + durationsMs[i]);
                }
                if (censored[i]) {
                    earliest = Math.min(earliest, durationsMs[i]);
                } else {
                    finishedCount++;
                }
            }
            // Censored samples sort after every finished one: for the budgets we answer they exceed b. Each group is
            // sorted as primitives, which for a million samples is far cheaper than sorting boxed indices.
            double[] values = new double[durationsMs.length];
            boolean[] flags = new boolean[durationsMs.length];
            int nextFinished = 0;
            int nextCensored = finishedCount;
            for (int i = 0; i < durationsMs.length; i++) {
                if (censored[i]) {
                    flags[nextCensored] = true;
                    values[nextCensored++] = durationsMs[i];
                } else {
                    values[nextFinished++] = durationsMs[i];
                }
            }
            Arrays.sort(values, 0, finishedCount);
            Arrays.sort(values, finishedCount, values.length);
            return new Observations(values, flags, earliest);
        }

        int size() {
            return sortedDurations.length;
        }

        /** Whether "duration &gt; b" is known for every sample: b ≤ B and no sample was censored before b. */
        boolean isExactAt(double budgetMs, double calibrationBudgetMs) {
            return budgetMs <= calibrationBudgetMs && budgetMs <= earliestCensoring;
        }

        /** Samples with duration &gt; b, every censored one included. */
        long exceeding(double budgetMs) {
            return sortedDurations.length - finishedAtOrBelow(budgetMs);
        }

        /** The smallest observed duration b at which (samples &gt; b) / n ≤ target, where that is exact. */
        Double smallestBudgetFor(double targetRate, double calibrationBudgetMs) {
            int n = sortedDurations.length;
            // The most timeouts whose rate, computed as the curve computes it, stays within the target.
            long allowed = (long) Math.floor(targetRate * n);
            while ((allowed + 1) / (double) n <= targetRate) {
                allowed++;
            }
            while (allowed > 0 && allowed / (double) n > targetRate) {
                allowed--;
            }
            // At b = the (n - allowed)-th smallest duration, exactly `allowed` samples (ties aside) exceed b.
            int index = (int) (n - allowed - 1);
            if (sortedCensored[index]) {
                return null;
            }
            double candidate = sortedDurations[index];
            return isExactAt(candidate, calibrationBudgetMs) ? candidate : null;
        }

        /** Number of finished samples with duration ≤ b. */
        private int finishedAtOrBelow(double budgetMs) {
            int lo = 0;
            int hi = finished;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sortedDurations[mid] <= budgetMs) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
