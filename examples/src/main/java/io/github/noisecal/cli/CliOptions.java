package io.github.noisecal.cli;

import io.github.noisecal.calibration.stats.IntervalMethod;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks shared by several commands' options. */
final class CliOptions {
    private CliOptions() {
    }

    static IntervalMethod intervalMethod(String name) {
        try {
            return IntervalMethod.fromId(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--interval: " + e.getMessage());
        }
    }

    /** Fails before any work when {@code file} could not be written: a directory in the way or no usable parent. */
    static void requireWritable(Path file, String option) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new UsageException(option + " " + file + ": is a directory");
        }
        Path parent = file.toAbsolutePath().getParent();
        for (Path p = parent; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new UsageException(option + " " + file + ": " + p + " is not a directory");
                }
                if (!Files.isWritable(p)) {
                    throw new UsageException(option + " " + file + ": directory " + p + " is not writable");
                }
                return;
            }
        }
    }
}
