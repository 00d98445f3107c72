package io.github.noisecal.calibration.compare;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.acceptance.AcceptanceCheck;
import io.github.noisecal.calibration.fit.BudgetAnswer;
import io.github.noisecal.calibration.fit.CandidateFit;
import io.github.noisecal.calibration.fit.FittedDistribution;
import io.github.noisecal.calibration.fit.TimeoutBudgets;
import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import io.github.noisecal.calibration.model.RunSession;
import io.github.noisecal.calibration.model.ShardSource;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.model.TierModules;
import io.github.noisecal.telemetry.Tier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Did the noise change? Two calibrations compared tier by tier: for each tier present in both, the timeout, fail
 * and success rates (Newcombe intervals for the differences, each side at its effective sample size where modules
 * recur; verdicts Holm-corrected across every comparison), the fitted duration medians and, when asked, the budget
 * for a target timeout rate; and what differs in the metadata that could explain a change.
 *
 * <p>The two calibrations are treated as independent samples of modules. When both ran the same module list the
 * module effects they share cancel in the difference, and the comparison is conservative: a paired, module by
 * module comparison would need the runs themselves, which a model does not keep.
 *
 * @param options             how the comparison was made
 * @param commonTiers         the tiers present in both, in the baseline's order
 * @param baselineOnlyTiers   tiers only the baseline has (not compared)
 * @param candidateOnlyTiers  tiers only the candidate has (not compared)
 * @param rates               one comparison per common tier and rate, tier by tier
 * @param durations           one per common tier
 * @param metadataDifferences the metadata fields whose values differ, by {@link MetadataAspect} (those that
 *                            change what the models' intervals mean are {@link MetadataAspect#INTERVALS})
 * @param metadataContext     differing fields shown for context only ({@link MetadataAspect#CONTEXT}: the load
 *                            average when each calibration started), not counted as differences
 * @param comparedMetadata    every metadata field compared, by aspect, in the order compared (tier fields as
 *                            {@code tiers.*.budget_s}, compared for the common tiers): what "no difference" covers
 * @param warnings            what makes the comparison less meaningful (different module lists, budgets, ...)
 */
public record ModelComparison(ComparisonOptions options, List<String> commonTiers, List<String> baselineOnlyTiers,
                              List<String> candidateOnlyTiers, List<RateComparison> rates,
                              List<DurationComparison> durations, List<MetadataDifference> metadataDifferences,
                              List<MetadataDifference> metadataContext,
                              Map<MetadataAspect, List<String>> comparedMetadata, List<String> warnings) {

    public ModelComparison {
        Objects.requireNonNull(options, "options");
        commonTiers = List.copyOf(commonTiers);
        baselineOnlyTiers = List.copyOf(baselineOnlyTiers);
        candidateOnlyTiers = List.copyOf(candidateOnlyTiers);
        rates = List.copyOf(rates);
        durations = List.copyOf(durations);
        metadataDifferences = List.copyOf(metadataDifferences);
        metadataContext = List.copyOf(metadataContext);
        Map<MetadataAspect, List<String>> compared = new EnumMap<>(MetadataAspect.class);
        comparedMetadata.forEach((aspect, fields) -> compared.put(aspect, List.copyOf(fields)));
        comparedMetadata = Collections.unmodifiableMap(compared);
        warnings = List.copyOf(warnings);
    }

    /**
     * Compares a candidate calibration against a baseline.
     *
     * @throws InvalidInputException when the two models have no tier in common
     */
    public static ModelComparison of(CalibrationModel baseline, CalibrationModel candidate, ComparisonOptions options) {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(options, "options");
        List<String> common = baseline.tiers().keySet().stream().filter(candidate.tiers()::containsKey).toList();
        if (common.isEmpty()) {
            throw new InvalidInputException("the baseline and the candidate have no tier in common (baseline: "
                    + String.join(", ", baseline.tiers().keySet()) + "; candidate: "
                    + String.join(", ", candidate.tiers().keySet()) + "): calibrate the same tiers to compare them");
        }
        List<RateComparison.Request> requests = new ArrayList<>();
        List<DurationComparison> durations = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String tier : common) {
            TierCalibration a = baseline.tier(tier);
            TierCalibration b = candidate.tier(tier);
            for (ComparedRate rate : ComparedRate.values()) {
                requests.add(new RateComparison.Request(tier, rate, proportion(a, rate), proportion(b, rate)));
            }
            fewModules(tier, "baseline", a, warnings);
            fewModules(tier, "candidate", b, warnings);
            durations.add(new DurationComparison(tier, durations(baseline, a, options), durations(candidate, b, options)));
        }
        Metadata metadata = metadataDifferences(baseline.metadata(), candidate.metadata(), common, warnings);
        return new ModelComparison(options, common,
                baseline.tiers().keySet().stream().filter(t -> !candidate.tiers().containsKey(t)).toList(),
                candidate.tiers().keySet().stream().filter(t -> !baseline.tiers().containsKey(t)).toList(),
                RateComparison.decide(requests, options), durations, metadata.differences(), metadata.context(),
                metadata.compared(), warnings);
    }

    /** Whether any rate comparison came out worse. */
    public boolean anyWorse() {
        return rates.stream().anyMatch(r -> r.verdict() == ComparisonVerdict.WORSE);
    }

    /** The metadata differences that change what the two models' own intervals mean. */
    public List<MetadataDifference> intervalMeaningDifferences() {
        return metadataDifferences.stream().filter(MetadataDifference::changesIntervalMeaning).toList();
    }

    /**
     * The metadata fields compared that do not differ, by aspect ({@link MetadataAspect#CONTEXT} left out): what
     * "no difference" covers. A tier field counts as differing when it differs for any common tier.
     */
    public Map<MetadataAspect, List<String>> unchangedMetadata() {
        Set<String> differing = new HashSet<>();
        for (MetadataDifference d : metadataDifferences) {
            differing.add(d.field().startsWith("tiers.") ? d.field().replaceFirst("^tiers\\.[^.]+\\.", "tiers.*.")
                    : d.field());
        }
        Map<MetadataAspect, List<String>> unchanged = new EnumMap<>(MetadataAspect.class);
        comparedMetadata.forEach((aspect, fields) -> {
            List<String> same = fields.stream().filter(f -> !differing.contains(f)).toList();
            if (aspect.counted() && !same.isEmpty()) {
                unchanged.put(aspect, same);
            }
        });
        return Collections.unmodifiableMap(unchanged);
    }

    /** Whether every rate comparison came out the same. */
    public boolean allSame() {
        return rates.stream().allMatch(r -> r.verdict() == ComparisonVerdict.SAME);
    }

    /**
     * The counts behind one rate, with the design effect the model estimated for it. Runs of one module are not
     * independent proofs: where modules recur, each side counts as {@code trials / design effect} independent samples
     * (the rate's {@code modules.*.design_effect} in the model file), so that two calibrations of few modules run many
     * times are not compared as if every run were a proof of its own. With one run per module the design effect is
     * 1 and the comparison is that of independent samples.
     */
    private static ComparedProportion proportion(TierCalibration tier, ComparedRate rate) {
        TierModules modules = tier.modules();
        return ComparedProportion.of(switch (rate) {
            case TIMEOUT -> modules.timeout();
            case FAIL -> modules.fail();
            case SUCCESS -> modules.success();
        });
    }

    /**
     * A side whose modules recur but are fewer than a population claim needs: its design effect is estimated from
     * few modules, so the clustered interval is approximate (and wide).
     */
    private static void fewModules(String tier, String side, TierCalibration calibration, List<String> warnings) {
        TierModules modules = calibration.modules();
        if (modules.maxRuns() >= 2 && modules.distinct() < AcceptanceCheck.MIN_MODULES_FOR_POPULATION) {
            warnings.add(String.format(Locale.ROOT, "tier %s: the %s ran %d distinct modules (%.1f runs each), fewer "
                            + "than the %d a population claim needs: its design effect rests on few modules, so the "
                            + "clustered intervals are approximate", tier, side, modules.distinct(), modules.meanRuns(),
                    AcceptanceCheck.MIN_MODULES_FOR_POPULATION));
        }
    }

    private static DurationComparison.FittedDurations durations(CalibrationModel model, TierCalibration tier,
                                                                ComparisonOptions options) {
        List<TimeoutBudgets.Evidence> evidence = model.budgetEvidence(options.confidence());
        // From the runs first, as `budget` answers: a tier without a fitted family may still observe the target.
        BudgetAnswer budget = options.targetTimeoutRate() == null ? null
                : TimeoutBudgets.budgetFor(evidence.stream().filter(e -> e.tier().equals(tier.tier())).findFirst()
                        .orElseThrow(), evidence, options.targetTimeoutRate());
        Optional<CandidateFit.Fitted> best = tier.durationDistribution().bestFit();
        if (best.isEmpty()) {
            return new DurationComparison.FittedDurations(null, null, budget);
        }
        FittedDistribution distribution = best.get().distribution();
        return new DurationComparison.FittedDurations(distribution.family().key(), distribution.inverseSurvival(0.5),
                budget);
    }

    /** What a difference in interval_method does to the numbers. */
    static final String INTERVAL_METHOD_MEANING = "the models' own intervals (rates, repeatability, budget curves) "
            + "come from different methods, so their widths differ for the same counts; the verdicts here use "
            + "Newcombe's interval for both";
    /** What a difference in confidence_level does to the numbers. */
    static final String CONFIDENCE_LEVEL_MEANING = "the models' own intervals are at different levels, so their "
            + "widths are not like for like; the verdicts here use --confidence for both";
    /** What a difference in repeats does to the numbers. */
    static final String REPEATS_MEANING = "runs per module draw differ, so as many runs hold different numbers of "
            + "modules: the intervals over the population of proofs (clustered by module) and the design effects rest "
            + "on different numbers of modules";
    /** What a difference in tier_runs does to the numbers. */
    static final String TIER_RUNS_MEANING = "with shared runs, tiers with identical limits took their records from "
            + "the same runs (one run per draw, derived for each budget), so within that model the tiers are not "
            + "independent samples of each other and its tier comparisons are degenerate; each tier's rate still "
            + "describes its budget";

    private static Metadata metadataDifferences(CalibrationMetadata a, CalibrationMetadata b, List<String> commonTiers,
                                                List<String> warnings) {
        MetadataComparer compare = new MetadataComparer(a, b);
        // Ordered by how directly each could change the noise: the verifier, the machine, the load, then the plan.
        compare.field(MetadataAspect.VERIFIER, "backend", CalibrationMetadata::backend, null);
        compare.field(MetadataAspect.VERIFIER, "verifier_version", CalibrationMetadata::verifierVersion, null);
        // A merged model records its machines per session of its journals (provenance.shards[].sessions).
        compare.field(MetadataAspect.MACHINE, "environment.cpu_model",
                m -> machine(m, EnvironmentFingerprint::cpuModel), null);
        compare.field(MetadataAspect.MACHINE, "environment.logical_cores",
                m -> machine(m, EnvironmentFingerprint::logicalCores), null);
        compare.field(MetadataAspect.MACHINE, "environment.total_memory_bytes",
                m -> machine(m, EnvironmentFingerprint::totalMemoryBytes), null);
        compare.field(MetadataAspect.MACHINE, "environment.os", m -> machine(m, EnvironmentFingerprint::os), null);
        compare.field(MetadataAspect.MACHINE, "environment.java_version",
                m -> machine(m, EnvironmentFingerprint::javaVersion), null);
        compare.field(MetadataAspect.CONDITIONS, "workers", m -> session(m, m.workers(), RunSession::workers),
                "parallel runs compete for the CPU and memory, which stretches durations");
        compare.field(MetadataAspect.CONDITIONS, "available_cores",
                m -> session(m, m.provenance().availableCores(), RunSession::availableCores),
                "the cores the calibrating process could use: with the workers, how much the runs competed for the CPU");
        compare.field(MetadataAspect.CONDITIONS, "harness_retries", m -> m.provenance().harnessRetries(),
                "verifier runs tried again after a transient harness error");
        compare.field(MetadataAspect.PLAN, "plan_id", CalibrationMetadata::planId, null);
        compare.field(MetadataAspect.PLAN, "seed", CalibrationMetadata::seed, null);
        compare.compared(MetadataAspect.PLAN, "tiers.*.budget_s");
        compare.compared(MetadataAspect.PLAN, "tiers.*.limits");
        for (String name : commonTiers) {
            Optional<Tier> ta = tier(a, name);
            Optional<Tier> tb = tier(b, name);
            compare.difference(MetadataAspect.PLAN, "tiers." + name + ".budget_s",
                    m -> tier(m, name).map(t -> t.timeoutSeconds()).orElse(null), null);
            compare.difference(MetadataAspect.PLAN, "tiers." + name + ".limits",
                    m -> tier(m, name).map(Tier::limits).orElse(null), null);
            if (ta.isPresent() && tb.isPresent() && !ta.get().budget().equals(tb.get().budget())) {
                warnings.add("tier " + name + " ran at " + ta.get().timeoutSeconds() + " s in the baseline and "
                        + tb.get().timeoutSeconds() + " s in the candidate: its rates describe different budgets");
            }
        }
        compare.field(MetadataAspect.PLAN, "samples_per_tier", CalibrationMetadata::samplesPerTier, null);
        compare.field(MetadataAspect.PLAN, "modules.count", CalibrationMetadata::moduleCount, null);
        compare.field(MetadataAspect.PLAN, "modules.sha256", CalibrationMetadata::modulesSha256, null);
        if (a.modulesSha256() == null || b.modulesSha256() == null) {
            warnings.add("the module list of the " + (a.modulesSha256() == null ? "baseline" : "candidate")
                    + " is not recorded (no modules sha256): whether both sampled the same modules is unknown");
        } else if (!a.modulesSha256().equals(b.modulesSha256())) {
            warnings.add("the two calibrations sampled different module lists (modules sha256 differ): a change may "
                    + "come from the modules, not from the verifier");
        }
        compare.field(MetadataAspect.INTERVALS, "interval_method", m -> m.intervalMethod().id(),
                INTERVAL_METHOD_MEANING);
        compare.field(MetadataAspect.INTERVALS, "confidence_level", CalibrationMetadata::confidenceLevel,
                CONFIDENCE_LEVEL_MEANING);
        compare.field(MetadataAspect.INTERVALS, "repeats", CalibrationMetadata::repeats, REPEATS_MEANING);
        compare.field(MetadataAspect.INTERVALS, "tier_runs", m -> m.tierRuns().id(), TIER_RUNS_MEANING);
        compare.field(MetadataAspect.FIT, "bootstrap_replicates", CalibrationMetadata::bootstrapReplicates,
                "the duration families' KS p-values rest on different numbers of bootstrap replicates (0: none), so "
                        + "goodness-of-fit flags on budget answers may differ");
        compare.field(MetadataAspect.INPUTS, "missing_samples", m -> m.provenance().missingSamples(),
                "a model fitted with --allow-incomplete lacks samples of its plan: its rates describe the samples "
                        + "recorded");
        compare.field(MetadataAspect.INPUTS, "allow_mixed", m -> m.provenance().allowMixed(),
                "a model that pools telemetry of several plans, backends or verifier versions (fit --allow-mixed) "
                        + "describes their mixture");
        compare.field(MetadataAspect.TOOL, "tool_version", CalibrationMetadata::toolVersion, null);
        compare.field(MetadataAspect.CONTEXT, "load_average",
                m -> session(m, m.provenance().loadAverage(), RunSession::loadAverage),
                "the one-minute load average when each calibration started: a snapshot of a shared machine");
        if (a.planId() != null && b.planId() != null && !a.planId().equals(b.planId()) && samePlanFields(a, b)) {
            warnings.add("the plan ids differ (" + a.planId() + " vs " + b.planId() + ") although every part of the "
                    + "plan the models record agrees (seed, tiers with budgets and limits, samples, repeats, tier "
                    + "runs, modules, backend): the backend's settings (--backend-option) differ"
                    + (a.toolVersion().equals(b.toolVersion()) ? ""
                    : ", or the two noisecal versions digest plans differently")
                    + "; the models do not record them");
        }
        return compare.result();
    }

    /** Whether every part of a plan's identity that metadata records is the same (all but the backend's settings). */
    private static boolean samePlanFields(CalibrationMetadata a, CalibrationMetadata b) {
        return Objects.equals(a.seed(), b.seed()) && a.samplesPerTier() == b.samplesPerTier()
                && a.repeats() == b.repeats() && a.tierRuns() == b.tierRuns() && a.tiers().equals(b.tiers())
                && a.moduleCount() == b.moduleCount() && a.modulesSha256() != null
                && a.modulesSha256().equals(b.modulesSha256()) && a.backend().equals(b.backend());
    }

    /** What the metadata comparison found: counted differences, context, and every field compared by aspect. */
    private record Metadata(List<MetadataDifference> differences, List<MetadataDifference> context,
                            Map<MetadataAspect, List<String>> compared) {
    }

    /** Compares fields one at a time, remembering which were compared. */
    private static final class MetadataComparer {
        private final CalibrationMetadata a;
        private final CalibrationMetadata b;
        private final List<MetadataDifference> differences = new ArrayList<>();
        private final List<MetadataDifference> context = new ArrayList<>();
        private final Map<MetadataAspect, List<String>> compared = new EnumMap<>(MetadataAspect.class);

        MetadataComparer(CalibrationMetadata a, CalibrationMetadata b) {
            this.a = a;
            this.b = b;
        }

        /** Compares one field and records it as compared. */
        void field(MetadataAspect aspect, String field, Function<CalibrationMetadata, Object> value, String meaning) {
            compared(aspect, field);
            difference(aspect, field, value, meaning);
        }

        /** Records a field (or a pattern such as {@code tiers.*.budget_s}) as compared. */
        void compared(MetadataAspect aspect, String field) {
            compared.computeIfAbsent(aspect, k -> new ArrayList<>()).add(field);
        }

        /** Compares one field without recording it (its pattern is). */
        void difference(MetadataAspect aspect, String field, Function<CalibrationMetadata, Object> value,
                        String meaning) {
            String va = text(value.apply(a));
            String vb = text(value.apply(b));
            if (!va.equals(vb)) {
                (aspect.counted() ? differences : context).add(new MetadataDifference(field, va, vb, aspect,
                        meaning));
            }
        }

        Metadata result() {
            return new Metadata(differences, context, compared);
        }
    }

    private static Optional<Tier> tier(CalibrationMetadata metadata, String name) {
        return metadata.tiers().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** A machine's field: the model's own, else the distinct values of its journals' sessions (a merged model). */
    private static Object machine(CalibrationMetadata metadata, Function<EnvironmentFingerprint, Object> field) {
        return session(metadata, metadata.environment() == null ? null : field.apply(metadata.environment()),
                s -> s.environment() == null ? null : field.apply(s.environment()));
    }

    /**
     * A condition of the run: the model's own value, else (a merged model) the distinct values its journals'
     * sessions recorded, sorted, or null when none did.
     */
    private static Object session(CalibrationMetadata metadata, Object own, Function<RunSession, Object> field) {
        if (own != null) {
            return own;
        }
        TreeSet<String> values = new TreeSet<>();
        for (ShardSource shard : metadata.provenance().shards()) {
            for (RunSession run : shard.sessions()) {
                Object value = field.apply(run);
                if (value != null) {
                    values.add(String.valueOf(value));
                }
            }
        }
        return values.isEmpty() ? null : String.join(", ", values);
    }

    private static String text(Object value) {
        if (value == null) {
            return "unknown";
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "{}" : new java.util.TreeMap<>(map).toString();
        }
        return String.valueOf(value);
    }
}
