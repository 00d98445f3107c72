package io.github.noisecal.telemetry.lean.internal;

import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import io.github.noisecal.telemetry.VerifierHarnessException;
import io.github.noisecal.telemetry.lean.LeanOutcomeClassifier;
import io.github.noisecal.telemetry.lean.LeanOutput;
import io.github.noisecal.telemetry.lean.LeanOutputScanner;
import io.github.noisecal.telemetry.lean.LeanSeverity;
import io.github.noisecal.telemetry.lean.LeanTacticExtractor;
import io.github.noisecal.telemetry.lean.LeanVerdict;
import io.github.noisecal.telemetry.lean.LeanVersion;
import io.github.noisecal.telemetry.lean.ProcessEnd;
import io.github.noisecal.telemetry.lean.ProcessRunResult;
import io.github.noisecal.telemetry.lean.ProcessSpec;
import io.github.noisecal.telemetry.lean.ProcessSupervisor;
import io.github.noisecal.telemetry.lean.SupervisedRunException;
import io.github.noisecal.telemetry.lean.SupervisorUnavailableException;
import io.github.noisecal.telemetry.lean.TacticStatistics;
import io.github.noisecal.telemetry.lean.Termination;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies modules of a Lean project by running {@code lean FILE} or {@code lake env lean FILE} under a
 * {@link ProcessSupervisor}, one supervised process tree per request, and classifying the result with
 * {@link LeanOutcomeClassifier}.
 */
public final class LeanBackend implements VerifierBackend {
    public static final String NAME = "lean";
    /** Lean's version is read once per backend; an elan proxy may first have to install the toolchain. */
    static final Duration VERSION_BUDGET = Duration.ofSeconds(120);
    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    private final LeanSettings settings;
    private final ProcessSupervisor supervisor;
    private final LeanVersion version;
    private final boolean json;
    private final ModuleFiles modules;
    private final Map<Path, SourceFacts> sourceFacts = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private LeanBackend(LeanSettings settings, ProcessSupervisor supervisor, VersionProbe.Result probe) {
        this.settings = settings;
        this.supervisor = supervisor;
        this.version = probe.version();
        this.json = probe.json();
        this.modules = new ModuleFiles(settings.project());
    }

    /**
     * Starts a backend: validates the settings, starts the supervisor, and reads Lean's version once.
     *
     * @throws VerifierConfigurationException for bad settings, or an executable that is not a working Lean
     * @throws VerifierHarnessException       when processes cannot be supervised on this machine
     */
    public static LeanBackend create(LeanSettings settings) {
        ProcessSupervisor supervisor;
        try {
            supervisor = ProcessSupervisor.create();
        } catch (SupervisorUnavailableException e) {
            throw VerifierHarnessException.environment("the Lean backend cannot supervise processes here: " + e.getMessage(), e);
        }
        return create(settings, supervisor);
    }

