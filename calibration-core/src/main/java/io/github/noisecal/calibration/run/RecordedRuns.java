package io.github.noisecal.calibration.run;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.model.TierSamples;
import io.github.noisecal.calibration.plan.PlannedRun;
import io.github.noisecal.calibration.plan.SamplingPlan;
import io.github.noisecal.calibration.plan.Shard;
import io.github.noisecal.calibration.plan.TierGroup;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runs of (a shard of) a plan that are recorded, with their samples by tier and slot: filled from a journal
 * before a resumed run ({@link #add}), then by the executor as runs complete.
 *
 * <p>A run is recorded only when every record it gives is: its own, and under shared tier runs the records derived
 * for the other tiers of its group. A journal holds each run's records in one block (they are written together), so
 * a run with only some of its records can only be the last, cut off by a crash or a full disk; {@link #finish()}
 * says where it starts, so that the journal can be cut back to the runs that are whole.
 */
public final class RecordedRuns {
    private final SamplingPlan plan;
    private final Shard shard;
    private final TierSamples.Recorder[] recorders;
    private final Map<String, Integer> tierIndex = new HashMap<>();
    private final int[] groupOfTier;
    private final long[] recordedBits;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong harnessRetries = new AtomicLong();
    private Pending pending;
    private int[] sourceOfRun;
    private List<String> sourceNames;
    private int currentSource;

    /** Nothing recorded yet. */
    public RecordedRuns(SamplingPlan plan, Shard shard) {
        this.plan = plan;
        this.shard = shard;
        List<Tier> tiers = plan.tiers();
        recorders = new TierSamples.Recorder[tiers.size()];
        groupOfTier = new int[tiers.size()];
        for (int t = 0; t < tiers.size(); t++) {
            recorders[t] = new TierSamples.Recorder(tiers.get(t), (int) plan.samplesPerTier(), plan.repeats(),
                    plan.modules());
            tierIndex.put(tiers.get(t).name(), t);
        }
        List<TierGroup> groups = plan.tierGroups();
        for (int g = 0; g < groups.size(); g++) {
            for (int t : groups.get(g).tiers()) {
                groupOfTier[t] = g;
            }
        }
        long keys = plan.samplesPerTier() * groups.size();
        recordedBits = new long[(int) ((keys + 63) >>> 6)];
    }

    public SamplingPlan plan() {
        return plan;
    }

    public Shard shard() {
        return shard;
    }

    private long runKey(long draw, int repeat, int group) {
        return (long) plan.slot(draw, repeat) * plan.tierGroups().size() + group;
    }

    /** Whether the run is recorded already (a resumed run skips it). */
    public boolean contains(PlannedRun run) {
        long key = runKey(run.draw(), run.repeat(), run.group());
        return (recordedBits[(int) (key >>> 6)] & (1L << key)) != 0;
    }

    /** Records recorded: previous and new. */
    public long records() {
        return records.get();
    }

    /** Runs recorded: previous and new. */
    public long runs() {
        return runs.get();
    }

    /**
     * Harness retries the recorded runs needed: the {@value PlanExecutor#HARNESS_RETRIES} of their records (a
     * derived record repeats its run's count and is not counted again).
     */
    public long harnessRetries() {
        return harnessRetries.get();
    }

    /** Records of the part of the plan this shard holds: samples per tier of its draws, times the tiers. */
    public long plannedRecords() {
        return shard.drawsOf(plan.draws()) * plan.repeats() * plan.tiers().size();
    }

    /** Runs of the part of the plan this shard holds. */
    public long plannedRuns() {
        return shard.drawsOf(plan.draws()) * plan.repeats() * plan.tierGroups().size();
    }

    /**
     * Takes one record read from a journal, checking that it is a record this plan and shard would write.
     *
     * @param source the file and line, named in errors
     * @param offset the line's byte offset, returned by {@link #finish()} when its run is the incomplete last one
     * @throws InvalidInputException naming the source and what does not fit the plan
     */
    public void add(VerificationTelemetry record, String source, long offset) {
        add(record, source, offset, shard);
    }

    /**
     * Names the files records are added from, so that a sample recorded twice is reported with the file that
     * recorded it first (merging several journals).
     */
    public void nameSources(List<String> names) {
        sourceNames = List.copyOf(names);
        sourceOfRun = new int[(int) Math.min(Integer.MAX_VALUE - 8, plan.samplesPerTier() * plan.tierGroups().size())];
    }

    /** Records added from now on come from source {@code index} of {@link #nameSources}. */
    public void fromSource(int index) {
        currentSource = index;
    }

    /**
     * Takes one record of a journal that holds {@code journalShard} of the plan (merging shards' journals).
     *
     * @see #add(VerificationTelemetry, String, long)
     */
    public void add(VerificationTelemetry record, String source, long offset, Shard journalShard) {
        if (!plan.planId().equals(record.planId()) || record.sampleIndex() == null || record.repeat() == null) {
            throw new InvalidInputException(source + ": record " + record.verificationId() + " is not of plan "
                    + plan.planId() + " (its plan_id is " + record.planId() + ")");
        }
        Integer tier = tierIndex.get(record.tier());
        long draw = record.sampleIndex();
        int repeat = record.repeat();
        if (tier == null || draw >= plan.draws() || repeat >= plan.repeats()) {
            throw new InvalidInputException(source + ": record " + record.verificationId() + " lies outside plan "
                    + plan.planId() + " (tier " + record.tier() + ", draw " + draw + ", repeat " + repeat + ")");
        }
        String expected = plan.verificationId(tier, draw, repeat);
        if (!expected.equals(record.verificationId())) {
            throw new InvalidInputException(source + ": verification_id " + record.verificationId() + " should be "
                    + expected + " for tier " + record.tier() + ", draw " + draw + ", repeat " + repeat);
        }
        if (!journalShard.contains(draw)) {
            throw new InvalidInputException(source + ": record " + expected + " belongs to shard "
                    + draw % journalShard.count() + "/" + journalShard.count() + ", not to this journal's shard "
                    + journalShard);
        }
        if (!plan.moduleFor(draw).equals(record.moduleName())) {
            throw new InvalidInputException(source + ": record " + expected + " checked module "
                    + record.moduleName() + ", but draw " + draw + " of the plan checks " + plan.moduleFor(draw));
        }
        if (record.timeoutS() != plan.tiers().get(tier).timeoutSeconds()) {
            throw new InvalidInputException(source + ": record " + expected + " has budget " + record.timeoutS()
                    + " s, but tier " + record.tier() + " of the plan has " + plan.tiers().get(tier).timeoutSeconds()
                    + " s");
        }
        int group = groupOfTier[tier];
        long key = runKey(draw, repeat, group);
        if ((recordedBits[(int) (key >>> 6)] & (1L << key)) != 0) {
            throw new InvalidInputException(source + ": sample " + expected + " is recorded twice"
                    + (sourceOfRun == null ? "" : " (also in " + sourceNames.get(sourceOfRun[(int) key]) + ")"));
        }
        if (pending != null && pending.key != key) {
            throw incomplete(pending);
        }
        if (pending == null) {
            pending = new Pending(key, group, source, offset);
        }
        if (!pending.add(tier, record)) {
            throw new InvalidInputException(source + ": sample " + expected + " is recorded twice");
        }
        if (pending.complete()) {
            commit(pending);
            pending = null;
        }
    }

    private InvalidInputException incomplete(Pending run) {
        return new InvalidInputException(run.source + ": the run of " + run.records.get(0).verificationId()
                + " lacks the records of some tiers of its group, and is not the journal's last: the journal was"
                + " edited or joins several journals");
    }

    /**
     * Ends reading a journal.
     *
     * @return the byte offset where an incomplete last run's records start (the journal should be cut back to it),
     *         or -1 when every run read is whole
     */
    public long finish() {
        if (pending == null) {
            return -1;
        }
        long offset = pending.offset;
        pending = null;
        return offset;
    }

    /**
     * One verifier run's records, ready to be recorded.
     *
     * @param run     the run
     * @param records its records: the run's own and those derived for the other tiers of its group
     * @param tiers   the plan's index of each record's tier
     */
    public record CompletedRun(PlannedRun run, List<VerificationTelemetry> records, List<Integer> tiers) {
    }

    /** Records completed runs (the executor's call, once per batch; distinct runs may come from several threads). */
    void record(List<CompletedRun> completed) {
        long count = 0;
        long retries = 0;
        for (CompletedRun done : completed) {
            int slot = plan.slot(done.run().draw(), done.run().repeat());
            int module = plan.moduleIndex(done.run().draw());
            for (int i = 0; i < done.records().size(); i++) {
                recorders[done.tiers().get(i)].record(slot, done.records().get(i), module);
                retries += retriesOf(done.records().get(i));
            }
            count += done.records().size();
        }
        records.addAndGet(count);
        runs.addAndGet(completed.size());
        if (retries > 0) {
            harnessRetries.addAndGet(retries);
        }
    }

    private void commit(Pending run) {
        int slot = (int) (run.key / plan.tierGroups().size());
        long draw = slot / plan.repeats();
        int module = plan.moduleIndex(draw);
        for (int i = 0; i < run.records.size(); i++) {
            recorders[run.tiers.get(i)].record(slot, run.records.get(i), module);
            harnessRetries.addAndGet(retriesOf(run.records.get(i)));
        }
        recordedBits[(int) (run.key >>> 6)] |= 1L << run.key;
        if (sourceOfRun != null) {
            sourceOfRun[(int) run.key] = currentSource;
        }
        records.addAndGet(run.records.size());
        runs.incrementAndGet();
    }

    private static long retriesOf(VerificationTelemetry record) {
        Map<String, Object> metadata = record.metadata();
        if (metadata.isEmpty()) {
            return 0;
        }
        return metadata.get(PlanExecutor.HARNESS_RETRIES) instanceof Number n
                && !metadata.containsKey(SharedRuns.DERIVED_FROM) ? n.longValue() : 0;
    }

    /** Every tier's samples; only for a whole plan whose every run is recorded. */
    public List<TierSamples> samples() {
        List<TierSamples> samples = new ArrayList<>();
        for (TierSamples.Recorder recorder : recorders) {
            samples.add(recorder.finish());
        }
        return samples;
    }

    /** The recorded slots of tier {@code tier} (an index into the plan's tiers), in order. */
    public int[] recordedSlotsOf(int tier) {
        return recorders[tier].recordedSlots();
    }

    /** The recorded samples of tier {@code tier}, slot {@code i} holding {@code recordedSlotsOf(tier)[i]}. */
    public TierSamples recordedOf(int tier) {
        return recorders[tier].finishRecorded(recorders[tier].recordedSlots(), 1);
    }

    /** Samples recorded of tier {@code tier} (an index into the plan's tiers). */
    public long recordedSamples(int tier) {
        return recorders[tier].recordedCount();
    }

    /**
     * The samples of an incomplete plan: each tier's recorded slots, in slot order. Tiers without any sample are
     * left out.
     *
     * @return the samples, and whether they are paired (every tier holds the same slots) with their repeats (the
     *         plan's when every tier holds every repeat of each draw it holds, else 1)
     */
    public PartialSamples partialSamples() {
        List<int[]> slotsByTier = new ArrayList<>();
        boolean paired = true;
        boolean wholeDraws = true;
        int[] reference = null;
        for (TierSamples.Recorder recorder : recorders) {
            int[] slots = recorder.recordedSlots();
            if (slots.length == 0) {
                continue;
            }
            slotsByTier.add(slots);
            if (reference == null) {
                reference = slots;
            } else if (!java.util.Arrays.equals(reference, slots)) {
                paired = false;
            }
            int repeats = plan.repeats();
            if (slots.length % repeats != 0) {
                wholeDraws = false;
            }
            for (int i = 0; i < slots.length && wholeDraws; i++) {
                wholeDraws = slots[i] % repeats == i % repeats && (i % repeats == 0 || slots[i] == slots[i - 1] + 1);
            }
        }
        int repeats = wholeDraws ? plan.repeats() : 1;
        List<TierSamples> samples = new ArrayList<>();
        int next = 0;
        for (TierSamples.Recorder recorder : recorders) {
            if (recorder.recordedCount() > 0) {
                samples.add(recorder.finishRecorded(slotsByTier.get(next++), repeats));
            }
        }
        return new PartialSamples(samples, paired, repeats);
    }

    /**
     * The recorded samples of an incomplete plan.
     *
     * @param samples each tier's recorded samples; tiers without any are left out
     * @param paired  whether every tier holds the same slots
     * @param repeats runs per draw in {@code samples}
     */
    public record PartialSamples(List<TierSamples> samples, boolean paired, int repeats) {
    }

    /** The records of one run read so far, waiting for the rest of its group. */
    private final class Pending {
        final long key;
        final int group;
        final String source;
        final long offset;
        final List<VerificationTelemetry> records = new ArrayList<>();
        final List<Integer> tiers = new ArrayList<>();

        Pending(long key, int group, String source, long offset) {
            this.key = key;
            this.group = group;
            this.source = source;
            this.offset = offset;
        }

        boolean add(int tier, VerificationTelemetry record) {
            if (tiers.contains(tier)) {
                return false;
            }
            tiers.add(tier);
            records.add(record);
            return true;
        }

        boolean complete() {
            return tiers.size() == plan.tierGroups().get(group).tiers().size();
        }
    }
}
