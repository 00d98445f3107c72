package io.github.noisecal.calibration.model;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.NoisecalVersion;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.journal.JsonLinesTelemetryReader;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.run.SharedRuns;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rebuilds a model from stored JSON Lines telemetry, without running any verifier. Several files (several runs)
 * may be combined; a {@code verification_id} seen twice is rejected, since counting a sample twice would narrow
 * every interval dishonestly.
 *
 * <p>Tiers are ordered by budget. Records made by a plan carry its id, draw ({@code sample_index}) and repeat;
 * within a tier they are ordered by plan, draw and repeat, so slot {@code i} of every tier holds the same (plan,
 * draw, repeat) and tiers are paired when every tier holds the same set. A single plan's complete grid of draws ×
 * repeats keeps its repeats; records without plan coordinates (telemetry from elsewhere) count as one run each, in
 * the order of their ids. Modules are recognised by {@code module_name} alone, so module-level statistics hold
 * however the telemetry was produced. Telemetry holding records derived from shared runs is rebuilt as
 * {@link TierRuns#SHARED}: raw records do not carry the tiers' limits, so every tier counts as one group and no
 * comparison claims an ordering, which errs on the side of claiming nothing.
 */
public final class TelemetryRefit {
    /** The backend name recorded for rebuilt models: raw telemetry does not say which provider produced it. */
    public static final String UNKNOWN_BACKEND = "unknown (rebuilt from raw telemetry)";

    private TelemetryRefit() {
    }

    /** Where a record sits: its plan coordinates, or only its id for telemetry from elsewhere. */
    private record SampleKey(String planId, long draw, int repeat, String id) implements Comparable<SampleKey> {
        static SampleKey of(VerificationTelemetry record) {
            if (record.planId() != null && record.sampleIndex() != null && record.repeat() != null) {
                return new SampleKey(record.planId(), record.sampleIndex(), record.repeat(), null);
            }
            return new SampleKey(null, 0, 0, record.verificationId());
        }

        boolean planned() {
            return planId != null;
        }

        @Override
        public int compareTo(SampleKey other) {
            if (planned() != other.planned()) {
                return planned() ? -1 : 1;
            }
            if (!planned()) {
                return id.compareTo(other.id);
            }
            int byPlan = planId.compareTo(other.planId);
            if (byPlan != 0) {
                return byPlan;
            }
            int byDraw = Long.compare(draw, other.draw);
            return byDraw != 0 ? byDraw : Integer.compare(repeat, other.repeat);
        }

        @Override
        public String toString() {
            return planned() ? "plan " + planId + " draw " + draw + " repeat " + repeat : "record " + id;
        }
    }

    private record Sample(Outcome outcome, double durationMs, String module) {
    }

    /** One tier's samples from the files, before they are ordered. */
    private static final class TierRecords {
        final String name;
        final double timeoutS;
        final String firstSource;
        final TreeMap<SampleKey, Sample> byKey = new TreeMap<>();

        TierRecords(String name, double timeoutS, String firstSource) {
            this.name = name;
            this.timeoutS = timeoutS;
            this.firstSource = firstSource;
        }
    }

    /**
     * Reads every file and builds the model.
     *
     * @throws InvalidInputException naming the file, line and problem for malformed or duplicate records, or
     *                               inconsistent budgets within a tier
     */
    public static CalibrationModel fromFiles(List<Path> files, double confidenceLevel, IntervalMethod method,
                                             int bootstrapReplicates, Clock clock) {
        Objects.requireNonNull(method, "method");
        if (files.isEmpty()) {
            throw new InvalidInputException("no raw telemetry files given");
        }
        Map<String, String> seenIds = new HashMap<>();
        Map<String, TierRecords> tiers = new LinkedHashMap<>();
        Set<String> versions = new TreeSet<>();
        Set<String> planIds = new TreeSet<>();
        int[] counter = new int[1];
        boolean[] derived = new boolean[1];
        for (Path file : files) {
            counter[0] = 0;
            JsonLinesTelemetryReader.read(file, record -> {
                counter[0]++;
                String source = file + " record " + counter[0];
                String previous = seenIds.putIfAbsent(record.verificationId(), source);
                if (previous != null) {
                    throw new InvalidInputException(source + ": verification_id '" + record.verificationId()
                            + "' already appeared in " + previous);
                }
                add(tiers, record, source);
                versions.add(record.leanVersion());
                planIds.add(String.valueOf(record.planId()));
                derived[0] |= record.metadata().containsKey(SharedRuns.DERIVED_FROM);
            });
        }
        if (tiers.isEmpty()) {
            throw new InvalidInputException("raw telemetry " + files + ": no records");
        }
        List<TierRecords> ordered = new ArrayList<>(tiers.values());
        ordered.sort(Comparator.comparingDouble((TierRecords t) -> t.timeoutS).thenComparing(t -> t.name));
        int repeats = commonRepeats(ordered, planIds);
        List<String> modules = ordered.stream().flatMap(t -> t.byKey.values().stream()).map(Sample::module)
                .distinct().sorted().toList();
        Map<String, Integer> moduleIndex = new HashMap<>();
        for (int i = 0; i < modules.size(); i++) {
            moduleIndex.put(modules.get(i), i);
        }
        List<TierSamples> samples = new ArrayList<>();
        List<Tier> tierList = new ArrayList<>();
        long largest = 0;
        for (TierRecords records : ordered) {
            Tier tier = new Tier(records.name, Duration.ofNanos(Math.round(records.timeoutS * 1e9)));
            tierList.add(tier);
            int size = records.byKey.size();
            Outcome[] outcomes = new Outcome[size];
            double[] durations = new double[size];
            int[] moduleOf = new int[size];
            int i = 0;
            for (Sample sample : records.byKey.values()) {
                outcomes[i] = sample.outcome();
                durations[i] = sample.durationMs();
                moduleOf[i] = moduleIndex.get(sample.module());
                i++;
            }
            samples.add(TierSamples.of(tier, outcomes, durations, moduleOf, modules, repeats));
            largest = Math.max(largest, size);
        }
        boolean paired = ordered.stream().allMatch(t -> t.byKey.keySet().equals(ordered.get(0).byKey.keySet()));
        String planId = planIds.size() == 1 && !planIds.contains("null") ? planIds.iterator().next() : null;
        CalibrationMetadata metadata = new CalibrationMetadata(CalibrationMetadata.SCHEMA_VERSION,
                NoisecalVersion.get(), clock.instant(), UNKNOWN_BACKEND, String.join(", ", versions), null, largest,
                tierList, null, confidenceLevel, method, bootstrapReplicates, modules.size(), null, planId, repeats,
                derived[0] ? TierRuns.SHARED : TierRuns.INDEPENDENT, null);
        return CalibrationModel.of(metadata, samples, paired);
    }

    /**
     * The repeats of a single plan whose every tier holds its complete grid of draws × repeats; 1 otherwise, when
     * slots are simply the records in order.
     */
    private static int commonRepeats(List<TierRecords> tiers, Set<String> planIds) {
        if (planIds.size() != 1 || planIds.contains("null")) {
            return 1;
        }
        int repeats = 1;
        long draws = 0;
        for (TierRecords tier : tiers) {
            for (SampleKey key : tier.byKey.keySet()) {
                repeats = Math.max(repeats, key.repeat() + 1);
                draws = Math.max(draws, key.draw() + 1);
            }
        }
        for (TierRecords tier : tiers) {
            if (tier.byKey.size() != draws * repeats) {
                return 1;
            }
        }
        return repeats;
    }

    private static void add(Map<String, TierRecords> tiers, VerificationTelemetry record, String source) {
        String tierName = record.tier();
        if (!tierName.matches("[A-Z][A-Z0-9_]{0,63}")) {
            throw new InvalidInputException(source + ": field 'tier': '" + tierName + "' is not a tier name");
        }
        TierRecords tier = tiers.computeIfAbsent(tierName,
                name -> new TierRecords(name, record.timeoutS(), source));
        if (tier.timeoutS != record.timeoutS()) {
            throw new InvalidInputException(source + ": field 'timeout_s': tier " + tierName + " has budget "
                    + record.timeoutS() + " s here but " + tier.timeoutS + " s in " + tier.firstSource
                    + "; rebuild tiers with different budgets separately");
        }
        SampleKey key = SampleKey.of(record);
        if (tier.byKey.put(key, new Sample(record.outcome(), record.durationMs(), record.moduleName())) != null) {
            throw new InvalidInputException(source + ": tier " + tierName + " already has " + key
                    + " under another id");
        }
    }
}
