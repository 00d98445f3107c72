package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.stats.RateEstimate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

/**
 * A budget answer and the ends of its interval follow the rate curve {@link TimeoutBudgets#rateAt} answers: each is
 * the first budget where the rate, its lower or its upper bound reaches the target, whatever the families'
 * goodness-of-fit flags. Before the fix, the optimistic end of an extrapolated answer came out 0 s whenever the
 * runs' lower bound reached the target inside them: the families' envelope, constant below the largest observed
 * budget, was searched down to 0 and then preferred to the runs'.
 */
class BudgetIntervalEndsTest {

    private static final double FAST = 30;
    private static final double BALANCED = 60;
    /** Weibull durations, about 10 % beyond 30 ms and 4 % beyond 60 ms. */
    private static final Samples.Censored UNCENSORED =
            Samples.draw(Samples.distribution(DistributionFamily.WEIBULL, 0.9, 12), 1500, Double.POSITIVE_INFINITY, 77);
    private static final Samples.Censored FAST_RUNS = censor(UNCENSORED, FAST);
    private static final DurationDistributionFit FAST_FIT = Samples.fit(FAST_RUNS, 0);
    /** Another tier with the same limits: its own runs (as with independent tier runs), killed at 60 ms. */
    private static final Samples.Censored BALANCED_RUNS =
            Samples.draw(Samples.distribution(DistributionFamily.WEIBULL, 0.9, 12), 800, BALANCED, 1);
    private static final DurationDistributionFit BALANCED_FIT = Samples.fit(BALANCED_RUNS, 0);
    /** The same runs as FAST's, killed at 60 ms (as with shared tier runs, or the physical mock). */
    private static final DurationDistributionFit PAIRED_FIT = Samples.fit(censor(UNCENSORED, BALANCED), 0);
    /**
     * FAST's runs as 100 modules of 15 runs, most of a module's runs of similar length (a slow module is slow again):
     * the clustering is strong and changes from one budget to the next, so the clustered bounds need not be
     * monotone in the budget.
     */
    private static final DurationDistributionFit CLUSTERED_FIT = withModules(FAST_FIT, FAST_RUNS,
            clusteredModules(FAST_RUNS, 100, 5));

    /** Goodness-of-fit flags forced on every family: each must leave the interval's ends where the runs put them. */
    enum Verdict {
        PASSING(new BootstrapPValue(100, 200)),
        UNDECIDED(new BootstrapPValue(11, 200)),
        REJECTED(new BootstrapPValue(0, 200)),
        UNTESTED(null);

        final BootstrapPValue pValue;

        Verdict(BootstrapPValue pValue) {
            this.pValue = pValue;
        }
    }

    /**
     * The models the properties run on: one tier alone, beside a tier with identical limits, and alone with runs
     * that repeat modules.
     */
    enum Setting {
        ALONE, INDEPENDENT_RUNS, PAIRED_RUNS, CLUSTERED
    }

    /** The fit with its observations replaced by the same runs with their modules. */
    static DurationDistributionFit withModules(DurationDistributionFit fit, Samples.Censored runs, int[] moduleOf) {
        int modules = java.util.Arrays.stream(moduleOf).max().orElse(0) + 1;
        return new DurationDistributionFit(fit.best(), fit.tieWith(), fit.nEvents(), fit.nCensored(),
                fit.censoredAtMs(), fit.resolutionMs(), fit.instantEnds(), fit.ksSampleSize(),
                ObservedDurations.of(runs.durations(), runs.censored(), moduleOf, modules), fit.candidates());
    }

    /**
     * Modules of equal size by the runs' rank in length, all but one run in {@code mixEvery} (which goes to a random
     * module): seeded.
     */
    static int[] clusteredModules(Samples.Censored runs, int modules, int mixEvery) {
        int n = runs.durations().length;
        Integer[] byLength = new Integer[n];
        for (int i = 0; i < n; i++) {
            byLength[i] = i;
        }
        java.util.Arrays.sort(byLength, java.util.Comparator.comparingDouble(i -> runs.censored()[i]
                ? Double.POSITIVE_INFINITY : runs.durations()[i]));
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int[] moduleOf = new int[n];
        for (int rank = 0; rank < n; rank++) {
            moduleOf[byLength[rank]] = rank % mixEvery == 0 ? random.nextInt(modules) : rank * modules / n;
        }
        return moduleOf;
    }

    private static Samples.Censored censor(Samples.Censored sample, double budget) {
        double[] durations = new double[sample.durations().length];
        boolean[] censored = new boolean[durations.length];
        for (int i = 0; i < durations.length; i++) {
            censored[i] = sample.durations()[i] > budget;
            durations[i] = Math.min(sample.durations()[i], budget);
        }
        return new Samples.Censored(durations, censored);
    }

