package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.stats.RateEstimate;
import java.util.List;
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

    private static BudgetCurve defaultCurve() {
        return TimeoutBudgets.curve(SAMPLE.durations(), SAMPLE.censored(), BUDGET, FIT,
                TimeoutBudgets.defaultGrid(BUDGET), 0.95);
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
    void empiricalColumnsAreExactCountsWithWilsonIntervals() {
        for (BudgetPoint point : defaultCurve().points()) {
            if (point.extrapolated()) {
                assertNull(point.timeouts());
                assertNull(point.empiricalRate());
                assertNull(point.empiricalLower());
                assertNull(point.empiricalUpper());
                continue;
            }
            long count = 0;
            for (int i = 0; i < SAMPLE.durations().length; i++) {
                if (SAMPLE.censored()[i] || SAMPLE.durations()[i] > point.budgetMs()) {
                    count++;
                }
            }
            RateEstimate wilson = RateEstimate.wilson(count, SAMPLE.durations().length, 0.95);
            assertEquals(count, point.timeouts());
            assertEquals((double) count / SAMPLE.durations().length, point.empiricalRate());
            assertEquals(wilson.lower(), point.empiricalLower());
            assertEquals(wilson.upper(), point.empiricalUpper());
        }
    }

    @Test
    void modelColumnsAreTheBestFamilysSurvivalWithABandAround() {
        BudgetCurve curve = defaultCurve();
        assertEquals("weibull", FIT.best());
        assertEquals("weibull", curve.family());
        CandidateFit.Fitted weibull = Samples.fitted(FIT, DistributionFamily.WEIBULL);
        double shape = weibull.parameters().get("shape");
        double scale = weibull.parameters().get("scale_ms");
        for (BudgetPoint point : curve.points()) {
            assertEquals(point.budgetMs() > BUDGET, point.extrapolated(), "extrapolated exactly beyond the budget");
            double closedForm = Math.exp(-Math.pow(point.budgetMs() / scale, shape));
            assertEquals(closedForm, point.modelRate(), 1e-12);
            assertTrue(0 <= point.modelLower() && point.modelLower() < point.modelRate()
                    && point.modelRate() < point.modelUpper() && point.modelUpper() <= 1, point.toString());
        }
    }

    /** For the exponential, η = ln b - ln mean, so the cloglog band is exp(-(b/mean)·exp(±z·se/mean)). */
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
    void inverseAnswerSitsOnTheCurve(@ForAll @DoubleRange(min = 0.001, max = 0.9) @Scale(5) double target) {
        BudgetAnswer answer = TimeoutBudgets.budgetFor(target, SAMPLE.durations(), SAMPLE.censored(), BUDGET, FIT, 0.95);
        FittedDistribution model = Samples.fitted(FIT, DistributionFamily.WEIBULL).distribution();
        assertNull(answer.reason());
        assertEquals(target, model.survival(answer.budgetMs()), 1e-9);
        assertEquals(answer.budgetMs() > BUDGET, answer.extrapolated());
        assertTrue(answer.budgetLowerMs() <= answer.budgetMs());
        if (answer.budgetUpperMs() != null) {
            assertTrue(answer.budgetUpperMs() >= answer.budgetMs());
            assertEquals(target, model.survivalBand(answer.budgetUpperMs(), 0.95).upper(), 1e-9);
        }
        assertEquals(target, model.survivalBand(answer.budgetLowerMs(), 0.95).lower(), 1e-9);
        if (answer.empiricalBudgetMs() != null) {
            double b = answer.empiricalBudgetMs();
            long exceeding = countExceeding(b);
            assertTrue(exceeding / (double) SAMPLE.durations().length <= target, "empirical rate at the answer");
            assertTrue(countExceeding(Math.nextDown(b)) / (double) SAMPLE.durations().length > target,
                    "no smaller budget does it");
            assertTrue(b <= BUDGET);
        } else {
            assertTrue(target < countExceeding(BUDGET) / (double) SAMPLE.durations().length,
                    "the data answer every target above the timeout rate at the budget");
        }
    }

    @Test
    void unreachableTargetAndMissingModelAreExplained() {
        BudgetAnswer tooLow = TimeoutBudgets.budgetFor(1e-300, SAMPLE.durations(), SAMPLE.censored(), BUDGET, FIT, 0.95);
        assertNull(tooLow.budgetMs());
        assertTrue(tooLow.reason().contains("above the target"), tooLow.reason());

        double[] durations = {5, 30, 30};
        boolean[] censored = {false, true, true};
        DurationDistributionFit nothing = DurationFitter.fit(durations, censored, FitOptions.defaults());
        BudgetAnswer noModel = TimeoutBudgets.budgetFor(0.5, durations, censored, 30, nothing, 0.95);
        assertNull(noModel.budgetMs());
        assertNull(noModel.family());
        assertEquals("no duration model was fitted", noModel.reason());
        BudgetCurve curve = TimeoutBudgets.curve(durations, censored, 30, nothing, List.of(4.0, 10.0), 0.95);
        assertNull(curve.family());
        assertEquals(3L, curve.points().get(0).timeouts());
        assertEquals(2L, curve.points().get(1).timeouts());
        assertNull(curve.points().get(0).modelRate());
    }

    @Test
    void modelRebuiltFromStoredValuesGivesTheSameCurveWithoutEmpiricalColumns() {
        CandidateFit.Fitted best = FIT.bestFit().orElseThrow();
        FittedDistribution stored = FittedDistribution.of(FIT.best(), best.parameters(), best.covariance());
        BudgetCurve fromData = defaultCurve();
        BudgetCurve fromModel = TimeoutBudgets.curve(stored, BUDGET, TimeoutBudgets.defaultGrid(BUDGET), 0.95);
        assertEquals(0, fromModel.samples());
        for (int i = 0; i < fromData.points().size(); i++) {
            BudgetPoint a = fromData.points().get(i);
            BudgetPoint b = fromModel.points().get(i);
            assertEquals(new BudgetPoint(a.budgetMs(), a.extrapolated(), null, null, null, null, a.modelRate(),
                    a.modelLower(), a.modelUpper()), b);
        }
        BudgetAnswer answer = TimeoutBudgets.budgetFor(0.05, stored, BUDGET, 0.95);
        BudgetAnswer withData = TimeoutBudgets.budgetFor(0.05, SAMPLE.durations(), SAMPLE.censored(), BUDGET, FIT, 0.95);
        assertEquals(withData.budgetMs(), answer.budgetMs());
        assertNull(answer.empiricalBudgetMs());
        assertNotNull(withData.budgetMs());
    }

    @Test
    void empiricalColumnsStopAtTheEarliestCensoringTime() {
        double[] durations = {1, 2, 3, 4, 5, 6, 8, 10};
        boolean[] censored = {false, false, false, false, true, false, false, true};
        DurationDistributionFit fit = DurationFitter.fit(durations, censored, FitOptions.defaults().withBootstrapReplicates(0).withSeed(1));
        BudgetCurve curve = TimeoutBudgets.curve(durations, censored, 10, fit, List.of(4.0, 5.0, 7.0, 12.0), 0.9);
        assertEquals(4L, curve.points().get(0).timeouts());
        assertEquals(4L, curve.points().get(1).timeouts());
        assertNull(curve.points().get(2).timeouts(), "the run killed at 5 may or may not have passed 7");
        assertNull(curve.points().get(3).timeouts());
        assertTrue(curve.points().get(3).extrapolated());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> TimeoutBudgets.defaultGrid(0));
        assertThrows(IllegalArgumentException.class, () -> TimeoutBudgets.curve(SAMPLE.durations(), SAMPLE.censored(),
                BUDGET, FIT, List.of(-1.0), 0.95));
        assertThrows(IllegalArgumentException.class, () -> TimeoutBudgets.curve(SAMPLE.durations(), SAMPLE.censored(),
                BUDGET, FIT, List.of(1.0), 1.0));
        assertThrows(IllegalArgumentException.class, () -> TimeoutBudgets.budgetFor(0, SAMPLE.durations(),
                SAMPLE.censored(), BUDGET, FIT, 0.95));
        assertThrows(IllegalArgumentException.class, () -> TimeoutBudgets.budgetFor(0.1, new double[] {1, 2},
                new boolean[1], BUDGET, FIT, 0.95));
    }

    private static long countExceeding(double budget) {
        long count = 0;
        for (int i = 0; i < SAMPLE.durations().length; i++) {
            if (SAMPLE.censored()[i] || SAMPLE.durations()[i] > budget) {
                count++;
            }
        }
        return count;
    }
}
