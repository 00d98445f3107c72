package io.github.noisecal.calibration.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.model.RunSession;
import io.github.noisecal.calibration.plan.SamplingPlan;
import io.github.noisecal.calibration.plan.Shard;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON lines of a journal that are not records: its header and the session lines of resumptions. */
final class JournalJson {
    private JournalJson() {
    }

    /** The header as one line, newline included. */
    static byte[] headerLine(JournalHeader header) {
        SamplingPlan plan = header.plan();
        ObjectNode root = TelemetryJson.MAPPER.createObjectNode();
        root.put(JournalHeader.KEY, JournalHeader.FORMAT);
        root.put("plan_id", plan.planId());
        root.put("shard", header.shard().toString());
        ObjectNode planNode = root.putObject("plan");
        planNode.put("seed", plan.seed());
        planNode.put("samples_per_tier", plan.samplesPerTier());
        planNode.put("repeats", plan.repeats());
        planNode.put("tier_runs", plan.tierRuns().id());
        ArrayNode tiers = planNode.putArray("tiers");
        for (Tier tier : plan.tiers()) {
            ObjectNode tierNode = tiers.addObject();
            tierNode.put("name", tier.name());
            tierNode.put("budget_ns", tier.budget().toNanos());
            ObjectNode limits = tierNode.putObject("limits");
            new TreeMap<>(tier.limits()).forEach(limits::put);
        }
        planNode.put("backend", plan.backend());
        ObjectNode settings = planNode.putObject("settings");
        for (String key : new java.util.TreeSet<>(plan.backendSettings().keys())) {
            ArrayNode values = settings.putArray(key);
            plan.backendSettings().getAll(key).forEach(values::add);
        }
        ArrayNode modules = planNode.putArray("modules");
        plan.modules().forEach(modules::add);
        root.put("plan_identity", plan.identity());
        ObjectNode estimation = root.putObject("estimation");
        estimation.put("confidence_level", header.estimation().confidenceLevel());
        estimation.put("interval_method", header.estimation().intervalMethod().id());
        estimation.put("bootstrap_replicates", header.estimation().bootstrapReplicates());
        root.set("session", sessionNode(header.session()));
        return line(root);
    }

    /** A resumption's session line, newline included. */
    static byte[] sessionLine(JournalSession session) {
        ObjectNode root = TelemetryJson.MAPPER.createObjectNode();
        root.set(JournalHeader.SESSION_KEY, sessionNode(session));
        return line(root);
    }

    private static byte[] line(ObjectNode root) {
        try {
            byte[] json = TelemetryJson.MAPPER.writeValueAsBytes(root);
            byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a journal header cannot fail to serialize", e);
        }
    }

    private static ObjectNode sessionNode(JournalSession session) {
        RunSession run = session.run();
        ObjectNode node = TelemetryJson.MAPPER.createObjectNode();
        node.put("started_at", run.startedAt().toString());
        node.put("tool_version", run.toolVersion());
        node.put("verifier_version", run.verifierVersion());
        node.put("workers", run.workers());
        node.put("available_cores", run.availableCores());
        node.put("load_average", run.loadAverage());
        EnvironmentFingerprint machine = run.environment();
        if (machine == null) {
            node.putNull("environment");
        } else {
            ObjectNode env = node.putObject("environment");
            env.put("os", machine.os());
            env.put("cpu_model", machine.cpuModel());
            env.put("logical_cores", machine.logicalCores());
            env.put("total_memory_bytes", machine.totalMemoryBytes());
            env.put("java_version", machine.javaVersion());
        }
        ArrayNode command = node.putArray("command");
        session.command().forEach(command::add);
        return node;
    }

