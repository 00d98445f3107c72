package io.github.noisecal.cli;

import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.DurationSummary;
import io.github.noisecal.calibration.model.TierModules;
import io.github.noisecal.calibration.stats.InvertedPairs;
import io.github.noisecal.calibration.stats.MeanEstimate;
import io.github.noisecal.calibration.stats.RateClustering;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.stats.Repeatability;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints the per-tier summary users read after a calibration. */
final class SummaryPrinter {
    private SummaryPrinter() {
    }

    static void print(CalibrationModel model, PrintWriter out) {
        String level = String.format(Locale.ROOT, "%.4g", model.metadata().confidenceLevel() * 100)
                .replaceAll("\\.?0+$", "");
        for (TierCalibration tier : model.tiers().values()) {
            TierModules modules = tier.modules();
            out.printf(Locale.ROOT, "Tier: %s (budget %s s)%n", tier.tier(), trim(tier.timeoutS()));
            out.printf(Locale.ROOT, "  Samples: %d%n", tier.nSamples());
            out.printf(Locale.ROOT, "  Timeout rate: %s%n", withIntervals(tier.timeoutRate(), modules.timeout(), level));
            out.printf(Locale.ROOT, "  Fail rate: %s%n", withIntervals(tier.failRate(), modules.fail(), level));
            out.printf(Locale.ROOT, "  Success rate: %s%n", withIntervals(tier.successRate(), modules.success(), level));
            out.printf(Locale.ROOT, "  Durations: %s%n", durations(tier.durationMs()));
            out.printf(Locale.ROOT, "  Modules: %s%n", modules(modules));
            Repeatability repeatability = tier.repeatability();
            if (repeatability != null) {
                out.printf(Locale.ROOT, "  Flips: flip rate %s, flaky modules %s; outcome flip rate %s, modules with"
                                + " differing outcomes %s%n",
                        mean(repeatability.flipRate()), share(repeatability.flakyModuleShare()),
                        mean(repeatability.outcomeFlipRate()), share(repeatability.outcomeFlakyModuleShare()));
                out.printf(Locale.ROOT, "  Stability: %d always verified, %d always timing out, %d always failing, %d"
                                + " mixed (of %d modules run twice or more)%n", repeatability.alwaysVerified(),
                        repeatability.alwaysTimingOut(), repeatability.alwaysFailing(), repeatability.mixed(),
                        repeatability.modules());
            }
        }
        for (InvertedPairs pairs : model.invertedPairs()) {
            if (pairs.inverted() > 0) {
                out.printf(Locale.ROOT, "Inverted pairs: %d of %d paired runs (%d %s) timed out in %s but finished in"
                                + " %s: run-to-run noise, not a tier effect%n", pairs.inverted(), pairs.pairs(),
                        pairs.modules(), pairs.modules() == 1 ? "module" : "modules", pairs.largerTier(),
                        pairs.smallerTier());
            }
        }
    }

    /**
     * The interval over the population of proofs (the model's estimand {@code rate_ci}), labelled so, and the one over
     * the runs beside it when clustering widened it.
     */
    private static String withIntervals(RateEstimate estimate, RateClustering clustering, String level) {
        String text = String.format(Locale.ROOT, "%.3f (%s%% CI over proofs: [%.3f, %.3f]", estimate.rate(), level,
                estimate.lower(), estimate.upper());
        RateEstimate runs = clustering.runs();
        if (!runs.equals(estimate)) {
            text += String.format(Locale.ROOT, "; over these runs: [%.3f, %.3f]", runs.lower(), runs.upper());
        }
        return text + ")";
    }

    /**
     * The Kaplan-Meier median and 0.9 quantile; a quantile the runs do not reach (more of them outlasted every
     * finished one, timeouts included) is printed {@code > restricted_to}, the longest recorded duration.
     */
    static String durations(DurationSummary summary) {
        String beyond = "> " + seconds(summary.restrictedTo());
        return String.format(Locale.ROOT, "median %s, p90 %s (Kaplan-Meier, timeouts censored)",
                summary.p50() == null ? beyond : seconds(summary.p50()),
                summary.p90() == null ? beyond : seconds(summary.p90()));
    }

    private static String seconds(double ms) {
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        double s = ms / 1000;
        return String.format(Locale.ROOT, s < 10 ? "%.2f s" : s < 100 ? "%.1f s" : "%.0f s", s);
    }

    private static String modules(TierModules modules) {
        if (modules.maxRuns() == 1) {
            return modules.distinct() + " distinct, 1 run each";
        }
        RateClustering timeout = modules.timeout();
        String icc = timeout.icc() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", timeout.icc());
        return String.format(Locale.ROOT, "%d distinct, %.1f runs each (min %d, max %d); timeout rate: ICC %s, design"
                        + " effect %.1f, effective n %.1f", modules.distinct(), modules.meanRuns(), modules.minRuns(),
                modules.maxRuns(), icc, timeout.designEffect(), timeout.effectiveSampleSize());
    }

    private static String mean(MeanEstimate estimate) {
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", estimate.mean(), estimate.lower(), estimate.upper());
    }

    private static String share(RateEstimate estimate) {
        return String.format(Locale.ROOT, "%d/%d [%.3f, %.3f]", estimate.successes(), estimate.trials(),
                estimate.lower(), estimate.upper());
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
