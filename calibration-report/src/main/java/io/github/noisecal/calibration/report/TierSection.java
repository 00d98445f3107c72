package io.github.noisecal.calibration.report;

import java.util.ArrayList;
import java.util.List;

/** One tier: its durations against the fitted families, and its budget curve with the recommended budget. */
final class TierSection implements ReportSection {
    private final ReportData.Tier tier;

    TierSection(ReportData.Tier tier) {
        this.tier = tier;
    }

    @Override
    public String id() {
        return "tier-" + tier.name();
    }

    @Override
    public String title() {
        return "Tier " + tier.name() + " (budget " + Format.seconds(tier.budgetS()) + ")";
    }

    @Override
    public void render(ReportData data, Figures figures, Html html) {
        ReportData.Durations durations = tier.durations();
        html.raw("<p>").text(tier.samples() + " samples: " + durations.finished() + " finished, "
                + durations.timedOut() + " timed out at the budget (right-censored: their durations are known only "
                + "to exceed it). Timeout rate " + Format.interval(tier.timeout().value()) + ".").raw("</p>");
        html.raw("<div class=\"grid\">");
        if (durations.histogram() != null) {
            figures.figure(html, () -> Charts.histogram(tier), "Durations of the finished runs in " + tier.name()
                    + "; the dashed line is the budget.", h -> histogramTable(h));
        }
        figures.figure(html, () -> Charts.survival(tier), durations.kaplanMeierFromRaw()
                        ? "Survival P(duration > t) in " + tier.name() + ": Kaplan-Meier with its pointwise band "
                        + "(black), the best fitted family with its band, the other families dotted."
                        : "Survival P(duration > t) in " + tier.name() + ": the observed rates at the budget grid "
                        + "with their intervals (black), the best family with its band, the other families dotted.",
                h -> survivalTable(h));
        if (durations.histogram() == null) {
            html.raw("<p class=\"note\">").text("No histogram: the durations of single runs are in the raw "
                    + "telemetry, not in the model. Give it with --raw to see them.").raw("</p>");
        }
        html.raw("</div>");
        familiesTable(html);
        html.raw("<div class=\"grid\">");
        figures.figure(html, () -> Charts.budgetCurve(tier, data.targetTimeoutRate()), "Timeout rate against the budget "
                + "in " + tier.name() + " (log scale): observed with intervals (black squares), the "
                + (tier.budgetCurve().family() == null ? "model" : tier.budgetCurve().family() + " model")
                + " with its band, dashed where it extrapolates beyond the budget.", h -> budgetCurveTable(h));
        html.raw("<div>");
        recommendation(data, html);
        html.raw("</div></div>");
    }

