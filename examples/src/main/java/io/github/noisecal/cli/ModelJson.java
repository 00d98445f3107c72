package io.github.noisecal.cli;

import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.yaml.ModelYaml;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON result of {@code calibrate} and {@code fit}: the model in the model file's own schema (the same keys and
 * values as the YAML, see the README's "The model file"), and where it and the journal were written.
 */
final class ModelJson {
    private ModelJson() {
    }

    static Map<String, Object> of(CalibrationModel model, Path modelFile, Path journal) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("model_file", modelFile == null ? null : modelFile.toString());
        document.put("journal", journal == null ? null : journal.toString());
        document.put("model", ModelYaml.document(model));
        return document;
    }
}
