package io.github.noisecal.calibration.acceptance;

import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.model.TierModules;
import io.github.noisecal.calibration.fit.BootstrapPValue;
import io.github.noisecal.calibration.fit.CandidateFit;
import io.github.noisecal.calibration.fit.DistributionFamily;
import io.github.noisecal.calibration.fit.DurationDistributionFit;
import io.github.noisecal.calibration.stats.OrderingClaim;
import io.github.noisecal.calibration.stats.PValues;
import io.github.noisecal.calibration.stats.TierPairComparison;
import io.github.noisecal.telemetry.Outcome;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a model against an {@link AcceptanceEnvelope}: sample counts, timeout rates inside their envelopes, the
 * tier ordering, the best duration family's margin and fit, and the verifier's internal error rate.
 *
 * <ul>
 *   <li><b>Margin.</b> The exponential is gamma and Weibull at shape 1, so for exponential data those two fit
 *       within ΔAIC 2 of it and a "best by 10" rule could never pass. A nested family within ΔAIC 2 of its parent is
 *       the same model, not a rival: the best family's group is the best, with the exponential and both its parents
 *       when the exponential is within 2 of the best, and the margin is the smallest ΔAIC of a family outside it.</li>
 *   <li><b>Goodness of fit.</b> A bootstrap p-value carries Monte Carlo error (sd 0.015 near 0.05 with 200
 *       replicates): a threshold is met or missed only when the p-value's 99 % Monte Carlo interval lies on one side
 *       of it ({@link BootstrapPValue#decide}); otherwise that threshold is undecided and the verdict is the best
 *       level shown (undecided at 0.05: a conditional pass at most; at 0.01: a fail). A p-value at the bootstrap's
 *       floor is reported as {@code < 1/(B+1)}.</li>
 *   <li><b>Partial envelopes.</b> A tier the envelope gives no timeout-rate range for is reported as not checked,
 *       a range for a tier the model does not have fails.</li>
 * </ul>
 *
 * <p>Harness errors (a verifier that cannot be started) never reach a model: a run stops on the first one. What a
 * finished model can show is the rate of {@code verifier_internal_error}, which is what the last criterion checks.
 */
public final class AcceptanceCheck {
    private AcceptanceCheck() {
    }

    public static List<CriterionResult> check(CalibrationModel model, AcceptanceEnvelope envelope) {
        List<CriterionResult> results = new ArrayList<>();
        for (TierCalibration tier : model.tiers().values()) {
            results.add(sampleCount(tier, envelope));
            results.add(distinctModules(tier, envelope));
            AcceptanceEnvelope.Range range = envelope.timeoutRateRanges().get(tier.tier());
            results.add(range != null ? timeoutRate(tier, range) : new CriterionResult("timeout rate in envelope",
                    tier.tier(), Verdict.NOT_CHECKED, "the envelope gives no range for " + tier.tier()
                    + (envelope.timeoutRateRanges().isEmpty() ? "" : " (it has ranges for "
                    + String.join(", ", envelope.timeoutRateRanges().keySet()) + ")")));
            results.add(bestFitMargin(tier, envelope));
            results.add(goodnessOfFit(tier, envelope));
            results.add(internalErrors(tier, envelope));
        }
        for (String tier : envelope.timeoutRateRanges().keySet()) {
            if (!model.tiers().containsKey(tier)) {
                results.add(new CriterionResult("timeout rate in envelope", tier, Verdict.FAIL, "the envelope gives a"
                        + " range for " + tier + ", which the model does not have (it has "
                        + String.join(", ", model.tiers().keySet()) + ")"));
            }
        }
        results.add(ordering(model, envelope.tierOrdering()));
        return List.copyOf(results);
    }

    /** The worst verdict among the results; PASS for none, and criteria not checked do not count. */
    public static Verdict overall(List<CriterionResult> results) {
        return results.stream().map(CriterionResult::verdict).reduce(Verdict.PASS, Verdict::and);
    }

    private static CriterionResult sampleCount(TierCalibration tier, AcceptanceEnvelope envelope) {
        Verdict verdict = tier.nSamples() >= envelope.minSamplesPerTier() ? Verdict.PASS : Verdict.FAIL;
        return new CriterionResult("sample count", tier.tier(), verdict,
                tier.nSamples() + " samples, " + envelope.minSamplesPerTier() + " required");
    }

    /**
     * The distinct modules a population claim needs by default. The module-clustered intervals reach their nominal
     * coverage from about this many modules on (README, "The statistics"); with fewer, a tier's rates describe its
     * modules more than the population of proofs the module list samples. An envelope may ask for fewer
     * ({@code min_distinct_modules}).
     */
    public static final long MIN_MODULES_FOR_POPULATION = 30;

    /** Runs of few modules are few proofs, however many runs there are: a conditional pass at best. */
    private static CriterionResult distinctModules(TierCalibration tier, AcceptanceEnvelope envelope) {
        TierModules modules = tier.modules();
        long required = envelope.minDistinctModules();
        String runs = String.format(Locale.ROOT, "%d distinct modules, %.1f runs each (effective sample size %.1f"
                        + " for the timeout rate)", modules.distinct(), modules.meanRuns(),
                modules.timeout().effectiveSampleSize());
        if (modules.distinct() >= required) {
            return new CriterionResult("distinct modules", tier.tier(), Verdict.PASS, runs + ", " + required
                    + " required" + (required < MIN_MODULES_FOR_POPULATION ? " by the envelope (the intervals reach "
                    + "their nominal coverage from about " + MIN_MODULES_FOR_POPULATION + ")" : ""));
        }
        return new CriterionResult("distinct modules", tier.tier(), Verdict.CONDITIONAL_PASS, runs + ": too few for a"
                + " claim about the population of proofs the module list samples (" + required
                + " required); the rates hold for these modules");
    }

    private static CriterionResult timeoutRate(TierCalibration tier, AcceptanceEnvelope.Range range) {
        RateEstimate rate = tier.timeoutRate();
        Verdict verdict = range.overlaps(rate.lower(), rate.upper()) ? Verdict.PASS : Verdict.FAIL;
        return new CriterionResult("timeout rate in envelope", tier.tier(), verdict, String.format(Locale.ROOT,
                "%.4f, interval [%.4f, %.4f] %s envelope %s", rate.rate(), rate.lower(), rate.upper(),
                verdict == Verdict.PASS ? "overlaps" : "misses", range));
    }

    /** Exponential is gamma and Weibull at shape 1. */
    private static boolean nests(DistributionFamily parent, DistributionFamily child) {
        return child == DistributionFamily.EXPONENTIAL
                && (parent == DistributionFamily.GAMMA || parent == DistributionFamily.WEIBULL);
    }

    /**
     * The best family and the families that are the same model as it: when the exponential is within ΔAIC 2 of the
     * best, the exponential and its parents (each of which is within 2 of it, since it nests it).
     */
    static Set<DistributionFamily> bestGroup(DurationDistributionFit fit) {
        DistributionFamily best = DistributionFamily.fromKey(fit.best());
        Set<DistributionFamily> group = EnumSet.of(best);
        Optional<CandidateFit.Fitted> exponential = fit.fitted().stream()
                .filter(f -> f.family() == DistributionFamily.EXPONENTIAL).findFirst();
        if (exponential.isPresent() && exponential.get().deltaAic() < 2
                && (best == DistributionFamily.EXPONENTIAL || nests(best, DistributionFamily.EXPONENTIAL))) {
            for (CandidateFit.Fitted f : fit.fitted()) {
                if (f.family() == DistributionFamily.EXPONENTIAL || nests(f.family(), DistributionFamily.EXPONENTIAL)) {
                    group.add(f.family());
                }
            }
        }
        return group;
    }

    private static CriterionResult bestFitMargin(TierCalibration tier, AcceptanceEnvelope envelope) {
        DurationDistributionFit distribution = tier.durationDistribution();
        if (distribution.bestFit().isEmpty()) {
            return new CriterionResult("best-fit margin", tier.tier(), Verdict.FAIL,
                    "no duration family was fitted: " + notFittedReason(distribution));
        }
        Set<DistributionFamily> group = bestGroup(distribution);
        Optional<CandidateFit.Fitted> rival = distribution.fitted().stream()
                .filter(f -> !group.contains(f.family()))
                .min(java.util.Comparator.comparingDouble(CandidateFit.Fitted::deltaAic));
        double margin = rival.map(CandidateFit.Fitted::deltaAic).orElse(Double.POSITIVE_INFINITY);
        Verdict verdict = margin > envelope.passDeltaAic() ? Verdict.PASS
                : margin > envelope.conditionalDeltaAic() ? Verdict.CONDITIONAL_PASS : Verdict.FAIL;
        String nested = group.size() == 1 ? "" : " (" + group.stream().map(DistributionFamily::key)
                .filter(key -> !key.equals(distribution.best())).collect(Collectors.joining(", "))
                + ": within delta AIC 2 and nested with it, the same model, not rivals)";
        String lead = rival.map(r -> String.format(Locale.ROOT, "leads the next family, %s, by delta AIC %.2f",
                r.family().key(), margin)).orElse("has no rival family fitted");
        return new CriterionResult("best-fit margin", tier.tier(), verdict, String.format(Locale.ROOT,
                "%s %s%s (pass above %s, conditional above %s)", distribution.best(), lead, nested,
                envelope.passDeltaAic(), envelope.conditionalDeltaAic()));
    }

    private static CriterionResult goodnessOfFit(TierCalibration tier, AcceptanceEnvelope envelope) {
        DurationDistributionFit fit = tier.durationDistribution();
        Optional<CandidateFit.Fitted> best = fit.bestFit();
        if (best.isEmpty()) {
            return new CriterionResult("goodness of fit", tier.tier(), Verdict.FAIL,
                    "no duration family was fitted: " + notFittedReason(fit));
        }
        String statistic = String.format(Locale.ROOT, "%s: KS statistic %.4f on %s runs", best.get().family().key(),
                best.get().ksStatistic(), fit.ksSampleSize());
        BootstrapPValue p = best.get().ksBootstrap();
        if (p == null) {
            // Without a p-value the fit cannot be confirmed, only reported; an envelope passing every p-value passes.
            return new CriterionResult("goodness of fit", tier.tier(), envelope.minKsPValue() <= 0 ? Verdict.PASS
                    : Verdict.CONDITIONAL_PASS, statistic + ", no bootstrap p-value (calibrated with 0 replicates)");
        }
        // The verdict is the best level shown beyond Monte Carlo error: undecided is not shown.
        BootstrapPValue.Decision atPass = p.decide(envelope.minKsPValue());
        BootstrapPValue.Decision atConditional = p.decide(envelope.conditionalKsPValue());
        Verdict verdict = atPass == BootstrapPValue.Decision.NOT_REJECTED ? Verdict.PASS
                : atConditional == BootstrapPValue.Decision.NOT_REJECTED ? Verdict.CONDITIONAL_PASS : Verdict.FAIL;
        String decision = "";
        if (atPass == BootstrapPValue.Decision.UNDECIDED) {
            decision = ": undecided at " + envelope.minKsPValue() + ", its Monte Carlo interval straddles it, so a pass"
                    + " is not shown";
        } else if (verdict == Verdict.FAIL && atConditional == BootstrapPValue.Decision.UNDECIDED) {
            decision = ": undecided at " + envelope.conditionalKsPValue() + ", so a conditional pass is not shown (more"
                    + " replicates, --bootstrap, can decide it)";
        }
        return new CriterionResult("goodness of fit", tier.tier(), verdict, String.format(Locale.ROOT,
                "%s, bootstrap p-value %s%s (pass at %s, conditional at %s)", statistic, p.describe(), decision,
                envelope.minKsPValue(), envelope.conditionalKsPValue()));
    }

    private static String notFittedReason(DurationDistributionFit fit) {
        return fit.candidates().values().stream().filter(CandidateFit.NotFitted.class::isInstance)
                .map(c -> ((CandidateFit.NotFitted) c).reason()).findFirst().orElse("no family converged");
    }

    private static CriterionResult internalErrors(TierCalibration tier, AcceptanceEnvelope envelope) {
        RateEstimate errors = tier.outcomeRates().get(Outcome.VERIFIER_INTERNAL_ERROR.code());
        double max = envelope.maxInternalErrorRate();
        Verdict verdict = errors.upper() <= max ? Verdict.PASS
                : errors.rate() <= max ? Verdict.CONDITIONAL_PASS : Verdict.FAIL;
        return new CriterionResult("internal error rate", tier.tier(), verdict, String.format(Locale.ROOT,
                "%d of %d (%.4f, interval [%.4f, %.4f]), at most %s allowed", errors.successes(), errors.trials(),
                errors.rate(), errors.lower(), errors.upper(), max));
    }

    /**
     * The ordering of timeout rates by budget, on the comparisons that test something: a comparison of tiers that
     * shared runs holds by construction and is left out, and with every comparison such there is nothing to check.
     */
    private static CriterionResult ordering(CalibrationModel model, AcceptanceEnvelope.TierOrdering requirement) {
        OrderingClaim claim = model.tierComparisons();
        if (claim == null) {
            return new CriterionResult("tier ordering", null, Verdict.PASS, "a single tier: nothing to order");
        }
        List<TierPairComparison> tested = claim.tested();
        if (tested.isEmpty()) {
            return new CriterionResult("tier ordering", null, Verdict.NOT_CHECKED, claim.noPValueReason() + " ("
                    + claim.testedOrdering() + ": every adjacent pair of tiers shared its runs)");
        }
        boolean pointOrdered = true;
        for (TierPairComparison comparison : tested) {
            pointOrdered &= model.tier(comparison.tierA()).timeoutRate().rate()
                    > model.tier(comparison.tierB()).timeoutRate().rate();
        }
        // The claim over the tested comparisons: each of them rejects (the model's claim also needs no degenerate one).
        boolean claimed = claim.pValue() <= claim.alpha();
        String ordering = tested.size() == claim.comparisons().size() ? claim.testedOrdering()
                : tested.stream().map(c -> c.tierA() + " > " + c.tierB()).collect(Collectors.joining(", "));
        String test = tested.get(0).test().name();
        String detail = String.format(Locale.ROOT, "%s: %s, p-value %s at level %s (%s)", ordering,
                claimed ? "claimed" : pointOrdered ? "ordered in the estimates but not significant" : "not ordered",
                PValues.format(claim.pValue(), claim.log10PValue()), claim.alpha(), test);
        for (TierPairComparison comparison : claim.comparisons()) {
            if (comparison.isDegenerate()) {
                detail += "; " + comparison.tierA() + " > " + comparison.tierB() + " not checked, "
                        + comparison.degeneracy().reason();
            }
        }
        Verdict verdict = switch (requirement) {
            case CLAIMED -> claimed ? Verdict.PASS : pointOrdered ? Verdict.CONDITIONAL_PASS : Verdict.FAIL;
            case ESTIMATES -> pointOrdered ? Verdict.PASS : Verdict.FAIL;
            case NONE -> Verdict.NOT_CHECKED;
        };
        return new CriterionResult("tier ordering", null, verdict, detail
                + (requirement == AcceptanceEnvelope.TierOrdering.CLAIMED ? ""
                : " (the envelope requires " + requirement.id() + ")"));
    }
}
