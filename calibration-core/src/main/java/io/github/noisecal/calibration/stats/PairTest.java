package io.github.noisecal.calibration.stats;

/**
 * A one-sided and two-sided test of "tier A has a higher timeout rate than tier B".
 */
public sealed interface PairTest permits McNemarMidP, FisherMidP {

    /** The test's identifier in reports, e.g. {@value McNemarMidP#NAME}. */
    String name();

    /** The test statistic; each implementation documents which. */
    double statistic();

    /** p-value against the alternative "A's rate &gt; B's rate", in [0, 1]. */
    double pValueOneSided();

    /** p-value against the alternative "the rates differ", in [0, 1]. */
    double pValueTwoSided();

    /** log10 of {@link #pValueOneSided()}, finite even where the p-value underflows to 0. */
    double log10PValueOneSided();

    /** log10 of {@link #pValueTwoSided()}, finite even where the p-value underflows to 0. */
    double log10PValueTwoSided();
}
