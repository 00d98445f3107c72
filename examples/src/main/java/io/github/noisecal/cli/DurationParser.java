package io.github.noisecal.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as users write them: {@code 30s}, {@code 1.5m}, {@code 500ms}, {@code 2h}, or plain seconds. */
final class DurationParser {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private DurationParser() {
    }

    static Duration parse(String text, String what) {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches()) {
            throw new UsageException(what + ": '" + text + "' is not a duration (write e.g. 30s, 1.5m, 500ms, 2h)");
        }
        double value = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        double nanos = value * switch (unit) {
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
        if (!(nanos >= 1e6) || nanos > 365 * 24 * 3600e9) {
            throw new UsageException(what + ": '" + text + "' must lie between 1 ms and 365 days");
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /**
     * A duration in milliseconds as a person reads it: below one second in ms to three significant digits
     * ({@code 1 ms}, {@code 12.3 ms}, {@code 250 ms}), from one second in seconds with two decimals ({@code 1.50 s},
     * {@code 30.00 s}), so that a budget of 1 ms never shows as {@code 0.00 s}.
     */
    static String show(double ms) {
        if (ms < 1000 && ms > 0) {
            BigDecimal rounded = new BigDecimal(ms).round(new MathContext(3, RoundingMode.HALF_EVEN));
            if (rounded.compareTo(BigDecimal.valueOf(1000)) < 0) {
                return rounded.stripTrailingZeros().toPlainString() + " ms";
            }
        }
        return ms == 0 ? "0 ms" : String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    /** Formats a duration as the shortest exact form among h, m, s and ms. */
    static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos % 3_600_000_000_000L == 0) return nanos / 3_600_000_000_000L + "h";
        if (nanos % 60_000_000_000L == 0) return nanos / 60_000_000_000L + "m";
        if (nanos % 1_000_000_000L == 0) return nanos / 1_000_000_000L + "s";
        return (nanos / 1e6) + "ms";
    }
}
