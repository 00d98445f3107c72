package io.github.noisecal.calibration.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The headline rates with their intervals across tiers, and each tier's outcome mix. */
final class RatesSection implements ReportSection {
    @Override
    public String id() {
        return "rates";
    }

    @Override
    public String title() {
        return "Outcome rates across tiers";
    }

    @Override
    public void render(ReportData data, Figures figures, Html html) {
        boolean recur = data.tiers().stream().anyMatch(t -> t.modules().recur());
        html.raw("<p>").text("Every rate with its " + Format.percent(data.confidence()) + " " + data.intervalMethod()
                + " interval over the population of proofs the module list samples. The fail rate counts every "
                + "outcome that is neither a success nor a wall-clock timeout." + (recur
                ? " Modules recur in this calibration, so runs of one module are not independent proofs: that "
                + "interval is clustered by module (wider), and the interval over exactly these runs is shown beside "
                + "it. Design effects and effective sample sizes are under Repeatability and modules."
                : " Every module ran once per tier, so the interval over the population is the one over the runs."))
                .raw("</p>");
        html.raw("<div class=\"grid\">");
        figures.figure(html, () -> Charts.headlineRates(data.tiers()), recur
                        ? "Timeout, fail and success rates per tier: filled with a thick bar, the interval over the "
                        + "population of proofs (clustered by module); hollow with a thin bar beside it, the interval "
                        + "over these runs."
                        : "Timeout, fail and success rates per tier, with their intervals.",
                h -> headlineTable(data, h));
        figures.figure(html, () -> Charts.outcomeMix(data.tiers()),
                "Outcome mix: each tier's samples by outcome code.", h -> mixTable(data, h));
        html.raw("</div>");
    }

    /** Tiers across, as in the figure: each rate's interval over the population, and over the runs beside it. */
    private static void headlineTable(ReportData data, Html html) {
        List<String> header = new ArrayList<>();
        header.add("");
        data.tiers().forEach(t -> header.add(t.name()));
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("budget", data, t -> Format.seconds(t.budgetS())));
        rows.add(row("runs / modules", data, t -> t.samples() + " / " + t.modules().distinct()));
        // The estimate, then its intervals on rows of their own: three numbers to a cell do not fit half a page.
        for (int r = 0; r < 3; r++) {
            int rate = r;
            rows.add(row(data.tiers().get(0).headline().get(r).label() + " rate", data,
                    t -> Format.rate(t.headline().get(rate).value().estimate())));
            rows.add(row(Html.INDENT + "interval", data, t -> Format.bounds(t.headline().get(rate).value())));
            if (data.tiers().stream().anyMatch(t -> t.headline().get(rate).overRuns() != null)) {
                rows.add(row(Html.INDENT + "over these runs", data, t -> {
                    ReportData.Interval runs = t.headline().get(rate).overRuns();
                    return runs == null ? "the same" : Format.bounds(runs);
                }));
            }
        }
        html.table("Rates and " + Format.percent(data.confidence()) + " intervals", header, rows, "glance");
    }

    private static List<String> row(String label, ReportData data,
                                    java.util.function.Function<ReportData.Tier, String> cell) {
        List<String> row = new ArrayList<>();
        row.add(label);
        data.tiers().forEach(t -> row.add(cell.apply(t)));
        return row;
    }

    private static void mixTable(ReportData data, Html html) {
        LinkedHashSet<String> codes = new LinkedHashSet<>();
        data.tiers().forEach(t -> t.outcomes().forEach(o -> codes.add(o.label())));
        List<String> header = new ArrayList<>();
        header.add("outcome");
        data.tiers().forEach(t -> header.add(t.name()));
        List<List<String>> rows = new ArrayList<>();
        for (String code : codes) {
            List<String> row = new ArrayList<>();
            row.add(code);
            for (ReportData.Tier tier : data.tiers()) {
                row.add(tier.outcomes().stream().filter(o -> o.label().equals(code)).findFirst()
                        .map(o -> o.count() + " (" + Format.rate(o.value().estimate()) + ")").orElse("0"));
            }
            rows.add(row);
        }
        html.table("Samples per outcome (share)", header, rows, "mix");
    }
}
