package io.github.noisecal.calibration.stats;

/**
 * McNemar's test with mid-p values, for two tiers run on the same samples.
 *
 * <p>Only discordant samples carry information: {@code onlyA} timed out in tier A but not in B, {@code onlyB} the
 * reverse. Under "equal rates", {@code onlyA} is Binomial(onlyA + onlyB, 1/2). With X of that law, the one-sided
 * mid-p is {@code P(X > onlyA) + P(X = onlyA)/2} and the two-sided mid-p is twice the smaller of the two one-sided
 * mid-p values (Fagerland, Lydersen and Laake 2013 recommend mid-p over the conservative exact test).
 * Without discordant samples there is no evidence either way and both p-values are 1. The binomial tails come from
 * the regularized incomplete beta function, accurate to about 1e-15 up to 10^7 discordant samples and to about 1e-7
 * at 10^9 and beyond; below 1e-200, where its intermediate results underflow, they are summed in logarithms, so the
 * log10 stays exact to about 10 digits where the p-value itself underflows to 0.
 *
 * @param onlyA           samples that timed out in tier A only
 * @param onlyB           samples that timed out in tier B only
 * @param statistic       the uncorrected McNemar chi-square {@code (onlyA - onlyB)² / (onlyA + onlyB)}, 0 without
 *                        discordant samples; reported for reading only, the p-values are exact
 * @param pValueOneSided  mid-p for "A's rate &gt; B's rate"
 * @param pValueTwoSided  mid-p for "the rates differ"
 * @param log10PValueOneSided log10 of {@code pValueOneSided}: finite where the p-value underflows to 0 (all of
 *                        10^6 discordant samples one way: -301030.3)
 * @param log10PValueTwoSided log10 of {@code pValueTwoSided}, likewise
 */
public record McNemarMidP(long onlyA, long onlyB, double statistic, double pValueOneSided, double pValueTwoSided,
                          double log10PValueOneSided, double log10PValueTwoSided)
        implements PairTest {

    /** The name used in reports. */
    public static final String NAME = "mcnemar_mid_p";

    public McNemarMidP {
        if (onlyA < 0) {
            throw new IllegalArgumentException("onlyA must not be negative, got " + onlyA);
        }
        if (onlyB < 0) {
            throw new IllegalArgumentException("onlyB must not be negative, got " + onlyB);
        }
        PValues.check("pValueOneSided", pValueOneSided, log10PValueOneSided);
        PValues.check("pValueTwoSided", pValueTwoSided, log10PValueTwoSided);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@code onlyA + onlyB}, the samples the test is conditioned on. */
    public long discordant() {
        return onlyA + onlyB;
    }
}