    /** The fit with every fitted family's bootstrap verdict replaced. */
    static DurationDistributionFit withVerdict(DurationDistributionFit fit, Verdict verdict) {
        Map<String, CandidateFit> candidates = new LinkedHashMap<>();
        fit.candidates().forEach((key, candidate) -> candidates.put(key, candidate instanceof CandidateFit.Fitted f
                ? new CandidateFit.Fitted(f.family(), f.parameters(), f.logLikelihood(), f.aic(), f.aicc(), f.bic(),
                f.deltaAic(), f.weight(), f.ksStatistic(), verdict.pValue, f.covariance())
                : candidate));
        return new DurationDistributionFit(fit.best(), fit.tieWith(), fit.nEvents(), fit.nCensored(),
                fit.censoredAtMs(), fit.resolutionMs(), fit.instantEnds(), fit.ksSampleSize(), fit.observed(),
                candidates);
    }

    private static List<TimeoutBudgets.Evidence> model(Setting setting, Verdict verdict) {
        TimeoutBudgets.Evidence fast = Samples.evidence("FAST", FAST, withVerdict(FAST_FIT, verdict));
        return switch (setting) {
            case ALONE -> List.of(fast);
            case INDEPENDENT_RUNS -> List.of(fast, Samples.evidence("BALANCED", BALANCED,
                    withVerdict(BALANCED_FIT, verdict)));
            case PAIRED_RUNS -> List.of(fast, Samples.evidence("BALANCED", BALANCED,
                    withVerdict(PAIRED_FIT, verdict)));
            case CLUSTERED -> List.of(Samples.evidence("FAST", FAST, withVerdict(CLUSTERED_FIT, verdict)));
        };
    }

    /** rateAt at every budget where its answer inside the runs can change: each run's end and just past each reach. */
    record Curve(List<BudgetPoint> points, double reach) {
        /** The first of these budgets where the rate, lower or upper bound (0, 1, 2) is at most the target. */
        Double first(int bound, double target) {
            for (BudgetPoint point : points) {
                double value = bound == 0 ? point.rate() : bound == 1 ? point.lower() : point.upper();
                if (value <= target) {
                    return point.budgetMs();
                }
            }
            return null;
        }
    }

    private static final Map<String, Curve> CURVES = new ConcurrentHashMap<>();

    private static Curve curve(Setting setting, Verdict verdict) {
        return CURVES.computeIfAbsent(setting + "/" + verdict, key -> {
            List<TimeoutBudgets.Evidence> model = model(setting, verdict);
            TreeSet<Double> budgets = new TreeSet<>();
            double reach = 0;
            for (TimeoutBudgets.Evidence tier : model) {
                for (double t : tier.fit().observed().eventTimesMs()) {
                    if (t > 0 && t <= tier.observedUpToMs()) {
                        budgets.add(t);
                    }
                }
                budgets.add(Math.nextUp(tier.observedUpToMs()));
                reach = Math.max(reach, tier.observedUpToMs());
            }
            List<BudgetPoint> points = new ArrayList<>();
            for (double b : budgets.headSet(reach, true)) {
                BudgetPoint point = TimeoutBudgets.rateAt(model.get(0), model, b);
                assertEquals(AnswerBasis.OBSERVED, point.basis());
                points.add(point);
            }
            return new Curve(points, reach);
        });
    }

    @Test
    void theForcedVerdictsAreWhatTheyClaim() {
        assertEquals(BootstrapPValue.Decision.NOT_REJECTED, Verdict.PASSING.pValue.decide(0.05));
        assertEquals(BootstrapPValue.Decision.UNDECIDED, Verdict.UNDECIDED.pValue.decide(0.05));
        assertEquals(BootstrapPValue.Decision.REJECTED, Verdict.REJECTED.pValue.decide(0.05));
    }

