package io.github.noisecal.calibration.stats;

import org.apache.commons.numbers.gamma.LogBeta;

/**
 * Mid-p tail probabilities of the two discrete laws the tier tests condition on, kept in natural logarithms so
 * that p-values far below the double range (a McNemar table with 10^6 discordant pairs all one way has
 * log10 p = -301030) are still exact to about 10 significant digits.
 *
 * <p>A tail is summed from its largest term outwards, each term from the previous one by the pmf ratio, until
 * the terms no longer change the sum; the smaller tail is always the one summed and the other taken as its
 * complement, so no sum runs over the body of the law. The starting pmf comes from {@link LogBeta}, which keeps
 * ln C(n, k) accurate to a few ulps of its value even at n = 10^12.
 */
final class DiscreteTails {

    /** Terms below this fraction of the running sum no longer change it. */
    private static final double NEGLIGIBLE = 1e-18;
    private static final double LN_2 = Math.log(2);

    private DiscreteTails() {
    }

    /** A mid-p value and its natural logarithm; {@code value} may underflow to 0 while {@code ln} stays finite. */
    record MidP(double value, double ln) {
        double log10() {
            return ln / Math.log(10);
        }
    }

    /** ln C(n, k) for 0 <= k <= n. */
    static double lnChoose(long n, long k) {
        if (k == 0 || k == n) {
            return 0;
        }
        // C(n, k) = 1 / ((n + 1) B(k + 1, n - k + 1))
        return -Math.log1p((double) n) - LogBeta.value(k + 1.0, (double) (n - k) + 1.0);
    }

    /**
     * {@code P(X > k) + P(X = k)/2} for X ~ Binomial(n, 1/2), {@code 0 <= k <= n}, {@code n >= 1}: the upper
     * one-sided mid-p of McNemar's conditional test.
     */
    static MidP binomialHalfUpperMidP(long k, long n) {
        // X and n - X have the same law, so the lower tail at k is the upper tail at n - k.
        double lnPmf = lnChoose(n, k) - n * LN_2;
        if (2 * k >= n) {
            // Upper tail beyond k is the small one: ratio pmf(x+1)/pmf(x) = (n - x)/(x + 1).
            double relative = sumRatios(k, n, (x) -> (double) (n - x) / (x + 1.0));
            return midP(lnPmf + Math.log(relative), lnPmf, false);
        }
        // P(X <= k) = P(X >= n - k), summed upwards from pmf(n - k) = pmf(k).
        double relative = sumRatios(n - k, n, (x) -> (double) (n - x) / (x + 1.0));
        return midP(lnPmf + Math.log(relative), lnPmf, true);
    }

    /**
     * {@code P(X > a) + P(X = a)/2} for X hypergeometric: {@code drawn} items drawn without replacement from
     * {@code population} items of which {@code marked} are marked, a the marked items drawn. This is the upper
     * one-sided mid-p of Fisher's exact test of a 2x2 table conditioned on its margins.
     */
    static MidP hypergeometricUpperMidP(long a, long population, long marked, long drawn) {
        long low = Math.max(0, drawn - (population - marked));
        long high = Math.min(marked, drawn);
        double lnPmf = lnChoose(marked, a) + lnChoose(population - marked, drawn - a) - lnChoose(population, drawn);
        // The mode of the hypergeometric law.
        double mode = Math.floor((drawn + 1.0) * (marked + 1.0) / (population + 2.0));
        if (a >= mode) {
            // ratio pmf(x+1)/pmf(x) = (marked - x)(drawn - x) / ((x + 1)(population - marked - drawn + x + 1))
            double relative = a >= high ? 1 : sumRatios(a, high, x -> (double) (marked - x) * (double) (drawn - x)
                    / ((x + 1.0) * ((double) (population - marked - drawn) + x + 1.0)));
            return midP(lnPmf + Math.log(relative), lnPmf, false);
        }
        // Lower tail P(X <= a) summed downwards: ratio pmf(x-1)/pmf(x), written over y = a - x steps.
        double relative = a <= low ? 1 : sumRatios(a, a + (a - low), x -> {
            long at = 2 * a - x; // walks a, a-1, ..., low as x walks a, a+1, ...
            return at * ((double) (population - marked - drawn) + at) / ((double) (marked - at + 1) * (drawn - at + 1));
        });
        return midP(lnPmf + Math.log(relative), lnPmf, true);
    }

    /**
     * Σ_{j>=0} Π_{i<j} ratio(start + i), the tail from {@code start} in units of its first term, where
     * {@code ratio(x)} is the pmf ratio from x to the next point; stops at {@code last} or when terms vanish.
     */
    private static double sumRatios(long start, long last, java.util.function.LongToDoubleFunction ratio) {
        double sum = 1;
        double term = 1;
        for (long x = start; x < last; x++) {
            term *= ratio.applyAsDouble(x);
            sum += term;
            if (term < NEGLIGIBLE * sum) {
                break;
            }
        }
        return sum;
    }

    /**
     * The upper mid-p from the ln of a tail that includes the observed point and the ln of that point's pmf.
     *
     * @param lnTail     ln P(X >= a) when {@code lowerTail} is false, ln P(X <= a) when true
     * @param lowerTail  which tail {@code lnTail} is; the upper mid-p is then its complement
     */
    private static MidP midP(double lnTail, double lnPmf, boolean lowerTail) {
        // Upper mid-p = P(X >= a) - pmf(a)/2, or 1 - (P(X <= a) - pmf(a)/2).
        double lnHalfPmf = lnPmf - LN_2;
        double lnTailMid = lnTail + Math.log1p(-Math.exp(lnHalfPmf - lnTail));
        if (!lowerTail) {
            return new MidP(Math.min(1, Math.exp(lnTailMid)), Math.min(0, lnTailMid));
        }
        double lower = Math.exp(lnTailMid);
        double upper = Math.max(0, 1 - lower);
        return new MidP(upper, Math.log1p(-Math.min(lower, 1)));
    }
}
