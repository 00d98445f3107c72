package io.github.noisecal.calibration.run;

import io.github.noisecal.calibration.CalibrationException;

/**
 * A calibration stopped because a {@link StopRequest} asked it to. Every sample recorded before is kept by the
 * journal; resuming runs the rest.
 */
public final class CalibrationInterruptedException extends CalibrationException {
    private final String reason;

    public CalibrationInterruptedException(String reason) {
        super("calibration interrupted (" + reason + ")");
        this.reason = reason;
    }

    /** What asked for the stop, such as {@code SIGTERM}. */
    public String reason() {
        return reason;
    }
}