    /**
     * The case: at the largest observed budget the runs' rate is above the target but their interval's
     * lower bound is below it. The answer is extrapolated; its optimistic end is the first run's end where the
     * runs' lower bound reaches the target, never earlier (it was 0 s).
     */
    @Test
    void theOptimisticEndIsWhereTheRunsLowerBoundReachesTheTargetWhateverTheFlags() {
        int n = FAST_RUNS.durations().length;
        long beyond = Samples.exceeding(FAST_RUNS, FAST);
        double lowerAtBudget = RateEstimate.wilson(beyond, n, 0.95).lower();
        double target = (lowerAtBudget + (double) beyond / n) / 2;
        // Independently of the code under test: the first run's end where the Wilson lower bound reaches the target.
        double first = Double.NaN;
        for (double t : new TreeSet<>(java.util.Arrays.stream(FAST_RUNS.durations()).boxed().toList())) {
            if (RateEstimate.wilson(Samples.exceeding(FAST_RUNS, t), n, 0.95).lower() <= target) {
                first = t;
                break;
            }
        }
        assertTrue(first > FAST / 2 && first < FAST, "the runs' lower bound reaches the target late: " + first);
        for (Verdict verdict : Verdict.values()) {
            List<TimeoutBudgets.Evidence> model = model(Setting.ALONE, verdict);
            BudgetAnswer answer = TimeoutBudgets.budgetFor(model.get(0), model, target);
            assertTrue(answer.basis() == AnswerBasis.EXTRAPOLATED || answer.basis() == AnswerBasis.BEYOND_DATA,
                    verdict + ": " + answer);
            assertEquals(Double.valueOf(first), answer.budgetLowerMs(), verdict + ": " + answer);
            if (answer.budgetMs() != null) {
                assertTrue(answer.budgetMs() > FAST, verdict + ": " + answer);
            }
            if (answer.budgetUpperMs() != null) {
                assertTrue(answer.budgetUpperMs() > FAST, verdict + ": " + answer);
            }
        }
    }

    /**
     * When the runs' lower bound stays above the target up to the largest observed budget, the optimistic end lies
     * beyond it. With every family rejected the interval beyond is [0, the runs' upper bound]: the lower end is
     * reached just past the runs, not at 0.
     */
    @Test
    void whenTheRunsLowerBoundStaysAboveTheTargetTheOptimisticEndLiesBeyondThem() {
        int n = FAST_RUNS.durations().length;
        double target = RateEstimate.wilson(Samples.exceeding(FAST_RUNS, FAST), n, 0.95).lower() / 2;
        for (Verdict verdict : Verdict.values()) {
            List<TimeoutBudgets.Evidence> model = model(Setting.ALONE, verdict);
            BudgetAnswer answer = TimeoutBudgets.budgetFor(model.get(0), model, target);
            assertNotNull(answer.budgetLowerMs(), verdict + ": " + answer);
            assertTrue(answer.budgetLowerMs() > FAST, verdict + ": " + answer);
            if (verdict == Verdict.REJECTED) {
                assertEquals(Math.nextUp(FAST), answer.budgetLowerMs(), answer.toString());
                assertEquals(0, TimeoutBudgets.rateAt(model.get(0), model, answer.budgetLowerMs()).lower());
            }
        }
    }

    /**
     * Independent runs of a tier with identical limits disagree a little with the tier's own: here BALANCED's runs
     * show fewer timeouts at 30 ms than FAST's. A target between the two is reached, on the curve rateAt answers,
     * only just past 30 ms where BALANCED's runs take over: not earlier from BALANCED's runs, where FAST's own say
     * otherwise (it was answered at the budget BALANCED's runs alone gave, below 30 ms).
     */
    @Test
    void aTierWithIdenticalLimitsAnswersOnlyWhereItsRunsAnswerTheRate() {
        double fastAt30 = (double) Samples.exceeding(FAST_RUNS, FAST) / FAST_RUNS.durations().length;
        double balancedAt30 = (double) Samples.exceeding(BALANCED_RUNS, FAST) / BALANCED_RUNS.durations().length;
        assertTrue(balancedAt30 < fastAt30, balancedAt30 + " / " + fastAt30);
        double target = (balancedAt30 + fastAt30) / 2;
        for (Verdict verdict : Verdict.values()) {
            List<TimeoutBudgets.Evidence> model = model(Setting.INDEPENDENT_RUNS, verdict);
            BudgetAnswer answer = TimeoutBudgets.budgetFor(model.get(0), model, target);
            assertEquals(AnswerBasis.OBSERVED, answer.basis(), answer.toString());
            assertEquals("BALANCED", answer.sourceTier());
            assertEquals(Math.nextUp(FAST), answer.budgetMs(), answer.toString());
            assertTrue(TimeoutBudgets.rateAt(model.get(0), model, FAST).rate() > target);
            assertTrue(TimeoutBudgets.rateAt(model.get(0), model, answer.budgetMs()).rate() <= target);
            assertTrue(answer.notes().get(1).startsWith("just past 0.03 s: up to there FAST's runs answer"), answer.notes().toString());
        }
    }

