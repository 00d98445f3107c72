package io.github.noisecal.calibration.fit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the exponential, gamma, lognormal and Weibull families (location 0) to one tier's wall-clock
 * durations by censored maximum likelihood, ranks them by AIC and checks each with a bootstrap KS test.
 *
 * <p>Input rules:
 * <ul>
 *   <li>{@code censored[i]} marks a wall-clock timeout killed at {@code durationsMs[i]}: its duration is only
 *       known to exceed that value and it enters the likelihood as ln S(durationsMs[i]).</li>
 *   <li>A duration of exactly 0 ms (a millisecond clock's reading for a run under 1 ms) is taken as 0.5 ms, the
 *       middle of [0, 1) ms, so that ln t exists; all-zero events then fail as "all equal".</li>
 *   <li>Arrays of different lengths are an {@link IllegalArgumentException}. Every other defect yields every
 *       family not fitted, with the same reason: no samples, a negative or non-finite duration, all samples
 *       censored (no finite maximum), fewer than 2 events, or all events equal (no spread to fit).</li>
 * </ul>
 * A family whose own iteration fails is reported not fitted with its reason while the others stand.
 * AICc and BIC count n = all samples, events and timeouts. The KS p-value's bootstrap replicates keep the
 * sample's censoring and, when every duration is a whole number of ms, its millisecond rounding (see
 * {@link FitOptions} for the replicate count and seed).
 */
public final class DurationFitter {

    private static final Logger LOG = LoggerFactory.getLogger(DurationFitter.class);

    private DurationFitter() {
    }

    /**
     * Fits all four families.
     *
     * @param durationsMs wall-clock durations in ms; for timeouts the time they were killed at
     * @param censored    {@code censored[i]} is true when sample i timed out
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public static DurationDistributionFit fit(double[] durationsMs, boolean[] censored, FitOptions options) {
        Objects.requireNonNull(durationsMs, "durationsMs");
        Objects.requireNonNull(censored, "censored");
        Objects.requireNonNull(options, "options");
        if (durationsMs.length != censored.length) {
            throw new IllegalArgumentException("durationsMs has " + durationsMs.length + " entries but censored has "
                    + censored.length);
        }
        int nCensored = 0;
        Double censoredAt = null;
        for (int i = 0; i < censored.length; i++) {
            if (censored[i]) {
                nCensored++;
                if (Double.isFinite(durationsMs[i]) && (censoredAt == null || durationsMs[i] > censoredAt)) {
                    censoredAt = durationsMs[i];
                }
            }
        }
        int nEvents = durationsMs.length - nCensored;
        String problem = sampleProblem(durationsMs, nEvents, nCensored);
        if (problem != null) {
            return notFitted(problem, nEvents, nCensored, censoredAt);
        }
        CensoredSample sample = CensoredSample.of(durationsMs, censored);
        double[] events = sample.events();
        if (events[0] == events[events.length - 1]) {
            return notFitted("all " + nEvents + " event durations equal " + events[0] + " ms: no spread to fit",
                    nEvents, nCensored, censoredAt);
        }

        Map<DistributionFamily, FamilyFit> fits = new EnumMap<>(DistributionFamily.class);
        Map<DistributionFamily, String> failures = new EnumMap<>(DistributionFamily.class);
        for (DistributionFamily family : DistributionFamily.values()) {
            try {
                fits.put(family, family.maths().fit(sample));
            } catch (FitFailure | ArithmeticException | IllegalArgumentException e) {
                // The last two are commons-numbers special functions failing to converge at extreme arguments.
                LOG.debug("{} not fitted: {}", family.key(), e.getMessage());
                failures.put(family, e instanceof FitFailure ? e.getMessage() : family.key() + ": " + e.getMessage());
            }
        }

        double minAic = Double.POSITIVE_INFINITY;
        DistributionFamily best = null;
        for (Map.Entry<DistributionFamily, FamilyFit> entry : fits.entrySet()) {
            double aic = aic(entry.getKey(), entry.getValue());
            if (aic < minAic) {
                minAic = aic;
                best = entry.getKey();
            }
        }
        double weightSum = 0;
        for (Map.Entry<DistributionFamily, FamilyFit> entry : fits.entrySet()) {
            weightSum += Math.exp(-(aic(entry.getKey(), entry.getValue()) - minAic) / 2);
        }

        KaplanMeier km = KaplanMeier.of(sample);
        boolean subsampled = sample.size() > options.bootstrapSampleLimit();
        CensoredSample testSample = subsampled
                ? subsample(durationsMs, censored, options.bootstrapSampleLimit(), options.seed()) : sample;
        KsBootstrap bootstrap = new KsBootstrap(testSample);
        KaplanMeier testKm = subsampled ? KaplanMeier.of(testSample) : km;
        long n = sample.size();
        // The bootstraps dominate the cost and are independent (each family draws from its own seeded streams), so
        // the families run in parallel; the result does not depend on it.
        Map<DistributionFamily, Double> pValues = new EnumMap<>(DistributionFamily.class);
        if (options.bootstrapReplicates() > 0) {
            fits.entrySet().parallelStream()
                    .map(entry -> {
                        DistributionFamily family = entry.getKey();
                        double[] parameters = entry.getValue().parameters();
                        Double p = subsampled ? subsamplePValue(family, testSample, testKm, bootstrap, options)
                                : bootstrap.pValue(family.maths(), parameters,
                                        family.maths().ksDistance(km, parameters), options.bootstrapReplicates(),
                                        options.seed());
                        return Map.entry(family, p == null ? Double.NaN : p);
                    })
                    .toList()
                    .forEach(entry -> pValues.put(entry.getKey(), entry.getValue().isNaN() ? null : entry.getValue()));
        }
        Map<String, CandidateFit> candidates = new LinkedHashMap<>();
        List<String> ties = new ArrayList<>();
        for (DistributionFamily family : DistributionFamily.values()) {
            FamilyFit fit = fits.get(family);
            if (fit == null) {
                candidates.put(family.key(), new CandidateFit.NotFitted(family, failures.get(family)));
                continue;
            }
            int k = family.parameterCount();
            double aic = aic(family, fit);
            double delta = aic - minAic;
            if (family != best && delta < 2) {
                ties.add(family.key());
            }
            Double aicc = n - k - 1 > 0 ? aic + 2.0 * k * (k + 1) / (n - k - 1) : null;
            double bic = k * Math.log(n) - 2 * fit.logLikelihood();
            double ks = family.maths().ksDistance(km, fit.parameters());
            Double pValue = pValues.get(family);
            candidates.put(family.key(), new CandidateFit.Fitted(family, parameterMap(family, fit.parameters()),
                    fit.logLikelihood(), aic, aicc, bic, delta, Math.exp(-delta / 2) / weightSum, ks, pValue,
                    covarianceRows(fit.covariance())));
        }
        return new DurationDistributionFit(best == null ? null : best.key(), ties, nEvents, nCensored, censoredAt,
                candidates);
    }

    /** The KS test of {@code family} on the subsample: refitted there, so the bootstrap calibrates the same test. */
    private static Double subsamplePValue(DistributionFamily family, CensoredSample subsample, KaplanMeier km,
                                          KsBootstrap bootstrap, FitOptions options) {
        FamilyFit fit;
        try {
            fit = family.maths().fit(subsample);
        } catch (FitFailure | ArithmeticException | IllegalArgumentException e) {
            LOG.debug("{} not fitted on the bootstrap subsample: {}", family.key(), e.getMessage());
            return null;
        }
        double ks = family.maths().ksDistance(km, fit.parameters());
        return bootstrap.pValue(family.maths(), fit.parameters(), ks, options.bootstrapReplicates(), options.seed());
    }

