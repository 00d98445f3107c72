package io.github.noisecal.telemetry.mock;

import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import java.util.List;

/**
 * The physical mock: simulated modules with lasting properties, runs whose durations decide their timeouts.
 *
 * <h2>Modules</h2>
 * Each module's properties come from its module seed alone (the same in every run of the module in one plan):
 * <ul>
 *   <li>a verdict class: {@code proof_invalid} with probability {@code invalid_share}, {@code proof_incomplete} with
 *       probability {@code incomplete_share}, otherwise valid ({@code verified});</li>
 *   <li>a median duration, lognormal across modules: {@code ln median = ln median_s + module_spread × Z}, a heavy
 *       tail in which a few modules take many times the typical one.</li>
 * </ul>
 *
 * <h2>Runs</h2>
 * A run's duration is the module's median times run-to-run jitter, {@code exp(run_jitter × Z')}, with {@code Z'}
 * from the run's seed (shared by every tier's run of one draw and repeat). With probability {@code crash_rate} the
 * run crashes ({@code verifier_internal_error}) at a uniformly drawn point of that duration. A run times out
 * exactly when it would end after the tier's budget: a {@code verifier_timeout} lasting the budget. So the budget
 * matters, timeouts nest across tiers (a run that times out at 60 s times out at 30 s), and a module whose median
 * lies near a budget flips between timeout and verdict from run to run.
 *
 * <p>Durations are lognormal over modules and runs with log-sd {@code sqrt(module_spread² + run_jitter²)}, so
 * without crashes the timeout rate at budget b is {@code 1 - Φ((ln b - ln median_s) / that sd)}. The defaults give
 * 0.20, 0.107 and 0.050 at 30, 60 and 120 s (the origin's 0.20 / 0.10 / 0.05), a run-to-run jitter of about 20 %,
 * and 3 crashes in 1,000 runs.
 *
 * @param medianSeconds   median run duration over modules, in seconds ({@code median_s})
 * @param moduleSpread    log-sd of module medians across modules ({@code module_spread})
 * @param runJitter       log-sd of one module's run durations around its median ({@code run_jitter})
 * @param invalidShare    share of modules whose proof is wrong ({@code invalid_share})
 * @param incompleteShare share of modules whose proof uses sorry ({@code incomplete_share})
 * @param crashRate       probability that a run crashes ({@code crash_rate})
 */
