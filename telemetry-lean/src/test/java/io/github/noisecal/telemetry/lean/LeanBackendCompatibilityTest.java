package io.github.noisecal.telemetry.lean;

import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.lean.internal.LeanBackendProvider;
import io.github.noisecal.telemetry.tck.VerifierBackendCompatibilityKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The lean backend, running the fake lean, passes the compatibility kit; one module in four hangs into a timeout. */
@NativeBuild.Required
class LeanBackendCompatibilityTest extends VerifierBackendCompatibilityKit {
    @TempDir
    static Path temp;
    private static FakeLean fake;
    private static Path project;

    @BeforeAll
    static void install() {
        fake = FakeLean.install(temp.resolve("fake"));
        project = FakeLean.project(temp.resolve("project"));
        FakeLean.writeModule(project, "Tck.Ok", "ok");
        FakeLean.writeModule(project, "Tck.Sorry", "sorry");
        FakeLean.writeModule(project, "Tck.Invalid", "error type-mismatch");
        FakeLean.writeModule(project, "Tck.Hang", "hang-ignore-term 2");
    }

    @Override
    protected VerifierBackend createBackend() {
        return new LeanBackendProvider().create(BackendConfig.builder().set("project", project.toString())
                .set("lean", fake.lean().toString()).build());
    }

    @Override
    protected List<String> moduleNames() {
        return List.of("Tck.Ok", "Tck.Sorry", "Tck.Invalid", "Tck.Hang");
    }

    @Override
    protected Tier tier() {
        return new Tier("TCK", Duration.ofMillis(300));
    }

    @Override
    protected Duration durationSlack() {
        return Duration.ofMillis(250);
    }

    @Override
    protected int batchSize() {
        return 8;
    }

    @Override
    protected int requestsPerCaller() {
        return 4;
    }
}
