package io.github.noisecal.calibration.fit;

/** Why one family could not be fitted; the message becomes the candidate's not-fitted reason. */
final class FitFailure extends RuntimeException {

    FitFailure(String reason) {
        super(reason, null, false, false);
    }
}
