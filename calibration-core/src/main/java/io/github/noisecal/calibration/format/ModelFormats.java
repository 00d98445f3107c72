package io.github.noisecal.calibration.format;

import io.github.noisecal.calibration.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The discovered {@link ModelFormat}s. */
public final class ModelFormats {
    private final List<ModelFormat> formats;

    private ModelFormats(List<ModelFormat> formats) {
        this.formats = List.copyOf(formats);
    }

    public static ModelFormats load() {
        return load(ModelFormats.class.getClassLoader());
    }

    public static ModelFormats load(ClassLoader classLoader) {
        List<ModelFormat> found = new ArrayList<>();
        ServiceLoader.load(ModelFormat.class, classLoader).forEach(found::add);
        return new ModelFormats(found);
    }

    public List<String> names() {
        return formats.stream().map(ModelFormat::name).toList();
    }

    /** The format for {@code file}, judged by its name. */
    public ModelFormat forFile(Path file) {
        return formats.stream().filter(f -> f.handles(file)).findFirst()
                .orElseThrow(() -> new InvalidInputException("no model format for " + file + "; known formats: "
                        + (formats.isEmpty() ? "(none: add calibration-yaml to the classpath)"
                                : formats.stream().map(ModelFormat::name).collect(Collectors.joining(", ")))));
    }
}
