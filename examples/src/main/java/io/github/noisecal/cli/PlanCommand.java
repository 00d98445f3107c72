package io.github.noisecal.cli;

import io.github.noisecal.calibration.plan.SamplingPlan;
import io.github.noisecal.calibration.plan.TierGroup;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.stats.ComputeBudget;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.stats.ModulePlan;
import io.github.noisecal.calibration.stats.PlanCriterion;
import io.github.noisecal.calibration.stats.PrecisionMeasure;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.calibration.stats.SampleSizePlan;
import io.github.noisecal.calibration.stats.SampleSizePlanner;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:planned", "2:bad input", "1:an unexpected failure"}, mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Samples per tier needed for a rate interval of a given precision (an exact search on the "
                + "interval method, not the normal approximation), the modules that needs when modules are run "
                + "several times, and the verifier time it implies.",
                "The output states the criterion the number meets. By default (--criterion expected-count) the "
                        + "interval at the expected count round(n p) meets the target, which about half of the "
                        + "calibrations planned that way will miss; --assurance Q plans for probability Q, exactly "
                        + "from the binomial law; --criterion expected for the expected precision."})
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--expected-rate", required = true, paramLabel = "RATE",
            description = "The rate to plan for, in [0, 1], such as the expected timeout rate.")
    double expectedRate;

    @Option(names = "--half-width", required = true, paramLabel = "H",
            description = "Target precision, in (0, 0.5]: the interval's half-width, or with --max-distance the "
                    + "distance from the estimate to either bound.")
    double halfWidth;

    @Option(names = "--max-distance",
            description = "Measure precision as the distance from the estimate to the farther bound (what "
                    + "'within +-H' means near a rate of 0), not half the width.")
    boolean maxDistance;

    @Option(names = "--criterion", paramLabel = "CRITERION", completionCandidates = CompletionValues.PlanCriteria.class,
            description = "What the plan promises: expected-count (default: the interval at the expected count), "
                    + "expected (the expected precision), assurance (see --assurance).")
    String criterion;

    @Option(names = "--assurance", paramLabel = "Q",
            description = "Plan so that the precision is met with probability at least Q, in (0, 1), exactly from "
                    + "the binomial law; implies --criterion assurance.")
    Double assurance;

    @Mixin
    IntervalOptions intervals;

    @Option(names = "--icc", paramLabel = "R",
            description = "Intra-module correlation of the outcome, in [0, 1): with --repeats, answers how many "
                    + "distinct modules the precision needs (design effect 1 + (K-1) R).")
    Double icc;

    @Option(names = "--repeats", paramLabel = "K", defaultValue = "1",
            description = "Runs of each module per tier, as calibrate --repeats. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--tiers", arity = "1..*", paramLabel = "TIER", defaultValue = "FAST BALANCED SLOW",
            completionCandidates = CompletionValues.PredefinedTiers.class,
            split = "[ ,]", description = "The tiers to be calibrated, as calibrate --tiers. Default: FAST BALANCED SLOW.")
    List<String> tierNames;

    @Option(names = "--budget", paramLabel = "TIER=DURATION",
            description = "A tier's wall-clock budget, as calibrate --budget (repeatable).")
    List<String> budgets = new ArrayList<>();

    @Option(names = "--max-heartbeats", paramLabel = "TIER=N",
            description = "A tier's heartbeat limit, as calibrate: tiers share runs only when their limits agree.")
    List<String> maxHeartbeats = new ArrayList<>();

    @Option(names = "--memory-limit-mb", paramLabel = "TIER=N", description = "A tier's memory limit, likewise.")
    List<String> memoryLimitMb = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "TIER=N", description = "A tier's Lean threads, likewise.")
    List<String> threads = new ArrayList<>();

    @Option(names = "--mean-duration", paramLabel = "[TIER=]DURATION",
            description = "Mean wall time of one verifier run, such as 20s, or per tier SLOW=45s (repeatable): adds "
                    + "the compute estimate.")
    List<String> meanDurations = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "W", defaultValue = "1",
            description = "Verifications run in parallel, for the wall-clock estimate. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        if (!(expectedRate >= 0 && expectedRate <= 1)) {
            throw new UsageException("--expected-rate: must lie in [0, 1], got " + expectedRate);
        }
        if (!(halfWidth > 0 && halfWidth <= 0.5)) {
            throw new UsageException("--half-width: must lie in (0, 0.5], got " + halfWidth);
        }
        intervals.validate();
        PlanCriterion planCriterion = criterion();
        if (icc != null && !(icc >= 0 && icc < 1)) {
            throw new UsageException("--icc: must lie in [0, 1), got " + icc);
        }
        if (repeats < 1) {
            throw new UsageException("--repeats: must be at least 1, got " + repeats);
        }
        if (repeats > 1 && icc == null) {
            throw new UsageException("--repeats " + repeats + ": runs of one module are correlated; give their "
                    + "intra-module correlation with --icc R (e.g. --icc 0.3) to plan modules for them");
        }
        if (workers < 1) {
            throw new UsageException("--workers: must be at least 1, got " + workers);
        }
        List<Tier> tiers = tiers();
        Map<String, Duration> means = meanDurations(tiers);
        IntervalMethod method = intervals.intervalMethod();
        double confidence = intervals.confidence;
        PrecisionMeasure measure = maxDistance ? PrecisionMeasure.MAX_DISTANCE : PrecisionMeasure.HALF_WIDTH;
        SampleSizePlan plan;
        try {
            plan = SampleSizePlanner.plan(expectedRate, halfWidth, confidence, method, measure, planCriterion,
                    assurance == null ? Double.NaN : assurance);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--half-width " + halfWidth + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        ModulePlan modules = icc == null ? null : SampleSizePlanner.modules(plan.trials(), icc, repeats);
        long runsPerTier = modules == null ? plan.trials() : modules.runsPerTier();
        if (output.json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("criterion", plan.describeCriterion());
            document.put("plan", plan);
            document.put("expected_events", plan.expectedEvents());
            document.put("few_events_warning", plan.expectsFewEvents());
            document.put("modules", modules);
            document.put("compute", means.isEmpty() ? null : computeJson(tiers, means, runsPerTier));
            OutputOptions.print(out, document);
            return 0;
        }
        printPlan(out, plan, measure);
        if (modules != null) {
            printModules(out, modules);
        }
        if (!means.isEmpty()) {
            printCompute(out, tiers, means, runsPerTier);
        }
        out.flush();
        return 0;
    }

    private PlanCriterion criterion() {
        PlanCriterion chosen;
        try {
            chosen = criterion == null ? null : PlanCriterion.fromId(criterion);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--criterion: " + e.getMessage());
        }
        if (assurance != null) {
            if (!(assurance > 0 && assurance < 1)) {
                throw new UsageException("--assurance: must lie strictly between 0 and 1, got " + assurance);
            }
            if (chosen != null && chosen != PlanCriterion.ASSURANCE) {
                throw new UsageException("--assurance plans for a probability; it cannot be combined with "
                        + "--criterion " + criterion);
            }
            return PlanCriterion.ASSURANCE;
        }
        if (chosen == PlanCriterion.ASSURANCE) {
            throw new UsageException("--criterion assurance: give the probability with --assurance Q, e.g. 0.9");
        }
        return chosen == null ? PlanCriterion.EXPECTED_COUNT : chosen;
    }

    private List<Tier> tiers() {
        List<Tier> tiers = TierSelection.resolve(tierNames, budgets);
        LeanOptions limits = new LeanOptions();
        limits.maxHeartbeats = perTierOnly(maxHeartbeats, "--max-heartbeats");
        limits.memoryLimitMb = perTierOnly(memoryLimitMb, "--memory-limit-mb");
        limits.threads = perTierOnly(threads, "--threads");
        return limits.withTierLimits(tiers);
    }

    /** A limit for every tier changes no grouping; only TIER=N values matter to the plan. */
    private static List<String> perTierOnly(List<String> values, String option) {
        for (String value : values) {
            if (!value.contains("=")) {
                throw new UsageException(option + " '" + value + "': write TIER=N; a limit for every tier does not "
                        + "change the plan");
            }
        }
        return values;
    }

    /** Each tier's mean run duration: a TIER=DURATION value, or the one given for every tier. */
    private Map<String, Duration> meanDurations(List<Tier> tiers) {
        Duration everyTier = null;
        Map<String, Duration> perTier = new LinkedHashMap<>();
        List<String> names = tiers.stream().map(Tier::name).toList();
        for (String value : meanDurations) {
            int eq = value.indexOf('=');
            if (eq < 0) {
                if (everyTier != null) {
                    throw new UsageException("--mean-duration: a duration for every tier is given twice");
                }
                everyTier = DurationParser.parse(value, "--mean-duration");
                continue;
            }
            String name = TierSelection.normalize(value.substring(0, eq), "--mean-duration '" + value + "'");
            if (!names.contains(name)) {
                throw new UsageException("--mean-duration " + value + ": tier " + name + " is not in --tiers " + names);
            }
            if (perTier.put(name, DurationParser.parse(value.substring(eq + 1), "--mean-duration " + name)) != null) {
                throw new UsageException("--mean-duration: tier " + name + " is given a duration twice");
            }
        }
        if (everyTier == null && perTier.isEmpty()) {
            return Map.of();
        }
        Map<String, Duration> means = new LinkedHashMap<>();
        for (String name : names) {
            Duration mean = perTier.getOrDefault(name, everyTier);
            if (mean == null) {
                throw new UsageException("--mean-duration: no duration for tier " + name + "; give " + name
                        + "=DURATION or a duration for every tier");
            }
            means.put(name, mean);
        }
        return means;
    }

    private void printPlan(PrintWriter out, SampleSizePlan plan, PrecisionMeasure measure) {
        RateEstimate achieved = plan.achieved();
        String measureName = measure == PrecisionMeasure.HALF_WIDTH ? "half-width" : "distance to the farther bound";
        out.printf(Locale.ROOT, "Criterion: %s%n", plan.describeCriterion());
        out.printf(Locale.ROOT, "Samples per tier: %d%n", plan.trials());
        out.printf(Locale.ROOT, "  %s interval at the expected count: %d of %d -> [%.5f, %.5f], %s %.5f%n",
                plan.method().id(), achieved.successes(), achieved.trials(), achieved.lower(), achieved.upper(),
                measureName, measure.of(achieved));
        if (!Double.isNaN(plan.achievedAssurance())) {
            out.printf(Locale.ROOT, "  over the counts a calibration can see: P(%s <= %s) = %.3f, expected %s %.5f%n",
                    measureName, plan.target(), plan.achievedAssurance(), measureName, plan.expectedPrecision());
        }
        out.printf(Locale.ROOT, "  (the normal approximation would say %d)%n", plan.normalApproximationTrials());
        out.printf(Locale.ROOT, "  expected events: %s%n", decimal(plan.expectedEvents()));
        if (plan.expectsFewEvents()) {
            double minority = Math.min(plan.expectedRate(), 1 - plan.expectedRate());
            String needed = minority > 0 ? String.format(Locale.ROOT, " (n >= %d at this rate)",
                    (long) Math.ceil(SampleSizePlan.FEW_EVENTS / minority)) : "";
            out.printf(Locale.ROOT, "Warning: the plan expects %s events (or non-events) in %d samples: an interval "
                            + "from fewer than %d says little more than \"rare\"; plan for at least %d%s%n",
                    decimal(Math.min(plan.expectedEvents(), plan.trials() - plan.expectedEvents())), plan.trials(),
                    (int) SampleSizePlan.FEW_EVENTS, (int) SampleSizePlan.FEW_EVENTS, needed);
        }
    }

    private static void printModules(PrintWriter out, ModulePlan modules) {
        out.printf(Locale.ROOT, "Modules (ICC %s, %d runs per module, design effect %.3f): %d distinct modules, "
                        + "%d runs per tier%n", modules.icc(), modules.repeats(), modules.designEffect(),
                modules.modules(), modules.runsPerTier());
        out.printf(Locale.ROOT, "  one run per module (the answer above): %d modules; however many repeats, no "
                + "fewer than %d modules (%d x ICC)%n", modules.independentRuns(),
                (long) Math.ceil(modules.moduleFloor() - 1e-9), modules.independentRuns());
    }

    private Map<String, Object> computeJson(List<Tier> tiers, Map<String, Duration> means, long runsPerTier) {
        List<TierGroup> groups = sharedGroups(tiers);
        ComputeBudget compute = new ComputeBudget(runsPerTier, tiers.stream().map(t -> means.get(t.name())).toList(),
                groups.stream().map(g -> means.get(tiers.get(g.runTier()).name())).toList(), workers);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("runs_per_tier", runsPerTier);
        json.put("workers", workers);
        for (boolean shared : new boolean[] {false, true}) {
            double hours = shared ? compute.sharedVerifierHours() : compute.independentVerifierHours();
            Map<String, Object> strategy = new LinkedHashMap<>();
            strategy.put("runs", shared ? compute.sharedRuns() : compute.independentRuns());
            strategy.put("verifier_hours", hours);
            strategy.put("wall_clock_hours", compute.wallClockHours(hours));
            json.put(shared ? "shared" : "independent", strategy);
        }
        return json;
    }

    private void printCompute(PrintWriter out, List<Tier> tiers, Map<String, Duration> means, long runsPerTier) {
        List<TierGroup> groups = sharedGroups(tiers);
        List<Duration> independentMeans = tiers.stream().map(t -> means.get(t.name())).toList();
        List<Duration> sharedMeans = groups.stream().map(g -> means.get(tiers.get(g.runTier()).name())).toList();
        ComputeBudget compute = new ComputeBudget(runsPerTier, independentMeans, sharedMeans, workers);
        boolean oneMean = independentMeans.stream().distinct().count() == 1;
        out.printf(Locale.ROOT, "Compute (verifier wall time%s):%n", oneMean
                ? ", " + DurationParser.format(independentMeans.get(0)) + " per run" : "");
        out.printf(Locale.ROOT, "  independent: %d tiers x %d runs = %d runs: %s%n", tiers.size(), runsPerTier,
                compute.independentRuns(), hours(compute, compute.independentVerifierHours()));
        String groupText = groups.stream().map(g -> g.tiers().stream().map(i -> tiers.get(i).name())
                        .collect(Collectors.joining(" ")) + " at " + tiers.get(g.runTier()).name() + "'s budget")
                .collect(Collectors.joining("; "));
        out.printf(Locale.ROOT, "  shared:      %d run group%s (%s) x %d runs = %d runs: %s%n", groups.size(),
                groups.size() == 1 ? "" : "s", groupText, runsPerTier, compute.sharedRuns(),
                hours(compute, compute.sharedVerifierHours()));
        if (oneMean && groups.size() < tiers.size()) {
            out.println("  (one mean for every tier: a shared run at the group's largest budget may well take "
                    + "longer; give --mean-duration TIER=DURATION per tier for a fair comparison)");
        }
    }

    /** Tiers with identical limits share runs: the grouping the sampling plan itself uses. */
    private static List<TierGroup> sharedGroups(List<Tier> tiers) {
        return new SamplingPlan(tiers, 1, 1, 0, List.of("Plan.Module"), TierRuns.SHARED, "plan",
                BackendConfig.empty()).tierGroups();
    }

    private String hours(ComputeBudget compute, double verifierHours) {
        double wall = compute.wallClockHours(verifierHours);
        return String.format(Locale.ROOT, "%.1f h (%.2f days) of verifier time; %.1f h (%.2f days) on %d worker%s",
                verifierHours, verifierHours / 24, wall, wall / 24, workers, workers == 1 ? "" : "s");
    }

    private static String decimal(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.3g", value);
    }
}
