package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.model.Estimand;
import io.github.noisecal.calibration.model.Provenance;
import io.github.noisecal.calibration.model.RunSession;
import io.github.noisecal.calibration.model.ShardSource;
import io.github.noisecal.calibration.plan.Shard;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.telemetry.Tier;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** {@code calibration_metadata}: where a model came from. */
final class MetadataSection {
    static final String KEY = "calibration_metadata";

    private static final String SCHEMA_VERSION = "schema_version";
    private static final String TOOL_VERSION = "tool_version";
    private static final String CREATED_AT = "created_at";
    private static final String BACKEND = "backend";
    private static final String VERIFIER_VERSION = "verifier_version";
    private static final String SEED = "seed";
    private static final String PLAN_ID = "plan_id";
    private static final String SAMPLES_PER_TIER = "samples_per_tier";
    private static final String REPEATS = "repeats";
    private static final String TIER_RUNS = "tier_runs";
    private static final String TIERS = "tiers";
    private static final String WORKERS = "workers";
    private static final String CONFIDENCE_LEVEL = "confidence_level";
    private static final String INTERVAL_METHOD = "interval_method";
    private static final String ESTIMAND = "estimand";
    private static final String BOOTSTRAP_REPLICATES = "bootstrap_replicates";
    private static final String MODULES = "modules";
    private static final String ENVIRONMENT = "environment";
    private static final String AVAILABLE_CORES = "available_cores";
    private static final String LOAD_AVERAGE = "load_average";
    private static final String HARNESS_RETRIES = "harness_retries";
    private static final String SHARDS = "shards";
    private static final String ALLOW_INCOMPLETE = "allow_incomplete";
    private static final String MISSING_SAMPLES = "missing_samples";
    private static final String ALLOW_MIXED = "allow_mixed";
    private static final List<String> FIELDS = List.of(SCHEMA_VERSION, TOOL_VERSION, CREATED_AT, BACKEND,
            VERIFIER_VERSION, PLAN_ID, SEED, SAMPLES_PER_TIER, REPEATS, TIER_RUNS, TIERS, WORKERS, AVAILABLE_CORES,
            LOAD_AVERAGE, CONFIDENCE_LEVEL, INTERVAL_METHOD, ESTIMAND, BOOTSTRAP_REPLICATES, MODULES, ENVIRONMENT,
            HARNESS_RETRIES, SHARDS, ALLOW_INCOMPLETE, MISSING_SAMPLES, ALLOW_MIXED);

    private static final String FILE = "file";
    private static final String SHARD = "shard";
    private static final String SAMPLES = "samples";
    private static final String SESSIONS = "sessions";
    private static final List<String> SHARD_FIELDS = List.of(FILE, SHARD, SAMPLES, SESSIONS);
    private static final String STARTED_AT = "started_at";
    private static final List<String> SESSION_FIELDS = List.of(STARTED_AT, TOOL_VERSION, VERIFIER_VERSION, WORKERS,
            AVAILABLE_CORES, LOAD_AVERAGE, ENVIRONMENT);

    private static final String RATE_OVER = "rate_over";
    private static final String CLUSTERED_BY = "clustered_by";
    private static final String METHOD = "method";
    private static final List<String> ESTIMAND_FIELDS = List.of(RATE_OVER, CLUSTERED_BY, METHOD);

    private static final String BUDGET_S = "budget_s";
    private static final String LIMITS = "limits";
    private static final List<String> TIER_FIELDS = List.of(BUDGET_S, LIMITS);

    private static final String MODULE_COUNT = "count";
    private static final String MODULES_SHA256 = "sha256";
    private static final List<String> MODULES_FIELDS = List.of(MODULE_COUNT, MODULES_SHA256);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private static final String OS = EnvironmentFingerprint.OS;
    private static final String CPU_MODEL = EnvironmentFingerprint.CPU_MODEL;
    private static final String LOGICAL_CORES = EnvironmentFingerprint.LOGICAL_CORES;
    private static final String TOTAL_MEMORY_BYTES = EnvironmentFingerprint.TOTAL_MEMORY_BYTES;
    private static final String JAVA_VERSION = EnvironmentFingerprint.JAVA_VERSION;
    /** The fields that could not be read, with the reason; optional, as files written before it lack it. */
    private static final String UNAVAILABLE = "unavailable";
    private static final List<String> ENVIRONMENT_FIELDS = List.of(OS, CPU_MODEL, LOGICAL_CORES, TOTAL_MEMORY_BYTES,
            JAVA_VERSION, UNAVAILABLE);

