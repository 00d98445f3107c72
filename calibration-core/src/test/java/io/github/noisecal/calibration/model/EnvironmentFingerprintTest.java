package io.github.noisecal.calibration.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The fingerprint through OSHI, and without it: from the JDK and /proc, naming what it could not read. */
class EnvironmentFingerprintTest {
    private static final String X86_CPUINFO = """
            processor	: 0
            vendor_id	: GenuineIntel
            model name	: Intel(R) Xeon(R) CPU @ 2.20GHz
            flags		: fpu vme

            processor	: 1
            model name	: Intel(R) Xeon(R) CPU @ 2.20GHz
            """;
    /** An arm64 kernel's cpuinfo, which names no model. */
    private static final String ARM_CPUINFO = """
            processor	: 0
            BogoMIPS	: 50.00
            Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid
            CPU implementer	: 0x41
            CPU part	: 0xd0c
            """;
    private static final String MEMINFO = """
            MemTotal:       24683656 kB
            MemFree:         1000000 kB
            """;

    @Test
    void withOshiEveryFieldIsRead() {
        assumeTrue(EnvironmentFingerprint.oshiOnClassPath(), "OSHI is a test dependency of calibration-core");
        EnvironmentFingerprint machine = EnvironmentFingerprint.capture();
        assertEquals(Map.of(), machine.unavailable(), machine.toString());
        assertTrue(machine.logicalCores() >= 1 && machine.totalMemoryBytes() > 0, machine.toString());
        assertEquals(System.getProperty("java.version"), machine.javaVersion());
    }

    /**
     * calibration-core's classes in a class loader that cannot see OSHI (nor anything but the JDK), as for a user
     * who leaves the optional dependency out: capture() works and uses the JDK and /proc.
     */
    @Test
    void withoutOshiOnTheClassPathTheJdkAndProcAreRead() throws Exception {
        URL classes = EnvironmentFingerprint.class.getProtectionDomain().getCodeSource().getLocation();
        try (IsolatingLoader loader = new IsolatingLoader(classes)) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("oshi.SystemInfo"));
            Class<?> isolated = loader.loadClass(EnvironmentFingerprint.class.getName());
            Object machine = isolated.getMethod("capture").invoke(null);

