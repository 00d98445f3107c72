package io.github.noisecal.calibration.report;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.journal.JournalReader;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a report needs from raw JSON Lines telemetry, per tier: every run's duration and whether it timed out (for
 * histograms and Kaplan-Meier curves), and per module its runs and successes (for verdict flips).
 *
 * <p>The telemetry must be the model's own: another calibration's durations would be drawn as this one's. Every
 * record of a calibration carries its plan's id, so when the model names its plan (one calibration, or the shards
 * of one plan merged by {@code fit}) every record must name the same plan. A model without a plan id (rebuilt from
 * telemetry outside any plan, such as the origin pipeline's, or of several plans) can only be matched by what both
 * record: each tier's budget and its number of runs; {@link #match()} says which way the telemetry was matched.
 */
final class RawTelemetry {

    private final Map<String, TierRuns> tiers;
    private final boolean byPlanId;
    private final String match;

    private RawTelemetry(Map<String, TierRuns> tiers, boolean byPlanId, String match) {
        this.tiers = tiers;
        this.byPlanId = byPlanId;
        this.match = match;
    }

    /**
     * Reads every file and checks that it is the telemetry of {@code model}'s calibration.
     *
     * @throws InvalidInputException naming the file and line of a malformed record, or the file and what does not
     *                               match: a record of another plan, a budget or tier the model does not have,
     *                               a run read twice, more runs of a tier than the model holds (or, without plan
     *                               ids, a different number)
     */
    static RawTelemetry read(List<Path> files, CalibrationModel model) {
        String planId = model.metadata().planId();
        Map<String, TierRuns> tiers = new LinkedHashMap<>();
        boolean[] anyPlanned = {false};
        // Each run once: a file given twice (or a shard's journal and its copy) would count its runs twice.
        Map<String, Path> readFrom = new HashMap<>();
        for (Path file : files) {
            // A torn last line or unknown fields are the journal's business; the report shows what reads cleanly.
            JournalReader.read(file, (record, line, offset) -> {
                if (planId != null && !planId.equals(record.planId())) {
                    throw new InvalidInputException("raw telemetry " + file + " line " + line + ": "
                            + (record.planId() == null ? "the record names no plan"
                            : "the record is of plan " + record.planId()) + ", the model of plan " + planId
                            + ": this is another calibration's telemetry; give the raw telemetry (--raw or journal "
                            + "files) of the calibration that made the model");
                }
                Path earlier = readFrom.putIfAbsent(record.verificationId(), file);
                if (earlier != null) {
                    throw new InvalidInputException("raw telemetry " + file + " line " + line + ": verification_id "
                            + record.verificationId() + " was read already from " + earlier + ": give each file "
                            + "once");
                }
                anyPlanned[0] |= record.planId() != null;
                tiers.computeIfAbsent(record.tier(), t -> new TierRuns()).add(record, file, line);
            }, warning -> { });
        }
        String byCounts = planId != null ? null : "the model names no plan"
                + (anyPlanned[0] ? " (it pools telemetry of several plans or outside any plan)"
                : " and the records carry no plan id (telemetry from outside noisecal, such as the origin pipeline's)")
                + ", so the raw telemetry is matched to it by each tier's budget and number of runs only";
        // Tiers the model lacks first, then the model's in its order, so the same files give the same refusal.
        for (Map.Entry<String, TierRuns> entry : tiers.entrySet()) {
            if (!model.tiers().containsKey(entry.getKey())) {
                requireMatches(entry.getKey(), entry.getValue(), model, planId, byCounts);
            }
        }
        for (String tier : model.tiers().keySet()) {
            if (tiers.containsKey(tier)) {
                requireMatches(tier, tiers.get(tier), model, planId, byCounts);
            }
        }
        return new RawTelemetry(Collections.unmodifiableMap(tiers), planId != null, planId != null
                ? "every record is of the model's plan " + planId
                : byCounts + ": another calibration's telemetry with the same budgets and counts would not be noticed");
    }

    private static void requireMatches(String tier, TierRuns runs, CalibrationModel model, String planId,
                                       String byCounts) {
        String why = byCounts == null ? "" : "; " + byCounts;
        String fix = ": give the raw telemetry (--raw or journal files) of the calibration that made the model";
        TierCalibration calibration = model.tiers().get(tier);
        if (calibration == null) {
            throw new InvalidInputException("raw telemetry " + runs.firstSource() + ": tier " + tier + " is not in "
                    + "the model (" + String.join(", ", model.tiers().keySet()) + ")" + why + fix);
        }
        for (Map.Entry<Double, String> budget : runs.budgetsS().entrySet()) {
            if (budget.getKey().doubleValue() != calibration.timeoutS()) {
                throw new InvalidInputException("raw telemetry " + budget.getValue() + ": tier " + tier + " ran under "
                        + budget.getKey() + " s, the model's " + tier + " under " + calibration.timeoutS() + " s"
                        + why + fix);
            }
        }
        // Of one plan, fewer runs than the model's are a part of it (some shards' journals).
        boolean mismatch = planId != null ? runs.size() > calibration.nSamples() : runs.size() != calibration.nSamples();
        if (mismatch) {
            throw new InvalidInputException("raw telemetry " + String.join(", ", runs.files()) + ": tier " + tier
                    + " holds " + runs.size() + " runs, the model " + calibration.nSamples() + why
                    + (planId != null ? ": it holds runs the model was not fitted from (the model was fitted from "
                    + "part of the plan); give the files the model was fitted from" : fix));
        }
    }

    /** The runs of a tier, or null when the telemetry has none. */
    TierRuns tier(String name) {
        return tiers.get(name);
    }

    /** How the telemetry was matched to the model: by plan id, or by budgets and run counts only. */
    String match() {
        return match;
    }

    /** Whether the telemetry could only be matched by budgets and run counts (no plan id to compare). */
    boolean matchedByCountsOnly() {
        return !byPlanId;
    }

    /** The runs of one tier. */
    static final class TierRuns {
        private double[] durationsMs = new double[1024];
        private boolean[] timedOut = new boolean[1024];
        private int size;
        /** Per module: {runs, successes}. */
        private final Map<String, long[]> modules = new HashMap<>();
        /** The budgets (s) the tier's records ran under, each with where it first occurs. */
        private final Map<Double, String> budgetsS = new TreeMap<>();
        /** The files that hold the tier's records. */
        private final Set<String> files = new LinkedHashSet<>();
        private String firstSource;

        private void add(VerificationTelemetry record, Path file, long line) {
            if (firstSource == null) {
                firstSource = file + " line " + line;
            }
            budgetsS.putIfAbsent(record.timeoutS(), file + " line " + line);
            files.add(file.toString());
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

        /** Every budget (s) the tier's records ran under, with the file and line where it first occurs. */
        Map<Double, String> budgetsS() {
            return Collections.unmodifiableMap(budgetsS);
        }

        /** The file and line of the tier's first record. */
        String firstSource() {
            return firstSource;
        }

        List<String> files() {
            return List.copyOf(files);
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
