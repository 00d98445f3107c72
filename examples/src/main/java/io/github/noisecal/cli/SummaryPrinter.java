package io.github.noisecal.cli;

import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.calibration.model.TierCalibration;
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
            out.printf(Locale.ROOT, "Tier: %s (budget %s s)%n", tier.tier(), trim(tier.timeoutS()));
            out.printf(Locale.ROOT, "  Samples: %d%n", tier.nSamples());
            out.printf(Locale.ROOT, "  Timeout rate: %s%n", withInterval(tier.timeoutRate(), level));
            out.printf(Locale.ROOT, "  Fail rate: %s%n", withInterval(tier.failRate(), level));
            out.printf(Locale.ROOT, "  Success rate: %s%n", withInterval(tier.successRate(), level));
        }
    }

    private static String withInterval(RateEstimate estimate, String level) {
        return String.format(Locale.ROOT, "%.3f (%s%% CI: [%.3f, %.3f])", estimate.rate(), level, estimate.lower(),
                estimate.upper());
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
