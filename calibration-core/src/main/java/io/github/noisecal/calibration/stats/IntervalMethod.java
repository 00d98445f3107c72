package io.github.noisecal.calibration.stats;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;
import org.apache.commons.numbers.gamma.InverseErfc;
import org.apache.commons.numbers.gamma.RegularizedBeta;
import org.apache.commons.statistics.distribution.BetaDistribution;

/**
 * How a binomial proportion's confidence interval is computed.
 *
 * <p>Notation: {@code x} successes in {@code n} trials, {@code alpha = 1 - confidenceLevel},
 * {@code z} the standard normal quantile with upper tail {@code alpha/2}. Every method returns bounds in
 * [0, 1] that contain {@code x/n}; each constant documents what it does at {@code x = 0} and {@code x = n}.
 * All methods satisfy {@code lower(x, n) = 1 - upper(n - x, n)}: {@link RateEstimate#of} computes the
 * interval for whichever of successes and failures is the smaller count and reflects it for the other.
 *
 * <p>Each constant states its exact coverage at the 95 % level: the mean over the grid p = 0.0005, 0.0010, ...,
 * 0.9995 and the minimum over all p in (0, 1), both by enumerating the binomial law (computed, and checked against
 * this documentation, by {@code IntervalCoverageTableTest}). Only Clopper-Pearson never covers less than nominal.
 */
