package io.github.noisecal.calibration.compare;

/**
 * What a field of {@code calibration_metadata} says about a calibration, and so what a difference in it means to a
 * comparison. In the order a difference most directly explains a change of noise.
 */
public enum MetadataAspect {
    /** The backend and the verifier's version. */
    VERIFIER("verifier"),
    /** The machine: CPU, cores, memory, operating system, Java. */
    MACHINE("machine"),
    /** How hard the runs competed and stumbled: workers, the cores the process could use, harness retries. */
    CONDITIONS("run conditions"),
    /** Which runs were planned: plan id, seed, budgets and limits, samples, modules. */
    PLAN("plan"),
    /**
     * What the models' intervals mean: how they are computed and at what level, and the structure of the runs
     * behind them (repeats per module draw, independent or shared tier runs). The two models' intervals are not
     * like for like when one of these differs.
     */
    INTERVALS("what the intervals mean"),
    /** How the duration families' goodness of fit was tested: bootstrap replicates behind the KS p-values. */
    FIT("fit settings"),
    /** What a model was built from when it is not one plan's complete runs: missing samples, pooled plans. */
    INPUTS("what the model was built from"),
    /** The noisecal version that made the model. */
    TOOL("noisecal version"),
    /**
     * Shown for context, not counted as a difference: the load average when a calibration started is one snapshot
     * of a machine shared with other work, and differs between any two runs.
     */
    CONTEXT("context only");

    private final String label;

    MetadataAspect(String label) {
        this.label = label;
    }

    /** How output names the aspect, e.g. {@code what the intervals mean}. */
    public String label() {
        return label;
    }

    /** The aspect's name in JSON output, e.g. {@code intervals}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether a difference in it counts as a metadata difference (all but {@link #CONTEXT}). */
    public boolean counted() {
        return this != CONTEXT;
    }

    /** Whether a difference in it means the two models' own intervals are not like for like. */
    public boolean changesIntervalMeaning() {
        return this == INTERVALS;
    }
}