    /**
     * The clustered setting is what it claims: intervals over proofs wider than over the runs, and bounds that are
     * not monotone in the budget somewhere, so that a bisection could miss the first crossing the search must find.
     */
    @Test
    void theClusteredRunsClusterAndTheirBoundsAreNotMonotone() {
        List<TimeoutBudgets.Evidence> model = model(Setting.CLUSTERED, Verdict.PASSING);
        List<BudgetPoint> points = curve(Setting.CLUSTERED, Verdict.PASSING).points();
        int rising = 0;
        for (int i = 1; i < points.size(); i++) {
            rising += points.get(i).lower() > points.get(i - 1).lower() ? 1 : 0;
            rising += points.get(i).upper() > points.get(i - 1).upper() ? 1 : 0;
        }
        assertTrue(rising > 0, "the clustered bounds rise somewhere as the budget grows");
        int n = FAST_RUNS.durations().length;
        BudgetPoint atBudget = TimeoutBudgets.rateAt(model.get(0), model, FAST);
        RateEstimate overRuns = RateEstimate.wilson(atBudget.timeouts(), n, 0.95);
        assertTrue(atBudget.lower() < overRuns.lower() && atBudget.upper() > overRuns.upper(), atBudget.toString());
        assertTrue(atBudget.notes().stream().anyMatch(note -> note.startsWith("interval over proofs: 1500 runs of 100"
                + " modules, clustered by module (design effect ")), atBudget.notes().toString());
    }

    /**
     * Where a clustered bound rises again after reaching a target, the interval's end is still the first budget it
     * reaches it at: targets at every such dip, against the curve rateAt answers (a bisection, right for monotone
     * bounds, lands on a later crossing for some of them).
     */
    @Test
    void theEndsAreTheFirstCrossingsWhereClusteredBoundsRiseAgain() {
        List<TimeoutBudgets.Evidence> model = model(Setting.CLUSTERED, Verdict.PASSING);
        Curve curve = curve(Setting.CLUSTERED, Verdict.PASSING);
        List<BudgetPoint> points = curve.points();
        int checked = 0;
        for (int i = 0; i + 1 < points.size(); i++) {
            for (int bound : new int[] {1, 2}) {
                double here = bound == 1 ? points.get(i).lower() : points.get(i).upper();
                double next = bound == 1 ? points.get(i + 1).lower() : points.get(i + 1).upper();
                if (next > here && here > 0) {
                    BudgetAnswer answer = TimeoutBudgets.budgetFor(model.get(0), model, here);
                    Double expected = curve.first(bound, here);
                    assertEquals(expected, bound == 1 ? answer.budgetLowerMs() : answer.budgetUpperMs(),
                            "bound " + bound + " at " + here + ": " + answer);
                    checked++;
                }
            }
        }
        assertTrue(checked >= 5, "dips checked: " + checked);
    }

    /**
     * When every module ran once nothing clusters: every answer, inside the runs and beyond, is the one over the
     * runs, to the bit (the observations without modules answer as budget did before it clustered).
     */
    @Test
    void whenEveryModuleRanOnceEveryAnswerIsTheOneOverTheRunsToTheBit() {
        int n = FAST_RUNS.durations().length;
        int[] own = java.util.stream.IntStream.range(0, n).toArray();
        DurationDistributionFit singletons = withModules(FAST_FIT, FAST_RUNS, own);
        assertTrue(singletons.observed().byModule().allSingletons());
        TimeoutBudgets.Evidence plain = Samples.evidence("FAST", FAST, FAST_FIT);
        TimeoutBudgets.Evidence once = Samples.evidence("FAST", FAST, singletons);
        TreeSet<Double> budgets = new TreeSet<>(TimeoutBudgets.defaultGrid(FAST));
        for (double t : FAST_FIT.observed().eventTimesMs()) {
            budgets.add(t);
        }
        budgets.add(3 * FAST);
        for (double b : budgets) {
            BudgetPoint expected = TimeoutBudgets.rateAt(plain, List.of(plain), b);
            BudgetPoint actual = TimeoutBudgets.rateAt(once, List.of(once), b);
            assertEquals(java.util.Arrays.asList(expected.rate(), expected.lower(), expected.upper(),
                    expected.modelRate()), java.util.Arrays.asList(actual.rate(), actual.lower(), actual.upper(),
                    actual.modelRate()), "at " + b);
        }
        for (double target : new double[] {0.01, 0.05, 0.08, 0.1, 0.2, 0.5}) {
            BudgetAnswer expected = TimeoutBudgets.budgetFor(plain, List.of(plain), target);
            BudgetAnswer actual = TimeoutBudgets.budgetFor(once, List.of(once), target);
            assertEquals(java.util.Arrays.asList(expected.budgetMs(), expected.budgetLowerMs(),
                    expected.budgetUpperMs()), java.util.Arrays.asList(actual.budgetMs(), actual.budgetLowerMs(),
                    actual.budgetUpperMs()), "for " + target);
        }
    }

