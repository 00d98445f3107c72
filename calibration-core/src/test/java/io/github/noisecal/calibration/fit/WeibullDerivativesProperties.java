package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The Weibull's closed-form derivatives are those of its objective (censoring and left truncation included), so
 * the fit they drive is the one finite differences drive: the same maximum and the same observed information.
 */
class WeibullDerivativesProperties {
    private static final WeibullFamily WEIBULL = WeibullFamily.INSTANCE;

    /** Weibull durations (ms) above a truncation point, censored at a budget. */
    private static CensoredSample sample(double shape, double scaleMs, int n, double budgetQuantile,
                                         boolean truncated, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double budget = scaleMs * Math.pow(-Math.log1p(-budgetQuantile), 1 / shape);
        double truncation = truncated ? scaleMs * Math.pow(-Math.log1p(-0.05), 1 / shape) : 0;
        double[] durations = new double[n];
        boolean[] censored = new boolean[n];
        for (int i = 0; i < n; i++) {
            double t;
            do {
                t = scaleMs * Math.pow(-Math.log(1 - random.nextDouble()), 1 / shape);
            } while (t <= truncation);
            censored[i] = t > budget;
            durations[i] = Math.min(t, budget);
        }
        CensoredSample plain = CensoredSample.of(durations, censored);
        return truncated ? plain.truncatedAt(truncation) : plain;
    }

    @Property(tries = 200)
    void closedFormDerivativesAreThoseOfTheObjective(
            @ForAll @DoubleRange(min = 0.3, max = 6) double shape, @ForAll @DoubleRange(min = 1, max = 6) double log10Scale,
            @ForAll @IntRange(min = 30, max = 3000) int n, @ForAll @DoubleRange(min = 0.5, max = 0.99) double budgetQuantile,
            @ForAll boolean truncated, @ForAll @DoubleRange(min = -0.2, max = 0.2) double offset, @ForAll long seed) {
        CensoredSample sample = sample(shape, Math.pow(10, log10Scale), n, budgetQuantile, truncated, seed);
        double[] at = {Math.log(shape) + offset, log10Scale * Math.log(10) - offset};
        LikelihoodMaximiser.Derivatives closed = WEIBULL.objectiveDerivatives(sample, at);
        double[] gradient = LikelihoodMaximiser.gradient(x -> WEIBULL.objective(sample, x), at);
        double[][] hessian = LikelihoodMaximiser.hessian(x -> WEIBULL.objective(sample, x), at, 1e-4);
        double size = Math.abs(hessian[0][0]) + Math.abs(hessian[1][1]);
        for (int i = 0; i < 2; i++) {
            assertEquals(gradient[i], closed.gradient()[i], 1e-6 * size + 1e-6, "gradient " + i);
            for (int j = 0; j < 2; j++) {
                assertEquals(hessian[i][j], closed.hessian()[i][j], 1e-4 * size, "hessian " + i + "," + j);
            }
        }
    }

    @Property(tries = 100)
    void theTruncatedFitIsTheOneFiniteDifferencesFind(
            @ForAll @DoubleRange(min = 0.4, max = 5) double shape, @ForAll @IntRange(min = 50, max = 3000) int n,
            @ForAll @DoubleRange(min = 0.6, max = 0.99) double budgetQuantile, @ForAll long seed) {
        CensoredSample sample = sample(shape, 5_000, n, budgetQuantile, true, seed);
        FamilyFit fit = WEIBULL.fit(sample);
        double[] start = WEIBULL.toInternal(WEIBULL.maximumLikelihood(sample, null));
        double[] numeric = WEIBULL.toNatural(LikelihoodMaximiser.maximise(x -> WEIBULL.objective(sample, x), start,
                "weibull"));
        assertEquals(numeric[0], fit.parameters()[0], 1e-5 * numeric[0], "shape");
        assertEquals(numeric[1], fit.parameters()[1], 1e-5 * numeric[1], "scale");
        double[][] information = LikelihoodMaximiser.hessian(x -> WEIBULL.objective(sample, x),
                WEIBULL.toInternal(fit.parameters()), 1e-4);
        double[][] covariance = LikelihoodMaximiser.inversePositiveDefinite(new double[][] {
                {-information[0][0], -information[0][1]}, {-information[1][0], -information[1][1]}});
        // The covariance in natural coordinates: d natural / d internal is the natural value for both.
        for (int i = 0; i < 2; i++) {
            double expected = fit.parameters()[i] * fit.parameters()[i] * covariance[i][i];
            assertEquals(expected, fit.covariance()[i][i], 1e-3 * expected, "variance " + i);
        }
    }
}
