package io.github.noisecal.calibration.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.noisecal.calibration.CalibrationModel;
import io.github.noisecal.calibration.ModelFormat;
import io.github.noisecal.calibration.yaml.internal.YamlModelFormat;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Reading what was written gives back exactly the model written. */
class ModelYamlRoundTripProperties {
    private static final ModelFormat FORMAT = new YamlModelFormat();

    @Property(tries = 150)
    void readingWrittenTextGivesTheSameModel(@ForAll("models") CalibrationModel model) {
        assertEquals(model, ModelYaml.read(new StringReader(ModelYaml.write(model)), "model.yaml"));
    }

    @Property(tries = 30)
    void readingAWrittenFileGivesTheSameModel(@ForAll("models") CalibrationModel model) throws IOException {
        Path directory = Files.createTempDirectory("model-yaml");
        try {
            Path file = directory.resolve("model.yaml");
            FORMAT.write(model, file);
            assertEquals(model, FORMAT.read(file));
        } finally {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(directory);
        }
    }

    @Property(tries = 300)
    void everyNonNegativeDoubleReadsBackBitForBit(@ForAll("nonNegativeDoubles") double value) {
        String text = ModelYaml.write(TestModels.goldenFastWithDurations(value));

        double readBack = ModelYaml.read(new StringReader(text), "model.yaml").tier("FAST").durationMs().max();

        assertEquals(Double.doubleToRawLongBits(value), Double.doubleToRawLongBits(readBack));
    }

    @Provide
    Arbitrary<CalibrationModel> models() {
        return ModelArbitraries.models();
    }

    @Provide
    Arbitrary<Double> nonNegativeDoubles() {
        return ModelArbitraries.nonNegativeDoubles();
    }
}
