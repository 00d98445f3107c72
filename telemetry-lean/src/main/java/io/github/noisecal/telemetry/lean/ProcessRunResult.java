package io.github.noisecal.telemetry.lean;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What one supervised run did and cost. CPU time and {@code kernelPeakRssBytes} are the kernel's accounting of
 * the whole finished tree, including processes the supervisor killed; the sampled figures come from live
 * sampling and are absent when the run ended before the first sample.
 *
 * @param termination          how the run ended
 * @param exitCode             the root process's exit code, when it exited
 * @param signal               the signal that ended the root process, when it was killed by one (including the
 *                             supervisor's own SIGKILL)
 * @param wallTime             from the start of the root process until it ended
 * @param userCpu              user CPU time of the whole tree
 * @param systemCpu            system CPU time of the whole tree
 * @param kernelPeakRssBytes   the largest peak resident set of any single process of the tree (the kernel's
 *                             {@code ru_maxrss})
 * @param sampledPeakRssBytes  the largest summed resident memory of the tree seen by sampling
 * @param finalRssBytes        the summed resident memory of the tree at the last sample before it ended
 * @param killLatency          until the whole tree was gone: from the deadline itself for a deadline kill, from
 *                             the kill command otherwise; zero when nothing was killed
 * @param strayProcesses       processes the root left running when it exited, which the supervisor killed
 * @param supervisionCpu       CPU time the launcher itself used (sampling, killing, reporting): the monitoring
 *                             cost of the run, not counted in {@code userCpu} or {@code systemCpu}
 * @param stdout               bounded capture of standard output
 * @param stderr               bounded capture of standard error
 */
public record ProcessRunResult(Termination termination, OptionalInt exitCode, OptionalInt signal, Duration wallTime,
                               Duration userCpu, Duration systemCpu, long kernelPeakRssBytes,
                               OptionalLong sampledPeakRssBytes, OptionalLong finalRssBytes, Duration killLatency,
                               int strayProcesses, Duration supervisionCpu, CapturedOutput stdout,
                               CapturedOutput stderr) {
    public ProcessRunResult {
        Objects.requireNonNull(termination, "termination");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(wallTime, "wallTime");
        Objects.requireNonNull(userCpu, "userCpu");
        Objects.requireNonNull(systemCpu, "systemCpu");
        Objects.requireNonNull(sampledPeakRssBytes, "sampledPeakRssBytes");
        Objects.requireNonNull(finalRssBytes, "finalRssBytes");
        Objects.requireNonNull(killLatency, "killLatency");
        Objects.requireNonNull(supervisionCpu, "supervisionCpu");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        if (exitCode.isPresent() == signal.isPresent()) {
            throw new IllegalArgumentException("exactly one of exitCode and signal must be present, got "
                    + exitCode + " and " + signal);
        }
    }

    /** User plus system CPU time of the whole tree. */
    public Duration cpuTime() {
        return userCpu.plus(systemCpu);
    }

    /**
     * The best available peak resident memory of the tree: the larger of the kernel's per-process peak (exact, but
     * not a sum across processes) and the largest sampled sum (a sum, but it can miss short peaks).
     */
    public long peakRssBytes() {
        return Math.max(kernelPeakRssBytes, sampledPeakRssBytes.orElse(0));
    }
}
