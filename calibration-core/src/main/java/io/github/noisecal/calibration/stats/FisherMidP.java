package io.github.noisecal.calibration.stats;

/**
 * Fisher's exact test with mid-p values, for two tiers sampled independently of each other.
 *
 * <p>Conditioned on both margins of the 2x2 table (samples per tier, timeouts in all), the timeouts of tier A are
 * hypergeometric under "equal rates". The one-sided mid-p is {@code P(X > timeoutsA) + P(X = timeoutsA)/2}, the
 * two-sided mid-p twice the smaller one-sided mid-p, as for {@link McNemarMidP}: Lydersen, Fagerland and Laake
 * (2009) recommend the mid-p version of Fisher's test over the exact one, which is conservative, and over the
 * pooled z-test, which is anti-conservative for small counts (3/100 against 0/100 timeouts: z-test p = 0.040,
 * Fisher's exact p = 0.123, mid-p 0.0616). When the table has no timeouts at all, or nothing but timeouts, it
 * carries no evidence either way and both p-values are 1. The tails are summed in logarithms from log binomial
 * coefficients: about 10 significant digits for tables of 10^5 samples, and a log10 that stays exact where the
 * p-value underflows to 0.
 *
 * @param timeoutsA            timeouts in tier A
 * @param samplesA             samples in tier A
 * @param timeoutsB            timeouts in tier B
 * @param samplesB             samples in tier B
 * @param statistic            the difference of the timeout rates, {@code timeoutsA/samplesA - timeoutsB/samplesB};
 *                             reported for reading only, the p-values are exact
 * @param pValueOneSided       mid-p for "A's rate &gt; B's rate"
 * @param pValueTwoSided       mid-p for "the rates differ"
 * @param log10PValueOneSided  log10 of {@code pValueOneSided}, finite where the p-value underflows to 0
 * @param log10PValueTwoSided  log10 of {@code pValueTwoSided}, likewise
 */
public record FisherMidP(long timeoutsA, long samplesA, long timeoutsB, long samplesB, double statistic,
                         double pValueOneSided, double pValueTwoSided, double log10PValueOneSided,
                         double log10PValueTwoSided) implements PairTest {

    /** The name used in reports. */
    public static final String NAME = "fisher_mid_p";

    public FisherMidP {
        PValues.checkCounts("timeoutsA", timeoutsA, "samplesA", samplesA);
        PValues.checkCounts("timeoutsB", timeoutsB, "samplesB", samplesB);
        PValues.check("pValueOneSided", pValueOneSided, log10PValueOneSided);
        PValues.check("pValueTwoSided", pValueTwoSided, log10PValueTwoSided);
    }

    @Override
    public String name() {
        return NAME;
    }
}
