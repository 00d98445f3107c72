package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README and the commands' help say the same: every option the README names exists, every option a command has
 * is documented in the README, and help text wraps between words, never inside one.
 */
class HelpAndReadmeAgreeTest {
    private static final Path README = Path.of("../README.md");
    /** Options every command has; picocli documents them. */
    private static final Set<String> STANDARD = Set.of("--help", "--version", "-h", "-V");
    /** A flag as the README writes it in code: `--name`, `--name VALUE`, `--name=VALUE`. */
    private static final Pattern FLAG = Pattern.compile("`[^`]*?(--[a-z][a-z0-9-]*)[^`]*`");

    private static List<CommandLine> commands() {
        CommandLine root = NoisecalCli.commandLine(java.util.Map.of());
        List<CommandLine> all = new ArrayList<>(List.of(root));
        all.addAll(root.getSubcommands().values());
        return all;
    }

    private static Set<String> optionsOf(CommandSpec spec) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec option : spec.options()) {
            for (String name : option.names()) {
                if (name.startsWith("--") && !STANDARD.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    @Test
    void everyFlagTheReadmeNamesExistsAndEveryOptionIsInTheReadme() throws IOException {
        String readme = Files.readString(README);
        Set<String> documented = new TreeSet<>();
        Matcher matcher = FLAG.matcher(readme);
        while (matcher.find()) {
            Matcher inner = Pattern.compile("--[a-z][a-z0-9-]*").matcher(matcher.group());
            while (inner.find()) {
                documented.add(inner.group());
            }
        }
        Set<String> existing = new TreeSet<>();
        Set<String> undocumented = new TreeSet<>();
        for (CommandLine command : commands()) {
            for (String option : optionsOf(command.getCommandSpec())) {
                existing.add(option);
                if (!documented.contains(option)) {
                    undocumented.add(command.getCommandName() + " " + option);
                }
            }
        }
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(existing);
        unknown.removeAll(STANDARD);
        // Flags of other programs the README quotes (Lean's, Lake's, Maven's, Slurm's, the JVM's, bash's ...).
        unknown.removeIf(flag -> OTHER_PROGRAMS.contains(flag));
        assertEquals(Set.of(), unknown, "flags the README names that no command has");
        assertEquals(Set.of(), undocumented, "options the README does not document");
    }

    /** Flags of programs other than noisecal that the README quotes. */
    private static final Set<String> OTHER_PROGRAMS = Set.of("--json", "--no-sandbox", "--headless",
            "--dependency", "--array", "--kill-on-invalid-dep", "--parsable", "--wrap", "--print-to-pdf",
            "--dump-dom", "--user-data-dir", "--no-recommends", "--release", "--enable-preview", "--add-opens",
            "--cpus-per-task", "--partition", "--for", "--timeout");

    /** The README names both endings a model file may have; so does every help text that names one. */
    @Test
    void helpNamesEveryModelFileEnding() throws IOException {
        assertTrue(Files.readString(README).contains("`.yaml`/`.yml`"), "the README's wording changed");
        for (CommandLine command : commands()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                String description = String.join(" ", option.description());
                if (description.contains(".yaml")) {
                    assertTrue(description.contains(".yml"), command.getCommandName() + " " + option.longestName()
                            + " names .yaml but not .yml: " + description);
                }
            }
        }
    }

    @Test
    void helpWrapsBetweenWordsNeverInsideOne() {
        for (CommandLine command : commands()) {
            StringWriter text = new StringWriter();
            command.setUsageHelpWidth(80);
            command.usage(new PrintWriter(text, true));
            String help = text.toString();
            Set<String> rendered = new TreeSet<>(List.of(help.split("\\s+")));
            for (OptionSpec option : command.getCommandSpec().options()) {
                for (String line : option.description()) {
                    for (String word : line.replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()))
                            .split("\\s+")) {
                        if (!word.isEmpty() && !word.contains("%") && !word.contains("${")) {
                            assertTrue(rendered.contains(word), () -> command.getCommandName() + " " + option.longestName()
                                    + ": the word '" + word + "' is broken by wrapping in:\n" + help);
                        }
                    }
                }
            }
            help.lines().forEach(l -> assertTrue(l.length() <= 80, command.getCommandName() + ": wider than 80: " + l));
            assertUsageWrapsBetweenOptions(command, help);
        }
    }

    /**
     * The usage lines (the line starting "Usage:" and its indented continuations) break between options: each option with its
     * parameter stays on one line, and every continuation starts a new option, group or choice.
     */
    private static void assertUsageWrapsBetweenOptions(CommandLine command, String help) {
        List<String> lines = help.lines().toList();
        int first = lines.indexOf(lines.stream().filter(l -> l.startsWith("Usage: ")).findFirst().orElseThrow());
        List<String> usage = new ArrayList<>(List.of(lines.get(first)));
        for (int i = first + 1; i < lines.size() && lines.get(i).startsWith(" "); i++) {
            usage.add(lines.get(i));
        }
        CommandSpec spec = command.getCommandSpec();
        for (OptionSpec option : spec.options()) {
            if (option.arity().max() == 0 || option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String token = option.longestName() + "=" + option.paramLabel();
            assertTrue(usage.stream().anyMatch(line -> line.contains(token)), () -> command.getCommandName() + ": "
                    + token + " is broken across usage lines:\n" + String.join("\n", usage));
        }
        Set<String> positionals = new TreeSet<>();
        spec.positionalParameters().forEach(p -> positionals.add(p.paramLabel()));
        for (String line : usage.subList(1, usage.size())) {
            String start = line.strip();
            assertTrue(start.startsWith("[") || start.startsWith("(") || start.startsWith("-") || start.startsWith("|")
                    || positionals.stream().anyMatch(start::startsWith), () -> command.getCommandName()
                    + ": a usage line starts inside an option: '" + start + "' in\n" + String.join("\n", usage));
        }
    }
}
