package io.github.noisecal.calibration;

import io.github.noisecal.calibration.fit.FitOptions;
import io.github.noisecal.calibration.journal.JournalHeader;
import io.github.noisecal.calibration.journal.JournalLock;
import io.github.noisecal.calibration.journal.JournalMismatchException;
import io.github.noisecal.calibration.journal.JournalMode;
import io.github.noisecal.calibration.journal.JournalReader;
import io.github.noisecal.calibration.journal.JournalSession;
import io.github.noisecal.calibration.journal.JournalWriter;
import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.model.Provenance;
import io.github.noisecal.calibration.model.RunSession;
import io.github.noisecal.calibration.model.TierSamples;
import io.github.noisecal.calibration.plan.ModuleList;
import io.github.noisecal.calibration.plan.PlanDifference;
import io.github.noisecal.calibration.plan.SamplingPlan;
import io.github.noisecal.calibration.plan.Shard;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.run.CalibrationInterruptedException;
import io.github.noisecal.calibration.run.PlanExecutor;
import io.github.noisecal.calibration.run.ProgressListener;
import io.github.noisecal.calibration.run.RecordedRuns;
import io.github.noisecal.calibration.run.RetryPolicy;
import io.github.noisecal.calibration.run.StopRequest;
import io.github.noisecal.calibration.run.TelemetrySink;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierBackends;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a calibration: a {@link SamplingPlan} executed on a {@link VerifierBackend} by parallel workers, every record
 * streamed to a {@link TelemetrySink}, aggregated into a {@link CalibrationModel}.
 *
 * <pre>{@code
 * CalibrationModel model = Calibration.builder()
 *         .backend("mock", BackendConfig.empty())
 *         .tiers(List.of(Tier.FAST, Tier.BALANCED, Tier.SLOW))
 *         .samplesPerTier(1_000)
 *         .seed(42)
 *         .workers(4)
 *         .run();
 * }</pre>
 */
public final class Calibration {
    public static final double DEFAULT_CONFIDENCE = 0.95;
    private static final Logger LOG = LoggerFactory.getLogger(Calibration.class);

