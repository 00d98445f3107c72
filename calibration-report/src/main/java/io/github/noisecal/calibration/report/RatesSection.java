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
        html.raw("<p>").text("Every rate with its " + Format.percent(data.confidence()) + " " + data.intervalMethod()
                + " interval. The fail rate counts every outcome that is neither a success nor a wall-clock "
                + "timeout.").raw("</p>");
        html.raw("<div class=\"grid\">");
        figures.figure(html, () -> Charts.headlineRates(data.tiers()),
                "Timeout, fail and success rates per tier, with their intervals.", h -> headlineTable(data, h));
        figures.figure(html, () -> Charts.outcomeMix(data.tiers()),
                "Outcome mix: each tier's samples by outcome code.", h -> mixTable(data, h));
        html.raw("</div>");
    }

    private static void headlineTable(ReportData data, Html html) {
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.Tier tier : data.tiers()) {
            rows.add(List.of(tier.name(), Format.seconds(tier.budgetS()), String.valueOf(tier.samples()),
                    Format.interval(tier.timeout().value()), Format.interval(tier.fail().value()),
                    Format.interval(tier.success().value())));
        }
        html.table("Rates and " + Format.percent(data.confidence()) + " intervals",
                List.of("tier", "budget", "samples", "timeout", "fail", "success"), rows, "glance");
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
