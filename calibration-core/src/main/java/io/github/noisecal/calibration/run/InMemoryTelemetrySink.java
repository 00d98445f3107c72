package io.github.noisecal.calibration.run;

import io.github.noisecal.telemetry.VerificationTelemetry;
import java.util.ArrayList;
import java.util.List;

/** Keeps every record in memory, for tests and small embedded runs. */
public final class InMemoryTelemetrySink implements TelemetrySink {
    private final List<VerificationTelemetry> records = new ArrayList<>();

    @Override
    public synchronized void accept(VerificationTelemetry telemetry) {
        records.add(telemetry);
    }

    /** A snapshot of the records accepted so far, in arrival order. */
    public synchronized List<VerificationTelemetry> records() {
        return List.copyOf(records);
    }
}
