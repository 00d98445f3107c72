package io.github.noisecal.cli;

import io.github.noisecal.calibration.Calibration;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.format.ModelFormat;
import io.github.noisecal.calibration.plan.ModuleList;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.run.TelemetrySink;
import io.github.noisecal.calibration.journal.JsonLinesTelemetrySink;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerifierBackend;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "calibrate", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Run a calibration: sample the verifier per tier, print a summary, export the model.")
final class CalibrateCommand implements Callable<Integer>, SettingFlags {
    @Spec
    CommandSpec spec;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "mock",
            description = "Verifier backend (see 'noisecal backends'). Default: ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = "--tiers", arity = "1..*", paramLabel = "TIER", defaultValue = "FAST BALANCED SLOW",
            split = "[ ,]", description = "Tiers to calibrate. Default: FAST BALANCED SLOW.")
    List<String> tierNames;

    @Option(names = "--n", paramLabel = "N", defaultValue = "100",
            description = "Runs per tier: module draws x repeats. Default: ${DEFAULT-VALUE}.")
    long samplesPerTier;

    @Option(names = "--repeats", paramLabel = "K", defaultValue = "1",
            description = "Runs of each module draw per tier, to see verdict flips; --n must be a multiple of it. "
                    + "Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--tier-runs", paramLabel = "STRATEGY", defaultValue = "independent",
            completionCandidates = TierRunsIds.class,
            description = "independent: every tier runs every sample; shared: tiers with identical limits share one "
                    + "run at their largest budget, each tier's record derived from it. Default: ${DEFAULT-VALUE}.")
    String tierRuns;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Master seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--workers", paramLabel = "W", description = "Parallel verifications. Default: the number of cores.")
    Integer workers;

    @Option(names = "--modules", paramLabel = "FILE",
            description = "Module list: one dotted module name per line; blank lines and # comments are skipped. "
                    + "Required for --backend lean. Default: placeholder names Placeholder.Module000..., one per "
                    + "draw (at least 100, at most 10000).")
    Path modulesFile;

    @Mixin
    EstimationOptions estimation;

    @Option(names = "--budget", paramLabel = "TIER=DURATION",
            description = "Override a tier's wall-clock budget or define a new tier, such as FAST=45s or TINY=500ms (repeatable).")
    List<String> budgets = new ArrayList<>();

    @Option(names = "--export", paramLabel = "FILE", description = "Write the calibrated model here (.yaml).")
    Path export;

    @Option(names = "--raw", paramLabel = "FILE", description = "Write every sample's telemetry here as JSON Lines.")
    Path raw;

    @Option(names = "--backend-option", paramLabel = "KEY=VALUE",
            description = "A backend setting, such as median_s=12 or profile=origin for the mock (repeatable).")
    List<String> backendOptions = new ArrayList<>();

    @ArgGroup(exclusive = false, heading = "%nOptions of the lean backend:%n")
    LeanOptions leanOptions = new LeanOptions();

    @Override
    public Integer call() {
        if (leanOptions.anyGiven() && !LeanOptions.BACKEND.equals(backend)) {
            throw new UsageException("the Lean options (--lean-project, --lean, --lake, limits) apply to "
                    + "--backend lean only, not --backend " + backend);
        }
        BackendConfig config = backendConfig();
        List<Tier> tiers = leanOptions.withTierLimits(TierSelection.resolve(tierNames, budgets));
        if (samplesPerTier < 1) {
            throw new UsageException("--n: must be at least 1, got " + samplesPerTier);
        }
        if (repeats < 1) {
            throw new UsageException("--repeats: must be at least 1, got " + repeats);
        }
        if (samplesPerTier % repeats != 0) {
            throw new UsageException("--n " + samplesPerTier + " is not a multiple of --repeats " + repeats
                    + ": each module draw runs " + repeats + " times per tier; use e.g. --n "
                    + (samplesPerTier / repeats + 1) * repeats);
        }
        TierRuns strategy;
        try {
            strategy = TierRuns.fromId(tierRuns);
        } catch (InvalidInputException e) {
            throw new UsageException("--tier-runs: " + e.getMessage());
        }
        int workerCount = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (workerCount < 1 || workerCount > 4096) {
            throw new UsageException("--workers: must lie in [1, 4096], got " + workerCount);
        }
        estimation.validate();
        IntervalMethod method = estimation.intervalMethod();
        if (modulesFile == null && LeanOptions.BACKEND.equals(backend)) {
            throw new UsageException("--backend lean needs --modules FILE: a list of the project's modules to check,"
                    + " one dotted name per line (such as Mathlib.Data.Nat.Basic)");
        }
        List<String> modules = modulesFile == null ? ModuleList.defaultPlaceholders(samplesPerTier / repeats)
                : ModuleList.read(modulesFile);
        CliOptions.requireWritable(export, "--export");
        CliOptions.requireWritable(raw, "--raw");
        ModelFormat format = export == null ? null : NoisecalCli.plugins(spec).formats().forFile(export);
        if (export != null && raw != null && export.toAbsolutePath().normalize().equals(raw.toAbsolutePath().normalize())) {
            throw new UsageException("--export and --raw name the same file " + export);
        }

        ProgressReporter progress = new ProgressReporter(spec.commandLine().getErr(), System.console() != null);
        CalibrationModel model;
        try (VerifierBackend verifier = NoisecalCli.plugins(spec).backends().create(backend, config)) {
            model = calibrate(verifier, config, tiers, modules, strategy, workerCount, method, progress);
        }
        report(model, format);
        return 0;
    }

    private CalibrationModel calibrate(VerifierBackend verifier, BackendConfig config, List<Tier> tiers,
                                       List<String> modules, TierRuns strategy, int workerCount, IntervalMethod method,
                                       ProgressReporter progress) {
        try (TelemetrySink sink = raw == null ? TelemetrySink.discarding() : new JsonLinesTelemetrySink(raw)) {
            // On Ctrl-C the JVM exits without unwinding: stop every verifier process and drop the partial raw file.
            Thread onInterrupt = new Thread(() -> {
                verifier.close();
                sink.close();
            }, "noisecal-shutdown");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            try {
                return Calibration.builder()
                        .backend(verifier, config)
                        .tiers(tiers)
                        .samplesPerTier(samplesPerTier)
                        .repeats(repeats)
                        .tierRuns(strategy)
                        .seed(seed)
                        .modules(modules)
                        .workers(workerCount)
                        .confidenceLevel(estimation.confidence())
                        .bootstrapReplicates(estimation.bootstrap)
                        .intervalMethod(method)
                        .sink(sink)
                        .progress(progress, progress.interval())
                        .run();
            } finally {
                removeHook(onInterrupt);
            }
        }
    }

    private void report(CalibrationModel model, ModelFormat format) {
        PrintWriter out = spec.commandLine().getOut();
        SummaryPrinter.print(model, out);
        if (format != null) {
            format.write(model, export);
            out.println("Model written to " + export);
        }
        if (raw != null) {
            out.println("Raw telemetry written to " + raw);
        }
        out.flush();
    }

    /** The strategies' ids, offered by shell completion. */
    static final class TierRunsIds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(TierRuns.values()).map(TierRuns::id).iterator();
        }
    }

    @Override
    public Map<String, String> flagsBySetting() {
        Map<String, String> flags = new HashMap<>(LeanOptions.FLAGS_BY_SETTING);
        for (String option : backendOptions) {
            int eq = option.indexOf('=');
            if (eq > 0) {
                flags.put(option.substring(0, eq).strip(), "--backend-option " + option.substring(0, eq).strip());
            }
        }
        return flags;
    }

    /** Settings handed to the backend; each backend rejects settings it does not know. */
    private BackendConfig backendConfig() {
        BackendConfig.Builder config = BackendConfig.builder();
        for (String option : backendOptions) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--backend-option '" + option + "': expected KEY=VALUE");
            }
            config.add(option.substring(0, eq).strip(), option.substring(eq + 1));
        }
        leanOptions.addSettings(config);
        return config.build();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to: nothing left to undo.
        }
    }
}
