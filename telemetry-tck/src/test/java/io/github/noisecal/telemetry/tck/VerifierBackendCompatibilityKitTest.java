package io.github.noisecal.telemetry.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerifierBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs the kit against {@link KitBackends}: the correct backend must pass every test, and each broken one must fail
 * exactly the tests for the rule it breaks, with a message that says what went wrong. The static nested kits are
 * fixtures run through the launcher, not tests of their own (surefire skips nested classes).
 */
class VerifierBackendCompatibilityKitTest {

    private static final Set<String> ALL_TESTS = Set.of(
            "nameIsNotBlank",
            "verifierVersionIsNotBlank",
            "preflightAcceptsKitModules",
            "returnsRecordForEveryRequest",
            "copiesVerificationId",
            "copiesModuleName",
            "copiesContext",
            "copiesTierName",
            "copiesTierBudget",
            "copiesPlanCoordinates",
            "recordsVerifierVersion",
            "timeoutLastsItsBudget",
            "nothingOutlastsItsBudget",
            "batchIdsAreDistinct",
            "concurrentCallersGetTheirOwnRecords",
            "closeIsIdempotent",
            "verifyAfterCloseFails",
            "verifyNullIsRejected");

    /** The tests that call verify with a request. */
    private static final Set<String> VERIFYING_TESTS = Set.of(
            "returnsRecordForEveryRequest",
            "copiesVerificationId",
            "copiesModuleName",
            "copiesContext",
            "copiesTierName",
            "copiesTierBudget",
            "copiesPlanCoordinates",
            "recordsVerifierVersion",
            "timeoutLastsItsBudget",
            "nothingOutlastsItsBudget",
            "batchIdsAreDistinct",
            "concurrentCallersGetTheirOwnRecords");

    @Test
    @DisplayName("a backend that keeps the contract passes every test")
    void correctBackendPasses() {
        KitRun run = KitRun.of(CorrectKit.class);
        assertEquals(ALL_TESTS, run.statuses().keySet());
        assertEquals(Map.of(), run.failures());
        assertEquals(Map.of(), run.aborted());
        assertEquals(Map.of(), run.skipped());
    }

    @Test
    @DisplayName("every test is reported under the implementer's class, so two backends' reports never collide")
    void testsAreReportedUnderTheConcreteClass() {
        assertEquals(Set.of(CorrectKit.class.getName()), KitRun.of(CorrectKit.class).reportedClasses());
        assertEquals(Set.of(BlankNameKit.class.getName()), KitRun.of(BlankNameKit.class).reportedClasses());
    }

    @Test
    @DisplayName("the hooks change the tier, modules and slack the kit uses")
    void hooksAreHonoured() {
        KitRun run = KitRun.of(CustomisedKit.class);
        assertEquals(ALL_TESTS, run.statuses().keySet());
        assertEquals(Map.of(), run.failures());
        assertEquals(List.of("Noisecal.Custom"), CustomisedKit.preflighted);
    }

    @Test
    @DisplayName("a blank name fails the name test")
    void blankName() {
        assertFailsOnly(BlankNameKit.class, Map.of("nameIsNotBlank",
                "AssertionFailedError: name() must not be blank, got ' '"));
    }

    @Test
    @DisplayName("a preflight that rejects the kit's modules fails the preflight test and says which hook to override")
    void preflightRejects() {
        assertFailsOnly(RejectsEveryModuleKit.class, Map.of("preflightAcceptsKitModules",
                "preflight must accept moduleNames(); override moduleNames() with modules this backend can verify"
                        + " ==> Unexpected exception thrown: io.github.noisecal.telemetry.VerifierConfigurationException:"
                        + " cannot verify [Noisecal.Tck.Alpha, Noisecal.Tck.Beta]"));
    }

    @Test
    @DisplayName("a lost record fails every test that verifies")
    void lostRecords() {
        KitRun run = KitRun.of(LosesRecordsKit.class);
        assertEquals(VERIFYING_TESTS, run.failures().keySet());
        run.failures().forEach((test, message) -> assertTrue(message.contains("verify returned no record for"),
                () -> test + ": " + message));
    }

    @Test
    @DisplayName("an id the backend made up fails the id test and the concurrency test")
    void idNotCopied() {
        assertFailsOnly(IdNotCopiedKit.class, Map.of(
                "copiesVerificationId",
                "verification_id must be copied from request tck-verification_id-0"
                        + " ==> expected: <tck-verification_id-0> but was: <own-",
                "concurrentCallersGetTheirOwnRecords",
                "concurrent request tck-concurrent-0 must get its own record ==> expected: <tck-concurrent-0>"));
    }

    @Test
    @DisplayName("plan coordinates not copied fail the plan test only")
    void planNotCopied() {
        assertFailsOnly(PlanNotCopiedKit.class, Map.of("copiesPlanCoordinates",
                "plan_id, sample_index and repeat of request tck-planned-0 must be copied"));
    }

    @Test
    @DisplayName("a budget not copied fails the timeout_s test")
    void budgetNotCopied() {
        assertFailsOnly(BudgetNotCopiedKit.class, Map.of("copiesTierBudget",
                "timeout_s must be copied from request tck-timeout_s-0 ==> expected: <5.0> but was: <60.0>"));
    }

    @Test
    @DisplayName("a version other than verifierVersion() fails the lean_version test")
    void wrongVersion() {
        assertFailsOnly(WrongVersionKit.class, Map.of("recordsVerifierVersion",
                "lean_version must equal verifierVersion() in the record of tck-version-0"
                        + " ==> expected: <correct 1.0> but was: <unknown>"));
    }

