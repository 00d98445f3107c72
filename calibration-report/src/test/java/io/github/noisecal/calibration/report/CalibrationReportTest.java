package io.github.noisecal.calibration.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.fit.AnswerBasis;
import io.github.noisecal.calibration.fit.BudgetAnswer;
import io.github.noisecal.calibration.fit.TimeoutBudgets;
import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.model.TelemetryRefit;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.plan.Shard;
import io.github.noisecal.calibration.plan.TierRuns;
import io.github.noisecal.calibration.stats.IntervalMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the report contains and refuses, without a browser. */
class CalibrationReportTest {
    @TempDir
    static Path dir;
    /** 100 samples per tier over the 100 placeholder modules: every module runs once per tier. */
    static CalibrationModel single;
    static Path singleRaw;
    /** 400 samples per tier, 100 modules run 4 times each: modules recur, and flip. */
    static CalibrationModel repeated;
    static Path repeatedRaw;

    @BeforeAll
    static void calibrate() {
        singleRaw = dir.resolve("single.jsonl");
        single = MockCalibrations.calibrate(100, 1, 0, singleRaw);
        repeatedRaw = dir.resolve("repeated.jsonl");
        repeated = MockCalibrations.calibrate(400, 4, 0, repeatedRaw);
    }

    private static String report(CalibrationModel model, Path raw, Double target) {
        return CalibrationReport.builder(model).rawTelemetry(raw == null ? List.of() : List.of(raw))
                .targetTimeoutRate(target).build().toHtml();
    }

    private static int figures(String html) {
        return html.split("<figure ", -1).length - 1;
    }

    /** The figure's SVG and caption, by its number. */
    private static String figure(String html, int number) {
        Matcher m = Pattern.compile("<figure id=\"figure-" + number + "\">(.*?)</figure>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(m.find(), "figure " + number);
        return m.group(1);
    }

    @Test
    void theReportIsOneSelfContainedFile() {
        String html = report(repeated, repeatedRaw, 0.05);
        assertFalse(html.contains("<script"), "no script");
        assertFalse(html.contains("<link"), "no linked style sheets or fonts");
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:|//)").matcher(html).find(),
                "nothing fetched from the network");
        assertFalse(html.contains("@import") || html.contains("@font-face") || html.contains("url(http"));
        assertTrue(html.contains("@media print"), "print styles");
    }

    @Test
    void everyFigureIsLabelledByItsCaptionAndFollowedByItsNumbers() {
        String html = report(repeated, repeatedRaw, 0.05);
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
        // Rates and mix, three per tier, flips and how modules' runs ended.
        assertEquals(2 + 3 * 3 + 2, count);
    }

    @Test
    void withOneRunPerModuleThereIsOneIntervalAndNoFlips() {
        String html = report(single, singleRaw, null);
        assertEquals(2 + 3 * 3, figures(html));
        assertTrue(html.contains("No repeats in this calibration: every module ran once per tier"));
        assertTrue(html.contains("Every module ran once per tier, so the interval over the population is the one "
                + "over the runs."));
        assertFalse(figure(html, 1).contains("over these runs"), "no second interval where there is none");
        assertTrue(html.contains("Modules: each ran once per tier, so runs are independent proofs"),
                "the modules line is there all the same");
    }

    @Test
    void theHeadlineFigureShowsBothIntervalsWhereModulesRecur() {
        String html = report(repeated, null, null);
        String headline = figure(html, 1);
        assertTrue(headline.contains("over the population (clustered)") && headline.contains("over these runs"),
                "the legend says which interval is which");
        TierCalibration fast = repeated.tier("FAST");
        assertFalse(fast.timeoutRate().equals(fast.modules().timeout().runs()), "modules recur: the two differ");
        assertTrue(headline.contains(bounds(fast.timeoutRate().lower(), fast.timeoutRate().upper())));
        assertTrue(headline.contains(bounds(fast.modules().timeout().runs().lower(),
                fast.modules().timeout().runs().upper())));
    }

