package io.github.noisecal.telemetry.lean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierHarnessException;
import io.github.noisecal.telemetry.lean.internal.LeanBackend;
import io.github.noisecal.telemetry.lean.internal.LeanSettings;
import io.github.noisecal.telemetry.lean.internal.SupervisionSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A verdict rests on the whole output. When a drain thread is not scheduled before its grace after the launcher's
 * exit runs out (as on a machine oversubscribed with workers), the run is a retryable harness error, never a verdict
 * on what was read so far. A hook delays the drain of standard output deterministically instead of overloading the
 * machine.
 */
@NativeBuild.Required
class DrainCompletenessTest {
    private static final Tier TIER = new Tier("DRAIN", Duration.ofSeconds(20));

    @TempDir
    static Path temp;
    private static FakeLean fake;
    private static Path project;

    @BeforeAll
    static void install() {
        fake = FakeLean.install(temp.resolve("fake"));
        project = FakeLean.project(temp.resolve("project"));
        // exits 0 with its only evidence, the sorry warning, on standard output: without it the run looks verified
        FakeLean.writeModule(project, "Drain.Sorry", "sorry");
    }

    /** Settings whose drain of standard output waits {@code delay} first, once {@code armed} is set. */
    private static SupervisionSettings delayingStdout(Duration grace, Duration delay, AtomicBoolean armed) {
        return new SupervisionSettings(grace, stream -> {
            if (armed.get() && stream.equals("standard output")) {
                Thread.sleep(delay.toMillis());
            }
        }, false);
    }

    private static LeanBackend backend(SupervisionSettings settings) throws SupervisorUnavailableException {
        LeanSettings lean = LeanSettings.parse(BackendConfig.builder().set("project", project.toString())
                .set("lean", fake.lean().toString()).build(), true);
        return LeanBackend.create(lean, ProcessSupervisor.create(settings));
    }

    private static VerificationRequest request(String id) {
        return new VerificationRequest(id, "Drain.Sorry", TIER, 1, "drain");
    }

    @Test
    void outputNotReadToItsEndWithinTheGraceIsARetryableHarnessErrorNotAVerdict() throws Exception {
        AtomicBoolean armed = new AtomicBoolean();
        try (LeanBackend backend = backend(delayingStdout(Duration.ofMillis(200), Duration.ofSeconds(3), armed))) {
            armed.set(true); // after the version was read
            VerifierHarnessException thrown = assertThrows(VerifierHarnessException.class,
                    () -> backend.verify(request("late-drain")));
            assertEquals(VerifierHarnessException.Kind.TRANSIENT, thrown.kind());
            assertTrue(thrown.getMessage().contains("could not be read to its end within 200 ms"), thrown.getMessage());
            SupervisedRunException cause = assertInstanceOf(SupervisedRunException.class, thrown.getCause());
            assertEquals(SupervisedRunException.Reason.OUTPUT_INCOMPLETE, cause.reason());
        }
    }

    @Test
    void aDrainThatIsLateButWithinTheGraceGivesTheVerdictOnTheWholeOutput() throws Exception {
        AtomicBoolean armed = new AtomicBoolean();
        try (LeanBackend backend = backend(delayingStdout(Duration.ofSeconds(10), Duration.ofMillis(300), armed))) {
            armed.set(true);
            VerificationTelemetry record = backend.verify(request("slow-drain"));
            assertEquals(Outcome.PROOF_INCOMPLETE, record.outcome(), record.stderr());
        }
    }

    @Test
    void theSupervisorReportsTheIncompleteStreamAndLeavesNothingRunning() throws Exception {
        AtomicBoolean armed = new AtomicBoolean(true);
        try (ProcessSupervisor supervisor = ProcessSupervisor.create(delayingStdout(Duration.ofMillis(200),
                Duration.ofSeconds(3), armed))) {
            SupervisedRunException thrown = assertThrows(SupervisedRunException.class, () -> supervisor.run(
                    ProcessSpec.builder(List.of(fake.lean().toString(), "Drain/Sorry.lean"), project,
                            Duration.ofSeconds(20)).build()));
            assertEquals(SupervisedRunException.Reason.OUTPUT_INCOMPLETE, thrown.reason());
            assertTrue(thrown.retryable());
            assertEquals(List.of(), Survivors.find(project, null, 1000));
        }
    }
}
