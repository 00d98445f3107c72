package io.github.noisecal.calibration.model;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.NoisecalVersion;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.journal.JsonLinesTelemetryReader;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rebuilds a model from stored JSON Lines telemetry, without running any verifier. Several files (several runs)
 * may be combined; a {@code verification_id} seen twice is rejected, since counting a sample twice would narrow
 * every interval dishonestly.
 *
 * <p>Tiers are ordered by budget. Samples are paired across tiers when their ids have the calibration runner's
 * form {@code <run>-<TIER>-<index>} and every tier holds the same (run, index) pairs; otherwise the model's tier
 * comparisons treat the tiers as independent samples.
 */
public final class TelemetryRefit {
    /** The backend name recorded for rebuilt models: raw telemetry does not say which provider produced it. */
    public static final String UNKNOWN_BACKEND = "unknown (rebuilt from raw telemetry)";
    private static final Pattern RUNNER_ID = Pattern.compile("(.+)-([A-Z][A-Z0-9_]*)-(\\d+)");

    private TelemetryRefit() {
    }

    /** One tier's samples from the files, before they are ordered. */
    private static final class TierRecords {
        final String name;
        final double timeoutS;
        final String firstSource;
        final TreeMap<String, Sample> byKey = new TreeMap<>(PAIR_KEY_ORDER);

        TierRecords(String name, double timeoutS, String firstSource) {
            this.name = name;
            this.timeoutS = timeoutS;
            this.firstSource = firstSource;
        }
    }

    private record Sample(Outcome outcome, double durationMs) {
    }

    /** Orders "run-index" keys by run, then numerically by index, so rebuilt samples keep their plan order. */
    private static final Comparator<String> PAIR_KEY_ORDER = Comparator
            .comparing((String key) -> key.substring(0, key.lastIndexOf('-')))
            .thenComparingLong(key -> {
                String index = key.substring(key.lastIndexOf('-') + 1);
                return index.chars().allMatch(Character::isDigit) && index.length() < 19 ? Long.parseLong(index) : -1;
            })
            .thenComparing(Comparator.naturalOrder());

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
        Set<String> modules = new TreeSet<>();
        int[] counter = new int[1];
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
                modules.add(record.moduleName());
            });
        }
        if (tiers.isEmpty()) {
            throw new InvalidInputException("raw telemetry " + files + ": no records");
        }
        List<TierRecords> ordered = new ArrayList<>(tiers.values());
        ordered.sort(Comparator.comparingDouble((TierRecords t) -> t.timeoutS).thenComparing(t -> t.name));
        List<TierSamples> samples = new ArrayList<>();
        List<Tier> tierList = new ArrayList<>();
        long largest = 0;
        for (TierRecords records : ordered) {
            Tier tier = new Tier(records.name, Duration.ofNanos(Math.round(records.timeoutS * 1e9)));
            tierList.add(tier);
            Outcome[] outcomes = new Outcome[records.byKey.size()];
            double[] durations = new double[outcomes.length];
            int i = 0;
            for (Sample sample : records.byKey.values()) {
                outcomes[i] = sample.outcome();
                durations[i] = sample.durationMs();
                i++;
            }
            samples.add(TierSamples.of(tier, outcomes, durations));
            largest = Math.max(largest, outcomes.length);
        }
        boolean paired = ordered.stream().allMatch(t -> t.byKey.keySet().equals(ordered.get(0).byKey.keySet()));
        CalibrationMetadata metadata = new CalibrationMetadata(CalibrationMetadata.SCHEMA_VERSION,
                NoisecalVersion.get(), clock.instant(), UNKNOWN_BACKEND, String.join(", ", versions), null, largest,
                tierList, null, confidenceLevel, method, bootstrapReplicates, modules.size(), null, null);
        return CalibrationModel.of(metadata, samples, paired);
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
        if (tier.byKey.put(pairKey(record), new Sample(record.outcome(), record.durationMs())) != null) {
            throw new InvalidInputException(source + ": tier " + tierName + " already has sample "
                    + pairKey(record) + " under another id");
        }
    }

    /** "run-index" for runner ids of this tier; the whole id otherwise, which pairs with nothing. */
    private static String pairKey(VerificationTelemetry record) {
        Matcher matcher = RUNNER_ID.matcher(record.verificationId());
        if (matcher.matches() && matcher.group(2).equals(record.tier())) {
            return matcher.group(1) + "-" + matcher.group(3);
        }
        return record.verificationId() + "-x";
    }
}
