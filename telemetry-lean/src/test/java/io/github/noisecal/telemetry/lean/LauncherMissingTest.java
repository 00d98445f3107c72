package io.github.noisecal.telemetry.lean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.BackendAvailability;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.VerifierBackendProvider;
import io.github.noisecal.telemetry.VerifierHarnessException;
import io.github.noisecal.telemetry.lean.internal.LeanBackendProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A telemetry-lean built without its launcher (no C compiler): the backend says it is unavailable and how to fix
 * it, and creating it fails with the same fix. The jar under test is simulated by loading telemetry-lean's classes
 * in a class loader that hides the bundled launcher, so this runs whether or not this build compiled one.
 */
class LauncherMissingTest {
    private static final String FIX = "install a C compiler and libc6-dev, then rebuild";

    @TempDir
    Path temp;

    @Test
    void availabilityNamesTheFixAndWhyTheBuildSkippedTheLauncher() throws Exception {
        VerifierBackendProvider provider = providerWithoutLauncher("no C compiler 'cc' was found on the PATH");
        BackendAvailability availability = provider.availability(BackendConfig.empty());
        assertFalse(availability.available());
        assertTrue(availability.detail().startsWith(FIX + ": the Lean backend's process launcher (noisecal-launch) is"
                + " not in this telemetry-lean jar for "), availability.detail());
        assertTrue(availability.detail().endsWith(" (its build skipped it: no C compiler 'cc' was found on the PATH)"),
                availability.detail());
    }

    @Test
    void theLauncherIsCheckedBeforeTheSettingsSoTheFixIsNotHiddenBehindAMissingLean() throws Exception {
        VerifierBackendProvider provider = providerWithoutLauncher(null);
        BackendAvailability availability = provider.availability(BackendConfig.builder()
                .set("lean", temp.resolve("no-such-lean").toString()).build());
        assertFalse(availability.available());
        assertTrue(availability.detail().startsWith(FIX + ": the Lean backend's process launcher"),
                availability.detail());
        assertTrue(availability.detail().endsWith("is not in this telemetry-lean jar for "
                + System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).replace(' ', '_') + "-"
                + System.getProperty("os.arch")), availability.detail());
    }

    @Test
    void createFailsAsAnEnvironmentProblemWithTheFix() throws Exception {
        VerifierBackendProvider provider = providerWithoutLauncher(null);
        BackendConfig valid = BackendConfig.builder().set("project", temp.toString())
                .set("lean", Path.of("/bin/sh").toString()).build();
        VerifierHarnessException thrown = assertThrows(VerifierHarnessException.class, () -> provider.create(valid));
        assertTrue(thrown.getMessage().startsWith("the Lean backend cannot supervise processes here: "),
                thrown.getMessage());
        assertTrue(thrown.getMessage().contains(FIX), thrown.getMessage());
    }

    @Test
    void theIsolatedProviderIsReallyAnotherCopyOfTheClasses() throws Exception {
        // Guards the simulation itself: were the class loaded by the test's own loader, the hidden resource would
        // not be hidden and the tests above would test nothing.
        VerifierBackendProvider provider = providerWithoutLauncher(null);
        assertEquals(LeanBackendProvider.class.getName(), provider.getClass().getName());
        assertFalse(provider.getClass() == LeanBackendProvider.class);
    }

    /**
     * A fresh copy of the lean provider whose jar has no launcher; when {@code buildReason} is not null, the jar
     * holds the marker a build without a compiler leaves, with that reason.
     */
    private VerifierBackendProvider providerWithoutLauncher(String buildReason) throws Exception {
        URL classes = LeanBackendProvider.class.getProtectionDomain().getCodeSource().getLocation();
        URL marker = buildReason == null ? null : writeMarker(buildReason);
        ClassLoader loader = new WithoutLauncher(classes, marker, LauncherMissingTest.class.getClassLoader());
        return (VerifierBackendProvider) loader.loadClass(LeanBackendProvider.class.getName())
                .getConstructor().newInstance();
    }

    private URL writeMarker(String reason) {
        try {
            Path file = Files.writeString(temp.resolve("noisecal-launch.missing"), reason);
            return file.toUri().toURL();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads telemetry-lean's own classes itself (so their static state, the located launcher included, is fresh)
     * and shows none of the bundled native resources, except the given build marker.
     */
    private static final class WithoutLauncher extends URLClassLoader {
        private static final String LEAN_PACKAGE = "io.github.noisecal.telemetry.lean.";
        private static final String NATIVE = "io/github/noisecal/telemetry/lean/internal/native/";
        private final URL marker;

        WithoutLauncher(URL leanClasses, URL marker, ClassLoader parent) throws MalformedURLException {
            super(new URL[] {leanClasses}, parent);
            this.marker = marker;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(LEAN_PACKAGE)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        @Override
        public URL getResource(String name) {
            if (name.startsWith(NATIVE)) {
                return name.endsWith("/noisecal-launch.missing") ? marker : null;
            }
            return super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.startsWith(NATIVE) ? Collections.emptyEnumeration() : super.getResources(name);
        }

        @Override
        public URL findResource(String name) {
            return name.startsWith(NATIVE) ? null : super.findResource(name);
        }
    }
}
