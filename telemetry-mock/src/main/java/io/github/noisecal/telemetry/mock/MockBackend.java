package io.github.noisecal.telemetry.mock;

import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import io.github.noisecal.telemetry.VerifierHarnessException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A simulated verifier: it runs nothing and decides each record deterministically from the request.
 *
 * <h2>Profiles</h2>
 * <ul>
 *   <li><b>physical</b> (the default, {@link MockPhysics}): modules with lasting properties (verdict, median
 *       duration) drawn from the request's module seed, run durations with run-to-run jitter drawn from its run
 *       seed, and a timeout exactly when a run would outlast the tier's budget. The budget matters, timeouts nest
 *       across tiers, and modules near a budget flip between runs. A record is a pure function of (module seed,
 *       run seed, tier budget): never of worker count or scheduling.</li>
 *   <li><b>origin</b> ({@link MockProfile}, {@code profile=origin}): the origin plan's per-tier rates, looked up by
 *       tier name. Each request's seed alone gives a latent uniform, compared with the tier's cumulative rates
 *       (timeouts first); a timeout lasts the budget, anything else 1 s to min(30 s, budget).</li>
 * </ul>
 *
 * <h2>Settings</h2>
 * {@link #fromConfig}: {@code profile} ({@code physical} or {@code origin}); {@code delay_ms}, a real pause per
 * run (0 to 60000, default 0) for exercising interruption and progress; the physical profile's settings
 * ({@link MockPhysics#SETTINGS}) or the origin profile's {@code rate.<TIER>.<outcome_code>} settings.
 *
 * <h2>Records</h2>
 * Id, module, context, tier, {@code timeout_s} and plan coordinates come from the request; the timestamp from the
 * clock; {@code lean_version} is the version of the simulation; {@code noise_injected} is true, {@code noise_type}
 * names the profile and {@code noise_seed} is the run's seed; the physical profile records the module's verdict
 * class as {@code ground_truth}. Measurements the mock does not simulate (CPU, memory, tactics, return code) are
 * null.
 *
 * <p>Thread-safe; the only state is the closed flag and a cache of per-tier thresholds.
 */
public final class MockBackend implements VerifierBackend {

    /** The provider name of the mock backend. */
    public static final String NAME = "mock";
    /**
     * The version of the simulation, recorded as {@code lean_version}. It changes whenever the same request and
     * settings would give a different record, so equal versions mean reproducible records.
     */
    public static final String VERSION = "noisecal-mock 0.2.0";
    /** The {@code noise_type} of records of the origin profile. */
    public static final String NOISE_TYPE = "mock_profile";
    /** The {@code noise_type} of records of the physical profile. */
    public static final String PHYSICAL_NOISE_TYPE = "mock_physical";
    /** The name of the physical profile, the default. */
    public static final String PHYSICAL = "physical";
    /** The name of the origin plan's per-tier-rate profile. */
    public static final String ORIGIN = "origin";
    /** The settings of the backend itself, besides those of its profile. */
    public static final List<String> SETTINGS = List.of("profile", "delay_ms");

    private static final double MIN_DURATION_MS = 1_000;
    private static final double MAX_DURATION_MS = 30_000;
    /** Separates the outcome and duration streams drawn from one seed. */
    private static final long OUTCOME_STREAM = 0x6A09E667F3BCC909L;
    private static final long DURATION_STREAM = 0xBB67AE8584CAA73BL;

    private final MockProfile profile;
    private final MockPhysics physics;
    private final Clock clock;
    private final long delayMs;
    private final Map<String, TierThresholds> thresholdsByTier = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A physical mock with the default parameters and the system UTC clock. */
    public MockBackend() {
        this(MockPhysics.defaults(), Clock.systemUTC(), 0);
    }

    /** A mock of the origin profile with the system UTC clock. */
    public MockBackend(MockProfile profile) {
        this(profile, Clock.systemUTC());
    }

    /** A mock of the origin profile; a fixed clock makes records fully reproducible. */
    public MockBackend(MockProfile profile, Clock clock) {
        this(Objects.requireNonNull(profile, "profile"), null, clock, 0);
    }

    /**
     * A physical mock.
     *
     * @param clock   stamps each record's timestamp; a fixed clock makes records fully reproducible
     * @param delayMs a real pause per run, in ms
     */
    public MockBackend(MockPhysics physics, Clock clock, long delayMs) {
        this(null, Objects.requireNonNull(physics, "physics"), clock, delayMs);
    }

    private MockBackend(MockProfile profile, MockPhysics physics, Clock clock, long delayMs) {
        this.profile = profile;
        this.physics = physics;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (delayMs < 0) {
            throw new IllegalArgumentException("delayMs must be non-negative, got " + delayMs);
        }
        this.delayMs = delayMs;
        if (profile != null) {
            for (Tier tier : Tier.PREDEFINED) {
                thresholdsFor(tier.name());
            }
            profile.tierRates().keySet().forEach(this::thresholdsFor);
        }
    }

    /**
     * The mock the settings describe (see the class documentation).
     *
     * @throws VerifierConfigurationException naming an unknown or malformed setting
     */
    public static MockBackend fromConfig(BackendConfig config, Clock clock) {
        String profileName = config.get("profile").orElse(PHYSICAL).strip();
        long delay = config.getLong("delay_ms", 0, 60_000).orElse(0);
        BackendConfig rest = config.without(SETTINGS);
        // An unknown key is listed with every setting of this mock, its own and its profile's; rate.* keys are left
        // to the profiles, whose messages say what a rate setting is and which profile takes it.
        List<String> known = new ArrayList<>(SETTINGS);
        known.addAll(profileName.equals(ORIGIN) ? List.of(MockProfile.RATE_SETTING) : MockPhysics.SETTINGS);
        config.without(config.keys().stream().filter(key -> key.startsWith(MockProfile.RATE_PREFIX)).toList())
                .requireOnlyKeys(NAME, known);
        return switch (profileName) {
            case PHYSICAL -> new MockBackend(null, MockPhysics.fromConfig(rest), clock, delay);
            case ORIGIN -> new MockBackend(MockProfile.fromConfig(rest), null, clock, delay);
            default -> throw new VerifierConfigurationException("backend setting 'profile': unknown mock profile '"
                    + profileName + "'; use " + PHYSICAL + " (the default) or " + ORIGIN);
        };
    }

    /** Which profile the mock follows: {@link #PHYSICAL} or {@link #ORIGIN}. */
    public String profileName() {
        return physics != null ? PHYSICAL : ORIGIN;
    }

    /** The physical profile's parameters, if the mock follows it. */
    public java.util.Optional<MockPhysics> physics() {
        return java.util.Optional.ofNullable(physics);
    }

    /**
     * The origin profile outcomes are drawn from.
     *
     * @throws IllegalStateException when the mock follows the physical profile
     */
    public MockProfile profile() {
        if (profile == null) {
            throw new IllegalStateException("this mock follows the physical profile, not per-tier rates");
        }
        return profile;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String verifierVersion() {
        return VERSION;
    }

    @Override
    public VerificationTelemetry verify(VerificationRequest request) {
        Objects.requireNonNull(request, "request");
        if (closed) {
            throw new IllegalStateException("the mock backend is closed; create a new one to verify "
                    + request.verificationId());
        }
        pause();
        Tier tier = request.tier();
        double budgetMs = tier.budget().toNanos() / 1e6;
        VerificationTelemetry.Builder record = VerificationTelemetry.builder(request)
                .timestamp(clock.instant())
                .leanVersion(VERSION)
                .noiseInjected(true)
                .noiseSeed(request.seed());
        if (physics != null) {
            MockPhysics.Run run = physics.run(request.moduleSeed(), request.seed(), budgetMs);
            return record.outcome(run.outcome()).durationMs(run.durationMs()).noiseType(PHYSICAL_NOISE_TYPE)
                    .groundTruth(physics.verdictOf(request.moduleSeed()).code()).build();
        }
        TierThresholds thresholds = thresholdsFor(tier.name());
        long seed = request.seed();
        Outcome outcome = thresholds.outcome(latentUniform(seed));
        double durationMs;
        if (outcome == Outcome.VERIFIER_TIMEOUT) {
            durationMs = budgetMs;
        } else {
            double longest = Math.min(MAX_DURATION_MS, budgetMs);
            double shortest = Math.min(MIN_DURATION_MS, longest);
            long draw = SeededDraws.mix(SeededDraws.mix(seed ^ DURATION_STREAM) + thresholds.salt);
            durationMs = shortest + (longest - shortest) * SeededDraws.unit(draw);
        }
        return record.outcome(outcome).durationMs(durationMs).noiseType(NOISE_TYPE).build();
    }

    private void pause() {
        if (delayMs == 0) {
            return;
        }
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Not a verdict: the run was stopped before it finished, as a killed verifier would be.
            throw new VerifierHarnessException("the mock run was interrupted before it finished", e);
        }
    }

    /** Idempotent; afterwards {@link #verify} throws {@link IllegalStateException}. */
    @Override
    public void close() {
        closed = true;
    }

    private TierThresholds thresholdsFor(String tierName) {
        TierThresholds thresholds = thresholdsByTier.get(tierName);
        return thresholds != null ? thresholds
                : thresholdsByTier.computeIfAbsent(tierName, name -> new TierThresholds(name, profile.ratesFor(name)));
    }

    /** The sample's latent uniform in [0, 1), from the seed alone so that tiers are paired. */
    private static double latentUniform(long seed) {
        return SeededDraws.unit(SeededDraws.mix(seed ^ OUTCOME_STREAM));
    }



    /** A tier's outcomes in draw order with their cumulative rates, and the tier's duration-stream salt. */
    private static final class TierThresholds {
        private final Outcome[] outcomes;
        private final double[] cumulativeRates;
        private final long salt;

        TierThresholds(String tierName, Map<Outcome, Double> rates) {
            List<Outcome> order = new ArrayList<>();
            if (rates.containsKey(Outcome.VERIFIER_TIMEOUT)) {
                order.add(Outcome.VERIFIER_TIMEOUT);
            }
            for (Outcome outcome : Outcome.values()) {
                if (outcome != Outcome.VERIFIER_TIMEOUT && rates.containsKey(outcome)) {
                    order.add(outcome);
                }
            }
            outcomes = order.toArray(Outcome[]::new);
            cumulativeRates = new double[outcomes.length];
            double sum = 0;
            for (int i = 0; i < outcomes.length; i++) {
                sum += rates.get(outcomes[i]);
                cumulativeRates[i] = sum;
            }
            salt = SeededDraws.mix(fnv1a64(tierName));
        }

        Outcome outcome(double u) {
            for (int i = 0; i < cumulativeRates.length; i++) {
                if (u < cumulativeRates[i]) {
                    return outcomes[i];
                }
            }
            return Outcome.VERIFIED;
        }

        /** FNV-1a: a 64-bit hash of the tier name, the same in every JVM. */
        private static long fnv1a64(String text) {
            long hash = 0xCBF29CE484222325L;
            for (int i = 0; i < text.length(); i++) {
                hash = (hash ^ text.charAt(i)) * 0x100000001B3L;
            }
            return hash;
        }
    }
}
