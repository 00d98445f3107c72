package io.github.noisecal.telemetry;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The outcome taxonomy of one verification. Each outcome has a stable snake_case {@link #code()} that is written
 * to telemetry and models; codes never change meaning once released.
 *
 * <p>Harness problems (the verifier cannot be started, the environment is not built) are not outcomes: backends
 * throw {@link VerifierHarnessException} for them, so they never count as verifier failures.
 */
public enum Outcome {
    VERIFIED("verified", OutcomeCategory.SUCCESS),
    PROOF_INVALID("proof_invalid", OutcomeCategory.FAILURE),
    PROOF_INCOMPLETE("proof_incomplete", OutcomeCategory.FAILURE),
    VERIFIER_TIMEOUT("verifier_timeout", OutcomeCategory.TIMEOUT),
    VERIFIER_SPURIOUS_FAIL("verifier_spurious_fail", OutcomeCategory.FAILURE),
    /** The verifier accepted a proof known to be wrong; from the verifier's side it is still a pass. */
    VERIFIER_SPURIOUS_PASS("verifier_spurious_pass", OutcomeCategory.SUCCESS),
    VERIFIER_INTERNAL_ERROR("verifier_internal_error", OutcomeCategory.FAILURE),
    /** A deterministic limit (heartbeats, recursion depth): reproducible, unlike a wall-clock timeout. */
    BUDGET_EXHAUSTED("budget_exhausted", OutcomeCategory.RESOURCE),
    MEMORY_LIMIT_EXCEEDED("memory_limit_exceeded", OutcomeCategory.RESOURCE),
    ABSTENTION_MOCK_MODE("abstention_mock_mode", OutcomeCategory.ABSTENTION),
    ABSTENTION_CONTROLLED_ONLY("abstention_controlled_only", OutcomeCategory.ABSTENTION);

    private static final Map<String, Outcome> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Outcome::code, Function.identity()));

    private final String code;
    private final OutcomeCategory category;

    Outcome(String code, OutcomeCategory category) {
        this.code = code;
        this.category = category;
    }

    /** The stable snake_case code, as written to telemetry and models. */
    public String code() {
        return code;
    }

    public OutcomeCategory category() {
        return category;
    }

    public boolean isSuccess() {
        return category == OutcomeCategory.SUCCESS;
    }

    public boolean isTimeout() {
        return category == OutcomeCategory.TIMEOUT;
    }

    /** Counts towards the fail rate: every outcome that is neither a success nor a wall-clock timeout. */
    public boolean isFailure() {
        return !isSuccess() && !isTimeout();
    }

    public boolean isResource() {
        return category == OutcomeCategory.RESOURCE;
    }

    public boolean isAbstention() {
        return category == OutcomeCategory.ABSTENTION;
    }

    public static Optional<Outcome> fromCode(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** Like {@link #fromCode} but throws, naming the code and the known codes. */
    public static Outcome parseCode(String code) {
        return fromCode(code).orElseThrow(() -> new IllegalArgumentException(
                "unknown outcome code '" + code + "'; known codes: "
                        + Arrays.stream(values()).map(Outcome::code).collect(Collectors.joining(", "))));
    }

    @Override
    public String toString() {
        return code;
    }
}
