package io.github.noisecal.calibration.compare;

import java.util.Objects;

/**
 * A field of {@code calibration_metadata} whose values differ between the baseline and the candidate: something
 * other than the verifier's noise that could explain a change, or that changes what the numbers mean.
 *
 * @param field     the field's path in the model file, e.g. {@code environment.cpu_model} or
 *                  {@code tiers.FAST.limits}
 * @param baseline  the baseline's value as text ({@code unknown} when not recorded)
 * @param candidate the candidate's value as text ({@code unknown} when not recorded)
 * @param aspect    what the field says about a calibration
 * @param meaning   what the difference does to the numbers, or null where the field's name says it
 */
public record MetadataDifference(String field, String baseline, String candidate, MetadataAspect aspect,
                                 String meaning) {
    public MetadataDifference {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(aspect, "aspect");
    }

    /** Whether the two models' own intervals are not like for like because of this difference. */
    public boolean changesIntervalMeaning() {
        return aspect.changesIntervalMeaning();
    }
}
