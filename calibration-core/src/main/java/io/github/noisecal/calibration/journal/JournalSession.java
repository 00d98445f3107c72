package io.github.noisecal.calibration.journal;

import io.github.noisecal.calibration.model.RunSession;
import java.util.List;
import java.util.Objects;

/**
 * One process that wrote to a journal: where and how it ran, and the command that started it.
 *
 * @param run     the process's conditions, as a merged model lists them
 * @param command the command line that started it (program name first), or empty when it was not a command
 */
public record JournalSession(RunSession run, List<String> command) {
    public JournalSession {
        Objects.requireNonNull(run, "run");
        command = List.copyOf(command);
    }
}
