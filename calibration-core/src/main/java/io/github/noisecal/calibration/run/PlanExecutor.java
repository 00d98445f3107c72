package io.github.noisecal.calibration.run;

import io.github.noisecal.calibration.CalibrationException;
import io.github.noisecal.calibration.model.TierSamples;
import io.github.noisecal.calibration.plan.PlannedRun;
import io.github.noisecal.calibration.plan.SamplingPlan;
import io.github.noisecal.calibration.plan.TierGroup;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import io.github.noisecal.telemetry.VerifierHarnessException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Executes a plan with a pool of worker threads. Workers claim execution positions from a shared counter; each
 * position is one verifier run ({@link PlannedRun}), which gives the record of its tier and, when tiers share runs,
 * the derived records of the other tiers of its group ({@link SharedRuns}). Records land in per-tier slots by
 * (draw, repeat), so the aggregate never depends on which worker ran what, or when. Progress counts runs.
 */
public final class PlanExecutor {
    /** A backend faster than this per sample is claimed in batches, so the shared counter does not become the bottleneck. */
    private static final long FAST_SAMPLE_NANOS = 20_000;
    private static final int BATCH = 256;

    private final SamplingPlan plan;
    private final VerifierBackend backend;
    private final int workers;
    private final TelemetrySink sink;
    private final ProgressListener progress;
    private final Duration progressInterval;
    private final AtomicLong nextPosition = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    public PlanExecutor(SamplingPlan plan, VerifierBackend backend, int workers, TelemetrySink sink,
                 ProgressListener progress, Duration progressInterval) {
        this.plan = plan;
        this.backend = backend;
        this.workers = workers;
        this.sink = sink;
        this.progress = progress;
        this.progressInterval = progressInterval;
    }

    public List<TierSamples> execute() {
        List<Tier> tiers = plan.tiers();
        int samplesPerTier = (int) plan.samplesPerTier();
        TierSamples.Recorder[] recorders = new TierSamples.Recorder[tiers.size()];
        String[] contexts = new String[tiers.size()];
        for (int t = 0; t < tiers.size(); t++) {
            recorders[t] = new TierSamples.Recorder(tiers.get(t), samplesPerTier, plan.repeats(), plan.modules());
            contexts[t] = "calibration_" + tiers.get(t).name();
        }
        long totalRuns = plan.totalRuns();
        long start = System.nanoTime();

        ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "noisecal-progress");
            thread.setDaemon(true);
            return thread;
        });
        long intervalNanos = progressInterval.toNanos();
        monitor.scheduleAtFixedRate(() -> progress.onProgress(completed.get(), totalRuns, System.nanoTime() - start,
                false), intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);

        List<Thread> threads = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                Thread thread = new Thread(() -> work(recorders, contexts, totalRuns), "noisecal-worker-" + w);
                thread.start();
                threads.add(thread);
            }
            joinAll(threads);
        } finally {
            monitor.shutdownNow();
        }
        RuntimeException error = failure.get();
        if (error != null) {
            throw error;
        }
        progress.onProgress(completed.get(), totalRuns, System.nanoTime() - start, true);
        List<TierSamples> samples = new ArrayList<>();
        for (TierSamples.Recorder recorder : recorders) {
            samples.add(recorder.finish());
        }
        return samples;
    }

    private void work(TierSamples.Recorder[] recorders, String[] contexts, long totalRuns) {
        List<Tier> tiers = plan.tiers();
        List<TierGroup> groups = plan.tierGroups();
        int batch = 1;
        while (failure.get() == null) {
            long first = nextPosition.getAndAdd(batch);
            if (first >= totalRuns) {
                return;
            }
            long end = Math.min(totalRuns, first + batch);
            long batchStart = System.nanoTime();
            for (long position = first; position < end; position++) {
                PlannedRun run = plan.runAt(position);
                TierGroup group = groups.get(run.group());
                int runTier = group.runTier();
                int moduleIndex = plan.moduleIndex(run.draw());
                String module = plan.modules().get(moduleIndex);
                VerificationRequest request = new VerificationRequest(
                        plan.verificationId(runTier, run.draw(), run.repeat()), module, tiers.get(runTier),
                        plan.runSeed(run.draw(), run.repeat()), contexts[runTier], plan.planId(), run.draw(),
                        run.repeat(), plan.moduleSeed(module));
                try {
                    VerificationTelemetry telemetry = backend.verify(request);
                    checkMatches(request, telemetry);
                    int slot = plan.slot(run.draw(), run.repeat());
                    for (int tierIndex : group.tiers()) {
                        VerificationTelemetry record = tierIndex == runTier ? telemetry
                                : SharedRuns.derive(telemetry, request.forTier(tiers.get(tierIndex),
                                        plan.verificationId(tierIndex, run.draw(), run.repeat()), contexts[tierIndex]));
                        recorders[tierIndex].record(slot, record, moduleIndex);
                        sink.accept(record);
                    }
                } catch (VerifierHarnessException | VerifierConfigurationException | CalibrationException e) {
                    // Passed on as they are: a setting the verifier rejects is bad input, not a failed sample.
                    failure.compareAndSet(null, e);
                    return;
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, new CalibrationException("sample " + request.verificationId()
                            + " (module " + request.moduleName() + ") failed: " + e, e));
                    return;
                }
            }
            completed.addAndGet(end - first);
            long nanosPerRun = (System.nanoTime() - batchStart) / (end - first);
            batch = nanosPerRun < FAST_SAMPLE_NANOS ? BATCH : 1;
        }
    }

    private void checkMatches(VerificationRequest request, VerificationTelemetry telemetry) {
        if (telemetry == null) {
            throw new CalibrationException("backend " + backend.name() + " returned no record for "
                    + request.verificationId());
        }
        if (!telemetry.verificationId().equals(request.verificationId())
                || !telemetry.tier().equals(request.tier().name())) {
            throw new CalibrationException("backend " + backend.name() + " answered request "
                    + request.verificationId() + " (tier " + request.tier().name() + ") with a record for "
                    + telemetry.verificationId() + " (tier " + telemetry.tier() + ")");
        }
    }

    private void joinAll(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    // Stop handing out work; running verifications finish (the backend bounds them).
                    interrupted = true;
                    failure.compareAndSet(null, new CalibrationException("calibration interrupted"));
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
