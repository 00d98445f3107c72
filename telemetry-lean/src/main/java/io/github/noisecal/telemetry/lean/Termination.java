package io.github.noisecal.telemetry.lean;

/** How a supervised process tree ended. */
public enum Termination {
    /** The root process exited with a status code. */
    EXITED,
    /** The root process was killed by a signal the supervisor did not send. */
    SIGNALLED,
    /** The supervisor killed the tree when the wall-clock budget ran out. */
    DEADLINE_KILLED,
    /** The supervisor killed the tree because its resident memory exceeded the limit. */
    MEMORY_LIMIT_KILLED,
    /** The run was cancelled ({@link ProcessSupervisor#close()}, JVM shutdown or an interrupted caller). */
    CANCELLED;

    /** Whether the supervisor itself ended the run. */
    public boolean killedBySupervisor() {
        return this == DEADLINE_KILLED || this == MEMORY_LIMIT_KILLED || this == CANCELLED;
    }
}
