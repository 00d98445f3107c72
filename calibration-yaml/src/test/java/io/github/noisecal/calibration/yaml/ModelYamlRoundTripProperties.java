package io.github.noisecal.calibration.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.noisecal.calibration.CalibrationModel;
import java.io.StringReader;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Reading what was written gives back exactly the model written. */
class ModelYamlRoundTripProperties {

    @Property(tries = 150)
    void readingWrittenTextGivesTheSameModel(@ForAll("models") CalibrationModel model) {
        assertEquals(model, ModelYaml.read(new StringReader(ModelYaml.write(model)), "model.yaml"));
    }

    @Property(tries = 300)
    void everyNonNegativeDoubleReadsBackBitForBit(@ForAll("nonNegativeDoubles") double value) {
        String text = ModelYaml.write(TestModels.goldenWithFastDurations(value));

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
