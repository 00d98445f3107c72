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
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.model.TierModules;
import io.github.noisecal.telemetry.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * @param metadataDifferences the metadata fields whose values differ
 * @param warnings            what makes the comparison less meaningful (different module lists, budgets, ...)
 */
public record ModelComparison(ComparisonOptions options, List<String> commonTiers, List<String> baselineOnlyTiers,
                              List<String> candidateOnlyTiers, List<RateComparison> rates,
                              List<DurationComparison> durations, List<MetadataDifference> metadataDifferences,
                              List<String> warnings) {

    public ModelComparison {
        Objects.requireNonNull(options, "options");
        commonTiers = List.copyOf(commonTiers);
        baselineOnlyTiers = List.copyOf(baselineOnlyTiers);
        candidateOnlyTiers = List.copyOf(candidateOnlyTiers);
        rates = List.copyOf(rates);
        durations = List.copyOf(durations);
        metadataDifferences = List.copyOf(metadataDifferences);
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
        List<MetadataDifference> differences = metadataDifferences(baseline.metadata(), candidate.metadata(), common,
                warnings);
        return new ModelComparison(options, common,
                baseline.tiers().keySet().stream().filter(t -> !candidate.tiers().containsKey(t)).toList(),
                candidate.tiers().keySet().stream().filter(t -> !baseline.tiers().containsKey(t)).toList(),
                RateComparison.decide(requests, options), durations, differences, warnings);
    }

    /** Whether any rate comparison came out worse. */
    public boolean anyWorse() {
        return rates.stream().anyMatch(r -> r.verdict() == ComparisonVerdict.WORSE);
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

    private static List<MetadataDifference> metadataDifferences(CalibrationMetadata a, CalibrationMetadata b,
                                                                List<String> commonTiers, List<String> warnings) {
        List<MetadataDifference> differences = new ArrayList<>();
        // Ordered by how directly each could change the noise: the verifier, the machine, the load, then the plan.
        differ(differences, "backend", a, b, CalibrationMetadata::backend);
        differ(differences, "verifier_version", a, b, CalibrationMetadata::verifierVersion);
        differ(differences, "environment.cpu_model", a, b, m -> environment(m, EnvironmentFingerprint::cpuModel));
        differ(differences, "environment.logical_cores", a, b, m -> environment(m, EnvironmentFingerprint::logicalCores));
        differ(differences, "environment.total_memory_bytes", a, b,
                m -> environment(m, EnvironmentFingerprint::totalMemoryBytes));
        differ(differences, "environment.os", a, b, m -> environment(m, EnvironmentFingerprint::os));
        differ(differences, "environment.java_version", a, b, m -> environment(m, EnvironmentFingerprint::javaVersion));
        differ(differences, "workers", a, b, CalibrationMetadata::workers);
        for (String name : commonTiers) {
            Optional<Tier> ta = tier(a, name);
            Optional<Tier> tb = tier(b, name);
            differ(differences, "tiers." + name + ".budget_s", a, b,
                    m -> tier(m, name).map(t -> t.timeoutSeconds()).orElse(null));
            differ(differences, "tiers." + name + ".limits", a, b, m -> tier(m, name).map(Tier::limits).orElse(null));
            if (ta.isPresent() && tb.isPresent() && !ta.get().budget().equals(tb.get().budget())) {
                warnings.add("tier " + name + " ran at " + ta.get().timeoutSeconds() + " s in the baseline and "
                        + tb.get().timeoutSeconds() + " s in the candidate: its rates describe different budgets");
            }
        }
        differ(differences, "modules.count", a, b, CalibrationMetadata::moduleCount);
        differ(differences, "modules.sha256", a, b, CalibrationMetadata::modulesSha256);
        if (a.modulesSha256() == null || b.modulesSha256() == null) {
            warnings.add("the module list of the " + (a.modulesSha256() == null ? "baseline" : "candidate")
                    + " is not recorded (no modules sha256): whether both sampled the same modules is unknown");
        } else if (!a.modulesSha256().equals(b.modulesSha256())) {
            warnings.add("the two calibrations sampled different module lists (modules sha256 differ): a change may "
                    + "come from the modules, not from the verifier");
        }
        differ(differences, "samples_per_tier", a, b, CalibrationMetadata::samplesPerTier);
        differ(differences, "seed", a, b, CalibrationMetadata::seed);
        differ(differences, "tool_version", a, b, CalibrationMetadata::toolVersion);
        return differences;
    }

    private static Optional<Tier> tier(CalibrationMetadata metadata, String name) {
        return metadata.tiers().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static Object environment(CalibrationMetadata metadata, Function<EnvironmentFingerprint, Object> field) {
        return metadata.environment() == null ? null : field.apply(metadata.environment());
    }

    private static void differ(List<MetadataDifference> differences, String field, CalibrationMetadata a,
                               CalibrationMetadata b, Function<CalibrationMetadata, Object> value) {
        String va = text(value.apply(a));
        String vb = text(value.apply(b));
        if (!va.equals(vb)) {
            differences.add(new MetadataDifference(field, va, vb));
        }
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
