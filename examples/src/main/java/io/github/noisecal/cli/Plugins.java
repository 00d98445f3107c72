package io.github.noisecal.cli;

import io.github.noisecal.calibration.format.ModelFormat;
import io.github.noisecal.calibration.format.ModelFormats;
import io.github.noisecal.telemetry.DuplicateBackendException;
import io.github.noisecal.telemetry.VerifierBackendProvider;
import io.github.noisecal.telemetry.VerifierBackends;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Third-party backends and model formats from the jars of a plugin directory ({@code --plugins DIR} or
 * {@code NOISECAL_PLUGINS}), discovered with {@link java.util.ServiceLoader} like the built-in ones.
 *
 * <p>The jars share one child class loader of the CLI's own, so a plugin sees the noisecal API and its own jars,
 * and the built-in providers stay visible next to the plugins'. A plugin directory that is not there, a jar that
 * cannot be read, a provider that fails to load and a backend name claimed twice are all bad input (exit 2) naming
 * the jars: a calibration must not silently run without the backend the user dropped in.
 */
final class Plugins {
    /** The environment variable naming the plugin directory when {@code --plugins} is not given. */
    static final String ENVIRONMENT = "NOISECAL_PLUGINS";
    private static final String BACKEND_SERVICE = "META-INF/services/" + VerifierBackendProvider.class.getName();
    private static final String FORMAT_SERVICE = "META-INF/services/" + ModelFormat.class.getName();

    private final String source;
    private final ClassLoader loader;
    /** Provider class names declared by each plugin jar, to say which jar a failure came from. */
    private final Map<Path, List<String>> declared;
    private VerifierBackends backends;
    private ModelFormats formats;

    private Plugins(String source, ClassLoader loader, Map<Path, List<String>> declared) {
        this.source = source;
        this.loader = loader;
        this.declared = declared;
    }

    /** No plugins: the built-in backends and formats only. */
    static Plugins none() {
        return new Plugins(null, Plugins.class.getClassLoader(), Map.of());
    }

    /**
     * The plugins of {@code directory}, or of {@code environment}'s {@link #ENVIRONMENT} when it is null, or none.
     *
     * @throws UsageException naming the directory or jar that cannot be used, and why
     */
    static Plugins load(Path directory, Map<String, String> environment) {
        String source;
        if (directory != null) {
            source = "--plugins " + directory;
        } else {
            String fromEnvironment = environment.get(ENVIRONMENT);
            if (fromEnvironment == null || fromEnvironment.isBlank()) {
                return none();
            }
            directory = Path.of(fromEnvironment);
            source = ENVIRONMENT + "=" + fromEnvironment;
        }
        if (!Files.isDirectory(directory)) {
            throw new UsageException(source + ": " + (Files.exists(directory) ? "not a directory"
                    : "no such directory") + "; name a directory holding plugin jars");
        }
        Map<Path, List<String>> declared = new LinkedHashMap<>();
        List<URL> urls = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(directory, "*.jar")) {
            for (Path jar : jars) {
                // Jars are kept by their real path, the form origin() compares class locations with, whether the
                // directory was given relative, through a symbolic link, or absolute.
                Path real = jar.toRealPath();
                declared.put(real, declaredProviders(real, source));
                urls.add(toUrl(real));
            }
        } catch (IOException e) {
            throw new UsageException(source + ": cannot list the directory: " + e.getMessage());
        }
        urls.sort(java.util.Comparator.comparing(URL::toString));
        ClassLoader loader = new URLClassLoader("noisecal-plugins", urls.toArray(URL[]::new),
                Plugins.class.getClassLoader());
        return new Plugins(source, loader, declared);
    }

    private static List<String> declaredProviders(Path jar, String source) {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> classes = new ArrayList<>();
            for (String service : List.of(BACKEND_SERVICE, FORMAT_SERVICE)) {
                JarEntry entry = file.getJarEntry(service);
                if (entry == null) {
                    continue;
                }
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(file.getInputStream(entry),
                        StandardCharsets.UTF_8))) {
                    reader.lines().map(line -> line.replaceAll("#.*", "").strip()).filter(line -> !line.isEmpty())
                            .forEach(classes::add);
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UsageException(source + ": " + jar.getFileName() + " is not a readable jar file ("
                    + e.getMessage() + "); remove it or replace it with the plugin's jar");
        }
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UsageException("plugin jar " + jar + ": " + e.getMessage());
        }
    }

    /**
     * The built-in and plugin backends.
     *
     * @throws UsageException when a plugin's provider fails to load, or two providers share a name
     */
    VerifierBackends backends() {
        if (backends == null) {
            VerifierBackends found;
            try {
                found = VerifierBackends.load(loader);
            } catch (DuplicateBackendException e) {
                throw new UsageException("two backends are named '" + e.backendName() + "': "
                        + e.firstProvider().getName() + " in " + origin(e.firstProvider()) + " and "
                        + e.secondProvider().getName() + " in " + origin(e.secondProvider())
                        + "; remove one of the jars");
            }
            // Without plugins a broken built-in provider is listed by `backends`, as VerifierBackends documents.
            if (source != null && !found.loadFailures().isEmpty()) {
                String failure = found.loadFailures().get(0);
                throw new UsageException(source + ": " + culprit(failure) + " a backend provider that fails to load ("
                        + failure + "); remove the jar or replace it with the plugin's complete jar");
            }
            backends = found;
        }
        return backends;
    }

    /** The built-in and plugin model formats. */
    ModelFormats formats() {
        if (formats == null) {
            try {
                formats = ModelFormats.load(loader);
            } catch (java.util.ServiceConfigurationError e) {
                throw new UsageException((source == null ? "" : source + ": ") + culprit(e.getMessage())
                        + " a model format that fails to load (" + e.getMessage() + "); remove the jar or replace"
                        + " it with the plugin's complete jar");
            }
        }
        return formats;
    }

    /** Where a provider class comes from: the plugin jar that holds it, or "built-in" with its location. */
    String origin(Class<?> provider) {
        Path location = realPath(location(provider));
        if (location != null && declared.containsKey(location)) {
            return location.toString();
        }
        return "built-in" + (location == null ? "" : " (" + location + ")");
    }

    private static Path location(Class<?> type) {
        CodeSource code = type.getProtectionDomain().getCodeSource();
        if (code == null || code.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(code.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Path realPath(Path path) {
        if (path == null) {
            return null;
        }
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    /** "jar X declares" for the plugin jar that names a class mentioned in {@code failure}, else "a jar declares". */
    private String culprit(String failure) {
        for (var entry : declared.entrySet()) {
            for (String provider : entry.getValue()) {
                if (failure != null && failure.contains(provider)) {
                    return "jar " + entry.getKey().getFileName() + " declares";
                }
            }
        }
        return "a jar declares";
    }
}
