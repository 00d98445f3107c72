package io.github.noisecal.telemetry.lean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierHarnessException;
import io.github.noisecal.telemetry.lean.internal.LeanBackendProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario of the fake lean, through {@code lean} and through {@code lake env lean}: the right outcome, no
 * process left alive, and no run longer than its budget plus a small slack. The surefire JVM has a 128 MB heap and
 * the flood scenarios push 256 MB through each stream, so keeping output in memory would fail them.
 */
@NativeBuild.Required
class LeanBackendFaultMatrixTest {
    private static final Duration BUDGET = Duration.ofSeconds(1);
    private static final Duration LONG_BUDGET = Duration.ofSeconds(20);
    /** Kill latency plus scheduling noise on a shared, loaded machine; the target latency is far lower. */
    private static final Duration SLACK = Duration.ofMillis(400);
    private static final long FLOOD_MB = 256;

    @TempDir
    static Path temp;
    private static Path project;
    private static VerifierBackend lean;
    private static VerifierBackend lake;

    @BeforeAll
    static void start() {
        FakeLean fake = FakeLean.install(temp.resolve("fake"));
        project = FakeLean.project(temp.resolve("project"));
        LeanBackendProvider provider = new LeanBackendProvider();
        lean = provider.create(BackendConfig.builder().set("project", project.toString())
                .set("lean", fake.lean().toString()).build());
        lake = provider.create(BackendConfig.builder().set("project", project.toString())
                .set("lake", fake.lake().toString()).build());
    }

    @AfterAll
    static void stop() {
        lean.close();
        lake.close();
    }

    /** A scenario: the fake's directives, the budget, the expected outcome, and further checks of the record. */
    record Scenario(String name, List<String> directives, Duration budget, Outcome expected,
                    Consumer<VerificationTelemetry> check) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Scenario scenario(String name, Outcome expected, String... directives) {
        return new Scenario(name, List.of(directives), LONG_BUDGET, expected, record -> { });
    }

    private static Scenario scenario(String name, Outcome expected, Consumer<VerificationTelemetry> check,
                                     String... directives) {
        return new Scenario(name, List.of(directives), LONG_BUDGET, expected, check);
    }

