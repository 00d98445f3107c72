package io.github.noisecal.calibration.plan;

import io.github.noisecal.calibration.InvalidInputException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The modules a calibration checks. A module list file has one Lean-style dotted module name per line; blank lines
 * and lines starting with {@code #} are skipped, and surrounding white space is ignored.
 */
public final class ModuleList {
    /** One component of a dotted name: a letter or underscore, then letters, digits, {@code _ ' ! ?}. */
    private static final Pattern COMPONENT = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_'!?]*");

    /**
     * Used when no module list is given and a plan has 100 draws or fewer (simulated backends ignore module names):
     * {@code Placeholder.Module000} to {@code Placeholder.Module099}, so {@code --n 100} checks each once.
     */
    public static final List<String> PLACEHOLDER_MODULES = placeholders(100);

    /**
     * {@code count} placeholder module names, {@code Placeholder.Module000} upwards (zero-padded to at least three
     * digits), for plans without a module list: one per draw, so every draw checks a distinct module.
     */
    public static List<String> placeholders(long count) {
        if (count < 1 || count > SamplingPlan.MAX_SAMPLES_PER_TIER) {
            throw new InvalidInputException("placeholder module count must lie in [1, "
                    + SamplingPlan.MAX_SAMPLES_PER_TIER + "], got " + count);
        }
        String format = "Placeholder.Module%0" + Math.max(3, Long.toString(count - 1).length()) + "d";
        return IntStream.range(0, (int) count).mapToObj(i -> String.format(format, i)).toList();
    }

    /**
     * The placeholders of a plan without a module list: one per draw, so that draws check distinct modules, but at
     * least 100 (the origin's list) and at most 10,000 (beyond that, modules recur rather than fill memory with
     * names).
     */
    public static List<String> defaultPlaceholders(long draws) {
        return placeholders(Math.max(100, Math.min(10_000, draws)));
    }

    private ModuleList() {
    }

    /** Reads and validates a module list file. */
    public static List<String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("module list " + file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("module list " + file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidInputException("module list " + file + ": cannot be read: " + e.getMessage(), e);
        }
        return parse(lines, "module list " + file);
    }

    /**
     * Validates module list lines; {@code source} names the input in error messages. A name listed twice is an
     * error naming both lines: counting one module as two would make every module-level statistic dishonest.
     */
    public static List<String> parse(List<String> lines, String source) {
        List<String> modules = new ArrayList<>();
        Map<String, List<Integer>> lineNumbers = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String problem = problemWith(line);
            if (problem != null) {
                throw new InvalidInputException(source + " line " + (i + 1) + ": '" + line + "' " + problem);
            }
            if (lineNumbers.computeIfAbsent(line, name -> new ArrayList<>()).size() == 0) {
                modules.add(line);
            }
            lineNumbers.get(line).add(i + 1);
        }
        if (modules.isEmpty()) {
            throw new InvalidInputException(source + ": no module names (only blank lines and comments)");
        }
        List<String> duplicates = lineNumbers.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> "'" + e.getKey() + "' on lines " + e.getValue().stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")))
                .toList();
        if (!duplicates.isEmpty()) {
            String shown = String.join("; ", duplicates.subList(0, Math.min(5, duplicates.size())))
                    + (duplicates.size() > 5 ? "; and " + (duplicates.size() - 5) + " more" : "");
            throw new InvalidInputException(source + ": " + duplicates.size() + " module name"
                    + (duplicates.size() == 1 ? " is" : "s are") + " listed more than once: " + shown
                    + "; list each module once (--repeats runs every module more than once)");
        }
        return List.copyOf(modules);
    }

    /** Validates one module name, naming the problem. */
    public static String requireValid(String name) {
        String problem = problemWith(name);
        if (problem != null) {
            throw new InvalidInputException("module name '" + name + "' " + problem);
        }
        return name;
    }

    /** Why {@code name} is not a valid module name, or null if it is. */
    static String problemWith(String name) {
        if (name.startsWith("-")) {
            return "starts with '-'";
        }
        if (name.contains("/") || name.contains("\\")) {
            return "contains a path separator; write modules as dotted names such as Mathlib.Data.Nat.Basic";
        }
        if (name.contains("..")) {
            return "contains '..'";
        }
        if (name.startsWith(".") || name.endsWith(".")) {
            return "has an empty component";
        }
        for (String component : name.split("\\.", -1)) {
            if (component.isEmpty()) {
                return "has an empty component";
            }
            if (!COMPONENT.matcher(component).matches()) {
                return "has an invalid component '" + component + "' (expected a Lean identifier)";
            }
        }
        return null;
    }
}
