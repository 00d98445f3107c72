package io.github.noisecal.calibration.acceptance;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.fit.FitOptions;
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
 * @param minKsPValue           the best family's goodness-of-fit p-value passes at or above this (beyond Monte Carlo
 *                              error; 0 passes every p-value)
 * @param conditionalKsPValue   ... and passes conditionally at or above this
 * @param tierOrdering          what the ordering of timeout rates by budget must show
 * @param minDistinctModules    every tier passes the distinct-modules criterion with at least this many modules, and
 *                              passes it conditionally with fewer (its rates then hold for these modules, not for a
 *                              population of proofs); {@link AcceptanceCheck#MIN_MODULES_FOR_POPULATION} by default
 */
public record AcceptanceEnvelope(long minSamplesPerTier, Map<String, Range> timeoutRateRanges,
                                 double maxInternalErrorRate, double passDeltaAic, double conditionalDeltaAic,
                                 double minKsPValue, double conditionalKsPValue, TierOrdering tierOrdering,
                                 long minDistinctModules) {

    /** What the tier-ordering criterion requires; every level relaxes the one before. */
    public enum TierOrdering {
        /** Pass only when the ordering is claimed by the intersection-union test; ordered estimates pass conditionally. */
        CLAIMED,
        /** Pass when the point estimates are ordered, significant or not. */
        ESTIMATES,
        /** Not checked. */
        NONE;

        /** The id in envelope files: {@code claimed}, {@code estimates}, {@code none}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The requirement with this id; unknown ids are rejected naming the known ones. */
        public static TierOrdering fromId(String id) {
            for (TierOrdering ordering : values()) {
                if (ordering.id().equals(id)) {
                    return ordering;
                }
            }
            throw new InvalidInputException("tier_ordering must be claimed, estimates or none, got '" + id + "'");
        }
    }

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

    /** The envelope with the default distinct-modules requirement. */
    public AcceptanceEnvelope(long minSamplesPerTier, Map<String, Range> timeoutRateRanges, double maxInternalErrorRate,
                              double passDeltaAic, double conditionalDeltaAic, double minKsPValue,
                              double conditionalKsPValue, TierOrdering tierOrdering) {
        this(minSamplesPerTier, timeoutRateRanges, maxInternalErrorRate, passDeltaAic, conditionalDeltaAic,
                minKsPValue, conditionalKsPValue, tierOrdering, AcceptanceCheck.MIN_MODULES_FOR_POPULATION);
    }

    /** The envelope without a tier-ordering requirement given: the ordering must be claimed. */
    public AcceptanceEnvelope(long minSamplesPerTier, Map<String, Range> timeoutRateRanges, double maxInternalErrorRate,
                              double passDeltaAic, double conditionalDeltaAic, double minKsPValue,
                              double conditionalKsPValue) {
        this(minSamplesPerTier, timeoutRateRanges, maxInternalErrorRate, passDeltaAic, conditionalDeltaAic,
                minKsPValue, conditionalKsPValue, TierOrdering.CLAIMED);
    }

    public AcceptanceEnvelope {
        Objects.requireNonNull(timeoutRateRanges, "timeoutRateRanges");
        Objects.requireNonNull(tierOrdering, "tierOrdering");
        timeoutRateRanges = Collections.unmodifiableMap(new LinkedHashMap<>(timeoutRateRanges));
        if (minSamplesPerTier < 1) {
            throw new InvalidInputException("min_samples_per_tier must be at least 1, got " + minSamplesPerTier);
        }
        if (minDistinctModules < 1) {
            throw new InvalidInputException("min_distinct_modules must be at least 1, got " + minDistinctModules);
        }
        if (!(maxInternalErrorRate >= 0 && maxInternalErrorRate <= 1)) {
            throw new InvalidInputException("max_internal_error_rate must lie in [0, 1], got " + maxInternalErrorRate);
        }
        // Any finite thresholds: a negative one passes every margin, ties included.
        if (!(Double.isFinite(passDeltaAic) && conditionalDeltaAic <= passDeltaAic)
                || !Double.isFinite(conditionalDeltaAic)) {
            throw new InvalidInputException("delta AIC thresholds need finite values with conditional <= pass, got "
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
     * p-value at least 0.05 (0.01–0.05 conditional), the ordering by budget claimed, and 30 distinct modules per
     * tier for a claim about the population of proofs (fewer: conditional).
     */
    public static AcceptanceEnvelope originDefaults() {
        Map<String, Range> ranges = new LinkedHashMap<>();
        ranges.put("FAST", new Range(0.15, 0.25));
        ranges.put("BALANCED", new Range(0.08, 0.12));
        ranges.put("SLOW", new Range(0.03, 0.07));
        return new AcceptanceEnvelope(10_000, ranges, 0.01, 10, 5, FitOptions.GOODNESS_OF_FIT_PASS_AT,
                FitOptions.GOODNESS_OF_FIT_CONDITIONAL_AT, TierOrdering.CLAIMED, AcceptanceCheck.MIN_MODULES_FOR_POPULATION);
    }
}
