package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.stats.RateEstimate;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class TimeoutBudgetsTest {

    private static final double BUDGET = 30;
    private static final Samples.Censored SAMPLE =
            Samples.draw(Samples.distribution(DistributionFamily.WEIBULL, 0.9, 12), 1500, BUDGET, 77);
    private static final DurationDistributionFit FIT = Samples.fit(SAMPLE, 0);
    private static final TimeoutBudgets.Evidence TIER = Samples.evidence("FAST", BUDGET, FIT);

    private static BudgetCurve defaultCurve() {
        return TimeoutBudgets.curve(TIER, TimeoutBudgets.defaultGrid(BUDGET));
    }

    @Test
    void defaultGridIsTwentyStepsUpToTheBudgetThenFourExtrapolationPoints() {
        List<Double> grid = TimeoutBudgets.defaultGrid(60_000);
        assertEquals(24, grid.size());
        assertEquals(3_000, grid.get(0), 1e-9);
        assertEquals(60_000, grid.get(19));
        assertEquals(List.of(75_000.0, 90_000.0, 105_000.0, 120_000.0), grid.subList(20, 24));
    }

    @Test
    void insideTheObservedBudgetTheAnswerIsTheExactCountWithItsInterval() {
        BudgetCurve curve = defaultCurve();
        assertEquals(BUDGET, curve.observedUpToMs());
        for (BudgetPoint point : curve.points()) {
            if (point.budgetMs() > BUDGET) {
                continue;
            }
            long count = Samples.exceeding(SAMPLE, point.budgetMs());
            RateEstimate wilson = RateEstimate.wilson(count, SAMPLE.durations().length, 0.95);
            assertEquals(AnswerBasis.OBSERVED, point.basis());
            assertEquals(count, point.timeouts());
            assertEquals((double) count / SAMPLE.durations().length, point.rate());
            assertEquals(wilson.lower(), point.lower());
            assertEquals(wilson.upper(), point.upper());
            assertNull(point.factor());
        }
    }

    @Test
    void theBestFamilyIsShownBesideAsAModelWithItsBand() {
        BudgetCurve curve = defaultCurve();
        assertEquals("weibull", FIT.best());
        assertEquals("weibull", curve.family());
        CandidateFit.Fitted weibull = Samples.fitted(FIT, DistributionFamily.WEIBULL);
        double shape = weibull.parameters().get("shape");
        double scale = weibull.parameters().get("scale_ms");
        for (BudgetPoint point : curve.points()) {
            double closedForm = Math.exp(-Math.pow(point.budgetMs() / scale, shape));
            assertEquals(closedForm, point.modelRate(), 1e-12);
            assertTrue(0 <= point.modelLower() && point.modelLower() < point.modelRate()
                    && point.modelRate() < point.modelUpper() && point.modelUpper() <= 1, point.toString());
        }
    }

    /**
     * Beyond the data, up to twice the observed budget: the observed rate at the budget times the plausible families'
     * tails, averaged, with the envelope of their bands, never above the runs' own upper bound at the budget.
     */
    @Test
    void extrapolatedPointsAverageThePlausibleFamiliesWithTheirEnvelope() {
        BudgetCurve curve = defaultCurve();
        long beyond = Samples.exceeding(SAMPLE, BUDGET);
        int n = SAMPLE.durations().length;
        double ceiling = RateEstimate.wilson(beyond, n, 0.95).upper();
        for (BudgetPoint point : curve.points()) {
            if (point.budgetMs() <= BUDGET) {
                continue;
            }
            assertEquals(AnswerBasis.EXTRAPOLATED, point.basis(), point.toString());
            assertEquals(point.budgetMs() / BUDGET, point.factor(), 1e-12);
            assertNull(point.timeouts());
            double weights = 0;
            double average = 0;
            double lower = 1;
            double upper = 0;
            for (String family : curve.averagedFamilies()) {
                CandidateFit.Fitted fitted = Samples.fitted(FIT, DistributionFamily.fromKey(family));
                assertTrue(fitted.deltaAic() <= TimeoutBudgets.PLAUSIBLE_DELTA_AIC);
                FittedDistribution model = FIT.model(family);
                SurvivalBand band = model.splicedBand(BUDGET, beyond, n, point.budgetMs(), 0.95);
                assertEquals((double) beyond / n * model.survival(point.budgetMs()) / model.survival(BUDGET),
                        band.estimate(), 1e-12);
                weights += fitted.weight();
                average += fitted.weight() * band.estimate();
                lower = Math.min(lower, band.lower());
                upper = Math.max(upper, band.upper());
            }
            assertEquals(average / weights, point.rate(), 1e-12);
            assertEquals(Math.min(lower, ceiling), point.lower());
            assertEquals(Math.min(upper, ceiling), point.upper());
            assertTrue(point.upper() <= ceiling);
        }
        for (CandidateFit.Fitted fitted : FIT.fitted()) {
            assertEquals(fitted.deltaAic() <= TimeoutBudgets.PLAUSIBLE_DELTA_AIC,
                    curve.averagedFamilies().contains(fitted.family().key()), fitted.family().key());
        }
    }

    @Test
    void pastTheLimitThereIsNoNumberOnlyTheFamiliesRange() {
        BudgetPoint far = TimeoutBudgets.rateAt(TIER, List.of(TIER), 120 * BUDGET);
        assertEquals(AnswerBasis.BEYOND_DATA, far.basis());
        assertNull(far.rate());
        assertEquals(120, far.factor(), 1e-12);
        assertNotNull(far.lower());
        assertNotNull(far.upper());
        assertTrue(far.lower() <= far.upper());
        assertTrue(far.notes().get(0).startsWith("beyond the data: 120.00x"), far.notes().toString());
        BudgetPoint atLimit = TimeoutBudgets.rateAt(TIER, List.of(TIER), TimeoutBudgets.EXTRAPOLATION_LIMIT * BUDGET);
        assertEquals(AnswerBasis.EXTRAPOLATED, atLimit.basis());
    }

    /** For exponential and Weibull the family's band is the textbook cloglog band exp(-(b/mean)·exp(±z·se/mean)). */
    @Test
    void exponentialBandIsTheTextbookDeltaMethodBand() {
        Samples.Censored sample = Samples.draw(Samples.distribution(DistributionFamily.EXPONENTIAL, 10), 400, 25, 5);
        CandidateFit.Fitted exponential = Samples.fitted(Samples.fit(sample, 0), DistributionFamily.EXPONENTIAL);
        double mean = exponential.parameters().get("mean_ms");
        double relativeSe = Math.sqrt(exponential.covariance().get(0).get(0)) / mean;
        double z = NormalDistribution.of(0, 1).inverseCumulativeProbability(0.95);
        SurvivalBand band = exponential.distribution().survivalBand(20, 0.9);
        assertEquals(Math.exp(-20 / mean), band.estimate(), 1e-14);
        assertEquals(Math.exp(-20 / mean * Math.exp(z * relativeSe)), band.lower(), 1e-9);
        assertEquals(Math.exp(-20 / mean * Math.exp(-z * relativeSe)), band.upper(), 1e-9);
    }

    @Property(tries = 50)
    void aTargetTheRunsReachIsAnsweredFromThem(@ForAll @DoubleRange(min = 0.001, max = 0.9) @Scale(5) double target) {
        BudgetAnswer answer = TimeoutBudgets.budgetFor(TIER, List.of(TIER), target);
        double n = SAMPLE.durations().length;
        double atBudget = Samples.exceeding(SAMPLE, BUDGET) / n;
        if (target >= atBudget) {
            assertEquals(AnswerBasis.OBSERVED, answer.basis(), answer.toString());
            double b = answer.budgetMs();
            assertTrue(Samples.exceeding(SAMPLE, b) / n <= target, "the runs' rate at the answer");
            assertTrue(Samples.exceeding(SAMPLE, Math.nextDown(b)) / n > target, "no shorter budget does it");
            assertTrue(answer.budgetLowerMs() <= b, answer.toString());
            assertTrue(answer.budgetUpperMs() == null || answer.budgetUpperMs() >= b, answer.toString());
            long atLower = Samples.exceeding(SAMPLE, answer.budgetLowerMs());
            assertTrue(RateEstimate.wilson(atLower, (long) n, 0.95).lower() <= target);
            assertNull(answer.factor());
        } else {
            assertTrue(answer.basis() == AnswerBasis.EXTRAPOLATED || answer.basis() == AnswerBasis.BEYOND_DATA,
                    answer.toString());
            if (answer.basis() == AnswerBasis.EXTRAPOLATED) {
                assertTrue(answer.budgetMs() > BUDGET && answer.factor() <= TimeoutBudgets.EXTRAPOLATION_LIMIT);
            } else {
                assertNull(answer.budgetMs());
                assertTrue(answer.reason().startsWith("beyond the data"), answer.reason());
            }
        }
        assertEquals("weibull", answer.family());
        FittedDistribution model = FIT.model("weibull");
        if (answer.modelBudgetMs() != null) {
            assertEquals(target, model.survival(answer.modelBudgetMs()), 1e-9);
        }
    }

    /** The contradiction: FAST's model predicts a budget that BALANCED, same limits, observed otherwise. */
    @Test
    void aTierWithIdenticalLimitsAnswersFromItsRuns() {
        DistributionFamily truth = DistributionFamily.LOGNORMAL;
        Samples.Censored balanced = Samples.draw(Samples.distribution(truth, 2.5, 0.9), 800, 60, 3);
        TimeoutBudgets.Evidence balancedTier = Samples.evidence("BALANCED", 60, Samples.fit(balanced, 0));
        BudgetPoint at45 = TimeoutBudgets.rateAt(TIER, List.of(TIER, balancedTier), 45);
        long count = Samples.exceeding(balanced, 45);
        assertEquals(AnswerBasis.OBSERVED, at45.basis());
        assertEquals("BALANCED", at45.sourceTier());
        assertEquals(count, at45.timeouts());
        assertEquals(RateEstimate.wilson(count, 800, 0.95).upper(), at45.upper());
        assertTrue(at45.notes().get(0).startsWith("observed in BALANCED (800 runs, identical verifier limits"),
                at45.notes().toString());
        assertNotNull(at45.modelRate(), "FAST's own model is shown beside");

        // 5 %: FAST's runs (10 % timeouts at 30 s) do not reach it, BALANCED's (4 % at 60 s) do.
        BudgetAnswer target = TimeoutBudgets.budgetFor(TIER, List.of(TIER, balancedTier), 0.05);
        assertEquals(AnswerBasis.OBSERVED, target.basis(), target.toString());
        assertEquals("BALANCED", target.sourceTier());

        TimeoutBudgets.Evidence otherLimits = new TimeoutBudgets.Evidence("BALANCED", Map.of("threads", "4"), 60,
                balancedTier.fit(), 0.95, IntervalMethod.WILSON);
        BudgetPoint separate = TimeoutBudgets.rateAt(TIER, List.of(TIER, otherLimits), 45);
        assertEquals(AnswerBasis.EXTRAPOLATED, separate.basis(), "other limits, other verifier");
        assertNull(separate.sourceTier());
    }

    /** Beyond every tier's runs, the fit of the tier that observed furthest extrapolates. */
    @Test
    void extrapolationUsesTheFitThatObservedFurthest() {
        Samples.Censored balanced = Samples.draw(Samples.distribution(DistributionFamily.WEIBULL, 0.9, 12), 800, 60, 4);
        TimeoutBudgets.Evidence balancedTier = Samples.evidence("BALANCED", 60, Samples.fit(balanced, 0));
        BudgetPoint at90 = TimeoutBudgets.rateAt(TIER, List.of(TIER, balancedTier), 90);
        assertEquals(AnswerBasis.EXTRAPOLATED, at90.basis());
        assertEquals("BALANCED", at90.sourceTier());
        assertEquals(1.5, at90.factor(), 1e-12);
    }

    @Test
    void withoutAModelTheRunsStillAnswerAndTheRestSaysWhatIsMissing() {
        double[] durations = {5, 30, 30};
        boolean[] censored = {false, true, true};
        DurationDistributionFit nothing = DurationFitter.fit(durations, censored, FitOptions.defaults());
        TimeoutBudgets.Evidence tier = Samples.evidence("FAST", 30, nothing);
        BudgetPoint inside = TimeoutBudgets.rateAt(tier, List.of(tier), 4);
        assertEquals(AnswerBasis.OBSERVED, inside.basis());
        assertEquals(3L, inside.timeouts());
        assertNull(inside.modelRate());
        BudgetPoint outside = TimeoutBudgets.rateAt(tier, List.of(tier), 45);
        assertEquals(AnswerBasis.NO_ANSWER, outside.basis());
        assertTrue(outside.notes().get(0).contains("cover budgets up to 0.03 s, and no duration family was fitted")
                && outside.notes().get(0).contains("only 1 event"), outside.notes().toString());
        BudgetAnswer noBudget = TimeoutBudgets.budgetFor(tier, List.of(tier), 0.5);
        assertEquals(AnswerBasis.NO_ANSWER, noBudget.basis());
        assertNull(noBudget.family());
        assertTrue(noBudget.reason().startsWith("no budget: the runs reach a timeout rate of 0.5000 nowhere up to"),
                noBudget.reason());
        TimeoutBudgets.Evidence empty = Samples.evidence("SLOW", 120, null);
        assertTrue(TimeoutBudgets.rateAt(empty, List.of(empty), 10).notes().get(0)
                .contains("the model holds no runs for SLOW"));
    }

    @Test
    void aFamilyThatFailsItsTestIsFlagged() {
        // A two-component mixture no family fits: a fast mode at ~1 and a slow one at ~20.
        double[] durations = new double[2000];
        boolean[] censored = new boolean[2000];
        java.util.SplittableRandom random = new java.util.SplittableRandom(9);
        for (int i = 0; i < durations.length; i++) {
            double t = i % 2 == 0 ? Math.exp(random.nextGaussian() * 0.3) : 20 * Math.exp(random.nextGaussian() * 0.2);
            censored[i] = t > 25;
            durations[i] = Math.min(t, 25);
        }
        DurationDistributionFit fit = DurationFitter.fit(durations, censored,
                FitOptions.defaults().withBootstrapReplicates(30));
        TimeoutBudgets.Evidence tier = Samples.evidence("FAST", 25, fit);
        BudgetCurve curve = TimeoutBudgets.curve(tier, List.of(10.0, 40.0));
        assertTrue(curve.notes().stream().anyMatch(note -> note.startsWith(fit.best()
                + " fails its goodness-of-fit test at 5 %: bootstrap p < ")), curve.notes().toString());
        assertTrue(curve.notes().stream().anyMatch(note -> note.startsWith("every plausible family")),
                curve.notes().toString());
        BudgetPoint inside = TimeoutBudgets.rateAt(tier, List.of(tier), 10);
        assertEquals(AnswerBasis.OBSERVED, inside.basis());
        assertTrue(inside.notes().get(0).contains("fails its goodness-of-fit test"), inside.notes().toString());
        // Beyond the runs no rejected family's band is trusted: only 0 to the runs' upper bound at the budget.
        BudgetPoint beyond = TimeoutBudgets.rateAt(tier, List.of(tier), 40);
        long longer = 0;
        for (boolean c : censored) {
            longer += c ? 1 : 0;
        }
        assertEquals(AnswerBasis.EXTRAPOLATED, beyond.basis());
        assertEquals(0, beyond.lower());
        assertEquals(RateEstimate.wilson(longer, 2000, 0.95).upper(), beyond.upper());
        assertTrue(beyond.notes().stream().anyMatch(note -> note.startsWith("the interval is only what the runs "
                + "guarantee")), beyond.notes().toString());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> TimeoutBudgets.defaultGrid(0));
        assertThrows(IllegalArgumentException.class, () -> TimeoutBudgets.curve(TIER, List.of(-1.0)));
        assertThrows(IllegalArgumentException.class, () -> TimeoutBudgets.rateAt(TIER, List.of(TIER), Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> TimeoutBudgets.budgetFor(TIER, List.of(TIER), 0));
        assertThrows(IllegalArgumentException.class, () -> TimeoutBudgets.budgetFor(TIER, List.of(TIER), 1));
        assertThrows(IllegalArgumentException.class, () -> new TimeoutBudgets.Evidence("FAST", Map.of(), 30, FIT, 1,
                IntervalMethod.WILSON));
    }
}
