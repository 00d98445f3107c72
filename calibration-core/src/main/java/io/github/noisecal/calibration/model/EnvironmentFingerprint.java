package io.github.noisecal.calibration.model;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The machine a calibration ran on, recorded so that models from different machines are not mistaken for each
 * other.
 *
 * <p>{@link #capture()} reads it through OSHI when OSHI is on the class path (it is an optional dependency of
 * calibration-core; the noisecal CLI ships it). Without OSHI it reads what the JDK and, on Linux, {@code /proc} tell,
 * and a field it cannot read keeps a placeholder ({@code unknown}, {@code 0}) and is listed in {@code unavailable}
 * with the reason: a model must neither fail for want of a fingerprint nor invent one.
 *
 * @param os               operating system family and version
 * @param cpuModel         processor name, {@value #UNKNOWN} when it could not be read
 * @param logicalCores     logical processors (without OSHI: those available to the JVM)
 * @param totalMemoryBytes physical memory, 0 when it could not be read
 * @param javaVersion      the running Java version
 * @param unavailable      the fields that could not be read, by their model-file name ({@value #CPU_MODEL},
 *                         {@value #TOTAL_MEMORY_BYTES}, ...), each with the reason; empty when every field was read
 */
public record EnvironmentFingerprint(String os, String cpuModel, int logicalCores, long totalMemoryBytes,
                                     String javaVersion, Map<String, String> unavailable) {
    /** The model-file name of {@link #os()}. */
    public static final String OS = "os";
    /** The model-file name of {@link #cpuModel()}. */
    public static final String CPU_MODEL = "cpu_model";
    /** The model-file name of {@link #logicalCores()}. */
    public static final String LOGICAL_CORES = "logical_cores";
    /** The model-file name of {@link #totalMemoryBytes()}. */
    public static final String TOTAL_MEMORY_BYTES = "total_memory_bytes";
    /** The model-file name of {@link #javaVersion()}. */
    public static final String JAVA_VERSION = "java_version";
    /** Every field that {@link #unavailable()} may name, in model-file order. */
    public static final List<String> FIELDS = List.of(OS, CPU_MODEL, LOGICAL_CORES, TOTAL_MEMORY_BYTES, JAVA_VERSION);
    /** The CPU model of a machine whose processor name could not be read. */
    public static final String UNKNOWN = "unknown";

    private static final String OSHI_CLASS = "oshi.SystemInfo";
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    public EnvironmentFingerprint {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(cpuModel, "cpuModel");
        Objects.requireNonNull(javaVersion, "javaVersion");
        Objects.requireNonNull(unavailable, "unavailable");
        if (logicalCores < 1) {
            throw new IllegalArgumentException("logicalCores must be at least 1, got " + logicalCores);
        }
        if (totalMemoryBytes < 0) {
            throw new IllegalArgumentException("totalMemoryBytes must be non-negative, got " + totalMemoryBytes);
        }
        // Sorted, so equal fingerprints write equal files whatever order the reasons were found in.
        TreeMap<String, String> reasons = new TreeMap<>();
        unavailable.forEach((field, reason) -> {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("unavailable names an unknown field '" + field + "'; expected one of "
                        + String.join(", ", FIELDS));
            }
            reasons.put(field, Objects.requireNonNull(reason, "the reason " + field + " is unavailable"));
        });
        unavailable = Collections.unmodifiableMap(reasons);
    }

    /** A fingerprint whose every field was read. */
    public EnvironmentFingerprint(String os, String cpuModel, int logicalCores, long totalMemoryBytes,
                                  String javaVersion) {
        this(os, cpuModel, logicalCores, totalMemoryBytes, javaVersion, Map.of());
    }

    /** Reads this machine: through OSHI when it is on the class path and works, from the JDK and /proc otherwise. */
    public static EnvironmentFingerprint capture() {
        if (!oshiOnClassPath()) {
            return withoutOshi("OSHI is not on the class path");
        }
        try {
            return OshiFingerprint.probe();
        } catch (RuntimeException | LinkageError e) {
            return withoutOshi("OSHI could not probe this machine (" + e + ")");
        }
    }

    /** Whether OSHI can be loaded; asked without touching {@link OshiFingerprint}, which links against it. */
    static boolean oshiOnClassPath() {
        try {
            Class.forName(OSHI_CLASS, false, EnvironmentFingerprint.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The JDK-only fingerprint; {@code whyNotOshi} starts the reason of every field it cannot read. */
    static EnvironmentFingerprint withoutOshi(String whyNotOshi) {
        return withoutOshi(whyNotOshi, EnvironmentFingerprint::readIfPresent, EnvironmentFingerprint::jvmTotalMemory);
    }

    /**
     * The JDK-only fingerprint from the given sources: {@code files} reads {@code /proc} files (empty when one
     * cannot be read), {@code jvmTotalMemory} is the JVM's view of physical memory (negative when it has none).
     */
    static EnvironmentFingerprint withoutOshi(String whyNotOshi, Function<Path, Optional<String>> files,
                                              LongSupplier jvmTotalMemory) {
        Map<String, String> unavailable = new TreeMap<>();
        String cpuModel = files.apply(CPUINFO).flatMap(EnvironmentFingerprint::cpuModelOf).orElse(null);
        if (cpuModel == null) {
            cpuModel = UNKNOWN;
            unavailable.put(CPU_MODEL, whyNotOshi + ", and " + CPUINFO + " gives no 'model name'");
        }
        OptionalLong memory = files.apply(MEMINFO).map(EnvironmentFingerprint::memTotalBytesOf)
                .orElse(OptionalLong.empty());
        long totalMemory;
        if (memory.isPresent()) {
            totalMemory = memory.getAsLong();
        } else if (jvmTotalMemory.getAsLong() > 0) {
            totalMemory = jvmTotalMemory.getAsLong();
        } else {
            totalMemory = 0;
            unavailable.put(TOTAL_MEMORY_BYTES, whyNotOshi + ", " + MEMINFO + " gives no 'MemTotal', and the JVM"
                    + " does not report the physical memory");
        }
        return new EnvironmentFingerprint(System.getProperty("os.name") + " " + System.getProperty("os.version"),
                cpuModel, Runtime.getRuntime().availableProcessors(), totalMemory, System.getProperty("java.version"),
                unavailable);
    }

    /** The first {@code model name} of a {@code /proc/cpuinfo} text (x86 and some ARM kernels write one). */
    static Optional<String> cpuModelOf(String cpuinfo) {
        return cpuinfo.lines()
                .filter(line -> line.startsWith("model name") && line.indexOf(':') > 0)
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .filter(name -> !name.isEmpty())
                .findFirst();
    }

    /** {@code MemTotal} of a {@code /proc/meminfo} text, in bytes (the kernel writes kibibytes, "kB"). */
    static OptionalLong memTotalBytesOf(String meminfo) {
        return meminfo.lines()
                .filter(line -> line.startsWith("MemTotal:"))
                .map(line -> line.substring("MemTotal:".length()).strip().split("\\s+"))
                .filter(parts -> parts.length == 2 && parts[1].equals("kB") && parts[0].matches("[0-9]{1,15}"))
                .mapToLong(parts -> Long.parseLong(parts[0]) * 1024)
                .findFirst();
    }

    private static Optional<String> readIfPresent(Path file) {
        try {
            return Files.isReadable(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The JVM's view of physical memory, or -1 where the JVM has none (not a HotSpot-style JVM). */
    private static long jvmTotalMemory() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean bean) {
                return bean.getTotalMemorySize();
            }
        } catch (RuntimeException | LinkageError e) {
            // no jdk.management module: the caller records the memory as unavailable
        }
        return -1;
    }
}
