package io.github.noisecal.calibration.stats;

/**
 * The pooled two-proportion z-test, for tiers sampled independently of each other. On paired samples it ignores the
 * (positive) correlation between tiers and loses power; use {@link McNemarMidP} there.
 *
 * <p>{@code z = (pA - pB) / sqrt(p(1-p)(1/nA + 1/nB))} with the pooled rate {@code p}; the one-sided p-value is
 * {@code P(Z > z)}, the two-sided {@code P(|Z| > |z|)}. When the pooled rate is 0 or 1 both tiers agree exactly,
 * z is 0 and both p-values are 1.
 *
 * @param timeoutsA      timeouts in tier A
 * @param samplesA       samples in tier A
 * @param timeoutsB      timeouts in tier B
 * @param samplesB       samples in tier B
 * @param statistic      z
 * @param pValueOneSided p-value for "A's rate &gt; B's rate"
 * @param pValueTwoSided p-value for "the rates differ"
 */
public record TwoProportionZ(long timeoutsA, long samplesA, long timeoutsB, long samplesB, double statistic,
                             double pValueOneSided, double pValueTwoSided) implements PairTest {

    /** The name used in reports. */
    public static final String NAME = "two_proportion_z";

    public TwoProportionZ {
        checkCounts("timeoutsA", timeoutsA, "samplesA", samplesA);
        checkCounts("timeoutsB", timeoutsB, "samplesB", samplesB);
        checkProbability("pValueOneSided", pValueOneSided);
        checkProbability("pValueTwoSided", pValueTwoSided);
    }

    @Override
    public String name() {
        return NAME;
    }

    static void checkCounts(String timeoutsName, long timeouts, String samplesName, long samples) {
        if (samples < 1) {
            throw new IllegalArgumentException(samplesName + " must be at least 1, got " + samples);
        }
        if (timeouts < 0 || timeouts > samples) {
            throw new IllegalArgumentException(timeoutsName + " must lie in [0, " + samplesName + "=" + samples
                    + "], got " + timeouts);
        }
    }

    static void checkProbability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must lie in [0, 1], got " + value);
        }
    }
}
