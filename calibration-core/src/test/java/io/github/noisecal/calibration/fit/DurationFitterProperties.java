package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Laws of the censored maximum-likelihood fit that hold for any data. Samples too small to fit at all (fewer
 * than 2 distinct events, possible for n = 5 with censoring) are skipped; every other sample must fit all four.
 */
class DurationFitterProperties {

    @Provide
    Arbitrary<DistributionFamily> families() {
        return Arbitraries.of(DistributionFamily.class);
    }

    private static Samples.Censored sample(DistributionFamily truth, double censoredFraction, int n, long seed) {
        return Samples.drawCensoring(Samples.distribution(truth, Samples.typicalParameters(truth)), n, censoredFraction, seed);
    }

    @Property(tries = 40)
    void rescalingDurationsRescalesScalesAndShiftsLogLikelihood(
            @ForAll("families") DistributionFamily truth, @ForAll @DoubleRange(min = -3, max = 3) double log10Factor,
            @ForAll @DoubleRange(min = 0, max = 0.3) double censoredFraction, @ForAll long seed) {
        double factor = Math.pow(10, log10Factor);
        Samples.Censored sample = sample(truth, censoredFraction, 300, seed);
        DurationDistributionFit original = Samples.fit(sample, 0);
        DurationDistributionFit rescaled = Samples.fit(sample.scaled(factor), 0);

        assertEquals(original.best(), rescaled.best());
        for (DistributionFamily family : DistributionFamily.values()) {
            CandidateFit.Fitted a = Samples.fitted(original, family);
            CandidateFit.Fitted b = Samples.fitted(rescaled, family);
            Map<String, Double> p = a.parameters();
            Map<String, Double> q = b.parameters();
            switch (family) {
                case EXPONENTIAL -> assertRelative(p.get("mean_ms") * factor, q.get("mean_ms"), 1e-9);
                case GAMMA, WEIBULL -> {
                    assertRelative(p.get("shape"), q.get("shape"), 1e-6);
                    assertRelative(p.get("scale_ms") * factor, q.get("scale_ms"), 1e-6);
                }
                case LOGNORMAL -> {
                    assertEquals(p.get("mu") + Math.log(factor), q.get("mu"), 1e-6);
                    assertRelative(p.get("sigma"), q.get("sigma"), 1e-6);
                }
            }
            // Instant ends are a point mass: only the other finished runs carry a density, per ms.
            long instants = original.instantEnds() == null ? 0 : original.instantEnds().count();
            assertEquals(original.instantEnds() == null, rescaled.instantEnds() == null, "instant ends are relative");
            double shift = -(original.nEvents() - instants) * Math.log(factor);
            assertEquals(a.logLikelihood() + shift, b.logLikelihood(), 1e-8 * Math.abs(a.logLikelihood()) + 1e-8,
                    family.key() + " log-likelihood shift");
            assertEquals(a.deltaAic(), b.deltaAic(), 1e-6, family.key() + " ΔAIC");
            assertEquals(a.ksStatistic(), b.ksStatistic(), 1e-6, family.key() + " KS statistic");
        }
    }

    @Property(tries = 40)
    void familiesContainingTheExponentialFitAtLeastAsWell(
            @ForAll("families") DistributionFamily truth, @ForAll @DoubleRange(min = 0, max = 0.3) double censoredFraction,
            @ForAll @IntRange(min = 5, max = 400) int n, @ForAll long seed) {
        DurationDistributionFit fit = Samples.fit(sample(truth, censoredFraction, n, seed), 0);
        Assume.that(fit.best() != null);
        double exponential = Samples.fitted(fit, DistributionFamily.EXPONENTIAL).logLikelihood();
        double tolerance = 1e-9 * Math.abs(exponential);
        assertTrue(Samples.fitted(fit, DistributionFamily.WEIBULL).logLikelihood() >= exponential - tolerance);
        assertTrue(Samples.fitted(fit, DistributionFamily.GAMMA).logLikelihood() >= exponential - tolerance);
    }

    @Property(tries = 40)
    void fittedParametersAreALocalMaximumOfTheLikelihood(
            @ForAll("families") DistributionFamily truth, @ForAll @DoubleRange(min = 0, max = 0.3) double censoredFraction,
            @ForAll @IntRange(min = 5, max = 400) int n, @ForAll long seed) {
        Samples.Censored data = sample(truth, censoredFraction, n, seed);
        DurationDistributionFit fit = Samples.fit(data, 0);
        Assume.that(fit.best() != null);
        CensoredSample sample = CensoredSample.of(data.durations(), data.censored());
        InstantEnds instant = fit.instantEnds();
        if (instant != null) {
            sample = sample.eventsFrom(instant.belowMs(), instant.truncationMs());
        }
        for (DistributionFamily family : DistributionFamily.values()) {
            Family maths = family.maths();
            double[] internal = maths.toInternal(Samples.values(Samples.fitted(fit, family)));
            double best = maths.objective(sample, internal);
            for (int i = 0; i < internal.length; i++) {
                for (double step : new double[] {-1e-3, 1e-3}) {
                    double[] moved = internal.clone();
                    moved[i] += step;
                    assertTrue(maths.objective(sample, moved) <= best + 1e-9 * Math.abs(best),
                            family.key() + " improves when internal coordinate " + i + " moves by " + step);
                }
            }
        }
    }

    @Property(tries = 20)
    void aicWeightsSumToOneAndTheBestHasDeltaZero(
            @ForAll("families") DistributionFamily truth, @ForAll @DoubleRange(min = 0, max = 0.3) double censoredFraction,
            @ForAll long seed) {
        DurationDistributionFit fit = Samples.fit(sample(truth, censoredFraction, 200, seed), 0);
        double weights = 0;
        for (DistributionFamily family : DistributionFamily.values()) {
            CandidateFit.Fitted candidate = Samples.fitted(fit, family);
            weights += candidate.weight();
            int k = family.parameterCount() + (fit.instantEnds() == null ? 0 : 1);
            assertEquals(2 * k - 2 * candidate.logLikelihood(), candidate.aic(), 1e-9 * Math.abs(candidate.aic()));
            assertEquals(k * Math.log(200) - 2 * candidate.logLikelihood(), candidate.bic(), 1e-9 * Math.abs(candidate.bic()));
            assertEquals(candidate.aic() + 2.0 * k * (k + 1) / (200 - k - 1), candidate.aicc(), 1e-9 * Math.abs(candidate.aic()));
            boolean tie = !family.key().equals(fit.best()) && candidate.deltaAic() < 2;
            assertEquals(tie, fit.tieWith().contains(family.key()), family.key() + " tie membership");
        }
        assertEquals(1, weights, 1e-12);
        assertEquals(0, Samples.fitted(fit, DistributionFamily.fromKey(fit.best())).deltaAic());
    }

    @Property(tries = 20)
    void orderOfSamplesDoesNotMatter(@ForAll("families") DistributionFamily truth, @ForAll long seed) {
        Samples.Censored data = sample(truth, 0.2, 150, seed);
        int n = data.durations().length;
        double[] reversed = new double[n];
        boolean[] reversedFlags = new boolean[n];
        for (int i = 0; i < n; i++) {
            reversed[i] = data.durations()[n - 1 - i];
            reversedFlags[i] = data.censored()[n - 1 - i];
        }
        assertEquals(Samples.fit(data, 20), Samples.fit(new Samples.Censored(reversed, reversedFlags), 20));
    }

    private static void assertRelative(double expected, double actual, double tolerance) {
        assertEquals(expected, actual, tolerance * Math.abs(expected));
    }
}
