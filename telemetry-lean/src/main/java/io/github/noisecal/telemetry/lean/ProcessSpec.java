package io.github.noisecal.telemetry.lean;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What {@link ProcessSupervisor#run} starts: a command (no shell is involved), its working directory, changes to
 * the inherited environment, the wall-clock budget, an optional memory limit for the whole process tree, and
 * listeners that see each output stream as it is read.
 *
 * @param command           the executable (an absolute path, or a name looked up on the launcher's PATH) and its
 *                          arguments
 * @param workingDirectory  the directory the process starts in
 * @param environment       variables set (or, with a {@code null} value, removed) on top of the JVM's environment
 * @param budget            the wall-clock budget, counted from the start of the process; positive
 * @param memoryLimitBytes  the limit on the summed resident memory of the process tree, if any
 * @param captureBytes      how many bytes of each stream's start, and of its end, are kept in the result
 * @param stdoutListener    sees standard output as it is read
 * @param stderrListener    sees standard error as it is read
 */
public record ProcessSpec(List<String> command, Path workingDirectory, Map<String, String> environment,
                          Duration budget, OptionalLong memoryLimitBytes, int captureBytes,
                          OutputListener stdoutListener, OutputListener stderrListener) {

    /** Default bytes kept from the start and from the end of each stream. */
    public static final int DEFAULT_CAPTURE_BYTES = 64 * 1024;

    public ProcessSpec {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(memoryLimitBytes, "memoryLimitBytes");
        Objects.requireNonNull(stdoutListener, "stdoutListener");
        Objects.requireNonNull(stderrListener, "stderrListener");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must name a program");
        }
        command.forEach(argument -> {
            Objects.requireNonNull(argument, "command argument");
            if (argument.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("command argument contains a NUL character: " + argument);
            }
        });
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget must be positive, got " + budget);
        }
        if (memoryLimitBytes.isPresent() && memoryLimitBytes.getAsLong() <= 0) {
            throw new IllegalArgumentException("memoryLimitBytes must be positive, got " + memoryLimitBytes.getAsLong());
        }
        if (captureBytes < 0) {
            throw new IllegalArgumentException("captureBytes must be non-negative, got " + captureBytes);
        }
        command = List.copyOf(command);
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    public static Builder builder(List<String> command, Path workingDirectory, Duration budget) {
        return new Builder(command, workingDirectory, budget);
    }

    /** Builds a {@link ProcessSpec}; everything but the command, directory and budget is optional. */
    public static final class Builder {
        private final List<String> command;
        private final Path workingDirectory;
        private final Duration budget;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private OptionalLong memoryLimitBytes = OptionalLong.empty();
        private int captureBytes = DEFAULT_CAPTURE_BYTES;
        private OutputListener stdoutListener = OutputListener.NONE;
        private OutputListener stderrListener = OutputListener.NONE;

        private Builder(List<String> command, Path workingDirectory, Duration budget) {
            this.command = command;
            this.workingDirectory = workingDirectory;
            this.budget = budget;
        }

        /** Sets a variable; a {@code null} value removes it from the inherited environment. */
        public Builder environment(String name, String value) {
            environment.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        public Builder memoryLimitBytes(long bytes) {
            memoryLimitBytes = OptionalLong.of(bytes);
            return this;
        }

        public Builder captureBytes(int bytes) {
            captureBytes = bytes;
            return this;
        }

        public Builder stdoutListener(OutputListener listener) {
            stdoutListener = listener;
            return this;
        }

        public Builder stderrListener(OutputListener listener) {
            stderrListener = listener;
            return this;
        }

        public ProcessSpec build() {
            return new ProcessSpec(command, workingDirectory, environment, budget, memoryLimitBytes, captureBytes,
                    stdoutListener, stderrListener);
        }
    }
}
