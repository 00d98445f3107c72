package io.github.noisecal.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierBackendsTest {
    @TempDir
    Path dir;

    /** A class loader whose only service file lists {@code providers}; classes come from the test class path. */
    private ClassLoader withProviders(String... providers) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.write(services.resolve(VerifierBackendProvider.class.getName()), List.of(providers));
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    private static String provider(Class<?> type) {
        return type.getName();
    }

    @Test
    void findsEveryListedProviderInOrder() throws IOException {
        VerifierBackends backends = VerifierBackends.load(withProviders(provider(TestProviders.Alpha.class),
                provider(TestProviders.Beta.class)));
        assertEquals(List.of("alpha", "beta"), backends.names());
        assertEquals(TestProviders.Beta.class, backends.provider("beta").getClass());
        assertEquals(List.of(), backends.loadFailures());
    }

    @Test
    void noProvidersGivesAnEmptyRegistryWhoseLookupsExplain() throws IOException {
        VerifierBackends backends = VerifierBackends.load(withProviders());
        assertEquals(List.of(), backends.names());
        UnknownBackendException e = assertThrows(UnknownBackendException.class, () -> backends.provider("lean"));
        assertTrue(e.getMessage().startsWith("unknown backend 'lean'; available backends: (none discovered"),
                e.getMessage());
    }

    @Test
    void anUnknownNameListsTheAvailableOnes() throws IOException {
        VerifierBackends backends = VerifierBackends.load(withProviders(provider(TestProviders.Alpha.class),
                provider(TestProviders.Beta.class)));
        UnknownBackendException e = assertThrows(UnknownBackendException.class, () -> backends.provider("gamma"));
        assertEquals("unknown backend 'gamma'; available backends: alpha, beta", e.getMessage());
        assertEquals(List.of("alpha", "beta"), e.availableNames());
    }

    @Test
    void twoProvidersWithOneNameFailNamingBothClasses() throws IOException {
        ClassLoader loader = withProviders(provider(TestProviders.Alpha.class),
                provider(TestProviders.AnotherAlpha.class));
        DuplicateBackendException e = assertThrows(DuplicateBackendException.class, () -> VerifierBackends.load(loader));
        assertTrue(e.getMessage().contains("'alpha'"), e.getMessage());
        assertTrue(e.getMessage().contains(TestProviders.Alpha.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(TestProviders.AnotherAlpha.class.getName()), e.getMessage());
    }

    @Test
    void aProviderThatThrowsIsReportedAndDoesNotHideTheOthers() throws IOException {
        VerifierBackends backends = VerifierBackends.load(withProviders(provider(TestProviders.Exploding.class),
                provider(TestProviders.Beta.class), "io.github.noisecal.telemetry.NoSuchProvider"));
        assertEquals(List.of("beta"), backends.names());
        assertEquals(2, backends.loadFailures().size(), backends.loadFailures().toString());
        assertTrue(backends.loadFailures().get(0).contains("native library missing"), backends.loadFailures().get(0));
        assertTrue(backends.loadFailures().get(1).contains("NoSuchProvider"), backends.loadFailures().get(1));
    }

    /** slf4j-simple (a test dependency) writes to whatever System.err is when it logs. */
    @Test
    void aLoadFailureIsLoggedOnOneLineWithoutItsStackTrace() throws IOException {
        ClassLoader loader = withProviders("io.github.noisecal.telemetry.NoSuchProvider",
                provider(TestProviders.Beta.class));
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        VerifierBackends backends;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            backends = VerifierBackends.load(loader);
        } finally {
            System.setErr(stderr);
        }
        assertEquals(List.of("beta"), backends.names());
        List<String> logged = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, logged.size(), "one line, no stack trace: " + logged);
        assertTrue(logged.get(0).contains("WARN") && logged.get(0).contains("NoSuchProvider"), logged.get(0));
    }

    @Test
    void theRegistryIsImmutable() throws IOException {
        VerifierBackends backends = VerifierBackends.load(withProviders(provider(TestProviders.Alpha.class)));
        assertThrows(UnsupportedOperationException.class, () -> backends.names().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> backends.providers().clear());
    }

    @Test
    void anExplicitRegistryAlsoRefusesDuplicates() {
        assertThrows(DuplicateBackendException.class,
                () -> VerifierBackends.of(new TestProviders.Alpha(), new TestProviders.AnotherAlpha()));
        assertEquals(List.of("alpha"), VerifierBackends.of(new TestProviders.Alpha()).names());
    }
}
