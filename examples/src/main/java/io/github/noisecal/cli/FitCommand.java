package io.github.noisecal.cli;

import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.format.ModelFormat;
import io.github.noisecal.calibration.model.TelemetryRefit;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Rebuild a model from stored JSON Lines telemetry, without running any verifier.")
final class FitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--raw", arity = "1..*", required = true, paramLabel = "FILE",
            description = "Raw telemetry files written by 'calibrate --raw'; several runs may be combined.")
    List<Path> rawFiles;

    @Option(names = "--export", required = true, paramLabel = "FILE", description = "Write the model here (.yaml).")
    Path export;

    @Mixin
    EstimationOptions estimation;

    @Override
    public Integer call() {
        estimation.validate();
        CliOptions.requireWritable(export, "--export");
        ModelFormat format = NoisecalCli.plugins(spec).formats().forFile(export);
        CalibrationModel model = TelemetryRefit.fromFiles(rawFiles, estimation.confidence(),
                estimation.intervalMethod(), estimation.bootstrap, Clock.systemUTC());
        SummaryPrinter.print(model, spec.commandLine().getOut());
        format.write(model, export);
        spec.commandLine().getOut().println("Model written to " + export);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
