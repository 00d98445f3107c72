package io.github.noisecal.telemetry.lean;

import java.util.Objects;

/**
 * One message Lean printed, from either output format.
 *
 * @param severity the message's severity
 * @param line     1-based line of its start, or 0 when unknown (information printed in the text format)
 * @param column   0-based column of its start
 * @param kind     Lean's tag for the message: the JSON {@code kind}, or the error name of a text-format named error
 *                 such as {@code lean.unknownIdentifier}; empty when untagged or unknown
 * @param data     the message text without the position prefix (possibly shortened for very long messages)
 */
public record LeanMessage(LeanSeverity severity, int line, int column, String kind, String data) {
    public LeanMessage {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(data, "data");
        if (kind.equals("[anonymous]")) {
            kind = "";
        }
    }

    /** The category that decides how this message counts towards an outcome. */
    public LeanMessageCategory category() {
        return LeanMessageCategory.of(this);
    }

    /** {@code line:column: data}, the form kept in telemetry. */
    public String describe() {
        return line + ":" + column + ": " + data;
    }
}
