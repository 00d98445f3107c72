package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    @Test
    void aTerminalGetsOneRedrawnBarWithEtaAndThroughput() {
        StringWriter text = new StringWriter();
        ProgressReporter reporter = new ProgressReporter(new PrintWriter(text), true);
        reporter.onProgress(250, 1000, 2_000_000_000L, false);
        String line = text.toString();
        assertTrue(line.startsWith("\r[#######-----------------------] 250/1000  25% 125.0 samples/s ETA 6.0 s"),
                line);
        reporter.onProgress(1000, 1000, 4_000_000_000L, true);
        assertTrue(text.toString().endsWith(System.lineSeparator()), "the finished bar ends its line");
        assertEquals(Duration.ofMillis(200), reporter.interval());
    }

    @Test
    void logsGetPlainLinesAtAGentlerPace() {
        StringWriter text = new StringWriter();
        ProgressReporter reporter = new ProgressReporter(new PrintWriter(text), false);
        reporter.onProgress(30_000, 300_000, 10_000_000_000L, false);
        reporter.onProgress(300_000, 300_000, 95_000_000_000L, true);
        String[] lines = text.toString().split(System.lineSeparator());
        assertEquals("progress: 30000/300000 samples (10%), 3.0k samples/s, ETA 1m30s", lines[0]);
        assertEquals("calibrated 300000 samples in 1m35s (3.2k samples/s)", lines[1]);
        assertEquals(Duration.ofSeconds(10), reporter.interval());
    }
}
