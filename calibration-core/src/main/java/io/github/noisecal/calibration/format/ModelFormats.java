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

    /**
     * The format for {@code file}, judged by its name.
     *
     * @throws InvalidInputException naming the file and how to name one a format handles
     */
    public ModelFormat forFile(Path file) {
        return formats.stream().filter(f -> f.handles(file)).findFirst()
                .orElseThrow(() -> new InvalidInputException(file + ": no model format for this name; " + fix()));
    }

    private String fix() {
        if (formats.isEmpty()) {
            return "no format is installed (add calibration-yaml to the classpath)";
        }
        List<String> endings = formats.stream().flatMap(f -> f.fileNameEndings().stream()).distinct().toList();
        String known = "known formats: " + formats.stream().map(ModelFormat::name).collect(Collectors.joining(", "));
        if (endings.isEmpty()) {
            return known;
        }
        String choice = endings.size() == 1 ? endings.get(0)
                : String.join(", ", endings.subList(0, endings.size() - 1)) + " or " + endings.get(endings.size() - 1);
        return "use a name ending in " + choice + " (" + known + ")";
    }
}
