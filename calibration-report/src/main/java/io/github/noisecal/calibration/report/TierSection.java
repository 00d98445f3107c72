package io.github.noisecal.calibration.report;

import io.github.noisecal.calibration.fit.AnswerBasis;
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
        figures.figure(html, () -> Charts.budgetCurve(tier, data.targetTimeoutRate()), Figures.TALL, budgetCaption(),
                h -> budgetCurveTable(data, h));
        html.raw("<div>");
        recommendation(data, html);
        flags(html);
        html.raw("</div></div>");
    }

    private String budgetCaption() {
        ReportData.BudgetCurve curve = tier.budgetCurve();
        String limit = Format.significant(curve.extrapolationLimit(), 3) + "×";
        StringBuilder caption = new StringBuilder("Timeout rate against the budget in " + tier.name()
                + " (log scale), as noisecal budget answers it. Observed up to " + Format.seconds(curve.observedUpToS())
                + ": the runs' rate with its interval (filled squares: " + tier.name() + "'s runs");
        if (curve.points().stream().anyMatch(p -> p.sourceTier() != null && p.basis() == AnswerBasis.OBSERVED)) {
            caption.append("; hollow: a tier with identical verifier limits that ran longer");
        }
        caption.append(")");
        if (curve.family() != null) {
            caption.append(", the best family ").append(curve.family()).append(" dotted beside them as a model only");
        }
        if (!curve.averagedFamilies().isEmpty()) {
            caption.append(". Extrapolated up to ").append(limit).append(" that (dashed): the runs' rate times the "
                    + "Akaike-weighted tail of ").append(String.join(", ", curve.averagedFamilies()))
                    .append(curve.extrapolatedFrom() == null ? "" : " (" + curve.extrapolatedFrom() + "'s fit)")
                    .append(", the band the envelope of their bands. Beyond ")
                    .append(Format.seconds(curve.beyondDataFromS()))
                    .append(" (shaded) no number: only the range the families span");
        } else {
            caption.append(". No duration family was fitted, so nothing is said beyond the runs");
        }
        return caption.append(".").toString();
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

    private void budgetCurveTable(ReportData data, Html html) {
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.BudgetPoint point : tier.budgetCurve().points()) {
            rows.add(List.of(Format.significant(point.budgetS(), 4) + " s", basis(point), answer(point),
                    point.timeouts() == null ? "" : String.valueOf(point.timeouts()),
                    point.model() == null ? "" : modelCell(point.model())));
        }
        details(html, "Numbers: timeout rate at each budget (" + Format.percent(data.confidence()) + " intervals)",
                List.of("budget", "basis", "timeout rate [interval]", "runs longer", "best family, as a model only"),
                rows);
    }

    private static String basis(ReportData.BudgetPoint point) {
        String factor = point.factor() == null ? "" : " " + Format.significant(point.factor(), 3) + "×";
        String from = point.sourceTier() == null ? "" : (point.basis() == AnswerBasis.OBSERVED ? " in " : ", from ")
                + point.sourceTier() + (point.basis() == AnswerBasis.OBSERVED ? "" : "'s fit");
        return switch (point.basis()) {
            case OBSERVED -> "observed" + from;
            case EXTRAPOLATED -> "extrapolated" + factor + from;
            case BEYOND_DATA -> "beyond the data" + factor + from;
            case NO_ANSWER -> "no answer";
        };
    }

    private static String answer(ReportData.BudgetPoint point) {
        if (point.basis() == AnswerBasis.NO_ANSWER) {
            return "-";
        }
        String range = "[" + Format.rate(point.lower()) + ", " + Format.rate(point.upper()) + "]";
        return point.rate() == null ? "range " + range : Format.rate(point.rate()) + " " + range;
    }

    /** A model's S(b); a tail that underflowed is said to have, not printed as a measured 0. */
    private static String modelCell(ReportData.Interval model) {
        if (model.upper() < 1e-300) {
            return "< 1e-300 (no band)";
        }
        return Format.interval(model);
    }

    private void recommendation(ReportData data, Html html) {
        ReportData.Recommendation r = tier.recommendation();
        if (r == null) {
            html.raw("<p class=\"note\">").text("No target timeout rate was given (--target-timeout-rate), so no "
                    + "budget is recommended.").raw("</p>");
            return;
        }
        html.raw("<h3>").text("Budget for a timeout rate of at most " + Format.rate(r.target())).raw("</h3>");
        String interval = Format.percent(data.confidence()) + " interval " + bound(r.lowerS()) + " to ";
        switch (r.basis()) {
            case OBSERVED -> html.raw("<p class=\"callout\">").text("Recommended budget " + Format.seconds(r.budgetS())
                    + ", observed" + (r.sourceTier() == null ? " in " + tier.name() + "'s runs"
                    : " in the runs of " + r.sourceTier() + " (identical verifier limits)") + "; " + interval
                    + (r.upperS() == null ? "beyond the runs (they cannot rule out a longer budget)"
                    : Format.seconds(r.upperS())) + ".").raw("</p>");
            case EXTRAPOLATED -> html.raw("<p class=\"callout warn\">").text("Recommended budget "
                    + Format.seconds(r.budgetS()) + ", extrapolated " + Format.significant(r.factor(), 3)
                    + "× beyond the largest observed budget" + (r.sourceTier() == null ? ""
                    : " (" + r.sourceTier() + "'s fit)") + ": it rests on the fitted families' tail, not on runs; "
                    + interval + (r.upperS() == null ? "beyond the search" : Format.seconds(r.upperS())) + ".")
                    .raw("</p>");
            case BEYOND_DATA -> html.raw("<p class=\"callout warn\">").text("No budget: " + r.reason()
                    + ". The families' range for it: " + bound(r.lowerS()) + " to "
                    + (r.upperS() == null ? "beyond the search" : Format.seconds(r.upperS())) + ".").raw("</p>");
            case NO_ANSWER -> html.raw("<p class=\"callout warn\">").text("No budget: " + r.reason() + ".")
                    .raw("</p>");
        }
        // The goodness-of-fit flags follow under their own heading: listed once, not with every answer.
        List<String> flags = tier.budgetCurve().flags();
        List<String> notes = r.notes().stream()
                .filter(note -> flags.stream().noneMatch(f -> f.equals(note) || f.endsWith(": " + note))).toList();
        if (!notes.isEmpty()) {
            html.raw("<ul class=\"notes\">");
            notes.forEach(note -> html.raw("<li>").text(note).raw("</li>"));
            html.raw("</ul>");
        }
    }

    /** What the model answers must be read with: goodness-of-fit failures of the families they rest on. */
    private void flags(Html html) {
        List<String> flags = tier.budgetCurve().flags();
        if (flags.isEmpty()) {
            return;
        }
        html.raw("<h3>").text("Goodness of fit").raw("</h3><ul class=\"notes flags\">");
        flags.forEach(flag -> html.raw("<li>").text(flag).raw("</li>"));
        html.raw("</ul>");
    }

    private static String bound(Double seconds) {
        return seconds == null ? "none" : Format.seconds(seconds);
    }

    private static void details(Html html, String summary, List<String> header, List<List<String>> rows) {
        html.raw("<details><summary>").text(summary).raw("</summary>");
        html.table(summary.replace("Numbers: ", ""), header, rows, "numbers");
        html.raw("</details>");
    }
}