    private Calibration() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of one calibration run; {@link #run()} may be called more than once. */
    public static final class Builder {
        private VerifierBackend backend;
        private String backendName;
        private BackendConfig backendConfig = BackendConfig.empty();
        private List<Tier> tiers = Tier.PREDEFINED;
        private long samplesPerTier = 100;
        private int repeats = 1;
        private TierRuns tierRuns = TierRuns.INDEPENDENT;
        private long seed;
        /** Null: placeholder modules, see {@link ModuleList#defaultPlaceholders(long)}. */
        private List<String> modules;
        private int workers = 1;
        private double confidenceLevel = DEFAULT_CONFIDENCE;
        private IntervalMethod intervalMethod = IntervalMethod.WILSON;
        private int bootstrapReplicates = FitOptions.DEFAULT_BOOTSTRAP_REPLICATES;
        private TelemetrySink sink = TelemetrySink.discarding();
        private ProgressListener progress = ProgressListener.none();
        private Duration progressInterval = Duration.ofSeconds(1);
        private Clock clock = Clock.systemUTC();
        private Supplier<EnvironmentFingerprint> environment = EnvironmentFingerprint::capture;
        private Path journal;
        private JournalMode journalMode = JournalMode.NEW;
        private List<String> command = List.of();
        private Shard shard = Shard.WHOLE;
        private RetryPolicy retries = RetryPolicy.DEFAULT;
        private StopRequest stop = new StopRequest();
        private Consumer<String> warnings = message -> LOG.warn("{}", message);

        private Builder() {
        }

        /** Runs on this backend, made with no settings; the caller keeps ownership and closes it. */
        public Builder backend(VerifierBackend backend) {
            return backend(backend, BackendConfig.empty());
        }

        /**
         * Runs on this backend; the caller keeps ownership and closes it. {@code settings} are those it was created
         * with: they are part of the plan's identity, so they decide the records' ids.
         */
        public Builder backend(VerifierBackend backend, BackendConfig settings) {
            this.backend = Objects.requireNonNull(backend, "backend");
            this.backendConfig = Objects.requireNonNull(settings, "settings");
            this.backendName = null;
            return this;
        }

        /** Runs on a discovered backend, created for the run and closed after it. */
        public Builder backend(String name, BackendConfig config) {
            this.backendName = Objects.requireNonNull(name, "name");
            this.backendConfig = Objects.requireNonNull(config, "config");
            this.backend = null;
            return this;
        }

        public Builder tiers(List<Tier> tiers) {
            this.tiers = List.copyOf(tiers);
            return this;
        }

        public Builder samplesPerTier(long samplesPerTier) {
            this.samplesPerTier = samplesPerTier;
            return this;
        }

        /** Runs of each module draw per tier (default 1); samples per tier must be a multiple of it. */
        public Builder repeats(int repeats) {
            this.repeats = repeats;
            return this;
        }

        /** Whether tiers with identical limits share runs (default {@link TierRuns#INDEPENDENT}). */
        public Builder tierRuns(TierRuns tierRuns) {
            this.tierRuns = Objects.requireNonNull(tierRuns, "tierRuns");
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder modules(List<String> modules) {
            this.modules = List.copyOf(modules);
            return this;
        }

        public Builder workers(int workers) {
            if (workers < 1 || workers > 4096) {
                throw new InvalidInputException("workers must lie in [1, 4096], got " + workers);
            }
            this.workers = workers;
            return this;
        }

        public Builder confidenceLevel(double confidenceLevel) {
            if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
                throw new InvalidInputException("confidence level must lie in (0, 1), got " + confidenceLevel);
            }
            this.confidenceLevel = confidenceLevel;
            return this;
        }

        public Builder intervalMethod(IntervalMethod intervalMethod) {
            this.intervalMethod = Objects.requireNonNull(intervalMethod, "intervalMethod");
            return this;
        }

        /** Parametric-bootstrap replicates per KS p-value of the duration fits; 0 skips the p-values. */
        public Builder bootstrapReplicates(int replicates) {
            if (replicates < 0 || replicates > 100_000) {
                throw new InvalidInputException("bootstrap replicates must lie in [0, 100000], got " + replicates);
            }
            this.bootstrapReplicates = replicates;
            return this;
        }

        /** Where records go as they complete, besides the journal; completed or closed by the run. */
        public Builder sink(TelemetrySink sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * Journals every record to {@code file} as it completes ({@link JournalWriter}): crash-safe, never deleted,
         * and resumable ({@link JournalMode#RESUME}).
         */
        public Builder journal(Path file, JournalMode mode) {
            this.journal = Objects.requireNonNull(file, "file");
            this.journalMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The command line that started the calibration, recorded in the journal (program name first). */
        public Builder command(List<String> command) {
            this.command = List.copyOf(command);
            return this;
        }

        /** Runs only this part of the plan (default: the whole plan); a shard has no model of its own. */
        public Builder shard(Shard shard) {
            this.shard = Objects.requireNonNull(shard, "shard");
            return this;
        }

        /** How transient harness errors are retried (default {@link RetryPolicy#DEFAULT}). */
        public Builder retries(RetryPolicy retries) {
            this.retries = Objects.requireNonNull(retries, "retries");
            return this;
        }

        /** Lets another thread (a signal handler) stop the run cleanly. */
        public Builder stopRequest(StopRequest stop) {
            this.stop = Objects.requireNonNull(stop, "stop");
            return this;
        }

        /** Receives warnings about the journal (a torn last line dropped); the default logs them. */
        public Builder warnings(Consumer<String> warnings) {
            this.warnings = Objects.requireNonNull(warnings, "warnings");
            return this;
        }

        public Builder progress(ProgressListener progress, Duration interval) {
            this.progress = Objects.requireNonNull(progress, "progress");
            if (interval.isNegative() || interval.isZero()) {
                throw new InvalidInputException("progress interval must be positive, got " + interval);
            }
            this.progressInterval = interval;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How the machine is described in the metadata; the default reads it through OSHI. */
        public Builder environment(Supplier<EnvironmentFingerprint> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** The plan {@link #run()} executes; it names the backend given by name, or the given backend's name. */
        public SamplingPlan plan() {
            String name = backend != null ? backend.name() : backendName != null ? backendName
                    : SamplingPlan.UNNAMED_BACKEND;
            List<String> planned = modules != null ? modules
                    : ModuleList.defaultPlaceholders(repeats > 0 ? samplesPerTier / repeats : samplesPerTier);
            return new SamplingPlan(tiers, samplesPerTier, repeats, seed, planned, tierRuns, name, backendConfig);
        }

        /**
         * Runs the whole plan and returns the model.
         *
         * @throws io.github.noisecal.telemetry.VerifierHarnessException when the verifier cannot be run; no model
         * @throws CalibrationException when a verification fails in another way; no model
         * @throws CalibrationInterruptedException when the {@linkplain #stopRequest stop request} stopped it
         */
        public CalibrationModel run() {
            try (Run run = prepare()) {
                return run.model();
            }
        }

        /**
         * Checks everything that can be checked before the first sample — the plan, the module list against the
         * verifier ({@link VerifierBackend#preflight}), the journal (for a resumed one: that it belongs to this plan,
         * shard and verifier; its recorded runs are read) — and returns the run, ready to execute. Nothing is
         * written yet.
         *
         * @throws InvalidInputException naming what is wrong ({@link JournalMismatchException} for a journal of
         *                               another calibration)
         */
        public Run prepare() {
            SamplingPlan plan = plan();
            if (backend == null && backendName == null) {
                throw new InvalidInputException("no backend: call backend(...) before run()");
            }
            VerifierBackend verifier = backend != null ? backend : VerifierBackends.load().create(backendName,
                    backendConfig);
            try {
                return new Run(this, plan, verifier, backend == null);
            } catch (RuntimeException e) {
                if (backend == null) {
                    verifier.close();
                }
                throw e;
            }
        }
    }

    /**
     * One prepared execution of (a shard of) a plan: {@link #model()} runs it and aggregates the model;
     * {@link #record()} only runs it (a shard's samples are merged later by {@code fit}). Closing releases a
     * backend the run created.
     */
    public static final class Run implements AutoCloseable {
        private final Builder settings;
        private final SamplingPlan plan;
        private final VerifierBackend verifier;
        private final boolean ownsVerifier;
        private final RecordedRuns recorded;
        private final long recordedBefore;
        private final CompletableFuture<EnvironmentFingerprint> fingerprint;
        private final Instant startedAt;
        private final int availableCores;
        private final Double loadAverage;
        private final JournalWriter journal;
        private final boolean resumed;
        private PlanExecutor executor;
        private boolean started;

        private Run(Builder settings, SamplingPlan plan, VerifierBackend verifier, boolean ownsVerifier) {
            this.settings = settings;
            this.plan = plan;
            this.verifier = verifier;
            this.ownsVerifier = ownsVerifier;
            this.recorded = new RecordedRuns(plan, settings.shard);
            // The fingerprint costs a few hundred ms of native probing; it overlaps the run instead of preceding it,
            // on a thread of its own: in the common pool it would hold up the parallel per-tier aggregation.
            this.fingerprint = CompletableFuture.supplyAsync(settings.environment, task -> {
                Thread thread = new Thread(task, "noisecal-fingerprint");
                thread.setDaemon(true);
                thread.start();
            });
            this.startedAt = settings.clock.instant();
            this.availableCores = Runtime.getRuntime().availableProcessors();
            this.loadAverage = loadAverage();
            // Before the journal is even read: a module list the verifier cannot take is bad input, found at once.
            verifier.preflight(plan.modules());
            JournalOpening opening = settings.journal == null ? null : openJournal();
            this.journal = opening == null ? null : opening.writer();
            this.resumed = opening != null && opening.resumed();
            this.recordedBefore = recorded.records();
        }

        private record JournalOpening(JournalWriter writer, boolean resumed) {
        }

        private JournalOpening openJournal() {
            Path file = settings.journal;
            boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
            if (exists && !Files.isRegularFile(file)) {
                throw new InvalidInputException("journal " + file + ": not a regular file (a journal must be a"
                        + " plain file, not a device, pipe or directory, nor a link to one)");
            }
            Supplier<JournalHeader> header = () -> new JournalHeader(plan, settings.shard,
                    new JournalHeader.Estimation(settings.confidenceLevel, settings.intervalMethod,
                            settings.bootstrapReplicates), currentJournalSession());
            switch (settings.journalMode) {
                case NEW -> {
                    if (exists) {
                        throw new InvalidInputException("journal " + file + " exists already: resume it, or replace"
                                + " it (it is then moved aside)");
                    }
                    return new JournalOpening(JournalWriter.create(file, header, false), false);
                }
                case REPLACE -> {
                    if (exists) {
                        // Refused while another process writes it: it would go on writing the file moved aside.
                        JournalLock.acquire(file).close();
                    }
                    return new JournalOpening(JournalWriter.create(file, header, true), false);
                }
                case RESUME -> {
                    if (!exists) {
                        settings.warnings.accept("journal " + file + " does not exist yet: the plan starts from its"
                                + " first sample");
                        return new JournalOpening(JournalWriter.create(file, header, false), false);
                    }
                    return resume(file, header);
                }
                default -> throw new IllegalStateException(settings.journalMode.name());
            }
        }

        private JournalOpening resume(Path file, Supplier<JournalHeader> header) {
            // Locked before it is read: what is read stays what is continued.
            JournalLock lock = JournalLock.acquire(file);
            try {
                return resume(file, header, lock);
            } catch (RuntimeException e) {
                lock.close();
                throw e;
            }
        }

        private JournalOpening resume(Path file, Supplier<JournalHeader> header, JournalLock lock) {
            JournalHeader[] found = new JournalHeader[1];
            JournalReader.Summary summary = JournalReader.read(file, new JournalReader.Visitor() {
                @Override
                public void header(JournalHeader journalHeader) {
                    found[0] = journalHeader;
                    checkBelongs(file, journalHeader);
                }

                @Override
                public void record(VerificationTelemetry record, long line, long offset) {
                    if (found[0] == null) {
                        throw new InvalidInputException(file + " line " + line + ": a record before any journal"
                                + " header: this file was not written by noisecal calibrate, so it cannot be resumed"
                                + " (fit it, or choose another file)");
                    }
                    recorded.add(record, file + " line " + line, offset);
                }
            }, settings.warnings);
            if (summary.compressed()) {
                throw new InvalidInputException("journal " + file + " is compressed: decompress it (gunzip) to"
                        + " resume it");
            }
            if (summary.header() == null) {
                // Empty, or only a header cut off mid-write: nothing was recorded, so the journal starts over.
                return new JournalOpening(JournalWriter.restart(file, lock, header), false);
            }
            long valid = summary.validLength();
            long cut = recorded.finish();
            if (cut >= 0) {
                settings.warnings.accept("journal " + file + ": the last run's records were cut off mid-write;"
                        + " they are dropped and the run is repeated");
                valid = cut;
            }
            return new JournalOpening(JournalWriter.append(file, lock, summary, valid, this::currentJournalSession),
                    true);
        }

        private void checkBelongs(Path file, JournalHeader header) {
            List<PlanDifference> differences = new ArrayList<>(PlanDifference.between(header.plan().identity(),
                    plan.identity()));
            differences.addAll(header.estimation().differencesFrom(new JournalHeader.Estimation(
                    settings.confidenceLevel, settings.intervalMethod, settings.bootstrapReplicates)));
            String shardDifference = header.shard().equals(settings.shard) ? null
                    : header.shard() + " vs " + settings.shard;
            String journalVerifier = header.session().run().verifierVersion();
            String verifierDifference = journalVerifier.equals(verifier.verifierVersion()) ? null
                    : journalVerifier + " vs " + verifier.verifierVersion();
            if (!differences.isEmpty() || shardDifference != null || verifierDifference != null) {
                throw new JournalMismatchException(file, differences, shardDifference, verifierDifference);
            }
        }

        /** This process's session; waits for the machine's fingerprint (asked for at the first record). */
        private JournalSession currentJournalSession() {
            return new JournalSession(new RunSession(startedAt, NoisecalVersion.get(), verifier.verifierVersion(),
                    settings.workers, availableCores, loadAverage, fingerprint.join()), settings.command);
        }

        private static Double loadAverage() {
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return load >= 0 ? load : null;
        }

        public SamplingPlan plan() {
            return plan;
        }

        public Shard shard() {
            return settings.shard;
        }

        /** The journal, or null when records are not journaled. */
        public Path journal() {
            return journal == null ? null : journal.file();
        }

        /** Whether an existing journal is continued. */
        public boolean resumed() {
            return resumed;
        }

        /** Records of the shard (the whole plan unless sharded). */
        public long plannedSamples() {
            return recorded.plannedRecords();
        }

        /** Records recorded when the run was prepared (a resumed journal's). */
        public long samplesRecordedBefore() {
            return recordedBefore;
        }

        /** Records recorded so far, those of a resumed journal included. */
        public long samplesRecorded() {
            return recorded.records();
        }

        /** Harness retries the recorded runs needed so far. */
        public long harnessRetries() {
            return recorded.harnessRetries();
        }

        /** Where a replaced journal was moved, once the first record replaced it; null otherwise. */
        public Path replacedJournal() {
            return journal == null ? null : journal.replacedBy();
        }

        /**
         * Runs whatever of the shard is not recorded yet, without aggregating a model.
         *
         * @throws CalibrationInterruptedException when the stop request stopped it; the journal keeps every record
         */
        public void record() {
            if (started) {
                throw new IllegalStateException("a prepared run executes once");
            }
            started = true;
            TelemetrySink output = journal == null ? settings.sink : new BothSinks(journal, settings.sink);
            try (output) {
                executor = new PlanExecutor(plan, verifier, settings.workers, output, settings.progress,
                        settings.progressInterval, recorded, settings.retries, settings.stop);
                executor.execute();
                output.complete();
            }
        }

        /**
         * Runs whatever is not recorded yet and aggregates the model from every recorded sample.
         *
         * @throws InvalidInputException for a shard, which has no model of its own
         */
        public CalibrationModel model() {
            if (!settings.shard.isWhole()) {
                throw new InvalidInputException("shard " + settings.shard + " holds part of the plan; merge the"
                        + " shards' journals into a model (noisecal fit)");
            }
            record();
            List<TierSamples> samples = recorded.samples();
            CalibrationMetadata metadata = new CalibrationMetadata(CalibrationMetadata.SCHEMA_VERSION,
                    NoisecalVersion.get(), settings.clock.instant(), verifier.name(), verifier.verifierVersion(),
                    plan.seed(), plan.samplesPerTier(), plan.tiers(), settings.workers, settings.confidenceLevel,
                    settings.intervalMethod, settings.bootstrapReplicates, plan.modules().size(),
                    plan.modulesSha256(), plan.planId(), plan.repeats(), plan.tierRuns(), null,
                    Provenance.ofProcess(availableCores, loadAverage, recorded.harnessRetries()));
            // Aggregate while the fingerprint is still being probed; it joins the metadata at the end.
            CalibrationModel model = CalibrationModel.of(metadata, samples);
            return model.withMetadata(metadata.withEnvironment(fingerprint.join()));
        }

        @Override
        public void close() {
            if (ownsVerifier) {
                verifier.close();
            }
            if (journal != null) {
                journal.close();
            }
        }
    }

    /** The journal and the caller's sink. */
    private record BothSinks(TelemetrySink journal, TelemetrySink other) implements TelemetrySink {
        @Override
        public void accept(VerificationTelemetry telemetry) {
            acceptRuns(List.of(telemetry));
        }

        @Override
        public void acceptRuns(List<VerificationTelemetry> records) {
            journal.acceptRuns(records);
            other.acceptRuns(records);
        }

        @Override
        public void complete() {
            journal.complete();
            other.complete();
        }

        @Override
        public void close() {
            try {
                journal.close();
            } finally {
                other.close();
            }
        }
    }
}
