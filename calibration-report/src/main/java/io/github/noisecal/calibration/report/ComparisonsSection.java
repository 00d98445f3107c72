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
            html.raw("<p>").text("Tested: " + ordering.tested() + " (shorter budget, more timeouts), each adjacent "
                    + "pair one-sided at alpha " + Format.significant(ordering.alpha(), 3) + ". "
                    + (ordering.claimed() ? "Claimed: every adjacent test rejects (p = " + Format.pValue(
                    ordering.pValue()) + ")." : "Not claimed: the largest one-sided p-value is "
                    + Format.pValue(ordering.pValue()) + ".")).raw("</p>");
            List<List<String>> rows = new ArrayList<>();
            for (ReportData.Pair pair : ordering.comparisons()) {
                rows.add(List.of(pair.tierA() + " > " + pair.tierB(), pair.test(),
                        Format.significant(pair.statistic(), 4), Format.pValue(pair.pOneSided()),
                        Format.pValue(pair.pTwoSided())));
            }
            html.table("Adjacent tiers", List.of("comparison", "test", "statistic", "p one-sided", "p two-sided"),
                    rows, "numbers");
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

    private static String verdictClass(String verdict) {
        String v = verdict.toLowerCase(Locale.ROOT);
        return v.startsWith("pass") ? "v-pass" : v.startsWith("fail") ? "v-fail" : "v-conditional";
    }
}