    /** A seeded sample of {@code size} indices without replacement (partial Fisher-Yates), in index order. */
    private static CensoredSample subsample(double[] durationsMs, boolean[] censored, int size, long seed) {
        int n = durationsMs.length;
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = i;
        }
        SplitMix64 random = new SplitMix64(seed ^ 0x5375627361L);
        for (int i = 0; i < size; i++) {
            int j = i + (int) Math.floorMod(random.nextLong(), (long) (n - i));
            int swap = indices[i];
            indices[i] = indices[j];
            indices[j] = swap;
        }
        int[] chosen = java.util.Arrays.copyOf(indices, size);
        java.util.Arrays.sort(chosen);
        double[] d = new double[size];
        boolean[] c = new boolean[size];
        for (int i = 0; i < size; i++) {
            d[i] = durationsMs[chosen[i]];
            c[i] = censored[chosen[i]];
        }
        return CensoredSample.of(d, c);
    }

    private static String sampleProblem(double[] durationsMs, int nEvents, int nCensored) {
        if (durationsMs.length == 0) {
            return "no samples";
        }
        for (int i = 0; i < durationsMs.length; i++) {
            if (!Double.isFinite(durationsMs[i])) {
                return "durationsMs[" + i + "] is not finite (" + durationsMs[i] + ")";
            }
            if (durationsMs[i] < 0) {
                return "durationsMs[" + i + "] is negative (" + durationsMs[i] + " ms)";
            }
        }
        if (nEvents == 0) {
            return "all " + nCensored + " samples were censored (timed out): the likelihood has no finite maximum";
        }
        if (nEvents < 2) {
            return "only " + nEvents + " event among " + (nEvents + nCensored)
                    + " samples: at least 2 uncensored durations are needed";
        }
        return null;
    }

    private static DurationDistributionFit notFitted(String reason, int nEvents, int nCensored, Double censoredAt) {
        Map<String, CandidateFit> candidates = new LinkedHashMap<>();
        for (DistributionFamily family : DistributionFamily.values()) {
            candidates.put(family.key(), new CandidateFit.NotFitted(family, reason));
        }
        return new DurationDistributionFit(null, List.of(), nEvents, nCensored, censoredAt, candidates);
    }

    private static double aic(DistributionFamily family, FamilyFit fit) {
        return 2.0 * family.parameterCount() - 2 * fit.logLikelihood();
    }

    private static Map<String, Double> parameterMap(DistributionFamily family, double[] values) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(family.parameterNames().get(i), values[i]);
        }
        return map;
    }

    private static List<List<Double>> covarianceRows(double[][] covariance) {
        List<List<Double>> rows = new ArrayList<>();
        for (double[] row : covariance) {
            List<Double> values = new ArrayList<>();
            for (double v : row) {
                values.add(v);
            }
            rows.add(values);
        }
        return rows;
    }
}
