package io.github.noisecal.cli;

import io.github.noisecal.calibration.Calibration;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.format.ModelFormat;
import io.github.noisecal.calibration.plan.ModuleList;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.journal.JournalMismatchException;
import io.github.noisecal.calibration.journal.JournalMode;
import io.github.noisecal.calibration.plan.PlanDifference;
import io.github.noisecal.calibration.plan.Shard;
import io.github.noisecal.calibration.run.CalibrationInterruptedException;
import io.github.noisecal.calibration.run.RetryPolicy;
import io.github.noisecal.calibration.run.StopRequest;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerifierBackend;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "calibrate",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the calibration ran; the model and journal are written", "2:bad input (one line on stderr; nothing written)", "1:the run failed (the journal is kept; a second line says how to resume)", "130:stopped by SIGINT (the journal is kept; one line says how to resume)", "143:stopped by SIGTERM", "129:stopped by SIGHUP"}, sortOptions = false, mixinStandardHelpOptions = true,
        description = "Run a calibration: sample the verifier per tier, print a summary, export the model.")
final class CalibrateCommand implements Callable<Integer>, SettingFlags {
    @Spec
    CommandSpec spec;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "mock",
            completionCandidates = CompletionValues.BackendNames.class,
            description = "Verifier backend (see 'noisecal backends'). Default: ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = "--tiers", arity = "1..*", paramLabel = "TIER", defaultValue = "FAST BALANCED SLOW",
            completionCandidates = CompletionValues.PredefinedTiers.class,
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
            completionCandidates = CompletionValues.TierRunsIds.class,
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

    @Mixin
    OutputOptions output;

    @Option(names = "--export", paramLabel = "FILE", description = "Write the calibrated model here (" + CliOptions.MODEL_FILE_ENDINGS + ").")
    Path export;

    @Option(names = "--raw", paramLabel = "FILE",
            description = "The journal: every sample's telemetry, appended as JSON Lines as it completes, after a"
                    + " header naming the plan. Never deleted; --resume continues it.")
    Path raw;

    @Option(names = "--resume", description = "Continue the journal in --raw: check that it belongs to the same"
            + " options, skip the samples it has, run the rest and build the model from all of them. A missing"
            + " journal is started.")
    boolean resume;

