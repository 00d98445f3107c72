package io.github.noisecal.calibration.run;

import io.github.noisecal.calibration.CalibrationException;
import io.github.noisecal.calibration.plan.PlannedRun;
import io.github.noisecal.calibration.plan.SamplingPlan;
import io.github.noisecal.calibration.plan.Shard;
import io.github.noisecal.calibration.plan.TierGroup;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import io.github.noisecal.telemetry.VerifierHarnessException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Executes (a shard of) a plan with a pool of worker threads. Workers claim execution positions from a shared
 * counter; each position is one verifier run ({@link PlannedRun}), which gives the record of its tier and, when
 * tiers share runs, the derived records of the other tiers of its group ({@link SharedRuns}). A run goes to the sink
 * first, in one piece, and then into {@link RecordedRuns}' per-tier slots by (draw, repeat), so the aggregate never
 * depends on which worker ran what, or when. Runs outside the shard, and runs recorded before (a resumed journal),
 * are skipped. Progress counts runs.
 *
 * <p>Stopping. A transient harness error is retried with backoff ({@link RetryPolicy}); the retries are counted,
 * and the record says how many its run needed ({@value #HARNESS_RETRIES} in its metadata). Anything else that goes
 * wrong — an environment error, a retried error that persists, a sink that cannot write (a full disk), an
 * unexpected exception — and a {@link StopRequest} stop the run the same clean way: no new run starts, the backend
 * is closed to end the verifications in flight (their samples are not recorded), the workers are joined, and
 * {@link #execute()} throws: the original exception, or {@link CalibrationInterruptedException}.
 */
public final class PlanExecutor {
    /** Metadata key of a record whose run succeeded only after retries: how many it needed. */
    public static final String HARNESS_RETRIES = "harness_retries";

    /** A backend faster than this per sample is claimed in batches, so the shared counter does not become the bottleneck. */
    private static final long FAST_SAMPLE_NANOS = 20_000;
    private static final int BATCH = 256;

    private final SamplingPlan plan;
    private final VerifierBackend backend;
    private final int workers;
    private final TelemetrySink sink;
    private final ProgressListener progress;
    private final Duration progressInterval;
    private final RecordedRuns recorded;
    private final Shard shard;
    private final RetryPolicy retries;
    private final StopRequest stop;
    private final AtomicLong nextPosition = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong runsDone = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean stopping;

    /** Runs the whole plan from scratch, without retries. */
    public PlanExecutor(SamplingPlan plan, VerifierBackend backend, int workers, TelemetrySink sink,
                        ProgressListener progress, Duration progressInterval) {
        this(plan, backend, workers, sink, progress, progressInterval, new RecordedRuns(plan, Shard.WHOLE),
                RetryPolicy.NONE, new StopRequest());
    }

    /**
     * @param recorded what is recorded already, and for which shard; the executor runs the rest of that shard and
     *                 records into it
     */
    public PlanExecutor(SamplingPlan plan, VerifierBackend backend, int workers, TelemetrySink sink,
                        ProgressListener progress, Duration progressInterval, RecordedRuns recorded,
                        RetryPolicy retries, StopRequest stop) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.workers = workers;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.progressInterval = Objects.requireNonNull(progressInterval, "progressInterval");
        this.recorded = Objects.requireNonNull(recorded, "recorded");
        this.shard = recorded.shard();
        this.retries = Objects.requireNonNull(retries, "retries");
        this.stop = Objects.requireNonNull(stop, "stop");
        if (!recorded.plan().equals(plan)) {
            throw new IllegalArgumentException("the recorded runs belong to another plan");
        }
    }

    /** Runs that had to be tried again after a transient harness error, so far. */
    public long harnessRetries() {
        return retried.get();
    }

    /**
     * Runs every run of the shard that is not recorded yet.
     *
     * @return the recorded runs, those recorded before included
     * @throws CalibrationInterruptedException when a stop was requested
     * @throws RuntimeException                the error that stopped the run, as it was raised
     */
    public RecordedRuns execute() {
        List<Tier> tiers = plan.tiers();
        String[] contexts = new String[tiers.size()];
        for (int t = 0; t < tiers.size(); t++) {
            contexts[t] = "calibration_" + tiers.get(t).name();
        }
        long totalRuns = recorded.plannedRuns();
        long previously = recorded.runs();
        runsDone.set(previously);
        long start = System.nanoTime();

        ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "noisecal-progress");
            thread.setDaemon(true);
            return thread;
        });
        long intervalNanos = progressInterval.toNanos();
        monitor.scheduleAtFixedRate(() -> progress.onProgress(runsDone.get(), totalRuns, System.nanoTime() - start,
                false), intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);

        // Ends the verifications in flight once a stop is requested; closing twice is harmless.
        Runnable unregister = stop.onRequest(() -> {
            stopping = true;
            backend.close();
        });
        List<Thread> threads = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                Thread thread = new Thread(() -> work(contexts), "noisecal-worker-" + w);
                thread.start();
                threads.add(thread);
            }
            joinAll(threads);
        } finally {
            unregister.run();
            monitor.shutdownNow();
        }
        RuntimeException error = failure.get();
        if (error != null) {
            throw error;
        }
        if (stop.isRequested()) {
            throw new CalibrationInterruptedException(stop.reason());
        }
        progress.onProgress(runsDone.get(), totalRuns, System.nanoTime() - start, true);
        return recorded;
    }

    private void fail(RuntimeException error) {
        if (failure.compareAndSet(null, error)) {
            stopping = true;
            // The same clean stop as a requested one: end what is in flight rather than wait for it.
            backend.close();
        }
    }

    private void work(String[] contexts) {
        List<Tier> tiers = plan.tiers();
        List<TierGroup> groups = plan.tierGroups();
        long totalPositions = plan.totalRuns();
        List<RecordedRuns.CompletedRun> done = new ArrayList<>();
        int batch = 1;
        while (!stopping) {
            long first = nextPosition.getAndAdd(batch);
            if (first >= totalPositions) {
                return;
            }
            long end = Math.min(totalPositions, first + batch);
            long batchStart = System.nanoTime();
            for (long position = first; position < end && !stopping; position++) {
                PlannedRun run = plan.runAt(position);
                if (!shard.contains(run.draw()) || recorded.contains(run)) {
                    continue;
                }
                TierGroup group = groups.get(run.group());
                int runTier = group.runTier();
                String module = plan.moduleFor(run.draw());
                VerificationRequest request = new VerificationRequest(
                        plan.verificationId(runTier, run.draw(), run.repeat()), module, tiers.get(runTier),
                        plan.runSeed(run.draw(), run.repeat()), contexts[runTier], plan.planId(), run.draw(),
                        run.repeat(), plan.moduleSeed(module));
                VerificationTelemetry telemetry = verify(request);
                if (telemetry == null) {
                    break;
                }
                List<VerificationTelemetry> records = new ArrayList<>(group.tiers().size());
                for (int tierIndex : group.tiers()) {
                    records.add(tierIndex == runTier ? telemetry
                            : SharedRuns.derive(telemetry, request.forTier(tiers.get(tierIndex),
                                    plan.verificationId(tierIndex, run.draw(), run.repeat()), contexts[tierIndex])));
                }
                done.add(new RecordedRuns.CompletedRun(run, records, group.tiers()));
            }
            int ran = done.size();
            // The batch's completed runs, also when the run is stopping: they are whole, so they are kept.
            if (!record(done)) {
                return;
            }
            if (ran > 0) {
                long nanosPerRun = (System.nanoTime() - batchStart) / ran;
                batch = nanosPerRun < FAST_SAMPLE_NANOS ? BATCH : 1;
            }
        }
    }

    /**
     * Hands completed runs to the sink in one call (one write of the journal) and then to the per-tier slots. A
     * verifier slower than {@value #FAST_SAMPLE_NANOS} ns per run is claimed one run at a time, so each of its
     * runs is journaled as it completes; a faster one (the mock) in batches of {@value #BATCH} runs, a fraction of a
     * millisecond of work, so that the journal's writes do not dominate.
     *
     * @return false when the sink failed (the run is then stopping)
     */
    private boolean record(List<RecordedRuns.CompletedRun> done) {
        if (done.isEmpty()) {
            return true;
        }
        List<VerificationTelemetry> records = done.size() == 1 ? done.get(0).records() : new ArrayList<>();
        if (done.size() > 1) {
            done.forEach(d -> records.addAll(d.records()));
        }
        try {
            sink.acceptRuns(records);
        } catch (RuntimeException e) {
            // Nothing more can be recorded (a full disk): stop; the journal keeps what it has.
            fail(e);
            done.clear();
            return false;
        }
        recorded.record(done);
        runsDone.addAndGet(done.size());
        done.clear();
        return true;
    }

    /** One verification with its retries; null when the run stops instead (the reason is recorded). */
    private VerificationTelemetry verify(VerificationRequest request) {
        int attempt = 0;
        while (true) {
            try {
                VerificationTelemetry telemetry = backend.verify(request);
                if (stopping) {
                    return null;
                }
                checkMatches(request, telemetry);
                if (attempt == 0) {
                    return telemetry;
                }
                Map<String, Object> metadata = new LinkedHashMap<>(telemetry.metadata());
                metadata.put(HARNESS_RETRIES, attempt);
                return telemetry.toBuilder().metadata(metadata).build();
            } catch (VerifierHarnessException e) {
                if (stopping) {
                    return null;
                }
                if (!e.isRetryable()) {
                    fail(e);
                    return null;
                }
                if (attempt >= retries.maxRetries()) {
                    fail(attempt == 0 ? e : new VerifierHarnessException(VerifierHarnessException.Kind.TRANSIENT,
                            "sample " + request.verificationId() + " (module " + request.moduleName()
                                    + ") failed after " + attempt + " retries: " + e.getMessage(), e));
                    return null;
                }
                attempt++;
                retried.incrementAndGet();
                if (!backOff(retries.backoff(attempt))) {
                    return null;
                }
            } catch (VerifierConfigurationException | CalibrationException e) {
                // Passed on as they are: a setting the verifier rejects is bad input, not a failed sample.
                if (!stopping) {
                    fail(e);
                }
                return null;
            } catch (RuntimeException e) {
                if (!stopping) {
                    fail(new CalibrationException("sample " + request.verificationId() + " (module "
                            + request.moduleName() + ") failed: " + e, e));
                }
                return null;
            }
        }
    }

    /** Waits before a retry; false when the run stops meanwhile. */
    private boolean backOff(Duration wait) {
        try {
            return !stop.await(wait.toNanos()) && !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
                    // An interrupted caller is a stop request like any other.
                    interrupted = true;
                    stop.request("interrupted");
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
