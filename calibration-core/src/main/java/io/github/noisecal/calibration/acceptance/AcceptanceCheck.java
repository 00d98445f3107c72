package io.github.noisecal.calibration.acceptance;

import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.model.TierModules;
import io.github.noisecal.calibration.fit.CandidateFit;
import io.github.noisecal.calibration.stats.OrderingClaim;
import io.github.noisecal.telemetry.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a model against an {@link AcceptanceEnvelope}: sample counts, timeout rates inside their envelopes, the
 * tier ordering, the best duration family's margin and fit, and the verifier's internal error rate.
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
            results.add(distinctModules(tier));
            AcceptanceEnvelope.Range range = envelope.timeoutRateRanges().get(tier.tier());
            if (range != null) {
                results.add(timeoutRate(tier, range));
            }
            results.add(bestFitMargin(tier, envelope));
            results.add(goodnessOfFit(tier, envelope));
            results.add(internalErrors(tier, envelope));
        }
        results.add(ordering(model));
        return List.copyOf(results);
    }

    /** The worst verdict among the results; PASS for none. */
    public static Verdict overall(List<CriterionResult> results) {
        return results.stream().map(CriterionResult::verdict).reduce(Verdict.PASS, Verdict::and);
    }

    private static CriterionResult sampleCount(TierCalibration tier, AcceptanceEnvelope envelope) {
        Verdict verdict = tier.nSamples() >= envelope.minSamplesPerTier() ? Verdict.PASS : Verdict.FAIL;
        return new CriterionResult("sample count", tier.tier(), verdict,
                tier.nSamples() + " samples, " + envelope.minSamplesPerTier() + " required");
    }

    /**
     * The distinct modules a population claim needs. The module-clustered intervals reach their nominal coverage from
     * about this many modules on (README, "The statistics"); with fewer, a tier's rates describe its modules more
     * than the population of proofs the module list samples.
     */
    public static final long MIN_MODULES_FOR_POPULATION = 30;

    /** Runs of few modules are few proofs, however many runs there are: a conditional pass at best. */
    private static CriterionResult distinctModules(TierCalibration tier) {
        TierModules modules = tier.modules();
        String runs = String.format(Locale.ROOT, "%d distinct modules, %.1f runs each (effective sample size %.1f"
                        + " for the timeout rate)", modules.distinct(), modules.meanRuns(),
                modules.timeout().effectiveSampleSize());
        if (modules.distinct() >= MIN_MODULES_FOR_POPULATION) {
            return new CriterionResult("distinct modules", tier.tier(), Verdict.PASS,
                    runs + ", " + MIN_MODULES_FOR_POPULATION + " required");
        }
        return new CriterionResult("distinct modules", tier.tier(), Verdict.CONDITIONAL_PASS, runs + ": too few for a"
                + " claim about the population of proofs the module list samples (" + MIN_MODULES_FOR_POPULATION
                + " required); the rates hold for these modules");
    }

    private static CriterionResult timeoutRate(TierCalibration tier, AcceptanceEnvelope.Range range) {
        RateEstimate rate = tier.timeoutRate();
        Verdict verdict = range.overlaps(rate.lower(), rate.upper()) ? Verdict.PASS : Verdict.FAIL;
        return new CriterionResult("timeout rate in envelope", tier.tier(), verdict, String.format(Locale.ROOT,
                "%.4f, interval [%.4f, %.4f] %s envelope %s", rate.rate(), rate.lower(), rate.upper(),
                verdict == Verdict.PASS ? "overlaps" : "misses", range));
    }

    private static CriterionResult bestFitMargin(TierCalibration tier, AcceptanceEnvelope envelope) {
        var distribution = tier.durationDistribution();
        Optional<CandidateFit.Fitted> best = distribution.bestFit();
        if (best.isEmpty()) {
            return new CriterionResult("best-fit margin", tier.tier(), Verdict.FAIL, "no duration family was fitted");
        }
        double margin = distribution.candidates().values().stream()
                .filter(CandidateFit.Fitted.class::isInstance)
                .map(CandidateFit.Fitted.class::cast)
                .filter(f -> f != best.get())
                .mapToDouble(CandidateFit.Fitted::deltaAic)
                .min().orElse(Double.POSITIVE_INFINITY);
        Verdict verdict = margin > envelope.passDeltaAic() ? Verdict.PASS
                : margin > envelope.conditionalDeltaAic() ? Verdict.CONDITIONAL_PASS : Verdict.FAIL;
        return new CriterionResult("best-fit margin", tier.tier(), verdict, String.format(Locale.ROOT,
                "%s leads the next family by delta AIC %.2f (pass above %s, conditional above %s)",
                distribution.best(), margin, envelope.passDeltaAic(), envelope.conditionalDeltaAic()));
    }

    private static CriterionResult goodnessOfFit(TierCalibration tier, AcceptanceEnvelope envelope) {
        Optional<CandidateFit.Fitted> best = tier.durationDistribution().bestFit();
        if (best.isEmpty()) {
            return new CriterionResult("goodness of fit", tier.tier(), Verdict.FAIL, "no duration family was fitted");
        }
        Double p = best.get().ksPValue();
        if (p == null) {
            return new CriterionResult("goodness of fit", tier.tier(), Verdict.CONDITIONAL_PASS, String.format(
                    Locale.ROOT, "%s: KS statistic %.4f, no bootstrap p-value (calibrated with 0 replicates)",
                    best.get().family().key(), best.get().ksStatistic()));
        }
        Verdict verdict = p >= envelope.minKsPValue() ? Verdict.PASS
                : p >= envelope.conditionalKsPValue() ? Verdict.CONDITIONAL_PASS : Verdict.FAIL;
        return new CriterionResult("goodness of fit", tier.tier(), verdict, String.format(Locale.ROOT,
                "%s: KS statistic %.4f, bootstrap p-value %.3f (pass at %s, conditional at %s)",
                best.get().family().key(), best.get().ksStatistic(), p, envelope.minKsPValue(),
                envelope.conditionalKsPValue()));
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

    private static CriterionResult ordering(CalibrationModel model) {
        OrderingClaim claim = model.tierComparisons();
        if (claim == null) {
            return new CriterionResult("tier ordering", null, Verdict.PASS, "a single tier: nothing to order");
        }
        boolean pointOrdered = true;
        for (var comparison : claim.comparisons()) {
            pointOrdered &= model.tier(comparison.tierA()).timeoutRate().rate()
                    > model.tier(comparison.tierB()).timeoutRate().rate();
        }
        Verdict verdict = claim.claimed() ? Verdict.PASS : pointOrdered ? Verdict.CONDITIONAL_PASS : Verdict.FAIL;
        String test = claim.comparisons().get(0).test().name();
        return new CriterionResult("tier ordering", null, verdict, String.format(Locale.ROOT,
                "%s: %s, p-value %.4g at level %s%s", claim.testedOrdering(), claim.claimed() ? "claimed"
                        : pointOrdered ? "ordered in the estimates but not significant" : "not ordered", claim.pValue(),
                claim.alpha(), " (" + test + ")"));
    }
}
