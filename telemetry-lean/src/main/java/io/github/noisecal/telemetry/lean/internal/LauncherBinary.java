package io.github.noisecal.telemetry.lean.internal;

import io.github.noisecal.telemetry.lean.SupervisorUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The native launcher ({@code src/main/c/noisecal-launch.c}), compiled by the module's Maven build and packaged as
 * a resource for the platform it was built on. At run time it is copied once into a private cache directory
 * (mode 0700, named after the binary's SHA-256 so that different versions never collide) and executed from there.
 *
 * <p>The cache directory is the first usable one of: system property {@value #CACHE_DIR_PROPERTY},
 * {@code $XDG_CACHE_HOME/noisecal}, {@code ~/.cache/noisecal}, {@code <java.io.tmpdir>/noisecal-<user>}. A
 * directory on a {@code noexec} mount is skipped after a trial run fails.
 */
public final class LauncherBinary {
    public static final String CACHE_DIR_PROPERTY = "noisecal.cache.dir";
    static final String FILE_NAME = "noisecal-launch";
    /** What a user without the launcher does to get it. */
    public static final String MISSING_FIX = "install a C compiler and libc6-dev, then rebuild";
    private static final String MISSING_SUFFIX = ".missing";
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_EXECUTABLE = PosixFilePermissions.fromString("r-x------");

    private static volatile Object located;

    private LauncherBinary() {
    }

    /** The platform directory the build puts the launcher in, such as {@code linux-amd64}. */
    public static String platform() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).replace(' ', '_') + "-"
                + System.getProperty("os.arch", "");
    }

    static String resourcePath() {
        return "native/" + platform() + "/" + FILE_NAME;
    }

    /** The launcher's path, extracted and tried once per JVM; the failure, if any, is remembered too. */
    public static Path locate() throws SupervisorUnavailableException {
        Object result = located;
        if (result == null) {
            synchronized (LauncherBinary.class) {
                result = located;
                if (result == null) {
                    try {
                        result = extract();
                    } catch (SupervisorUnavailableException e) {
                        result = e;
                    }
                    located = result;
                }
            }
        }
        if (result instanceof SupervisorUnavailableException e) {
            throw new SupervisorUnavailableException(e.getMessage(), e);
        }
        return (Path) result;
    }

    private static Path extract() throws SupervisorUnavailableException {
        if (!System.getProperty("os.name", "").equals("Linux")) {
            throw new SupervisorUnavailableException("the Lean backend's process launcher needs Linux (it relies on "
                    + "child subreapers and /proc); this JVM runs on " + System.getProperty("os.name"));
        }
        byte[] binary;
        try (InputStream in = LauncherBinary.class.getResourceAsStream(resourcePath())) {
            if (in == null) {
                throw new SupervisorUnavailableException(missingLauncher());
            }
            binary = in.readAllBytes();
        } catch (IOException e) {
            throw new SupervisorUnavailableException("cannot read the bundled process launcher: " + e.getMessage(), e);
        }
        String digest = sha256(binary);
        List<String> failures = new ArrayList<>();
        for (Path cacheRoot : cacheRoots()) {
            Path directory = cacheRoot.resolve("launcher").resolve(digest.substring(0, 16));
            try {
                Path launcher = install(directory, binary, digest);
                tryRun(launcher);
                return launcher;
            } catch (IOException e) {
                failures.add(directory + ": " + e.getMessage());
            }
        }
        throw new SupervisorUnavailableException("cannot install the process launcher in any cache directory ("
                + String.join("; ", failures) + "); set -D" + CACHE_DIR_PROPERTY
                + " to a private directory on a file system that allows executables");
    }

    /**
     * Why the jar has no launcher for this platform, with the fix. A build that could not compile the launcher
     * leaves {@code noisecal-launch.missing} in its place, saying why (see telemetry-lean's src/main/c/build.xml).
     */
    static String missingLauncher() {
        String reason;
        try (InputStream in = LauncherBinary.class.getResourceAsStream(resourcePath() + MISSING_SUFFIX)) {
            reason = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            reason = null;
        }
        // The fix first: a listing cut to the terminal's width still says what to do.
        return MISSING_FIX + ": the Lean backend's process launcher (noisecal-launch) is not in this telemetry-lean"
                + " jar for " + platform() + (reason == null || reason.isEmpty() ? ""
                : " (its build skipped it: " + reason + ")");
    }

    private static List<Path> cacheRoots() {
        List<Path> roots = new ArrayList<>();
        String property = System.getProperty(CACHE_DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            roots.add(Path.of(property).toAbsolutePath()); // launchers run in other working directories
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && xdg.startsWith("/")) {
            roots.add(Path.of(xdg, "noisecal"));
        }
        String home = System.getProperty("user.home");
        if (home != null && home.startsWith("/")) {
            roots.add(Path.of(home, ".cache", "noisecal"));
        }
        roots.add(Path.of(System.getProperty("java.io.tmpdir"), "noisecal-" + System.getProperty("user.name", "user")));
        return roots;
    }

    private static Path install(Path directory, byte[] binary, String digest) throws IOException {
        createPrivateDirectories(directory);
        Path launcher = directory.resolve(FILE_NAME);
        if (Files.isRegularFile(launcher) && sha256(Files.readAllBytes(launcher)).equals(digest)) {
            return launcher;
        }
        Path temporary = Files.createTempFile(directory, FILE_NAME, ".tmp");
        try {
            Files.write(temporary, binary);
            Files.setPosixFilePermissions(temporary, PRIVATE_EXECUTABLE);
            try {
                Files.move(temporary, launcher, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, launcher, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        if (!sha256(Files.readAllBytes(launcher)).equals(digest)) {
            throw new IOException("the installed launcher does not match the bundled one");
        }
        return launcher;
    }

    /** Creates missing directories with mode 0700 and refuses an existing directory others can write to. */
    private static void createPrivateDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        List<Path> missing = new ArrayList<>();
        for (Path p = absolute; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
            } catch (FileAlreadyExistsException e) {
                // another process created it meanwhile; its permissions are checked below
            }
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(absolute);
        if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("directory is writable by other users");
        }
    }

    /** Runs the launcher without arguments: it must start and answer with its usage status (2). */
    private static void tryRun(Path launcher) throws IOException {
        Process process = new ProcessBuilder(launcher.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("the launcher did not answer within 10 s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while trying the launcher", e);
        }
        if (process.exitValue() != 2) {
            throw new IOException("a trial run of the launcher exited with " + process.exitValue() + " instead of 2");
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
