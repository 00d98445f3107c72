package io.github.noisecal.cli;

import io.github.noisecal.calibration.stats.IntervalMethod;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks shared by several commands' options. */
final class CliOptions {
    /** How model files are named, for help texts (the YAML format's endings; plugins may add formats). */
    static final String MODEL_FILE_ENDINGS = ".yaml or .yml";

    private CliOptions() {
    }

    /** The model a command reads: {@code --model FILE}, or the older positional form; exactly one of them. */
    static Path modelFile(Path option, Path positional) {
        if (option != null && positional != null && !option.equals(positional)) {
            throw new UsageException("give the model once: --model " + option + " and " + positional
                    + " name two files");
        }
        Path file = option != null ? option : positional;
        if (file == null) {
            throw new UsageException("--model FILE: which model to read (" + MODEL_FILE_ENDINGS + ")");
        }
        return file;
    }

    static IntervalMethod intervalMethod(String name) {
        try {
            return IntervalMethod.fromId(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--interval: " + e.getMessage());
        }
    }

    /**
     * Fails before any work when {@code file} could not be written as an output replaced atomically: a directory
     * or a special file in its place, or no usable parent (the nearest existing ancestor must be a writable
     * directory; missing directories are created before the run by {@link #createParent}).
     */
    static void requireOutput(Path file, String option) {
        requireWritable(file, option);
        if (file != null && Files.exists(file) && !Files.isRegularFile(file)) {
            throw new UsageException(option + " " + file + ": not a regular file; name a plain file");
        }
    }

    /**
     * Checks {@code --raw}: a journal must be a regular file (or not exist yet, in a directory that can be made):
     * a device, a pipe, a directory, or a symbolic link to one of them or to nothing is refused.
     */
    static void requireJournal(Path file, String option) {
        if (file == null) {
            return;
        }
        boolean link = Files.isSymbolicLink(file);
        if (link && !Files.exists(file)) {
            throw new UsageException(option + " " + file + ": a symbolic link to nothing; name a plain file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new UsageException(option + " " + file + ": not a regular file (a device, pipe or directory"
                    + (link ? ", through a symbolic link" : "") + "); a journal must be a plain file");
        }
        requireWritable(file, option);
    }

    /** Whether two paths name the same file. */
    static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** Creates the missing directories above {@code file}, before the first sample; a failure is bad input. */
    static void createParent(Path file, String option) {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new UsageException(option + " " + file + ": cannot create directory " + parent + ": " + e);
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
