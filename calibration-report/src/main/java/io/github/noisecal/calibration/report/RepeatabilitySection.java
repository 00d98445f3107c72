package io.github.noisecal.calibration.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The modules behind each tier's runs and how they cluster, and verdict flips where modules ran more than once in a
 * tier, all from the model; raw telemetry adds the modules that flip most.
 */
final class RepeatabilitySection implements ReportSection {
    @Override
    public String id() {
        return "repeatability";
    }

    @Override
    public String title() {
        return "Repeatability and modules";
    }

    @Override
    public void render(ReportData data, Figures figures, Html html) {
        modulesTable(data, html);
        List<ReportData.Tier> repeated = data.tiers().stream().filter(t -> t.repeatability() != null).toList();
        if (repeated.isEmpty()) {
            html.raw("<p class=\"note\">").text("No repeats in this calibration: every module ran once per tier, so "
                    + "verdict flips cannot be measured. Calibrate with --repeats 2 or more to measure them.")
                    .raw("</p>");
            return;
        }
        html.raw("<p>").text("Over the modules that ran at least twice in a tier: a flip is a pair of runs of one "
                + "module whose verdicts differ (verified against anything else). The flip rate is the mean over "
                + "those modules of the share of their pairs of runs that flip, the chance that two runs of a random "
                + "module disagree; a flaky module is one whose runs did not all agree. The outcome flip rate does "
                + "the same with outcome codes (a timeout against an invalid proof is an outcome flip, not a verdict "
                + "flip). Intervals at " + Format.percent(data.confidence()) + ", over modules.").raw("</p>");
        html.raw("<div class=\"grid\">");
        figures.figure(html, () -> Charts.repeatability(repeated), "Flip rate, flaky-module share and outcome flip "
                + "rate per tier, with their intervals.", h -> flipsTable(repeated, h));
        figures.figure(html, () -> Charts.stability(repeated), "How the runs of each module run twice or more "
                + "ended, as shares of those modules: always verified, always timing out, always failing, or mixed.",
                h -> stabilityTable(repeated, h));
        html.raw("</div>");
        mostFlipping(data, repeated, html);
    }

    /** The modules line of each tier, and each headline rate's clustering. */
    private static void modulesTable(ReportData data, Html html) {
        if (data.tiers().stream().noneMatch(t -> t.modules().recur())) {
            html.table("Modules: each ran once per tier, so runs are independent proofs (design effect 1, effective n "
                            + "= runs)", List.of("tier", "modules", "runs per module"),
                    data.tiers().stream().map(t -> List.of(t.name(), String.valueOf(t.modules().distinct()), "1"))
                            .toList(), "numbers modules");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.Tier tier : data.tiers()) {
            ReportData.Modules modules = tier.modules();
            String runs = modules.recur()
                    ? Format.significant(modules.meanRuns(), 3) + " (" + modules.minRuns() + "–" + modules.maxRuns()
                    + ")"
                    : "1";
            for (ReportData.Clustering c : modules.rates()) {
                boolean first = c == modules.rates().get(0);
                rows.add(List.of(first ? tier.name() : "", first ? String.valueOf(modules.distinct()) : "",
                        first ? runs : "", c.rate(), c.icc() == null ? "n/a" : String.format(Locale.ROOT, "%.2f",
                                c.icc()), String.format(Locale.ROOT, "%.2f", c.designEffect()),
                        String.format(Locale.ROOT, "%.1f", c.effectiveN())));
            }
        }
        html.table("Modules and clustering: runs of one module are not independent proofs; a rate's design effect "
                        + "is how many times its variance exceeds that of as many independent runs, its effective n "
                        + "the runs it is worth (runs / design effect)",
                List.of("tier", "modules", "runs per module (min–max)", "rate", "ICC", "design effect",
                        "effective n"), rows, "wide modules");
    }

    /** Tiers across, as in the figure. */
    private static void flipsTable(List<ReportData.Tier> tiers, Html html) {
        List<String> header = new ArrayList<>();
        header.add("");
        tiers.forEach(t -> header.add(t.name()));
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("modules run twice or more", tiers, r -> String.valueOf(r.modules())));
        rows.add(row("flip rate", tiers, r -> Format.rate(r.flipRate().estimate())));
        rows.add(row(Html.INDENT + "interval", tiers, r -> Format.bounds(r.flipRate())));
        rows.add(row("flaky modules", tiers, r -> r.flakyModules().count() + " ("
                + Format.rate(r.flakyModules().value().estimate()) + ")"));
        rows.add(row(Html.INDENT + "interval", tiers, r -> Format.bounds(r.flakyModules().value())));
        rows.add(row("outcome flip rate", tiers, r -> Format.rate(r.outcomeFlipRate().estimate())));
        rows.add(row(Html.INDENT + "interval", tiers, r -> Format.bounds(r.outcomeFlipRate())));
        rows.add(row(Html.INDENT + "with differing outcomes", tiers, r -> r.outcomeFlakyModules().count() + " ("
                + Format.rate(r.outcomeFlakyModules().value().estimate()) + ")"));
        html.table("Flips per tier (intervals over modules)", header, rows, "glance");
    }

    private static List<String> row(String label, List<ReportData.Tier> tiers,
                                    java.util.function.Function<ReportData.Repeatability, String> cell) {
        List<String> row = new ArrayList<>();
        row.add(label);
        tiers.forEach(t -> row.add(cell.apply(t.repeatability())));
        return row;
    }

    private static void stabilityTable(List<ReportData.Tier> tiers, Html html) {
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.Tier tier : tiers) {
            ReportData.Repeatability r = tier.repeatability();
            rows.add(List.of(tier.name(), String.valueOf(r.alwaysVerified()), String.valueOf(r.alwaysTimingOut()),
                    String.valueOf(r.alwaysFailing()), String.valueOf(r.mixed()), String.valueOf(r.modules())));
        }
        html.table("Modules by how their runs ended", List.of("tier", "always verified", "always timing out",
                "always failing", "mixed", "of"), rows, "numbers");
    }

    private static void mostFlipping(ReportData data, List<ReportData.Tier> repeated, Html html) {
        if (!data.hasRaw()) {
            html.raw("<p class=\"note\">").text("Which modules flip is in the raw telemetry, not in the model: give "
                    + "it with --raw to list the modules that flip most.").raw("</p>");
            return;
        }
        html.raw("<h3>").text("Modules that flip most (from the raw telemetry)").raw("</h3>");
        html.raw("<div class=\"grid grid3\">");
        for (ReportData.Tier tier : repeated) {
            List<List<String>> rows = new ArrayList<>();
            for (ReportData.ModuleFlips module : tier.repeatability().mostFlipping()) {
                rows.add(List.of(module.module(), module.successes() + " / " + module.runs(),
                        Format.rate(module.flipShare())));
            }
            html.raw("<div>");
            if (rows.isEmpty()) {
                html.raw("<p class=\"note\">").text(tier.name() + ": no module flipped.").raw("</p>");
            } else {
                html.table("Modules that flip most in " + tier.name(),
                        List.of("module", "verified / runs", "pairs that flip"), rows, "numbers");
            }
            html.raw("</div>");
        }
        html.raw("</div>");
    }
}