    /** Starts a backend on {@code supervisor}, which it then owns: closing the backend closes it. */
    public static LeanBackend create(LeanSettings settings, ProcessSupervisor supervisor) {
        try {
            return new LeanBackend(settings, supervisor, VersionProbe.run(supervisor, settings));
        } catch (RuntimeException e) {
            supervisor.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String verifierVersion() {
        return version.version();
    }

    public LeanVersion leanVersion() {
        return version;
    }

    /** Whether Lean is asked for {@code --json} messages (false for versions without it). */
    public boolean jsonOutput() {
        return json;
    }

    /** At most this many rejected modules are all named; more are summarised by {@link #PREFLIGHT_EXAMPLES}. */
    static final int PREFLIGHT_IN_FULL = 5;
    static final int PREFLIGHT_EXAMPLES = 3;

    @Override
    public void preflight(Collection<String> moduleNames) {
        List<String> problems = new ArrayList<>();
        for (String module : moduleNames) {
            if (modules.resolveNow(module) instanceof ModuleFiles.Problem problem) {
                problems.add(module + " (" + problem.reason() + ")");
            }
        }
        if (!problems.isEmpty()) {
            // A few named in full say what is wrong; a hundred would bury it (usually a wrong project directory).
            int shown = problems.size() <= PREFLIGHT_IN_FULL ? problems.size() : PREFLIGHT_EXAMPLES;
            List<String> named = new ArrayList<>(problems.subList(0, shown));
            if (shown < problems.size()) {
                named.add((problems.size() - shown) + " more");
            }
            String list = named.size() == 1 ? named.get(0) : String.join(", ", named.subList(0, named.size() - 1))
                    + " and " + named.get(named.size() - 1);
            throw new VerifierConfigurationException(problems.size() + " of " + moduleNames.size() + " modules in "
                    + "the module list cannot be verified in backend setting 'project' " + settings.project()
                    + (shown < problems.size() ? ", e.g. " : ": ") + list + "; check that backend setting 'project'"
                    + " is the Lean project's root (A.B.C is A/B/C.lean there), or correct or remove them in the"
                    + " module list");
        }
    }

    @Override
    public VerificationTelemetry verify(VerificationRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed) {
            throw new IllegalStateException("the lean backend is closed");
        }
        ModuleFiles.Resolution resolution = modules.resolve(request.moduleName());
        if (resolution instanceof ModuleFiles.Problem problem) {
            throw new VerifierConfigurationException("module '" + request.moduleName() + "' cannot be verified in "
                    + "project " + settings.project() + ": " + problem.reason());
        }
        ModuleFiles.Found module = (ModuleFiles.Found) resolution;
        LeanSettings.Limits limits = settings.limits(request.tier());
        SourceFacts source = sourceFacts(request.moduleName(), module);
        LeanOutputScanner scanner = new LeanOutputScanner();
        ProcessSpec.Builder spec = ProcessSpec.builder(command(limits, module.relative()), settings.project(),
                        request.tier().budget())
                .stdoutListener(scanner.stdoutListener())
                .stderrListener(scanner.stderrListener());
        limits.memoryLimitMb().ifPresent(mb -> spec.memoryLimitBytes(mb * 1024 * 1024));
        Instant started = Instant.now();
        ProcessRunResult run;
        try {
            run = supervisor.run(spec.build());
        } catch (SupervisedRunException e) {
            String message = "cannot verify " + request.moduleName() + " with " + settings.executable() + ": "
                    + e.getMessage();
            throw e.retryable() ? new VerifierHarnessException(message, e)
                    : VerifierHarnessException.environment(message + " -- check the backend's '"
                    + (settings.throughLake() ? LeanSettings.LAKE : LeanSettings.LEAN) + "' and 'project' settings", e);
        } catch (IOException e) {
            throw new VerifierHarnessException("cannot run " + settings.executable() + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the lean backend is closed", e);
        }
        if (run.termination() == Termination.CANCELLED && closed) {
            throw new IllegalStateException("the lean backend was closed while verifying " + request.verificationId());
        }
        LeanOutput output = scanner.result();
        LeanVerdict verdict;
        try {
            verdict = LeanOutcomeClassifier.classify(output, ProcessEnd.of(run), settings.throughLake());
        } catch (VerifierHarnessException e) {
            // The classifier sees only the output; which module it was is what the user needs to find the cause.
            throw new VerifierHarnessException(e.kind(), "module " + request.moduleName() + ": " + e.getMessage(), e);
        }
        return VerificationTelemetry.builder(request)
                .timestamp(started)
                .leanVersion(verifierVersion())
                .outcome(verdict.outcome())
                .durationMs(run.wallTime().toNanos() / 1e6)
                .cpuTimeMs(run.cpuTime().toNanos() / 1e6)
                .memoryPeakMb(run.peakRssBytes() / BYTES_PER_MB)
                .memoryFinalMb(run.finalRssBytes().isPresent() ? run.finalRssBytes().getAsLong() / BYTES_PER_MB : null)
                .tacticCount(source.tactics().count())
                .tacticDepth(source.tactics().maxDepth())
                .proofSizeBytes(source.size())
                .stderr(verdict.diagnostic())
                .returncode(run.exitCode().isPresent() ? run.exitCode().getAsInt() : null)
                .signal(verdict.signal().isPresent() ? verdict.signal().getAsInt() : null)
                .metadata(metadata(output, verdict, run, limits, source.tactics()))
                .build();
    }

    private List<String> command(LeanSettings.Limits limits, String file) {
        List<String> command = new ArrayList<>();
        command.add(settings.executable().toString());
        if (settings.throughLake()) {
            command.add("env");
            command.add("lean");
        }
        if (json) {
            command.add("--json");
        }
        limits.maxHeartbeats().ifPresent(n -> command.add("-DmaxHeartbeats=" + n));
        limits.memoryLimitMb().ifPresent(mb -> {
            command.add("-M");
            command.add(Long.toString(mb));
        });
        limits.threads().ifPresent(n -> {
            command.add("-j");
            command.add(Long.toString(n));
        });
        for (String option : settings.leanOptions()) {
            command.add("-D" + option);
        }
        command.add(file);
        return command;
    }

    private Map<String, Object> metadata(LeanOutput output, LeanVerdict verdict, ProcessRunResult run,
                                         LeanSettings.Limits limits, TacticStatistics tactics) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        Map<String, Object> counts = new LinkedHashMap<>();
        for (LeanSeverity severity : LeanSeverity.values()) {
            counts.put(severity.key(), output.count(severity));
        }
        metadata.put("messages", counts);
        output.firstError().filter(error -> !error.kind().isEmpty())
                .ifPresent(error -> metadata.put("first_error_kind", error.kind()));
        output.firstError().ifPresent(error -> metadata.put("first_error_category", error.category().key()));
        verdict.timeoutKind().ifPresent(kind -> metadata.put("timeout_kind", kind));
        metadata.put("classification_rule", verdict.rule());
        metadata.put("tactics", tactics.perTactic());
        metadata.put("json_output", json);
        metadata.put("through_lake", settings.throughLake());
        limits.maxHeartbeats().ifPresent(n -> metadata.put("max_heartbeats", n));
        limits.memoryLimitMb().ifPresent(mb -> metadata.put("memory_limit_mb", mb));
        limits.threads().ifPresent(n -> metadata.put("threads", n));
        metadata.put("kernel_peak_rss_mb", run.kernelPeakRssBytes() / BYTES_PER_MB);
        if (run.termination().killedBySupervisor()) {
            metadata.put("kill_latency_ms", run.killLatency().toNanos() / 1e6);
        }
        if (run.strayProcesses() > 0) {
            metadata.put("stray_processes_killed", run.strayProcesses());
        }
        if (run.stdout().droppedBytes() > 0 || run.stderr().droppedBytes() > 0) {
            metadata.put("stdout_bytes", run.stdout().totalBytes());
            metadata.put("stderr_bytes", run.stderr().totalBytes());
        }
        return metadata;
    }

    /** The module's size and tactics, recomputed only when the file changes. */
    private SourceFacts sourceFacts(String moduleName, ModuleFiles.Found module) {
        Path file = module.file();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            modules.forget(moduleName);
            throw new VerifierConfigurationException("module '" + moduleName + "' cannot be verified in project "
                    + settings.project() + ": file " + module.relative() + " does not exist");
        } catch (IOException e) {
            throw new VerifierHarnessException("cannot read " + file + ": " + e.getMessage(), e);
        }
        SourceFacts cached = sourceFacts.get(file);
        if (cached != null && cached.size() == attributes.size()
                && cached.modified().equals(attributes.lastModifiedTime().toInstant())) {
            return cached;
        }
        String source;
        try {
            source = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VerifierHarnessException("cannot read " + file + ": " + e.getMessage(), e);
        }
        SourceFacts facts = new SourceFacts(attributes.size(), attributes.lastModifiedTime().toInstant(),
                LeanTacticExtractor.extract(source));
        sourceFacts.put(file, facts);
        return facts;
    }

    private record SourceFacts(long size, Instant modified, TacticStatistics tactics) {
    }

    @Override
    public void close() {
        closed = true;
        supervisor.close();
    }
}