public enum IntervalMethod {
    /**
     * Wilson score interval, the set of p with {@code |x/n - p| <= z sqrt(p(1-p)/n)}: the default; good average
     * coverage without being conservative (its coverage dips below nominal for some p near 0 and 1).
     * At x = 0 the interval is exactly [0, z²/(n+z²)], at x = n exactly [n/(n+z²), 1].
     * <p>Exact coverage at 95 %, mean / minimum over p: n = 10: 0.954 / 0.835; n = 30: 0.952 / 0.837; n =
     * 100: 0.951 / 0.838; n = 1,000: 0.950 / 0.838.
     */
    WILSON {
        @Override
        double lowerForMinority(double minority, double trials, double confidenceLevel) {
            return wilsonLower(minority, trials, StandardNormal.twoSidedQuantile(confidenceLevel));
        }

        @Override
        double upperForMinority(double minority, double trials, double confidenceLevel) {
            return wilsonUpper(minority, trials, StandardNormal.twoSidedQuantile(confidenceLevel));
        }
    },
    /**
     * Wilson score interval with continuity correction (Newcombe 1998, method 4; R's {@code prop.test} except that
     * R drops the correction at x = n/2): the score interval for {@code x/n ± 1/(2n)}. Lower bound 0 at x = 0, upper
     * bound 1 at x = n; otherwise clipped to [0, 1].
     * <p>Conservative on average but, unlike Clopper-Pearson, not guaranteed: coverage falls just short of nominal
     * beside some of its bounds, at every n (0.9488 at 95 %), and further at high levels (0.980 at n = 10,
     * p = 0.002, 99 %).
     * <p>Exact coverage at 95 %, mean / minimum over p: n = 10: 0.982 / 0.949; n = 30: 0.973 / 0.949; n =
     * 100: 0.965 / 0.949; n = 1,000: 0.955 / 0.949.
     */
    WILSON_CC {
        @Override
        double lowerForMinority(double minority, double trials, double confidenceLevel) {
            if (minority == 0) {
                return 0;
            }
            double z = StandardNormal.twoSidedQuantile(confidenceLevel);
            double z2 = z * z;
            double x = minority;
            double n = trials;
            // Never negative for whole counts; an effective count below one trial can make it so.
            double root = Math.sqrt(Math.max(0, z2 - 2 - 1 / n + 4 * (x / n) * (n - x + 1)));
            return (2 * x + z2 - 1 - z * root) / (2 * (n + z2));
        }

        @Override
        double upperForMinority(double minority, double trials, double confidenceLevel) {
            double z = StandardNormal.twoSidedQuantile(confidenceLevel);
            double z2 = z * z;
            double x = minority;
            double n = trials;
            double root = Math.sqrt(Math.max(0, z2 + 2 - 1 / n + 4 * (x / n) * (n - x - 1)));
            return (2 * x + z2 + 1 + z * root) / (2 * (n + z2));
        }
    },
    /**
     * Clopper-Pearson "exact" interval, which inverts two one-sided binomial tests of size alpha/2 each:
     * lower = Beta quantile alpha/2 of Beta(x, n-x+1), upper = quantile 1-alpha/2 of Beta(x+1, n-x).
     * Coverage is at least nominal for every p (conservative). At x = 0 the lower bound is 0 and the upper bound
     * keeps its one-sided level alpha/2 (= 1 - (alpha/2)^(1/n)); symmetrically at x = n the upper bound is 1 and
     * the lower bound is (alpha/2)^(1/n). This is the convention of R's {@code binom.test} and scipy.
     * <p>Exact coverage at 95 %, mean / minimum over p: n = 10: 0.984 / 0.961; n = 30: 0.973 / 0.951; n =
     * 100: 0.965 / 0.950; n = 1,000: 0.955 / 0.950.
     */
    CLOPPER_PEARSON {
        @Override
        double lowerForMinority(double minority, double trials, double confidenceLevel) {
            if (minority == 0) {
                return 0;
            }
            double tail = (1 - confidenceLevel) / 2;
            if (minority == 1) {
                // Beta(1, n) has cdf 1 - (1-x)^n
                return -Math.expm1(Math.log1p(-tail) / trials);
            }
            double start = wilsonLower(minority, trials, StandardNormal.twoSidedQuantile(confidenceLevel));
            return BetaQuantile.lowerTail(minority, trials - minority + 1.0, tail, start);
        }

        @Override
        double upperForMinority(double minority, double trials, double confidenceLevel) {
            double tail = (1 - confidenceLevel) / 2;
            if (minority == 0) {
                // Beta(1, n) has survival function (1-x)^n
                return -Math.expm1(Math.log(tail) / trials);
            }
            double start = wilsonUpper(minority, trials, StandardNormal.twoSidedQuantile(confidenceLevel));
            return BetaQuantile.upperTail(minority + 1.0, trials - minority, tail, start);
        }
    },
    /**
     * Jeffreys interval: the equal-tailed quantiles alpha/2 and 1-alpha/2 of the Beta(x+1/2, n-x+1/2) posterior.
     * Boundary convention (Brown, Cai and DasGupta 2001): the lower bound is 0 at x = 0 and the upper bound is 1
     * at x = n; the other bound keeps its quantile. (Their further adjustment at x = 1 and x = n-1 is not applied.)
     * At confidence levels below 0.5 an equal-tailed posterior interval can miss x/n; the bounds are then widened
     * to contain it. At 0.5 and above that never happens.
     * <p>Exact coverage at 95 %, mean / minimum over p: n = 10: 0.953 / 0.868; n = 30: 0.951 / 0.888; n =
     * 100: 0.950 / 0.880; n = 1,000: 0.950 / 0.898.
     */
    JEFFREYS {
        @Override
        double lowerForMinority(double minority, double trials, double confidenceLevel) {
            if (minority == 0) {
                return 0;
            }
            double start = wilsonLower(minority, trials, StandardNormal.twoSidedQuantile(confidenceLevel));
            return BetaQuantile.lowerTail(minority + 0.5, trials - minority + 0.5, (1 - confidenceLevel) / 2, start);
        }

        @Override
        double upperForMinority(double minority, double trials, double confidenceLevel) {
            double start = wilsonUpper(minority, trials, StandardNormal.twoSidedQuantile(confidenceLevel));
            return BetaQuantile.upperTail(minority + 0.5, trials - minority + 0.5, (1 - confidenceLevel) / 2, start);
        }
    },
    /**
     * Agresti-Coull interval: the Wald interval around {@code p~ = (x + z²/2)/(n + z²)} with {@code n~ = n + z²}
     * trials, clipped to [0, 1]. The clipping makes the lower bound 0 at x = 0 and the upper bound 1 at x = n.
     * <p>Exact coverage at 95 %, mean / minimum over p: n = 10: 0.964 / 0.924; n = 30: 0.960 / 0.934; n =
     * 100: 0.956 / 0.938; n = 1,000: 0.951 / 0.943.
     */
    AGRESTI_COULL {
        @Override
        double lowerForMinority(double minority, double trials, double confidenceLevel) {
            double z = StandardNormal.twoSidedQuantile(confidenceLevel);
            double adjustedTrials = trials + z * z;
            double centre = (minority + z * z / 2) / adjustedTrials;
            return centre - z * Math.sqrt(centre * (1 - centre) / adjustedTrials);
        }

        @Override
        double upperForMinority(double minority, double trials, double confidenceLevel) {
            double z = StandardNormal.twoSidedQuantile(confidenceLevel);
            double adjustedTrials = trials + z * z;
            double centre = (minority + z * z / 2) / adjustedTrials;
            return centre + z * Math.sqrt(centre * (1 - centre) / adjustedTrials);
        }
    };

