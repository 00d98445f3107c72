package io.github.noisecal.cli;

import io.github.noisecal.calibration.format.ModelFormat;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.Provenance;
import io.github.noisecal.calibration.model.TelemetryRefit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "fit",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the model is written", "2:bad input: unreadable, incomplete or mixed telemetry (nothing written)", "1:an unexpected failure"}, mixinStandardHelpOptions = true, sortOptions = false,
        description = "Rebuild a model from journals or other JSON Lines telemetry, without running any verifier;"
                + " the journals of a calibration's shards merge into the model one process would have made.")
final class FitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--raw", arity = "1..*", required = true, paramLabel = "FILE",
            description = "Journals written by 'calibrate --raw' (plain or gzipped JSON Lines), JSON Lines telemetry"
                    + " from elsewhere, or directories of them (their *.jsonl and *.jsonl.gz files).")
    List<Path> rawFiles;

    @Option(names = "--export", required = true, paramLabel = "FILE", description = "Write the model here (" + CliOptions.MODEL_FILE_ENDINGS + ").")
    Path export;

    @Option(names = "--allow-incomplete", description = "Fit a plan's journals even when samples or whole shards"
            + " are missing (the model records how many).")
    boolean allowIncomplete;

    @Option(names = "--allow-mixed", description = "Pool telemetry of different plans, backends or verifier"
            + " versions (the model records it).")
    boolean allowMixed;

    /** Defaults shown here apply to telemetry without a journal header; journals bring the calibration's own. */
    @Mixin
    EstimationOptions estimation;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        output.json(); // an unknown --format is bad input before anything runs
        estimation.validate();
        CliOptions.requireOutput(export, "--export");
        ModelFormat format = NoisecalCli.plugins(spec).formats().forFile(export);
        List<Path> files = expand(rawFiles);
        for (Path file : files) {
            if (CliOptions.same(file, export)) {
                throw new UsageException("--export " + export + " is also given as --raw");
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        // Settings not given are the journals' own (the calibration's), so merged shards give its model.
        var given = spec.commandLine().getParseResult();
        TelemetryRefit.Options options = TelemetryRefit.Options.asCalibrated(Clock.systemUTC())
                .withEstimation(given.hasMatchedOption("--confidence") ? estimation.confidence() : null,
                        given.hasMatchedOption("--interval") ? estimation.intervalMethod() : null,
                        given.hasMatchedOption("--bootstrap") ? estimation.bootstrap : null)
                .allowingIncomplete(allowIncomplete).allowingMixed(allowMixed)
                .withWarnings(warning -> err.println("noisecal: warning: " + warning));
        CalibrationModel model = TelemetryRefit.merge(files, options);
        CliOptions.createParent(export, "--export");
        PrintWriter out = spec.commandLine().getOut();
        boolean json = output.json();
        PrintWriter text = json ? new PrintWriter(java.io.Writer.nullWriter()) : out;
        SummaryPrinter.print(model, text);
        Provenance provenance = model.metadata().provenance();
        if (provenance.missingSamples() > 0) {
            text.println("Incomplete: " + provenance.missingSamples() + " planned samples are missing"
                    + " (--allow-incomplete)");
        }
        format.write(model, export);
        text.println("Model written to " + export);
        if (json) {
            OutputOptions.print(out, ModelJson.of(model, export, null));
        }
        out.flush();
        return 0;
    }

    /** Files as given, directories as their journals in name order. */
    private static List<Path> expand(List<Path> given) {
        List<Path> files = new ArrayList<>();
        for (Path path : given) {
            if (!Files.isDirectory(path)) {
                files.add(path);
                continue;
            }
            try (Stream<Path> listing = Files.list(path)) {
                List<Path> journals = listing.filter(p -> {
                    String name = p.getFileName().toString();
                    return Files.isRegularFile(p) && (name.endsWith(".jsonl") || name.endsWith(".jsonl.gz"));
                }).sorted().toList();
                if (journals.isEmpty()) {
                    throw new UsageException("--raw " + path + ": a directory without *.jsonl or *.jsonl.gz files");
                }
                files.addAll(journals);
            } catch (IOException e) {
                throw new UsageException("--raw " + path + ": cannot list the directory: " + e.getMessage());
            }
        }
        return files;
    }
}
