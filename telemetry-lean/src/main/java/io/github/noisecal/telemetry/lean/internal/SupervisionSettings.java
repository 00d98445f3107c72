package io.github.noisecal.telemetry.lean.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * How a supervisor runs its launchers; the defaults suit every use, the others exist for tests.
 *
 * @param drainGrace how long the output may take to reach its end once the launcher exited; every writer is dead
 *                   by then, so only a drain thread that is not scheduled (an overloaded machine) can overrun it,
 *                   and then the run is a harness error rather than a verdict on partial output
 * @param drainHook  called on the drain thread before it reads a stream
 * @param cgroups    whether runs get a cgroup of their own where cgroup v2 is writable
 * @param launchHook called after a launcher started and before the watchdog is told about its run
 */
public record SupervisionSettings(Duration drainGrace, DrainHook drainHook, boolean cgroups, LaunchHook launchHook) {
    public static final SupervisionSettings DEFAULT = new SupervisionSettings(Duration.ofSeconds(10), DrainHook.NONE,
            true);

    public SupervisionSettings {
        Objects.requireNonNull(drainGrace, "drainGrace");
        Objects.requireNonNull(drainHook, "drainHook");
        Objects.requireNonNull(launchHook, "launchHook");
    }

    /** Settings without a launch hook. */
    public SupervisionSettings(Duration drainGrace, DrainHook drainHook, boolean cgroups) {
        this(drainGrace, drainHook, cgroups, LaunchHook.NONE);
    }

    /** Sees each drain thread before it starts reading; a test delays it to make a drain miss its grace. */
    @FunctionalInterface
    public interface DrainHook {
        DrainHook NONE = stream -> { };

        /** {@code stream} is {@code "standard output"} or {@code "standard error"}. */
        void beforeReading(String stream) throws InterruptedException;
    }

    /**
     * Sees each launcher between its start and its run's registration with the watchdog; a test holds the JVM there
     * to kill it in that window.
     */
    @FunctionalInterface
    public interface LaunchHook {
        LaunchHook NONE = launcherPid -> { };

        void launched(long launcherPid) throws InterruptedException;
    }
}
