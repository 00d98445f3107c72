package io.github.noisecal.calibration.yaml.internal;

import com.google.auto.service.AutoService;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.format.ModelFormat;
import io.github.noisecal.calibration.yaml.ModelYaml;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** The {@code yaml} model format: {@code *.yaml} and {@code *.yml} files in the {@link ModelYaml} schema. */
@AutoService(ModelFormat.class)
public final class YamlModelFormat implements ModelFormat {

    @Override
    public String name() {
        return "yaml";
    }

    private static final List<String> ENDINGS = List.of(".yaml", ".yml");

    @Override
    public boolean handles(Path file) {
        Path fileName = file.getFileName();
        if (fileName == null) {
            return false;
        }
        String name = fileName.toString().toLowerCase(Locale.ROOT);
        return ENDINGS.stream().anyMatch(name::endsWith);
    }

    @Override
    public List<String> fileNameEndings() {
        return ENDINGS;
    }

    /**
     * Writes the model to a new file beside {@code file}, forces it to disk, then renames it over {@code file} in
     * one atomic step. On failure the new file is removed and {@code file} is left as it was.
     *
     * @throws IllegalArgumentException when the schema cannot hold the model (see {@link ModelYaml#write})
     * @throws UncheckedIOException     when the file cannot be written
     */
    @Override
    public void write(CalibrationModel model, Path file) {
        byte[] bytes = ModelYaml.write(model).getBytes(StandardCharsets.UTF_8);
        Path target = file.toAbsolutePath();
        Path temporary;
        try {
            temporary = createTemporaryBeside(target);
        } catch (IOException e) {
            throw writeFailure(file, e);
        }
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            discard(temporary, e);
            throw writeFailure(file, e);
        } catch (RuntimeException | Error e) {
            discard(temporary, e);
            throw e;
        }
    }

    /** The exception's class is kept in the message: for NoSuchFileException and the like it is the reason. */
    private static UncheckedIOException writeFailure(Path file, IOException e) {
        return new UncheckedIOException("cannot write model file " + file + ": " + e, e);
    }

    private static void discard(Path temporary, Throwable failure) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * A new empty file in the target's directory (a rename is only atomic within one file system). Not
     * {@link Files#createTempFile}, which would leave the model readable by its owner only.
     */
    private static Path createTemporaryBeside(Path target) throws IOException {
        String name = "." + target.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp";
        return Files.createFile(target.resolveSibling(name));
    }

    @Override
    public CalibrationModel read(Path file) {
        String source = file.toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return ModelYaml.read(reader, source);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(source + ": no such file", e);
        } catch (IOException e) {
            throw new InvalidInputException(source + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
