package io.github.noisecal.telemetry.lean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import io.github.noisecal.telemetry.VerifierHarnessException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The classifier on the 36 recorded real outputs, and on the texts of every rule. */
class LeanOutcomeClassifierTest {
    private static final String IMPORT_ERROR = "import_error";
    private static ProcessSupervisor supervisor;
    @TempDir
    static Path temp;
    private static FakeLean fake;
    private static Path project;

    /** Only the replays need the launcher and the fake lean; the other tests run on any build. */
    @BeforeAll
    static void start() throws Exception {
        if (NativeBuild.missing().isEmpty()) {
            supervisor = ProcessSupervisor.create();
            fake = FakeLean.install(temp.resolve("fake"));
            project = FakeLean.project(temp.resolve("project"));
        }
    }

    @AfterAll
    static void stop() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    static Stream<RealLeanOutputs> leanCases() {
        return RealLeanOutputs.all().stream().filter(c -> !c.isRepl());
    }

    static Stream<RealLeanOutputs> replCases() {
        return RealLeanOutputs.all().stream().filter(RealLeanOutputs::isRepl);
    }

    static Stream<Arguments> leanCasesThroughLeanAndLake() {
        return leanCases().flatMap(c -> Stream.of(Arguments.of(c, "lean"), Arguments.of(c, "lake env lean")));
    }

    @Test
    void theCorpusHasAllThirtySixCases() {
        List<RealLeanOutputs> all = RealLeanOutputs.all();
        assertEquals(36, all.size());
        assertEquals(6, all.stream().filter(RealLeanOutputs::isRepl).count());
    }

    /** Each case replayed by the fake lean (its streams, then its exit status or SIGABRT) under the supervisor. */
    @ParameterizedTest(name = "{0} through {1}")
    @MethodSource("leanCasesThroughLeanAndLake")
    void replayedRealOutputIsClassifiedAsRecorded(RealLeanOutputs recorded, String via) throws IOException {
        NativeBuild.assumeAvailable();
        boolean throughLake = via.startsWith("lake");
        String module = "Replay." + (throughLake ? "Lake" : "Lean") + ".C" + recorded.name().substring(0, 2);
        FakeLean.writeModule(project, module, recorded.replayDirectives().toArray(String[]::new));
        LeanOutputScanner scanner = new LeanOutputScanner();
        List<String> command = new ArrayList<>();
        if (throughLake) {
            command.addAll(List.of(fake.lake().toString(), "env", "lean"));
        } else {
            command.add(fake.lean().toString());
        }
        command.add(module.replace('.', '/') + ".lean");
        ProcessRunResult run = supervisor.run(ProcessSpec.builder(command, project, Duration.ofSeconds(10))
                .stdoutListener(scanner.stdoutListener()).stderrListener(scanner.stderrListener()).build());
        assertExpected(recorded, () -> LeanOutcomeClassifier.classify(scanner.result(), ProcessEnd.of(run),
                throughLake));
    }

