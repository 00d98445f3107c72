package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tier-runs shared}: every tier's record comes from one run at the largest budget, so a run that timed out
 * at a larger budget timed out at every smaller one. The ordering of timeout rates then holds by construction, and
 * neither the model file nor {@code validate} may present it as a finding.
 */
class SharedRunsValidateTest {

    @Test
    void validateClaimsNothingFromTiersThatSharedTheirRuns(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("s.yaml");
        CliRunner calibrate = CliRunner.run("calibrate", "--n", "600", "--tier-runs", "shared", "--bootstrap", "0",
                "--export", model.toString());
        assertEquals(0, calibrate.exitCode(), calibrate.err());
        String text = Files.readString(model);
        assertTrue(text.contains("\n  p_value: null\n  log10_p_value: null\n"
                + "  no_p_value: 'shared runs: the ordering holds by construction'\n"), text);

        CliRunner validate = CliRunner.run("validate", "--model", model.toString());
        assertTrue(validate.out().contains("NOT CHECKED      (model)   tier ordering            shared runs: the "
                + "ordering holds by construction (FAST > BALANCED > SLOW: every adjacent pair of tiers shared its "
                + "runs)"), validate.out());
        assertFalse(validate.out().contains("ordered in the estimates but not significant"), validate.out());
        assertFalse(validate.out().contains("p-value 1"), validate.out());
    }
}
