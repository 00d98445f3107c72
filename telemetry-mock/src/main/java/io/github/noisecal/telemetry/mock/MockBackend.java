package io.github.noisecal.telemetry.mock;

import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierBackend;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A simulated verifier: it runs nothing and draws each outcome from a {@link MockProfile}, deterministically.
 *
 * <h2>How an outcome is drawn</h2>
 * <ul>
 *   <li>Each request's seed alone gives a latent uniform {@code u} in [0, 1), the sample's "hardness". The outcome
 *       is the first whose cumulative rate exceeds {@code u}, in this order: {@code verifier_timeout}, then the other
 *       outcomes in {@link Outcome} declaration order ({@code proof_invalid}, {@code proof_incomplete}, ...), and
 *       {@code verified} when none does. Because {@code u} does not depend on the tier, a calibration that gives
 *       sample {@code i} of every tier the same seed gets paired tiers: a sample that times out in a tier also times
 *       out in every tier with a higher timeout rate, as a truly hard proof would.</li>
 *   <li>A {@code verifier_timeout} lasts exactly the tier's budget. Any other outcome lasts a duration drawn
 *       uniformly from [1 s, min(30 s, budget)] (budgets under 1 s give every outcome the whole budget), from a
 *       stream mixed from the seed and the tier name, independent of {@code u}.</li>
 *   <li>Randomness comes from the SplitMix64 finalizer applied to the seed, never from shared generators, so records
 *       do not depend on threads, call order or how many workers run.</li>
 * </ul>
 *
 * <h2>Records</h2>
 * Id, module, context, tier and {@code timeout_s} come from the request; the timestamp from the clock;
 * {@code lean_version} is {@link #VERSION}; {@code noise_injected} is true, {@code noise_type} is
 * {@value #NOISE_TYPE} and {@code noise_seed} the request's seed. Measurements the mock does not simulate (CPU,
 * memory, tactics, return code) are null.
 *
 * <p>Thread-safe; the only state is the closed flag and a cache of per-tier thresholds.
 */
public final class MockBackend implements VerifierBackend {

    /** The provider name of the mock backend. */
    public static final String NAME = "mock";
    /**
     * The version of the simulation, recorded as {@code lean_version}. It changes whenever the same seed and profile
     * would give a different record, so equal versions mean reproducible records.
     */
    public static final String VERSION = "noisecal-mock 0.1.0";
    /** The {@code noise_type} of every mock record. */
    public static final String NOISE_TYPE = "mock_profile";

    private static final double MIN_DURATION_MS = 1_000;
    private static final double MAX_DURATION_MS = 30_000;
    /** Separates the outcome and duration streams drawn from one seed. */
    private static final long OUTCOME_STREAM = 0x6A09E667F3BCC909L;
    private static final long DURATION_STREAM = 0xBB67AE8584CAA73BL;

    private final MockProfile profile;
    private final Clock clock;
    private final Map<String, TierThresholds> thresholdsByTier = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A mock with the default profile and the system UTC clock. */
    public MockBackend() {
        this(MockProfile.defaultProfile());
    }

    /** A mock with the system UTC clock. */
    public MockBackend(MockProfile profile) {
        this(profile, Clock.systemUTC());
    }

    /** @param clock stamps each record's timestamp; a fixed clock makes records fully reproducible */
    public MockBackend(MockProfile profile, Clock clock) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (Tier tier : Tier.PREDEFINED) {
            thresholdsFor(tier.name());
        }
        profile.tierRates().keySet().forEach(this::thresholdsFor);
    }

    /** The profile outcomes are drawn from. */
    public MockProfile profile() {
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
        Tier tier = request.tier();
        TierThresholds thresholds = thresholdsFor(tier.name());
        long seed = request.seed();
        Outcome outcome = thresholds.outcome(latentUniform(seed));
        double budgetMs = tier.budget().toNanos() / 1e6;
        double durationMs;
        if (outcome == Outcome.VERIFIER_TIMEOUT) {
            durationMs = budgetMs;
        } else {
            double longest = Math.min(MAX_DURATION_MS, budgetMs);
            double shortest = Math.min(MIN_DURATION_MS, longest);
            durationMs = shortest + (longest - shortest) * unit(mix(mix(seed ^ DURATION_STREAM) + thresholds.salt));
        }
        return VerificationTelemetry.builder(request)
                .timestamp(clock.instant())
                .leanVersion(VERSION)
                .outcome(outcome)
                .durationMs(durationMs)
                .noiseInjected(true)
                .noiseType(NOISE_TYPE)
                .noiseSeed(seed)
                .build();
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
        return unit(mix(seed ^ OUTCOME_STREAM));
    }

    /** The top 53 bits as a double in [0, 1). */
    private static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** The SplitMix64 finalizer: a bijection on 64 bits in which every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
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
            salt = mix(fnv1a64(tierName));
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
