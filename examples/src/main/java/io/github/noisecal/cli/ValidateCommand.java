package io.github.noisecal.cli;

import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.acceptance.AcceptanceCheck;
import io.github.noisecal.calibration.acceptance.AcceptanceEnvelope;
import io.github.noisecal.calibration.acceptance.CriterionResult;
import io.github.noisecal.calibration.acceptance.Verdict;
import io.github.noisecal.calibration.yaml.EnvelopeYaml;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a model against acceptance criteria and print pass / conditional pass / fail (or not "
                + "checked) for each, with the numbers.",
                "Default criteria (the origin plan's): 10000 samples per tier; timeout rate intervals overlapping "
                        + "FAST 0.15-0.25, BALANCED 0.08-0.12, SLOW 0.03-0.07; the ordering FAST > BALANCED > SLOW; "
                        + "best duration family ahead of every rival by delta AIC > 10 (5-10 conditional; families "
                        + "nested within delta AIC 2 are the same model, not rivals); bootstrap KS p-value >= 0.05 "
                        + "(0.01-0.05 conditional) beyond Monte Carlo error, undecided otherwise; internal error rate "
                        + "at most 0.01. An envelope file may relax every criterion.",
                "Exit codes: 0 every criterion passes, 3 conditional pass (none fails, at least one passes only "
                        + "conditionally or is undecided), 4 fail (at least one fails), 2 bad input (an unreadable "
                        + "model or envelope), 1 an unexpected failure."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every criterion passes", "3:conditional pass", "4:at least one criterion fails",
                "2:bad input", "1:unexpected failure"})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", description = "The model to check (" + CliOptions.MODEL_FILE_ENDINGS + ").")
    Path modelOption;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL",
            description = "The model to check, as --model (kept for older scripts).")
    Path modelFile;

    @Option(names = "--envelope", paramLabel = "FILE", description = "Acceptance criteria (YAML) replacing the defaults.")
    Path envelopeFile;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        boolean json = output.json();
        Path file = CliOptions.modelFile(modelOption, modelFile);
        AcceptanceEnvelope envelope = envelopeFile == null ? AcceptanceEnvelope.originDefaults()
                : EnvelopeYaml.read(envelopeFile);
        CalibrationModel model = NoisecalCli.plugins(spec).formats().forFile(file).read(file);
        List<CriterionResult> results = AcceptanceCheck.check(model, envelope);
        Verdict overall = AcceptanceCheck.overall(results);
        int exitCode = switch (overall) {
            case PASS, NOT_CHECKED -> NoisecalCli.EXIT_OK;
            case CONDITIONAL_PASS -> NoisecalCli.EXIT_CONDITIONAL_PASS;
            case FAIL -> NoisecalCli.EXIT_VALIDATION_FAILED;
        };
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> criteria = new ArrayList<>();
            for (CriterionResult result : results) {
                Map<String, Object> criterion = new LinkedHashMap<>();
                criterion.put("criterion", result.criterion());
                criterion.put("tier", result.tier());
                criterion.put("verdict", result.verdict().name().toLowerCase(Locale.ROOT));
                criterion.put("detail", result.detail());
                criteria.add(criterion);
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("model", file.toString());
            document.put("overall", overall.name().toLowerCase(Locale.ROOT));
            document.put("exit_code", exitCode);
            document.put("criteria", criteria);
            OutputOptions.print(out, document);
            return exitCode;
        }
        for (CriterionResult result : results) {
            out.printf(Locale.ROOT, "%-16s %-9s %-24s %s%n", result.verdict().label().toUpperCase(Locale.ROOT),
                    result.tier() == null ? "(model)" : result.tier(), result.criterion(), result.detail());
        }
        out.println("Overall: " + overall.label());
        out.flush();
        return exitCode;
    }
}
