package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.stats.IntervalMethod;
import io.github.noisecal.calibration.model.TierSamples;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random valid models, built as calibrations build them: {@link CalibrationModel#of} over random samples. Strings
 * include what YAML treats specially, doubles cover the whole range of bit patterns.
 */
final class ModelArbitraries {
    private static final long MAX_BUDGET_NANOS = 1_000_000_000_000_000L; // about 11.6 days
    /** Kept small, as are the replicates: every model's fits are computed for real. */
    private static final int MAX_SAMPLES_PER_TIER = 60;
    private static final int MAX_BOOTSTRAP_REPLICATES = 20;

    private ModelArbitraries() {
    }

    static Arbitrary<CalibrationModel> models() {
        return tiers().flatMap(tiers -> Combinators.combine(metadata(tiers), samples(tiers),
                Arbitraries.of(IntervalMethod.class)).as((metadata, samples, method) ->
                TestModels.withIntervalMethod(CalibrationModel.of(metadata, samples), method)));
    }

    /**
     * Which module each slot ran: every slot its own module (a plan without repeats), or slots drawn from a few
     * modules so that modules recur and flips, design effects and stability counts are written.
     */
    private static Arbitrary<int[]> moduleOf(int n) {
        Arbitrary<int[]> distinct = Arbitraries.just(java.util.stream.IntStream.range(0, n).toArray());
        Arbitrary<int[]> recurring = Arbitraries.integers().between(1, Math.max(1, n / 2)).flatMap(modules ->
                Arbitraries.integers().between(0, modules - 1).array(int[].class).ofSize(n));
        return Arbitraries.frequencyOf(Tuple.of(1, distinct), Tuple.of(2, recurring));
    }

    private static final List<String> MODULE_NAMES = java.util.stream.IntStream.range(0, MAX_SAMPLES_PER_TIER)
            .mapToObj(i -> "Mathlib.M" + i).toList();

    /** Texts that YAML would misread unless quoted or escaped, among ordinary ones. */
    static Arbitrary<String> awkwardStrings() {
        Arbitrary<String> mixed = Arbitraries.strings().withCharRange(' ', '~')
                .withChars("\t\n\r\u0007\u0085\u00a0\u2028\ufeffäé東€")
                .ofMaxLength(30);
        Arbitrary<String> lookalikes = Arbitraries.of("", " ", "yes", "No", "ON", "null", "~", "true", "123", "-0",
                "0x1F", "0o17", "1_000", "1.5e3", ".inf", "-.NaN", "2026-11-27", "2026-11-27T21:00:00Z", "- item",
                "key: value", "#comment", "&anchor", "*alias", "!tag", "!!java.io.File", "'single'", "\"double\"",
                "{a: 1}", "[1, 2]", "|", ">", "%YAML", "@", "`", " leading", "trailing ", "---", "...");
        return Arbitraries.frequencyOf(Tuple.of(3, mixed), Tuple.of(1, lookalikes));
    }

    /** Non-negative finite doubles: any bit pattern up to 1e9, and decimals as durations are usually written. */
    static Arbitrary<Double> nonNegativeDoubles() {
        Arbitrary<Double> anyBits = Arbitraries.longs().between(0, Double.doubleToLongBits(1e9))
                .map(Double::longBitsToDouble);
        Arbitrary<Double> decimals = Arbitraries.doubles().between(0, 600_000).ofScale(3);
        return Arbitraries.oneOf(anyBits, decimals)
                .edgeCases(edges -> edges.add(0.0).add(1e-20).add(0.1 + 0.2).add(30.0).add(Double.MIN_VALUE));
    }

    private static Arbitrary<List<Tier>> tiers() {
        Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(1)
                        .flatMap(first -> Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9')
                                .withChars('_').ofMaxLength(8).map(rest -> first + rest)),
                Arbitraries.of("FAST", "BALANCED", "SLOW", "NULL", "ON", "NO", "Y", "TRUE", "E1"));
        Arbitrary<Tier> tier = Combinators.combine(names,
                Arbitraries.longs().between(1, MAX_BUDGET_NANOS).map(Duration::ofNanos),
                Arbitraries.maps(awkwardStrings(), awkwardStrings()).ofMaxSize(3)).as(Tier::new);
        return tier.list().ofMinSize(1).ofMaxSize(4).uniqueElements(Tier::name);
    }

    /** Tiers of one size half the time, so that they are paired and their inverted pairs written. */
    private static Arbitrary<List<TierSamples>> samples(List<Tier> tiers) {
        Arbitrary<List<TierSamples>> anySizes = Combinators.combine(tiers.stream()
                .map(tier -> sizes().flatMap(n -> samples(tier, n))).toList()).as(list -> list);
        Arbitrary<List<TierSamples>> oneSize = sizes().flatMap(n -> Combinators.combine(tiers.stream()
                .map(tier -> samples(tier, n)).toList()).as(list -> list));
        return Arbitraries.oneOf(anySizes, oneSize);
    }

    /** Tiers of up to four samples have no AICc for two-parameter families. */
    private static Arbitrary<Integer> sizes() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.integers().between(1, 4)),
                Tuple.of(5, Arbitraries.integers().between(5, MAX_SAMPLES_PER_TIER)));
    }

    /**
     * Samples as a tier can have them, degenerate ones included: no timeouts, mostly or only timeouts (fewer than
     * two events: nothing is fitted), durations with spread, all equal (nothing is fitted), whole milliseconds, or
     * any bit pattern from a microsecond up.
     */
    private static Arbitrary<TierSamples> samples(Tier tier, int n) {
        Arbitrary<Outcome> anyOutcome = Arbitraries.of(Outcome.class);
        Arbitrary<Outcome> noTimeout = Arbitraries.of(Arrays.stream(Outcome.values())
                .filter(outcome -> !outcome.isTimeout()).toList());
        Arbitrary<Outcome> timeout = Arbitraries.just(Outcome.VERIFIER_TIMEOUT);
        Arbitrary<Outcome> mostlyTimeouts = Arbitraries.frequencyOf(Tuple.of(9, timeout), Tuple.of(1, anyOutcome));
        Arbitrary<Arbitrary<Outcome>> outcomeMixes = Arbitraries.frequency(Tuple.of(5, anyOutcome),
                Tuple.of(4, noTimeout), Tuple.of(1, mostlyTimeouts), Tuple.of(1, timeout));
        return outcomeMixes.flatMap(outcomes -> Combinators.combine(outcomes.array(Outcome[].class).ofSize(n),
                durations(n), moduleOf(n)).as((o, d, modules) -> TierSamples.of(tier, o, d, modules,
                MODULE_NAMES.subList(0, n), 1)));
    }

    private static Arbitrary<double[]> durations(int n) {
        Arbitrary<double[]> spread = Arbitraries.doubles().between(0, 600_000).ofScale(3)
                .array(double[].class).ofSize(n);
        Arbitrary<double[]> wholeMilliseconds = Arbitraries.integers().between(0, 200_000).map(ms -> (double) ms)
                .array(double[].class).ofSize(n);
        // Not below a microsecond: with events of 1e-300 ms calibration-core's Weibull fit can come out with an
        // infinite covariance, and the calibration fails before there is a model to write.
        Arbitrary<double[]> anyBits = Arbitraries.longs()
                .between(Double.doubleToLongBits(1e-3), Double.doubleToLongBits(1e9)).map(Double::longBitsToDouble)
                .array(double[].class).ofSize(n);
        Arbitrary<double[]> allEqual = nonNegativeDoubles().map(value -> {
            double[] durations = new double[n];
            Arrays.fill(durations, value);
            return durations;
        });
        return Arbitraries.frequencyOf(Tuple.of(3, spread), Tuple.of(3, wholeMilliseconds), Tuple.of(2, anyBits),
                Tuple.of(1, allEqual));
    }

    private static Arbitrary<CalibrationMetadata> metadata(List<Tier> tiers) {
        Arbitrary<Instant> instants = Combinators.combine(
                Arbitraries.longs().between(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(),
                        Instant.parse("9999-12-31T23:59:59Z").getEpochSecond()),
                Arbitraries.integers().between(0, 999_999_999).edgeCases(edges -> edges.add(0)))
                .as(Instant::ofEpochSecond);
        Arbitrary<Double> confidenceLevels = Arbitraries.oneOf(Arbitraries.of(0.9, 0.95, 0.99),
                Arbitraries.longs().between(Double.doubleToLongBits(1e-6), Double.doubleToLongBits(1 - 1e-9))
                        .map(Double::longBitsToDouble));
        Arbitrary<Provenance> provenance = Combinators.combine(awkwardStrings(), instants, awkwardStrings(),
                awkwardStrings(), Arbitraries.longs().injectNull(0.2), Arbitraries.longs().between(0, 1_000_000),
                Arbitraries.integers().between(1, 4096).injectNull(0.2), confidenceLevels).as(Provenance::new);
        Arbitrary<String> sha256s = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).injectNull(0.2);
        Arbitrary<Map<String, String>> unavailable = Arbitraries.maps(Arbitraries.of(EnvironmentFingerprint.FIELDS),
                awkwardStrings()).ofMaxSize(EnvironmentFingerprint.FIELDS.size());
        Arbitrary<EnvironmentFingerprint> environments = Combinators.combine(awkwardStrings(), awkwardStrings(),
                Arbitraries.integers().between(1, 1024), Arbitraries.longs().between(0, Long.MAX_VALUE),
                awkwardStrings(), unavailable).as(EnvironmentFingerprint::new).injectNull(0.2);
        // Few replicates: each one refits every family, and the file holds only their p-values.
        Arbitrary<Integer> bootstrapReplicates = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(3, Arbitraries.integers().between(1, MAX_BOOTSTRAP_REPLICATES)));
        Arbitrary<String> planIds = Arbitraries.strings().withChars("0123456789abcdef").ofLength(16).injectNull(0.2);
        Arbitrary<TierRuns> tierRuns = Arbitraries.of(TierRuns.class);
        Arbitrary<CalibrationMetadata> metadata = Combinators.combine(provenance, bootstrapReplicates,
                        Arbitraries.integers().between(0, 1_000_000), sha256s, planIds,
                        Arbitraries.integers().between(1, 50), tierRuns, environments)
                .as((p, replicates, moduleCount, sha256, planId, repeats, runs, environment) -> new CalibrationMetadata(
                        CalibrationMetadata.SCHEMA_VERSION, p.toolVersion(), p.createdAt(), p.backend(),
                        p.verifierVersion(), p.seed(), p.samplesPerTier(), tiers, p.workers(), p.confidenceLevel(),
                        IntervalMethod.WILSON, replicates, moduleCount, sha256, planId, repeats, runs, environment));
        return Combinators.combine(metadata, runProvenance(instants, environments))
                .as(CalibrationMetadata::withProvenance);
    }

    /** Process conditions, retries, and the journals of merged models, with every nullable field null at times. */
    private static Arbitrary<io.github.noisecal.calibration.model.Provenance> runProvenance(
            Arbitrary<Instant> instants, Arbitrary<EnvironmentFingerprint> environments) {
        Arbitrary<Double> loads = Arbitraries.doubles().between(0, 512).injectNull(0.2);
        Arbitrary<Integer> cores = Arbitraries.integers().between(1, 1024).injectNull(0.2);
        Arbitrary<io.github.noisecal.calibration.model.RunSession> sessions = Combinators.combine(instants,
                        awkwardStrings(), awkwardStrings(), cores, cores, loads, environments)
                .as(io.github.noisecal.calibration.model.RunSession::new);
        Arbitrary<io.github.noisecal.calibration.plan.Shard> shards = Arbitraries.integers().between(1, 64)
                .flatMap(count -> Arbitraries.integers().between(0, count - 1)
                        .map(index -> new io.github.noisecal.calibration.plan.Shard(index, count)))
                .injectNull(0.2);
        Arbitrary<io.github.noisecal.calibration.model.ShardSource> sources = Combinators.combine(awkwardStrings(),
                        shards, Arbitraries.longs().between(0, 1L << 40), sessions.list().ofMaxSize(2))
                .as(io.github.noisecal.calibration.model.ShardSource::new);
        return Combinators.combine(cores, loads, Arbitraries.longs().between(0, 1_000_000),
                        sources.list().ofMaxSize(3), Arbitraries.of(false, true),
                        Arbitraries.longs().between(1, 1L << 40), Arbitraries.of(false, true))
                .as((c, load, retries, list, incomplete, missing, mixed) ->
                        new io.github.noisecal.calibration.model.Provenance(c, load, retries, list, incomplete,
                                incomplete ? missing : 0, mixed));
    }

    private record Provenance(String toolVersion, Instant createdAt, String backend, String verifierVersion, Long seed,
                              long samplesPerTier, Integer workers, double confidenceLevel) {
    }
}