    /**
     * The method's name in model files and on the command line: the constant's name in lower case, snake_case like
     * every other code in a model.
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The method with the given {@link #id()} or constant name, ignoring case and accepting hyphens for
     * underscores (so "wilson_cc", "wilson-cc" and "WILSON_CC" all work).
     *
     * @throws IllegalArgumentException naming the accepted values if there is no such method
     */
    public static IntervalMethod fromId(String id) {
        Objects.requireNonNull(id, "id");
        String normalized = id.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (IntervalMethod method : values()) {
            if (method.id().equals(normalized)) {
                return method;
            }
        }
        throw new IllegalArgumentException("interval method must be one of "
                + Arrays.stream(values()).map(IntervalMethod::id).collect(Collectors.joining(", "))
                + ", got '" + id + "'");
    }

    /**
     * Lower bound for {@code minority} successes, where {@code minority <= trials - minority}. May leave [0, 1] by
     * rounding or, for Agresti-Coull, by construction; the caller clips. Counts are whole numbers for a binomial
     * rate; module-clustered intervals pass effective counts, which may be fractional (every formula is defined for
     * them: the Beta quantiles take real shapes).
     */
    abstract double lowerForMinority(double minority, double trials, double confidenceLevel);

    /** Upper bound for {@code minority <= trials - minority} successes; see {@link #lowerForMinority}. */
    abstract double upperForMinority(double minority, double trials, double confidenceLevel);

    /** The two-sided standard normal quantile z of the level, {@code P(|Z| <= z) = confidenceLevel}. */
    static double normalQuantile(double confidenceLevel) {
        return StandardNormal.twoSidedQuantile(confidenceLevel);
    }

    /** The larger root of the Wilson score quadratic {@code (n+z²)p² - (2x+z²)p + x²/n = 0}. */
    static double wilsonUpper(double successes, double trials, double z) {
        double z2 = z * z;
        double x = successes;
        double n = trials;
        double spread = Math.sqrt(x * ((n - x) / n) + z2 / 4);
        return (x + z2 / 2 + z * spread) / (n + z2);
    }

    /**
     * The smaller root, as the product of the roots {@code x²/(n(n+z²))} divided by the larger one: unlike
     * {@code centre - halfWidth} this keeps full relative precision for rates near 0.
     */
    static double wilsonLower(double successes, double trials, double z) {
        if (successes == 0) {
            return 0;
        }
        double x = successes;
        double n = trials;
        return x * (x / n) / ((n + z * z) * wilsonUpper(successes, trials, z));
    }

    /** Two-sided standard normal quantiles, cached per confidence level so that hot loops do not recompute them. */
    private static final class StandardNormal {
        private static final int SLOTS = 16;
        private static final AtomicReferenceArray<Quantile> CACHE = new AtomicReferenceArray<>(SLOTS);

        /** Immutable, so a slot can be read and replaced by any thread without locking. */
        private record Quantile(double confidenceLevel, double z) {
        }

        private StandardNormal() {
        }

        /** z with {@code P(|Z| <= z) = confidenceLevel}, i.e. {@code sqrt(2) * erfc^-1(1 - confidenceLevel)}. */
        static double twoSidedQuantile(double confidenceLevel) {
            long bits = Double.doubleToLongBits(confidenceLevel);
            int slot = (int) ((bits * 0x9E3779B97F4A7C15L) >>> 60);
            Quantile cached = CACHE.get(slot);
            if (cached != null && cached.confidenceLevel == confidenceLevel) {
                return cached.z;
            }
            // 1 - level is exact for levels >= 0.5, and erfc^-1 keeps full precision near alpha = 0
            double z = Math.sqrt(2) * InverseErfc.value(1 - confidenceLevel);
            CACHE.set(slot, new Quantile(confidenceLevel, z));
            return z;
        }
    }

