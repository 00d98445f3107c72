package io.github.noisecal.calibration.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.model.CalibrationMetadata;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.EnvironmentFingerprint;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code environment.unavailable}: the fields of a fingerprint taken without OSHI that could not be read, with the
 * reason. Written as a mapping (empty when every field was read), read back exactly, and optional when reading, so
 * files written before the field existed still load.
 */
class EnvironmentUnavailableYamlTest {
    private static final EnvironmentFingerprint WITHOUT_OSHI = new EnvironmentFingerprint("Mac OS X 14.5", "unknown",
            8, 0, "17.0.15", Map.of(
                    EnvironmentFingerprint.TOTAL_MEMORY_BYTES, "OSHI is not on the class path, /proc/meminfo gives no"
                            + " 'MemTotal', and the JVM does not report the physical memory",
                    EnvironmentFingerprint.CPU_MODEL, "OSHI is not on the class path, and /proc/cpuinfo gives no"
                            + " 'model name'"));

    private static CalibrationModel withEnvironment(EnvironmentFingerprint environment) {
        CalibrationModel golden = TestModels.golden();
        CalibrationMetadata metadata = golden.metadata().withEnvironment(environment);
        return golden.withMetadata(metadata);
    }

    @Test
    void unreadableFieldsAreWrittenWithTheirReasonsAndReadBackExactly() {
        CalibrationModel model = withEnvironment(WITHOUT_OSHI);
        String text = ModelYaml.write(model);
        assertTrue(text.contains("""
                    unavailable:
                      cpu_model: OSHI is not on the class path, and /proc/cpuinfo gives no 'model name'
                      total_memory_bytes: OSHI is not on the class path, /proc/meminfo gives no 'MemTotal', and the\
                 JVM does not report the physical memory
                """), text);
        CalibrationModel read = ModelYaml.read(new StringReader(text), "model.yaml");
        assertEquals(model, read);
        assertEquals(WITHOUT_OSHI.unavailable(), read.metadata().environment().unavailable());
    }

    @Test
    void aFileWrittenBeforeTheFieldExistedReadsAsEveryFieldRead() throws IOException {
        String old = ModelYamlGoldenTest.golden().replace("    unavailable: {}\n", "");
        assertTrue(!old.contains("unavailable"), "the golden file has the field to remove");
        assertEquals(TestModels.golden(), ModelYaml.read(new StringReader(old), "old.yaml"));
    }

    @Test
    void nullMeansEveryFieldWasRead() throws IOException {
        String text = ModelYamlGoldenTest.golden().replace("    unavailable: {}\n", "    unavailable: null\n");
        assertEquals(Map.of(), ModelYaml.read(new StringReader(text), "m.yaml").metadata().environment()
                .unavailable());
    }

    @Test
    void onlyFingerprintFieldsCanBeUnavailable() throws IOException {
        String text = ModelYamlGoldenTest.golden().replace("    unavailable: {}\n",
                "    unavailable:\n      gpu_model: no GPU\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelYaml.read(new StringReader(text), "model.yaml"));
        assertEquals("model.yaml: calibration_metadata.environment.unavailable.gpu_model: unknown field; expected one"
                + " of os, cpu_model, logical_cores, total_memory_bytes, java_version", e.getMessage());
    }

    @Test
    void aReasonMustBeAString() throws IOException {
        String text = ModelYamlGoldenTest.golden().replace("    unavailable: {}\n",
                "    unavailable:\n      cpu_model: [1, 2]\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelYaml.read(new StringReader(text), "model.yaml"));
        assertTrue(e.getMessage().startsWith("model.yaml: calibration_metadata.environment.unavailable.cpu_model:"
                + " expected a string"), e.getMessage());
    }
}
