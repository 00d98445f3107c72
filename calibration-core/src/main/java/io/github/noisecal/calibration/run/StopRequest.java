package io.github.noisecal.calibration.run;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Asks a running calibration to stop cleanly: no new verifier run starts, the runs in flight are ended (their
 * samples are not recorded), and the journal keeps everything recorded. Safe to call from any thread, such as a
 * signal handler's; only the first request counts.
 */
public final class StopRequest {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final List<Runnable> actions = new CopyOnWriteArrayList<>();
    private volatile String reason;

    /**
     * Requests the stop.
     *
     * @param why what asked for it, such as {@code SIGTERM}; shown to the user
     * @return true for the first request, false when a stop was requested already
     */
    public boolean request(String why) {
        Objects.requireNonNull(why, "why");
        synchronized (this) {
            if (reason != null) {
                return false;
            }
            reason = why;
        }
        requested.countDown();
        for (Runnable action : actions) {
            action.run();
        }
        return true;
    }

    public boolean isRequested() {
        return reason != null;
    }

    /** What asked for the stop, or null while none was requested. */
    public String reason() {
        return reason;
    }

    /** Waits up to {@code nanos} for a request; true when one came. */
    public boolean await(long nanos) throws InterruptedException {
        return requested.await(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Runs {@code action} when the stop is requested, on the requesting thread (at once, on this thread, when it
     * was requested already). A request racing the registration may run it twice: actions must be idempotent.
     *
     * @return removes the action again
     */
    public Runnable onRequest(Runnable action) {
        Objects.requireNonNull(action, "action");
        actions.add(action);
        if (isRequested() && actions.remove(action)) {
            action.run();
        }
        return () -> actions.remove(action);
    }
}
