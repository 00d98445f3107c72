package io.github.noisecal.telemetry.lean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeanVersionTest {

    @Test
    void releaseLineWithTargetAndCommit() {
        String line = "Lean (version 4.21.0, x86_64-unknown-linux-gnu, commit 0123456789abcdef0123456789abcdef01234567, Release)";
        LeanVersion version = LeanVersion.parse(line + "\n").orElseThrow();
        assertEquals(new LeanVersion(4, 21, 0, "", "x86_64-unknown-linux-gnu",
                "0123456789abcdef0123456789abcdef01234567", "Release", line), version);
        assertEquals("4.21.0", version.version());
        assertEquals("Lean 4.21.0 (x86_64-unknown-linux-gnu, commit 0123456789ab)", version.describe());
        assertEquals(line, version.toString());
    }

    @Test
    void preReleaseWithoutTarget() {
        LeanVersion version = LeanVersion.parse("Lean (version 4.0.0-nightly-2021-01-26, commit 711d1754a692, Release)")
                .orElseThrow();
        assertEquals("4.0.0-nightly-2021-01-26", version.version());
        assertEquals("", version.target());
        assertEquals("711d1754a692", version.commit());
        assertEquals("Release", version.buildType());
    }

    @Test
    void onlyTheBuildType() {
        LeanVersion version = LeanVersion.parse("Lean (version 4.16.0-rc2, Release)").orElseThrow();
        assertEquals("4.16.0-rc2", version.version());
        assertEquals("Lean 4.16.0-rc2", version.describe());
    }

    @Test
    void otherTextIsNotAVersion() {
        for (String text : new String[] {"", "4.21.0", "Lake version 5.0.0 (Lean version 4.21.0)",
                "Lean (version four, Release)", "lean: command not found"}) {
            assertEquals(Optional.empty(), LeanVersion.parse(text), text);
        }
        assertTrue(LeanVersion.parse("\n  Lean (version 4.1.0, Release)  \nmore").isPresent());
    }
}
