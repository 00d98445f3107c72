package io.github.noisecal.calibration.report;

import io.github.noisecal.calibration.Calibration;
import io.github.noisecal.calibration.journal.JournalMode;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.model.TelemetryRefit;
import io.github.noisecal.calibration.plan.Shard;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Real calibrations of the mock backend, three tiers, with their raw telemetry. */
final class MockCalibrations {
    private MockCalibrations() {
    }

    /**
     * Calibrates FAST, BALANCED and SLOW with {@code n} samples each, {@code n / repeats} modules run {@code repeats}
     * times each (repeats show the physical mock's flips), and writes the raw telemetry to {@code raw}.
     */
    static CalibrationModel calibrate(long n, int repeats, int bootstrap, Path raw) {
        return calibrate(n, repeats, bootstrap, TierRuns.INDEPENDENT, raw);
    }

    /** As {@link #calibrate(long, int, int, Path)}, the tiers' runs independent or shared. */
    static CalibrationModel calibrate(long n, int repeats, int bootstrap, TierRuns tierRuns, Path raw) {
        return builder(n, repeats, bootstrap, tierRuns, 42).journal(raw, JournalMode.NEW).run();
    }

    /**
     * Another calibration with the same tiers, budgets and sample counts as {@link #calibrate(long, int, int, Path)}
     * but another seed, hence another plan.
     */
    static CalibrationModel calibrateWithSeed(long seed, long n, int repeats, Path raw) {
        return builder(n, repeats, 0, TierRuns.INDEPENDENT, seed).journal(raw, JournalMode.NEW).run();
    }

    /** Runs one shard of the plan of {@link #calibrate(long, int, int, Path)} into its journal (no model). */
    static void calibrateShard(long n, int repeats, Shard shard, Path journal) {
        try (Calibration.Run run = builder(n, repeats, 0, TierRuns.INDEPENDENT, 42).shard(shard)
                .journal(journal, JournalMode.NEW).prepare()) {
            run.record();
        }
    }

    /** The journals' model, as {@code noisecal fit} merges them. */
    static CalibrationModel fit(List<Path> journals) {
        return TelemetryRefit.merge(journals, TelemetryRefit.Options.asCalibrated(CLOCK));
    }

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    private static Calibration.Builder builder(long n, int repeats, int bootstrap, TierRuns tierRuns, long seed) {
        return Calibration.builder()
                .backend("mock", BackendConfig.empty())
                .tiers(List.of(Tier.FAST, Tier.BALANCED, Tier.SLOW))
                .samplesPerTier(n)
                .repeats(repeats)
                .tierRuns(tierRuns)
                .seed(seed)
                .workers(2)
                .bootstrapReplicates(bootstrap)
                .clock(CLOCK)
                .environment(() -> new EnvironmentFingerprint("Linux 6.1", "Test CPU @ 2.0GHz", 2, 24L << 30,
                        "17.0.15"));
    }
}
