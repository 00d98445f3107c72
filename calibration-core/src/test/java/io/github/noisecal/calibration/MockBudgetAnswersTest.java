package io.github.noisecal.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.fit.AnswerBasis;
import io.github.noisecal.calibration.fit.BudgetAnswer;
import io.github.noisecal.calibration.fit.BudgetPoint;
import io.github.noisecal.calibration.fit.TimeoutBudgets;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.plan.ModuleList;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.mock.MockBackend;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Budget answers on a calibration of the physical mock, as {@code noisecal calibrate --n 400 --repeats 4 --seed 3
 * --bootstrap 20} makes it: every tier (identical limits) is answered from SLOW's runs, whose timeout rate stays
 * above 5 % up to its 120 s budget, with an interval whose lower bound reaches 5 % only late. The 5 % budget
 * was printed as {@code 160.00 s (95% interval [0.00 s, 223.25 s])}: an optimistic end the runs contradict.
 */
class MockBudgetAnswersTest {

    private static final double TARGET = 0.05;

    private static CalibrationModel calibrate() {
        return Calibration.builder().backend(new MockBackend()).tiers(Tier.PREDEFINED).samplesPerTier(400).repeats(4)
                .modules(ModuleList.defaultPlaceholders(100)).seed(3).workers(2).bootstrapReplicates(20)
                .environment(() -> new EnvironmentFingerprint("t", "t", 2, 0, "17")).run();
    }

    @Test
    void theOptimisticEndIsNeverEarlierThanWhereTheRunsLowerBoundReachesTheTarget() {
        CalibrationModel model = calibrate();
        List<TimeoutBudgets.Evidence> evidence = model.budgetEvidence();
        TimeoutBudgets.Evidence slow = evidence.stream().filter(e -> e.tier().equals("SLOW")).findFirst()
                .orElseThrow();
        assertEquals(120_000, slow.observedUpToMs());
        // The budgets where the observed rate can change: SLOW's runs' ends (they answer for every tier past the
        // others' budgets, and below those the tiers' runs are SLOW's, paired and cut sooner).
        TreeSet<Double> ends = new TreeSet<>();
        for (double t : slow.fit().observed().eventTimesMs()) {
            if (t > 0 && t <= slow.observedUpToMs()) {
                ends.add(t);
            }
        }
        for (TimeoutBudgets.Evidence tier : evidence) {
            Double first = null;
            for (double b : ends) {
                if (TimeoutBudgets.rateAt(tier, evidence, b).lower() <= TARGET) {
                    first = b;
                    break;
                }
            }
            assertNotNull(first, "the runs' lower bound reaches 5 % inside them");
            // Over the 400 runs as independent proofs 5 % is ruled out beyond 100 s; over the proofs the 100 modules
            // sample (clustered by module, as every interval of the model), beyond 80 s.
            assertTrue(first > 80_000, "the runs rule out 5 % until late: " + first);
            BudgetPoint atBudget = TimeoutBudgets.rateAt(tier, evidence, slow.observedUpToMs());
            assertTrue(atBudget.rate() > TARGET, "the runs do not reach the target: " + atBudget);

            BudgetAnswer answer = TimeoutBudgets.budgetFor(tier, evidence, TARGET);
            String context = tier.tier() + ": " + answer;
            assertEquals(AnswerBasis.EXTRAPOLATED, answer.basis(), context);
            assertEquals(first, answer.budgetLowerMs(), context);
            assertTrue(answer.budgetMs() > slow.observedUpToMs(), context);
            assertTrue(answer.budgetUpperMs() == null || answer.budgetUpperMs() >= answer.budgetMs(), context);
            assertEquals(TARGET, TimeoutBudgets.rateAt(tier, evidence, answer.budgetMs()).rate(), 1e-9, context);
        }
    }
    /**
     * At its own budget a tier's answer from the runs is its headline timeout rate with the same interval, over the
     * proofs the 100 modules sample: one clustered interval, whether the model file or budget states it.
     */
    @Test
    void atItsBudgetTheObservedAnswerIsTheHeadlineTimeoutRate() {
        CalibrationModel model = calibrate();
        List<TimeoutBudgets.Evidence> evidence = model.budgetEvidence();
        for (TimeoutBudgets.Evidence tier : evidence) {
            var calibration = model.tier(tier.tier());
            BudgetPoint atBudget = TimeoutBudgets.rateAt(tier, evidence, tier.budgetMs());
            assertEquals(AnswerBasis.OBSERVED, atBudget.basis());
            assertEquals(calibration.timeoutRate().successes(), atBudget.timeouts(), tier.tier());
            assertEquals(calibration.timeoutRate().lower(), atBudget.lower(), tier.tier());
            assertEquals(calibration.timeoutRate().upper(), atBudget.upper(), tier.tier());
            assertTrue(atBudget.upper() - atBudget.lower() > calibration.modules().timeout().runs().upper()
                    - calibration.modules().timeout().runs().lower(), "wider than over the runs: " + atBudget);
        }
    }
}