    private static String bounds(double lower, double upper) {
        return String.format(Locale.ROOT, "[%.3f, %.3f]", lower, upper);
    }

    @Test
    void repeatabilityAndModulesComeFromTheModelWithoutRaw() {
        String html = report(repeated, null, null);
        // Rates and mix, two per tier (no histograms), flips and how modules' runs ended.
        assertEquals(2 + 2 * 3 + 2, figures(html));
        for (String name : repeated.tiers().keySet()) {
            TierCalibration tier = repeated.tier(name);
            var r = tier.repeatability();
            assertTrue(html.contains(bounds(r.flipRate().lower(), r.flipRate().upper())), name + " flip rate");
            assertTrue(html.contains(bounds(r.flakyModuleShare().lower(), r.flakyModuleShare().upper())), name);
            assertTrue(html.contains(bounds(r.outcomeFlipRate().lower(), r.outcomeFlipRate().upper())), name);
            assertTrue(html.contains(String.format(Locale.ROOT, "<td class=\"num\">%.2f</td>",
                    tier.modules().timeout().designEffect())), name + " design effect");
            assertTrue(html.contains(String.format(Locale.ROOT, "<td class=\"num\">%.1f</td>",
                    tier.modules().timeout().effectiveSampleSize())), name + " effective n");
        }
        String stability = figure(html, 2 + 2 * 3 + 2);
        var fast = repeated.tier("FAST").repeatability();
        assertTrue(stability.contains("<td>FAST</td><td class=\"num\">" + fast.alwaysVerified()
                + "</td><td class=\"num\">" + fast.alwaysTimingOut() + "</td>"), "stability counts");
        assertTrue(html.contains("give it with --raw to list the modules that flip most"));
        assertFalse(html.contains("Modules that flip most in"));
        assertTrue(report(repeated, repeatedRaw, null).contains("Modules that flip most in FAST"),
                "--raw adds the modules that flip most");
    }

    /**
     * FAST, BALANCED and SLOW have identical verifier limits: FAST's budget curve is observed in its own runs up to
     * 30 s, then in BALANCED's and SLOW's up to 120 s, extrapolated from SLOW's fit up to 240 s and beyond the data
     * after, as {@code TimeoutBudgets.rateAt} answers; the table says so point by point.
     */
    @Test
    void theBudgetCurveSaysWhatEachPointRestsOn() {
        String html = report(repeated, null, 0.05);
        String fastCurve = figure(html, 2 + 2); // without raw: rates, mix, then FAST's survival and budget curve
        assertTrue(fastCurve.contains("Timeout rate against the budget in FAST"), "the figure is FAST's curve");
        List<TimeoutBudgets.Evidence> evidence = repeated.budgetEvidence();
        TimeoutBudgets.Evidence fast = evidence.get(0);
        Set<AnswerBasis> seen = EnumSet.noneOf(AnswerBasis.class);
        for (double budgetS : new double[] {30, 60, 120, 150, 240, 300, 360}) {
            var point = TimeoutBudgets.rateAt(fast, evidence, budgetS * 1000);
            seen.add(point.basis());
            String basis = switch (point.basis()) {
                case OBSERVED -> "observed" + (point.sourceTier() == null ? "" : " in " + point.sourceTier());
                case EXTRAPOLATED -> "extrapolated " + Format.significant(point.factor(), 3) + "×, from "
                        + point.sourceTier() + "&#39;s fit";
                case BEYOND_DATA -> "beyond the data " + Format.significant(point.factor(), 3) + "×, from "
                        + point.sourceTier() + "&#39;s fit";
                case NO_ANSWER -> "no answer";
            };
            String answer = point.rate() == null
                    ? "range " + bounds(point.lower(), point.upper())
                    : Format.rate(point.rate()) + " " + bounds(point.lower(), point.upper());
            String row = "<td class=\"num\">" + Format.significant(budgetS, 4) + " s</td><td>" + basis + "</td><td";
            assertTrue(fastCurve.contains(row), row);
            assertTrue(fastCurve.substring(fastCurve.indexOf(row)).contains(answer + "</td>"), row + " " + answer);
        }
        assertEquals(EnumSet.of(AnswerBasis.OBSERVED, AnswerBasis.EXTRAPOLATED, AnswerBasis.BEYOND_DATA), seen);
        assertTrue(fastCurve.contains("observed in BALANCED") && fastCurve.contains("observed in SLOW"));
        assertTrue(fastCurve.contains("beyond the data: range only"), "the legend names the beyond-the-data band");
        assertTrue(fastCurve.contains("observed (identical limits)"));
        assertTrue(fastCurve.contains("Beyond 240 s (shaded) no number"), fastCurve);
    }

