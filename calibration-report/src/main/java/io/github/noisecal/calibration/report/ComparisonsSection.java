package io.github.noisecal.calibration.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The test of the tiers' ordering and the acceptance criteria, with their numbers. */
final class ComparisonsSection implements ReportSection {
    @Override
    public String id() {
        return "comparisons";
    }

    @Override
    public String title() {
        return "Tier comparisons and acceptance";
    }

    @Override
    public void render(ReportData data, Figures figures, Html html) {
        if (data.ordering().isEmpty()) {
            html.raw("<p class=\"note\">").text("A single tier: there is nothing to compare it with.").raw("</p>");
        } else {
            ReportData.Ordering ordering = data.ordering().get();
            boolean degenerate = ordering.comparisons().stream().anyMatch(p -> p.degeneracy() != null);
            html.raw("<p>").text("Tested: " + ordering.tested() + " (shorter budget, more timeouts), each adjacent "
                    + "pair one-sided at alpha " + Format.significant(ordering.alpha(), 3) + ". "
                    + (ordering.claimed() ? "Claimed: every adjacent test rejects (p = " + Format.pValue(
                    ordering.pValue()) + ")." : degenerate ? "Not claimed: a comparison is degenerate by "
                    + "construction (below), whatever its p-value." : "Not claimed: the largest one-sided p-value is "
                    + Format.pValue(ordering.pValue()) + ".")).raw("</p>");
            List<List<String>> rows = new ArrayList<>();
            for (ReportData.Pair pair : ordering.comparisons()) {
                rows.add(List.of(pair.tierA() + " > " + pair.tierB(), pair.test(),
                        Format.significant(pair.statistic(), 4), Format.pValue(pair.pOneSided()),
                        Format.pValue(pair.pTwoSided()), pair.degeneracy() == null ? "" : "degenerate: "
                                + pair.degeneracy()));
            }
            html.table("Adjacent tiers", List.of("comparison", "test", "statistic", "p one-sided", "p two-sided",
                    ""), rows, "numbers");
            if (degenerate) {
                html.raw("<p class=\"note\">").text("Degenerate: shared_runs. These tiers took their records from "
                        + "the same runs (--tier-runs shared): the smaller budget's record is derived from the "
                        + "larger's run, so a run can time out at the smaller budget only. The test then counts the "
                        + "runs that finished between the two budgets; it cannot tell a tier effect from noise, and no "
                        + "ordering is claimed on it.").raw("</p>");
            }
            invertedPairs(data, html);
        }
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.Criterion criterion : data.acceptance()) {
            rows.add(List.of(criterion.verdict(), criterion.tier() == null ? "(model)" : criterion.tier(),
                    criterion.criterion(), criterion.detail()));
        }
        html.raw("<table class=\"wide acceptance\"><caption>Acceptance criteria</caption><thead><tr>"
                + "<th scope=\"col\">verdict</th><th scope=\"col\">tier</th><th scope=\"col\">criterion</th>"
                + "<th scope=\"col\">numbers</th></tr></thead><tbody>");
        for (List<String> row : rows) {
            html.raw("<tr><td class=\"").raw(verdictClass(row.get(0))).raw("\">").text(row.get(0)).raw("</td><td>")
                    .text(row.get(1)).raw("</td><td>").text(row.get(2)).raw("</td><td>").text(row.get(3))
                    .raw("</td></tr>");
        }
        html.raw("</tbody></table>");
    }

    /** Timeouts that invert between paired runs of adjacent tiers: run-to-run noise, not a tier effect. */
    private static void invertedPairs(ReportData data, Html html) {
        html.raw("<h3>").text("Inverted pairs").raw("</h3>");
        if (data.invertedPairs().isEmpty()) {
            html.raw("<p class=\"note\">").text(data.tierRuns().equals("shared")
                    ? "None can occur: tiers with identical limits took their records from the same runs, so a run "
                    + "that finished at a budget finished at every larger one."
                    : "The tiers' runs are not paired (sample i of each tier is not the same module draw and repeat), "
                    + "so no pair can be inverted.").raw("</p>");
            return;
        }
        html.raw("<p>").text("Paired runs (same module, draw and repeat) of adjacent tiers that timed out at the "
                + "larger budget but finished at the smaller one. A longer budget cannot make the same run time out, "
                + "so each such pair is two runs of one module behaving differently: evidence of run-to-run noise, "
                + "not of a tier effect.").raw("</p>");
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.InvertedPair p : data.invertedPairs()) {
            rows.add(List.of(p.largerTier() + " timed out, " + p.smallerTier() + " finished",
                    String.valueOf(p.inverted()), String.valueOf(p.pairs()), Format.rate(p.share()),
                    String.valueOf(p.modules())));
        }
        html.table("Inverted pairs between adjacent tiers", List.of("pair of tiers", "inverted", "paired runs",
                "share", "modules"), rows, "numbers");
    }

    private static String verdictClass(String verdict) {
        String v = verdict.toLowerCase(Locale.ROOT);
        return v.startsWith("pass") ? "v-pass" : v.startsWith("fail") ? "v-fail" : "v-conditional";
    }
}
