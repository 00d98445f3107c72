package io.github.noisecal.calibration.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.Calibration;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.stats.ClusteredRate;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Comparisons of calibrations whose modules recur: runs of one module are not independent proofs, so each side
 * counts at its effective sample size (the model's design effect). Without that, two calibrations of the same
 * verifier on different draws of modules "differ" half the time.
 */
class ClusteredComparisonTest {
    private static final ComparisonOptions OPTIONS = ComparisonOptions.defaults();
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final EnvironmentFingerprint MACHINE =
            new EnvironmentFingerprint("Linux 6.1", "Test CPU", 2, 1L << 34, "17.0.15");

    private static ComparisonVerdict verdict(ComparedProportion baseline, ComparedProportion candidate) {
        return RateComparison.decide(List.of(new RateComparison.Request("FAST", ComparedRate.TIMEOUT, baseline,
                candidate)), OPTIONS).get(0).verdict();
    }

    /**
     * 400 seeded pairs of calibrations of one verifier (40 modules x 25 runs each, ICC near 0.3, different draws of
     * modules): the test of equal timeout rates at 0.05 claims a change in about half of them when every run counts
     * as a proof (0.46), and near its level when each side counts at its design effect (0.055-0.064 over 4,000 pairs:
     * the design effect is itself estimated from 40 modules; {@code bench/stats.sh ClusteredCompareLevelBench}).
     * Monte Carlo sd at 0.05: 0.011.
     */
    @Test
    void modulesRunManyTimesDoNotMakeNoiseLookLikeAChange() {
        SplittableRandom random = new SplittableRandom(2026);
        int replicates = 400;
        int naiveChanges = 0;
        int clusteredChanges = 0;
        int naiveWorseClusteredInconclusive = 0;
        for (int i = 0; i < replicates; i++) {
            ClusteredRate a = ClusteredRate.of(ClusteredDraws.draw(random, 40, 25, 1.5), Outcome::isTimeout, 0.95,
                    IntervalMethod.WILSON);
            ClusteredRate b = ClusteredRate.of(ClusteredDraws.draw(random, 40, 25, 1.5), Outcome::isTimeout, 0.95,
                    IntervalMethod.WILSON);
            ComparisonVerdict naive = verdict(ComparedProportion.of(a.population().successes(), 1000),
                    ComparedProportion.of(b.population().successes(), 1000));
            ComparisonVerdict clustered = verdict(ComparedProportion.of(a.clustering()),
                    ComparedProportion.of(b.clustering()));
            naiveChanges += changed(naive) ? 1 : 0;
            clusteredChanges += changed(clustered) ? 1 : 0;
            if (naive == ComparisonVerdict.WORSE && clustered == ComparisonVerdict.INCONCLUSIVE) {
                naiveWorseClusteredInconclusive++;
            }
            assertTrue(clustered != ComparisonVerdict.SAME, "40 modules cannot show two rates within 0.02");
        }
        double naiveRate = naiveChanges / (double) replicates;
        double clusteredRate = clusteredChanges / (double) replicates;
        assertTrue(naiveRate > 0.35, "runs counted as proofs: false changes in " + naiveRate);
        assertTrue(clusteredRate <= 0.05 + 3 * 0.011, "clustered: false changes in " + clusteredRate);
        assertTrue(naiveWorseClusteredInconclusive > replicates / 10, naiveWorseClusteredInconclusive
                + " replicates where only the naive comparison says worse");
    }

    private static boolean changed(ComparisonVerdict verdict) {
        return verdict == ComparisonVerdict.WORSE || verdict == ComparisonVerdict.BETTER;
    }

    /** Calibrations of the physical mock: a module's median duration decides most of its runs' timeouts. */
    private static CalibrationModel mock(long seed, long n, int repeats) {
        return Calibration.builder().backend("mock", BackendConfig.empty()).samplesPerTier(n).repeats(repeats)
                .seed(seed).workers(2).bootstrapReplicates(0).clock(FIXED).environment(() -> MACHINE).run();
    }

    /**
     * Two calibrations of the same mock verifier, differing only in their seed (so in which modules they drew), 40
     * modules run 25 times each: counted as 1,000 independent proofs a side, FAST's timeout rate looks worse; each
     * side at its effective sample size it is inconclusive, as it should be.
     */
    @Test
    void theSameVerifierOnOtherModulesIsNotWorse() {
        CalibrationModel baseline = mock(12, 1000, 25);
        CalibrationModel candidate = mock(7, 1000, 25);
        TierCalibration a = baseline.tier("FAST");
        TierCalibration b = candidate.tier("FAST");
        assertEquals(40, a.modules().distinct());
        assertTrue(a.modules().timeout().designEffect() > 5 && b.modules().timeout().designEffect() > 5,
                a.modules().timeout() + " / " + b.modules().timeout());

        List<RateComparison.Request> naive = new ArrayList<>();
        for (String tier : baseline.tiers().keySet()) {
            for (ComparedRate rate : ComparedRate.values()) {
                naive.add(new RateComparison.Request(tier, rate, independent(baseline.tier(tier), rate),
                        independent(candidate.tier(tier), rate)));
            }
        }
        RateComparison naiveFast = RateComparison.decide(naive, OPTIONS).get(0);
        assertEquals(ComparedRate.TIMEOUT, naiveFast.rate());
        assertEquals(ComparisonVerdict.WORSE, naiveFast.verdict(), naiveFast.toString());

        ModelComparison comparison = ModelComparison.of(baseline, candidate, OPTIONS);
        RateComparison fast = comparison.rates().get(0);
        assertEquals(ComparisonVerdict.INCONCLUSIVE, fast.verdict(), fast.toString());
        assertEquals(a.modules().timeout().designEffect(), fast.baseline().designEffect());
        assertEquals(b.modules().timeout().designEffect(), fast.candidate().designEffect());
        assertTrue(fast.difference().upper() - fast.difference().lower()
                > 2 * (naiveFast.difference().upper() - naiveFast.difference().lower()), "a wider interval");
        assertTrue(comparison.rates().stream().noneMatch(r -> r.verdict() == ComparisonVerdict.WORSE),
                comparison.rates().toString());
        assertTrue(comparison.warnings().isEmpty(), "40 modules are enough: " + comparison.warnings());
    }

    private static ComparedProportion independent(TierCalibration tier, ComparedRate rate) {
        var estimate = switch (rate) {
            case TIMEOUT -> tier.timeoutRate();
            case FAIL -> tier.failRate();
            case SUCCESS -> tier.successRate();
        };
        return ComparedProportion.of(estimate.successes(), estimate.trials());
    }

    /** With one run per module the design effect is 1: every verdict and interval is that of independent samples. */
    @Test
    void withOneRunPerModuleNothingChanges() {
        CalibrationModel baseline = mock(7, 2000, 1);
        CalibrationModel candidate = mock(12, 2000, 1);
        List<RateComparison.Request> naive = new ArrayList<>();
        for (String tier : baseline.tiers().keySet()) {
            assertEquals(1, baseline.tier(tier).modules().maxRuns());
            for (ComparedRate rate : ComparedRate.values()) {
                naive.add(new RateComparison.Request(tier, rate, independent(baseline.tier(tier), rate),
                        independent(candidate.tier(tier), rate)));
            }
        }
        assertEquals(RateComparison.decide(naive, OPTIONS), ModelComparison.of(baseline, candidate, OPTIONS).rates());
    }

    /** A handful of modules run over and over is said to be a handful. */
    @Test
    void fewModulesAreWarnedAbout() {
        CalibrationModel few = Calibration.builder().backend("mock", BackendConfig.empty()).samplesPerTier(200)
                .repeats(20).seed(3).workers(2).bootstrapReplicates(0).clock(FIXED).environment(() -> MACHINE)
                .modules(List.of("A.B", "A.C", "A.D", "A.E", "A.F", "A.G", "A.H", "A.I", "A.J", "A.K")).run();
        ModelComparison comparison = ModelComparison.of(few, few, OPTIONS);
        assertTrue(comparison.warnings().contains("tier FAST: the baseline ran 10 distinct modules (20.0 runs each), "
                + "fewer than the 30 a population claim needs: its design effect rests on few modules, so the "
                + "clustered intervals are approximate"), comparison.warnings().toString());
        assertEquals(6, comparison.warnings().stream().filter(w -> w.contains("distinct modules")).count());
    }
}
