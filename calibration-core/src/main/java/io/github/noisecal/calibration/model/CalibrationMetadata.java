package io.github.noisecal.calibration.model;

import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.fit.FitOptions;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.telemetry.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a model came from ({@code calibration_metadata} in the model file).
 *
 * @param schemaVersion    the model file's schema version ({@link #SCHEMA_VERSION})
 * @param toolVersion      the noisecal version that made the model
 * @param createdAt        when the model was made, UTC
 * @param backend          the backend's provider name
 * @param verifierVersion  the backend's verifier version
 * @param seed             the master seed, or null when rebuilt from telemetry of unknown plans
 * @param samplesPerTier   samples per tier
 * @param tiers            the tiers with their budgets and limits, in report order
 * @param workers          parallel workers, or null when not known
 * @param confidenceLevel  the intervals' confidence level
 * @param intervalMethod   how the intervals were computed
 * @param bootstrapReplicates parametric-bootstrap replicates behind each KS p-value (0: no p-values)
 * @param moduleCount      modules in the module list
 * @param modulesSha256    SHA-256 of the module list (one name per line), or null when not known
 * @param planId           the sampling plan's id (the prefix of every {@code verification_id}), or null when the
 *                         samples' plan is not known
 * @param repeats          runs of each module draw per tier; 1 when not known
 * @param tierRuns         whether tiers with identical limits shared runs
 * @param environment      the machine the samples ran on, or null when not known (merged models list each
 *                         journal's machines in {@link Provenance#shards()})
 * @param provenance       the conditions of the run, retried harness errors, and the journals of a merged model
 */
public record CalibrationMetadata(int schemaVersion, String toolVersion, Instant createdAt, String backend,
                                  String verifierVersion, Long seed, long samplesPerTier, List<Tier> tiers,
                                  Integer workers, double confidenceLevel, IntervalMethod intervalMethod,
                                  int bootstrapReplicates, int moduleCount, String modulesSha256, String planId,
                                  int repeats, TierRuns tierRuns, EnvironmentFingerprint environment,
                                  Provenance provenance) {

    /** Metadata with nothing known beyond the plan ({@link Provenance#NONE}). */
    public CalibrationMetadata(int schemaVersion, String toolVersion, Instant createdAt, String backend,
                               String verifierVersion, Long seed, long samplesPerTier, List<Tier> tiers,
                               Integer workers, double confidenceLevel, IntervalMethod intervalMethod,
                               int bootstrapReplicates, int moduleCount, String modulesSha256, String planId,
                               int repeats, TierRuns tierRuns, EnvironmentFingerprint environment) {
        this(schemaVersion, toolVersion, createdAt, backend, verifierVersion, seed, samplesPerTier, tiers, workers,
                confidenceLevel, intervalMethod, bootstrapReplicates, moduleCount, modulesSha256, planId, repeats,
                tierRuns, environment, Provenance.NONE);
    }

    /**
     * How the duration fits run: the metadata's replicates, seeded from the master seed so that a model is
     * reproducible from its seed (a fixed seed when the master seed is unknown).
     */
    public FitOptions fitOptions() {
        FitOptions defaults = FitOptions.defaults().withBootstrapReplicates(bootstrapReplicates);
        return seed == null ? defaults : defaults.withSeed(seed);
    }

    /**
     * What each tier's intervals are intervals for ({@code estimand} in the model file): {@code rate_ci} over the
     * population of proofs, clustered by module, {@code rate_ci_runs} over these runs. It follows from the interval
     * method.
     */
    public Map<String, Estimand> estimands() {
        return Estimand.of(intervalMethod);
    }

    /** The same metadata describing another machine. */
    public CalibrationMetadata withEnvironment(EnvironmentFingerprint machine) {
        return new CalibrationMetadata(schemaVersion, toolVersion, createdAt, backend, verifierVersion, seed,
                samplesPerTier, tiers, workers, confidenceLevel, intervalMethod, bootstrapReplicates, moduleCount,
                modulesSha256, planId, repeats, tierRuns, machine, provenance);
    }

    /** The same metadata with another provenance. */
    public CalibrationMetadata withProvenance(Provenance provenance) {
        return new CalibrationMetadata(schemaVersion, toolVersion, createdAt, backend, verifierVersion, seed,
                samplesPerTier, tiers, workers, confidenceLevel, intervalMethod, bootstrapReplicates, moduleCount,
                modulesSha256, planId, repeats, tierRuns, environment, provenance);
    }

    /** The schema version this library writes and reads. */
    public static final int SCHEMA_VERSION = 2;

    public CalibrationMetadata {
        Objects.requireNonNull(toolVersion, "toolVersion");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(verifierVersion, "verifierVersion");
        Objects.requireNonNull(intervalMethod, "intervalMethod");
        Objects.requireNonNull(tierRuns, "tierRuns");
        Objects.requireNonNull(provenance, "provenance");
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
        tiers = List.copyOf(tiers);
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw new IllegalArgumentException("confidenceLevel must lie in (0, 1), got " + confidenceLevel);
        }
        if (bootstrapReplicates < 0) {
            throw new IllegalArgumentException("bootstrapReplicates must be non-negative, got " + bootstrapReplicates);
        }
        if (workers != null && workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
    }
}
