package io.github.noisecal.calibration.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One rate of one tier compared between a baseline and a candidate calibration.
 *
 * @param tier                      the tier's name
 * @param rate                      which rate
 * @param baseline                  the baseline's counts
 * @param candidate                 the candidate's counts
 * @param difference                candidate minus baseline with Newcombe's interval at the options' level (not
 *                                  adjusted for multiplicity; the verdict is)
 * @param pValue                    two-sided p-value of "equal rates" from inverting that interval
 * @param adjustedPValue            {@code pValue} after Holm's adjustment across all comparisons
 * @param equivalencePValue         p-value of "within ±margin" (two one-sided tests)
 * @param adjustedEquivalencePValue {@code equivalencePValue} after Holm's adjustment across all comparisons
 * @param verdict                   worse or better when {@code adjustedPValue <= alpha}; otherwise same when
 *                                  {@code adjustedEquivalencePValue <= alpha}; otherwise inconclusive
 */
public record RateComparison(String tier, ComparedRate rate, ComparedProportion baseline,
                             ComparedProportion candidate, DifferenceInterval difference, double pValue,
                             double adjustedPValue, double equivalencePValue, double adjustedEquivalencePValue,
                             ComparisonVerdict verdict) {

    public RateComparison {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(difference, "difference");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** What is to be compared: one rate of one tier in both calibrations. */
    public record Request(String tier, ComparedRate rate, ComparedProportion baseline, ComparedProportion candidate) {
        public Request {
            Objects.requireNonNull(tier, "tier");
            Objects.requireNonNull(rate, "rate");
            Objects.requireNonNull(baseline, "baseline");
            Objects.requireNonNull(candidate, "candidate");
        }
    }

    /**
     * Compares every request and decides each verdict with Holm's correction across all of them: the chance of any
     * false "worse" or "better" is at most alpha = 1 - confidence, and so is the chance of any false "same".
     */
    public static List<RateComparison> decide(List<Request> requests, ComparisonOptions options) {
        Objects.requireNonNull(options, "options");
        int m = requests.size();
        double[] equal = new double[m];
        double[] equivalent = new double[m];
        for (int i = 0; i < m; i++) {
            Request r = requests.get(i);
            equal[i] = NewcombeInterval.pValueEqual(r.candidate(), r.baseline());
            equivalent[i] = NewcombeInterval.pValueEquivalent(r.candidate(), r.baseline(), options.margin());
        }
        double[] adjustedEqual = HolmAdjustment.adjust(equal);
        double[] adjustedEquivalent = HolmAdjustment.adjust(equivalent);
        double alpha = options.alpha();
        List<RateComparison> comparisons = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            Request r = requests.get(i);
            DifferenceInterval difference = NewcombeInterval.of(r.candidate(), r.baseline(), options.confidence());
            ComparisonVerdict verdict;
            if (adjustedEqual[i] <= alpha) {
                boolean higher = difference.estimate() > 0;
                verdict = higher == r.rate().higherIsWorse() ? ComparisonVerdict.WORSE : ComparisonVerdict.BETTER;
            } else if (adjustedEquivalent[i] <= alpha) {
                verdict = ComparisonVerdict.SAME;
            } else {
                verdict = ComparisonVerdict.INCONCLUSIVE;
            }
            comparisons.add(new RateComparison(r.tier(), r.rate(), r.baseline(), r.candidate(), difference, equal[i],
                    adjustedEqual[i], equivalent[i], adjustedEquivalent[i], verdict));
        }
        return List.copyOf(comparisons);
    }
}