    /** The same cases straight from the recorded text, with the recorded exit status. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("leanCases")
    void recordedTextIsClassifiedAsRecorded(RealLeanOutputs recorded) {
        ProcessEnd end = recorded.exitCode() == 134 ? ProcessEnd.signalled(6) : ProcessEnd.exited(recorded.exitCode());
        LeanOutput output = LeanOutputScanner.scan(recorded.stdoutText(), recorded.stderrText());
        assertExpected(recorded, () -> LeanOutcomeClassifier.classify(output, end, false));
    }

    /** REPL responses: their message objects are parsed and classified with the exit status lean would give. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("replCases")
    void replResponsesAreParsedAndClassified(RealLeanOutputs recorded) {
        List<LeanMessage> messages = LeanOutputScanner.parseReplResponses(recorded.stdoutText());
        LeanOutput output = LeanOutputScanner.ofMessages(messages);
        assertEquals(recorded.exitCode() == 1, output.errors() > 0, "lean exits 1 iff there is an error message");
        assertExpected(recorded, () -> LeanOutcomeClassifier.classify(output,
                ProcessEnd.exited(recorded.exitCode()), false));
    }

    @Test
    void replMessagesKeepSeverityPositionAndText() {
        String response = """
                {"messages":
                 [{"severity": "error",
                   "pos": {"line": 3, "column": 19},
                   "endPos": {"line": 3, "column": 20},
                   "data": "unsolved goals\\ncase pos\\n⊢ Nat"},
                  {"severity": "info", "pos": {"line": 1, "column": 0}, "data": "rfl : f = f"}],
                 "env": 1}
                {"env": 2}""";
        List<LeanMessage> messages = LeanOutputScanner.parseReplResponses(response);
        assertEquals(List.of(new LeanMessage(LeanSeverity.ERROR, 3, 19, "", "unsolved goals\ncase pos\n⊢ Nat"),
                new LeanMessage(LeanSeverity.INFORMATION, 1, 0, "", "rfl : f = f")), messages);
    }

    @Test
    void replOutputThatIsNotJsonIsRejectedWithTheReason() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> LeanOutputScanner.parseReplResponses("{\"env\": 0}\nnot json"));
        assertTrue(thrown.getMessage().startsWith("REPL output is not a sequence of JSON responses"),
                thrown.getMessage());
    }

    private static void assertExpected(RealLeanOutputs recorded, java.util.function.Supplier<LeanVerdict> classify) {
        if (recorded.expectedOutcome().equals(IMPORT_ERROR)) {
            VerifierHarnessException thrown = assertThrows(VerifierHarnessException.class, classify::get,
                    recorded + " must be reported as a harness error");
            assertTrue(thrown.getMessage().contains("lake build"), thrown.getMessage());
            // Retrying an unbuilt import only wastes verifier time: the runner must stop, not retry.
            assertFalse(thrown.isRetryable(), recorded + " must be an environment failure");
            return;
        }
        LeanVerdict verdict = classify.get();
        assertEquals(Outcome.parseCode(recorded.expectedOutcome()), verdict.outcome(),
                () -> recorded + " was classified by rule " + verdict.rule() + ": " + verdict.diagnostic());
    }

    // ---- rules, on constructed texts in both formats

    private static LeanVerdict classifyText(String stdout, String stderr, ProcessEnd end) {
        return LeanOutcomeClassifier.classify(LeanOutputScanner.scan(stdout, stderr), end, false);
    }

    @Test
    void deadlineKillIsATimeoutWhateverWasPrinted() {
        LeanVerdict verdict = classifyText("F.lean:1:0: error: unknown identifier 'x'\n", "",
                ProcessEnd.killedBySupervisor(Termination.DEADLINE_KILLED));
        assertEquals(Outcome.VERIFIER_TIMEOUT, verdict.outcome());
        assertEquals("wall_clock", verdict.timeoutKind().orElseThrow());
    }

    @Test
    void memoryLimitKillIsMemoryLimitExceeded() {
        assertEquals(Outcome.MEMORY_LIMIT_EXCEEDED, classifyText("", "",
                ProcessEnd.killedBySupervisor(Termination.MEMORY_LIMIT_KILLED)).outcome());
    }

    @Test
    void cancellationIsAHarnessErrorNotAnOutcome() {
        assertThrows(VerifierHarnessException.class, () -> classifyText("", "",
                ProcessEnd.killedBySupervisor(Termination.CANCELLED)));
    }

    @Test
    void sigkillTheSupervisorDidNotSendMeansTheKernelKilledForMemory() {
        assertEquals(Outcome.MEMORY_LIMIT_EXCEEDED, classifyText("", "", ProcessEnd.signalled(9)).outcome());
    }

    @Test
    void lakeReportsASignalledLeanAsExitCode128PlusTheSignal() {
        LeanOutput output = LeanOutputScanner.scan("", "\nStack overflow detected. Aborting.\n");
        LeanVerdict viaLake = LeanOutcomeClassifier.classify(output, ProcessEnd.exited(134), true);
        assertEquals(Outcome.VERIFIER_INTERNAL_ERROR, viaLake.outcome());
        assertEquals(6, viaLake.signal().getAsInt());
        assertEquals(Outcome.MEMORY_LIMIT_EXCEEDED,
                LeanOutcomeClassifier.classify(LeanOutputScanner.scan("", ""), ProcessEnd.exited(137), true).outcome());
        assertEquals(Outcome.VERIFIER_INTERNAL_ERROR,
                LeanOutcomeClassifier.classify(LeanOutputScanner.scan("", ""), ProcessEnd.exited(139), true).outcome());
    }

    @Test
    void plainLeanExitCodesAbove128AreNotSignals() {
        LeanVerdict verdict = classifyText("", "", ProcessEnd.exited(137));
        assertEquals(Outcome.VERIFIER_INTERNAL_ERROR, verdict.outcome());
        assertEquals("failed_without_error_message", verdict.rule());
    }

    @Test
    void everyHeartbeatGenerationIsABudget() {
        String oldest = "F.lean:3:2: error: (deterministic) timeout at 'whnf', maximum number of heartbeats (200000) "
                + "has been reached (use 'set_option maxHeartbeats <num>' to set the limit)\n";
        String middle = "F.lean:3:2: error: (deterministic) timeout at `whnf`, maximum number of heartbeats (200000) "
                + "has been reached\nuse `set_option maxHeartbeats <num>` to set the limit\n"
                + "use `set_option diagnostics true` to get diagnostic information\n";
        String current = "{\"caption\":\"\",\"data\":\"(deterministic) timeout at `elaborator`, maximum number of "
                + "heartbeats (5) has been reached\\nUse `set_option maxHeartbeats <num>` to set the limit.\","
                + "\"endPos\":null,\"fileName\":\"F.lean\",\"isSilent\":false,\"keepFullRange\":false,"
                + "\"kind\":\"runtime.maxHeartbeats\",\"pos\":{\"column\":2,\"line\":3},\"severity\":\"error\"}\n";
        for (String text : List.of(oldest, middle, current)) {
            LeanVerdict verdict = classifyText(text, "", ProcessEnd.exited(1));
            assertEquals(Outcome.BUDGET_EXHAUSTED, verdict.outcome(), text);
            assertEquals("heartbeats", verdict.timeoutKind().orElseThrow());
        }
    }

    @Test
    void kernelTimeoutAndRecursionDepthAreBudgets() {
        assertEquals("kernel_deterministic_timeout", classifyText("F.lean:1:0: error: (kernel) deterministic timeout\n",
                "", ProcessEnd.exited(1)).timeoutKind().orElseThrow());
        assertEquals("max_recursion_depth", classifyText("F.lean:1:0: error: maximum recursion depth has been "
                + "reached\nuse `set_option maxRecDepth <num>` to increase limit\n", "", ProcessEnd.exited(1))
                .timeoutKind().orElseThrow());
        assertEquals(Outcome.BUDGET_EXHAUSTED, classifyText("F.lean:1:0: error: (kernel) deep recursion detected\n",
                "", ProcessEnd.exited(1)).outcome());
    }

    @Test
    void aBudgetErrorOutranksTheElaborationErrorsItCauses() {
        String text = "F.lean:3:2: error: (kernel) deterministic timeout\nF.lean:9:2: error: unknown identifier 'thm'\n";
        assertEquals(Outcome.BUDGET_EXHAUSTED, classifyText(text, "", ProcessEnd.exited(1)).outcome());
    }

    @Test
    void memoryTextsAreMemoryLimitExceeded() {
        assertEquals(Outcome.MEMORY_LIMIT_EXCEEDED,
                classifyText("", "INTERNAL PANIC: out of memory\n", ProcessEnd.exited(1)).outcome());
        assertEquals(Outcome.MEMORY_LIMIT_EXCEEDED, classifyText("", "out of memory\n", ProcessEnd.exited(1)).outcome());
        assertEquals(Outcome.MEMORY_LIMIT_EXCEEDED, classifyText(
                "F.lean:4:0: error: (kernel) excessive memory consumption detected\n", "", ProcessEnd.exited(1))
                .outcome());
    }

    @Test
    void panicAndStackOverflowAreInternalErrors() {
        LeanVerdict panic = classifyText("", "PANIC at Foo.bar Demo:12:4: index out of bounds\nbacktrace:\n",
                ProcessEnd.exited(0));
        assertEquals(Outcome.VERIFIER_INTERNAL_ERROR, panic.outcome());
        assertEquals("PANIC at Foo.bar Demo:12:4: index out of bounds", panic.diagnostic());
        assertEquals(Outcome.VERIFIER_INTERNAL_ERROR,
                classifyText("", "\nStack overflow detected. Aborting.\n", ProcessEnd.signalled(6)).outcome());
        assertEquals(Outcome.VERIFIER_INTERNAL_ERROR, classifyText("", "", ProcessEnd.signalled(11)).outcome());
    }

    @Test
    void namedErrorsAreErrors() {
        LeanVerdict verdict = classifyText("F.lean:4:5-4:6: error(lean.unknownIdentifier): Unknown identifier `x`\n",
                "", ProcessEnd.exited(1));
        assertEquals(Outcome.PROOF_INVALID, verdict.outcome());
        assertEquals("4:5: Unknown identifier `x`", verdict.diagnostic());
    }

    @Test
    void jsonInEitherKeyOrderWithOrWithoutKindIsUnderstood() {
        String descending = "{\"severity\":\"warning\",\"pos\":{\"line\":3,\"column\":8},\"keepFullRange\":false,"
                + "\"fileName\":\"Demo.lean\",\"endPos\":{\"line\":3,\"column\":13},\"data\":\"declaration uses 'sorry'\","
                + "\"caption\":\"\"}\n";
        String ascendingWithUnknownField = "{\"caption\":\"\",\"data\":\"declaration uses `sorry`\",\"endPos\":null,"
                + "\"fileName\":\"Demo.lean\",\"future\":[1,2],\"isSilent\":false,\"keepFullRange\":false,"
                + "\"kind\":\"hasSorry\",\"pos\":{\"column\":8,\"line\":3},\"severity\":\"warning\"}\n";
        for (String text : List.of(descending, ascendingWithUnknownField)) {
            LeanOutput output = LeanOutputScanner.scan(text, "");
            assertEquals(1, output.sorryWarnings(), text);
            assertTrue(output.jsonMessages());
            assertEquals(Outcome.PROOF_INCOMPLETE,
                    LeanOutcomeClassifier.classify(output, ProcessEnd.exited(0), false).outcome());
        }
    }

    @Test
    void sorryAsErrorUnderWarningAsErrorIsIncomplete() {
        assertEquals(Outcome.PROOF_INCOMPLETE, classifyText("F.lean:1:8: error: declaration uses 'sorry'\n", "",
                ProcessEnd.exited(1)).outcome());
    }

    @Test
    void failingExitWithoutAnyErrorMessageIsAnInternalError() {
        LeanVerdict verdict = classifyText("", "uncaught exception: something broke\n", ProcessEnd.exited(1));
        assertEquals(Outcome.VERIFIER_INTERNAL_ERROR, verdict.outcome());
        assertTrue(verdict.diagnostic().contains("uncaught exception: something broke"), verdict.diagnostic());
    }

    @Test
    void rejectedOptionIsAConfigurationError() {
        VerifierConfigurationException thrown = assertThrows(VerifierConfigurationException.class, () -> classifyText(
                "", "invalid -D parameter, unknown configuration option 'foo.bar'\n", ProcessEnd.exited(1)));
        assertTrue(thrown.getMessage().contains("unknown configuration option 'foo.bar'"), thrown.getMessage());
    }

    @Test
    void driverFailuresAreHarnessErrors() {
        for (String stderr : List.of("file 'A/B.lean' not found\n",
                "lean: unrecognized option '--json'\nUnknown command line option\nLean (version 4.0.0)\n",
                "could not execute external process 'lean'\n",
                "error: no configuration file with a supported extension:\n./lakefile.lean\n")) {
            VerifierHarnessException thrown = assertThrows(VerifierHarnessException.class,
                    () -> classifyText("", stderr, ProcessEnd.exited(1)), stderr);
            assertTrue(thrown.getMessage().contains("did not check the module"), thrown.getMessage());
        }
    }

    @Test
    void veryLongLinesAndAbsurdPositionsAreReadWithoutFailing() {
        String hugeJson = "{\"severity\":\"error\",\"data\":\"type mismatch " + "x".repeat(400_000)
                + "\",\"kind\":\"lean.typeMismatch\",\"pos\":{\"line\":1,\"column\":0}}\n";
        LeanOutput json = LeanOutputScanner.scan(hugeJson, "");
        assertEquals(1, json.errors());
        assertEquals("lean.typeMismatch", json.firstError().orElseThrow().kind());
        assertTrue(json.firstError().orElseThrow().data().startsWith("type mismatch xxx"));
        String ascendingHuge = "{\"caption\":\"\",\"data\":\"" + "y".repeat(400_000) + "\",\"fileName\":\"F.lean\","
                + "\"kind\":\"hasSorry\",\"pos\":{\"column\":0,\"line\":1},\"severity\":\"warning\"}\n";
        assertEquals(1, LeanOutputScanner.scan(ascendingHuge, "").sorryWarnings(), "severity found after the data");
        LeanOutput text = LeanOutputScanner.scan("F.lean:99999999999999:3: error: unknown identifier 'x'\n", "");
        assertEquals(1, text.errors());
    }

    @Test
    void anErrorLikeLineOnStderrDoesNotHideRealMessages() {
        LeanVerdict verdict = classifyText("F.lean:2:0: error: unsolved goals\n⊢ False\n", "error: printed by #eval\n",
                ProcessEnd.exited(1));
        assertEquals(Outcome.PROOF_INVALID, verdict.outcome());
    }
}
