package io.github.noisecal.telemetry.lean;

import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.VerifierBackendProvider;
import io.github.noisecal.telemetry.lean.internal.LeanBackendProvider;
import io.github.noisecal.telemetry.tck.VerifierBackendProviderCompatibilityKit;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lean provider keeps the provider contract. Without the native parts (a build without a C compiler) the
 * backend is unavailable, so the test that needs a backend is skipped with that reason; the rest still run.
 */
class LeanBackendProviderCompatibilityTest extends VerifierBackendProviderCompatibilityKit {
    @TempDir
    static Path temp;
    private static Path project;
    private static Path lean;

    @BeforeAll
    static void install() {
        project = FakeLean.project(temp.resolve("project"));
        lean = NativeBuild.missing().isEmpty() ? FakeLean.install(temp.resolve("fake")).lean()
                : NativeBuild.fakeLeanBinary();
    }

    @Override
    protected VerifierBackendProvider provider() {
        return new LeanBackendProvider();
    }

    @Override
    protected BackendConfig workingConfig() {
        return BackendConfig.builder().set("project", project.toString()).set("lean", lean.toString()).build();
    }

    @Override
    protected Optional<BackendConfig> unavailableConfig() {
        return Optional.of(BackendConfig.builder().set("project", project.toString())
                .set("lean", temp.resolve("no-such-lean").toString()).build());
    }

    @Override
    protected List<BackendConfig> moreConfigs() {
        return List.of(
                BackendConfig.builder().set("project", temp.resolve("no-such-project").toString()).build(),
                BackendConfig.builder().set("project", project.toString()).set("lean", lean.toString())
                        .set("lake", lean.toString()).build(),
                BackendConfig.builder().set("project", project.toString()).set("lean", lean.toString())
                        .set("threads", "many").build());
    }
}
