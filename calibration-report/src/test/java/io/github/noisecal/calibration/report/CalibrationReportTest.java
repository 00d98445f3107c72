package io.github.noisecal.calibration.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.model.CalibrationModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the report contains and refuses, without a browser. */
class CalibrationReportTest {
    @TempDir
    static Path dir;
    static CalibrationModel model;
    static Path raw;

    /** 100 samples per tier over the 100 placeholder modules: every module runs once per tier. */
    @BeforeAll
    static void calibrate() {
        raw = dir.resolve("raw.jsonl");
        model = MockCalibrations.calibrate(100, 1, 0, raw);
    }

    @Test
    void theReportIsOneSelfContainedFile() {
        String html = CalibrationReport.builder(model).rawTelemetry(List.of(raw)).build().toHtml();
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.contains("<link"), "no linked style sheets or fonts");
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:|//)").matcher(html).find(),
                "nothing fetched from the network");
        assertFalse(html.contains("@import") || html.contains("@font-face") || html.contains("url(http"));
        assertTrue(html.contains("@media print"), "print styles");
    }

    @Test
    void everyFigureIsLabelledByItsCaptionAndFollowedByItsNumbers() {
        String html = CalibrationReport.builder(model).rawTelemetry(List.of(raw)).targetTimeoutRate(0.05).build()
                .toHtml();
        Matcher figures = Pattern.compile("<figure id=\"(figure-\\d+)\">(.*?)</figure>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (figures.find()) {
            count++;
            String id = figures.group(1);
            String body = figures.group(2);
            assertTrue(body.contains("<svg role=\"img\" aria-labelledby=\"" + id + "-caption\""), id);
            assertTrue(body.contains("<figcaption id=\"" + id + "-caption\">"), id);
            assertTrue(body.contains("<table"), id + " has the numbers behind it");
        }
        // Rates and mix, three per tier; no repeatability figure (every module ran once).
        assertEquals(2 + 3 * 3, count);
        assertTrue(html.contains("No repeats in this calibration"), "repeatability says why it is empty");
        assertTrue(html.contains("Recommended budget"), "a target gives recommended budgets");
    }

    @Test
    void withoutRawTelemetryTheReportSaysWhatIsMissing() {
        String html = CalibrationReport.builder(model).build().toHtml();
        assertTrue(html.contains("No histogram: the durations of single runs are in the raw telemetry"));
        assertTrue(html.contains("no raw telemetry was given (--raw)"));
        assertTrue(html.contains("No target timeout rate was given"));
        assertTrue(html.contains("the observed rates at the budget grid"), "survival from the model's grid");
        assertEquals(2 + 2 * 3, html.split("<figure ", -1).length - 1, "no histograms");
    }

    @Test
    void userTextIsEscaped() {
        String html = CalibrationReport.builder(model).title("<b>model</b> & co").build().toHtml();
        assertTrue(html.contains("&lt;b&gt;model&lt;/b&gt; &amp; co"));
        assertFalse(html.contains("<b>model</b>"));
    }

    @Test
    void writesAtomicallyAndNeverOverAnExistingFileUnlessAllowed() throws Exception {
        CalibrationReport report = CalibrationReport.builder(model).build();
        Path out = dir.resolve("report.html");
        report.write(out, false);
        assertTrue(Files.readString(out).startsWith("<!DOCTYPE html>"));
        Files.writeString(out, "keep me");
        InvalidInputException exists = assertThrows(InvalidInputException.class, () -> report.write(out, false));
        assertTrue(exists.getMessage().contains("the file exists"), exists.getMessage());
        assertEquals("keep me", Files.readString(out));
        report.write(out, true);
        assertTrue(Files.readString(out).startsWith("<!DOCTYPE html>"));
        Path missing = dir.resolve("no-such-dir").resolve("report.html");
        InvalidInputException noDirectory = assertThrows(InvalidInputException.class,
                () -> report.write(missing, false));
        assertTrue(noDirectory.getMessage().contains("does not exist"), noDirectory.getMessage());
        assertFalse(Files.exists(missing.getParent()));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary left");
        }
    }

    @Test
    void rawTelemetryOfAnotherPlanIsRefused() throws Exception {
        String fastRecord = Files.readAllLines(raw).stream().filter(l -> l.contains("\"tier\":\"FAST\""))
                .findFirst().orElseThrow();
        Path other = Files.writeString(dir.resolve("other.jsonl"),
                fastRecord.replace("\"timeout_s\":30.0", "\"timeout_s\":45.0") + "\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CalibrationReport.builder(model).rawTelemetry(List.of(other)).build());
        assertEquals("raw telemetry: tier FAST ran under budgets [45.0] s, the model's FAST under 30.0 s: give the "
                + "raw telemetry of this model's calibration", e.getMessage());
    }

    @Test
    void aMalformedRawFileIsNamedWithItsLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"not\": \"telemetry\"}\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CalibrationReport.builder(model).rawTelemetry(List.of(bad)).build());
        assertTrue(e.getMessage().contains("bad.jsonl line 1"), e.getMessage());
    }
}
