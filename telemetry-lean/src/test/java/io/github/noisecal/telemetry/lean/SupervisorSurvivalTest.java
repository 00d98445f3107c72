package io.github.noisecal.telemetry.lean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.noisecal.telemetry.lean.internal.SupervisionSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No process of a run outlives it: not when the JVM is SIGKILLed together with its whole process group (what
 * {@code timeout -s KILL} and batch schedulers do), not when every launcher dies at the same moment (also before
 * the watchdog was told about the runs), and not when the verifier kills its own launcher after starting
 * grandchildren that left its session. Everything is a real
 * process; survivors are found by a /proc scan. Each case runs with per-run cgroups (skipped where cgroup v2 is not
 * writable) and without them (the environment-marker fallback).
 */
@NativeBuild.Required
class SupervisorSurvivalTest {
    /** How long the launchers and the watchdog may take to clean up after the JVM died, on a loaded machine. */
    private static final long CLEANUP_GRACE_MS = 5000;
    /** The descendants each run starts: a tree of 3 (2 of them in another session) and 2 more, 1 of them orphaned. */
    private static final List<String> TREE = List.of("tree 3", "hang-ignore-term 2");
    /** How long runs held before their registration are watched for a verifier started too early. */
    private static final long HOLD_WATCH_MS = 1000;

    @TempDir
    static Path temp;
    private static FakeLean fake;

    @BeforeAll
    static void install() {
        fake = FakeLean.install(temp.resolve("fake"));
    }

    private static SupervisionSettings settings(boolean cgroups) {
        return new SupervisionSettings(SupervisionSettings.DEFAULT.drainGrace(), SupervisionSettings.DrainHook.NONE,
                cgroups);
    }

    private static void assumeCgroupsWhenAsked(boolean cgroups, ProcessSupervisor supervisor) {
        if (cgroups && !supervisor.usesCgroups()) {
            supervisor.close();
            assumeTrue(false, "cgroup v2 is not writable here (see RunCgroups): only the fallback is tested");
        }
    }

    @ParameterizedTest(name = "cgroups {0}")
    @ValueSource(booleans = {true, false})
    void aSigkillOfTheJvmsWholeProcessGroupLeavesNothingOfItsRuns(boolean cgroups) throws Exception {
        assertChildJvmLeavesNothing("Group" + cgroups, cgroups, Kill.GROUP);
    }

    @ParameterizedTest(name = "cgroups {0}")
    @ValueSource(booleans = {true, false})
    void theWatchdogEndsTheTreesWhenTheJvmAndEveryLauncherAreKilledAtOnce(boolean cgroups) throws Exception {
        assertChildJvmLeavesNothing("AllAtOnce" + cgroups, cgroups, Kill.GROUP_AND_LAUNCHERS);
    }

    /**
     * The watchdog can only end the trees of runs it was told about, which the JVM does once the launcher started:
     * until then the launcher must start nothing, or a JVM and launchers dying in that moment leave trees nobody
     * knows of.
     */
    @ParameterizedTest(name = "cgroups {0}")
    @ValueSource(booleans = {true, false})
    void aLauncherStartsNothingBeforeTheWatchdogKnowsItsRun(boolean cgroups) throws Exception {
        assertChildJvmLeavesNothing("Unregistered" + cgroups, cgroups, Kill.GROUP_AND_LAUNCHERS_BEFORE_REGISTRATION);
    }

    /** What the test kills, and when. */
    private enum Kill {
        /** The child JVM's process group, once the trees are up: the launchers see the JVM die and end them. */
        GROUP,
        /** The group and every launcher in one kill command, once the trees are up: the watchdog ends them. */
        GROUP_AND_LAUNCHERS,
        /** The same while each run is between its launcher's start and its registration with the watchdog. */
        GROUP_AND_LAUNCHERS_BEFORE_REGISTRATION
    }

