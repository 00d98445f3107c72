package io.github.noisecal.calibration.model;

import java.util.Objects;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * The machine a calibration ran on, recorded so that models from different machines are not mistaken for each
 * other.
 *
 * @param os               operating system family and version
 * @param cpuModel         processor name
 * @param logicalCores     logical processors
 * @param totalMemoryBytes physical memory
 * @param javaVersion      the running Java version
 */
public record EnvironmentFingerprint(String os, String cpuModel, int logicalCores, long totalMemoryBytes,
                                     String javaVersion) {
    public EnvironmentFingerprint {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(cpuModel, "cpuModel");
        Objects.requireNonNull(javaVersion, "javaVersion");
        if (logicalCores < 1) {
            throw new IllegalArgumentException("logicalCores must be at least 1, got " + logicalCores);
        }
        if (totalMemoryBytes < 0) {
            throw new IllegalArgumentException("totalMemoryBytes must be non-negative, got " + totalMemoryBytes);
        }
    }

    /**
     * Reads this machine through OSHI. Where OSHI cannot probe the machine, the JVM's own view is recorded and the
     * CPU model says why it is unknown: a model must not fail for want of a fingerprint, nor invent one.
     */
    public static EnvironmentFingerprint capture() {
        try {
            return probe();
        } catch (RuntimeException | LinkageError e) {
            return new EnvironmentFingerprint(System.getProperty("os.name") + " " + System.getProperty("os.version"),
                    "unknown (OSHI could not probe this machine: " + e + ")",
                    Runtime.getRuntime().availableProcessors(), 0, System.getProperty("java.version"));
        }
    }

    private static EnvironmentFingerprint probe() {
        SystemInfo systemInfo = new SystemInfo();
        HardwareAbstractionLayer hardware = systemInfo.getHardware();
        CentralProcessor processor = hardware.getProcessor();
        return new EnvironmentFingerprint(
                systemInfo.getOperatingSystem().toString(),
                processor.getProcessorIdentifier().getName().strip(),
                processor.getLogicalProcessorCount(),
                hardware.getMemory().getTotal(),
                System.getProperty("java.version"));
    }
}
