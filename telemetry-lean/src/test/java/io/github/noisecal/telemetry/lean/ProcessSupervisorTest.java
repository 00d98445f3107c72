package io.github.noisecal.telemetry.lean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@NativeBuild.Required
class ProcessSupervisorTest {
    private static ProcessSupervisor supervisor;
    @TempDir
    static Path temp;
    private static FakeLean fake;
    private static Path project;

    @BeforeAll
    static void start() throws Exception {
        supervisor = ProcessSupervisor.create();
        fake = FakeLean.install(temp.resolve("fake"));
        project = FakeLean.project(temp.resolve("project"));
    }

    @AfterAll
    static void stop() {
        supervisor.close();
    }

    private static ProcessSpec.Builder lean(String module, Duration budget, String... directives) {
        FakeLean.writeModule(project, module, directives);
        return ProcessSpec.builder(List.of(fake.lean().toString(), module.replace('.', '/') + ".lean"), project, budget);
    }

    @Test
    void exitCodeOutputAndAccountingOfANormalRun() throws IOException {
        ProcessRunResult run = supervisor.run(lean("Sup.Normal", Duration.ofSeconds(10), "stdout hello",
                "stderr complaint", "burn 100", "exit 3").build());
        assertEquals(Termination.EXITED, run.termination());
        assertEquals(3, run.exitCode().getAsInt());
        assertTrue(run.signal().isEmpty());
        assertEquals("hello\n", run.stdout().text());
        assertEquals("complaint\n", run.stderr().text());
        assertTrue(run.cpuTime().toMillis() >= 100, "cpu " + run.cpuTime());
        assertTrue(run.wallTime().compareTo(run.cpuTime()) >= 0, run.toString());
        assertTrue(run.kernelPeakRssBytes() > 0);
        assertEquals(Duration.ZERO, run.killLatency());
    }

    @Test
    void deadlineKillsTheWholeTreeIncludingDescendantsThatIgnoreSigterm() throws IOException {
        Duration budget = Duration.ofMillis(300);
        long started = System.nanoTime();
        ProcessRunResult run = supervisor.run(lean("Sup.Deadline", budget, "hang-ignore-term 6").build());
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(Termination.DEADLINE_KILLED, run.termination());
        assertEquals(9, run.signal().getAsInt());
        assertTrue(run.wallTime().compareTo(budget) >= 0, run.wallTime().toString());
        assertTrue(run.killLatency().toMillis() < 200, "kill latency " + run.killLatency());
        assertTrue(elapsedMs < budget.toMillis() + 400, "returned after " + elapsedMs + " ms");
        assertEquals(List.of(), Survivors.find(project, "Sup/Deadline.lean", 1000));
    }

    @Test
    void descendantsLeftBehindByANormalExitAreKilledAndCounted() throws IOException {
        ProcessRunResult run = supervisor.run(lean("Sup.Stray", Duration.ofSeconds(10), "stray 3").build());
        assertEquals(Termination.EXITED, run.termination());
        assertEquals(3, run.strayProcesses());
        assertEquals(List.of(), Survivors.find(project, "Sup/Stray.lean", 1000));
    }

    @Test
    void theMemoryLimitCoversTheTree() throws IOException {
        ProcessRunResult run = supervisor.run(lean("Sup.Grow", Duration.ofSeconds(20), "grow 8")
                .memoryLimitBytes(48L << 20).build());
        assertEquals(Termination.MEMORY_LIMIT_KILLED, run.termination());
        assertTrue(run.sampledPeakRssBytes().getAsLong() > 48L << 20, run.toString());
        assertEquals(List.of(), Survivors.find(project, "Sup/Grow.lean", 1000));
    }

    @Test
    void environmentChangesReachTheProgram() throws IOException {
        FakeLean.project(project);
        ProcessRunResult run = supervisor.run(ProcessSpec.builder(List.of(fake.lake().toString(), "env"), project,
                Duration.ofSeconds(10)).environment("LEAN_PATH", "/from/the/test").environment("HOME", null).build());
        String printed = run.stdout().text();
        assertTrue(printed.contains("LEAN_PATH=" + project + "/.lake/build/lib/lean:/from/the/test"), printed);
    }