    /** The recommended budget says what it rests on and gives the interval the budget answer gives. */
    @Test
    void theRecommendedBudgetStatesItsBasisAndInterval() {
        List<TimeoutBudgets.Evidence> evidence = repeated.budgetEvidence();
        Set<AnswerBasis> seen = EnumSet.noneOf(AnswerBasis.class);
        for (double target : new double[] {0.1, 0.03, 0.0005}) {
            String html = report(repeated, null, target);
            BudgetAnswer answer = TimeoutBudgets.budgetFor(evidence.get(0), evidence, target);
            seen.add(answer.basis());
            String expected = switch (answer.basis()) {
                case OBSERVED -> "Recommended budget " + Format.seconds(answer.budgetMs() / 1000) + ", observed"
                        + (answer.sourceTier() == null ? " in FAST&#39;s runs" : " in the runs of "
                        + answer.sourceTier());
                case EXTRAPOLATED -> "Recommended budget " + Format.seconds(answer.budgetMs() / 1000)
                        + ", extrapolated " + Format.significant(answer.factor(), 3) + "× beyond the largest observed";
                case BEYOND_DATA, NO_ANSWER -> "No budget: " + Html.escape(answer.reason());
            };
            assertTrue(html.contains(expected), target + ": " + expected);
            if (answer.budgetLowerMs() != null) {
                assertTrue(html.contains("interval " + Format.seconds(answer.budgetLowerMs() / 1000) + " to ")
                        || html.contains("range for it: " + Format.seconds(answer.budgetLowerMs() / 1000)), target
                        + ": the interval's optimistic end");
            }
            for (String note : answer.notes()) {
                // Every note is shown, flags among them under Goodness of fit (as the extrapolating tier's).
                assertTrue(html.contains("<li>" + Html.escape(note) + "</li>")
                        || html.contains(": " + Html.escape(note) + "</li>"), note);
            }
        }
        assertEquals(EnumSet.of(AnswerBasis.OBSERVED, AnswerBasis.EXTRAPOLATED, AnswerBasis.BEYOND_DATA), seen);
    }

    @Test
    void goodnessOfFitFlagsAreShownWithTheBudgetCurve() {
        String html = report(repeated, null, null);
        List<String> flags = repeated.tier("SLOW").budgetCurve().notes();
        assertFalse(flags.isEmpty(), "without bootstrap replicates no family is tested: that is a flag");
        for (String flag : flags) {
            assertTrue(html.contains("<li>" + Html.escape(flag) + "</li>"), flag);
            // FAST and BALANCED extrapolate with SLOW's fit: its flags are theirs.
            assertTrue(html.contains("<li>SLOW: " + Html.escape(flag) + "</li>"), flag);
        }
    }

