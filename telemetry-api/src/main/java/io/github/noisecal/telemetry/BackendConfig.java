package io.github.noisecal.telemetry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Backend configuration: string values by key, where a key may repeat (such as Lean's {@code lean_option}).
 * Accessors that parse a value throw {@link VerifierConfigurationException} naming the key and the value.
 *
 * @param values the values of each key, in the order given; never empty lists
 */
public record BackendConfig(Map<String, List<String>> values) {
    private static final BackendConfig EMPTY = new BackendConfig(Map.of());

    public BackendConfig {
        Objects.requireNonNull(values, "values");
        var copy = new LinkedHashMap<String, List<String>>();
        values.forEach((key, list) -> {
            Objects.requireNonNull(key, "key");
            if (list.isEmpty()) {
                throw new IllegalArgumentException("backend setting '" + key + "' has no value");
            }
            copy.put(key, List.copyOf(list));
        });
        values = java.util.Collections.unmodifiableMap(copy);
    }

    public static BackendConfig empty() {
        return EMPTY;
    }

    public static BackendConfig of(Map<String, String> single) {
        var map = new LinkedHashMap<String, List<String>>();
        single.forEach((k, v) -> map.put(k, List.of(v)));
        return new BackendConfig(map);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The single value of {@code key}; a key given more than once is an error. */
    public Optional<String> get(String key) {
        List<String> list = values.get(key);
        if (list == null) {
            return Optional.empty();
        }
        if (list.size() > 1) {
            throw new VerifierConfigurationException("backend setting '" + key + "' may be given once, got "
                    + list.size() + " values: " + list);
        }
        return Optional.of(list.get(0));
    }

    /** Every value of {@code key}, in the order given; empty when absent. */
    public List<String> getAll(String key) {
        return values.getOrDefault(key, List.of());
    }

    public Optional<Path> getPath(String key) {
        return get(key).map(value -> {
            try {
                return Path.of(value);
            } catch (java.nio.file.InvalidPathException e) {
                throw new VerifierConfigurationException("backend setting '" + key + "': invalid path '" + value
                        + "': " + e.getReason());
            }
        });
    }

    /** A long in {@code [min, max]}. */
    public OptionalLong getLong(String key, long min, long max) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(parseLong(key, value.get(), min, max));
    }

    /** A double in {@code [min, max]}. */
    public OptionalDouble getDouble(String key, double min, double max) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(parseDouble(key, value.get(), min, max));
    }

    /**
     * Fails naming every key that is not in {@code known}, so a misspelt setting is never silently ignored:
     * {@code unknown backend setting 'ratio'; known: lean_option, threads}.
     */
    public void requireOnlyKeys(Collection<String> known) {
        requireOnlyKeys(null, known);
    }

    /**
     * As {@link #requireOnlyKeys(Collection)}, the message naming the backend and listing every setting it knows:
     * {@code unknown mock backend setting 'bogus'; known: crash_rate, delay_ms, ...}. A caller that reads its
     * settings in parts passes the keys of every part, so that the list is complete.
     *
     * @param backend the backend's name, or null
     */
    public void requireOnlyKeys(String backend, Collection<String> known) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(known);
        if (unknown.isEmpty()) {
            return;
        }
        List<String> quoted = unknown.stream().map(key -> "'" + key + "'").toList();
        String names = quoted.size() == 1 ? quoted.get(0)
                : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.get(quoted.size() - 1);
        throw new VerifierConfigurationException("unknown " + (backend == null ? "" : backend + " ")
                + "backend setting" + (unknown.size() > 1 ? "s " : " ") + names + "; known: "
                + (known.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(known))));
    }

    public Set<String> keys() {
        return values.keySet();
    }

    /** The same settings without {@code keys}: what is left for another part of a backend to read. */
    public BackendConfig without(Collection<String> keys) {
        var rest = new LinkedHashMap<>(values);
        rest.keySet().removeAll(keys);
        return new BackendConfig(rest);
    }

    public static long parseLong(String key, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new VerifierConfigurationException("backend setting '" + key + "': '" + value
                    + "' is not a whole number");
        }
        if (parsed < min || parsed > max) {
            throw new VerifierConfigurationException("backend setting '" + key + "': " + parsed
                    + " is outside [" + min + ", " + max + "]");
        }
        return parsed;
    }

    public static double parseDouble(String key, String value, double min, double max) {
        double parsed;
        try {
            parsed = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new VerifierConfigurationException("backend setting '" + key + "': '" + value
                    + "' is not a number");
        }
        if (!(parsed >= min && parsed <= max)) {
            throw new VerifierConfigurationException("backend setting '" + key + "': " + value
                    + " is outside [" + min + ", " + max + "]");
        }
        return parsed;
    }

    /** Collects settings; {@link #add} appends to a repeatable key, {@link #set} replaces. */
    public static final class Builder {
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder set(String key, String value) {
            values.put(Objects.requireNonNull(key, "key"), new ArrayList<>(List.of(Objects.requireNonNull(value, key))));
            return this;
        }

        public Builder add(String key, String value) {
            values.computeIfAbsent(Objects.requireNonNull(key, "key"), k -> new ArrayList<>())
                    .add(Objects.requireNonNull(value, key));
            return this;
        }

        public BackendConfig build() {
            return new BackendConfig(values);
        }
    }
}
