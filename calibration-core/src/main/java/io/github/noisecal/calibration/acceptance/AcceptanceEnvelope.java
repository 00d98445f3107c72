package io.github.noisecal.calibration.acceptance;

import io.github.noisecal.calibration.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a model must show to be accepted: the origin plan's acceptance criteria, with its numbers as defaults.
 *
 * @param minSamplesPerTier     every tier needs at least this many samples
 * @param timeoutRateRanges     per tier, the [low, high] range its timeout rate is expected in; a tier without a
 *                              range is not checked on this criterion
 * @param maxInternalErrorRate  the largest acceptable rate of {@code verifier_internal_error}
 * @param passDeltaAic          the best duration family passes when its AIC margin over the runner-up exceeds this
 * @param conditionalDeltaAic   ... and passes conditionally above this
 * @param minKsPValue           the best family's goodness-of-fit p-value passes at or above this
 * @param conditionalKsPValue   ... and passes conditionally at or above this
 */
public record AcceptanceEnvelope(long minSamplesPerTier, Map<String, Range> timeoutRateRanges,
                                 double maxInternalErrorRate, double passDeltaAic, double conditionalDeltaAic,
                                 double minKsPValue, double conditionalKsPValue) {

    /** A closed range of rates. */
    public record Range(double low, double high) {
        public Range {
            if (!(low >= 0 && low <= high && high <= 1)) {
                throw new InvalidInputException("a rate range needs 0 <= low <= high <= 1, got [" + low + ", "
                        + high + "]");
            }
        }

        public boolean overlaps(double lower, double upper) {
            return lower <= high && upper >= low;
        }

        @Override
        public String toString() {
            return "[" + low + ", " + high + "]";
        }
    }

    public AcceptanceEnvelope {
        Objects.requireNonNull(timeoutRateRanges, "timeoutRateRanges");
        timeoutRateRanges = Collections.unmodifiableMap(new LinkedHashMap<>(timeoutRateRanges));
        if (minSamplesPerTier < 1) {
            throw new InvalidInputException("min_samples_per_tier must be at least 1, got " + minSamplesPerTier);
        }
        if (!(maxInternalErrorRate >= 0 && maxInternalErrorRate <= 1)) {
            throw new InvalidInputException("max_internal_error_rate must lie in [0, 1], got " + maxInternalErrorRate);
        }
        if (!(conditionalDeltaAic >= 0 && conditionalDeltaAic <= passDeltaAic)) {
            throw new InvalidInputException("delta AIC thresholds need 0 <= conditional <= pass, got "
                    + conditionalDeltaAic + " and " + passDeltaAic);
        }
        if (!(conditionalKsPValue >= 0 && conditionalKsPValue <= minKsPValue && minKsPValue <= 1)) {
            throw new InvalidInputException("KS p-value thresholds need 0 <= conditional <= pass <= 1, got "
                    + conditionalKsPValue + " and " + minKsPValue);
        }
    }

    /**
     * The origin plan's envelope: 10,000 samples per tier (its full calibration), timeout rates FAST 0.15–0.25,
     * BALANCED 0.08–0.12, SLOW 0.03–0.07, internal errors at most 1 %, ΔAIC above 10 (5–10 conditional), KS
     * p-value at least 0.05 (0.01–0.05 conditional).
     */
    public static AcceptanceEnvelope originDefaults() {
        Map<String, Range> ranges = new LinkedHashMap<>();
        ranges.put("FAST", new Range(0.15, 0.25));
        ranges.put("BALANCED", new Range(0.08, 0.12));
        ranges.put("SLOW", new Range(0.03, 0.07));
        return new AcceptanceEnvelope(10_000, ranges, 0.01, 10, 5, 0.05, 0.01);
    }
}
