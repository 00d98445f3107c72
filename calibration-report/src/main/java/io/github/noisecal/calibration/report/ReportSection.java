package io.github.noisecal.calibration.report;

/**
 * One section of the report. A section decides from the data alone what it can show, and says in words what is
 * missing when it cannot (e.g. "no repeats in this calibration"), so a new kind of data is a new section or a new
 * branch of one, not a change to the page.
 */
interface ReportSection {
    /** The anchor id, unique in the page. */
    String id();

    /** The heading, also used in the table of contents. */
    String title();

    /** Writes the section's body (after its heading). */
    void render(ReportData data, Figures figures, Html html);
}
