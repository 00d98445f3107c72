package io.github.noisecal.calibration.format;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.model.CalibrationModel;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes and reads calibrated models in one file format. Implementations are discovered with
 * {@link java.util.ServiceLoader} (see {@link ModelFormats}); {@code calibration-yaml} provides {@code yaml}.
 */
public interface ModelFormat {

    /** The format's name, such as {@code yaml}. */
    String name();

    /** Whether this format is the one for {@code file}, judged by its name. */
    boolean handles(Path file);

    /**
     * The endings of the file names this format handles, such as {@code .yaml}, for messages that say how to name
     * a model file; empty when the format judges names otherwise.
     */
    default List<String> fileNameEndings() {
        return List.of();
    }

    /**
     * Writes {@code model} to {@code file} atomically: readers see the old file or the complete new one, never a
     * partial file.
     */
    void write(CalibrationModel model, Path file);

    /**
     * Reads a model.
     *
     * @throws InvalidInputException naming the file and the offending field when the file is not a valid model
     */
    CalibrationModel read(Path file);
}