    @Test
    void tierComparisonsShowInvertedPairsAndDegenerateComparisons() {
        String independent = report(repeated, null, null);
        assertTrue(independent.contains("Inverted pairs between adjacent tiers"));
        var pairs = repeated.invertedPairs().get(0);
        assertTrue(independent.contains("<td>" + pairs.largerTier() + " timed out, " + pairs.smallerTier()
                + " finished</td><td class=\"num\">" + pairs.inverted() + "</td><td class=\"num\">" + pairs.pairs()
                + "</td>"), "the inverted pairs' counts");
        assertFalse(independent.contains("degenerate: shared_runs"));

        CalibrationModel shared = MockCalibrations.calibrate(200, 2, 0, TierRuns.SHARED,
                dir.resolve("shared.jsonl"));
        String html = report(shared, null, null);
        assertTrue(html.contains("<td>degenerate: shared_runs</td>"), "each adjacent pair is marked");
        assertTrue(html.contains("Not claimed: a comparison is degenerate by construction"));
        assertTrue(html.contains("None can occur: tiers with identical limits took their records from the same runs"));
    }

    @Test
    void withoutRawTelemetryTheReportSaysWhatIsMissing() {
        String html = report(single, null, null);
        assertTrue(html.contains("No histogram: the durations of single runs are in the raw telemetry"));
        assertTrue(html.contains("No target timeout rate was given"));
        assertTrue(html.contains("the observed rates at the budget grid"), "survival from the model's grid");
        assertEquals(2 + 2 * 3, figures(html), "no histograms");
    }

    @Test
    void userTextIsEscaped() {
        String html = CalibrationReport.builder(single).title("<b>model</b> & co").build().toHtml();
        assertTrue(html.contains("&lt;b&gt;model&lt;/b&gt; &amp; co"));
        assertFalse(html.contains("<b>model</b>"));
    }

