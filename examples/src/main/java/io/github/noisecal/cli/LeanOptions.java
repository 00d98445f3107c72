package io.github.noisecal.cli;

import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code lean} backend's options. Limits take {@code N} for every tier or {@code TIER=N} for one; they become
 * backend settings and per-tier limits, and the backend validates them further.
 */
final class LeanOptions {
    static final String BACKEND = "lean";

    @Option(names = "--lean-project", paramLabel = "DIR",
            description = "Lean project root: the working directory of every run; module A.B.C is A/B/C.lean under it.")
    Path project;

    @Option(names = "--lean", paramLabel = "PATH", description = "The lean executable. Default: lean on the PATH.")
    String lean;

    @Option(names = "--lake", paramLabel = "PATH", description = "Run PATH env lean ... (Lake projects such as Mathlib).")
    String lake;

    @Option(names = "--max-heartbeats", paramLabel = "[TIER=]N",
            description = "Deterministic limit, passed as -DmaxHeartbeats=N (repeatable per tier).")
    List<String> maxHeartbeats = new ArrayList<>();

    @Option(names = "--memory-limit-mb", paramLabel = "[TIER=]N",
            description = "Memory limit of the whole process tree, enforced and passed to Lean as -M (repeatable per tier).")
    List<String> memoryLimitMb = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "[TIER=]N", description = "Lean threads, -j N (repeatable per tier).")
    List<String> threads = new ArrayList<>();

    @Option(names = "--lean-option", paramLabel = "NAME=VALUE",
            description = "A Lean option, passed as -D NAME=VALUE (repeatable), such as autoImplicit=false.")
    List<String> leanOptions = new ArrayList<>();

    /** The flag that sets each backend setting, so errors from the backend name what the user typed. */
    static final Map<String, String> FLAGS_BY_SETTING = Map.of("project", "--lean-project", "lean", "--lean",
            "lake", "--lake", "lean_option", "--lean-option", Tier.LIMIT_MAX_HEARTBEATS, "--max-heartbeats",
            Tier.LIMIT_MEMORY_MB, "--memory-limit-mb", Tier.LIMIT_THREADS, "--threads");

    boolean anyGiven() {
        return project != null || lean != null || lake != null || !maxHeartbeats.isEmpty()
                || !memoryLimitMb.isEmpty() || !threads.isEmpty() || !leanOptions.isEmpty();
    }

    /** Adds the global settings to {@code config}. */
    void addSettings(BackendConfig.Builder config) {
        if (project != null) config.set("project", project.toString());
        if (lean != null) config.set("lean", lean);
        if (lake != null) config.set("lake", lake);
        leanOptions.forEach(option -> config.add("lean_option", option));
        globalLimit(maxHeartbeats, "--max-heartbeats", 0).forEach(v -> config.set(Tier.LIMIT_MAX_HEARTBEATS, v));
        globalLimit(memoryLimitMb, "--memory-limit-mb", 1).forEach(v -> config.set(Tier.LIMIT_MEMORY_MB, v));
        globalLimit(threads, "--threads", 1).forEach(v -> config.set(Tier.LIMIT_THREADS, v));
    }

    /** The tiers with their {@code TIER=N} limits applied. */
    List<Tier> withTierLimits(List<Tier> tiers) {
        Map<String, Tier> byName = new LinkedHashMap<>();
        tiers.forEach(t -> byName.put(t.name(), t));
        // Lean reads maxHeartbeats=0 as "no limit"; memory and threads need at least 1.
        applyTierLimits(byName, maxHeartbeats, "--max-heartbeats", Tier.LIMIT_MAX_HEARTBEATS, 0);
        applyTierLimits(byName, memoryLimitMb, "--memory-limit-mb", Tier.LIMIT_MEMORY_MB, 1);
        applyTierLimits(byName, threads, "--threads", Tier.LIMIT_THREADS, 1);
        return List.copyOf(byName.values());
    }

    private static List<String> globalLimit(List<String> values, String option, long min) {
        List<String> global = values.stream().filter(v -> !v.contains("=")).toList();
        if (global.size() > 1) {
            throw new UsageException(option + ": a limit for every tier is given twice: " + global);
        }
        global.forEach(v -> atLeast(v, option, min));
        return global;
    }

    private static void applyTierLimits(Map<String, Tier> tiers, List<String> values, String option, String key,
                                        long min) {
        for (String value : values) {
            int eq = value.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String tierName = TierSelection.normalize(value.substring(0, eq), option + " '" + value + "'");
            Tier tier = tiers.get(tierName);
            if (tier == null) {
                throw new UsageException(option + " " + value + ": tier " + tierName + " is not in --tiers "
                        + tiers.keySet());
            }
            if (tier.limit(key).isPresent()) {
                throw new UsageException(option + ": tier " + tierName + " is given a limit twice");
            }
            tiers.put(tierName, tier.withLimit(key, atLeast(value.substring(eq + 1), option + " " + tierName, min)));
        }
    }

    private static String atLeast(String value, String what, long min) {
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed >= min) {
                return Long.toString(parsed);
            }
        } catch (NumberFormatException e) {
            // Reported below with the same message as a number out of range.
        }
        throw new UsageException(what + ": '" + value + "' is not a whole number of at least " + min);
    }
}