    /**
     * For any target, the answer and both ends are where rateAt's rate and bounds first reach it: inside the runs
     * exactly (at the same budgets), beyond them by the families' curves; the ends bracket the answer.
     */
    @Property(tries = 150)
    void answersAndEndsFollowTheCurveRateAtGives(@ForAll @DoubleRange(min = 0.001, max = 0.6) @Scale(5) double target,
                                                 @ForAll Verdict verdict, @ForAll Setting setting) {
        List<TimeoutBudgets.Evidence> model = model(setting, verdict);
        TimeoutBudgets.Evidence tier = model.get(0);
        Curve curve = curve(setting, verdict);
        BudgetAnswer answer = TimeoutBudgets.budgetFor(tier, model, target);
        String context = setting + ", " + verdict + ", target " + target + ": " + answer;
        Double rate = curve.first(0, target);
        Double lower = curve.first(1, target);
        Double upper = curve.first(2, target);
        if (lower != null) {
            assertEquals(lower, answer.budgetLowerMs(), context);
        } else if (answer.budgetLowerMs() != null) {
            assertTrue(answer.budgetLowerMs() > curve.reach(), context);
            BudgetPoint there = TimeoutBudgets.rateAt(tier, model, answer.budgetLowerMs() * (1 + 1e-9));
            assertTrue(there.lower() <= target + 1e-9, context + " / " + there);
        }
        if (rate != null) {
            assertEquals(AnswerBasis.OBSERVED, answer.basis(), context);
            assertEquals(rate, answer.budgetMs(), context);
            assertTrue(TimeoutBudgets.rateAt(tier, model, answer.budgetMs()).rate() <= target, context);
            assertEquals(upper, answer.budgetUpperMs(), context);
            assertNull(answer.factor(), context);
        } else {
            assertTrue(answer.basis() == AnswerBasis.EXTRAPOLATED || answer.basis() == AnswerBasis.BEYOND_DATA,
                    context);
            assertNull(upper, context);
            if (answer.basis() == AnswerBasis.EXTRAPOLATED) {
                assertTrue(answer.budgetMs() > curve.reach(), context);
                assertEquals(target, TimeoutBudgets.rateAt(tier, model, answer.budgetMs()).rate(), 1e-6 * target,
                        context);
            }
            if (answer.budgetUpperMs() != null) {
                assertTrue(answer.budgetUpperMs() > curve.reach(), context);
                BudgetPoint there = TimeoutBudgets.rateAt(tier, model, answer.budgetUpperMs() * (1 + 1e-9));
                assertTrue(there.upper() <= target + 1e-9, context + " / " + there);
            }
        }
        if (answer.budgetMs() != null) {
            assertTrue(answer.budgetLowerMs() <= answer.budgetMs(), context);
            assertTrue(answer.budgetUpperMs() == null || answer.budgetUpperMs() >= answer.budgetMs(), context);
        }
    }

    /** A stricter target never gets a shorter budget, nor a shorter end of its interval. */
    @Property(tries = 100)
    void aStricterTargetNeverGetsAShorterBudget(@ForAll @DoubleRange(min = 0.001, max = 0.6) @Scale(5) double a,
                                                @ForAll @DoubleRange(min = 0.001, max = 0.6) @Scale(5) double b,
                                                @ForAll Verdict verdict, @ForAll Setting setting) {
        List<TimeoutBudgets.Evidence> model = model(setting, verdict);
        double reach = curve(setting, verdict).reach();
        BudgetAnswer strict = TimeoutBudgets.budgetFor(model.get(0), model, Math.min(a, b));
        BudgetAnswer loose = TimeoutBudgets.budgetFor(model.get(0), model, Math.max(a, b));
        String context = setting + ", " + verdict + ": " + strict + " / " + loose;
        assertTrue(notShorter(strict.budgetLowerMs(), loose.budgetLowerMs(), reach), context);
        assertTrue(notShorter(strict.budgetMs(), loose.budgetMs(), reach), context);
        assertTrue(notShorter(strict.budgetUpperMs(), loose.budgetUpperMs(), reach), context);
    }

    /**
     * Whether {@code strict} is no shorter than {@code loose}; null is "not within the search" for an end beyond the
     * runs, and for an observed answer's cautious end "beyond the runs", which any budget past the reach respects.
     */
    private static boolean notShorter(Double strict, Double loose, double reach) {
        if (strict == null) {
            return true;
        }
        if (loose == null) {
            return strict > reach;
        }
        return strict >= loose;
    }
}
