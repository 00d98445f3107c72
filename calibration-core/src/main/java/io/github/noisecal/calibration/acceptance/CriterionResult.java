package io.github.noisecal.calibration.acceptance;

import java.util.Objects;

/**
 * One criterion checked on one tier (or on the whole model, where {@code tier} is null).
 *
 * @param criterion what was checked, e.g. {@code sample count}
 * @param tier      the tier, or null for model-wide criteria
 * @param verdict   the verdict
 * @param detail    the numbers behind the verdict
 */
public record CriterionResult(String criterion, String tier, Verdict verdict, String detail) {
    public CriterionResult {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(detail, "detail");
    }
}
