package io.github.noisecal.calibration.report;

import java.util.Locale;

/** How numbers read in the report: rates to three decimals, durations in seconds, p-values without false precision. */
final class Format {
    private Format() {
    }

    static String rate(double rate) {
        return String.format(Locale.ROOT, "%.3f", rate);
    }

    static String interval(ReportData.Interval interval) {
        return rate(interval.estimate()) + " " + bounds(interval);
    }

    /** An interval's bounds alone: {@code [0.184, 0.253]}. */
    static String bounds(ReportData.Interval interval) {
        return "[" + rate(interval.lower()) + ", " + rate(interval.upper()) + "]";
    }

    /** A duration in seconds: {@code 30 s}, {@code 12.4 s}, {@code 0.35 s}. */
    static String seconds(double s) {
        if (s == Math.rint(s) && Math.abs(s) < 1e9) {
            return (long) s + " s";
        }
        return significant(s, 3) + " s";
    }

    static String percent(double fraction) {
        return significant(fraction * 100, 4) + " %";
    }

    /** {@code digits} significant digits, trailing zeros dropped. */
    static String significant(double value, int digits) {
        if (value == 0 || !Double.isFinite(value)) {
            return value == 0 ? "0" : String.valueOf(value);
        }
        if (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-4) {
            return String.format(Locale.ROOT, "%." + (digits - 1) + "e", value);
        }
        String text = new java.math.BigDecimal(value).round(new java.math.MathContext(digits)).toPlainString();
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    /** A p-value: two significant digits, {@code < 1e-300} where the double range ends. */
    static String pValue(double p) {
        if (p == 0) {
            return "< 1e-300";
        }
        return p >= 0.001 ? String.format(Locale.ROOT, "%.3f", p) : String.format(Locale.ROOT, "%.1e", p);
    }
}
