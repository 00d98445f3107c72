package io.github.noisecal.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The command that resumes a calibration: the one that ran, with {@code --resume} and without {@code --force}. */
final class ResumeCommand {
    /** Characters a POSIX shell takes literally; anything else is single-quoted. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./=:,+@%^-]+");

    private ResumeCommand() {
    }

    /** {@code command} (program name first) made to resume, quoted for a POSIX shell. */
    static String of(List<String> command) {
        List<String> resume = new ArrayList<>();
        for (String word : command) {
            if (!word.equals("--force")) {
                resume.add(word);
            }
        }
        if (!resume.contains("--resume")) {
            resume.add("--resume");
        }
        return String.join(" ", resume.stream().map(ResumeCommand::quote).toList());
    }

    static String quote(String word) {
        if (!word.isEmpty() && PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
