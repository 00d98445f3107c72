package io.github.noisecal.telemetry.lean;

import java.util.Locale;
import java.util.regex.Pattern;

/** What a Lean message means for the outcome of a run; see {@link LeanOutcomeClassifier}. */
public enum LeanMessageCategory {
    /** An import could not be loaded: the project is not built (or a header is malformed). */
    IMPORT_FAILURE,
    /** {@code (kernel) excessive memory consumption detected}: Lean's own {@code -M} limit. */
    KERNEL_MEMORY,
    /** The heartbeat limit ({@code maxHeartbeats}, {@code synthInstance.maxHeartbeats}), any generation of the text. */
    HEARTBEATS,
    /** {@code (kernel) deterministic timeout}: the kernel's heartbeat limit. */
    KERNEL_DETERMINISTIC_TIMEOUT,
    /** {@code maximum recursion depth has been reached} ({@code maxRecDepth}). */
    MAX_RECURSION_DEPTH,
    /** {@code (kernel) deep recursion detected} or the C++ {@code deep recursion was detected}: the stack limit. */
    DEEP_RECURSION,
    /** The sorry warning, in any wording. */
    SORRY,
    /** Any other message. */
    OTHER;

    private static final Pattern SORRY_TEXT =
            Pattern.compile("^declaration (?:`[^`]*` )?uses (?:'sorry'|`[^`]*sorry[^`]*`)");
    private static final Pattern MISSING_OLEAN = Pattern.compile("object file '[^']*' of module \\S+ does not exist");
    private static final Pattern BAD_OLEAN = Pattern.compile("failed to read file '[^']*\\.olean'");

    /** The category of {@code message}, from its kind when Lean tagged it and otherwise from its text. */
    public static LeanMessageCategory of(LeanMessage message) {
        String kind = message.kind();
        String data = message.data();
        switch (kind) {
            case "hasSorry":
                return SORRY;
            case "runtime.maxHeartbeats":
                return HEARTBEATS;
            case "runtime.maxRecDepth":
                return MAX_RECURSION_DEPTH;
            default:
                break;
        }
        if (SORRY_TEXT.matcher(data).find()) {
            return SORRY;
        }
        if (MISSING_OLEAN.matcher(data).find() || BAD_OLEAN.matcher(data).find()
                || data.startsWith("unknown module prefix '") || data.startsWith("unknown package '")
                || data.startsWith("import failed")) {
            return IMPORT_FAILURE;
        }
        if (data.contains("(kernel) excessive memory consumption detected")) {
            return KERNEL_MEMORY;
        }
        if (data.contains("(kernel) deterministic timeout")) {
            return KERNEL_DETERMINISTIC_TIMEOUT;
        }
        if (data.contains("(deterministic) timeout") || data.contains("maximum number of heartbeats")) {
            return HEARTBEATS;
        }
        if (data.contains("maximum recursion depth has been reached")) {
            return MAX_RECURSION_DEPTH;
        }
        if (data.contains("(kernel) deep recursion detected") || data.contains("deep recursion was detected")) {
            return DEEP_RECURSION;
        }
        return OTHER;
    }

    /** Whether an error of this category is a deterministic resource limit (a budget, not a wrong proof). */
    public boolean isBudget() {
        return this == HEARTBEATS || this == KERNEL_DETERMINISTIC_TIMEOUT || this == MAX_RECURSION_DEPTH
                || this == DEEP_RECURSION;
    }

    /** The snake_case name used in telemetry metadata. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
