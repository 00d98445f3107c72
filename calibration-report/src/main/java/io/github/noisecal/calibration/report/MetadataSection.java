package io.github.noisecal.calibration.report;

import java.util.List;

/** Where the model came from: plan, backend, verifier and machine. */
final class MetadataSection implements ReportSection {
    @Override
    public String id() {
        return "metadata";
    }

    @Override
    public String title() {
        return "Plan, verifier and machine";
    }

    @Override
    public void render(ReportData data, Figures figures, Html html) {
        html.table("Calibration metadata", List.of("", "value"),
                data.metadata().stream().map(m -> List.of(m.label(), m.value())).toList(), "meta", false);
        if (data.hasRaw()) {
            html.raw("<p class=\"note\">").text("Raw telemetry read: " + String.join(", ", data.rawSources())
                    + " (" + data.rawMatch() + ").").raw("</p>");
        }
    }
}
