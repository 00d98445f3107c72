package io.github.noisecal.calibration.yaml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.format.ModelFormat;
import io.github.noisecal.calibration.format.ModelFormats;
import io.github.noisecal.calibration.stats.RateEstimate;
import io.github.noisecal.calibration.yaml.internal.YamlModelFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code yaml} model format: discovery, file names, atomic writes and file-level read errors. */
class YamlModelFormatTest {
    private final ModelFormat format = new YamlModelFormat();

    @TempDir
    Path directory;

    @Test
    void isDiscoveredForYamlFiles() {
        ModelFormat found = ModelFormats.load().forFile(Path.of("m.yaml"));

        assertInstanceOf(YamlModelFormat.class, found);
        assertEquals("yaml", found.name());
        assertTrue(ModelFormats.load().names().contains("yaml"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"m.yaml", "m.yml", "M.YAML", "model.Yml", "runs/2026/model.yaml", ".yaml"})
    void handlesYamlFileNamesInAnyCase(String name) {
        assertTrue(format.handles(Path.of(name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"m.json", "yaml", "m.yaml.bak", "m.yamll", "m_yaml", "yaml/model.txt"})
    void leavesOtherFileNamesAlone(String name) {
        assertFalse(format.handles(Path.of(name)));
    }

    @Test
    void doesNotHandleAPathWithoutAFileName() {
        assertFalse(format.handles(Path.of("/")));
    }

    @Test
    void writtenFileReadsBackAsTheModelAndNothingElseIsLeft() throws IOException {
        Path file = directory.resolve("model.yaml");

        format.write(TestModels.golden(), file);

        assertEquals(TestModels.golden(), format.read(file));
        assertEquals(List.of(file), entries());
        assertEquals(ModelYaml.write(TestModels.golden()), Files.readString(file));
    }

    @Test
    void writingOverAnExistingFileReplacesItWhole() throws IOException {
        Path file = directory.resolve("model.yaml");
        Files.writeString(file, "# an older, longer file\n".repeat(10_000));

        format.write(TestModels.golden(), file);

        assertEquals(ModelYaml.write(TestModels.golden()), Files.readString(file));
        assertEquals(List.of(file), entries());
    }

    @Test
    void aFailedRenameLeavesTheTargetAsItWasAndNoTemporaryFile() throws IOException {
        Path target = directory.resolve("model.yaml");
        Path inTheWay = Files.createDirectories(target.resolve("kept"));

        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> format.write(TestModels.golden(), target));

        assertTrue(e.getMessage().startsWith("cannot write model file " + target + ": "), e.getMessage());
        assertTrue(Files.isDirectory(inTheWay));
        assertEquals(List.of(target), entries());
    }

    @Test
    void aModelTheSchemaCannotHoldLeavesTheTargetAsItWasAndNoTemporaryFile() throws IOException {
        Path target = directory.resolve("model.yaml");
        byte[] before = "the previous model\n".getBytes(StandardCharsets.UTF_8);
        Files.write(target, before);
        CalibrationModel model = TestModels.golden();
        CalibrationModel unwritable = TestModels.withTier(model,
                TestModels.withTimeoutRate(model.tier("FAST"), RateEstimate.wilson(5, 20, 0.8)));

        assertThrows(IllegalArgumentException.class, () -> format.write(unwritable, target));

        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of(target), entries());
    }

    @Test
    void aMissingDirectoryIsReportedAndNothingIsCreated() throws IOException {
        Path target = directory.resolve("absent").resolve("model.yaml");

        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> format.write(TestModels.golden(), target));

        assertTrue(e.getMessage().startsWith("cannot write model file " + target + ": "), e.getMessage());
        assertEquals(List.of(), entries());
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = directory.resolve("missing.yaml");

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> format.read(file));

        assertEquals(file + ": no such file", e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8IsNamed() throws IOException {
        Path file = Files.write(directory.resolve("latin1.yaml"),
                "calibration_metadata:\n  backend: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> format.read(file));

        assertEquals(file + ": not UTF-8 text", e.getMessage());
    }

    @Test
    void aDirectoryIsNotAModelFile() throws IOException {
        Path file = Files.createDirectory(directory.resolve("model.yaml"));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> format.read(file));

        assertTrue(e.getMessage().startsWith(file + ": cannot be read: "), e.getMessage());
    }

    @Test
    void anEmptyFileIsNamed() throws IOException {
        Path file = Files.createFile(directory.resolve("empty.yaml"));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> format.read(file));

        assertEquals(file + ": empty, expected a calibrated model", e.getMessage());
    }

    @Test
    void fieldErrorsNameTheFile() throws IOException {
        Path file = directory.resolve("model.yml");
        format.write(TestModels.golden(), file);
        Files.writeString(file, Files.readString(file).replace("  backend: mock\n", ""));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> format.read(file));

        assertEquals(file + ": calibration_metadata.backend: missing", e.getMessage());
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().toList();
        }
    }
}
