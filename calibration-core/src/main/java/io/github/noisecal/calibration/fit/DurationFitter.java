package io.github.noisecal.calibration.fit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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
 *   <li>Finished runs shorter than 1/1000 of the median finished duration (at least one step of the recording
 *       clock) are instant ends, modelled apart as a point mass ({@link InstantEnds}); the families are fitted to
 *       the other runs, left-truncated where instant ends stop.</li>
 *   <li>Arrays of different lengths are an {@link IllegalArgumentException}. Every other defect yields every
 *       family not fitted, with the same reason: no samples, a negative or non-finite duration, all samples
 *       censored (no finite maximum), fewer than 2 events, or all events equal (no spread to fit).</li>
 * </ul>
 * A family whose own iteration fails is reported not fitted with its reason while the others stand.
 * AICc and BIC count n = all samples, events and timeouts. The KS statistic and its p-value are computed on the
 * same runs: every one, or for tiers above {@link FitOptions#bootstrapSampleLimit()} a seeded subsample with each
 * family refitted to it. The bootstrap replicates keep the sample's censoring and its recording clock
 * ({@link RecordingGrid}); see {@link FitOptions} for the replicate count and seed.
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
        return fit(durationsMs, censored, options, EnumSet.allOf(DistributionFamily.class));
    }

    /**
     * As {@link #fit(double[], boolean[], FitOptions)}: the work on the sample itself runs in the calling thread,
     * the goodness-of-fit bootstraps' replicates as tasks on {@code executor}, and the fit completes when they have.
     * The result does not depend on the executor.
     *
     * @throws IllegalArgumentException when the arrays differ in length
     */
    public static CompletableFuture<DurationDistributionFit> fit(double[] durationsMs, boolean[] censored,
                                                                 FitOptions options, Executor executor) {
        return fit(durationsMs, censored, null, options, EnumSet.allOf(DistributionFamily.class), executor);
    }

    /**
     * As {@link #fit(double[], boolean[], FitOptions, Executor)}, keeping {@code observed} as the fit's observations:
     * the same durations grouped with what else is known of them, such as their modules
     * ({@link ObservedDurations#of(double[], boolean[], int[], int)}).
     */
    public static CompletableFuture<DurationDistributionFit> fit(double[] durationsMs, boolean[] censored,
                                                                 ObservedDurations observed, FitOptions options,
                                                                 Executor executor) {
        return fit(durationsMs, censored, Objects.requireNonNull(observed, "observed"), options,
                EnumSet.allOf(DistributionFamily.class), executor);
    }

    /** As {@link #fit(double[], boolean[], FitOptions)}, fitting only {@code families} (the others "not requested"). */
    static DurationDistributionFit fit(double[] durationsMs, boolean[] censored, FitOptions options,
                                       Set<DistributionFamily> families) {
        Objects.requireNonNull(options, "options");
        if (options.bootstrapReplicates() == 0) {
            return Workers.join(fit(durationsMs, censored, null, options, families, Runnable::run));
        }
        return Workers.onEveryCore(executor -> fit(durationsMs, censored, null, options, families, executor));
    }

    private static CompletableFuture<DurationDistributionFit> fit(double[] durationsMs, boolean[] censored,
                                                                  ObservedDurations given, FitOptions options,
                                                                  Set<DistributionFamily> families,
                                                                  Executor executor) {
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
        String invalid = invalidDuration(durationsMs);
        if (invalid != null) {
            return CompletableFuture.completedFuture(
                    new Failed(nEvents, nCensored, censoredAt, null, null, null).with(invalid));
        }
        ObservedDurations observed = given != null ? given : ObservedDurations.of(durationsMs, censored);
        String problem = sampleProblem(durationsMs, nEvents, nCensored);
        if (problem != null) {
            return CompletableFuture.completedFuture(
                    new Failed(nEvents, nCensored, censoredAt, null, null, observed).with(problem));
        }
        double step = RecordingGrid.detect(eventDurations(durationsMs, censored));
        Double resolution = step > 0 ? step : null;
        CensoredSample all = CensoredSample.of(durationsMs, censored);
        InstantEnds instant = instantEnds(all, step);
        CensoredSample sample = instant == null ? all : all.eventsFrom(instant.belowMs(), instant.truncationMs());
        Failed failed = new Failed(nEvents, nCensored, censoredAt, resolution, instant, observed);
        String instantNote = instant == null ? "" : " (after setting apart " + instant.count() + " instant ends)";
        if (sample.eventCount() < 2) {
            return CompletableFuture.completedFuture(failed.with("only " + sample.eventCount() + " finished run"
                    + (sample.eventCount() == 1 ? "" : "s") + instantNote + ": at least 2 uncensored durations are "
                    + "needed"));
        }
        double[] events = sample.events();
        if (events[0] == events[events.length - 1]) {
            return CompletableFuture.completedFuture(failed.with("all " + sample.eventCount() + " event durations"
                    + instantNote + " equal " + events[0] + " ms: no spread to fit"));
        }

        Map<DistributionFamily, String> failures = new EnumMap<>(DistributionFamily.class);
        Map<DistributionFamily, FamilyFit> fits = fitAll(sample, failures, families);
        double instantLogLikelihood = instantLogLikelihood(instant);
        int extraParameters = instant == null ? 0 : 1;

        double minAic = Double.POSITIVE_INFINITY;
        DistributionFamily best = null;
        for (Map.Entry<DistributionFamily, FamilyFit> entry : fits.entrySet()) {
            double aic = aic(entry.getKey(), entry.getValue(), instantLogLikelihood, extraParameters);
            if (aic < minAic) {
                minAic = aic;
                best = entry.getKey();
            }
        }
        double weightSum = 0;
        for (Map.Entry<DistributionFamily, FamilyFit> entry : fits.entrySet()) {
            weightSum += Math.exp(-(aic(entry.getKey(), entry.getValue(), instantLogLikelihood, extraParameters)
                    - minAic) / 2);
        }

        // The KS statistic and its p-value come from the same runs: all of them, or a seeded subsample with every
        // family refitted to it.
        boolean subsampled = durationsMs.length > options.bootstrapSampleLimit();
        CensoredSample testSample = sample;
        Map<DistributionFamily, FamilyFit> testFits = fits;
        if (subsampled) {
            CensoredSample drawn = subsample(durationsMs, censored, options.bootstrapSampleLimit(), options.seed());
            testSample = instant == null ? drawn : drawn.eventsFrom(instant.belowMs(), instant.truncationMs());
            testFits = fitAll(testSample, new EnumMap<>(DistributionFamily.class), families);
        }
        KaplanMeier testKm = KaplanMeier.of(testSample);
        KsBootstrap bootstrap = new KsBootstrap(testSample, step);
        // The bootstraps dominate the cost; their replicates run as tasks (each family and replicate draws from its
        // own seeded stream, so the result does not depend on it).
        Map<DistributionFamily, Double> statistics = new EnumMap<>(DistributionFamily.class);
        Map<DistributionFamily, CompletableFuture<BootstrapPValue>> bootstraps = new EnumMap<>(DistributionFamily.class);
        for (DistributionFamily family : fits.keySet()) {
            FamilyFit fit = testFits.get(family);
            if (fit == null) {
                statistics.put(family, Double.NaN);
                continue;
            }
            double distance = family.maths().ksDistance(testKm, fit.parameters(), testSample.truncationMs());
            statistics.put(family, distance);
            bootstraps.put(family, bootstrap.pValue(family.maths(), fit.parameters(), distance,
                    options.bootstrapReplicates(), options.maxBootstrapReplicates(), options.seed(), executor));
        }
        DistributionFamily bestFamily = best;
        double smallestAic = minAic;
        double weights = weightSum;
        int testedSize = (int) testSample.size();
        Double largestCensoring = censoredAt;
        int timeouts = nCensored;
        return CompletableFuture.allOf(bootstraps.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<DistributionFamily, BootstrapPValue> pValues = new EnumMap<>(DistributionFamily.class);
            bootstraps.forEach((family, p) -> {
                if (p.join() != null) {
                    pValues.put(family, p.join());
                }
            });
            long n = all.size();
            Map<String, CandidateFit> candidates = new LinkedHashMap<>();
            List<String> ties = new ArrayList<>();
            for (DistributionFamily family : DistributionFamily.values()) {
                FamilyFit fit = fits.get(family);
                if (fit == null) {
                    candidates.put(family.key(), new CandidateFit.NotFitted(family, failures.get(family)));
                    continue;
                }
                int k = family.parameterCount() + extraParameters;
                double logLikelihood = fit.logLikelihood() + instantLogLikelihood;
                double aic = aic(family, fit, instantLogLikelihood, extraParameters);
                double delta = aic - smallestAic;
                if (family != bestFamily && delta < 2) {
                    ties.add(family.key());
                }
                Double aicc = n - k - 1 > 0 ? aic + 2.0 * k * (k + 1) / (n - k - 1) : null;
                double bic = k * Math.log(n) - 2 * logLikelihood;
                double ks = statistics.get(family);
                if (Double.isNaN(ks)) {
                    // Not refittable on the subsample: the full sample's distance, without a p-value.
                    ks = family.maths().ksDistance(KaplanMeier.of(sample), fit.parameters(), sample.truncationMs());
                }
                candidates.put(family.key(), new CandidateFit.Fitted(family, parameterMap(family, fit.parameters()),
                        logLikelihood, aic, aicc, bic, delta, Math.exp(-delta / 2) / weights, ks, pValues.get(family),
                        covarianceRows(fit.covariance())));
            }
            return new DurationDistributionFit(bestFamily == null ? null : bestFamily.key(), ties, nEvents, timeouts,
                    largestCensoring, resolution, instant, testedSize, observed, candidates);
        });
    }

    /** Every family that fits, by family; why the others do not goes to {@code failures}. */
    private static Map<DistributionFamily, FamilyFit> fitAll(CensoredSample sample,
                                                             Map<DistributionFamily, String> failures,
                                                             Set<DistributionFamily> families) {
        Map<DistributionFamily, FamilyFit> fits = new EnumMap<>(DistributionFamily.class);
        for (DistributionFamily family : DistributionFamily.values()) {
            if (!families.contains(family)) {
                failures.put(family, family.key() + ": not requested");
                continue;
            }
            try {
                fits.put(family, family.maths().fit(sample));
            } catch (FitFailure | ArithmeticException | IllegalArgumentException e) {
                // The last two are commons-numbers special functions failing to converge at extreme arguments.
                LOG.debug("{} not fitted: {}", family.key(), e.getMessage());
                failures.put(family, e instanceof FitFailure ? e.getMessage() : family.key() + ": " + e.getMessage());
            }
        }
        return fits;
    }

    /**
     * The runs shorter than max(one clock step, 1/1000 of the median finished duration), rounded up to the clock's
     * steps; null when there are none.
     */
    private static InstantEnds instantEnds(CensoredSample all, double step) {
        double[] events = all.events();
        double median = events.length % 2 == 1 ? events[events.length / 2]
                : 0.5 * (events[events.length / 2 - 1] + events[events.length / 2]);
        double threshold = Math.max(step, median * InstantEnds.MEDIAN_FRACTION);
        if (step > 0) {
            threshold = step * Math.ceil(threshold / step - 1e-9);
        }
        int count = 0;
        while (count < events.length && events[count] < threshold) {
            count++;
        }
        if (count == 0 || !(threshold > 0)) {
            return null;
        }
        return new InstantEnds(count, threshold, step > 0 ? threshold - step / 2 : threshold, all.size());
    }

    /** n_instant ln π + (n - n_instant) ln(1 - π) at π = n_instant / n; 0 without instant ends. */
    private static double instantLogLikelihood(InstantEnds instant) {
        if (instant == null) {
            return 0;
        }
        long k = instant.count();
        long rest = instant.samples() - k;
        double share = instant.share();
        return k * Math.log(share) + (rest == 0 ? 0 : rest * Math.log1p(-share));
    }

    private static double[] eventDurations(double[] durationsMs, boolean[] censored) {
        int count = 0;
        for (boolean c : censored) {
            if (!c) {
                count++;
            }
        }
        double[] events = new double[count];
        int e = 0;
        for (int i = 0; i < durationsMs.length; i++) {
            if (!censored[i]) {
                events[e++] = durationsMs[i];
            }
        }
        return events;
    }

    /** A fit where nothing could be fitted, with what is known about the sample. */
    private record Failed(int nEvents, int nCensored, Double censoredAt, Double resolution, InstantEnds instant,
                          ObservedDurations observed) {
        DurationDistributionFit with(String reason) {
            Map<String, CandidateFit> candidates = new LinkedHashMap<>();
            for (DistributionFamily family : DistributionFamily.values()) {
                candidates.put(family.key(), new CandidateFit.NotFitted(family, reason));
            }
            return new DurationDistributionFit(null, List.of(), nEvents, nCensored, censoredAt, resolution, instant,
                    null, observed, candidates);
        }
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

    private static String invalidDuration(double[] durationsMs) {
        for (int i = 0; i < durationsMs.length; i++) {
            if (!Double.isFinite(durationsMs[i])) {
                return "durationsMs[" + i + "] is not finite (" + durationsMs[i] + ")";
            }
            if (durationsMs[i] < 0) {
                return "durationsMs[" + i + "] is negative (" + durationsMs[i] + " ms)";
            }
        }
        return null;
    }

    private static String sampleProblem(double[] durationsMs, int nEvents, int nCensored) {
        if (durationsMs.length == 0) {
            return "no samples";
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

    private static double aic(DistributionFamily family, FamilyFit fit, double instantLogLikelihood,
                              int extraParameters) {
        return 2.0 * (family.parameterCount() + extraParameters) - 2 * (fit.logLikelihood() + instantLogLikelihood);
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
