package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/** The KS statistic against the Kaplan-Meier curve and its refitting parametric-bootstrap p-value. */
class BootstrapKsTest {

    @Test
    void sameSeedSameResultOtherSeedOtherPValues() {
        Samples.Censored sample = Samples.drawCensoring(Samples.distribution(DistributionFamily.WEIBULL, 0.9, 12), 500, 0.2, 4);
        FitOptions options = FitOptions.defaults().withBootstrapReplicates(100).withSeed(42);
        DurationDistributionFit first = DurationFitter.fit(sample.durations(), sample.censored(), options);
        DurationDistributionFit again = DurationFitter.fit(sample.durations(), sample.censored(), options);
        DurationDistributionFit otherSeed = DurationFitter.fit(sample.durations(), sample.censored(), options.withSeed(43));

        assertEquals(first, again);
        boolean anyDifferent = false;
        for (DistributionFamily family : DistributionFamily.values()) {
            anyDifferent |= !Samples.fitted(first, family).ksPValue().equals(Samples.fitted(otherSeed, family).ksPValue());
        }
        assertTrue(anyDifferent, "a different seed draws different replicates");
    }

    @Test
    void zeroReplicatesSkipsThePValueButKeepsTheStatistic() {
        Samples.Censored sample = Samples.drawCensoring(Samples.distribution(DistributionFamily.GAMMA, 2, 5), 300, 0.1, 8);
        for (CandidateFit candidate : Samples.fit(sample, 0).candidates().values()) {
            CandidateFit.Fitted fitted = (CandidateFit.Fitted) candidate;
            assertNull(fitted.ksPValue());
            assertTrue(fitted.ksStatistic() > 0 && fitted.ksStatistic() < 1);
        }
    }

    /**
     * Data from the fitted family: across eight seeded data sets per family the p-values look like draws from
     * Uniform(0, 1) (none tiny, mean near 1/2), censored and not.
     */
    @Test
    void pValuesAreNotSmallWhenTheFamilyIsRight() {
        for (DistributionFamily family : DistributionFamily.values()) {
            double sum = 0;
            double smallest = 1;
            for (int seed = 0; seed < 8; seed++) {
                Samples.Censored sample = Samples.drawCensoring(
                        Samples.distribution(family, Samples.typicalParameters(family)), 400, seed % 2 == 0 ? 0 : 0.2,
                        1000 + seed);
                double p = Samples.fitted(Samples.fit(sample, 100), family).ksPValue();
                sum += p;
                smallest = Math.min(smallest, p);
            }
            double mean = sum / 8;
            assertTrue(smallest > 0.01, family.key() + ": smallest p " + smallest);
            assertTrue(mean > 0.2 && mean < 0.8, family.key() + ": mean p " + mean);
        }
    }

    @Test
    void pValueIsSmallForAClearlyWrongFamily() {
        Samples.Censored sample = Samples.drawCensoring(Samples.distribution(DistributionFamily.LOGNORMAL, 2, 0.8), 2000, 0.15, 21);
        DurationDistributionFit fit = Samples.fit(sample, 200);
        assertTrue(Samples.fitted(fit, DistributionFamily.EXPONENTIAL).ksPValue() < 0.05);
        assertTrue(Samples.fitted(fit, DistributionFamily.LOGNORMAL).ksPValue() > 0.05);
    }

    /** Durations of a few ms on a millisecond clock are full of ties; the bootstrap must tie its replicates too. */
    @Test
    void wholeMillisecondDataFromTheRightFamilyPass() {
        Samples.Censored exact = Samples.drawCensoring(Samples.distribution(DistributionFamily.EXPONENTIAL, 6), 2000, 0.1, 12);
        double[] rounded = exact.durations().clone();
        for (int i = 0; i < rounded.length; i++) {
            rounded[i] = exact.censored()[i] ? Math.ceil(rounded[i]) : Math.rint(rounded[i]);
        }
        Samples.Censored clock = new Samples.Censored(rounded, exact.censored());
        DurationDistributionFit fit = Samples.fit(clock, 200);
        CandidateFit.Fitted exponential = Samples.fitted(fit, DistributionFamily.EXPONENTIAL);
        assertTrue(exponential.ksStatistic() > 0.02, "ties make the distance large: " + exponential.ksStatistic());
        assertTrue(exponential.ksPValue() > 0.05, "but no larger than rounded replicates': " + exponential.ksPValue());
    }

    @Test
    void uncensoredStatisticIsTheOrdinaryKolmogorovSmirnovDistance() {
        Samples.Censored sample = Samples.drawCensoring(Samples.distribution(DistributionFamily.GAMMA, 1.7, 4), 700, 0, 2);
        DurationDistributionFit fit = Samples.fit(sample, 0);
        for (DistributionFamily family : DistributionFamily.values()) {
            CandidateFit.Fitted fitted = Samples.fitted(fit, family);
            FittedDistribution model = fitted.distribution();
            double reference = KolmogorovSmirnovTest.withDefaults().statistic(sample.durations(), model::cdf);
            assertEquals(reference, fitted.ksStatistic(), 1e-12, family.key());
        }
    }

