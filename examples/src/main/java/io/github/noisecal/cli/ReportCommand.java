package io.github.noisecal.cli;

import io.github.noisecal.calibration.acceptance.AcceptanceEnvelope;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.report.CalibrationReport;
import io.github.noisecal.calibration.yaml.EnvelopeYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "report",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the report is written", "2:bad input (nothing written)", "1:an unexpected failure"}, mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a self-contained HTML report of a model: rates with intervals across tiers, durations "
                + "against the fitted families, budget curves, repeatability, tier comparisons, acceptance and "
                + "metadata. One file with inline SVG figures, no script, nothing fetched: it opens from disk and "
                + "prints.",
                "Budget curves and recommended budgets are answered as `noisecal budget` answers them: observed, "
                        + "extrapolated or beyond the data, each drawn as such. Repeatability and each rate's design "
                        + "effect come from the model; with --raw (the same calibration's telemetry) it adds duration "
                        + "histograms, Kaplan-Meier curves and the modules whose verdicts flip most.",
                "--raw must be the model's own telemetry: its records must name the model's plan (a calibration, "
                        + "or the shards fit merged); for a model without a plan id (rebuilt from foreign telemetry) "
                        + "each tier's budget and number of runs must match, and a warning says so."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A calibrated model (" + CliOptions.MODEL_FILE_ENDINGS + ").")
    Path modelFile;

    @Option(names = "--raw", arity = "1..*", paramLabel = "FILE",
            description = "The calibration's raw telemetry (JSON Lines): histograms, Kaplan-Meier curves, the "
                    + "modules that flip most.")
    List<Path> rawFiles = List.of();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Write the report here (.html).")
    Path out;

    @Option(names = "--force", description = "Replace --out if it exists.")
    boolean force;

    @Option(names = "--target-timeout-rate", paramLabel = "RATE",
            description = "Mark each tier's smallest budget with timeout rate <= RATE, in (0, 1).")
    Double target;

    @Option(names = "--envelope", paramLabel = "FILE",
            description = "Acceptance criteria (YAML) to report instead of the origin plan's defaults.")
    Path envelopeFile;

    @Override
    public Integer call() {
        if (target != null && !(target > 0 && target < 1)) {
            throw new UsageException("--target-timeout-rate: must lie strictly between 0 and 1, got " + target);
        }
        requireNewFileInExistingDirectory(out, "--out", force);
        CalibrationModel model = NoisecalCli.plugins(spec).formats().forFile(modelFile).read(modelFile);
        AcceptanceEnvelope envelope = envelopeFile == null ? AcceptanceEnvelope.originDefaults()
                : EnvelopeYaml.read(envelopeFile);
        CalibrationReport.builder(model)
                .title(String.valueOf(modelFile.getFileName()))
                .rawTelemetry(rawFiles)
                .warnings(warning -> {
                    spec.commandLine().getErr().println("noisecal: warning: " + warning);
                    spec.commandLine().getErr().flush();
                })
                .targetTimeoutRate(target)
                .envelope(envelope)
                .build()
                .write(out, force);
        spec.commandLine().getOut().println("Report written to " + out);
        spec.commandLine().getOut().flush();
        return NoisecalCli.EXIT_OK;
    }

    /**
     * A report goes into a directory that exists (it is not created: a mistyped path should fail, not scatter
     * files) and replaces a file only when asked to.
     */
    static void requireNewFileInExistingDirectory(Path file, String option, boolean overwrite) {
        CliOptions.requireWritable(file, option);
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UsageException(option + " " + file + ": directory " + parent + " does not exist; create it "
                    + "first");
        }
        if (Files.exists(file) && !overwrite) {
            throw new UsageException(option + " " + file + ": the file exists; add --force to replace it");
        }
    }
}
