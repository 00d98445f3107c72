package io.github.noisecal.calibration;

import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.model.TierSamples;
import io.github.noisecal.calibration.plan.ModuleList;
import io.github.noisecal.calibration.plan.SamplingPlan;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.run.PlanExecutor;
import io.github.noisecal.calibration.run.ProgressListener;
import io.github.noisecal.calibration.run.TelemetrySink;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.fit.FitOptions;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierBackends;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

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

        /** Where records go as they complete; completed or closed by the run. */
        public Builder sink(TelemetrySink sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
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
         * Runs the plan and returns the model.
         *
         * @throws io.github.noisecal.telemetry.VerifierHarnessException when the verifier cannot be run; no model
         * @throws CalibrationException when a verification fails in another way; no model
         */
        public CalibrationModel run() {
            SamplingPlan plan = plan();
            if (backend == null && backendName == null) {
                throw new InvalidInputException("no backend: call backend(...) before run()");
            }
            // The fingerprint costs a few hundred ms of native probing; it overlaps the run instead of preceding it,
            // on a thread of its own: in the common pool it would hold up the parallel per-tier aggregation.
            CompletableFuture<EnvironmentFingerprint> fingerprint = CompletableFuture.supplyAsync(environment,
                    task -> {
                        Thread thread = new Thread(task, "noisecal-fingerprint");
                        thread.setDaemon(true);
                        thread.start();
                    });
            if (backend != null) {
                return runOn(backend, plan, fingerprint);
            }
            try (VerifierBackend created = VerifierBackends.load().create(backendName, backendConfig)) {
                return runOn(created, plan, fingerprint);
            }
        }

        private CalibrationModel runOn(VerifierBackend verifier, SamplingPlan plan,
                                       CompletableFuture<EnvironmentFingerprint> fingerprint) {
            List<TierSamples> samples;
            try (TelemetrySink output = sink) {
                // Inside the try: a rejected module list must also discard the sink's pending output.
                verifier.preflight(plan.modules());
                samples = new PlanExecutor(plan, verifier, workers, output, progress, progressInterval).execute();
                output.complete();
            }
            CalibrationMetadata metadata = new CalibrationMetadata(CalibrationMetadata.SCHEMA_VERSION,
                    NoisecalVersion.get(), clock.instant(), verifier.name(), verifier.verifierVersion(), seed,
                    samplesPerTier, plan.tiers(), workers, confidenceLevel, intervalMethod, bootstrapReplicates,
                    plan.modules().size(), plan.modulesSha256(), plan.planId(), plan.repeats(), plan.tierRuns(),
                    null);
            // Aggregate while the fingerprint is still being probed; it joins the metadata at the end.
            CalibrationModel model = CalibrationModel.of(metadata, samples);
            return model.withMetadata(metadata.withEnvironment(fingerprint.join()));
        }
    }
}
