package io.github.noisecal.telemetry.lean;

import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import io.github.noisecal.telemetry.VerifierHarnessException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Decides the outcome of a Lean run from how the process ended and what it printed. The rules are tried in order
 * and the first that applies decides (the same table is in telemetry-lean's README):
 *
 * <ol>
 *   <li>cancelled by the supervisor (backend closed, JVM shutdown): not an outcome, {@link VerifierHarnessException};</li>
 *   <li>killed by the supervisor at the wall-clock deadline: {@code verifier_timeout};</li>
 *   <li>killed by the supervisor's memory limit: {@code memory_limit_exceeded};</li>
 *   <li>the first error is an import failure: not an outcome, {@link VerifierHarnessException} (build the project);</li>
 *   <li>Lean rejected a {@code -D} option: {@link VerifierConfigurationException};</li>
 *   <li>the driver never checked the file (unknown option, file not found, Lake could not run Lean or failed
 *       itself), shown by a driver complaint with a non-zero exit and no Lean message: {@link VerifierHarnessException};</li>
 *   <li>killed by a signal (through {@code lake env}, exit code 128 + N counts as signal N): SIGKILL the supervisor
 *       did not send is {@code memory_limit_exceeded} (the kernel's OOM killer); SIGABRT after
 *       {@code INTERNAL PANIC: out of memory} is {@code memory_limit_exceeded}; any other is
 *       {@code verifier_internal_error} (SIGABRT with {@code Stack overflow detected} included);</li>
 *   <li>the runtime ran out of memory ({@code INTERNAL PANIC: out of memory}, {@code out of memory}) or an error
 *       says {@code (kernel) excessive memory consumption detected}: {@code memory_limit_exceeded};</li>
 *   <li>{@code Stack overflow detected}, {@code PANIC at ...} or another {@code INTERNAL PANIC}, on either
 *       stream: {@code verifier_internal_error};</li>
 *   <li>an error is a deterministic limit (heartbeats in any wording, {@code (kernel) deterministic timeout},
 *       maximum recursion depth, deep recursion): {@code budget_exhausted};</li>
 *   <li>every error is a sorry (as with {@code -DwarningAsError=true}): {@code proof_incomplete};</li>
 *   <li>any other error: {@code proof_invalid};</li>
 *   <li>a non-zero exit without any error message: {@code verifier_internal_error};</li>
 *   <li>a sorry warning: {@code proof_incomplete};</li>
 *   <li>otherwise: {@code verified}.</li>
 * </ol>
 */
public final class LeanOutcomeClassifier {
    private static final int SIGABRT = 6;
    private static final int SIGKILL = 9;
    private static final int MAX_SIGNAL = 64;
    private static final Map<Integer, String> SIGNAL_NAMES = Map.ofEntries(Map.entry(1, "SIGHUP"),
            Map.entry(2, "SIGINT"), Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"), Map.entry(5, "SIGTRAP"),
            Map.entry(6, "SIGABRT"), Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"), Map.entry(9, "SIGKILL"),
            Map.entry(11, "SIGSEGV"), Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"), Map.entry(15, "SIGTERM"),
            Map.entry(24, "SIGXCPU"), Map.entry(25, "SIGXFSZ"));
    /** When several kinds of limit appear, the one reported as the timeout kind. */
    private static final List<LeanMessageCategory> BUDGET_PRIORITY = List.of(LeanMessageCategory.HEARTBEATS,
            LeanMessageCategory.KERNEL_DETERMINISTIC_TIMEOUT, LeanMessageCategory.MAX_RECURSION_DEPTH,
            LeanMessageCategory.DEEP_RECURSION);

    private LeanOutcomeClassifier() {
    }

    /**
     * Classifies one run.
     *
     * @param output      what the run printed
     * @param end         how the process ended
     * @param throughLake whether the process was {@code lake env lean}, which reports a signalled Lean as exit
     *                    code 128 + N
     * @throws VerifierHarnessException       when the run says nothing about the proof (see rules 1, 4 and 6)
     * @throws VerifierConfigurationException when Lean rejected one of its options
     */
    public static LeanVerdict classify(LeanOutput output, ProcessEnd end, boolean throughLake) {
        String firstError = output.firstError().map(LeanMessage::describe).orElse("");
        switch (end.termination()) {
            case CANCELLED -> throw new VerifierHarnessException(
                    "the verification was cancelled (backend closed or JVM shutting down) before Lean finished");
            case DEADLINE_KILLED -> {
                return verdict(Outcome.VERIFIER_TIMEOUT, "wall_clock_deadline",
                        "killed at the wall-clock deadline" + (firstError.isEmpty() ? "" : "; first error: " + firstError),
                        "wall_clock", end.signal());
            }
            case MEMORY_LIMIT_KILLED -> {
                return verdict(Outcome.MEMORY_LIMIT_EXCEEDED, "supervisor_memory_limit",
                        "killed by the supervisor: resident memory of the process tree exceeded the limit", null,
                        end.signal());
            }
            default -> {
                // the process ended by itself; decided below
            }
        }
        if (output.firstError().map(m -> m.category() == LeanMessageCategory.IMPORT_FAILURE).orElse(false)) {
            throw VerifierHarnessException.environment("Lean could not load the imports of the module, so it was not checked: "
                    + firstError + " -- build the project first (run `lake build` in the project directory, "
                    + "with the same Lean version)");
        }
        if (output.invalidOption().isPresent()) {
            throw new VerifierConfigurationException("Lean rejected an option passed by the backend: "
                    + output.invalidOption().get() + " -- check the lean_option settings");
        }
        boolean noMessages = output.counts().values().stream().allMatch(count -> count == 0);
        boolean failedExit = end.exitCode().orElse(0) != 0;
        if (output.driverError().isPresent() && noMessages && failedExit) {
            throw VerifierHarnessException.environment("the " + (throughLake ? "lake env lean" : "lean")
                    + " command did not check the module: " + output.driverError().get());
        }
        OptionalInt signal = effectiveSignal(end, throughLake);
        if (signal.isPresent()) {
            return bySignal(output, signal.getAsInt());
        }
        if (output.outOfMemory().isPresent()) {
            return verdict(Outcome.MEMORY_LIMIT_EXCEEDED, "runtime_out_of_memory", output.outOfMemory().get(), null,
                    signal);
        }
        Set<LeanMessageCategory> categories = output.errorCategories();
        if (categories.contains(LeanMessageCategory.KERNEL_MEMORY)) {
            return verdict(Outcome.MEMORY_LIMIT_EXCEEDED, "kernel_memory_limit", firstError, null, signal);
        }
        if (output.stackOverflow()) {
            return verdict(Outcome.VERIFIER_INTERNAL_ERROR, "stack_overflow", "Stack overflow detected. Aborting.",
                    null, signal);
        }
        if (output.panic().isPresent()) {
            return verdict(Outcome.VERIFIER_INTERNAL_ERROR, "panic", output.panic().get(), null, signal);
        }
        Optional<LeanMessageCategory> budget = BUDGET_PRIORITY.stream().filter(categories::contains).findFirst();
        if (budget.isPresent()) {
            return verdict(Outcome.BUDGET_EXHAUSTED, "deterministic_limit", firstError, budget.get().key(), signal);
        }
        if (output.errors() > 0) {
            if (categories.equals(Set.of(LeanMessageCategory.SORRY))) {
                return verdict(Outcome.PROOF_INCOMPLETE, "sorry_as_error", firstError, null, signal);
            }
            return verdict(Outcome.PROOF_INVALID, "error_message", firstError, null, signal);
        }
        if (failedExit) {
            return verdict(Outcome.VERIFIER_INTERNAL_ERROR, "failed_without_error_message",
                    "exit code " + end.exitCode().getAsInt() + " without an error message"
                            + (output.stderrExcerpt().isBlank() ? "" : ": " + output.stderrExcerpt().strip()),
                    null, signal);
        }
        if (output.sorryWarnings() > 0) {
            return verdict(Outcome.PROOF_INCOMPLETE, "sorry_warning", "declaration uses sorry ("
                    + output.sorryWarnings() + " warning" + (output.sorryWarnings() == 1 ? ")" : "s)"), null, signal);
        }
        return verdict(Outcome.VERIFIED, "clean_exit", "", null, signal);
    }

    /** The signal that ended Lean: reported directly, or by Lake as exit code 128 + N. */
    static OptionalInt effectiveSignal(ProcessEnd end, boolean throughLake) {
        if (end.signal().isPresent()) {
            return end.signal();
        }
        int code = end.exitCode().orElse(0);
        if (throughLake && code > 128 && code <= 128 + MAX_SIGNAL) {
            return OptionalInt.of(code - 128);
        }
        return OptionalInt.empty();
    }

    private static LeanVerdict bySignal(LeanOutput output, int signal) {
        OptionalInt reported = OptionalInt.of(signal);
        String name = signalName(signal);
        if (signal == SIGKILL) {
            return verdict(Outcome.MEMORY_LIMIT_EXCEEDED, "sigkill_not_sent_by_supervisor",
                    "killed by SIGKILL that the supervisor did not send (the kernel's out-of-memory killer or a "
                            + "cgroup limit)", null, reported);
        }
        if (signal == SIGABRT && output.stackOverflow()) {
            return verdict(Outcome.VERIFIER_INTERNAL_ERROR, "stack_overflow",
                    "Stack overflow detected. Aborting. (" + name + ")", null, reported);
        }
        if (signal == SIGABRT && output.outOfMemory().isPresent()) {
            return verdict(Outcome.MEMORY_LIMIT_EXCEEDED, "runtime_out_of_memory",
                    output.outOfMemory().get() + " (" + name + ")", null, reported);
        }
        String detail = output.panic().map(p -> ": " + p)
                .orElse(output.stderrExcerpt().isBlank() ? "" : ": " + output.stderrExcerpt().strip());
        return verdict(Outcome.VERIFIER_INTERNAL_ERROR, "signal", "killed by " + name + detail, null, reported);
    }

    /** {@code SIGKILL (9)}, or {@code signal N} for numbers without a well-known name. */
    public static String signalName(int signal) {
        String name = SIGNAL_NAMES.get(signal);
        return name == null ? "signal " + signal : name + " (" + signal + ")";
    }

    private static LeanVerdict verdict(Outcome outcome, String rule, String diagnostic, String timeoutKind,
                                       OptionalInt signal) {
        return new LeanVerdict(outcome, rule, diagnostic, Optional.ofNullable(timeoutKind), signal);
    }
}
