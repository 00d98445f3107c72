package io.github.noisecal.cli;

import io.github.noisecal.calibration.run.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Shows calibration progress on stderr: a redrawn bar with ETA and throughput on a terminal, plain lines at a
 * slower pace otherwise (logs and CI keep readable output).
 */
final class ProgressReporter implements ProgressListener {
    private static final int BAR_WIDTH = 30;
    private final PrintWriter err;
    private final boolean terminal;

    ProgressReporter(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    Duration interval() {
        return terminal ? Duration.ofMillis(200) : Duration.ofSeconds(10);
    }

    @Override
    public void onProgress(long completed, long total, long elapsedNanos, boolean finished) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? completed / seconds : 0;
        String eta = completed > 0 && !finished ? " ETA " + formatSeconds((total - completed) / rate) : "";
        String throughput = String.format("%s samples/s", formatRate(rate));
        if (terminal) {
            int filled = (int) (BAR_WIDTH * completed / Math.max(1, total));
            String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
            err.printf("\r[%s] %d/%d %3.0f%% %s%s  ", bar, completed, total, 100.0 * completed / total, throughput,
                    eta);
            if (finished) {
                err.println();
            }
        } else if (finished) {
            err.printf("calibrated %d samples in %s (%s)%n", completed, formatSeconds(seconds), throughput);
        } else {
            err.printf("progress: %d/%d samples (%.0f%%), %s,%s%n", completed, total, 100.0 * completed / total,
                    throughput, eta);
        }
        err.flush();
    }

    static String formatRate(double perSecond) {
        if (perSecond >= 1e6) return String.format("%.2fM", perSecond / 1e6);
        if (perSecond >= 1e3) return String.format("%.1fk", perSecond / 1e3);
        return String.format("%.1f", perSecond);
    }

    static String formatSeconds(double seconds) {
        if (seconds < 60) return String.format("%.1f s", seconds);
        long s = Math.round(seconds);
        if (s < 3600) return String.format("%dm%02ds", s / 60, s % 60);
        return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
