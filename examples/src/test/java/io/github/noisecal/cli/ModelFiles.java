package io.github.noisecal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Model files compared the way users compare runs: everything but the facts of the process that made them. */
final class ModelFiles {
    /** Metadata that describes the process (when, where, how many workers, how loaded), not the calibration. */
    static final List<String> PROCESS_FACTS = List.of("created_at", "workers", "available_cores", "load_average",
            "environment");

    private ModelFiles() {
    }

    /** The model file as a tree, without the process facts. */
    static Map<String, Object> comparable(Path model) throws IOException {
        Map<String, Object> tree = load(model);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) tree.get("calibration_metadata"));
        PROCESS_FACTS.forEach(metadata::remove);
        tree.put("calibration_metadata", metadata);
        return tree;
    }

    /** What a merge must reproduce exactly: the per-tier models and the tier comparisons. */
    static Map<String, Object> models(Path model) throws IOException {
        Map<String, Object> tree = load(model);
        Map<String, Object> models = new LinkedHashMap<>();
        models.put("calibrated_models", tree.get("calibrated_models"));
        models.put("tier_comparisons", tree.get("tier_comparisons"));
        return models;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path model) throws IOException {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        return new LinkedHashMap<>((Map<String, Object>) yaml.load(Files.readString(model)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metadata(Path model) throws IOException {
        return (Map<String, Object>) load(model).get("calibration_metadata");
    }
}
