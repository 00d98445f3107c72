package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code budget} answers from the runs with the interval the model's headline rates have: over the proofs the
 * module list samples, clustered by module. With 20 modules run 3 times each, FAST's timeout rate at its own 30 s
 * budget was printed with the interval over the 60 runs, [0.1851, 0.4077], beside a headline of [0.132, 0.507].
 */
class BudgetOverProofsTest {

    @Test
    void theAnswerAtATiersBudgetHasItsHeadlineInterval(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("a.yaml");
        CliRunner calibrate = CliRunner.run("calibrate", "--n", "60", "--repeats", "3", "--seed", "7", "--bootstrap",
                "0", "--export", model.toString());
        assertEquals(0, calibrate.exitCode(), calibrate.err());
        Matcher headline = Pattern.compile("  FAST:\n    timeout_s: 30.0\n    n_samples: 60\n    timeout_rate: \\S+\n"
                + "    timeout_rate_ci: \\[(\\S+), (\\S+)]\n").matcher(Files.readString(model));
        assertTrue(headline.find(), "the model's FAST headline");
        String interval = String.format(Locale.ROOT, "[%.4f, %.4f]", Double.parseDouble(headline.group(1)),
                Double.parseDouble(headline.group(2)));

        CliRunner budget = CliRunner.run("budget", "--model", model.toString(), "--budgets", "30s");
        assertEquals(0, budget.exitCode(), budget.err());
        assertTrue(budget.out().contains("Tier: FAST (budget 30.00 s, 60 runs)\n  at 30.00 s: timeout rate 0.2833"
                + " (95% interval " + interval + "), observed (17 runs longer)\n"), budget.out());
        assertTrue(budget.out().contains("    interval over proofs: 60 runs of 20 modules, clustered by module (design"
                + " effect "), budget.out());
    }
}
