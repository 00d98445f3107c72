package io.github.noisecal.telemetry.lean.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.lean.SupervisedRunException;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whether a start that failed may succeed later, by its errno: a fork refused for want of processes, memory or
 * file descriptors is retried; a missing or non-executable program is the user's to fix. Both the JVM's start of
 * the launcher (the JDK reports {@code error=N, text}) and the launcher's start of the verifier (its report gives
 * the errno) are read. Real runs cover the non-retryable cases (LeanBackendFaultMatrixTest); EAGAIN cannot be
 * provoked here, where tests run as root and RLIMIT_NPROC does not apply.
 */
class StartFailureTest {

    @ParameterizedTest(name = "errno {0} ({1})")
    @CsvSource({"11, Resource temporarily unavailable, true", "12, Cannot allocate memory, true",
            "23, Too many open files in system, true", "24, Too many open files, true",
            "2, No such file or directory, false", "13, Permission denied, false", "8, Exec format error, false"})
    void aFailedStartIsRetryableExactlyWhenResourcesRanOut(int errno, String text, boolean retryable) {
        IOException fromJdk = new IOException("Cannot run program \"/cache/noisecal-launch\" (in directory "
                + "\"/project\"): error=" + errno + ", " + text, new IOException("error=" + errno + ", " + text));
        SupervisedRunException launcherNotStarted = SupervisedRun.startFailure(fromJdk);
        SupervisedRunException verifierNotStarted = SupervisedRun.spawnFailure("/opt/lean/bin/lean", errno, text);
        for (SupervisedRunException failure : new SupervisedRunException[] {launcherNotStarted, verifierNotStarted}) {
            assertEquals(retryable, failure.retryable(), failure.getMessage());
            assertEquals(retryable ? SupervisedRunException.Reason.OUT_OF_RESOURCES
                    : SupervisedRunException.Reason.CANNOT_EXECUTE, failure.reason());
            assertTrue(failure.getMessage().contains(text), failure.getMessage());
        }
        assertTrue(verifierNotStarted.getMessage().startsWith(retryable ? "cannot start /opt/lean/bin/lean now: "
                : "cannot execute /opt/lean/bin/lean: "), verifierNotStarted.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"Cannot run program \"x\": error=2, No such file or directory",
            "java.io.IOException: something without an errno"})
    void aStartFailureWithoutAResourceErrnoIsNotRetried(String message) {
        assertFalse(SupervisedRun.startFailure(new IOException(message)).retryable());
    }
}
