package io.github.noisecal.telemetry.lean.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps module names to source files under a project root, as Lean does: {@code A.B.C} is {@code A/B/C.lean}
 * (a component in guillemets, {@code «A B»}, may contain characters a plain name cannot). Files found are
 * remembered, so that repeated runs of a module do not resolve its path again; {@link #forget} drops one whose
 * file has gone.
 */
final class ModuleFiles {
    private final Path root;
    private final Map<String, Found> found = new ConcurrentHashMap<>();

    ModuleFiles(Path root) {
        this.root = root;
    }

    /** The module's file, or why there is none. */
    sealed interface Resolution permits Found, Problem {
    }

    /** The module's file exists; {@code relative} is how Lean is given it (relative to the project root). */
    record Found(Path file, String relative) implements Resolution {
    }

    record Problem(String reason) implements Resolution {
    }

    /** The module's file as found before, or resolved now. */
    Resolution resolve(String module) {
        Found known = found.get(module);
        return known != null ? known : resolveNow(module);
    }

    void forget(String module) {
        found.remove(module);
    }

    /** Resolves the module's file, checking that it exists and lies inside the root. */
    Resolution resolveNow(String module) {
        List<String> components = components(module);
        if (components == null) {
            return new Problem("not a module name: dotted components, none empty, without '/' or control characters");
        }
        String relative = String.join("/", components) + ".lean";
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root)) {
            return new Problem("resolves outside the project root");
        }
        if (!Files.isRegularFile(file)) {
            return new Problem("file " + relative + " does not exist");
        }
        try {
            if (!file.toRealPath().startsWith(root)) {
                return new Problem("file " + relative + " resolves outside the project root through a symbolic link");
            }
        } catch (IOException e) {
            return new Problem("file " + relative + " cannot be resolved: " + e.getMessage());
        }
        Found resolved = new Found(file, relative);
        found.put(module, resolved);
        return resolved;
    }

    private static List<String> components(String module) {
        List<String> components = new ArrayList<>();
        int i = 0;
        while (i <= module.length()) {
            String component;
            if (i < module.length() && module.charAt(i) == '«') {
                int close = module.indexOf('»', i);
                if (close < 0) {
                    return null;
                }
                component = module.substring(i + 1, close);
                i = close + 1;
                if (i < module.length() && module.charAt(i) != '.') {
                    return null;
                }
            } else {
                int dot = module.indexOf('.', i);
                int end = dot < 0 ? module.length() : dot;
                component = module.substring(i, end);
                i = end;
            }
            if (component.isEmpty() || component.equals("..") || component.indexOf('/') >= 0
                    || component.chars().anyMatch(c -> c == '\\' || Character.isISOControl(c))) {
                return null;
            }
            components.add(component);
            i++; // past the dot (or past the end)
        }
        return components;
    }
}
