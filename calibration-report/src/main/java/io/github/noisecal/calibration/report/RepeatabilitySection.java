package io.github.noisecal.calibration.report;

import java.util.ArrayList;
import java.util.List;

/** Verdict flips where modules ran more than once in a tier; says so plainly where none did. */
final class RepeatabilitySection implements ReportSection {
    @Override
    public String id() {
        return "repeatability";
    }

    @Override
    public String title() {
        return "Repeatability";
    }

    @Override
    public void render(ReportData data, Figures figures, Html html) {
        List<ReportData.Tier> repeated = data.tiers().stream().filter(t -> t.repeatability() != null).toList();
        if (repeated.isEmpty()) {
            html.raw("<p class=\"note\">").text(data.hasRaw()
                    ? "No repeats in this calibration: every module ran once per tier, so verdict flips cannot be "
                    + "measured. Calibrate with repeated modules to measure them."
                    : "No repeatability data: the model records none, and no raw telemetry was given (--raw), from "
                    + "which flips between runs of one module would be counted.").raw("</p>");
            return;
        }
        html.raw("<p>").text("A flip is a pair of runs of one module in one tier whose verdicts differ (verified "
                + "against anything else). The flip rate is the mean over modules with repeats of the share of "
                + "their pairs of runs that flip; a flaky module is one whose runs did not all agree. Counted from "
                + repeated.get(0).repeatability().source() + ", without intervals.").raw("</p>");
        html.raw("<div class=\"grid\">");
        figures.figure(html, () -> Charts.repeatability(repeated), "Flip rate and flaky-module share per tier.",
                h -> summaryTable(repeated, h));
        html.raw("<div>");
        for (ReportData.Tier tier : repeated) {
            List<List<String>> rows = new ArrayList<>();
            for (ReportData.ModuleFlips module : tier.repeatability().mostFlipping()) {
                rows.add(List.of(module.module(), String.valueOf(module.runs()), String.valueOf(module.successes()),
                        Format.rate(module.flipShare())));
            }
            if (rows.isEmpty()) {
                html.raw("<p class=\"note\">").text(tier.name() + ": no module flipped.").raw("</p>");
            } else {
                html.table("Modules that flip most in " + tier.name(),
                        List.of("module", "runs", "verified", "pairs that flip"), rows, "numbers");
            }
        }
        html.raw("</div></div>");
    }

    private static void summaryTable(List<ReportData.Tier> tiers, Html html) {
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.Tier tier : tiers) {
            ReportData.Repeatability r = tier.repeatability();
            rows.add(List.of(tier.name(), String.valueOf(r.modulesWithRepeats()), String.valueOf(r.flakyModules()),
                    Format.rate(r.flipRate()), Format.rate(r.flakyShare())));
        }
        html.table("Flips per tier", List.of("tier", "modules with repeats", "flaky", "flip rate", "flaky share"),
                rows, "numbers");
    }
}
