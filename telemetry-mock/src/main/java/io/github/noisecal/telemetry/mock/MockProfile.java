package io.github.noisecal.telemetry.mock;

import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How often the mock verifier produces each outcome, per tier: the probability of every outcome except
 * {@code verified}, which takes whatever probability is left.
 *
 * <p>A tier the profile does not name uses the {@code default} entry. {@link #defaultProfile()} follows the origin
 * plan:
 * <table>
 *   <caption>The default profile</caption>
 *   <tr><th>tier</th><th>verifier_timeout</th><th>proof_invalid</th><th>verified</th></tr>
 *   <tr><td>FAST</td><td>0.20</td><td>0.10</td><td>0.70</td></tr>
 *   <tr><td>BALANCED</td><td>0.10</td><td>0.05</td><td>0.85</td></tr>
 *   <tr><td>SLOW</td><td>0.05</td><td>0.02</td><td>0.93</td></tr>
 *   <tr><td>default</td><td>0.10</td><td>0.05</td><td>0.85</td></tr>
 * </table>
 *
 * <h2>Backend settings</h2>
 * {@link #fromConfig} reads settings {@code rate.<TIER>.<outcome_code>=<probability>}, such as
 * {@code rate.FAST.verifier_timeout=0.2} or {@code rate.default.proof_invalid=0.05}, where {@code <TIER>} is a tier
 * name or {@code default}. Each setting overrides one rate of the default profile; rates not set keep their value
 * there. A tier the default profile does not name starts from the {@code default} entry (after any
 * {@code rate.default.*} settings). A rate of 0 removes that outcome from the tier.
 *
 * @param tierRates    the rates of each named tier, by tier name; outcomes with rate 0 are left out
 * @param defaultRates the rates of every tier not in {@code tierRates}
 */
public record MockProfile(Map<String, Map<Outcome, Double>> tierRates, Map<Outcome, Double> defaultRates) {

    /** The name of the entry for tiers the profile does not name, in settings such as {@code rate.default.*}. */
    public static final String DEFAULT_ENTRY = "default";
    /** The prefix of every mock backend setting. */
    public static final String RATE_PREFIX = "rate.";
    /** The form of the profile's settings, as messages list it among the known ones. */
    public static final String RATE_SETTING = RATE_PREFIX + "<TIER>.<outcome_code>";

    /** Rates are parsed decimals, so their sum may exceed 1 by rounding, as 0.7 + 0.2 + 0.1 does. */
    private static final double SUM_TOLERANCE = 1e-9;

    private static final MockProfile DEFAULT = builder()
            .rate("FAST", Outcome.VERIFIER_TIMEOUT, 0.20).rate("FAST", Outcome.PROOF_INVALID, 0.10)
            .rate("BALANCED", Outcome.VERIFIER_TIMEOUT, 0.10).rate("BALANCED", Outcome.PROOF_INVALID, 0.05)
            .rate("SLOW", Outcome.VERIFIER_TIMEOUT, 0.05).rate("SLOW", Outcome.PROOF_INVALID, 0.02)
            .defaultRate(Outcome.VERIFIER_TIMEOUT, 0.10).defaultRate(Outcome.PROOF_INVALID, 0.05)
            .build();

    /**
     * @throws IllegalArgumentException if a tier name is not a valid {@link Tier} name, a rate is not in [0, 1], a
     *                                  rate is given for {@code verified}, or a tier's rates sum to more than 1
     */
    public MockProfile {
        Objects.requireNonNull(tierRates, "tierRates");
        Objects.requireNonNull(defaultRates, "defaultRates");
        var tiers = new TreeMap<String, Map<Outcome, Double>>();
        tierRates.forEach((tier, rates) -> {
            Objects.requireNonNull(tier, "tier name");
            if (!isTierName(tier)) {
                throw new IllegalArgumentException("'" + tier + "' is not a tier name: use upper-case letters,"
                        + " digits and '_', starting with a letter, such as FAST");
            }
            tiers.put(tier, validRates(tier, rates));
        });
        tierRates = Collections.unmodifiableMap(tiers);
        defaultRates = validRates(DEFAULT_ENTRY, defaultRates);
    }

    /** The profile of the origin plan; see the class documentation. */
    public static MockProfile defaultProfile() {
        return DEFAULT;
    }

    /** An empty builder: every tier verifies everything until rates are added. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this profile's rates. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        tierRates.forEach(builder::tier);
        builder.defaultRates.putAll(defaultRates);
        return builder;
    }

    /**
     * The default profile with the {@code rate.<TIER>.<outcome_code>} settings of {@code config} applied, as the
     * class documentation describes.
     *
     * @throws VerifierConfigurationException naming the setting, for an unknown setting, a tier name or outcome code
     *                                        that does not exist, a value that is not a number in [0, 1], a rate for
     *                                        {@code verified}, or rates of one tier that sum to more than 1
     */
    public static MockProfile fromConfig(BackendConfig config) {
        Objects.requireNonNull(config, "config");
        var settings = new TreeMap<String, Map<Outcome, Double>>();
        for (String key : config.keys()) {
            String[] parts = key.split("\\.", -1);
            if (parts.length != 3 || !key.startsWith(RATE_PREFIX)) {
                throw new VerifierConfigurationException("unknown mock backend setting '" + key
                        + "'; its settings are " + RATE_SETTING + ", such as rate.FAST.verifier_timeout,"
                        + " with <TIER> a tier name or '" + DEFAULT_ENTRY + "'");
            }
            String tier = parts[1];
            if (!tier.equals(DEFAULT_ENTRY) && !isTierName(tier)) {
                throw new VerifierConfigurationException("backend setting '" + key + "': '" + tier
                        + "' is neither '" + DEFAULT_ENTRY + "' nor a tier name (upper-case letters, digits and '_',"
                        + " such as FAST)");
            }
            Outcome outcome = Outcome.fromCode(parts[2]).orElseThrow(() -> new VerifierConfigurationException(
                    "backend setting '" + key + "': unknown outcome code '" + parts[2] + "'; known codes: "
                            + Arrays.stream(Outcome.values()).filter(o -> o != Outcome.VERIFIED)
                                    .map(Outcome::code).collect(Collectors.joining(", "))));
            if (outcome == Outcome.VERIFIED) {
                throw new VerifierConfigurationException("backend setting '" + key + "': verified takes the"
                        + " probability the other outcomes leave, so it has no rate of its own");
            }
            double rate = BackendConfig.parseDouble(key, config.get(key).orElseThrow(), 0, 1);
            settings.computeIfAbsent(tier, t -> new EnumMap<>(Outcome.class)).put(outcome, rate);
        }

        Builder builder = DEFAULT.toBuilder();
        settings.getOrDefault(DEFAULT_ENTRY, Map.of()).forEach(builder::defaultRate);
        Map<Outcome, Double> defaultEntry = Map.copyOf(builder.defaultRates);
        settings.forEach((tier, rates) -> {
            if (!tier.equals(DEFAULT_ENTRY)) {
                if (!builder.tiers.containsKey(tier)) {
                    builder.tier(tier, defaultEntry);
                }
                rates.forEach((outcome, rate) -> builder.rate(tier, outcome, rate));
            }
        });
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new VerifierConfigurationException("backend settings " + e.getMessage()
                    + "; rates not set keep the default profile's value", e);
        }
    }

    /** The rates of the tier named {@code tierName}: its own entry, or the default entry. */
    public Map<Outcome, Double> ratesFor(String tierName) {
        return tierRates.getOrDefault(tierName, defaultRates);
    }

    /** Tier itself decides what a tier name is, so the mock accepts exactly the tiers a calibration can use. */
    private static boolean isTierName(String name) {
        try {
            new Tier(name, Duration.ofSeconds(1));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Map<Outcome, Double> validRates(String entry, Map<Outcome, Double> rates) {
        Objects.requireNonNull(rates, () -> "rates of " + entry);
        var valid = new EnumMap<Outcome, Double>(Outcome.class);
        double sum = 0;
        for (var e : rates.entrySet()) {
            Outcome outcome = Objects.requireNonNull(e.getKey(), () -> "an outcome of " + entry);
            double rate = Objects.requireNonNull(e.getValue(), () -> "the rate of " + key(entry, outcome));
            if (outcome == Outcome.VERIFIED) {
                throw new IllegalArgumentException(key(entry, outcome) + ": verified takes the probability the other"
                        + " outcomes leave, so it has no rate of its own");
            }
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(key(entry, outcome) + ": the rate " + rate
                        + " is outside [0, 1]");
            }
            if (rate > 0) {
                valid.put(outcome, rate);
                sum += rate;
            }
        }
        if (sum > 1 + SUM_TOLERANCE) {
            throw new IllegalArgumentException(RATE_PREFIX + entry + ".*: the rates sum to " + sum
                    + ", more than 1: " + valid);
        }
        return Collections.unmodifiableMap(valid);
    }

    private static String key(String entry, Outcome outcome) {
        return RATE_PREFIX + entry + "." + outcome.code();
    }

    /** Collects rates; {@link #build()} validates them. */
    public static final class Builder {
        private final Map<String, Map<Outcome, Double>> tiers = new LinkedHashMap<>();
        private final Map<Outcome, Double> defaultRates = new EnumMap<>(Outcome.class);

        private Builder() {
        }

        /** Sets one rate of {@code tier}; a tier not yet in the builder starts with no rates. */
        public Builder rate(String tier, Outcome outcome, double rate) {
            tiers.computeIfAbsent(Objects.requireNonNull(tier, "tier"), t -> new EnumMap<>(Outcome.class))
                    .put(Objects.requireNonNull(outcome, "outcome"), rate);
            return this;
        }

        /** Replaces every rate of {@code tier}. */
        public Builder tier(String tier, Map<Outcome, Double> rates) {
            var copy = new EnumMap<Outcome, Double>(Outcome.class);
            copy.putAll(Objects.requireNonNull(rates, "rates"));
            tiers.put(Objects.requireNonNull(tier, "tier"), copy);
            return this;
        }

        /** Sets one rate of the default entry. */
        public Builder defaultRate(Outcome outcome, double rate) {
            defaultRates.put(Objects.requireNonNull(outcome, "outcome"), rate);
            return this;
        }

        /** @throws IllegalArgumentException as {@link MockProfile#MockProfile} does */
        public MockProfile build() {
            return new MockProfile(tiers, defaultRates);
        }
    }
}
