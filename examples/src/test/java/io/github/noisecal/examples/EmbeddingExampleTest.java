package io.github.noisecal.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.model.CalibrationModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingExampleTest {
    @Test
    void calibratesWritesAndReadsBackTheModel(@TempDir Path dir) throws Exception {
        CalibrationModel model = EmbeddingExample.calibrate(dir);
        assertEquals(List.of("QUICK", "BALANCED"), List.copyOf(model.tiers().keySet()));
        assertEquals(2_000, model.tier("QUICK").nSamples());
        assertEquals(10.0, model.tier("QUICK").timeoutS());
        List<String> journal = Files.readAllLines(dir.resolve("raw.jsonl"));
        assertEquals(4_001, journal.size(), "the header, then one line per sample");
        assertTrue(Files.exists(dir.resolve("model.yaml")));
        CalibrationModel again = EmbeddingExample.calibrate(dir);
        assertEquals(model.tiers(), again.tiers(), "run again, it resumes the complete journal");
        assertEquals(journal, Files.readAllLines(dir.resolve("raw.jsonl")), "and runs nothing twice");
    }
}
