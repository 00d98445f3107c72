package io.github.noisecal.calibration.report;

import io.github.noisecal.calibration.journal.JournalReader;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report needs from raw JSON Lines telemetry, per tier: every run's duration and whether it timed out (for
 * histograms and Kaplan-Meier curves), and per module its runs and successes (for verdict flips).
 */
final class RawTelemetry {

    private final Map<String, TierRuns> tiers;

    private RawTelemetry(Map<String, TierRuns> tiers) {
        this.tiers = tiers;
    }

    /** Reads every file; a malformed record is an {@code InvalidInputException} naming the file and line. */
    static RawTelemetry read(List<Path> files) {
        Map<String, TierRuns> tiers = new LinkedHashMap<>();
        for (Path file : files) {
            // A torn last line or unknown fields are the journal's business; the report shows what reads cleanly.
            JournalReader.read(file, (record, line, offset) -> tiers.computeIfAbsent(record.tier(),
                    t -> new TierRuns()).add(record), warning -> { });
        }
        return new RawTelemetry(Collections.unmodifiableMap(tiers));
    }

    /** The runs of a tier, or null when the telemetry has none. */
    TierRuns tier(String name) {
        return tiers.get(name);
    }

    /** The runs of one tier. */
    static final class TierRuns {
        private double[] durationsMs = new double[1024];
        private boolean[] timedOut = new boolean[1024];
        private int size;
        /** Per module: {runs, successes}. */
        private final Map<String, long[]> modules = new HashMap<>();
        /** The budgets (s) the tier's records ran under: one, unless files of different plans were mixed. */
        private final java.util.TreeSet<Double> budgetsS = new java.util.TreeSet<>();

        private void add(VerificationTelemetry record) {
            budgetsS.add(record.timeoutS());
            if (size == durationsMs.length) {
                durationsMs = Arrays.copyOf(durationsMs, size * 2);
                timedOut = Arrays.copyOf(timedOut, size * 2);
            }
            durationsMs[size] = record.durationMs();
            timedOut[size] = record.outcome().isTimeout();
            size++;
            long[] counts = modules.computeIfAbsent(record.moduleName(), m -> new long[2]);
            counts[0]++;
            if (record.success()) {
                counts[1]++;
            }
        }

        int size() {
            return size;
        }

        /** Every budget (s) the tier's records ran under. */
        java.util.SortedSet<Double> budgetsS() {
            return Collections.unmodifiableSortedSet(budgetsS);
        }

        double[] durationsMs() {
            return Arrays.copyOf(durationsMs, size);
        }

        boolean[] timedOut() {
            return Arrays.copyOf(timedOut, size);
        }

        /** Module name to {runs, successes}. */
        Map<String, long[]> modules() {
            return Collections.unmodifiableMap(modules);
        }
    }
}
