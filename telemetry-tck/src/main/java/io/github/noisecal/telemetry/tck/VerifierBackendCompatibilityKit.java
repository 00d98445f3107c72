package io.github.noisecal.telemetry.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit every {@link VerifierBackend} passes: a JUnit 5 test base that checks the SPI contract.
 *
 * <h2>Using it</h2>
 * Add {@code telemetry-tck} as a test dependency and extend the kit with one method:
 * <pre>{@code
 * class MyBackendCompatibilityTest extends VerifierBackendCompatibilityKit {
 *     @Override
 *     protected VerifierBackend createBackend() {
 *         return new MyBackend(MyBackendConfig.forTests());
 *     }
 * }
 * }</pre>
 * The kit calls {@link #createBackend()} before every test and closes the backend after it, so each test gets a
 * fresh backend. Every test is a method of this class, so test reports list them under the subclass's name (two
 * backends' reports never overwrite each other); their display names read as the rules they check, and a failure
 * message names the rule and the request that broke it. Subclasses may add their own tests and reach the backend
 * under test through {@link #backend()}. JUnit 5 runs under Maven only with a surefire of 3.0 or later: Maven 3.8's
 * default (2.12.4) finds no test at all, so pin surefire's version (see the project README). The provider is
 * checked by {@link VerifierBackendProviderCompatibilityKit}.
 *
 * <h2>Hooks</h2>
 * <ul>
 *   <li>{@link #moduleNames()}: the modules requests name; a backend that really runs a verifier overrides it with
 *       modules it can check (they must pass {@link VerifierBackend#preflight}).</li>
 *   <li>{@link #tier()}: the tier of every request.</li>
 *   <li>{@link #durationSlack()}: how far a duration may stray from the budget: a {@code verifier_timeout} must
 *       last at least {@code budget - slack}, and no record may last longer than {@code budget + slack}. A
 *       backend that kills a process on timeout sets it to cover the kill latency.</li>
 *   <li>{@link #batchSize()}, {@link #concurrentCallers()}, {@link #requestsPerCaller()}: how many verifications
 *       the kit asks for; a slow backend lowers them.</li>
 * </ul>
 *
 * <h2>What it checks</h2>
 * <ul>
 *   <li>Every request yields one record that copies the request's verification id, module, context, tier name
 *       and budget ({@code timeout_s}), and whose {@code lean_version} is {@link VerifierBackend#verifierVersion()}.
 *   </li>
 *   <li>Durations respect the budget as above. The kit does not repeat what {@link VerificationTelemetry}'s
 *       constructor already guarantees ({@code success == outcome.isSuccess()}, non-negative measurements).</li>
 *   <li>Records of a batch have distinct ids, and concurrent callers each get the record of their own request.</li>
 *   <li>Closing twice is harmless; {@code verify} after {@code close} throws {@link IllegalStateException} with a
 *       message; {@code verify(null)} throws {@link NullPointerException} or {@link IllegalArgumentException};
 *       {@link VerifierBackend#name()} and {@link VerifierBackend#verifierVersion()} are not blank.</li>
 * </ul>
 * The timeout-duration rule can only be checked when some request times out; when none of a batch does, that test
 * is reported as aborted (skipped), not passed.
 *
 * <p>Requests use fixed seeds, so a deterministic backend behaves the same in every run of the kit.
 */
public abstract class VerifierBackendCompatibilityKit {

    /** Spreads the kit's seeds over the whole {@code long} range, as a calibration planner's seeds would be. */
    private static final long SEED_STRIDE = 0x9E3779B97F4A7C15L;
    private static final long SEED_ORIGIN = 0x7C15_0000_0000_0001L;

    private VerifierBackend backend;
    private boolean closedByTest;

    /** A request and what verify returned for it, possibly null. */
    private record Verified(VerificationRequest request, VerificationTelemetry record) {
    }

    /**
     * Builds the backend under test; called before every test, never from a constructor or field initializer,
     * so the hook may use fields the subclass initializes (those are still unset while a superclass constructs).
     */
    protected abstract VerifierBackend createBackend();

    /** The modules the kit's requests name, used round-robin; never empty. */
    protected List<String> moduleNames() {
        return List.of("Noisecal.Tck.Alpha", "Noisecal.Tck.Beta");
    }

    /** The tier of every request. */
    protected Tier tier() {
        return new Tier("TCK", Duration.ofSeconds(5));
    }

    /** How far a record's duration may stray below (for a timeout) or above the tier's budget. */
    protected Duration durationSlack() {
        return Duration.ofMillis(500);
    }

    /** Requests per single-threaded test. */
    protected int batchSize() {
        return 32;
    }

    /** Threads that call {@code verify} at the same time in the concurrency test. */
    protected int concurrentCallers() {
        return 4;
    }

    /** Requests each concurrent caller makes. */
    protected int requestsPerCaller() {
        return 16;
    }

    /** The backend under the current test. */
    protected final VerifierBackend backend() {
        return backend;
    }

    @BeforeEach
    final void createBackendUnderTest() {
        if (moduleNames().isEmpty()) {
            throw new IllegalStateException("moduleNames() must name at least one module");
        }
        backend = createBackend();
        if (backend == null) {
            throw new IllegalStateException("createBackend() returned null");
        }
        closedByTest = false;
    }

    @AfterEach
    final void closeBackendUnderTest() {
        // A test that closed the backend itself has judged close(); closing again would blame the wrong test.
        if (backend != null && !closedByTest) {
            backend.close();
        }
    }

    /** Request {@code index} of the batch {@code label}: ids, contexts and seeds differ between requests. */
    private VerificationRequest request(String label, int index) {
        List<String> modules = moduleNames();
        return new VerificationRequest("tck-" + label + "-" + index, modules.get(index % modules.size()), tier(),
                SEED_ORIGIN + SEED_STRIDE * index, "tck_" + label + "_" + index);
    }

    private List<VerificationRequest> batch(String label) {
        List<VerificationRequest> requests = new ArrayList<>();
        for (int i = 0; i < batchSize(); i++) {
            requests.add(request(label, i));
        }
        return requests;
    }

    private VerificationTelemetry verifyOne(VerificationRequest request) {
        VerificationTelemetry record = backend.verify(request);
        assertNotNull(record, () -> "verify returned no record for request " + request.verificationId());
        return record;
    }

    /** Verifies each request of a batch and checks one field of each record against its request. */
    private void assertEveryRecordCopies(String field, Function<VerificationRequest, Object> expected,
            Function<VerificationTelemetry, Object> actual) {
        for (VerificationRequest request : batch(field)) {
            VerificationTelemetry record = verifyOne(request);
            assertEquals(expected.apply(request), actual.apply(record),
                    () -> field + " must be copied from request " + request.verificationId());
        }
    }

    private void closeBackend() {
        closedByTest = true;
        backend.close();
    }

    @Test
    @DisplayName("describing: name() is not blank")
    void nameIsNotBlank() {
        String name = backend.name();
        assertTrue(name != null && !name.isBlank(), () -> "name() must not be blank, got '" + name + "'");
    }

    @Test
    @DisplayName("describing: verifierVersion() is not blank")
    void verifierVersionIsNotBlank() {
        String version = backend.verifierVersion();
        assertTrue(version != null && !version.isBlank(),
                () -> "verifierVersion() must not be blank, got '" + version + "'");
    }

    @Test
    @DisplayName("describing: preflight accepts the modules the kit verifies")
    void preflightAcceptsKitModules() {
        assertDoesNotThrow(() -> backend.preflight(moduleNames()),
                "preflight must accept moduleNames(); override moduleNames() with modules this backend can verify");
    }

    @Test
    @DisplayName("copying the request: verify returns a record for every request")
    void returnsRecordForEveryRequest() {
        batch("record").forEach(this::verifyOne);
    }

    @Test
    @DisplayName("copying the request: verification_id is the request's id")
    void copiesVerificationId() {
        assertEveryRecordCopies("verification_id", VerificationRequest::verificationId,
                VerificationTelemetry::verificationId);
    }

    @Test
    @DisplayName("copying the request: module_name is the request's module")
    void copiesModuleName() {
        assertEveryRecordCopies("module_name", VerificationRequest::moduleName, VerificationTelemetry::moduleName);
    }

    @Test
    @DisplayName("copying the request: context is the request's context")
    void copiesContext() {
        assertEveryRecordCopies("context", VerificationRequest::context, VerificationTelemetry::context);
    }

    @Test
    @DisplayName("copying the request: tier is the name of the request's tier")
    void copiesTierName() {
        assertEveryRecordCopies("tier", request -> request.tier().name(), VerificationTelemetry::tier);
    }

    @Test
    @DisplayName("copying the request: timeout_s is the budget of the request's tier in seconds")
    void copiesTierBudget() {
        assertEveryRecordCopies("timeout_s", request -> request.tier().timeoutSeconds(),
                VerificationTelemetry::timeoutS);
    }

    @Test
    @DisplayName("copying the request: a planned request's plan_id, sample_index and repeat are in its record")
    void copiesPlanCoordinates() {
        List<String> modules = moduleNames();
        for (int i = 0; i < batchSize(); i++) {
            VerificationRequest request = new VerificationRequest("tck-planned-" + i, modules.get(i % modules.size()),
                    tier(), SEED_ORIGIN + SEED_STRIDE * i, "tck_planned", "tck0plan", i, i % 3, SEED_ORIGIN - i);
            VerificationTelemetry record = verifyOne(request);
            // Resumed and sharded runs match records to their plan by these; a record without them is lost to it.
            assertEquals(List.of("tck0plan", (long) i, i % 3), java.util.Arrays.asList(record.planId(),
                    record.sampleIndex(), record.repeat()), () -> "plan_id, sample_index and repeat of request "
                    + request.verificationId() + " must be copied (VerificationTelemetry.builder(request) does)");
        }
    }

    @Test
    @DisplayName("copying the request: lean_version is the backend's verifierVersion()")
    void recordsVerifierVersion() {
        String version = backend.verifierVersion();
        for (VerificationRequest request : batch("version")) {
            assertEquals(version, verifyOne(request).leanVersion(),
                    () -> "lean_version must equal verifierVersion() in the record of " + request.verificationId());
        }
    }

    @Test
    @DisplayName("durations: a verifier_timeout lasts at least its budget minus the slack")
    void timeoutLastsItsBudget() {
        double minimumMs = tier().budget().minus(durationSlack()).toNanos() / 1e6;
        int timeouts = 0;
        for (VerificationRequest request : batch("timeout")) {
            VerificationTelemetry record = verifyOne(request);
            if (record.outcome() == Outcome.VERIFIER_TIMEOUT) {
                timeouts++;
                assertTrue(record.durationMs() >= minimumMs, () -> "verifier_timeout of "
                        + request.verificationId() + " lasted " + record.durationMs() + " ms, less than its budget "
                        + tier().budget().toMillis() + " ms minus the slack " + durationSlack().toMillis() + " ms");
            }
        }
        Assumptions.assumeTrue(timeouts > 0,
                () -> "no request of " + batchSize() + " timed out, so the timeout duration could not be checked");
    }

    @Test
    @DisplayName("durations: no verification lasts longer than its budget plus the slack")
    void nothingOutlastsItsBudget() {
        double maximumMs = tier().budget().plus(durationSlack()).toNanos() / 1e6;
        for (VerificationRequest request : batch("duration")) {
            VerificationTelemetry record = verifyOne(request);
            assertTrue(record.durationMs() <= maximumMs, () -> record.outcome() + " of "
                    + request.verificationId() + " lasted " + record.durationMs() + " ms, more than its budget "
                    + tier().budget().toMillis() + " ms plus the slack " + durationSlack().toMillis() + " ms");
        }
    }

    @Test
    @DisplayName("concurrency: records of a batch have distinct verification ids")
    void batchIdsAreDistinct() {
        Map<String, String> requestById = new HashMap<>();
        for (VerificationRequest request : batch("distinct")) {
            String id = verifyOne(request).verificationId();
            String earlier = requestById.putIfAbsent(id, request.verificationId());
            assertTrue(earlier == null, () -> "the records of " + earlier + " and " + request.verificationId()
                    + " share the verification_id '" + id + "'");
        }
    }

    @Test
    @DisplayName("concurrency: concurrent callers each get the record of their own request")
    void concurrentCallersGetTheirOwnRecords() throws InterruptedException {
        int callers = concurrentCallers();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Verified>>> results = new ArrayList<>();
            for (int caller = 0; caller < callers; caller++) {
                int firstIndex = caller * requestsPerCaller();
                results.add(pool.submit(() -> {
                    start.await();
                    var verified = new ArrayList<Verified>();
                    for (int i = firstIndex; i < firstIndex + requestsPerCaller(); i++) {
                        VerificationRequest request = request("concurrent", i);
                        verified.add(new Verified(request, backend.verify(request)));
                    }
                    return verified;
                }));
            }
            start.countDown();
            Map<String, String> requestById = new HashMap<>();
            for (var result : results) {
                for (Verified call : awaitCaller(result)) {
                    assertOwnRecord(call.request(), call.record());
                    String earlier = requestById.putIfAbsent(call.record().verificationId(),
                            call.request().verificationId());
                    assertTrue(earlier == null, () -> "concurrent requests " + earlier + " and "
                            + call.request().verificationId() + " got records with the same verification_id");
                }
            }
            assertEquals(callers * requestsPerCaller(), requestById.size(), "one record per concurrent request");
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Verified> awaitCaller(Future<List<Verified>> result) throws InterruptedException {
        // Each caller's requests run one after another, each bounded by the budget; a hang fails instead.
        Duration deadline = tier().budget().plus(durationSlack()).multipliedBy(requestsPerCaller())
                .plusSeconds(30);
        try {
            return result.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return fail("a concurrent verify threw " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            return fail("concurrent callers did not finish within " + deadline.toSeconds() + " s");
        }
    }

    private void assertOwnRecord(VerificationRequest request, VerificationTelemetry record) {
        assertNotNull(record, () -> "verify returned no record for concurrent request "
                + request.verificationId());
        assertEquals(request.verificationId(), record.verificationId(), () -> "concurrent request "
                + request.verificationId() + " must get its own record");
        assertEquals(request.moduleName(), record.moduleName(), () -> "concurrent request "
                + request.verificationId() + " got a record with another module");
        assertEquals(request.context(), record.context(), () -> "concurrent request "
                + request.verificationId() + " got a record with another context");
    }

    @Test
    @DisplayName("lifecycle: closing twice is harmless")
    void closeIsIdempotent() {
        closeBackend();
        assertDoesNotThrow(backend::close, "a second close() must do nothing");
    }

    @Test
    @DisplayName("lifecycle: verify after close throws IllegalStateException with a message")
    void verifyAfterCloseFails() {
        VerificationRequest request = request("closed", 0);
        closeBackend();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> backend.verify(request),
                "verify after close() must throw IllegalStateException");
        assertFalse(thrown.getMessage() == null || thrown.getMessage().isBlank(),
                "the IllegalStateException thrown after close() must say why");
    }

    @Test
    @DisplayName("lifecycle: verify(null) throws NullPointerException or IllegalArgumentException")
    void verifyNullIsRejected() {
        Throwable thrown = assertThrows(RuntimeException.class, () -> backend.verify(null),
                "verify(null) must throw");
        assertTrue(thrown instanceof NullPointerException || thrown instanceof IllegalArgumentException,
                () -> "verify(null) must throw NullPointerException or IllegalArgumentException, threw " + thrown);
    }
}