    /**
     * Quantiles of Beta(a, b), for {@code b >= 1} by Newton's method on {@code h(u) = log P(tail)} as a function of
     * {@code u = log x}. The density of {@code log X} is then log-concave, so both tail probabilities are log-concave
     * in u: a Newton step never moves away from the root's side it lands on, and the iteration converges from any
     * start without bracketing. Near the root the step gets Halley's curvature correction, which saves about one
     * evaluation per quantile; {@code h''} is analytic given the density. Working in {@code log x} keeps full
     * relative precision for the tiny bounds of rare events at large n. Shapes {@code b < 1}, which only effective
     * counts below about one trial produce, go to Commons Statistics' Beta quantiles.
     */
    private static final class BetaQuantile {
        private static final int MAX_ITERATIONS = 200;
        /** Stop once the step, or Newton's predicted remaining error, is below this relative size of x. */
        private static final double RELATIVE_TOLERANCE = 1e-15;
        /** Halley's correction is applied only while it changes the Newton step by less than this fraction. */
        private static final double MAX_HALLEY_CORRECTION = 0.25;
        /**
         * Relative step size below which steps are watched for noise: the incomplete beta function is accurate to
         * about 1e-11 relative in places (e.g. Beta(2, 376585) near 7e-6), which no step can beat.
         */
        private static final double NOISE_REGION = 1e-9;
        private static final int MAX_NOISY_STEPS = 8;

        private BetaQuantile() {
        }

        /** x with {@code P(X <= x) = probability}. */
        static double lowerTail(double a, double b, double probability, double start) {
            if (b < 1) {
                // Only effective counts below about one trial get here; Newton's convergence argument needs b >= 1.
                return BetaDistribution.of(a, b).inverseCumulativeProbability(probability);
            }
            return solve(a, b, probability, true, start);
        }

        /** x with {@code P(X > x) = probability}. */
        static double upperTail(double a, double b, double probability, double start) {
            if (b < 1) {
                return BetaDistribution.of(a, b).inverseSurvivalProbability(probability);
            }
            return solve(a, b, probability, false, start);
        }

        private static double solve(double a, double b, double probability, boolean lowerTail, double start) {
            double logTarget = Math.log(probability);
            double u = Math.log(start);
            double lastUsable = Double.NaN;
            double lastStep = Double.POSITIVE_INFINITY;
            int noisySteps = 0;
            for (int i = 0; i < MAX_ITERATIONS; i++) {
                double x = Math.exp(u);
                double step = Double.NaN;
                double halfCurvatureRatio = 0; // h''/(2h'): Newton's error after a step e is about this times e²
                if (x < 1) {
                    double tail = lowerTail ? RegularizedBeta.value(x, a, b) : RegularizedBeta.complement(x, a, b);
                    // g = x f(x) / tail; h' = g for the lower tail, -g for the upper tail
                    double g = x * RegularizedBeta.derivative(x, a, b) / tail;
                    double slope = lowerTail ? g : -g;
                    // h'' = h' (1 + x f'(x)/f(x)) - g², with x f'/f = (a-1) - (b-1) x/(1-x)
                    double curvature = slope * (a - (b - 1) * x / (1 - x)) - g * g;
                    halfCurvatureRatio = curvature / (2 * slope);
                    step = (Math.log(tail) - logTarget) / slope;
                    double correction = step * halfCurvatureRatio;
                    if (Math.abs(correction) < MAX_HALLEY_CORRECTION) {
                        step /= 1 - correction;
                    }
                }
                if (!Double.isFinite(step)) {
                    // The previous step overshot so far that x left (0, 1) or the tail underflowed: go back halfway.
                    u = Double.isNaN(lastUsable) ? firstBackOff(u, lowerTail) : 0.5 * (u + lastUsable);
                    continue;
                }
                lastUsable = u;
                u -= step;
                double size = Math.abs(step);
                if (size <= RELATIVE_TOLERANCE || Math.abs(halfCurvatureRatio) * size * size <= RELATIVE_TOLERANCE) {
                    return Math.exp(u);
                }
                // A step that does not shrink near the root (or a long run of small steps) means that the error of
                // the tail probability itself now decides the step: stop there.
                if (size <= NOISE_REGION && (size >= lastStep || ++noisySteps == MAX_NOISY_STEPS)) {
                    return Math.exp(u);
                }
                lastStep = size;
            }
            throw new ArithmeticException("Beta(" + a + ", " + b + ") quantile for tail probability " + probability
                    + " did not converge");
        }

        /** Without a usable point yet, an underflowed lower tail means x is far too small, an upper tail too large. */
        private static double firstBackOff(double u, boolean lowerTail) {
            return lowerTail ? 0.5 * u : 2 * u;
        }
    }
}