    @Test
    void aProgramThatCannotBeExecutedIsAnIOException() throws IOException {
        Path script = Files.writeString(temp.resolve("not-executable"), "#!/bin/sh\n");
        IOException thrown = assertThrows(IOException.class, () -> supervisor.run(ProcessSpec.builder(
                List.of(script.toString()), project, Duration.ofSeconds(5)).build()));
        assertTrue(thrown.getMessage().contains("cannot execute " + script + ": Permission denied"),
                thrown.getMessage());
        assertThrows(IOException.class, () -> supervisor.run(ProcessSpec.builder(List.of(fake.lean().toString()),
                temp.resolve("no-such-directory"), Duration.ofSeconds(5)).build()));
    }

    @Test
    void interruptingTheCallerCancelsTheRunAndKeepsTheInterrupt() throws Exception {
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        CompletableFuture<ProcessRunResult> result = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                result.complete(supervisor.run(lean("Sup.Interrupted", Duration.ofSeconds(30), "hang").build()));
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        awaitProcesses("Sup/Interrupted.lean", 2); // launcher and lean
        caller.interrupt();
        assertEquals(Termination.CANCELLED, result.get(5, TimeUnit.SECONDS).termination());
        caller.join(5000);
        assertTrue(stillInterrupted.get());
        assertEquals(List.of(), Survivors.find(project, "Sup/Interrupted.lean", 1000));
    }

    @Test
    void closeCancelsRunsInProgressAndRefusesNewOnes() throws Exception {
        ProcessSupervisor own = ProcessSupervisor.create();
        CompletableFuture<ProcessRunResult> result = CompletableFuture.supplyAsync(() -> {
            try {
                return own.run(lean("Sup.Closed", Duration.ofSeconds(30), "hang-ignore-term 2").build());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitProcesses("Sup/Closed.lean", 4); // launcher, lean and its 2 descendants
        long started = System.nanoTime();
        own.close();
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2), "close took too long");
        assertEquals(Termination.CANCELLED, result.get(5, TimeUnit.SECONDS).termination());
        assertEquals(List.of(), Survivors.find(project, "Sup/Closed.lean", 1000));
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> own.run(lean("Sup.Closed", Duration.ofSeconds(1), "ok").build()));
        assertEquals("the process supervisor is closed", thrown.getMessage());
        own.close();
    }

    @Test
    void aJvmKilledWithSigkillTakesItsRunsWithIt() throws Exception {
        assertChildJvmLeavesNothing("Sup.JvmKilled", true);
    }

    @Test
    void aJvmTerminatedWithSigtermTakesItsRunsWithIt() throws Exception {
        assertChildJvmLeavesNothing("Sup.JvmTerminated", false);
    }

    private static void assertChildJvmLeavesNothing(String module, boolean sigkill) throws Exception {
        FakeLean.writeModule(project, module, "hang-ignore-term 4");
        String file = module.replace('.', '/') + ".lean";
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-D" + "noisecal.cache.dir=" + System.getProperty("noisecal.cache.dir", temp.resolve("cache").toString()),
                SupervisorChildMain.class.getName(), project.toString(), "--", fake.lean().toString(), file));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("started", out.readLine());
            awaitProcesses(file, 6); // launcher, lean and its 4 descendants
            if (sigkill) {
                child.destroyForcibly();
            } else {
                child.destroy();
            }
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly(); // a failed assertion must not leave the child JVM running its hanging run
        }
        assertEquals(List.of(), Survivors.find(project, file, 2000),
                "the run outlived its JVM (" + (sigkill ? "SIGKILL" : "SIGTERM") + ")");
    }

    /** Waits until {@code count} processes of the run are visible, so that its tree is there when the test acts. */
    private static void awaitProcesses(String marker, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Survivors.find(project, marker, 0).size() < count) {
            assertTrue(System.nanoTime() < deadline, "the run of " + marker + " never started its tree: "
                    + Survivors.find(project, marker, 0));
            Thread.sleep(5);
        }
    }
}
