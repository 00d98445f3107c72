package io.github.noisecal.telemetry.lean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSupervisorTest {
    private static ProcessSupervisor supervisor;
    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        supervisor = ProcessSupervisor.create();
    }

    @AfterAll
    static void stop() {
        supervisor.close();
    }

    @Test
    void smoke() throws Exception {
        FakeLean fake = FakeLean.install(temp.resolve("fake"));
        Path project = FakeLean.project(temp.resolve("p"));
        FakeLean.writeModule(project, "A.B", "sorry", "hang");
        long t0 = System.nanoTime();
        ProcessRunResult r = supervisor.run(ProcessSpec.builder(List.of(fake.lean().toString(), "A/B.lean"), project,
                Duration.ofMillis(500)).build());
        System.out.println(r + " in " + (System.nanoTime() - t0) / 1e6);
        assertEquals(Termination.DEADLINE_KILLED, r.termination());
        FakeLean.writeModule(project, "A.C", "hold 100 300", "sorry");
        r = supervisor.run(ProcessSpec.builder(List.of(fake.lake().toString(), "env", "lean", "A/C.lean"), project,
                Duration.ofMillis(2000)).build());
        System.out.println(r + " " + r.stdout().text());
        assertTrue(r.kernelPeakRssBytes() > 100 << 20);
    }
}