    private MetadataSection() {
    }

    static Map<String, Object> write(CalibrationMetadata metadata) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put(SCHEMA_VERSION, metadata.schemaVersion());
        yaml.put(TOOL_VERSION, metadata.toolVersion());
        yaml.put(CREATED_AT, metadata.createdAt().toString());
        yaml.put(BACKEND, metadata.backend());
        yaml.put(VERIFIER_VERSION, metadata.verifierVersion());
        yaml.put(PLAN_ID, metadata.planId());
        yaml.put(SEED, metadata.seed());
        yaml.put(SAMPLES_PER_TIER, metadata.samplesPerTier());
        yaml.put(REPEATS, metadata.repeats());
        yaml.put(TIER_RUNS, metadata.tierRuns().id());
        Map<String, Object> tiers = new LinkedHashMap<>();
        for (Tier tier : metadata.tiers()) {
            Map<String, Object> tierYaml = new LinkedHashMap<>();
            tierYaml.put(BUDGET_S, tier.timeoutSeconds());
            // Tier keeps its limits in a hash map; sorted keys keep the file stable from run to run.
            tierYaml.put(LIMITS, new TreeMap<>(tier.limits()));
            tiers.put(tier.name(), tierYaml);
        }
        yaml.put(TIERS, tiers);
        yaml.put(WORKERS, metadata.workers());
        Provenance provenance = metadata.provenance();
        yaml.put(AVAILABLE_CORES, provenance.availableCores());
        yaml.put(LOAD_AVERAGE, provenance.loadAverage());
        yaml.put(CONFIDENCE_LEVEL, metadata.confidenceLevel());
        yaml.put(INTERVAL_METHOD, methodName(metadata.intervalMethod()));
        Map<String, Object> estimands = new LinkedHashMap<>();
        metadata.estimands().forEach((kind, estimand) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(RATE_OVER, estimand.rateOver());
            entry.put(CLUSTERED_BY, estimand.clusteredBy());
            entry.put(METHOD, estimand.method());
            estimands.put(kind, entry);
        });
        yaml.put(ESTIMAND, estimands);
        yaml.put(BOOTSTRAP_REPLICATES, metadata.bootstrapReplicates());
        Map<String, Object> modules = new LinkedHashMap<>();
        modules.put(MODULE_COUNT, metadata.moduleCount());
        modules.put(MODULES_SHA256, metadata.modulesSha256());
        yaml.put(MODULES, modules);
        yaml.put(ENVIRONMENT, metadata.environment() == null ? null : writeEnvironment(metadata.environment()));
        yaml.put(HARNESS_RETRIES, provenance.harnessRetries());
        List<Object> shards = new ArrayList<>();
        for (ShardSource source : provenance.shards()) {
            Map<String, Object> shard = new LinkedHashMap<>();
            shard.put(FILE, source.file());
            shard.put(SHARD, source.shard() == null ? null : source.shard().toString());
            shard.put(SAMPLES, source.samples());
            List<Object> sessions = new ArrayList<>();
            for (RunSession session : source.sessions()) {
                Map<String, Object> sessionYaml = new LinkedHashMap<>();
                sessionYaml.put(STARTED_AT, session.startedAt().toString());
                sessionYaml.put(TOOL_VERSION, session.toolVersion());
                sessionYaml.put(VERIFIER_VERSION, session.verifierVersion());
                sessionYaml.put(WORKERS, session.workers());
                sessionYaml.put(AVAILABLE_CORES, session.availableCores());
                sessionYaml.put(LOAD_AVERAGE, session.loadAverage());
                sessionYaml.put(ENVIRONMENT, session.environment() == null ? null
                        : writeEnvironment(session.environment()));
                sessions.add(sessionYaml);
            }
            shard.put(SESSIONS, sessions);
            shards.add(shard);
        }
        yaml.put(SHARDS, shards);
        yaml.put(ALLOW_INCOMPLETE, provenance.allowIncomplete());
        yaml.put(MISSING_SAMPLES, provenance.missingSamples());
        yaml.put(ALLOW_MIXED, provenance.allowMixed());
        return yaml;
    }

    private static Provenance readProvenance(YamlMapping yaml) {
        Long cores = yaml.nullableInteger(AVAILABLE_CORES, 1, Integer.MAX_VALUE);
        Double load = readLoadAverage(yaml);
        long retries = yaml.integer(HARNESS_RETRIES, 0, Long.MAX_VALUE);
        List<ShardSource> shards = new ArrayList<>();
        List<YamlMapping> shardYamls = yaml.mappings(SHARDS);
        for (int i = 0; i < shardYamls.size(); i++) {
            YamlMapping shard = shardYamls.get(i);
            shard.rejectUnknownKeys("field", SHARD_FIELDS);
            String shardText = shard.nullableString(SHARD);
            Shard part = shardText == null ? null : shard.build(SHARD, () -> Shard.parse(shardText));
            List<RunSession> sessions = new ArrayList<>();
            for (YamlMapping session : shard.mappings(SESSIONS)) {
                session.rejectUnknownKeys("field", SESSION_FIELDS);
                Instant started = readInstant(session, STARTED_AT);
                Long workers = session.nullableInteger(WORKERS, 1, Integer.MAX_VALUE);
                Long sessionCores = session.nullableInteger(AVAILABLE_CORES, 1, Integer.MAX_VALUE);
                Double sessionLoad = readLoadAverage(session);
                EnvironmentFingerprint machine = readEnvironment(session.nullableMapping(ENVIRONMENT));
                sessions.add(session.build(STARTED_AT, () -> new RunSession(started, session.string(TOOL_VERSION),
                        session.string(VERIFIER_VERSION), workers == null ? null : workers.intValue(),
                        sessionCores == null ? null : sessionCores.intValue(), sessionLoad, machine)));
            }
            long samples = shard.integer(SAMPLES, 0, Long.MAX_VALUE);
            shards.add(new ShardSource(shard.string(FILE), part, samples, sessions));
        }
        boolean allowIncomplete = yaml.bool(ALLOW_INCOMPLETE);
        long missing = yaml.integer(MISSING_SAMPLES, 0, Long.MAX_VALUE);
        boolean allowMixed = yaml.bool(ALLOW_MIXED);
        return yaml.build(MISSING_SAMPLES, () -> new Provenance(cores == null ? null : cores.intValue(), load,
                retries, shards, allowIncomplete, missing, allowMixed));
    }

    private static Double readLoadAverage(YamlMapping yaml) {
        Double load = yaml.nullableNumber(LOAD_AVERAGE);
        if (load != null && !(load >= 0)) {
            throw yaml.invalid(LOAD_AVERAGE, "must be non-negative, got " + load);
        }
        return load;
    }

    private static Map<String, Object> writeEnvironment(EnvironmentFingerprint environment) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put(OS, environment.os());
        yaml.put(CPU_MODEL, environment.cpuModel());
        yaml.put(LOGICAL_CORES, environment.logicalCores());
        yaml.put(TOTAL_MEMORY_BYTES, environment.totalMemoryBytes());
        yaml.put(JAVA_VERSION, environment.javaVersion());
        yaml.put(UNAVAILABLE, new LinkedHashMap<>(environment.unavailable()));
        return yaml;
    }

    static CalibrationMetadata read(YamlMapping yaml) {
        // First, so that a file of another schema is reported as such rather than by its unfamiliar fields.
        long schemaVersion = yaml.integer(SCHEMA_VERSION, Long.MIN_VALUE, Long.MAX_VALUE);
        if (schemaVersion != CalibrationMetadata.SCHEMA_VERSION) {
            throw yaml.invalid(SCHEMA_VERSION, "unsupported schema version " + schemaVersion
                    + "; this noisecal reads version " + CalibrationMetadata.SCHEMA_VERSION);
        }
        yaml.rejectUnknownKeys("field", FIELDS);
        String toolVersion = yaml.string(TOOL_VERSION);
        Instant createdAt = readCreatedAt(yaml);
        String backend = yaml.string(BACKEND);
        String verifierVersion = yaml.string(VERIFIER_VERSION);
        String planId = yaml.nullableString(PLAN_ID);
        Long seed = yaml.nullableInteger(SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        long samplesPerTier = yaml.integer(SAMPLES_PER_TIER, 0, Long.MAX_VALUE);
        int repeats = (int) yaml.integer(REPEATS, 1, Integer.MAX_VALUE);
        String tierRunsId = yaml.string(TIER_RUNS);
        TierRuns tierRuns = Arrays.stream(TierRuns.values()).filter(t -> t.id().equals(tierRunsId)).findFirst()
                .orElseThrow(() -> yaml.invalid(TIER_RUNS, "unknown tier-run strategy "
                        + YamlMapping.describe(tierRunsId) + "; expected one of " + Arrays.stream(TierRuns.values())
                                .map(TierRuns::id).collect(Collectors.joining(", "))));
        List<Tier> tiers = readTiers(yaml.mapping(TIERS));
        Long workers = yaml.nullableInteger(WORKERS, 1, Integer.MAX_VALUE);
        double confidenceLevel = yaml.number(CONFIDENCE_LEVEL);
        if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
            throw yaml.invalid(CONFIDENCE_LEVEL, "must lie in (0, 1), got " + confidenceLevel);
        }
        IntervalMethod intervalMethod = readIntervalMethod(yaml);
        checkEstimand(yaml, intervalMethod);
        int bootstrapReplicates = (int) yaml.integer(BOOTSTRAP_REPLICATES, 0, Integer.MAX_VALUE);
        YamlMapping modules = yaml.mapping(MODULES);
        modules.rejectUnknownKeys("field", MODULES_FIELDS);
        int moduleCount = (int) modules.integer(MODULE_COUNT, 0, Integer.MAX_VALUE);
        String modulesSha256 = modules.nullableString(MODULES_SHA256);
        if (modulesSha256 != null && !SHA256_HEX.matcher(modulesSha256).matches()) {
            throw modules.invalid(MODULES_SHA256, "expected 64 lower-case hexadecimal digits, got "
                    + YamlMapping.describe(modulesSha256));
        }
        EnvironmentFingerprint environment = readEnvironment(yaml.nullableMapping(ENVIRONMENT));
        Provenance provenance = readProvenance(yaml);
        return new CalibrationMetadata((int) schemaVersion, toolVersion, createdAt, backend, verifierVersion, seed,
                samplesPerTier, tiers, workers == null ? null : workers.intValue(), confidenceLevel, intervalMethod,
                bootstrapReplicates, moduleCount, modulesSha256, planId, repeats, tierRuns, environment, provenance);
    }

    private static Instant readCreatedAt(YamlMapping yaml) {
        return readInstant(yaml, CREATED_AT);
    }

    private static Instant readInstant(YamlMapping yaml, String key) {
        Object value = yaml.value(key);
        // An unquoted timestamp in a hand-edited file loads as a Date; it names the same instant.
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw notATimestamp(yaml, key, value);
            }
        }
        throw notATimestamp(yaml, key, value);
    }

    private static InvalidInputException notATimestamp(YamlMapping yaml, String key, Object value) {
        return yaml.invalid(key, "expected an ISO-8601 UTC timestamp such as '2026-11-27T21:00:00Z', got "
                + YamlMapping.describe(value));
    }

    private static List<Tier> readTiers(YamlMapping yaml) {
        List<Tier> tiers = new ArrayList<>();
        for (String name : yaml.keys()) {
            YamlMapping tier = yaml.mapping(name);
            tier.rejectUnknownKeys("field", TIER_FIELDS);
            Duration budget = readBudget(tier);
            YamlMapping limitsYaml = tier.mapping(LIMITS);
            Map<String, String> limits = new LinkedHashMap<>();
            for (String key : limitsYaml.keys()) {
                limits.put(key, limitsYaml.string(key));
            }
            tiers.add(yaml.build(name, () -> new Tier(name, budget, limits)));
        }
        return tiers;
    }

    /** The budget in whole nanoseconds, as {@link Tier} keeps it; exact for budgets under 52 days. */
    private static Duration readBudget(YamlMapping tier) {
        double seconds = tier.number(BUDGET_S);
        if (!(seconds > 0)) {
            throw tier.invalid(BUDGET_S, "must be positive, got " + seconds);
        }
        try {
            return Duration.ofNanos(new BigDecimal(seconds).movePointRight(9).setScale(0, RoundingMode.HALF_EVEN)
                    .longValueExact());
        } catch (ArithmeticException e) {
            throw tier.invalid(BUDGET_S, "too large for a budget: " + seconds);
        }
    }

    private static IntervalMethod readIntervalMethod(YamlMapping yaml) {
        String name = yaml.string(INTERVAL_METHOD);
        return Arrays.stream(IntervalMethod.values())
                .filter(method -> methodName(method).equals(name))
                .findFirst()
                .orElseThrow(() -> yaml.invalid(INTERVAL_METHOD, "unknown interval method "
                        + YamlMapping.describe(name) + "; expected one of "
                        + Arrays.stream(IntervalMethod.values()).map(MetadataSection::methodName)
                                .collect(Collectors.joining(", "))));
    }

    /**
     * {@code estimand} must say what this schema's intervals are for with the file's interval method: it is a
     * statement about how the file's numbers were computed, so a file cannot be edited into another claim. A file
     * written before the key existed lacks it; every schema-2 file computed its intervals so, and it is read as such.
     */
    private static void checkEstimand(YamlMapping yaml, IntervalMethod method) {
        if (!yaml.keys().contains(ESTIMAND)) {
            return;
        }
        YamlMapping estimands = yaml.mapping(ESTIMAND);
        Map<String, Estimand> expected = Estimand.of(method);
        estimands.rejectUnknownKeys("field", List.copyOf(expected.keySet()));
        expected.forEach((kind, estimand) -> {
            YamlMapping entry = estimands.mapping(kind);
            entry.rejectUnknownKeys("field", ESTIMAND_FIELDS);
            requireStated(entry, RATE_OVER, entry.string(RATE_OVER), estimand.rateOver(), method);
            requireStated(entry, CLUSTERED_BY, entry.nullableString(CLUSTERED_BY), estimand.clusteredBy(), method);
            requireStated(entry, METHOD, entry.string(METHOD), estimand.method(), method);
        });
    }

    private static void requireStated(YamlMapping entry, String key, String stated, String expected,
                                      IntervalMethod method) {
        if (!java.util.Objects.equals(stated, expected)) {
            throw entry.invalid(key, YamlMapping.describe(stated) + ", but this schema's intervals with interval_method "
                    + methodName(method) + " are " + (expected == null ? "null" : '"' + expected + '"'));
        }
    }

    private static String methodName(IntervalMethod method) {
        return method.id();
    }

    private static EnvironmentFingerprint readEnvironment(YamlMapping yaml) {
        if (yaml == null) {
            return null;
        }
        yaml.rejectUnknownKeys("field", ENVIRONMENT_FIELDS);
        Map<String, String> unavailable = readUnavailable(yaml);
        return new EnvironmentFingerprint(yaml.string(OS), yaml.string(CPU_MODEL),
                (int) yaml.integer(LOGICAL_CORES, 1, Integer.MAX_VALUE),
                yaml.integer(TOTAL_MEMORY_BYTES, 0, Long.MAX_VALUE), yaml.string(JAVA_VERSION), unavailable);
    }

    /** {@code unavailable}: absent or null when every field was read (or the file predates the field). */
    private static Map<String, String> readUnavailable(YamlMapping environment) {
        YamlMapping yaml = environment.keys().contains(UNAVAILABLE) ? environment.nullableMapping(UNAVAILABLE) : null;
        if (yaml == null) {
            return Map.of();
        }
        yaml.rejectUnknownKeys("field", EnvironmentFingerprint.FIELDS);
        Map<String, String> reasons = new LinkedHashMap<>();
        for (String field : yaml.keys()) {
            reasons.put(field, yaml.string(field));
        }
        return reasons;
    }
}
