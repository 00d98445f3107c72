package io.github.noisecal.telemetry.lean.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cgroup v2 directory for one supervisor's runs, under the JVM's own cgroup, where this process may create one
 * (root, or a delegated subtree). Each run then gets a child {@code run-N} that its verifier joins before it starts
 * (done by the launcher), so that the whole tree can be killed at once with {@code cgroup.kill}, even processes
 * that left their process group and session and whose launcher is dead. Where cgroups are not writable, runs do
 * without; nothing else changes.
 */
public final class RunCgroups {
    private static final Logger LOG = LoggerFactory.getLogger(RunCgroups.class);
    static final String PREFIX = "noisecal-";
    /** A supervisor's directory is named {@code noisecal-<jvm pid>-...}; the pid tells whether it is stale. */
    private static final Pattern OWNER = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");
    private static final Path PROC_SELF = Path.of("/proc/self");

    private RunCgroups() {
    }

    /**
     * Creates {@code <the JVM's cgroup>/noisecal-<supervisorId>}, or returns empty (and logs why at debug level)
     * when it cannot; {@code supervisorId} starts with the JVM's pid.
     */
    public static Optional<Path> createBase(String supervisorId) {
        Optional<Path> own = ownCgroup();
        if (own.isEmpty()) {
            return Optional.empty();
        }
        sweepStale(own.get());
        Path base = own.get().resolve(PREFIX + supervisorId);
        try {
            Files.createDirectory(base);
            return Optional.of(base);
        } catch (IOException e) {
            LOG.debug("No cgroups for supervised runs: cannot create {}: {}", base, e.toString());
            return Optional.empty();
        }
    }

    /** Removes a supervisor's directory and what is left in it; the cgroups must be empty, as they are after runs. */
    public static void remove(Path base) {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(base, "run-*")) {
            for (Path child : children) {
                Files.deleteIfExists(child);
            }
        } catch (IOException e) {
            LOG.debug("Cannot list {}: {}", base, e.toString());
        }
        try {
            Files.deleteIfExists(base);
        } catch (IOException e) {
            LOG.debug("Cannot remove {}: {}", base, e.toString());
        }
    }

    /** The directory of this process's cgroup v2, from /proc/self/cgroup and /proc/self/mountinfo. */
    static Optional<Path> ownCgroup() {
        try {
            Optional<String> path = Files.readAllLines(PROC_SELF.resolve("cgroup"), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("0::")).map(line -> line.substring(3)).findFirst();
            if (path.isEmpty()) {
                LOG.debug("No cgroups for supervised runs: this process is in no cgroup v2 hierarchy");
                return Optional.empty();
            }
            for (String line : Files.readAllLines(PROC_SELF.resolve("mountinfo"), StandardCharsets.UTF_8)) {
                Optional<Path> directory = cgroupDirectory(line, path.get());
                if (directory.isPresent() && Files.isRegularFile(directory.get().resolve("cgroup.procs"))) {
                    return directory;
                }
            }
            LOG.debug("No cgroups for supervised runs: no cgroup2 mount shows cgroup {}", path.get());
        } catch (IOException | RuntimeException e) {
            LOG.debug("No cgroups for supervised runs: {}", e.toString());
        }
        return Optional.empty();
    }

    /**
     * For a mountinfo line of a cgroup2 mount, where cgroup {@code path} is: its mount point plus the path below
     * the mount's root. Fields: id, parent, device, root, mount point, options, optional fields, "-", type, ...
     */
    static Optional<Path> cgroupDirectory(String mountinfoLine, String path) {
        List<String> fields = List.of(mountinfoLine.split(" "));
        int separator = fields.indexOf("-");
        if (separator < 5 || separator + 1 >= fields.size() || !fields.get(separator + 1).equals("cgroup2")) {
            return Optional.empty();
        }
        String root = unescape(fields.get(3));
        String mountPoint = unescape(fields.get(4));
        String below;
        if (root.equals("/")) {
            below = path;
        } else if (path.equals(root) || path.startsWith(root + "/")) {
            below = path.substring(root.length());
        } else {
            return Optional.empty();
        }
        return Optional.of(Path.of(mountPoint, below.isEmpty() ? "/" : below).normalize());
    }

    /** mountinfo writes space, tab, newline and backslash in paths as octal escapes. */
    private static String unescape(String field) {
        Matcher escape = Pattern.compile("\\\\([0-7]{3})").matcher(field);
        StringBuilder text = new StringBuilder();
        while (escape.find()) {
            escape.appendReplacement(text, Matcher.quoteReplacement(
                    String.valueOf((char) Integer.parseInt(escape.group(1), 8))));
        }
        return escape.appendTail(text).toString();
    }

    /** Removes directories left by supervisors of JVMs that are gone (a SIGKILLed JVM cannot remove its own). */
    private static void sweepStale(Path own) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(own, PREFIX + "*")) {
            for (Path entry : entries) {
                Matcher owner = OWNER.matcher(entry.getFileName().toString());
                if (owner.matches() && ProcessHandle.of(Long.parseLong(owner.group(1))).isEmpty()) {
                    remove(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot sweep {}: {}", own, e.toString());
        }
    }
}