    @Provide
    Arbitrary<DistributionFamily> families() {
        return Arbitraries.of(DistributionFamily.class);
    }

    /** The block-bounded evaluation returns exactly the brute-force supremum over every step. */
    @Property(tries = 60)
    void blockBoundedDistanceEqualsBruteForce(@ForAll("families") DistributionFamily family,
                                              @ForAll @IntRange(min = 1, max = 3000) int n,
                                              @ForAll @DoubleRange(min = 0, max = 0.4) double censoredFraction,
                                              @ForAll @DoubleRange(min = 0.6, max = 1.6) double misfit,
                                              @ForAll long seed) {
        double[] truth = Samples.typicalParameters(family);
        Samples.Censored data = Samples.drawCensoring(Samples.distribution(family, truth), n, censoredFraction, seed);
        KaplanMeier km = KaplanMeier.of(CensoredSample.of(data.durations(), data.censored()));
        double[] model = truth.clone();
        model[model.length - 1] *= misfit;
        Family maths = family.maths();

        double brute = 0;
        double before = 0;
        for (int j = 0; j < km.size(); j++) {
            double f = maths.cdf(model, km.timeAt(j));
            double after = 1 - km.survivalAt(j);
            brute = Math.max(brute, Math.max(Math.abs(f - before), Math.abs(f - after)));
            before = after;
        }
        assertEquals(brute, maths.ksDistance(km, model, 0), 0.0);
    }

    /** Sorted replicates rely on these quantiles; they must match commons-statistics at both tails. */
    @Property(tries = 200)
    void closedFormQuantilesMatchCommonsStatistics(@ForAll("families") DistributionFamily family,
                                                   @ForAll @DoubleRange(min = -12, max = 12) double logit) {
        Assume.that(family.maths() instanceof ClosedFormQuantile);
        double lower = 1 / (1 + Math.exp(-logit));
        double upper = 1 / (1 + Math.exp(logit));
        double[] parameters = Samples.typicalParameters(family);
        double expected = lower < 0.5
                ? Samples.distribution(family, parameters).inverseCumulativeProbability(lower)
                : Samples.distribution(family, parameters).inverseSurvivalProbability(upper);
        double actual = ((ClosedFormQuantile) family.maths()).quantile(parameters, lower, upper);
        assertEquals(expected, actual, 1e-12 * expected);
    }

    @Test
    void replicatesThatCannotBeRefittedAreLeftOut() {
        // Three events and many timeouts: some replicates have fewer than 2 events and are skipped.
        double[] durations = {1, 2, 3, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10};
        boolean[] censored = new boolean[durations.length];
        for (int i = 3; i < durations.length; i++) {
            censored[i] = true;
        }
        DurationDistributionFit fit = DurationFitter.fit(durations, censored, FitOptions.defaults().withBootstrapReplicates(200).withSeed(1));
        CandidateFit.Fitted exponential = Samples.fitted(fit, DistributionFamily.EXPONENTIAL);
        assertTrue(exponential.ksPValue() > 0 && exponential.ksPValue() <= 1);
        assertNotEquals(0, exponential.ksStatistic());
    }

    /**
     * A tier larger than the bootstrap's sample limit: the fit uses every duration, the p-value comes from the same
     * refitting test on a seeded subsample, so it is reproducible, still tells a right family from a wrong one, and
     * does not depend on the order of the samples.
     */
    @Test
    void largeTiersAreTestedOnASeededSubsample() {
        Samples.Censored sample = Samples.drawCensoring(
                Samples.distribution(DistributionFamily.LOGNORMAL, Samples.typicalParameters(DistributionFamily.LOGNORMAL)),
                6000, 0.15, 77);
        FitOptions limited = FitOptions.defaults().withBootstrapReplicates(100).withSeed(5).withBootstrapSampleLimit(1500);
        DurationDistributionFit fit = DurationFitter.fit(sample.durations(), sample.censored(), limited);
        DurationDistributionFit full = DurationFitter.fit(sample.durations(), sample.censored(),
                limited.withBootstrapReplicates(0));
        assertEquals(fit, DurationFitter.fit(sample.durations(), sample.censored(), limited));
        for (DistributionFamily family : DistributionFamily.values()) {
            CandidateFit.Fitted withTest = Samples.fitted(fit, family);
            CandidateFit.Fitted withoutTest = Samples.fitted(full, family);
            assertEquals(withoutTest.parameters(), withTest.parameters(), "parameters come from every duration");
            assertEquals(withoutTest.ksStatistic(), withTest.ksStatistic(), "the statistic is the full sample's");
            assertTrue(withTest.ksPValue() >= 0 && withTest.ksPValue() <= 1);
        }
        assertTrue(Samples.fitted(fit, DistributionFamily.LOGNORMAL).ksPValue() > 0.01);
        assertTrue(Samples.fitted(fit, DistributionFamily.EXPONENTIAL).ksPValue() < 0.05);
    }
}
