package io.github.noisecal.calibration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The library's own version, as the build recorded it. */
public final class NoisecalVersion {
    private static final String VERSION = read();

    private NoisecalVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = NoisecalVersion.class.getResourceAsStream("noisecal-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("noisecal-version.properties is missing from calibration-core");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
