package io.github.noisecal.calibration.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** A size-limited tmpfs for a real full disk; needs root and a kernel that lets this process mount. */
public final class TmpfsSupport {
    private TmpfsSupport() {
    }

    /** Skips the test, with the reason, where a tmpfs cannot be mounted. */
    public static void assumeMountable() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "a full disk is simulated with a size-limited tmpfs, which only root can mount");
        Assumptions.assumeTrue(Path.of("/bin/mount").toFile().canExecute() || Path.of("/usr/bin/mount").toFile()
                .canExecute(), "mount(8) is not installed");
    }

    /** Mounts a tmpfs of {@code size} (such as {@code 64k}) on {@code directory}; closing unmounts it. */
    public static Mount mount(Path directory, String size) throws IOException, InterruptedException {
        int rc = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", directory.toString()));
        Assumptions.assumeTrue(rc == 0, "mount -t tmpfs failed (exit " + rc + "): this container may not allow"
                + " mounting");
        return new Mount(directory);
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** A mounted tmpfs. */
    public record Mount(Path directory) implements AutoCloseable {
        @Override
        public void close() throws IOException, InterruptedException {
            run(List.of("umount", directory.toString()));
        }
    }
}
