package io.github.noisecal.calibration.model;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.fit.FitOptions;
import io.github.noisecal.calibration.NoisecalVersion;
import io.github.noisecal.calibration.journal.JournalHeader;
import io.github.noisecal.calibration.journal.JournalReader;
import io.github.noisecal.calibration.journal.JournalSession;
import io.github.noisecal.calibration.plan.PlanDifference;
import io.github.noisecal.calibration.plan.SamplingPlan;
import io.github.noisecal.calibration.plan.Shard;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.run.PlanExecutor;
import io.github.noisecal.calibration.run.RecordedRuns;
import io.github.noisecal.calibration.run.SharedRuns;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Rebuilds a model from stored telemetry, without running any verifier: the journals of one calibration (one file,
 * or the journals of its shards), or JSON Lines telemetry from elsewhere. Records stream through; what is kept per
 * tier is one outcome byte, one duration and one module index per sample, so a million records fit in a few tens of
 * megabytes.
 *
 * <p><b>Journals of one plan</b> (files with a {@linkplain JournalHeader header}) give exactly the model the
 * calibration gives in one process: the same slots, module table, tier order and fit seed. Their inputs are
 * checked: every record must be one the plan and the journal's shard would write (id, module, budget), a sample
 * recorded twice is refused naming both files, and missing samples — a shard with no journal, samples a shard has
 * not recorded yet — are named and refused unless {@link Options#allowIncomplete()}, which the model then records.
 * Journals of different plans, backends or verifier versions are refused unless {@link Options#allowMixed()}.
 *
 * <p><b>Other telemetry</b> (no header) is pooled as before: within a tier, records with plan coordinates are
 * ordered by plan, draw and repeat, records without them (telemetry from elsewhere) count as one run each in the
 * order of their ids; slot {@code i} of every tier is paired when every tier holds the same keys. A
 * {@code verification_id} seen twice is refused: counting a sample twice would narrow every interval dishonestly.
 */
public final class TelemetryRefit {
    /** The backend name recorded for rebuilt models: raw telemetry does not say which provider produced it. */
    public static final String UNKNOWN_BACKEND = "unknown (rebuilt from raw telemetry)";

    private static final double DEFAULT_CONFIDENCE = 0.95;
    private static final Pattern TIER_NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    /** Missing samples named in an error; the rest are counted. */
    private static final int NAMED_MISSING = 5;

    private TelemetryRefit() {
    }

    /**
     * How a merge is done. The estimation settings may be left null: they are then the journals' own (the
     * calibration's, so that merged shards give its model), or the defaults for telemetry without a header.
     *
     * @param confidenceLevel     the intervals' level, or null
     * @param method              the interval method, or null
     * @param bootstrapReplicates replicates behind each KS p-value, or null
     * @param allowIncomplete     accept missing samples (recorded in the model)
     * @param allowMixed          accept several plans, backends or verifier versions (recorded in the model)
     * @param warnings            receives warnings (a torn last line dropped, unknown fields ignored)
     * @param clock               stamps the model
     */
    public record Options(Double confidenceLevel, IntervalMethod method, Integer bootstrapReplicates,
                          boolean allowIncomplete, boolean allowMixed, Consumer<String> warnings, Clock clock) {
        public Options {
            Objects.requireNonNull(warnings, "warnings");
            Objects.requireNonNull(clock, "clock");
        }

        /** Strict checks, these estimation settings, warnings dropped. */
        public static Options strict(double confidenceLevel, IntervalMethod method, int bootstrapReplicates,
                                     Clock clock) {
            return new Options(confidenceLevel, Objects.requireNonNull(method, "method"), bootstrapReplicates, false,
                    false, w -> { }, clock);
        }

        /** Strict checks, the journals' estimation settings, warnings dropped. */
        public static Options asCalibrated(Clock clock) {
            return new Options(null, null, null, false, false, w -> { }, clock);
        }

        public Options withEstimation(Double level, IntervalMethod intervals, Integer replicates) {
            return new Options(level, intervals, replicates, allowIncomplete, allowMixed, warnings, clock);
        }

        public Options allowingIncomplete(boolean allow) {
            return new Options(confidenceLevel, method, bootstrapReplicates, allow, allowMixed, warnings, clock);
        }

        public Options allowingMixed(boolean allow) {
            return new Options(confidenceLevel, method, bootstrapReplicates, allowIncomplete, allow, warnings, clock);
        }

        public Options withWarnings(Consumer<String> sink) {
            return new Options(confidenceLevel, method, bootstrapReplicates, allowIncomplete, allowMixed, sink, clock);
        }

        /**
         * The settings given, each completed from the journals' headers; telemetry without a header gets the
         * defaults. Journals that disagree on a setting not given are refused: neither one's choice is the merge's.
         */
        JournalHeader.Estimation resolve(List<Input> inputs) {
            List<Input> journals = inputs.stream().filter(i -> i.header != null).toList();
            return new JournalHeader.Estimation(
                    confidenceLevel != null ? confidenceLevel : agreed(journals, "confidence level", "--confidence",
                            e -> e.confidenceLevel(), DEFAULT_CONFIDENCE),
                    method != null ? method : agreed(journals, "interval method", "--interval",
                            e -> e.intervalMethod(), IntervalMethod.WILSON),
                    bootstrapReplicates != null ? bootstrapReplicates : agreed(journals, "bootstrap replicates",
                            "--bootstrap", e -> e.bootstrapReplicates(), FitOptions.DEFAULT_BOOTSTRAP_REPLICATES));
        }

        private static <T> T agreed(List<Input> journals, String setting, String flag,
                                    java.util.function.Function<JournalHeader.Estimation, T> value, T fallback) {
            Map<T, List<String>> filesByValue = new java.util.LinkedHashMap<>();
            for (Input journal : journals) {
                filesByValue.computeIfAbsent(value.apply(journal.header.estimation()), v -> new ArrayList<>())
                        .add(journal.file.toString());
            }
            if (filesByValue.size() > 1) {
                throw new InvalidInputException("the journals were started with different " + setting + "s ("
                        + filesByValue.entrySet().stream().map(e -> show(e.getKey()) + " in " + String.join(", ",
                                e.getValue())).collect(Collectors.joining("; ")) + "): pass " + flag
                        + " to choose the one the model uses");
            }
            return filesByValue.isEmpty() ? fallback : filesByValue.keySet().iterator().next();
        }

        private static String show(Object setting) {
            return setting instanceof IntervalMethod method ? method.id() : String.valueOf(setting);
        }
    }

    /** Reads every file with strict checks and builds the model. */
    public static CalibrationModel fromFiles(List<Path> files, double confidenceLevel, IntervalMethod method,
                                             int bootstrapReplicates, Clock clock) {
        return merge(files, Options.strict(confidenceLevel, method, bootstrapReplicates, clock));
    }

    /**
     * Reads every file and builds the model.
     *
     * @throws InvalidInputException naming the file, line and problem for malformed or duplicate records,
     *                               inconsistent budgets within a tier, journals of different calibrations, or
     *                               missing samples
     */
    public static CalibrationModel merge(List<Path> files, Options options) {
        if (files.isEmpty()) {
            throw new InvalidInputException("no raw telemetry files given");
        }
        Merge merge = new Merge(options);
        for (int i = 0; i < files.size(); i++) {
            merge.read(i, files.get(i));
        }
        return merge.build(files);
    }

    /** What one file held. */
    private static final class Input {
        final Path file;
        JournalHeader header;
        List<JournalSession> sessions = List.of();
        long records;
        String firstPlanId;

        Input(Path file) {
            this.file = file;
        }
    }

    /** The journals of one plan, merged into its slots. */
    private static final class PlanInputs {
        final JournalHeader header;
        final RecordedRuns runs;
        final List<Input> inputs = new ArrayList<>();

        PlanInputs(JournalHeader header, List<String> fileNames) {
            this.header = header;
            this.runs = new RecordedRuns(header.plan(), Shard.WHOLE);
            runs.nameSources(fileNames);
        }
    }

    private static final class Merge {
        final Options options;
        final List<Input> inputs = new ArrayList<>();
        final Map<String, PlanInputs> plans = new LinkedHashMap<>();
        final Pooled pooled = new Pooled();
        final Set<String> verifierVersions = new TreeSet<>();
        final List<String> fileNames = new ArrayList<>();

        Merge(Options options) {
            this.options = options;
        }

        void read(int index, Path file) {
            Input input = new Input(file);
            inputs.add(input);
            fileNames.add(file.toString());
            PlanInputs[] plan = new PlanInputs[1];
            JournalReader.Summary summary = JournalReader.read(file, new JournalReader.Visitor() {
                @Override
                public void header(JournalHeader header) {
                    input.header = header;
                    plan[0] = planOf(header, file);
                    plan[0].inputs.add(input);
                    plan[0].runs.fromSource(index);
                }

                @Override
                public void record(VerificationTelemetry record, long line, long offset) {
                    String source = file + " line " + line;
                    checkTierName(record, source);
                    verifierVersions.add(record.leanVersion());
                    if (input.firstPlanId == null) {
                        input.firstPlanId = String.valueOf(record.planId());
                    }
                    input.records++;
                    if (plan[0] != null) {
                        plan[0].runs.add(record, source, offset, input.header.shard());
                    } else {
                        pooled.add(record, source, index, line);
                    }
                }
            }, options.warnings());
            input.sessions = summary.sessions();
            if (plan[0] != null) {
                long cut = plan[0].runs.finish();
                if (cut >= 0) {
                    options.warnings().accept(file + ": the last run's records were cut off mid-write; they are"
                            + " not counted");
                }
                summary.sessions().forEach(s -> verifierVersions.add(s.run().verifierVersion()));
            }
        }

        PlanInputs planOf(JournalHeader header, Path file) {
            PlanInputs known = plans.get(header.plan().planId());
            if (known == null) {
                known = new PlanInputs(header, fileNames);
                plans.put(header.plan().planId(), known);
            }
            return known;
        }

        CalibrationModel build(List<Path> files) {
            boolean mixed = checkMixing();
            if (plans.size() == 1 && pooled.isEmpty()) {
                return exact(plans.values().iterator().next(), mixed);
            }
            if (plans.isEmpty() && pooled.isEmpty()) {
                throw new InvalidInputException("raw telemetry " + files + ": no records");
            }
            for (PlanInputs plan : plans.values()) {
                pooled.addPlan(plan);
            }
            JournalHeader.Estimation estimation = options.resolve(inputs);
            return pooled.build(options, estimation, verifierVersions, mixed, sources(), fileNames);
        }

        /** Refuses journals of different calibrations unless allowed; returns whether they are mixed. */
        private boolean checkMixing() {
            List<String> problems = new ArrayList<>();
            Set<String> planIds = new TreeSet<>(plans.keySet());
            planIds.addAll(pooled.planIds);
            if (planIds.size() > 1) {
                List<PlanInputs> journaled = new ArrayList<>(plans.values());
                String how = journaled.size() >= 2 ? ": " + PlanDifference.between(journaled.get(0).header.plan()
                        .identity(), journaled.get(1).header.plan().identity()).stream().map(PlanDifference::toString)
                        .collect(Collectors.joining(", ")) : "";
                problems.add(planIds.size() + " plans (" + String.join(", ", planIds) + ")" + how + " in "
                        + filesByPlan());
            }
            if (!plans.isEmpty() && pooled.hasUnplanned()) {
                problems.add("journals together with telemetry from outside any plan ("
                        + pooled.unplannedFiles(fileNames) + ")");
            }
            Set<String> backends = plans.values().stream().map(p -> p.header.plan().backend())
                    .collect(Collectors.toCollection(TreeSet::new));
            if (backends.size() > 1) {
                problems.add("backends " + String.join(", ", backends));
            }
            if (verifierVersions.size() > 1) {
                problems.add("verifier versions " + String.join(", ", verifierVersions));
            }
            if (problems.isEmpty()) {
                return false;
            }
            if (!options.allowMixed()) {
                throw new InvalidInputException("the raw telemetry mixes " + String.join("; ", problems)
                        + ": merge the journals of one calibration, or pass --allow-mixed to pool them anyway"
                        + " (recorded in the model)");
            }
            return true;
        }

        private String filesByPlan() {
            Map<String, List<String>> byPlan = new TreeMap<>();
            for (Input input : inputs) {
                String plan = input.header != null ? input.header.plan().planId() : input.firstPlanId;
                byPlan.computeIfAbsent(String.valueOf(plan), p -> new ArrayList<>()).add(input.file.toString());
            }
            return byPlan.entrySet().stream().map(e -> e.getKey() + ": " + String.join(" ", e.getValue()))
                    .collect(Collectors.joining("; "));
        }

        private List<ShardSource> sources() {
            List<ShardSource> sources = new ArrayList<>();
            for (Input input : inputs) {
                sources.add(new ShardSource(input.file.toString(), input.header == null ? null : input.header.shard(),
                        input.records, input.sessions.stream().map(JournalSession::run).toList()));
            }
            return sources;
        }

        /** One plan's journals: the model one process would have made, or a named refusal. */
        private CalibrationModel exact(PlanInputs inputs, boolean mixed) {
            SamplingPlan plan = inputs.header.plan();
            RecordedRuns runs = inputs.runs;
            long planned = plan.totalSamples();
            long missing = planned - runs.records();
            if (missing > 0 && !options.allowIncomplete()) {
                throw new InvalidInputException(describeMissing(inputs, missing)
                        + "; resume the shards that lack samples (noisecal calibrate ... --resume with the shard's"
                        + " options), or pass --allow-incomplete to fit what is there (recorded in the model)");
            }
            if (missing > 0) {
                options.warnings().accept("plan " + plan.planId() + ": " + missing + " of " + planned
                        + " samples are missing; the model is built from the " + runs.records() + " recorded");
            }
            List<TierSamples> samples;
            boolean paired;
            int repeats;
            List<Tier> tiers;
            long samplesPerTier;
            if (missing == 0) {
                samples = runs.samples();
                paired = true;
                repeats = plan.repeats();
                tiers = plan.tiers();
                samplesPerTier = plan.samplesPerTier();
            } else {
                RecordedRuns.PartialSamples partial = runs.partialSamples();
                if (partial.samples().isEmpty()) {
                    throw new InvalidInputException("plan " + plan.planId() + ": no sample is recorded");
                }
                samples = partial.samples();
                paired = partial.paired();
                repeats = partial.repeats();
                tiers = samples.stream().map(TierSamples::tier).toList();
                samplesPerTier = samples.stream().mapToLong(TierSamples::size).max().orElse(0);
            }
            Provenance provenance = new Provenance(null, null, runs.harnessRetries(), sources(), missing > 0,
                    missing, mixed);
            JournalHeader.Estimation estimation = options.resolve(inputs.inputs);
            CalibrationMetadata metadata = new CalibrationMetadata(CalibrationMetadata.SCHEMA_VERSION,
                    NoisecalVersion.get(), options.clock().instant(), plan.backend(),
                    String.join(", ", verifierVersions), plan.seed(), samplesPerTier, tiers, null,
                    estimation.confidenceLevel(), estimation.intervalMethod(), estimation.bootstrapReplicates(),
                    plan.modules().size(), plan.modulesSha256(), plan.planId(), repeats, plan.tierRuns(), null,
                    provenance);
            return CalibrationModel.of(metadata, samples, paired);
        }

        /** Which shards and samples are missing, by name. */
        private String describeMissing(PlanInputs inputs, long missing) {
            SamplingPlan plan = inputs.header.plan();
            List<String> parts = new ArrayList<>();
            Set<Integer> counts = inputs.inputs.stream().map(i -> i.header.shard().count())
                    .collect(Collectors.toSet());
            if (counts.size() == 1) {
                int count = counts.iterator().next();
                Set<Integer> present = inputs.inputs.stream().map(i -> i.header.shard().index())
                        .collect(Collectors.toSet());
                List<String> absent = new ArrayList<>();
                long absentCount = 0;
                for (int i = 0; i < count; i++) {
                    // A shard without draws (more shards than draws) has nothing to miss.
                    if (!present.contains(i) && new Shard(i, count).drawsOf(plan.draws()) > 0) {
                        absentCount++;
                        if (absent.size() < NAMED_MISSING) {
                            absent.add(i + "/" + count);
                        }
                    }
                }
                if (absentCount > 0) {
                    parts.add((absentCount == 1 ? "shard " : absentCount + " shards, ") + String.join(", ", absent)
                            + (absentCount > NAMED_MISSING ? ", ..." : "") + " (no journal of "
                            + (absentCount == 1 ? "it" : "them") + " among the inputs)");
                }
                for (Input input : inputs.inputs) {
                    long expected = input.header.shard().drawsOf(plan.draws()) * plan.repeats()
                            * plan.tiers().size();
                    long have = inputs.inputs.stream().filter(i -> i.header.shard().equals(input.header.shard()))
                            .mapToLong(i -> i.records).sum();
                    if (have < expected && parts.size() < NAMED_MISSING + 1) {
                        parts.add("shard " + input.header.shard() + " (" + input.file + ") has " + have + " of its "
                                + expected + " samples");
                    }
                }
            }
            List<String> named = firstMissing(inputs.runs, plan);
            return "plan " + plan.planId() + " is incomplete: " + missing + " of " + plan.totalSamples()
                    + " samples are missing" + (parts.isEmpty() ? "" : ": " + String.join("; ", parts))
                    + (named.isEmpty() ? "" : "; missing: " + String.join(", ", named)
                    + (missing > named.size() ? ", ..." : ""));
        }

        private static List<String> firstMissing(RecordedRuns runs, SamplingPlan plan) {
            List<String> named = new ArrayList<>();
            for (long draw = 0; draw < plan.draws() && named.size() < NAMED_MISSING; draw++) {
                for (int repeat = 0; repeat < plan.repeats() && named.size() < NAMED_MISSING; repeat++) {
                    for (int group = 0; group < plan.tierGroups().size() && named.size() < NAMED_MISSING; group++) {
                        if (!runs.contains(new io.github.noisecal.calibration.plan.PlannedRun(0, draw, repeat,
                                group))) {
                            for (int tier : plan.tierGroups().get(group).tiers()) {
                                if (named.size() < NAMED_MISSING) {
                                    named.add(plan.verificationId(tier, draw, repeat));
                                }
                            }
                        }
                    }
                }
            }
            return named;
        }
    }

    private static void checkTierName(VerificationTelemetry record, String source) {
        if (!TIER_NAME.matcher(record.tier()).matches()) {
            throw new InvalidInputException(source + ": field 'tier': '" + record.tier() + "' is not a tier name");
        }
    }

    /**
     * Telemetry without a journal header (and journals pooled with {@code --allow-mixed}): per tier, compact
     * columns of every record's key, outcome, duration and module, sorted by key at the end.
     */
    private static final class Pooled {
        final Map<String, Column> tiers = new LinkedHashMap<>();
        final List<String> planTable = new ArrayList<>();
        final Map<String, Integer> planIndex = new HashMap<>();
        final Set<String> planIds = new TreeSet<>();
        final List<String> moduleTable = new ArrayList<>();
        final Map<String, Integer> moduleIndex = new HashMap<>();
        final Map<String, String> unplannedIds = new HashMap<>();
        final Set<Integer> unplannedFileIndexes = new TreeSet<>();
        long harnessRetries;
        boolean derivedRecords;

        boolean isEmpty() {
            return tiers.isEmpty();
        }

        boolean hasUnplanned() {
            return !unplannedIds.isEmpty();
        }

        String unplannedFiles(List<String> names) {
            return unplannedFileIndexes.stream().map(names::get).collect(Collectors.joining(", "));
        }

        void add(VerificationTelemetry record, String source, int file, long line) {
            Column column = column(record.tier(), record.timeoutS(), source);
            boolean planned = record.planId() != null && record.sampleIndex() != null && record.repeat() != null;
            int plan = -1;
            if (planned) {
                plan = planIndex.computeIfAbsent(record.planId(), id -> {
                    planTable.add(id);
                    return planTable.size() - 1;
                });
                planIds.add(record.planId());
            } else {
                String previous = unplannedIds.putIfAbsent(record.verificationId(), source);
                if (previous != null) {
                    throw new InvalidInputException(source + ": verification_id '" + record.verificationId()
                            + "' already appeared in " + previous);
                }
                unplannedFileIndexes.add(file);
            }
            int module = moduleIndex.computeIfAbsent(record.moduleName(), name -> {
                moduleTable.add(name);
                return moduleTable.size() - 1;
            });
            boolean derived = record.metadata().containsKey(SharedRuns.DERIVED_FROM);
            derivedRecords |= derived;
            if (record.metadata().get(PlanExecutor.HARNESS_RETRIES) instanceof Number n && !derived) {
                harnessRetries += n.longValue();
            }
            column.add(plan, planned ? record.sampleIndex() : 0, planned ? record.repeat() : 0,
                    planned ? null : record.verificationId(), record.outcome(), record.durationMs(), module, file,
                    line);
        }

        /** Pools a journaled plan's recorded samples (allowed mixing). */
        void addPlan(PlanInputs inputs) {
            SamplingPlan plan = inputs.header.plan();
            planIds.add(plan.planId());
            int planIdx = planIndex.computeIfAbsent(plan.planId(), id -> {
                planTable.add(id);
                return planTable.size() - 1;
            });
            harnessRetries += inputs.runs.harnessRetries();
            for (int t = 0; t < plan.tiers().size(); t++) {
                int[] slots = inputs.runs.recordedSlotsOf(t);
                if (slots.length == 0) {
                    continue;
                }
                TierSamples tier = inputs.runs.recordedOf(t);
                Column column = column(tier.tier().name(), tier.tier().timeoutSeconds(), "journal of plan "
                        + plan.planId());
                for (int i = 0; i < tier.size(); i++) {
                    int module = moduleIndex.computeIfAbsent(tier.moduleName(i), name -> {
                        moduleTable.add(name);
                        return moduleTable.size() - 1;
                    });
                    column.add(planIdx, slots[i] / plan.repeats(), slots[i] % plan.repeats(), null, tier.outcome(i),
                            tier.durationMs(i), module, -1, -1);
                }
            }
        }

        private Column column(String tier, double timeoutS, String source) {
            Column column = tiers.computeIfAbsent(tier, name -> new Column(name, timeoutS, source));
            if (column.timeoutS != timeoutS) {
                throw new InvalidInputException(source + ": field 'timeout_s': tier " + tier + " has budget "
                        + timeoutS + " s here but " + column.timeoutS + " s in " + column.firstSource
                        + "; rebuild tiers with different budgets separately");
            }
            return column;
        }

        CalibrationModel build(Options options, JournalHeader.Estimation estimation, Set<String> versions,
                               boolean mixed, List<ShardSource> sources, List<String> fileNames) {
            List<Column> ordered = new ArrayList<>(tiers.values());
            ordered.sort(Comparator.comparingDouble((Column c) -> c.timeoutS).thenComparing(c -> c.name));
            List<Integer> planOrder = new ArrayList<>();
            for (int i = 0; i < planTable.size(); i++) {
                planOrder.add(i);
            }
            planOrder.sort(Comparator.comparing(planTable::get));
            int[] planRank = new int[planTable.size()];
            for (int rank = 0; rank < planOrder.size(); rank++) {
                planRank[planOrder.get(rank)] = rank;
            }
            List<String> modules = moduleTable.stream().sorted().toList();
            int[] moduleRank = new int[moduleTable.size()];
            Map<String, Integer> sortedIndex = new HashMap<>();
            for (int i = 0; i < modules.size(); i++) {
                sortedIndex.put(modules.get(i), i);
            }
            for (int i = 0; i < moduleTable.size(); i++) {
                moduleRank[i] = sortedIndex.get(moduleTable.get(i));
            }
            int repeats = commonRepeats(ordered);
            List<int[]> orders = new ArrayList<>();
            for (Column column : ordered) {
                orders.add(column.sortedOrder(planRank, planTable, fileNames));
            }
            boolean paired = true;
            for (int t = 1; t < ordered.size() && paired; t++) {
                paired = ordered.get(t).sameKeys(orders.get(t), ordered.get(0), orders.get(0));
            }
            List<TierSamples> samples = new ArrayList<>();
            List<Tier> tierList = new ArrayList<>();
            long largest = 0;
            for (int t = 0; t < ordered.size(); t++) {
                Column column = ordered.get(t);
                int[] order = orders.get(t);
                Tier tier = new Tier(column.name, Duration.ofNanos(Math.round(column.timeoutS * 1e9)));
                tierList.add(tier);
                Outcome[] outcomes = new Outcome[column.size];
                double[] durations = new double[column.size];
                int[] moduleOf = new int[column.size];
                for (int i = 0; i < order.length; i++) {
                    int row = order[i];
                    outcomes[i] = Outcome.values()[column.outcome[row]];
                    durations[i] = column.duration[row];
                    moduleOf[i] = moduleRank[column.module[row]];
                }
                samples.add(TierSamples.of(tier, outcomes, durations, moduleOf, modules, repeats));
                largest = Math.max(largest, column.size);
            }
            String planId = planIds.size() == 1 && unplannedIds.isEmpty() ? planIds.iterator().next() : null;
            Provenance provenance = new Provenance(null, null, harnessRetries, sources, false, 0, mixed);
            CalibrationMetadata metadata = new CalibrationMetadata(CalibrationMetadata.SCHEMA_VERSION,
                    NoisecalVersion.get(), options.clock().instant(), UNKNOWN_BACKEND, String.join(", ", versions),
                    null, largest, tierList, null, estimation.confidenceLevel(), estimation.intervalMethod(),
                    estimation.bootstrapReplicates(), modules.size(), null, planId, repeats,
                    // Raw records do not carry the tiers' limits: with derived records present every tier counts as
                    // one group, so no comparison claims an ordering, erring on the side of claiming nothing.
                    derivedRecords ? TierRuns.SHARED : TierRuns.INDEPENDENT, null, provenance);
            return CalibrationModel.of(metadata, samples, paired);
        }

        /**
         * The repeats of a single plan whose every tier holds its complete grid of draws × repeats; 1 otherwise,
         * when slots are simply the records in order.
         */
        private int commonRepeats(List<Column> columns) {
            if (planIds.size() != 1 || !unplannedIds.isEmpty()) {
                return 1;
            }
            int repeats = 1;
            long draws = 0;
            for (Column column : columns) {
                for (int i = 0; i < column.size; i++) {
                    repeats = Math.max(repeats, column.repeat[i] + 1);
                    draws = Math.max(draws, column.draw[i] + 1);
                }
            }
            for (Column column : columns) {
                if (column.size != draws * repeats) {
                    return 1;
                }
            }
            return repeats;
        }
    }

    /** One tier's pooled records, as parallel growable arrays. */
    private static final class Column {
        final String name;
        final double timeoutS;
        final String firstSource;
        int size;
        int[] plan = new int[64];
        long[] draw = new long[64];
        int[] repeat = new int[64];
        String[] id = new String[64];
        byte[] outcome = new byte[64];
        double[] duration = new double[64];
        int[] module = new int[64];
        int[] file = new int[64];
        long[] line = new long[64];

        Column(String name, double timeoutS, String firstSource) {
            this.name = name;
            this.timeoutS = timeoutS;
            this.firstSource = firstSource;
        }

        void add(int planIdx, long drawIdx, int repeatIdx, String verificationId, Outcome result, double ms,
                 int moduleIdx, int fileIdx, long lineNumber) {
            if (size == plan.length) {
                int grown = size * 2;
                plan = Arrays.copyOf(plan, grown);
                draw = Arrays.copyOf(draw, grown);
                repeat = Arrays.copyOf(repeat, grown);
                id = Arrays.copyOf(id, grown);
                outcome = Arrays.copyOf(outcome, grown);
                duration = Arrays.copyOf(duration, grown);
                module = Arrays.copyOf(module, grown);
                file = Arrays.copyOf(file, grown);
                line = Arrays.copyOf(line, grown);
            }
            plan[size] = planIdx;
            draw[size] = drawIdx;
            repeat[size] = repeatIdx;
            id[size] = verificationId;
            outcome[size] = (byte) result.ordinal();
            duration[size] = ms;
            module[size] = moduleIdx;
            file[size] = fileIdx;
            line[size] = lineNumber;
            size++;
        }

        /** Rows in key order: planned records by plan, draw and repeat, then the others by id. */
        int[] sortedOrder(int[] planRank, List<String> planTable, List<String> fileNames) {
            Integer[] rows = new Integer[size];
            for (int i = 0; i < size; i++) {
                rows[i] = i;
            }
            Arrays.sort(rows, (a, b) -> compare(a, b, planRank));
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = rows[i];
                if (i > 0 && compare(rows[i - 1], rows[i], planRank) == 0) {
                    int a = Math.min(rows[i - 1], rows[i]);
                    int b = Math.max(rows[i - 1], rows[i]);
                    throw new InvalidInputException(place(b, fileNames) + ": tier " + name + " already has plan "
                            + planTable.get(plan[b]) + " draw " + draw[b] + " repeat " + repeat[b] + " (from "
                            + place(a, fileNames) + "): the same sample twice");
                }
            }
            return order;
        }

        private String place(int row, List<String> fileNames) {
            return file[row] < 0 ? "a journal" : fileNames.get(file[row]) + " line " + line[row];
        }

        private int compare(int a, int b, int[] planRank) {
            boolean plannedA = plan[a] >= 0;
            boolean plannedB = plan[b] >= 0;
            if (plannedA != plannedB) {
                return plannedA ? -1 : 1;
            }
            if (!plannedA) {
                return id[a].compareTo(id[b]);
            }
            int byPlan = Integer.compare(planRank[plan[a]], planRank[plan[b]]);
            if (byPlan != 0) {
                return byPlan;
            }
            int byDraw = Long.compare(draw[a], draw[b]);
            return byDraw != 0 ? byDraw : Integer.compare(repeat[a], repeat[b]);
        }

        boolean sameKeys(int[] order, Column other, int[] otherOrder) {
            if (size != other.size) {
                return false;
            }
            for (int i = 0; i < size; i++) {
                int a = order[i];
                int b = otherOrder[i];
                boolean same = plan[a] == other.plan[b] && draw[a] == other.draw[b] && repeat[a] == other.repeat[b]
                        && Objects.equals(id[a], other.id[b]);
                if (!same) {
                    return false;
                }
            }
            return true;
        }
    }
}
