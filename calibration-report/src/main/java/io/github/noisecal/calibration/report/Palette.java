package io.github.noisecal.calibration.report;

import java.awt.Color;
import java.util.Map;

/**
 * Colours of the report: the Okabe-Ito palette, distinguishable with the common colour-vision deficiencies and in
 * grey-scale print, one colour per meaning throughout (a timeout is always vermillion).
 */
final class Palette {
    static final Color BLACK = new Color(0x000000);
    static final Color ORANGE = new Color(0xE69F00);
    static final Color SKY_BLUE = new Color(0x56B4E9);
    static final Color GREEN = new Color(0x009E73);
    static final Color YELLOW = new Color(0xF0E442);
    static final Color BLUE = new Color(0x0072B2);
    static final Color VERMILLION = new Color(0xD55E00);
    static final Color PURPLE = new Color(0xCC79A7);
    static final Color GREY = new Color(0x777777);
    static final Color GRID = new Color(0xDDDDDD);

    static final Color TIMEOUT = VERMILLION;
    static final Color FAIL = PURPLE;
    static final Color SUCCESS = GREEN;

    private static final Map<String, Color> OUTCOMES = Map.ofEntries(
            Map.entry("verified", GREEN),
            Map.entry("verifier_spurious_pass", new Color(0x7FCFB9)),
            Map.entry("verifier_timeout", VERMILLION),
            Map.entry("proof_invalid", PURPLE),
            Map.entry("proof_incomplete", ORANGE),
            Map.entry("verifier_spurious_fail", YELLOW),
            Map.entry("verifier_internal_error", BLACK),
            Map.entry("budget_exhausted", BLUE),
            Map.entry("memory_limit_exceeded", SKY_BLUE));

    private static final Map<String, Color> FAMILIES = Map.of(
            "exponential", ORANGE, "gamma", SKY_BLUE, "lognormal", BLUE, "weibull", PURPLE);

    private Palette() {
    }

    static Color headline(String label) {
        return switch (label) {
            case "timeout" -> TIMEOUT;
            case "fail" -> FAIL;
            default -> SUCCESS;
        };
    }

    static Color outcome(String code) {
        return OUTCOMES.getOrDefault(code, GREY);
    }

    static Color family(String family) {
        return FAMILIES.getOrDefault(family, GREY);
    }

    /** The colour as CSS, for the swatches in tables. */
    static String css(Color color) {
        return String.format("#%06X", color.getRGB() & 0xFFFFFF);
    }
}