    @Test
    void writesAtomicallyAndNeverOverAnExistingFileUnlessAllowed() throws Exception {
        CalibrationReport report = CalibrationReport.builder(single).build();
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

    /** What every refusal of raw telemetry that is not the model's ends with. */
    private static final String GIVE_THE_MODELS_OWN = ": give the raw telemetry (--raw or journal files) of the "
            + "calibration that made the model";
    /** Why raw telemetry without plan ids, for a model without one, is matched as it is. */
    private static final String BY_COUNTS = "the model names no plan and the records carry no plan id (telemetry "
            + "from outside noisecal, such as the origin pipeline's), so the raw telemetry is matched to it by each "
            + "tier's budget and number of runs only";

    @Test
    void rawTelemetryUnderAnotherBudgetIsRefused() throws Exception {
        String fastRecord = Files.readAllLines(singleRaw).stream().filter(l -> l.contains("\"tier\":\"FAST\""))
                .findFirst().orElseThrow();
        Path other = Files.writeString(dir.resolve("other.jsonl"),
                fastRecord.replace("\"timeout_s\":30.0", "\"timeout_s\":45.0") + "\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CalibrationReport.builder(single).rawTelemetry(List.of(other)).build());
        assertEquals("raw telemetry " + other + " line 1: tier FAST ran under 45.0 s, the model's FAST under 30.0 s"
                + GIVE_THE_MODELS_OWN, e.getMessage());
    }

    @Test
    void rawTelemetryOfAnotherCalibrationWithTheSameBudgetsIsRefusedByItsPlanId() throws Exception {
        Path otherRaw = dir.resolve("seed-43.jsonl");
        CalibrationModel other = MockCalibrations.calibrateWithSeed(43, 100, 1, otherRaw);
        // Budgets and run counts cannot tell the two apart; the plan can.
        assertEquals(single.metadata().tiers(), other.metadata().tiers());
        assertEquals(single.metadata().samplesPerTier(), other.metadata().samplesPerTier());
        assertFalse(single.metadata().planId().equals(other.metadata().planId()));
        String refusal = "raw telemetry " + otherRaw + " line " + firstRecordLine(otherRaw) + ": the record is of plan "
                + other.metadata().planId() + ", the model of plan " + single.metadata().planId()
                + ": this is another calibration's telemetry" + GIVE_THE_MODELS_OWN.replaceFirst("^:", ";");
        InvalidInputException alone = assertThrows(InvalidInputException.class,
                () -> CalibrationReport.builder(single).rawTelemetry(List.of(otherRaw)).build());
        assertEquals(refusal, alone.getMessage());
        InvalidInputException beside = assertThrows(InvalidInputException.class,
                () -> CalibrationReport.builder(single).rawTelemetry(List.of(singleRaw, otherRaw)).build());
        assertEquals(refusal, beside.getMessage(), "also beside the model's own telemetry");
        assertTrue(report(single, singleRaw, null).contains("(every record is of the model&#39;s plan "
                + single.metadata().planId() + ")."), "the report says how its raw telemetry was matched");
    }

    @Test
    void theJournalsOfShardsMergedByFitAreTheModelsRawTelemetry() throws Exception {
        Path first = dir.resolve("shard-0.jsonl");
        Path second = dir.resolve("shard-1.jsonl");
        MockCalibrations.calibrateShard(100, 1, new Shard(0, 2), first);
        MockCalibrations.calibrateShard(100, 1, new Shard(1, 2), second);
        CalibrationModel merged = MockCalibrations.fit(List.of(first, second));
        assertEquals(single.metadata().planId(), merged.metadata().planId(), "the shards' plan is the model's");

        RawTelemetry both = RawTelemetry.read(List.of(first, second), merged);
        RawTelemetry whole = RawTelemetry.read(List.of(singleRaw), single);
        for (String tier : List.of("FAST", "BALANCED", "SLOW")) {
            double[] fromShards = both.tier(tier).durationsMs();
            double[] fromOneRun = whole.tier(tier).durationsMs();
            java.util.Arrays.sort(fromShards);
            java.util.Arrays.sort(fromOneRun);
            assertTrue(java.util.Arrays.equals(fromOneRun, fromShards), tier + ": the same runs, each once");
        }
        assertFalse(both.matchedByCountsOnly());
        List<String> warnings = new java.util.ArrayList<>();
        CalibrationReport.builder(merged).rawTelemetry(List.of(first, second)).warnings(warnings::add).build();
        assertEquals(List.of(), warnings);
        assertEquals(50, RawTelemetry.read(List.of(second), merged).tier("FAST").size(), "one shard: part of the runs");

        InvalidInputException twice = assertThrows(InvalidInputException.class,
                () -> CalibrationReport.builder(merged).rawTelemetry(List.of(first, second, first)).build());
        assertTrue(twice.getMessage().matches("raw telemetry " + Pattern.quote(first.toString()) + " line \\d+: "
                + "verification_id \\S+ was read already from " + Pattern.quote(first.toString())
                + ": give each file once"), twice.getMessage());

        // A model fitted from one shard (--allow-incomplete) does not take the other shard's runs.
        CalibrationModel part = TelemetryRefit.merge(List.of(first), TelemetryRefit.Options.asCalibrated(
                java.time.Clock.systemUTC()).allowingIncomplete(true));
        assertEquals(merged.metadata().planId(), part.metadata().planId());
        InvalidInputException more = assertThrows(InvalidInputException.class,
                () -> CalibrationReport.builder(part).rawTelemetry(List.of(first, second)).build());
        assertEquals("raw telemetry " + first + ", " + second + ": tier FAST holds 100 runs, the model 50: it holds "
                + "runs the model was not fitted from (the model was fitted from part of the plan); give the files "
                + "the model was fitted from", more.getMessage());
    }

    @Test
    void foreignTelemetryWithoutPlanIdsIsMatchedByBudgetsAndRunCountsAndSaysSo() throws Exception {
        Path foreign = originRecords(singleRaw, "single-origin.jsonl");
        CalibrationModel rebuilt = TelemetryRefit.fromFiles(List.of(foreign), 0.95, IntervalMethod.WILSON, 0,
                java.time.Clock.systemUTC());
        assertNull(rebuilt.metadata().planId(), "records without plan ids make a model without one");

        List<String> warnings = new java.util.ArrayList<>();
        String html = CalibrationReport.builder(rebuilt).rawTelemetry(List.of(foreign)).warnings(warnings::add)
                .build().toHtml();
        String caveat = BY_COUNTS + ": another calibration's telemetry with the same budgets and counts would not be "
                + "noticed";
        assertEquals(List.of("raw telemetry " + foreign + ": " + caveat), warnings);
        assertTrue(html.contains("so the raw telemetry is matched to it by each tier"), "the report says so too");
        assertEquals(100, RawTelemetry.read(List.of(foreign), rebuilt).tier("FAST").size());

        // Another calibration's foreign telemetry: the same budgets, 400 runs per tier, not 100.
        Path other = originRecords(repeatedRaw, "repeated-origin.jsonl");
        InvalidInputException counts = assertThrows(InvalidInputException.class,
                () -> CalibrationReport.builder(rebuilt).rawTelemetry(List.of(other)).build());
        assertEquals("raw telemetry " + other + ": tier FAST holds 400 runs, the model 100; " + BY_COUNTS
                + GIVE_THE_MODELS_OWN, counts.getMessage());

        String fastRecord = Files.readAllLines(foreign).stream().filter(l -> l.contains("\"tier\":\"fast\""))
                .findFirst().orElseThrow();
        Path slower = Files.writeString(dir.resolve("origin-45s.jsonl"),
                fastRecord.replace("\"timeout_s\":30.0", "\"timeout_s\":45.0") + "\n");
        InvalidInputException budget = assertThrows(InvalidInputException.class,
                () -> CalibrationReport.builder(rebuilt).rawTelemetry(List.of(slower)).build());
        assertEquals("raw telemetry " + slower + " line 1: tier FAST ran under 45.0 s, the model's FAST under 30.0 s; "
                + BY_COUNTS + GIVE_THE_MODELS_OWN, budget.getMessage());

        Path otherTier = Files.writeString(dir.resolve("origin-turbo.jsonl"),
                fastRecord.replace("\"tier\":\"fast\"", "\"tier\":\"turbo\"") + "\n");
        InvalidInputException tier = assertThrows(InvalidInputException.class,
                () -> CalibrationReport.builder(rebuilt).rawTelemetry(List.of(otherTier)).build());
        assertEquals("raw telemetry " + otherTier + " line 1: tier TURBO is not in the model (FAST, BALANCED, SLOW); "
                + BY_COUNTS + GIVE_THE_MODELS_OWN, tier.getMessage());

        // A model that names its plan takes no record without one.
        InvalidInputException unplanned = assertThrows(InvalidInputException.class,
                () -> CalibrationReport.builder(single).rawTelemetry(List.of(foreign)).build());
        assertTrue(unplanned.getMessage().startsWith("raw telemetry " + foreign + " line 1: the record names no plan, "
                + "the model of plan " + single.metadata().planId() + ": "), unplanned.getMessage());
    }

    /** The line number of a journal's first record (after its header). */
    private static long firstRecordLine(Path journal) throws Exception {
        List<String> lines = Files.readAllLines(journal);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"verification_id\"")) {
                return i + 1;
            }
        }
        throw new AssertionError("no record in " + journal);
    }

    /**
     * A real calibration's records as the origin's Python pipeline writes them: no journal header, no plan
     * coordinates, lower-case tier names.
     */
    private static Path originRecords(Path journal, String name) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(journal)) {
            var record = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(line);
            if (!record.has("verification_id")) {
                continue;
            }
            record.remove(List.of("plan_id", "sample_index", "repeat"));
            record.put("tier", record.get("tier").asText().toLowerCase(Locale.ROOT));
            out.append(json.writeValueAsString(record)).append('\n');
        }
        return Files.writeString(dir.resolve(name), out);
    }

    @Test
    void aMalformedRawFileIsNamedWithItsLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"not\": \"telemetry\"}\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CalibrationReport.builder(single).rawTelemetry(List.of(bad)).build());
        assertTrue(e.getMessage().contains("bad.jsonl line 1"), e.getMessage());
    }
}
