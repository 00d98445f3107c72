package io.github.noisecal.telemetry.lean.internal;

import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The Lean backend's settings, validated: the project root, the resolved {@code lean} or {@code lake} executable,
 * and the limits and options passed to Lean. Every problem is a {@link VerifierConfigurationException} naming the
 * setting.
 *
 * @param project        the Lean project root (real path); the working directory of every run
 * @param executable     the resolved {@code lean} or {@code lake} executable
 * @param throughLake    whether runs are {@code lake env lean ...}
 * @param maxHeartbeats  {@code -DmaxHeartbeats=N} unless a tier overrides it
 * @param memoryLimitMb  the process tree's memory limit and Lean's {@code -M}, unless a tier overrides it
 * @param threads        Lean's {@code -j}, unless a tier overrides it
 * @param leanOptions    further {@code -D name=value} options, in order
 */
public record LeanSettings(Path project, Path executable, boolean throughLake, OptionalLong maxHeartbeats,
                           OptionalLong memoryLimitMb, OptionalLong threads, List<String> leanOptions) {
    public static final String PROJECT = "project";
    public static final String LEAN = "lean";
    public static final String LAKE = "lake";
    public static final String MAX_HEARTBEATS = Tier.LIMIT_MAX_HEARTBEATS;
    public static final String MEMORY_LIMIT_MB = Tier.LIMIT_MEMORY_MB;
    public static final String THREADS = Tier.LIMIT_THREADS;
    public static final String LEAN_OPTION = "lean_option";
    public static final List<String> KEYS = List.of(PROJECT, LEAN, LAKE, MAX_HEARTBEATS, MEMORY_LIMIT_MB, THREADS,
            LEAN_OPTION);

    /** Lean reads Nat options with C's atoi, so larger values would overflow. */
    static final long MAX_HEARTBEATS_LIMIT = Integer.MAX_VALUE;
    static final long MAX_MEMORY_MB = 16L * 1024 * 1024;
    static final long MAX_THREADS = 4096;
    private static final Pattern OPTION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_']*(\\.[A-Za-z_][A-Za-z0-9_']*)*");

    public LeanSettings {
        leanOptions = List.copyOf(leanOptions);
    }

    /**
     * Validates {@code config}.
     *
     * @param requireProject whether a missing {@code project} is an error (it is for a backend; an availability
     *                       check without one runs in the current directory)
     */
    public static LeanSettings parse(BackendConfig config, boolean requireProject) {
        config.requireOnlyKeys(LeanBackend.NAME, KEYS);
        Path project = project(config, requireProject);
        Optional<String> lean = config.get(LEAN);
        Optional<String> lake = config.get(LAKE);
        if (lean.isPresent() && lake.isPresent()) {
            throw new VerifierConfigurationException("backend settings 'lean' and 'lake' exclude each other: give "
                    + "'lake' to run `lake env lean` (as Mathlib projects need) or 'lean' to run lean directly");
        }
        boolean throughLake = lake.isPresent();
        Path executable = resolveExecutable(throughLake ? LAKE : LEAN, throughLake ? lake.get() : lean.orElse("lean"));
        List<String> options = new ArrayList<>();
        for (String option : config.getAll(LEAN_OPTION)) {
            options.add(validateOption(option));
        }
        return new LeanSettings(project, executable, throughLake,
                config.getLong(MAX_HEARTBEATS, 0, MAX_HEARTBEATS_LIMIT),
                config.getLong(MEMORY_LIMIT_MB, 1, MAX_MEMORY_MB),
                config.getLong(THREADS, 1, MAX_THREADS), options);
    }

    /** The limits for a run in {@code tier}: the tier's own limits win over the backend settings. */
    public Limits limits(Tier tier) {
        return new Limits(tierLimit(tier, MAX_HEARTBEATS, 0, MAX_HEARTBEATS_LIMIT, maxHeartbeats),
                tierLimit(tier, MEMORY_LIMIT_MB, 1, MAX_MEMORY_MB, memoryLimitMb),
                tierLimit(tier, THREADS, 1, MAX_THREADS, threads));
    }

    /** The limits of one run. */
    public record Limits(OptionalLong maxHeartbeats, OptionalLong memoryLimitMb, OptionalLong threads) {
    }

    private static OptionalLong tierLimit(Tier tier, String key, long min, long max, OptionalLong fallback) {
        Optional<String> value = tier.limit(key);
        if (value.isEmpty()) {
            return fallback;
        }
        return OptionalLong.of(BackendConfig.parseLong(key + "' of tier '" + tier.name(), value.get(), min, max));
    }

    private static Path project(BackendConfig config, boolean required) {
        Optional<Path> configured = config.getPath(PROJECT);
        if (configured.isEmpty()) {
            if (required) {
                throw new VerifierConfigurationException("backend setting 'project' is required: the root directory "
                        + "of the Lean project (where lakefile.lean or lakefile.toml is), in which module A.B.C is "
                        + "the file A/B/C.lean");
            }
            return Path.of("").toAbsolutePath();
        }
        Path path = configured.get();
        if (!Files.exists(path)) {
            throw new VerifierConfigurationException("backend setting 'project': '" + path + "' does not exist");
        }
        if (!Files.isDirectory(path)) {
            throw new VerifierConfigurationException("backend setting 'project': '" + path + "' is not a directory");
        }
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new VerifierConfigurationException("backend setting 'project': cannot resolve '" + path + "': "
                    + e.getMessage(), e);
        }
    }

    /** A path (containing '/') as given, or a name looked up on PATH; it must be an executable file. */
    static Path resolveExecutable(String key, String value) {
        if (value.isBlank()) {
            throw new VerifierConfigurationException("backend setting '" + key + "' must not be empty");
        }
        if (value.indexOf('/') >= 0) {
            Path path = Path.of(value).toAbsolutePath();
            if (!Files.exists(path)) {
                throw new VerifierConfigurationException("backend setting '" + key + "': '" + value
                        + "' does not exist");
            }
            return requireExecutable(key, value, path);
        }
        String searchPath = Optional.ofNullable(System.getenv("PATH")).orElse("");
        Path notExecutable = null;
        List<String> searched = new ArrayList<>();
        for (String directory : searchPath.split(File.pathSeparator)) {
            if (directory.isEmpty() || searched.contains(directory)) {
                continue;
            }
            searched.add(directory);
            Path candidate = Path.of(directory, value);
            if (Files.isRegularFile(candidate)) {
                if (Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath();
                }
                notExecutable = notExecutable == null ? candidate : notExecutable;
            }
        }
        if (notExecutable != null) {
            throw new VerifierConfigurationException("backend setting '" + key + "': '" + value + "' found on PATH at "
                    + notExecutable + " is not executable");
        }
        // The fix first, so that a line cut to fit a terminal keeps it; the directories last, for whoever reads on.
        throw new VerifierConfigurationException("install Lean with elan" + (key.equals(LAKE) ? " (it brings lake)" : "")
                + ", or give its full path with backend setting '" + key + "': '" + value + "' is not on PATH ("
                + searched.size() + (searched.size() == 1 ? " directory: " : " directories: ")
                + String.join(", ", searched) + ")");
    }

    private static Path requireExecutable(String key, String value, Path path) {
        if (Files.isDirectory(path)) {
            throw new VerifierConfigurationException("backend setting '" + key + "': '" + value + "' is a directory, "
                    + "not an executable");
        }
        if (!Files.isExecutable(path)) {
            throw new VerifierConfigurationException("backend setting '" + key + "': '" + value
                    + "' is not executable");
        }
        return path;
    }

    /** {@code name=value} with a dotted identifier as name and a non-empty value without control characters. */
    static String validateOption(String option) {
        int equals = option.indexOf('=');
        if (equals < 0) {
            throw new VerifierConfigurationException("backend setting 'lean_option': '" + option
                    + "' must have the form name=value");
        }
        String name = option.substring(0, equals);
        String value = option.substring(equals + 1);
        if (!OPTION_NAME.matcher(name).matches()) {
            throw new VerifierConfigurationException("backend setting 'lean_option': '" + option + "': option name '"
                    + name + "' is not a dotted identifier such as maxRecDepth or linter.unusedVariables");
        }
        if (value.isEmpty()) {
            throw new VerifierConfigurationException("backend setting 'lean_option': '" + option + "': option '"
                    + name + "' has an empty value");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new VerifierConfigurationException("backend setting 'lean_option': option '" + name
                    + "' has a value with a control character");
        }
        if (name.equals("maxHeartbeats")) {
            throw new VerifierConfigurationException("backend setting 'lean_option': set maxHeartbeats with the "
                    + "'max_heartbeats' setting (or a tier limit), so that records carry the budget used");
        }
        return option;
    }
}