            assertFalse(loader.hasLoaded(OshiFingerprint.class.getName()), "the OSHI probe must not be loaded");
            String os = (String) isolated.getMethod("os").invoke(machine);
            assertEquals(System.getProperty("os.name") + " " + System.getProperty("os.version"), os);
            assertEquals(Runtime.getRuntime().availableProcessors(), isolated.getMethod("logicalCores").invoke(machine));
            assertEquals(System.getProperty("java.version"), isolated.getMethod("javaVersion").invoke(machine));
            long memory = (long) isolated.getMethod("totalMemoryBytes").invoke(machine);
            String cpu = (String) isolated.getMethod("cpuModel").invoke(machine);
            Map<?, ?> unavailable = (Map<?, ?>) isolated.getMethod("unavailable").invoke(machine);
            assertTrue(memory > 0, "the JVM reports the physical memory where /proc does not");
            if (Files.isReadable(Path.of("/proc/meminfo"))) {
                assertEquals(EnvironmentFingerprint.memTotalBytesOf(Files.readString(Path.of("/proc/meminfo")))
                        .orElseThrow(), memory);
            }
            Optional<String> cpuinfoModel = Files.isReadable(Path.of("/proc/cpuinfo"))
                    ? EnvironmentFingerprint.cpuModelOf(Files.readString(Path.of("/proc/cpuinfo"))) : Optional.empty();
            if (cpuinfoModel.isPresent()) {
                assertEquals(cpuinfoModel.get(), cpu);
                assertEquals(Map.of(), unavailable);
            } else {
                assertEquals("unknown", cpu);
                assertEquals(List.of("cpu_model"), List.copyOf(unavailable.keySet()));
                assertTrue(((String) unavailable.get("cpu_model")).startsWith("OSHI is not on the class path"),
                        unavailable.toString());
            }
        }
    }

    @Test
    void whatCannotBeReadIsNamedWithTheReason() {
        EnvironmentFingerprint machine = EnvironmentFingerprint.withoutOshi("OSHI is not on the class path",
                file -> Optional.empty(), () -> -1);
        assertEquals("unknown", machine.cpuModel());
        assertEquals(0, machine.totalMemoryBytes());
        assertEquals(Map.of(
                "cpu_model", "OSHI is not on the class path, and /proc/cpuinfo gives no 'model name'",
                "total_memory_bytes", "OSHI is not on the class path, /proc/meminfo gives no 'MemTotal', and the JVM"
                        + " does not report the physical memory"), machine.unavailable());
    }

    @Test
    void theJvmsMemoryFiguresWhenProcHasNone() {
        EnvironmentFingerprint machine = EnvironmentFingerprint.withoutOshi("OSHI could not probe this machine (x)",
                file -> file.endsWith("cpuinfo") ? Optional.of(ARM_CPUINFO) : Optional.empty(), () -> 8L << 30);
        assertEquals(8L << 30, machine.totalMemoryBytes());
        assertEquals(List.of("cpu_model"), List.copyOf(machine.unavailable().keySet()));
        assertTrue(machine.unavailable().get("cpu_model").startsWith("OSHI could not probe this machine (x), and"));
    }

    @Test
    void procFilesAreReadWhenPresent() {
        EnvironmentFingerprint machine = EnvironmentFingerprint.withoutOshi("no OSHI",
                file -> Optional.of(file.endsWith("cpuinfo") ? X86_CPUINFO : MEMINFO), () -> 1);
        assertEquals("Intel(R) Xeon(R) CPU @ 2.20GHz", machine.cpuModel());
        assertEquals(24_683_656L * 1024, machine.totalMemoryBytes());
        assertEquals(Map.of(), machine.unavailable());
    }

    @Test
    void cpuinfoAndMeminfoParsing() {
        assertEquals(Optional.of("Intel(R) Xeon(R) CPU @ 2.20GHz"), EnvironmentFingerprint.cpuModelOf(X86_CPUINFO));
        assertEquals(Optional.empty(), EnvironmentFingerprint.cpuModelOf(ARM_CPUINFO));
        assertEquals(Optional.empty(), EnvironmentFingerprint.cpuModelOf("model name\t: \n"));
        assertEquals(OptionalLong.of(24_683_656L * 1024), EnvironmentFingerprint.memTotalBytesOf(MEMINFO));
        assertEquals(OptionalLong.empty(), EnvironmentFingerprint.memTotalBytesOf("MemTotal: lots\n"));
        assertEquals(OptionalLong.empty(), EnvironmentFingerprint.memTotalBytesOf("MemFree: 1 kB\n"));
    }

    @Test
    void unavailableNamesOnlyFingerprintFieldsAndIsSorted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EnvironmentFingerprint(
                "os", "cpu", 1, 0, "17", Map.of("gpu", "none")));
        assertEquals("unavailable names an unknown field 'gpu'; expected one of os, cpu_model, logical_cores,"
                + " total_memory_bytes, java_version", e.getMessage());
        EnvironmentFingerprint machine = new EnvironmentFingerprint("os", "unknown", 1, 0, "17",
                Map.of("total_memory_bytes", "b", "cpu_model", "a"));
        assertEquals(List.of("cpu_model", "total_memory_bytes"), List.copyOf(machine.unavailable().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> machine.unavailable().put("os", "c"));
        assertEquals(Map.of(), new EnvironmentFingerprint("os", "cpu", 1, 0, "17").unavailable());
    }

    /** Sees calibration-core's classes and the JDK only. */
    private static final class IsolatingLoader extends URLClassLoader {
        IsolatingLoader(URL classes) {
            super(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
        }

        boolean hasLoaded(String name) {
            return findLoadedClass(name) != null;
        }
    }
}
