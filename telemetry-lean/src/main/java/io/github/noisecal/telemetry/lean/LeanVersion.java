package io.github.noisecal.telemetry.lean;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lean's version, parsed from the line {@code lean --version} prints:
 * {@code Lean (version X.Y.Z[-suffix][, <target>][, commit <hash>], <buildType>)}.
 *
 * @param major     X
 * @param minor     Y
 * @param patch     Z
 * @param suffix    the pre-release part after {@code X.Y.Z}, such as {@code -rc1} or {@code -nightly-2024-01-01},
 *                  or empty
 * @param target    the build target, such as {@code x86_64-unknown-linux-gnu}, or empty
 * @param commit    the git hash of the build, or empty
 * @param buildType the build type, normally {@code Release}
 * @param raw       the whole line as printed
 */
public record LeanVersion(int major, int minor, int patch, String suffix, String target, String commit,
                          String buildType, String raw) {
    private static final Pattern LINE = Pattern.compile("^Lean \\(version (\\d+)\\.(\\d+)\\.(\\d+)([^,\\s)]*)(.*)\\)$");
    private static final Pattern COMMIT = Pattern.compile("commit ([0-9a-fA-F]+)");

    public LeanVersion {
        Objects.requireNonNull(suffix, "suffix");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(buildType, "buildType");
        Objects.requireNonNull(raw, "raw");
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers must be non-negative, got " + major + "." + minor
                    + "." + patch);
        }
    }

    /** The version line's parse, or empty when {@code output} (its first non-blank line) is not one. */
    public static Optional<LeanVersion> parse(String output) {
        String line = output.strip().lines().findFirst().orElse("").strip();
        Matcher matcher = LINE.matcher(line);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String target = "";
        String commit = "";
        String buildType = "";
        String[] parts = matcher.group(5).split(",");
        // parts[0] is what followed the version number before the first comma: empty in a well-formed line
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            Matcher hash = COMMIT.matcher(part);
            if (hash.matches()) {
                commit = hash.group(1);
            } else if (i == parts.length - 1) {
                buildType = part;
            } else {
                target = part;
            }
        }
        if (!parts[0].isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LeanVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                    Integer.parseInt(matcher.group(3)), matcher.group(4), target, commit, buildType, line));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code X.Y.Z} with its suffix, as recorded in telemetry's {@code lean_version}. */
    public String version() {
        return major + "." + minor + "." + patch + suffix;
    }

    /** A one-line description such as {@code Lean 4.21.0 (x86_64-unknown-linux-gnu, commit 0123456789ab)}. */
    public String describe() {
        StringBuilder details = new StringBuilder();
        if (!target.isEmpty()) {
            details.append(target);
        }
        if (!commit.isEmpty()) {
            details.append(details.isEmpty() ? "" : ", ").append("commit ")
                    .append(commit, 0, Math.min(12, commit.length()));
        }
        return "Lean " + version() + (details.isEmpty() ? "" : " (" + details + ")");
    }

    @Override
    public String toString() {
        return raw;
    }
}
