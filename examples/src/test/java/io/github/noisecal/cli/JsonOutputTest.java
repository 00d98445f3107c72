package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --format json}: one JSON document on standard output and nothing else, for every command that answers. */
class JsonOutputTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path journal;
    static JsonNode calibrated;

    /** Parses {@code text} as exactly one JSON value: anything before or after it fails the test. */
    static JsonNode onlyDocument(String text) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        try (JsonParser parser = mapper.getFactory().createParser(text)) {
            JsonNode node = mapper.readTree(parser);
            assertEquals(null, parser.nextToken(), "nothing but one JSON document on stdout:\n" + text);
            return node;
        }
    }

    @BeforeAll
    static void calibrate() throws Exception {
        model = dir.resolve("model.yaml");
        journal = dir.resolve("raw.jsonl");
        CliRunner r = CliRunner.run("calibrate", "--n", "200", "--repeats", "2", "--seed", "5", "--bootstrap", "0",
                "--format", "json", "--export", model.toString(), "--raw", journal.toString());
        assertEquals(0, r.exitCode(), r.err());
        calibrated = onlyDocument(r.out());
    }

    @Test
    void calibratePrintsTheModelInTheModelFilesSchema() throws Exception {
        assertEquals(model.toString(), calibrated.get("model_file").asText());
        assertEquals(journal.toString(), calibrated.get("journal").asText());
        JsonNode fast = calibrated.get("model").get("calibrated_models").get("FAST");
        assertEquals(200, fast.get("n_samples").asLong());
        assertTrue(fast.get("timeout_rate_ci").isArray() && fast.get("timeout_rate_ci").size() == 2, fast.toString());
        assertEquals(2, calibrated.get("model").get("calibration_metadata").get("repeats").asInt());
        // The same numbers as the file.
        String yaml = Files.readString(model);
        assertTrue(yaml.contains("timeout_rate: " + fast.get("timeout_rate").asText()), yaml);
    }

    @Test
    void fitValidateBudgetAndPlanPrintOneDocumentEach() throws Exception {
        CliRunner fit = CliRunner.run("fit", "--raw", journal.toString(), "--export", dir.resolve("fit.yaml").toString(),
                "--format", "json");
        assertEquals(0, fit.exitCode(), fit.err());
        assertEquals(calibrated.get("model").get("calibrated_models"),
                onlyDocument(fit.out()).get("model").get("calibrated_models"), "fit rebuilds the same tiers");

        CliRunner validate = CliRunner.run("validate", "--model", model.toString(), "--format", "json");
        JsonNode verdicts = onlyDocument(validate.out());
        assertEquals(validate.exitCode(), verdicts.get("exit_code").asInt());
        assertEquals("fail", verdicts.get("overall").asText(), "200 samples are fewer than 10,000");
        assertTrue(verdicts.get("criteria").get(0).has("verdict"));
        assertEquals(validate.out(), CliRunner.run("validate", model.toString(), "--format", "json").out(),
                "the positional model is an alias of --model");

        JsonNode target = onlyDocument(CliRunner.run("budget", "--model", model.toString(), "--target-timeout-rate",
                "0.2", "--format", "json").out());
        JsonNode answer = target.get("tiers").get(0).get("answer");
        assertTrue(answer.has("budget_ms") && answer.has("basis"), answer.toString());
        JsonNode points = onlyDocument(CliRunner.run("budget", "--model", model.toString(), "--budgets", "10s", "1h",
                "--format", "json").out()).get("tiers").get(0).get("points");
        assertEquals("observed", points.get(0).get("basis").asText());
        assertEquals("beyond_data", points.get(1).get("basis").asText());

        JsonNode plan = onlyDocument(CliRunner.run("plan", "--expected-rate", "0.1", "--half-width", "0.01",
                "--mean-duration", "20s", "--format", "json").out());
        assertEquals(3461, plan.get("plan").get("trials").asLong());
        assertTrue(plan.get("compute").get("shared").get("runs").asLong()
                <= plan.get("compute").get("independent").get("runs").asLong());
    }

    @Test
    void anUnknownFormatIsBadInputBeforeAnythingRuns() {
        Path other = dir.resolve("other.jsonl");
        CliRunner r = CliRunner.run("calibrate", "--n", "10", "--format", "xml", "--raw", other.toString());
        assertEquals(2, r.exitCode());
        assertEquals("noisecal: error: --format: 'text' or 'json', got 'xml'", r.err().strip());
        assertFalse(Files.exists(other), "nothing ran, nothing was written");
        assertEquals(2, CliRunner.run("validate", "--format", "yaml", model.toString()).exitCode());
        assertEquals(2, CliRunner.run("validate").exitCode(), "a model is required");
    }
}