    private void histogramTable(Html html) {
        ReportData.Histogram histogram = tier.durations().histogram();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < histogram.counts().length; i++) {
            rows.add(List.of(Format.significant(histogram.edges()[i], 4) + " - "
                    + Format.significant(histogram.edges()[i + 1], 4) + " s", String.valueOf(histogram.counts()[i])));
        }
        rows.add(List.of("timed out (> " + Format.seconds(tier.budgetS()) + ")",
                String.valueOf(tier.durations().timedOut())));
        details(html, "Numbers: runs per duration bin", List.of("duration", "runs"), rows);
    }

    private void survivalTable(Html html) {
        ReportData.Curve km = tier.durations().kaplanMeier();
        List<List<String>> rows = new ArrayList<>();
        // At most 21 evenly spaced rows: the curve's shape, not its every step.
        int step = Math.max(1, (km.x().length - 1) / 20);
        for (int i = 0; i < km.x().length; i += step) {
            rows.add(survivalRow(km, i));
        }
        if ((km.x().length - 1) % step != 0) {
            rows.add(survivalRow(km, km.x().length - 1));
        }
        details(html, "Numbers: " + (tier.durations().kaplanMeierFromRaw() ? "Kaplan-Meier" : "observed")
                + " survival", List.of("t", "P(duration > t)", "lower", "upper"), rows);
    }

    private static List<String> survivalRow(ReportData.Curve curve, int i) {
        return List.of(Format.significant(curve.x()[i], 4) + " s", Format.rate(curve.y()[i]),
                Format.rate(curve.lower()[i]), Format.rate(curve.upper()[i]));
    }

    private void familiesTable(Html html) {
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.Family family : tier.durations().families()) {
            String name = family.family() + (family.family().equals(tier.durations().bestFamily()) ? " (best)" : "");
            if (!family.fitted()) {
                rows.add(List.of(name, "not fitted: " + family.notFitted(), "", "", "", "", ""));
            } else {
                rows.add(List.of(name, family.parameters(), Format.significant(family.aic(), 6),
                        Format.significant(family.deltaAic(), 3), Format.significant(family.weight(), 3),
                        Format.significant(family.ks(), 3),
                        family.ksPValue() == null ? "not bootstrapped" : Format.pValue(family.ksPValue())));
            }
        }
        html.table("Fitted duration families in " + tier.name() + " (censored maximum likelihood, ranked by AIC)",
                List.of("family", "parameters", "AIC", "ΔAIC", "weight", "KS distance", "KS p-value"), rows, "wide");
    }

    private void budgetCurveTable(Html html) {
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.BudgetPoint point : tier.budgetCurve().points()) {
            rows.add(List.of(Format.significant(point.budgetS(), 4) + " s",
                    point.observed() == null ? "-" : Format.interval(point.observed()),
                    point.model() == null ? "-" : Format.interval(point.model()),
                    point.extrapolated() ? "extrapolated" : "observed range"));
        }
        details(html, "Numbers: timeout rate at each budget", List.of("budget", "observed", "model", "where"), rows);
    }

    private void recommendation(ReportData data, Html html) {
        ReportData.Recommendation r = tier.recommendation();
        if (r == null) {
            html.raw("<p class=\"note\">").text("No target timeout rate was given (--target-timeout-rate), so no "
                    + "budget is recommended.").raw("</p>");
            return;
        }
        html.raw("<h3>").text("Budget for a timeout rate of at most " + Format.rate(r.target())).raw("</h3>");
        if (r.budgetS() == null) {
            html.raw("<p class=\"callout warn\">").text("No budget: " + r.reason()).raw("</p>");
        } else {
            html.raw("<p class=\"callout").raw(r.extrapolated() ? " warn" : "").raw("\">")
                    .text("Recommended budget " + Format.seconds(r.budgetS()) + " (" + r.family() + " model; "
                            + Format.percent(data.confidence()) + " interval " + bound(r.lowerS()) + " to "
                            + bound(r.upperS()) + ")" + (r.extrapolated()
                            ? ": beyond the calibrated budget, so it rests on the fitted family, not on observations."
                            : ": inside the calibrated budget."))
                    .raw("</p>");
        }
        if (r.observedAt() != null) {
            html.raw("<p>").text("At " + Format.seconds(r.observedAtS()) + " the measured timeout rate is "
                    + Format.interval(r.observedAt()) + (r.observedAt().lower() > r.target()
                    ? ": the observations contradict the model here." : ".")).raw("</p>");
        }
        if (r.observedBudgetS() != null) {
            html.raw("<p>").text("Observed: the smallest budget at which the measured timeout rate is at most "
                    + Format.rate(r.target()) + " is " + Format.seconds(r.observedBudgetS()) + ".").raw("</p>");
        } else {
            html.raw("<p class=\"note\">").text("The observations alone cannot meet this target within the "
                    + "calibrated budget.").raw("</p>");
        }
    }

    private static String bound(Double seconds) {
        return seconds == null ? "unbounded" : Format.seconds(seconds);
    }

    private static void details(Html html, String summary, List<String> header, List<List<String>> rows) {
        html.raw("<details><summary>").text(summary).raw("</summary>");
        html.table(summary.replace("Numbers: ", ""), header, rows, "numbers");
        html.raw("</details>");
    }
}
