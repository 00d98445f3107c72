package io.github.noisecal.cli;

import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.acceptance.AcceptanceCheck;
import io.github.noisecal.calibration.acceptance.AcceptanceEnvelope;
import io.github.noisecal.calibration.acceptance.CriterionResult;
import io.github.noisecal.calibration.acceptance.Verdict;
import io.github.noisecal.calibration.yaml.EnvelopeYaml;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a model against acceptance criteria and print pass / conditional pass / fail for each, "
                + "with the numbers. Exit code 0 only when every criterion passes.",
                "Default criteria (the origin plan's): 10000 samples per tier; timeout rate intervals overlapping "
                        + "FAST 0.15-0.25, BALANCED 0.08-0.12, SLOW 0.03-0.07; the ordering FAST > BALANCED > SLOW; "
                        + "best duration family ahead by delta AIC > 10 (5-10 conditional); bootstrap KS p-value "
                        + ">= 0.05 (0.01-0.05 conditional); internal error rate at most 0.01."})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model to check (.yaml).")
    Path modelFile;

    @Option(names = "--envelope", paramLabel = "FILE", description = "Acceptance criteria (YAML) replacing the defaults.")
    Path envelopeFile;

    @Override
    public Integer call() {
        AcceptanceEnvelope envelope = envelopeFile == null ? AcceptanceEnvelope.originDefaults()
                : EnvelopeYaml.read(envelopeFile);
        CalibrationModel model = NoisecalCli.plugins(spec).formats().forFile(modelFile).read(modelFile);
        List<CriterionResult> results = AcceptanceCheck.check(model, envelope);
        PrintWriter out = spec.commandLine().getOut();
        for (CriterionResult result : results) {
            out.printf(Locale.ROOT, "%-16s %-9s %-24s %s%n", result.verdict().label().toUpperCase(Locale.ROOT),
                    result.tier() == null ? "(model)" : result.tier(), result.criterion(), result.detail());
        }
        Verdict overall = AcceptanceCheck.overall(results);
        out.println("Overall: " + overall.label());
        out.flush();
        return overall == Verdict.PASS ? NoisecalCli.EXIT_OK : NoisecalCli.EXIT_FAILURE;
    }
}
