package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.noisecal.telemetry.lean.ProcessSupervisor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fake lean that telemetry-lean's test build compiles (see telemetry-lean/README.md). A build without a C
 * compiler makes neither it nor the launcher that runs it, and the tests that run it are skipped with the reason.
 */
final class FakeLeanBinary {
    static final Path PATH = Path.of("../telemetry-lean/target/fake-lean/fake-lean").toAbsolutePath();

    private FakeLeanBinary() {
    }

    /** Aborts the calling test unless the fake lean can be run through the lean backend here. */
    static void assumeRunnable() {
        assumeTrue(Files.isExecutable(PATH), "the fake lean is built by telemetry-lean's tests, and this build did"
                + " not compile it (no C compiler?): " + PATH);
        Optional<String> noLauncher = ProcessSupervisor.unavailableReason();
        assumeTrue(noLauncher.isEmpty(), () -> "the lean backend cannot run here: " + noLauncher.orElseThrow());
    }
}
