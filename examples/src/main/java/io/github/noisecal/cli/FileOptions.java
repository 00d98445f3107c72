package io.github.noisecal.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Errors about a file the user named on the command line, in the words of the command line. The libraries name the
 * file they could not use ({@code module list m.txt line 3: ...}, {@code m.yaml: no such file}); the CLI's error
 * handler puts the option that named it in its place ({@code --modules m.txt line 3: ...}) and, for a file that is
 * not there, says what to give instead. Every command's file options go through here, so none can forget it.
 */
final class FileOptions {
    private static final String MODEL = "give the path of a model written by calibrate --export or fit --export";

    /** What each file option expects, by option name (or a positional's label): said when the file is missing. */
    private static final Map<String, String> WHAT_TO_GIVE = Map.of(
            "--model", MODEL,
            "MODEL", MODEL,
            "--baseline", MODEL,
            "--candidate", MODEL,
            "--raw", "give journals written by calibrate --raw, or directories of them",
            "--modules", "give a file of module names, one dotted name per line",
            "--envelope", "give an acceptance envelope (YAML), or leave --envelope out for the origin plan's criteria");

    /** A library's name for a file: a few lower-case words, such as {@code module list} or {@code raw telemetry}. */
    private static final String NOUN = "(?:[a-z]+ )*";

    private FileOptions() {
    }

    /**
     * {@code message} with its first mention of a file given to one of {@code command}'s options named by that
     * option, and the fix appended when the file does not exist. A message that names no such file is returned as
     * it is.
     */
    static String inUserTerms(String message, CommandSpec command) {
        for (ArgSpec arg : command.args()) {
            String option = arg instanceof OptionSpec o ? o.longestName() : null;
            String key = option != null ? option : arg.paramLabel();
            for (Path file : paths(arg)) {
                String named = file.toString();
                // Only where the library put the file first (after its noun): elsewhere it is part of a sentence.
                Matcher at = Pattern.compile("^" + NOUN + Pattern.quote(named) + "(?=$|[:; ])").matcher(message);
                if (!at.find()) {
                    continue;
                }
                String rest = message.substring(at.end());
                String head = option == null ? named : option + " " + named;
                String fix = rest.equals(": no such file") ? WHAT_TO_GIVE.get(key) : null;
                return head + rest + (fix == null ? "" : "; " + fix);
            }
        }
        return message;
    }

    /** The paths the user gave {@code arg}: none, one, or a list of them. */
    private static List<Path> paths(ArgSpec arg) {
        Object value;
        try {
            value = arg.getValue();
        } catch (RuntimeException e) {
            return List.of(); // an option of an argument group that was not given has no instance to read
        }
        List<Path> paths = new ArrayList<>();
        if (value instanceof Path path) {
            paths.add(path);
        } else if (value instanceof Collection<?> values) {
            values.stream().filter(Path.class::isInstance).map(Path.class::cast).forEach(paths::add);
        }
        return paths;
    }
}
