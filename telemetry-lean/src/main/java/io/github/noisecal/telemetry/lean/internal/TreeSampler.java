package io.github.noisecal.telemetry.lean.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Live sampling of one supervised process tree: finds the launcher's descendants through
 * {@code /proc/<pid>/task/<tid>/children} (cheap, unlike a scan of all of {@code /proc}) and reads each one's
 * resident memory through OSHI. Only the monitor thread calls {@link #sample}.
 */
final class TreeSampler {
    /** Children are read from every thread of each process on this many-th sample, and from the main thread always. */
    private static final int FULL_SCAN_EVERY = 8;

    private final long launcherPid;
    private final Map<Integer, OSProcess> processes = new HashMap<>();
    private int samples;

    TreeSampler(long launcherPid) {
        this.launcherPid = launcherPid;
    }

    /** The summed resident memory of the launcher's live descendants, or -1 when there are none (yet or any more). */
    long sample() {
        boolean fullScan = samples++ % FULL_SCAN_EVERY == 0;
        Set<Integer> tree = descendants(fullScan);
        processes.keySet().retainAll(tree);
        long total = 0;
        boolean seen = false;
        for (int pid : tree) {
            OSProcess process = processes.get(pid);
            if (process == null) {
                process = Oshi.OS.getProcess(pid);
                if (process == null) {
                    continue;
                }
                processes.put(pid, process);
            } else if (!process.updateAttributes()) {
                processes.remove(pid);
                continue;
            }
            if (process.getState() == OSProcess.State.ZOMBIE) {
                continue; // exited, not yet reaped: it holds no memory and is no longer part of the run
            }
            total += process.getResidentSetSize();
            seen = true;
        }
        return seen ? total : -1;
    }

    private Set<Integer> descendants(boolean allThreads) {
        Set<Integer> found = new LinkedHashSet<>();
        Deque<Long> pending = new ArrayDeque<>();
        pending.add(launcherPid);
        while (!pending.isEmpty()) {
            long pid = pending.poll();
            for (long child : children(pid, allThreads && pid != launcherPid)) {
                if (found.add((int) child)) {
                    pending.add(child);
                }
            }
        }
        return found;
    }

    private static List<Long> children(long pid, boolean allThreads) {
        List<Long> children = new ArrayList<>();
        if (!allThreads) {
            readChildren(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children"), children);
            return children;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                readChildren(task.resolve("children"), children);
            }
        } catch (NoSuchFileException e) {
            // the process is gone
        } catch (IOException e) {
            // unreadable (exiting) process: it contributes no children this time
        }
        return children;
    }

    private static void readChildren(Path file, List<Long> into) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return;
        }
        for (String token : text.trim().split(" ")) {
            if (!token.isEmpty()) {
                into.add(Long.parseLong(token));
            }
        }
    }

    /** OSHI's operating system view, created once (it loads JNA) and shared. */
    static final class Oshi {
        static final OperatingSystem OS = new SystemInfo().getOperatingSystem();

        private Oshi() {
        }
    }
}
