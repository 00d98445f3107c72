package io.github.noisecal.calibration.run;

/** Told, from a monitoring thread, how far a calibration has come. */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param completed   samples finished so far
     * @param total       samples in the plan
     * @param elapsedNanos time since the run started
     * @param finished    true for the last call of a run, which reports its final count
     */
    void onProgress(long completed, long total, long elapsedNanos, boolean finished);

    static ProgressListener none() {
        return (completed, total, elapsedNanos, finished) -> { };
    }
}
