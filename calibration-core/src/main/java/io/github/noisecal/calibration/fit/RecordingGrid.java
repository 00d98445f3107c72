package io.github.noisecal.calibration.fit;

/**
 * The resolution a tier's durations were recorded at: the coarsest step of the 1-2-5 ladder from 1 µs to 1000 s
 * of which every finished duration is a whole multiple (0 when there is none: a continuous clock such as
 * {@code System.nanoTime()} in ms). Twenty continuous durations are all multiples of a coarser step by chance
 * with probability below 10^-20, so with the sample sizes fitted here the step is the clock's.
 */
final class RecordingGrid {

    /** Relative slack for durations that went through a unit conversion (e.g. s to ms) in binary floating point. */
    private static final double SLACK = 1e-6;
    private static final double[] MANTISSAS = {5, 2, 1};

    private RecordingGrid() {
    }

    /** The step in ms, or 0 for continuous durations (also for fewer than two positive durations). */
    static double detect(double[] durations) {
        int positive = 0;
        for (double t : durations) {
            if (t > 0) {
                positive++;
            }
        }
        if (positive < 2) {
            return 0;
        }
        for (int exponent = 6; exponent >= -3; exponent--) {
            for (double mantissa : MANTISSAS) {
                double step = mantissa * Math.pow(10, exponent);
                if (allMultiples(durations, step)) {
                    return step;
                }
            }
        }
        return 0;
    }

    private static boolean allMultiples(double[] durations, double step) {
        for (double t : durations) {
            double units = t / step;
            // A positive duration is at least one step: a reading of 0 is 0.
            if ((t > 0 && units < 0.5) || Math.abs(units - Math.rint(units)) > SLACK * Math.max(1, units)) {
                return false;
            }
        }
        return true;
    }

    /** A simulated duration as a clock of this step records it: to the nearest step (unchanged when continuous). */
    static double record(double t, double step) {
        return step == 0 ? t : step * Math.rint(t / step);
    }
}