    @Option(names = "--force", description = "Start a new journal even though --raw exists; the old file is moved"
            + " aside (a timestamp added to its name) when the first sample is recorded.")
    boolean force;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only part I of N of the plan (0 <= I < N; draw d belongs to part d mod N), into its"
                    + " own --raw journal; merge the parts with 'noisecal fit'.")
    String shard;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "Retries of a run after a transient harness error (a failed fork, a killed launcher)."
                    + " Default: ${DEFAULT-VALUE}.")
    int retries;

    @Option(names = "--retry-backoff", paramLabel = "DURATION", defaultValue = "1s",
            description = "The wait before the first retry, doubled for each later one (at most 30 s). Default:"
                    + " ${DEFAULT-VALUE}.")
    String retryBackoff;

    @Option(names = "--backend-option", paramLabel = "KEY=VALUE",
            description = "A backend setting, such as median_s=12 or profile=origin for the mock (repeatable).")
    List<String> backendOptions = new ArrayList<>();

    @ArgGroup(exclusive = false, heading = "%nOptions of the lean backend:%n")
    LeanOptions leanOptions = new LeanOptions();

    @Override
    public Integer call() {
        output.json(); // an unknown --format is bad input before anything runs
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
        int cores = Runtime.getRuntime().availableProcessors();
        int workerCount = workers == null ? cores : workers;
        if (workerCount < 1 || workerCount > 4096) {
            throw new UsageException("--workers: must lie in [1, 4096], got " + workerCount);
        }
        estimation.validate();
        IntervalMethod method = estimation.intervalMethod();
        Shard part = shard();
        RetryPolicy retryPolicy = retryPolicy();
        JournalMode journalMode = journalMode(part);
        if (modulesFile == null && LeanOptions.BACKEND.equals(backend)) {
            throw new UsageException("--backend lean needs --modules FILE: a list of the project's modules to check,"
                    + " one dotted name per line (such as Mathlib.Data.Nat.Basic)");
        }
        List<String> modules = modulesFile == null ? ModuleList.defaultPlaceholders(samplesPerTier / repeats)
                : ModuleList.read(modulesFile);
        CliOptions.requireJournal(raw, "--raw");
        if (raw != null && !resume && !force && Files.exists(raw, LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("--raw " + raw + " exists: add --resume to continue it, or --force to start over"
                    + " (the old file is then moved aside to " + raw.getFileName() + ".replaced-TIMESTAMP)");
        }
        CliOptions.requireOutput(export, "--export");
        ModelFormat format = export == null ? null : NoisecalCli.plugins(spec).formats().forFile(export);
        if (export != null && raw != null && CliOptions.same(export, raw)) {
            throw new UsageException("--export and --raw name the same file " + export);
        }
        PrintWriter err = spec.commandLine().getErr();

        ProgressReporter progress = new ProgressReporter(err, System.console() != null);
        StopRequest stop = new StopRequest();
        try (VerifierBackend verifier = NoisecalCli.plugins(spec).backends().create(backend, config)) {
            Calibration.Builder builder = Calibration.builder()
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
                    .shard(part)
                    .retries(retryPolicy)
                    .stopRequest(stop)
                    .command(command())
                    .warnings(warning -> err.println("noisecal: warning: " + warning))
                    .progress(progress, progress.interval());
            if (raw != null) {
                builder.journal(raw, journalMode);
            }
            try (Calibration.Run run = prepare(builder)) {
                CliOptions.createParent(export, "--export");
                if (workerCount > cores) {
                    err.println("noisecal: warning: --workers " + workerCount + " exceeds the " + cores
                            + " available cores: runs compete for the CPU and their durations stretch (the model"
                            + " records workers, cores and load average)");
                }
                if (run.resumed()) {
                    err.println("noisecal: resuming " + raw + ": " + run.samplesRecordedBefore() + " of "
                            + run.plannedSamples() + " samples recorded");
                }
                return execute(run, format, verifier, stop);
            }
        }
    }

    private Calibration.Run prepare(Calibration.Builder builder) {
        try {
            return builder.prepare();
        } catch (JournalMismatchException e) {
            throw new UsageException("--resume: " + describe(e) + "; resume with the options that made the"
                    + " journal (its first line lists them), or give another --raw");
        }
    }

    /** What differs between the journal and this command, in the command's own flags. */
    static String describe(JournalMismatchException e) {
        List<String> parts = new ArrayList<>();
        for (PlanDifference d : e.planDifferences()) {
            String flag = flagOf(d.key());
            if (flag == null) {
                continue;
            }
            List<String> there = d.key().equals("budget_ns") ? budgets(d.first()) : d.first();
            List<String> here = d.key().equals("budget_ns") ? budgets(d.second()) : d.second();
            if (d.key().startsWith("modules")) {
                parts.add("--modules names another module list");
            } else {
                parts.add(flag + " " + show(there) + " there, " + show(here) + " here");
            }
        }
        if (e.shardDifference() != null) {
            String[] shards = e.shardDifference().split(" vs ");
            parts.add("--shard " + shards[0] + " there, " + shards[1] + " here");
        }
        if (e.verifierDifference() != null) {
            String[] versions = e.verifierDifference().split(" vs ", 2);
            parts.add("the verifier was " + versions[0] + " there, is " + versions[1] + " here");
        }
        return "journal " + e.file() + " was made by another calibration: " + String.join("; ",
                parts.stream().distinct().toList());
    }

    private static String flagOf(String key) {
        return switch (key) {
            case "seed" -> "--seed";
            case "estimation.confidence_level" -> "--confidence";
            case "estimation.interval_method" -> "--interval";
            case "estimation.bootstrap_replicates" -> "--bootstrap";
            case "samples_per_tier" -> "--n";
            case "repeats" -> "--repeats";
            case "tier_runs" -> "--tier-runs";
            case "tier" -> "--tiers";
            case "budget_ns" -> "--budget";
            case "modules", "modules_sha256" -> "--modules";
            case "backend" -> "--backend";
            case "limit." + Tier.LIMIT_MAX_HEARTBEATS, "setting." + Tier.LIMIT_MAX_HEARTBEATS -> "--max-heartbeats";
            case "limit." + Tier.LIMIT_MEMORY_MB, "setting." + Tier.LIMIT_MEMORY_MB -> "--memory-limit-mb";
            case "limit." + Tier.LIMIT_THREADS, "setting." + Tier.LIMIT_THREADS -> "--threads";
            case "setting.lean_option" -> "--lean-option";
            case "setting.project" -> "--lean-project";
            case "setting.lean" -> "--lean";
            case "setting.lake" -> "--lake";
            default -> key.startsWith("setting.") ? "--backend-option " + key.substring("setting.".length())
                    : key.startsWith("limit.") ? "tier limit " + key.substring("limit.".length()) : key;
        };
    }

    private static List<String> budgets(List<String> nanos) {
        return nanos.stream().map(n -> DurationParser.format(java.time.Duration.ofNanos(Long.parseLong(n))))
                .toList();
    }

    private static String show(List<String> values) {
        return values.isEmpty() ? "(none)" : String.join(" ", values);
    }

    private int execute(Calibration.Run run, ModelFormat format, VerifierBackend verifier, StopRequest stop) {
        PrintWriter out = spec.commandLine().getOut();
        CalibrationModel model = null;
        try (SignalStop signals = SignalStop.install(stop)) {
            try {
                if (run.shard().isWhole()) {
                    model = run.model();
                } else {
                    run.record();
                }
            } catch (CalibrationInterruptedException e) {
                return interrupted(run, signals, e.reason());
            } catch (RuntimeException e) {
                throw new StoppedRunException(e, raw == null ? null : journalLine(run, "once fixed, resume with: "));
            }
            if (stop.isRequested()) {
                return interrupted(run, signals, stop.reason());
            }
        }
        reportJournal(run);
        if (model == null && output.json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("shard", run.shard().toString());
            document.put("samples_recorded", run.samplesRecorded());
            document.put("samples_planned", run.plannedSamples());
            document.put("journal", raw.toString());
            OutputOptions.print(out, document);
            return 0;
        }
        if (model == null) {
            out.println("Shard " + run.shard() + ": " + run.samplesRecorded() + " of " + run.plannedSamples()
                    + " samples recorded in " + raw + "; when every shard is done, merge them: noisecal fit --raw"
                    + " JOURNAL... --export MODEL.yaml");
            out.flush();
            return 0;
        }
        report(model, format);
        return 0;
    }

    private int interrupted(Calibration.Run run, SignalStop signals, String reason) {
        PrintWriter err = spec.commandLine().getErr();
        if (raw == null) {
            err.println("noisecal: interrupted (" + reason + ") after " + run.samplesRecorded() + " of "
                    + run.plannedSamples() + " samples; nothing was journaled (no --raw), so a new run starts over");
        } else {
            err.println("noisecal: interrupted (" + reason + "): " + journalLine(run, "resume with: "));
        }
        err.flush();
        return signals.exitCode();
    }

    private String journalLine(Calibration.Run run, String lead) {
        return run.samplesRecorded() + " of " + run.plannedSamples() + " samples are recorded in " + raw + "; "
                + lead + ResumeCommand.of(command());
    }

    private void reportJournal(Calibration.Run run) {
        if (run.replacedJournal() != null) {
            spec.commandLine().getErr().println("noisecal: the previous " + raw + " was moved to "
                    + run.replacedJournal());
        }
    }

    /** The command as the user typed it, program name first. */
    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add("noisecal");
        command.addAll(spec.commandLine().getParseResult().originalArgs());
        return command;
    }

    private Shard shard() {
        if (shard == null) {
            return Shard.WHOLE;
        }
        Shard part;
        try {
            part = Shard.parse(shard);
        } catch (InvalidInputException e) {
            throw new UsageException("--shard: " + e.getMessage());
        }
        if (raw == null) {
            throw new UsageException("--shard " + part + " needs --raw: a shard's samples are kept only in its"
                    + " journal, for 'noisecal fit' to merge");
        }
        if (export != null) {
            throw new UsageException("--shard " + part + " runs part of the plan, which has no model of its own:"
                    + " drop --export, and merge the shards' journals with 'noisecal fit --raw ... --export "
                    + export + "'");
        }
        return part;
    }

    private RetryPolicy retryPolicy() {
        if (retries < 0 || retries > 100) {
            throw new UsageException("--retries: must lie in [0, 100], got " + retries);
        }
        java.time.Duration backoff = DurationParser.parse(retryBackoff, "--retry-backoff");
        java.time.Duration longest = java.time.Duration.ofSeconds(30);
        return new RetryPolicy(retries, backoff.compareTo(longest) > 0 ? longest : backoff, longest);
    }

    private JournalMode journalMode(Shard part) {
        if (resume && force) {
            throw new UsageException("--resume and --force contradict each other: --resume continues the journal,"
                    + " --force starts a new one");
        }
        if (resume && raw == null) {
            throw new UsageException("--resume needs --raw: the journal to continue");
        }
        if (force && raw == null) {
            throw new UsageException("--force applies to --raw, which is not given");
        }
        return resume ? JournalMode.RESUME : force ? JournalMode.REPLACE : JournalMode.NEW;
    }

    private void report(CalibrationModel model, ModelFormat format) {
        PrintWriter out = spec.commandLine().getOut();
        boolean json = output.json();
        // With --format json nothing but the document goes to standard output, and only once the model is written.
        PrintWriter text = json ? new PrintWriter(java.io.Writer.nullWriter()) : out;
        SummaryPrinter.print(model, text);
        long retried = model.metadata().provenance().harnessRetries();
        if (retried > 0) {
            text.println("Harness errors retried: " + retried + " (transient; every sample was recorded)");
        }
        if (format != null) {
            try {
                format.write(model, export);
            } catch (RuntimeException e) {
                // Every sample is in the journal: the model can be written later without running anything.
                throw new StoppedRunException(e, raw == null ? null : "every sample is recorded in " + raw
                        + "; once fixed, write the model with: " + ResumeCommand.of(command()));
            }
            text.println("Model written to " + export);
        }
        if (raw != null) {
            text.println("Journal: " + raw);
        }
        if (json) {
            OutputOptions.print(out, ModelJson.of(model, export, raw));
        }
        out.flush();
    }

    @Override
    public Map<String, String> flagsBySetting() {
        Map<String, String> flags = new HashMap<>(LeanOptions.FLAGS_BY_SETTING);
        if (modulesFile != null) {
            flags.put(Messages.MODULE_LIST, "--modules " + modulesFile);
        }
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
}
