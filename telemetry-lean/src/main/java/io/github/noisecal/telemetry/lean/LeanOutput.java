package io.github.noisecal.telemetry.lean;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a Lean run printed, reduced to what classification needs: message counts, the first error, the categories
 * of all errors, sorry warnings, and the runtime's and driver's complaints on standard error. Built by
 * {@link LeanOutputScanner}.
 *
 * @param counts            messages by severity
 * @param firstError        the first error-severity message, in output order
 * @param errorCategories   the categories of every error-severity message
 * @param sorryWarnings     warning-severity sorry messages
 * @param jsonMessages      whether any message came in Lean's {@code --json} form
 * @param panic             the first {@code PANIC at ...} or non-memory {@code INTERNAL PANIC: ...} line, on either
 *                          stream
 * @param stackOverflow     whether {@code Stack overflow detected} was printed
 * @param outOfMemory       the runtime's out-of-memory report ({@code INTERNAL PANIC: out of memory}, or
 *                          {@code out of memory} alone on a line of standard error)
 * @param invalidOption     Lean's {@code invalid -D parameter, ...} complaint
 * @param driverError       another complaint of the {@code lean} or {@code lake} driver that means the run never
 *                          checked the file (unknown option, file not found, cannot execute, Lake error)
 * @param stderrExcerpt     the start of standard error, for diagnostics
 */
public record LeanOutput(Map<LeanSeverity, Long> counts, Optional<LeanMessage> firstError,
                         Set<LeanMessageCategory> errorCategories, long sorryWarnings, boolean jsonMessages,
                         Optional<String> panic, boolean stackOverflow, Optional<String> outOfMemory,
                         Optional<String> invalidOption, Optional<String> driverError, String stderrExcerpt) {
    public LeanOutput {
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(firstError, "firstError");
        Objects.requireNonNull(errorCategories, "errorCategories");
        Objects.requireNonNull(panic, "panic");
        Objects.requireNonNull(outOfMemory, "outOfMemory");
        Objects.requireNonNull(invalidOption, "invalidOption");
        Objects.requireNonNull(driverError, "driverError");
        Objects.requireNonNull(stderrExcerpt, "stderrExcerpt");
        EnumMap<LeanSeverity, Long> allCounts = new EnumMap<>(LeanSeverity.class);
        for (LeanSeverity severity : LeanSeverity.values()) {
            allCounts.put(severity, counts.getOrDefault(severity, 0L));
        }
        counts = Collections.unmodifiableMap(allCounts);
        errorCategories = errorCategories.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(errorCategories));
    }

    public long count(LeanSeverity severity) {
        return counts.get(severity);
    }

    public long errors() {
        return count(LeanSeverity.ERROR);
    }
}