    /**
     * A child JVM in a process group of its own runs one {@code lean} and one {@code lake env lean} verification
     * whose trees never end; then its whole group (and, unless {@code kill} is {@link Kill#GROUP}, every launcher in
     * the same kill command) gets SIGKILL. Afterwards no process that inherited the child's environment may be left:
     * no verifier, descendant, launcher or watchdog. Processes are told apart by that environment entry, unique to
     * the child, never by command line: other builds on the machine run this test with the same module names.
     */
    private static void assertChildJvmLeavesNothing(String name, boolean cgroups, Kill kill) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "needs setsid(1) from util-linux");
        Path project = FakeLean.project(temp.resolve(name));
        if (cgroups) {
            try (ProcessSupervisor probe = ProcessSupervisor.create(settings(true))) {
                assumeCgroupsWhenAsked(true, probe);
            }
        }
        FakeLean.writeModule(project, "Survive.Lean", TREE.toArray(String[]::new));
        FakeLean.writeModule(project, "Survive.Lake", TREE.toArray(String[]::new));
        String childMarker = "NOISECAL_TEST_CHILD=" + UUID.randomUUID();
        List<String> command = new ArrayList<>(List.of("/usr/bin/setsid",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"),
                "-Dnoisecal.cache.dir=" + System.getProperty("noisecal.cache.dir", temp.resolve("cache").toString()),
                SupervisorChildMain.class.getName()));
        if (!cgroups) {
            command.add("--no-cgroups");
        }
        if (kill == Kill.GROUP_AND_LAUNCHERS_BEFORE_REGISTRATION) {
            command.add("--hold-before-registering");
        }
        command.addAll(List.of(project.toString(), "--", fake.lean().toString(), "Survive/Lean.lean",
                "--", fake.lake().toString(), "env", "lean", "Survive/Lake.lean"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(childMarker.substring(0, childMarker.indexOf('=')),
                childMarker.substring(childMarker.indexOf('=') + 1));
        Process child = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            List<String> killed = new ArrayList<>(List.of("/usr/bin/kill", "-KILL", "--"));
            if (kill == Kill.GROUP_AND_LAUNCHERS_BEFORE_REGISTRATION) {
                List<Long> launchers = heldLaunchers(out);
                List<String> early = awaitMoreThan(childMarker, child.pid(), launchers.size(), HOLD_WATCH_MS);
                assertEquals(launchers.size(), early.size(),
                        "before the watchdog knows their runs only the launchers may run: " + early);
                launchers.forEach(pid -> killed.add(Long.toString(pid)));
            } else {
                assertEquals("started", out.readLine());
                // launcher, lean, 3 children, 3 grandchildren, 2 more; and lake
                awaitProcesses(childMarker, child.pid(), "Survive/Lean.lean", 10);
                awaitProcesses(childMarker, child.pid(), "Survive/Lake.lean", 11);
                if (kill == Kill.GROUP_AND_LAUNCHERS) {
                    // first, so that no launcher sees the JVM die and ends its tree itself: that is the watchdog's job
                    List<Long> launchers = launchersOf(child.pid());
                    assertEquals(2, launchers.size(), "the child's launchers: " + launchers);
                    launchers.forEach(pid -> killed.add(Long.toString(pid)));
                }
            }
            // setsid(1) made the JVM the leader of a new session and process group: its pid is the group id
            killed.add("-" + child.pid());
            assertEquals(0, new ProcessBuilder(killed).inheritIO().start().waitFor(), "kill " + killed);
            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the JVM survived SIGKILL");
        } finally {
            child.destroyForcibly(); // if an assertion failed before the kill, the child must not live on
        }
        List<String> left = Survivors.withEnvironment(childMarker, CLEANUP_GRACE_MS);
        Survivors.destroy(left); // a failure must not leave them to other tests and builds
        assertEquals(List.of(), left, "processes of the killed JVM left alive");
    }

    @ParameterizedTest(name = "through {0}, cgroups {1}")
    @CsvSource({"lean, true", "lean, false", "lake, true", "lake, false"})
    void aVerifierThatKillsItsLauncherLeavesNothingAndIsARetryableHarnessError(String via, boolean cgroups)
            throws Exception {
        Path project = FakeLean.project(temp.resolve("KillLauncher_" + via + cgroups));
        ProcessSupervisor supervisor = ProcessSupervisor.create(settings(cgroups));
        assumeCgroupsWhenAsked(cgroups, supervisor);
        try (supervisor) {
            SupervisedRunException thrown = assertThrows(SupervisedRunException.class,
                    () -> supervisor.run(killingItsLauncher(project, via)));
            assertEquals(SupervisedRunException.Reason.LAUNCHER_LOST, thrown.reason());
            assertTrue(thrown.retryable());
            assertTrue(thrown.getMessage().contains("was killed by signal 9 from outside the supervisor"),
                    thrown.getMessage());
            assertTrue(thrown.getMessage().contains("leftover processes of its tree were killed"), thrown.getMessage());
            // the kill is done when run() throws, so no grace is needed beyond the moment zombies take to be reaped
            assertEquals(List.of(), Survivors.find(project, null, 1000), "processes of the run left alive");
        }
    }

    /**
     * A descendant that leaves its session, is orphaned and execs with an empty environment, after which the
     * verifier kills the launcher: only the run's cgroup still holds it. Without cgroups it survives, which is the
     * limit the README states; the test then asserts exactly that and kills it itself.
     */
    @ParameterizedTest(name = "cgroups {0}")
    @ValueSource(booleans = {true, false})
    void onlyTheRunsCgroupCatchesADescendantThatShedsEveryOtherTrace(boolean cgroups) throws Exception {
        Path project = FakeLean.project(temp.resolve("Escape" + cgroups));
        FakeLean.writeModule(project, "Survive.Escape", "escape 2", "kill-launcher", "hang");
        // the escapees hold the output pipes open, so a short grace keeps the test quick
        ProcessSupervisor supervisor = ProcessSupervisor.create(new SupervisionSettings(Duration.ofMillis(500),
                SupervisionSettings.DrainHook.NONE, cgroups));
        assumeCgroupsWhenAsked(cgroups, supervisor);
        try (supervisor) {
            SupervisedRunException thrown = assertThrows(SupervisedRunException.class, () -> supervisor.run(
                    ProcessSpec.builder(List.of(fake.lean().toString(), "Survive/Escape.lean"), project,
                            Duration.ofMinutes(5)).build()));
            assertEquals(SupervisedRunException.Reason.LAUNCHER_LOST, thrown.reason());
            List<String> left = Survivors.find(project, null, 1000);
            Survivors.destroy(left);
            if (cgroups) {
                assertEquals(List.of(), left, "processes of the run left alive despite its cgroup");
            } else {
                assertEquals(2, left.size(), "without a cgroup exactly the two escapees survive: " + left);
                assertTrue(left.stream().allMatch(process -> process.endsWith("sleep 600")), left.toString());
            }
        }
    }

    @Test
    void aWatchdogThatDiedIsReplacedAndStillCleansUp() throws Exception {
        Path project = FakeLean.project(temp.resolve("WatchdogReplaced"));
        try (ProcessSupervisor supervisor = ProcessSupervisor.create(settings(false))) {
            long first = supervisor.watchdogPid();
            ProcessHandle.of(first).orElseThrow().destroyForcibly();
            // Gone already, or gone once its exit is seen: either way dead before the next run starts.
            ProcessHandle.of(first).ifPresent(p -> p.onExit().join());
            assertFalse(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false), "the watchdog was killed");
            assertThrows(SupervisedRunException.class, () -> supervisor.run(killingItsLauncher(project, "lean")));
            assertEquals(List.of(), Survivors.find(project, null, 1000), "processes of the run left alive");
            assertNotEquals(first, supervisor.watchdogPid());
        }
    }

    /** A run whose verifier starts a tree (some of it in other sessions), kills its launcher, and hangs. */
    private static ProcessSpec killingItsLauncher(Path project, String via) {
        FakeLean.writeModule(project, "Survive.Killer", "tree 3", "stray 2", "kill-launcher", "hang");
        List<String> command = via.equals("lean") ? List.of(fake.lean().toString(), "Survive/Killer.lean")
                : List.of(fake.lake().toString(), "env", "lean", "Survive/Killer.lean");
        return ProcessSpec.builder(command, project, Duration.ofMinutes(5)).build();
    }

    /**
     * The processes of the child's run of {@code file} (verification runs; the child JVM {@code jvm}, whose command
     * line names the file too, is left out).
     */
    private static List<String> runProcesses(String childMarker, long jvm, String file) {
        List<String> found = new ArrayList<>(Survivors.withEnvironment(childMarker, file, 0));
        found.removeIf(process -> process.startsWith(jvm + " "));
        return found;
    }

    /** Waits until at least {@code count} processes of the child's run of {@code file} are alive: its whole tree. */
    private static void awaitProcesses(String childMarker, long jvm, String file, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (runProcesses(childMarker, jvm, file).size() < count) {
            assertTrue(System.nanoTime() < deadline, "the run of " + file + " never started its tree: "
                    + runProcesses(childMarker, jvm, file));
            Thread.sleep(10);
        }
    }

    /** The processes of the child's runs, once there are more than {@code count} or {@code millis} have passed. */
    private static List<String> awaitMoreThan(String childMarker, long jvm, int count, long millis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        List<String> found = runProcesses(childMarker, jvm, "Survive/");
        while (found.size() <= count && System.nanoTime() < deadline) {
            Thread.sleep(10);
            found = runProcesses(childMarker, jvm, "Survive/");
        }
        return found;
    }

    /** Reads the child's output until both of its runs said {@code launched PID} (see SupervisorChildMain). */
    private static List<Long> heldLaunchers(BufferedReader out) throws IOException {
        List<Long> launchers = new ArrayList<>();
        while (launchers.size() < 2) {
            String line = out.readLine();
            assertNotNull(line, "the child JVM ended before both runs were launched");
            if (line.startsWith("launched ")) {
                launchers.add(Long.parseLong(line.substring("launched ".length())));
            } else {
                assertEquals("started", line);
            }
        }
        return launchers;
    }

    /** The launchers a JVM started: its children named noisecal-launch (the watchdog is named noisecal-watch). */
    private static List<Long> launchersOf(long jvm) throws IOException {
        List<Long> launchers = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                try {
                    String stat = Files.readString(entry.resolve("stat"), StandardCharsets.UTF_8);
                    String command = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    long parent = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
                    if (parent == jvm && command.equals("noisecal-launch")) {
                        launchers.add(Long.parseLong(entry.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        }
        return launchers;
    }
}
