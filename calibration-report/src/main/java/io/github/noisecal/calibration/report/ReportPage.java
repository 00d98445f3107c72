package io.github.noisecal.calibration.report;

import io.github.noisecal.calibration.NoisecalVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The whole page: header, contents, sections in order, footer; styles inline, no script, nothing linked. */
final class ReportPage {
    private static final String CSS = loadCss();

    private ReportPage() {
    }

    static String render(ReportData data) {
        List<ReportSection> sections = new ArrayList<>();
        sections.add(new RatesSection());
        data.tiers().forEach(tier -> sections.add(new TierSection(tier)));
        sections.add(new RepeatabilitySection());
        sections.add(new ComparisonsSection());
        sections.add(new MetadataSection());

        Html html = new Html(256 * 1024);
        html.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .raw("<title>").text("noisecal report: " + data.title()).raw("</title><style>").raw(CSS)
                .raw("</style></head><body><main>");
        html.raw("<header><h1>Verifier noise calibration</h1><p class=\"subtitle\">").text(subtitle(data))
                .raw("</p><nav aria-label=\"Contents\"><ul>");
        for (ReportSection section : sections) {
            html.raw("<li><a href=\"#").raw(section.id()).raw("\">").text(section.title()).raw("</a></li>");
        }
        html.raw("</ul></nav></header>");
        Figures figures = new Figures();
        for (ReportSection section : sections) {
            html.raw("<section id=\"").raw(section.id()).raw("\"")
                    .raw(section instanceof TierSection ? " class=\"tier\"" : "").raw("><h2>").text(section.title())
                    .raw("</h2>");
            section.render(data, figures, html);
            html.raw("</section>");
        }
        html.raw("<footer>").text("Made by noisecal " + NoisecalVersion.get() + " from " + data.title()
                + ". Every figure is followed by the numbers behind it. Bands and intervals are pointwise, at "
                + Format.percent(data.confidence()) + ".").raw("</footer></main></body></html>\n");
        return figures.fill(html.toString());
    }

    private static String subtitle(ReportData data) {
        String backend = data.metadata().stream().filter(m -> m.label().equals("verifier version")).findFirst()
                .map(ReportData.Labelled::value).orElse("unknown verifier");
        return data.title() + " · " + backend + " · " + data.tiers().size() + (data.tiers().size() == 1 ? " tier" : " tiers")
                + (data.targetTimeoutRate() == null ? "" : " · target timeout rate " + Format.rate(data.targetTimeoutRate()));
    }

    private static String loadCss() {
        try (InputStream in = ReportPage.class.getResourceAsStream("report.css")) {
            if (in == null) {
                throw new IllegalStateException("report.css is missing from the calibration-report jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
