package io.github.noisecal.telemetry.lean;

import java.util.Locale;
import java.util.Optional;

/** The severity of a Lean message. */
public enum LeanSeverity {
    INFORMATION, WARNING, ERROR;

    /** Lean's spelling ({@code information}, {@code warning}, {@code error}), or the REPL's {@code info}. */
    public static Optional<LeanSeverity> parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "information", "info" -> Optional.of(INFORMATION);
            case "warning" -> Optional.of(WARNING);
            case "error" -> Optional.of(ERROR);
            default -> Optional.empty();
        };
    }

    /** The key used for message counts in telemetry metadata. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