public record MockPhysics(double medianSeconds, double moduleSpread, double runJitter, double invalidShare,
                          double incompleteShare, double crashRate) {

    /** The settings of the physical mock. */
    public static final List<String> SETTINGS = List.of("median_s", "module_spread", "run_jitter", "invalid_share",
            "incomplete_share", "crash_rate");

    private static final MockPhysics DEFAULTS = new MockPhysics(7.0205, 1.7142, 0.2, 0.08, 0.02, 0.003);

    private static final long CLASS_STREAM = 0x510E527FADE682D1L;
    private static final long MEDIAN_STREAM = 0x9B05688C2B3E6C1FL;
    private static final long JITTER_STREAM = 0x1F83D9ABFB41BD6BL;
    private static final long CRASH_STREAM = 0x5BE0CD19137E2179L;
    private static final long CRASH_POINT_STREAM = 0x3C6EF372FE94F82BL;

    public MockPhysics {
        require(medianSeconds > 0 && medianSeconds < 1e7, "median_s", medianSeconds, "in (0, 1e7)");
        require(moduleSpread >= 0 && moduleSpread <= 10, "module_spread", moduleSpread, "in [0, 10]");
        require(runJitter >= 0 && runJitter <= 10, "run_jitter", runJitter, "in [0, 10]");
        require(invalidShare >= 0 && invalidShare <= 1, "invalid_share", invalidShare, "in [0, 1]");
        require(incompleteShare >= 0 && incompleteShare <= 1, "incomplete_share", incompleteShare, "in [0, 1]");
        require(invalidShare + incompleteShare <= 1, "invalid_share + incomplete_share",
                invalidShare + incompleteShare, "at most 1");
        require(crashRate >= 0 && crashRate <= 1, "crash_rate", crashRate, "in [0, 1]");
    }

    /** The defaults described in the class documentation. */
    public static MockPhysics defaults() {
        return DEFAULTS;
    }

    /**
     * The defaults with the settings of {@code config} applied; every key must be one of {@link #SETTINGS}.
     *
     * @throws VerifierConfigurationException naming the setting
     */
    public static MockPhysics fromConfig(BackendConfig config) {
        for (String key : config.keys()) {
            if (key.startsWith(MockProfile.RATE_PREFIX)) {
                throw new VerifierConfigurationException("backend setting '" + key + "' sets a rate of the origin"
                        + " profile; add --backend-option profile=origin to use per-tier rates, or shape the physical"
                        + " mock with " + String.join(", ", SETTINGS));
            }
        }
        config.requireOnlyKeys(MockBackend.NAME, SETTINGS);
        try {
            return new MockPhysics(
                    config.getDouble("median_s", 0, 1e7).orElse(DEFAULTS.medianSeconds),
                    config.getDouble("module_spread", 0, 10).orElse(DEFAULTS.moduleSpread),
                    config.getDouble("run_jitter", 0, 10).orElse(DEFAULTS.runJitter),
                    config.getDouble("invalid_share", 0, 1).orElse(DEFAULTS.invalidShare),
                    config.getDouble("incomplete_share", 0, 1).orElse(DEFAULTS.incompleteShare),
                    config.getDouble("crash_rate", 0, 1).orElse(DEFAULTS.crashRate));
        } catch (IllegalArgumentException e) {
            throw new VerifierConfigurationException("backend setting " + e.getMessage(), e);
        }
    }

    /** A module's verdict class: the outcome of every run of it that ends in time without crashing. */
    public Outcome verdictOf(long moduleSeed) {
        double u = SeededDraws.unit(SeededDraws.mix(moduleSeed ^ CLASS_STREAM));
        if (u < invalidShare) {
            return Outcome.PROOF_INVALID;
        }
        return u < invalidShare + incompleteShare ? Outcome.PROOF_INCOMPLETE : Outcome.VERIFIED;
    }

    /** A module's median run duration, in ms. */
    public double medianMsOf(long moduleSeed) {
        return medianSeconds * 1000 * Math.exp(moduleSpread * SeededDraws.normal(SeededDraws.mix(moduleSeed ^ MEDIAN_STREAM)));
    }

    /**
     * One run of a module with budget {@code budgetMs}.
     *
     * @param moduleSeed the module's seed
     * @param runSeed    the run's seed, shared by the tiers of one draw and repeat
     */
    public Run run(long moduleSeed, long runSeed, double budgetMs) {
        double durationMs = medianMsOf(moduleSeed) * Math.exp(runJitter * SeededDraws.normal(SeededDraws.mix(runSeed ^ JITTER_STREAM)));
        boolean crashes = SeededDraws.unit(SeededDraws.mix(runSeed ^ CRASH_STREAM)) < crashRate;
        double endMs = crashes ? durationMs * SeededDraws.unit(SeededDraws.mix(runSeed ^ CRASH_POINT_STREAM)) : durationMs;
        if (endMs > budgetMs) {
            return new Run(Outcome.VERIFIER_TIMEOUT, budgetMs);
        }
        return new Run(crashes ? Outcome.VERIFIER_INTERNAL_ERROR : verdictOf(moduleSeed), endMs);
    }

    /** What one run did: its outcome and how long it lasted. */
    public record Run(Outcome outcome, double durationMs) {
    }




    private static void require(boolean ok, String name, double value, String range) {
        if (!ok) {
            throw new IllegalArgumentException("'" + name + "': " + value + " must be " + range);
        }
    }
}
