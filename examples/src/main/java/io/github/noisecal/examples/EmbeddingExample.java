package io.github.noisecal.examples;

import io.github.noisecal.calibration.Calibration;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.format.ModelFormat;
import io.github.noisecal.calibration.format.ModelFormats;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.journal.JournalMode;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Calibrating through the API: the simulated verifier on two tiers (one of them user-defined), every sample
 * journaled as JSON Lines (run it again and it resumes: the samples recorded are not run twice), the model written
 * as YAML and read back.
 *
 * <p>Run: {@code java -cp examples/target/noisecal.jar io.github.noisecal.examples.EmbeddingExample out/}
 */
public final class EmbeddingExample {
    private EmbeddingExample() {
    }

    public static void main(String[] args) {
        Path directory = Path.of(args.length > 0 ? args[0] : "artifacts");
        CalibrationModel model = calibrate(directory);
        for (TierCalibration tier : model.tiers().values()) {
            RateEstimate timeouts = tier.timeoutRate();
            System.out.printf("%s: timeout rate %.3f [%.3f, %.3f] over %d samples%n", tier.tier(), timeouts.rate(),
                    timeouts.lower(), timeouts.upper(), tier.nSamples());
        }
    }

    /** Calibrates, writes {@code model.yaml} and {@code raw.jsonl} into {@code directory}, returns the model read back. */
    public static CalibrationModel calibrate(Path directory) {
        Tier quick = new Tier("QUICK", Duration.ofSeconds(10));
        CalibrationModel model = Calibration.builder()
                .backend("mock", BackendConfig.empty())
                .tiers(List.of(quick, Tier.BALANCED))
                .samplesPerTier(2_000)
                .seed(42)
                .workers(2)
                .journal(directory.resolve("raw.jsonl"), JournalMode.RESUME)
                .run();
        Path file = directory.resolve("model.yaml");
        ModelFormat yaml = ModelFormats.load().forFile(file);
        yaml.write(model, file);
        return yaml.read(file);
    }
}
