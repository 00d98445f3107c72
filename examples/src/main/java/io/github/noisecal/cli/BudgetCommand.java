package io.github.noisecal.cli;

import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.fit.BudgetAnswer;
import io.github.noisecal.calibration.fit.BudgetCurve;
import io.github.noisecal.calibration.fit.BudgetPoint;
import io.github.noisecal.calibration.fit.CandidateFit;
import io.github.noisecal.calibration.fit.FittedDistribution;
import io.github.noisecal.calibration.fit.TimeoutBudgets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "budget", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Answer budget questions from a model: the smallest budget whose predicted timeout rate is at "
                + "most a target, or the timeout rates at given budgets.",
                "Rates come from each tier's best fitted duration family with a delta-method band; beyond the "
                        + "tier's calibrated budget they are model-dependent extrapolation, and are marked so."})
final class BudgetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A calibrated model (.yaml).")
    Path modelFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Question question;

    static final class Question {
        @Option(names = "--target-timeout-rate", paramLabel = "RATE",
                description = "Find the smallest budget with predicted timeout rate <= RATE, in (0, 1).")
        Double target;

        @Option(names = "--budgets", arity = "1..*", paramLabel = "DURATION",
                description = "Print the predicted timeout rate at each budget, such as 10s 20s 45s.")
        List<String> budgets;
    }

    @Option(names = "--confidence", paramLabel = "LEVEL",
            description = "Confidence level of the bands. Default: the model's.")
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
        PrintWriter out = spec.commandLine().getOut();
        for (TierCalibration tier : model.tiers().values()) {
            double calibratedMs = tier.timeoutS() * 1000;
            Optional<CandidateFit.Fitted> best = tier.durationDistribution().bestFit();
            out.printf(Locale.ROOT, "Tier: %s (calibrated at %s s, %d samples)%n", tier.tier(),
                    number(tier.timeoutS()), tier.nSamples());
            if (best.isEmpty()) {
                out.println("  no duration model was fitted: " + notFittedReason(tier));
                continue;
            }
            FittedDistribution distribution = best.get().distribution();
            if (question.target != null) {
                printAnswer(out, TimeoutBudgets.budgetFor(question.target, distribution, calibratedMs, level),
                        empiricalGridAnswer(tier.budgetCurve(), question.target), level);
            } else {
                BudgetCurve curve = TimeoutBudgets.curve(distribution, calibratedMs, budgetsMs, level);
                for (BudgetPoint point : curve.points()) {
                    out.printf(Locale.ROOT, "  budget %s: timeout rate %.4f (%s%% band [%.4f, %.4f], %s)%s%n",
                            seconds(point.budgetMs()), point.modelRate(), percent(level), point.modelLower(),
                            point.modelUpper(), curve.family(), point.extrapolated()
                                    ? "  extrapolated beyond the calibrated budget" : "");
                }
            }
        }
        out.flush();
        return 0;
    }

    private static void printAnswer(PrintWriter out, BudgetAnswer answer, Optional<BudgetPoint> empirical,
                                    double level) {
        if (answer.budgetMs() == null) {
            out.println("  no budget reaches a timeout rate of " + answer.targetRate() + ": " + answer.reason());
        } else {
            out.printf(Locale.ROOT, "  smallest budget with timeout rate <= %s: %s (%s%% interval [%s, %s], %s)%s%n",
                    answer.targetRate(), seconds(answer.budgetMs()), percent(level), bound(answer.budgetLowerMs()),
                    bound(answer.budgetUpperMs()), answer.family(),
                    answer.extrapolated() ? "  extrapolated beyond the calibrated budget" : "");
        }
        empirical.ifPresent(point -> out.printf(Locale.ROOT,
                "  observed: at %s the timeout rate was %.4f (%d timeouts)%n", seconds(point.budgetMs()),
                point.empiricalRate(), point.timeouts()));
    }

    private static String notFittedReason(TierCalibration tier) {
        return tier.durationDistribution().candidates().values().stream()
                .filter(CandidateFit.NotFitted.class::isInstance)
                .map(candidate -> ((CandidateFit.NotFitted) candidate).reason())
                .findFirst().orElse("no family converged");
    }

    /** The smallest stored grid budget whose observed timeout rate is at most the target. */
    private static Optional<BudgetPoint> empiricalGridAnswer(BudgetCurve curve, double target) {
        return curve.points().stream()
                .filter(p -> p.empiricalRate() != null && p.empiricalRate() <= target)
                .findFirst();
    }

    private static String bound(Double ms) {
        return ms == null ? "unbounded" : seconds(ms);
    }

    private static String seconds(double ms) {
        return String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    private static String percent(double level) {
        return number(level * 100);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.4g", value).replaceAll("\\.?0+$", "");
    }
}