    static JournalHeader readHeader(JsonNode root, String source) {
        Node header = new Node(root, source, "");
        long format = header.integer(JournalHeader.KEY);
        if (format != JournalHeader.FORMAT) {
            throw new InvalidInputException(source + ": journal format " + format + " is not one this noisecal reads"
                    + " (format " + JournalHeader.FORMAT + "); use the noisecal version that wrote it");
        }
        String planId = header.text("plan_id");
        String shardText = header.text("shard");
        Shard shard;
        try {
            shard = Shard.parse(shardText);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + ": field 'shard': " + e.getMessage());
        }
        Node planNode = header.object("plan");
        List<Tier> tiers = new ArrayList<>();
        for (Node tierNode : planNode.objects("tiers")) {
            Map<String, String> limits = new LinkedHashMap<>();
            Node limitsNode = tierNode.object("limits");
            for (Iterator<String> keys = limitsNode.json.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                limits.put(key, limitsNode.text(key));
            }
            String name = tierNode.text("name");
            long budget = tierNode.integer("budget_ns");
            tiers.add(build(source, () -> new Tier(name, Duration.ofNanos(budget), limits)));
        }
        Map<String, List<String>> settings = new LinkedHashMap<>();
        Node settingsNode = planNode.object("settings");
        for (Iterator<String> keys = settingsNode.json.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            settings.put(key, settingsNode.texts(key));
        }
        long seed = planNode.integer("seed");
        long samplesPerTier = planNode.integer("samples_per_tier");
        long repeats = planNode.integer("repeats");
        String tierRuns = planNode.text("tier_runs");
        String backend = planNode.text("backend");
        List<String> modules = planNode.texts("modules");
        SamplingPlan plan = build(source, () -> new SamplingPlan(tiers, samplesPerTier, Math.toIntExact(repeats),
                seed, modules, TierRuns.fromId(tierRuns), backend, new BackendConfig(settings)));
        if (!plan.planId().equals(planId) || !plan.identity().equals(header.text("plan_identity"))) {
            throw new InvalidInputException(source + ": the header's plan (id " + plan.planId() + ") does not match"
                    + " the plan_id " + planId + " it names: the header was edited, or written by another version of"
                    + " noisecal's plan ids");
        }
        Node estimationNode = header.object("estimation");
        String method = estimationNode.text("interval_method");
        Double level = estimationNode.nullableNumber("confidence_level");
        long replicates = estimationNode.integer("bootstrap_replicates");
        JournalHeader.Estimation estimation = build(source, () -> new JournalHeader.Estimation(
                level == null ? Double.NaN : level, IntervalMethod.fromId(method), Math.toIntExact(replicates)));
        return new JournalHeader(plan, shard, estimation, readSession(header.object("session"), source));
    }

    static JournalSession readSessionLine(JsonNode root, String source) {
        return readSession(new Node(root, source, "").object(JournalHeader.SESSION_KEY), source);
    }

    private static JournalSession readSession(Node node, String source) {
        Node env = node.nullableObject("environment");
        EnvironmentFingerprint machine = env == null ? null : build(source, () -> new EnvironmentFingerprint(
                env.text("os"), env.text("cpu_model"), Math.toIntExact(env.integer("logical_cores")),
                env.integer("total_memory_bytes"), env.text("java_version")));
        String startedAt = node.text("started_at");
        Instant started = TelemetryJson.parseTimestamp(startedAt);
        if (started == null) {
            throw new InvalidInputException(source + ": field '" + node.path + "started_at' must be an ISO-8601"
                    + " instant, got " + startedAt);
        }
        Long workers = node.nullableInteger("workers");
        Long cores = node.nullableInteger("available_cores");
        Double load = node.nullableNumber("load_average");
        RunSession run = build(source, () -> new RunSession(started, node.text("tool_version"),
                node.text("verifier_version"), workers == null ? null : Math.toIntExact(workers),
                cores == null ? null : Math.toIntExact(cores), load, machine));
        return new JournalSession(run, node.texts("command"));
    }

    private static <T> T build(String source, java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException | ArithmeticException | NullPointerException e) {
            throw new InvalidInputException(source + ": " + e.getMessage(), e);
        }
    }

    /** Typed access to a header's fields; errors name the source and the field's path. */
    private record Node(JsonNode json, String source, String path) {
        Node {
            if (!json.isObject()) {
                throw new InvalidInputException(source + ": field '" + path.replaceAll("\\.$", "")
                        + "' must be an object, got " + json);
            }
        }

        private JsonNode value(String name) {
            JsonNode value = json.get(name);
            if (value == null || value.isNull()) {
                throw new InvalidInputException(source + ": field '" + path + name + "' is missing");
            }
            return value;
        }

        private InvalidInputException mistyped(String name, String expected) {
            return new InvalidInputException(source + ": field '" + path + name + "' must be " + expected + ", got "
                    + json.get(name));
        }

        String text(String name) {
            JsonNode value = value(name);
            if (!value.isTextual()) throw mistyped(name, "a string");
            return value.textValue();
        }

        List<String> texts(String name) {
            JsonNode value = value(name);
            if (!value.isArray()) throw mistyped(name, "an array of strings");
            List<String> texts = new ArrayList<>(value.size());
            for (JsonNode item : value) {
                if (!item.isTextual()) throw mistyped(name, "an array of strings");
                texts.add(item.textValue());
            }
            return texts;
        }

        long integer(String name) {
            JsonNode value = value(name);
            if (!value.isIntegralNumber() || !value.canConvertToLong()) throw mistyped(name, "a whole number");
            return value.longValue();
        }

        Long nullableInteger(String name) {
            JsonNode value = json.get(name);
            return value == null || value.isNull() ? null : integer(name);
        }

        Double nullableNumber(String name) {
            JsonNode value = json.get(name);
            if (value == null || value.isNull()) return null;
            if (!value.isNumber()) throw mistyped(name, "a number");
            return value.doubleValue();
        }

        Node object(String name) {
            return new Node(value(name), source, path + name + ".");
        }

        Node nullableObject(String name) {
            JsonNode value = json.get(name);
            return value == null || value.isNull() ? null : object(name);
        }

        List<Node> objects(String name) {
            JsonNode value = value(name);
            if (!value.isArray()) throw mistyped(name, "an array of objects");
            List<Node> nodes = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                nodes.add(new Node(value.get(i), source, path + name + "[" + i + "]."));
            }
            return nodes;
        }
    }
}