    private static Scenario hanging(String name, String... directives) {
        return new Scenario(name, List.of(directives), BUDGET, Outcome.VERIFIER_TIMEOUT, record -> {
            assertEquals(9, record.signal(), "the supervisor's SIGKILL");
            assertEquals("wall_clock", record.metadata().get("timeout_kind"));
            assertTrue(record.durationMs() >= BUDGET.toMillis() - 5, () -> "timed out early: " + record.durationMs());
        });
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                scenario("ok", Outcome.VERIFIED, record -> {
                    assertEquals(0, record.returncode());
                    assertEquals("", record.stderr());
                }, "ok"),
                scenario("sorry", Outcome.PROOF_INCOMPLETE, "sorry"),
                scenario("sorry-quote", Outcome.PROOF_INCOMPLETE, "sorry quote"),
                scenario("type-error", Outcome.PROOF_INVALID, record -> {
                    assertEquals(1, record.returncode());
                    assertTrue(record.stderr().contains("type mismatch"), record.stderr());
                    assertEquals(1L, messages(record).get("error"));
                }, "error type-mismatch"),
                scenario("named-error", Outcome.PROOF_INVALID, record -> assertEquals("lean.unknownIdentifier._namedError",
                        record.metadata().get("first_error_kind")), "error unknown-identifier"),
                scenario("errors-then-sorry", Outcome.PROOF_INVALID, "sorry", "error unsolved-goals"),
                scenario("heartbeats", Outcome.BUDGET_EXHAUSTED, record -> {
                    assertEquals("heartbeats", record.metadata().get("timeout_kind"));
                    assertTrue(record.stderr().contains("(4321)"), "the tier's -DmaxHeartbeats: " + record.stderr());
                }, "heartbeats"),
                scenario("heartbeats-oldest", Outcome.BUDGET_EXHAUSTED, "heartbeats 1"),
                scenario("heartbeats-middle", Outcome.BUDGET_EXHAUSTED, "heartbeats 2"),
                scenario("kernel-timeout", Outcome.BUDGET_EXHAUSTED, record -> assertEquals(
                        "kernel_deterministic_timeout", record.metadata().get("timeout_kind")), "kernel-timeout"),
                scenario("recursion-depth", Outcome.BUDGET_EXHAUSTED, "recursion"),
                scenario("panic-and-continue", Outcome.VERIFIER_INTERNAL_ERROR, record -> {
                    assertEquals(0, record.returncode());
                    assertTrue(record.stderr().startsWith("PANIC at"), record.stderr());
                }, "panic", "ok"),
                scenario("stack-overflow", Outcome.VERIFIER_INTERNAL_ERROR,
                        record -> assertEquals(6, record.signal()), "stack-overflow"),
                scenario("internal-panic-out-of-memory", Outcome.MEMORY_LIMIT_EXCEEDED, "oom-internal"),
                scenario("bad-alloc", Outcome.MEMORY_LIMIT_EXCEEDED, "oom-badalloc"),
                scenario("sigkill", Outcome.MEMORY_LIMIT_EXCEEDED, record -> assertEquals(9, record.signal()), "sigkill"),
                scenario("abort", Outcome.VERIFIER_INTERNAL_ERROR, record -> assertEquals(6, record.signal()), "abort"),
                hanging("hang", "sorry", "hang"),
                hanging("hang-busy", "hang-busy"),
                hanging("hang-ignoring-sigterm-with-grandchildren", "hang-ignore-term 4"),
                scenario("exit-leaving-descendants", Outcome.VERIFIED,
                        record -> assertEquals(2, record.metadata().get("stray_processes_killed")), "stray 2"),
                scenario("stdout-flood", Outcome.VERIFIED, record -> assertEquals(FLOOD_MB << 20,
                        record.metadata().get("stdout_bytes")), "flood-stdout " + FLOOD_MB),
                scenario("stderr-flood", Outcome.VERIFIED, record -> assertEquals(FLOOD_MB << 20,
                        record.metadata().get("stderr_bytes")), "flood-stderr " + FLOOD_MB),
                scenario("slow-success", Outcome.VERIFIED,
                        record -> assertTrue(record.durationMs() >= 300, "duration " + record.durationMs()),
                        "sleep 300"),
                scenario("memory-held", Outcome.VERIFIED, record -> {
                    assertTrue(record.memoryPeakMb() >= 32, "peak " + record.memoryPeakMb());
                    assertTrue(record.memoryPeakMb() < 48, "peak " + record.memoryPeakMb());
                }, "hold 32 100"),
                scenario("cpu-burned", Outcome.VERIFIED, record -> {
                    assertTrue(record.cpuTimeMs() >= 300, "cpu " + record.cpuTimeMs());
                    assertTrue(record.cpuTimeMs() < 450, "cpu " + record.cpuTimeMs());
                }, "burn 300"),
                scenario("memory-limit", Outcome.MEMORY_LIMIT_EXCEEDED, record -> assertEquals("supervisor_memory_limit",
                        record.metadata().get("classification_rule")), "grow 16"),
                scenario("kernel-memory-limit", Outcome.MEMORY_LIMIT_EXCEEDED, record -> assertEquals(
                        "kernel_memory_limit", record.metadata().get("classification_rule")), "oom-kernel"));
    }

    static Stream<Arguments> scenariosThroughLeanAndLake() {
        return scenarios().flatMap(s -> Stream.of(Arguments.of(s, "lean"), Arguments.of(s, "lake")));
    }

    @ParameterizedTest(name = "{0} through {1}")
    @MethodSource("scenariosThroughLeanAndLake")
    void scenarioEndsWithTheRightOutcomeAndNothingLeft(Scenario scenario, String via) {
        String module = "Fault." + scenario.name().replace('-', '_') + "_" + via;
        FakeLean.writeModule(project, module, scenario.directives().toArray(String[]::new));
        Tier tier = new Tier("FAULT", scenario.budget(), Map.of(Tier.LIMIT_MAX_HEARTBEATS, "4321",
                Tier.LIMIT_MEMORY_MB, "64"));
        VerificationRequest request = new VerificationRequest(scenario.name() + "-" + via, module, tier, 1, "fault");
        long started = System.nanoTime();
        VerificationTelemetry record = (via.equals("lean") ? lean : lake).verify(request);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(scenario.expected(), record.outcome(), () -> scenario + " through " + via + ": rule "
                + record.metadata().get("classification_rule") + ", " + record.stderr());
        scenario.check().accept(record);
        if (scenario.budget().equals(BUDGET)) {
            assertTrue(elapsed.compareTo(BUDGET.plus(SLACK)) <= 0, () -> "took " + elapsed.toMillis() + " ms");
            assertTrue(record.durationMs() <= BUDGET.plus(SLACK).toMillis(), () -> "recorded " + record.durationMs());
        }
        assertNotNull(record.cpuTimeMs());
        assertNotNull(record.memoryPeakMb());
        assertEquals(List.of(), Survivors.find(project, module.replace('.', '/'), 1000),
                "processes left alive by " + scenario + " through " + via);
    }

    @ParameterizedTest(name = "import failure through {0}")
    @MethodSource("vias")
    void unbuiltImportIsAHarnessErrorThatSaysToBuild(String via) {
        String module = "Fault.Import_" + via;
        FakeLean.writeSource(project, module, "import Mathlib.Data.Nat.Basic\n\ntheorem t : True := by trivial\n");
        VerificationRequest request = new VerificationRequest("import-" + via, module,
                new Tier("FAULT", LONG_BUDGET), 1, "fault");
        VerifierHarnessException thrown = assertThrows(VerifierHarnessException.class,
                () -> (via.equals("lean") ? lean : lake).verify(request));
        assertTrue(thrown.getMessage().contains("lake build"), thrown.getMessage());
        assertTrue(thrown.getMessage().startsWith("module " + module + ": "), "names the module: " + thrown.getMessage());
        assertFalse(thrown.isRetryable(), "an unbuilt import fails every run alike");
        assertTrue(thrown.getMessage().contains(via.equals("lean") ? "unknown module prefix 'Mathlib'"
                : "of module Mathlib.Data.Nat.Basic does not exist") || thrown.getMessage().contains("Mathlib"),
                thrown.getMessage());
    }

    @ParameterizedTest(name = "through {0}")
    @MethodSource("vias")
    void aVerifierThatKillsItsLauncherIsARetryableHarnessErrorAndLeavesNothing(String via) {
        String module = "Fault.KillLauncher_" + via;
        FakeLean.writeModule(project, module, "tree 2", "stray 1", "kill-launcher", "hang");
        VerificationRequest request = new VerificationRequest("kill-launcher-" + via, module,
                new Tier("FAULT", LONG_BUDGET), 1, "fault");
        VerifierHarnessException thrown = assertThrows(VerifierHarnessException.class,
                () -> (via.equals("lean") ? lean : lake).verify(request));
        assertEquals(VerifierHarnessException.Kind.TRANSIENT, thrown.kind());
        assertTrue(thrown.getMessage().contains("was killed by signal 9"), thrown.getMessage());
        assertEquals(List.of(), Survivors.find(project, module.replace('.', '/'), 1000),
                "processes left alive by a verifier that killed its launcher, through " + via);
    }

    /** The executable was checked when the backend started, but is gone (lean) or not executable (lake) later. */
    @ParameterizedTest(name = "through {0}")
    @MethodSource("vias")
    void aVerifierThatCannotBeExecutedAnyMoreIsAnEnvironmentError(String via) throws Exception {
        FakeLean own = FakeLean.install(temp.resolve("vanishing-" + via));
        LeanBackendProvider provider = new LeanBackendProvider();
        try (VerifierBackend backend = provider.create(BackendConfig.builder().set("project", project.toString())
                .set(via, (via.equals("lean") ? own.lean() : own.lake()).toString()).build())) {
            if (via.equals("lean")) {
                java.nio.file.Files.delete(own.lean());
            } else {
                java.nio.file.Files.setPosixFilePermissions(own.lake(),
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            FakeLean.writeModule(project, "Fault.Vanished", "ok");
            VerifierHarnessException thrown = assertThrows(VerifierHarnessException.class, () -> backend.verify(
                    new VerificationRequest("vanished-" + via, "Fault.Vanished", new Tier("FAULT", LONG_BUDGET), 1,
                            "fault")));
            assertEquals(VerifierHarnessException.Kind.ENVIRONMENT, thrown.kind());
            assertTrue(thrown.getMessage().contains(via.equals("lean") ? "No such file or directory"
                    : "Permission denied"), thrown.getMessage());
        }
    }

    static Stream<String> vias() {
        return Stream.of("lean", "lake");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> messages(VerificationTelemetry record) {
        return (Map<String, Object>) record.metadata().get("messages");
    }
}
