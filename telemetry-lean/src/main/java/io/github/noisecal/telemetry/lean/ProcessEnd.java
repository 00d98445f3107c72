package io.github.noisecal.telemetry.lean;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a verifier process ended, as far as classification cares.
 *
 * @param termination how the supervised run ended
 * @param exitCode    the exit code, when the process exited
 * @param signal      the signal that killed it, when one did
 */
public record ProcessEnd(Termination termination, OptionalInt exitCode, OptionalInt signal) {
    public ProcessEnd {
        Objects.requireNonNull(termination, "termination");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(signal, "signal");
    }

    public static ProcessEnd exited(int code) {
        return new ProcessEnd(Termination.EXITED, OptionalInt.of(code), OptionalInt.empty());
    }

    public static ProcessEnd signalled(int signal) {
        return new ProcessEnd(Termination.SIGNALLED, OptionalInt.empty(), OptionalInt.of(signal));
    }

    /** Ended by the supervisor ({@code DEADLINE_KILLED}, {@code MEMORY_LIMIT_KILLED} or {@code CANCELLED}). */
    public static ProcessEnd killedBySupervisor(Termination termination) {
        if (!termination.killedBySupervisor()) {
            throw new IllegalArgumentException(termination + " is not a kill by the supervisor");
        }
        return new ProcessEnd(termination, OptionalInt.empty(), OptionalInt.of(9));
    }

    public static ProcessEnd of(ProcessRunResult result) {
        return new ProcessEnd(result.termination(), result.exitCode(), result.signal());
    }
}
