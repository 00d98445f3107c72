package io.github.noisecal.cli;

import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.fit.AnswerBasis;
import io.github.noisecal.calibration.fit.BudgetAnswer;
import io.github.noisecal.calibration.fit.BudgetPoint;
import io.github.noisecal.calibration.fit.TimeoutBudgets;
import io.github.noisecal.calibration.format.ModelFormats;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.telemetry.Tier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "budget",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:answered (a question the model cannot answer says what is missing)", "2:bad input", "1:an unexpected failure"}, mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Answer budget questions from a model: the timeout rate at given budgets, or the smallest "
                + "budget whose timeout rate is at most a target.",
                "Answers come from the runs wherever they exist: up to the budget a tier ran under, or a tier with "
                        + "identical verifier limits ran under, the rate is the observed (Kaplan-Meier) one with its "
                        + "interval over proofs (clustered by module, as the model's rates), and the best fitted "
                        + "family is shown beside it as a model only. Beyond the "
                        + "observed budgets, up to 2x the largest, the answer is extrapolated: the observed rate "
                        + "there times the tail of the plausible families, averaged by Akaike weight, with the "
                        + "envelope of their bands. Further out it is 'beyond the data': the families' range, no "
                        + "number. Every interval is pointwise."})
final class BudgetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A calibrated model (" + CliOptions.MODEL_FILE_ENDINGS + ").")
    Path modelFile;

    @Mixin
    OutputOptions output;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Question question;

    static final class Question {
        @Option(names = "--target-timeout-rate", paramLabel = "RATE",
                description = "Find the smallest budget with timeout rate <= RATE, in (0, 1).")
        Double target;

        @Option(names = "--budgets", arity = "1..*", paramLabel = "DURATION",
                description = "Print the timeout rate at each budget, such as 10s 20s 45s.")
        List<String> budgets;
    }

    @Option(names = "--confidence", paramLabel = "LEVEL",
            description = "Confidence level of the intervals. Default: the model's.")
    Double confidence;

    @Override
    public Integer call() {
        if (question.target != null && !(question.target > 0 && question.target < 1)) {
            throw new UsageException("--target-timeout-rate: must lie strictly between 0 and 1, got "
                    + question.target);
        }
        if (confidence != null && !(confidence > 0 && confidence < 1)) {
            throw new UsageException("--confidence: must lie strictly between 0 and 1, got " + confidence);
        }
        List<Double> budgetsMs = question.budgets == null ? List.of() : question.budgets.stream()
                .map(text -> DurationParser.parse(text, "--budgets").toNanos() / 1e6).toList();
        CalibrationModel model = NoisecalCli.plugins(spec).formats().forFile(modelFile).read(modelFile);
        double level = confidence != null ? confidence : model.metadata().confidenceLevel();
        List<TimeoutBudgets.Evidence> evidence = model.budgetEvidence(level);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            List<Map<String, Object>> tiers = new ArrayList<>();
            for (TimeoutBudgets.Evidence tier : evidence) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("tier", tier.tier());
                entry.put("budget_ms", tier.budgetMs());
                entry.put("runs", model.tier(tier.tier()).nSamples());
                entry.put("limits", tier.limits());
                if (question.target != null) {
                    entry.put("answer", TimeoutBudgets.budgetFor(tier, evidence, question.target));
                } else {
                    entry.put("points", budgetsMs.stream().map(b -> TimeoutBudgets.rateAt(tier, evidence, b))
                            .toList());
                }
                tiers.add(entry);
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("model", modelFile.toString());
            document.put("confidence", level);
            document.put("tiers", tiers);
            OutputOptions.print(out, document);
            return 0;
        }
        for (TimeoutBudgets.Evidence tier : evidence) {
            TierCalibration calibration = model.tier(tier.tier());
            out.printf(Locale.ROOT, "Tier: %s (budget %s, %d runs%s)%n", tier.tier(), DurationParser.show(tier.budgetMs()),
                    calibration.nSamples(), tier.limits().isEmpty() ? "" : ", limits " + tier.limits());
            if (question.target != null) {
                printAnswer(out, TimeoutBudgets.budgetFor(tier, evidence, question.target), level);
            } else {
                for (double budget : budgetsMs) {
                    printPoint(out, TimeoutBudgets.rateAt(tier, evidence, budget), level);
                }
            }
        }
        out.flush();
        return 0;
    }


    private static void printPoint(PrintWriter out, BudgetPoint point, double level) {
        String at = "  at " + DurationParser.show(point.budgetMs()) + ": ";
        String band = band(point.lower(), point.upper(), level);
        switch (point.basis()) {
            case OBSERVED -> out.println(at + "timeout rate " + rate(point.rate()) + " " + band + ", observed"
                    + (point.timeouts() == null ? "" : " (" + point.timeouts() + " runs longer)"));
            case EXTRAPOLATED -> out.println(at + "timeout rate " + rate(point.rate()) + " " + band
                    + String.format(Locale.ROOT, ", extrapolated %.2fx", point.factor()));
            case BEYOND_DATA -> out.println(at + "beyond the data: no number; the plausible families put it in "
                    + range(point.lower(), point.upper()));
            case NO_ANSWER -> out.println(at + "no answer");
        }
        if (point.basis() != AnswerBasis.OBSERVED && point.modelRate() != null) {
            // A model's S(b) is never 0: a 0 is a tail that underflowed, and its band has no width to print.
            out.println("    beside it, as a model only: the best family gives " + (point.modelUpper() < 1e-300
                    ? "below 1e-300 (its tail underflows here: no band)" : rate(point.modelRate()) + " "
                    + band(point.modelLower(), point.modelUpper(), level)));
        }
        point.notes().forEach(note -> out.println("    " + note));
    }

    private static void printAnswer(PrintWriter out, BudgetAnswer answer, double level) {
        String target = "timeout rate <= " + answer.targetRate();
        switch (answer.basis()) {
            case OBSERVED -> out.printf(Locale.ROOT, "  smallest budget with %s: %s (%s%% interval [%s, %s]), "
                            + "observed%n", target, DurationParser.show(answer.budgetMs()), percent(level),
                    DurationParser.show(answer.budgetLowerMs()), answer.budgetUpperMs() == null ? "beyond the runs"
                            : DurationParser.show(answer.budgetUpperMs()));
            case EXTRAPOLATED -> out.printf(Locale.ROOT, "  smallest budget with %s: %s (%s%% interval [%s, %s]), "
                            + "extrapolated %.2fx%n", target, DurationParser.show(answer.budgetMs()), percent(level),
                    bound(answer.budgetLowerMs()), bound(answer.budgetUpperMs()), answer.factor());
            case BEYOND_DATA -> out.printf(Locale.ROOT, "  smallest budget with %s: not a number; %s (the "
                            + "families' range: %s to %s)%n", target, answer.reason(), bound(answer.budgetLowerMs()),
                    bound(answer.budgetUpperMs()));
            case NO_ANSWER -> out.println("  smallest budget with " + target + ": " + answer.reason());
        }
        answer.notes().forEach(note -> out.println("    " + note));
    }

    /** A pointwise interval, flagged when it has no width (a model without spread there, not a measurement). */
    private static String band(Double lower, Double upper, double level) {
        if (lower == null || upper == null) {
            return "";
        }
        String interval = "(" + percent(level) + "% interval [" + rate(lower) + ", " + rate(upper) + "]";
        return lower.equals(upper) ? interval + ", no width: the model has no spread here, not a measurement)"
                : interval + ")";
    }

    private static String range(double lower, double upper) {
        return "[" + rate(lower) + ", " + rate(upper) + "]";
    }

    /** A rate: four decimals, three significant digits below 1e-4, and below the double range {@code < 1e-300}. */
    static String rate(double value) {
        if (value == 0) {
            return "0";
        }
        if (value < 1e-300) {
            return "< 1e-300";
        }
        return value >= 1e-4 ? String.format(Locale.ROOT, "%.4f", value) : String.format(Locale.ROOT, "%.3g", value);
    }

    private static String bound(Double ms) {
        return ms == null ? "beyond the search" : DurationParser.show(ms);
    }


    private static String percent(double level) {
        double value = level * 100;
        return value == Math.rint(value) ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.4g", value).replaceAll("\\.?0+$", "");
    }
}