    @Test
    @DisplayName("a timeout that lasts a millisecond fails the timeout duration test")
    void timeoutTooShort() {
        assertFailsOnly(TimeoutTooShortKit.class, Map.of("timeoutLastsItsBudget",
                "verifier_timeout of tck-timeout-3 lasted 1.0 ms, less than its budget 5000 ms minus the slack 500 ms"));
    }

    @Test
    @DisplayName("a verification lasting twice its budget fails the upper duration bound")
    void outlastsBudget() {
        assertFailsOnly(OutlastsBudgetKit.class, Map.of("nothingOutlastsItsBudget",
                "verified of tck-duration-0 lasted 10000.0 ms, more than its budget 5000 ms plus the slack 500 ms"));
    }

    @Test
    @DisplayName("without any timeout the timeout duration test is aborted, not passed")
    void neverTimesOut() {
        KitRun run = KitRun.of(NeverTimesOutKit.class);
        assertEquals(Map.of(), run.failures());
        assertEquals(Map.of("timeoutLastsItsBudget", "org.opentest4j.TestAbortedException: Assumption failed:"
                + " no request of 32 timed out, so the timeout duration could not be checked"), run.aborted());
    }

    @Test
    @DisplayName("shared mutable state fails the concurrency test only")
    void notThreadSafe() {
        assertFailsOnly(NotThreadSafeKit.class, Map.of("concurrentCallersGetTheirOwnRecords",
                "must get its own record"));
    }

    @Test
    @DisplayName("a second close that throws fails the idempotence test only")
    void closeNotIdempotent() {
        assertFailsOnly(CloseNotIdempotentKit.class, Map.of("closeIsIdempotent",
                "a second close() must do nothing ==> Unexpected exception thrown:"
                        + " java.lang.IllegalStateException: already closed"));
    }

    @Test
    @DisplayName("a backend that still verifies after close fails the closed test")
    void verifiesAfterClose() {
        assertFailsOnly(VerifiesAfterCloseKit.class, Map.of("verifyAfterCloseFails",
                "verify after close() must throw IllegalStateException"
                        + " ==> Expected java.lang.IllegalStateException to be thrown, but nothing was thrown."));
    }

    /** Exactly the tests in {@code expected} fail, each with a message containing the given text. */
    private static void assertFailsOnly(Class<? extends VerifierBackendCompatibilityKit> kit,
            Map<String, String> expected) {
        KitRun.assertFailsOnly(kit, ALL_TESTS, expected);
    }

    /** A kit over a supplied backend, so each fixture is one line. */
    abstract static class KitOver extends VerifierBackendCompatibilityKit {
        private final Supplier<VerifierBackend> backends;

        KitOver(Supplier<VerifierBackend> backends) {
            this.backends = backends;
        }

        @Override
        protected VerifierBackend createBackend() {
            return backends.get();
        }
    }

    static class CorrectKit extends KitOver {
        CorrectKit() { super(KitBackends.Correct::new); }
    }

    /** Overrides every hook; a correct backend still passes, and preflight sees the overridden modules. */
    static class CustomisedKit extends KitOver {
        static volatile List<String> preflighted;

        CustomisedKit() {
            super(() -> new KitBackends.Correct() {
                @Override
                public void preflight(java.util.Collection<String> moduleNames) {
                    preflighted = List.copyOf(moduleNames);
                }
            });
        }

        @Override
        protected List<String> moduleNames() { return List.of("Noisecal.Custom"); }

        @Override
        protected Tier tier() { return new Tier("CUSTOM", Duration.ofMillis(200)); }

        @Override
        protected Duration durationSlack() { return Duration.ZERO; }

        @Override
        protected int batchSize() { return 5; }

        @Override
        protected int concurrentCallers() { return 2; }

        @Override
        protected int requestsPerCaller() { return 3; }
    }

    static class BlankNameKit extends KitOver {
        BlankNameKit() { super(KitBackends.BlankName::new); }
    }

    static class RejectsEveryModuleKit extends KitOver {
        RejectsEveryModuleKit() { super(KitBackends.RejectsEveryModule::new); }
    }

    static class LosesRecordsKit extends KitOver {
        LosesRecordsKit() { super(KitBackends.LosesRecords::new); }
    }

    static class IdNotCopiedKit extends KitOver {
        IdNotCopiedKit() { super(KitBackends.IdNotCopied::new); }
    }

    static class PlanNotCopiedKit extends KitOver {
        PlanNotCopiedKit() { super(KitBackends.PlanNotCopied::new); }
    }

    static class BudgetNotCopiedKit extends KitOver {
        BudgetNotCopiedKit() { super(KitBackends.BudgetNotCopied::new); }
    }

    static class WrongVersionKit extends KitOver {
        WrongVersionKit() { super(KitBackends.WrongVersion::new); }
    }

    static class TimeoutTooShortKit extends KitOver {
        TimeoutTooShortKit() { super(KitBackends.TimeoutTooShort::new); }
    }

    static class OutlastsBudgetKit extends KitOver {
        OutlastsBudgetKit() { super(KitBackends.OutlastsBudget::new); }
    }

    static class NeverTimesOutKit extends KitOver {
        NeverTimesOutKit() { super(KitBackends.NeverTimesOut::new); }
    }

    static class NotThreadSafeKit extends KitOver {
        NotThreadSafeKit() { super(KitBackends.NotThreadSafe::new); }
    }

    static class CloseNotIdempotentKit extends KitOver {
        CloseNotIdempotentKit() { super(KitBackends.CloseNotIdempotent::new); }
    }

    static class VerifiesAfterCloseKit extends KitOver {
        VerifiesAfterCloseKit() { super(KitBackends.VerifiesAfterClose::new); }
    }
}
