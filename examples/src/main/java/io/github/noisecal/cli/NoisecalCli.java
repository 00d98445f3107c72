package io.github.noisecal.cli;

import io.github.noisecal.calibration.CalibrationException;
import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import io.github.noisecal.telemetry.VerifierHarnessException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code noisecal} command. Exit codes: 0 success, 2 bad usage or bad input (one line on stderr, nothing
 * written), 1 a failure while running (the journal is kept; a second line says how to resume), 130 / 143 / 129 a
 * calibration stopped by SIGINT / SIGTERM / SIGHUP (the journal is kept; one line says how to resume);
 * {@code validate} also exits 3 for a conditional pass and 4 for a fail.
 */
@Command(name = "noisecal", mixinStandardHelpOptions = true, versionProvider = NoisecalCli.Version.class,
        description = "Calibrates the noise of proof verifiers: timeout, failure and success rates per budget tier.",
        subcommands = {CalibrateCommand.class, FitCommand.class, BudgetCommand.class, ValidateCommand.class,
                PlanCommand.class, BackendsCommand.class, ReportCommand.class, CompareCommand.class,
                CompletionCommand.class, CommandLine.HelpCommand.class})
public final class NoisecalCli {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    /** {@code validate}: every criterion passed or passed conditionally, at least one conditionally. */
    public static final int EXIT_CONDITIONAL_PASS = 3;
    /** {@code validate}: at least one criterion failed. */
    public static final int EXIT_VALIDATION_FAILED = 4;

    @Option(names = "--plugins", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "A directory of plugin jars: third-party backends and model formats, found like the "
                    + "built-in ones. Default: $" + Plugins.ENVIRONMENT + ", if set.")
    Path pluginDirectory;

    private final Map<String, String> environment;
    private Plugins plugins;

    private NoisecalCli(Map<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns its exit code; never calls System.exit. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, System.getenv());
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, with the environment variables given. */
    static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
        CommandLine commandLine = commandLine(environment);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExitCodeExceptionMapper(NoisecalCli::exitCode);
        commandLine.setExecutionExceptionHandler((thrown, cmd, parseResult) -> {
            String journalLine = thrown instanceof StoppedRunException stopped ? stopped.journalLine() : null;
            Exception exception = thrown instanceof StoppedRunException stopped ? stopped.getCause() : thrown;
            int code = exitCode(exception);
            String message = oneLine(exception);
            if (exception instanceof VerifierConfigurationException && cmd.getCommand() instanceof SettingFlags flags) {
                message = Messages.inUserTerms(message, flags.flagsBySetting());
            }
            if (exception instanceof InvalidInputException) {
                message = FileOptions.inUserTerms(message, cmd.getCommandSpec());
            }
            cmd.getErr().println("noisecal: " + (code == EXIT_USAGE ? "error: " : "failed: ") + message);
            if (code == EXIT_FAILURE && !(exception instanceof CalibrationException
                    || exception instanceof VerifierHarnessException || exception instanceof UncheckedIOException)) {
                // An unexpected failure is a bug: keep the trace for the report.
                exception.printStackTrace(cmd.getErr());
            }
            if (journalLine != null) {
                cmd.getErr().println("noisecal: " + journalLine);
            }
            cmd.getErr().flush();
            return code;
        });
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            PrintWriter e = exception.getCommandLine().getErr();
            // One line like every other error: picocli's message (without its own "Error: "), the command meant by
            // a mistyped one, and where the usage is. (Its guesses at options are too loose to print.)
            List<String> suggestions = exception instanceof CommandLine.UnmatchedArgumentException unmatched
                    && !exception.getCommandLine().getSubcommands().isEmpty()
                    && unmatched.getUnmatched().stream().noneMatch(arg -> arg.startsWith("-"))
                    ? unmatched.getSuggestions() : List.of();
            e.println("noisecal: error: " + oneLine(exception).replaceFirst("^Error: ", "")
                    + (suggestions.isEmpty() ? "" : "; did you mean " + suggestions.stream().limit(3)
                            .map(s -> "'" + Messages.printable(s) + "'").collect(Collectors.joining(" or ")) + "?")
                    + " (see '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            e.flush();
            return EXIT_USAGE;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command tree, its help set up: what {@link #run} executes and what the help tests read. */
    static CommandLine commandLine(Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new NoisecalCli(environment));
        installSynopsis(commandLine);
        return commandLine;
    }

    /**
     * The usage line of every command wraps between options, never inside one: picocli's wrapping breaks where a
     * line-break iterator allows, such as after {@code ]} in {@code --threads=[TIER=]N} or at the space of a split
     * pattern in {@code --tiers=TIER[[ ,]TIER...]}.
     */
    private static void installSynopsis(CommandLine command) {
        command.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS,
                NoisecalCli::synopsis);
        command.getSubcommands().values().forEach(NoisecalCli::installSynopsis);
    }

    private static String synopsis(CommandLine.Help help) {
        CommandSpec spec = help.commandSpec();
        int width = spec.usageMessage().width();
        String line;
        // picocli's synopsis on one line (a width nothing wraps at, no colours to miscount), wrapped here.
        spec.usageMessage().width(100_000);
        try {
            line = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                    .synopsis(0).strip();
        } finally {
            spec.usageMessage().width(width);
        }
        int heading = help.synopsisHeadingLength();
        String indent = " ".repeat(heading + spec.qualifiedName().length() + 1);
        StringBuilder out = new StringBuilder();
        int column = heading;
        for (String element : topLevelElements(line)) {
            if (column > heading && column + 1 + element.length() > width) {
                out.append('\n').append(indent);
                column = indent.length();
            } else if (column > heading) {
                out.append(' ');
                column++;
            }
            out.append(element);
            column += element.length();
        }
        return out.append('\n').toString();
    }

    /**
     * The synopsis cut at the spaces between options: those outside every bracket, or directly inside one group
     * (an argument group, a choice of options); a space deeper down belongs to one option, such as a split pattern.
     */
    private static List<String> topLevelElements(String synopsis) {
        List<String> elements = new java.util.ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < synopsis.length(); i++) {
            char c = synopsis.charAt(i);
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
            } else if (c == ' ' && depth <= 1) {
                if (i > start) {
                    elements.add(synopsis.substring(start, i));
                }
                start = i + 1;
            }
        }
        elements.add(synopsis.substring(start));
        return elements;
    }

    /** The plugins of this invocation ({@code --plugins} or the environment), loaded on first use. */
    static Plugins plugins(CommandSpec spec) {
        NoisecalCli root = (NoisecalCli) spec.root().userObject();
        if (root.plugins == null) {
            root.plugins = Plugins.load(root.pluginDirectory, root.environment);
        }
        return root.plugins;
    }

    static int exitCode(Throwable thrown) {
        Throwable exception = thrown instanceof StoppedRunException stopped ? stopped.getCause() : thrown;
        if (exception instanceof UsageException || exception instanceof InvalidInputException
                || exception instanceof VerifierConfigurationException
                || exception instanceof CommandLine.ParameterException) {
            return EXIT_USAGE;
        }
        return EXIT_FAILURE;
    }

    private static String oneLine(Throwable exception) {
        String message = exception.getMessage() == null ? exception.toString() : exception.getMessage();
        // Lines joined, then any control character from the input escaped: one line, whatever the user typed.
        return Messages.printable(message.strip().replaceAll("\\s*\n\\s*", "; "));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"noisecal " + io.github.noisecal.calibration.NoisecalVersion.get()};
        }
    }
}
