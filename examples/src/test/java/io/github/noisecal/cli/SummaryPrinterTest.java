package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.noisecal.calibration.model.DurationSummary;
import org.junit.jupiter.api.Test;

/** The summary's duration line: Kaplan-Meier quantiles, and "> τ" where the runs do not reach one. */
class SummaryPrinterTest {

    @Test
    void quantilesBeyondTheLongestRecordedDurationArePrintedAsABound() {
        // A quarter of the runs timed out at 30 s: the median is observed, the 0.9 quantile lies beyond 30 s.
        DurationSummary fast = new DurationSummary(900, 2547.0, null, null, 30_012.5, 9104.6, 30_012.5, 5);
        assertEquals("median 2.55 s, p90 > 30.0 s (Kaplan-Meier, timeouts censored)", SummaryPrinter.durations(fast));
        DurationSummary mostTimedOut = new DurationSummary(900, null, null, null, 2_012.5, 1900, 2_012.5, 18);
        assertEquals("median > 2.01 s, p90 > 2.01 s (Kaplan-Meier, timeouts censored)",
                SummaryPrinter.durations(mostTimedOut));
    }

    @Test
    void quantilesTheRunsReachArePrintedAsThey() {
        DurationSummary complete = new DurationSummary(12, 640.0, 48_200.0, 119_000.0, 119_400, 9000, 119_400, 0);
        assertEquals("median 640 ms, p90 48.2 s (Kaplan-Meier, timeouts censored)", SummaryPrinter.durations(complete));
        DurationSummary slow = new DurationSummary(12, 150_000.0, 170_400.0, null, 180_000, 9000, 180_000, 2);
        assertEquals("median 150 s, p90 170 s (Kaplan-Meier, timeouts censored)", SummaryPrinter.durations(slow));
    }
}
