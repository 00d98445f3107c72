package io.github.noisecal.telemetry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A verification budget tier: a name, a wall-clock budget, and verifier limits that apply to runs in this tier.
 *
 * <p>{@code limits} holds backend-specific limits by key (see the {@code LIMIT_*} keys); a backend ignores keys it
 * does not know only if they are not meant for it, and rejects malformed values with a
 * {@link VerifierConfigurationException}.
 *
 * @param name   an upper-case identifier such as {@code BALANCED}
 * @param budget the wall-clock budget of one verification, positive
 * @param limits further per-tier limits, by key; never null
 */
public record Tier(String name, Duration budget, Map<String, String> limits) {

    // Declared before the predefined tiers: their construction validates names against it.
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    /** Deterministic verifier budget (Lean: {@code -DmaxHeartbeats=N}). */
    public static final String LIMIT_MAX_HEARTBEATS = "max_heartbeats";
    /** Memory limit of the verifier's whole process tree, in MiB. */
    public static final String LIMIT_MEMORY_MB = "memory_limit_mb";
    /** Number of verifier threads (Lean: {@code -j N}). */
    public static final String LIMIT_THREADS = "threads";

    public static final Tier FAST = new Tier("FAST", Duration.ofSeconds(30), Map.of());
    public static final Tier BALANCED = new Tier("BALANCED", Duration.ofSeconds(60), Map.of());
    public static final Tier SLOW = new Tier("SLOW", Duration.ofSeconds(120), Map.of());

    /** The predefined tiers, fastest first. */
    public static final List<Tier> PREDEFINED = List.of(FAST, BALANCED, SLOW);

    public Tier {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(limits, "limits");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tier name '" + name
                    + "' must be upper-case letters, digits and '_', starting with a letter");
        }
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("tier " + name + ": budget must be positive, got " + budget);
        }
        limits = Map.copyOf(new TreeMap<>(limits));
    }

    public Tier(String name, Duration budget) {
        this(name, budget, Map.of());
    }

    /** The predefined tier of that name (case-insensitive), if there is one. */
    public static Optional<Tier> predefined(String name) {
        return PREDEFINED.stream().filter(t -> t.name.equalsIgnoreCase(name)).findFirst();
    }

    /** The budget in seconds, as written to telemetry ({@code timeout_s}). */
    public double timeoutSeconds() {
        return budget.toNanos() / 1e9;
    }

    public Tier withBudget(Duration newBudget) {
        return new Tier(name, newBudget, limits);
    }

    public Tier withLimit(String key, String value) {
        var copy = new TreeMap<>(limits);
        copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new Tier(name, budget, copy);
    }

    public Optional<String> limit(String key) {
        return Optional.ofNullable(limits.get(key));
    }
}
