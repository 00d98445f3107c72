package io.github.noisecal.cli;

/** The command line is wrong; reported as one line and exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
