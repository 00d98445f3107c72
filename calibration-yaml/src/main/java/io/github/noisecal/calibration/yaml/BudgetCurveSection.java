package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.fit.AnswerBasis;
import io.github.noisecal.calibration.fit.BudgetCurve;
import io.github.noisecal.calibration.fit.BudgetPoint;
import io.github.noisecal.calibration.fit.CandidateFit;
import io.github.noisecal.calibration.fit.DurationDistributionFit;
import io.github.noisecal.calibration.yaml.SafeYaml.Flow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code calibrated_models.<TIER>.budget_curve}: the tier's timeout rate at other budgets, one point per line. Each
 * point says what it rests on ({@code basis}: observed, extrapolated, beyond_data, no_answer): the answer's columns
 * ({@code rate}, {@code lower}, {@code upper}) follow from it, and the model columns are the best family's, shown
 * beside as a model only. Intervals are pointwise.
 */
final class BudgetCurveSection {
    static final String KEY = "budget_curve";

    private static final String FAMILY = "family";
    private static final String AVERAGED_FAMILIES = "averaged_families";
    private static final String CALIBRATION_BUDGET_MS = "calibration_budget_ms";
    private static final String OBSERVED_UP_TO_MS = "observed_up_to_ms";
    private static final String EXTRAPOLATION_LIMIT = "extrapolation_limit";
    private static final String SAMPLES = "samples";
    private static final String CONFIDENCE = "confidence";
    private static final String NOTES = "notes";
    private static final String POINTS = "points";
    private static final List<String> FIELDS = List.of(FAMILY, AVERAGED_FAMILIES, CALIBRATION_BUDGET_MS,
            OBSERVED_UP_TO_MS, EXTRAPOLATION_LIMIT, SAMPLES, CONFIDENCE, NOTES, POINTS);

    private static final String BUDGET_MS = "budget_ms";
    private static final String BASIS = "basis";
    private static final String FACTOR = "factor";
    private static final String TIMEOUTS = "timeouts";
    private static final String RATE = "rate";
    private static final String LOWER = "lower";
    private static final String UPPER = "upper";
    private static final String MODEL_RATE = "model_rate";
    private static final String MODEL_LOWER = "model_lower";
    private static final String MODEL_UPPER = "model_upper";
    private static final List<String> POINT_FIELDS = List.of(BUDGET_MS, BASIS, FACTOR, TIMEOUTS, RATE, LOWER, UPPER,
            MODEL_RATE, MODEL_LOWER, MODEL_UPPER);

    private BudgetCurveSection() {
    }

    static Map<String, Object> write(BudgetCurve curve) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put(FAMILY, curve.family());
        yaml.put(AVERAGED_FAMILIES, new Flow(curve.averagedFamilies()));
        yaml.put(CALIBRATION_BUDGET_MS, curve.calibrationBudgetMs());
        yaml.put(OBSERVED_UP_TO_MS, curve.observedUpToMs());
        yaml.put(EXTRAPOLATION_LIMIT, curve.extrapolationLimit());
        yaml.put(SAMPLES, curve.samples());
        yaml.put(CONFIDENCE, curve.confidence());
        yaml.put(NOTES, curve.notes());
        List<Object> points = new ArrayList<>();
        for (BudgetPoint point : curve.points()) {
            if (point.sourceTier() != null || !point.notes().isEmpty()) {
                throw new IllegalArgumentException("a stored curve's points carry no source tier or notes: " + point);
            }
            Map<String, Object> pointYaml = new LinkedHashMap<>();
            pointYaml.put(BUDGET_MS, point.budgetMs());
            pointYaml.put(BASIS, point.basis().id());
            pointYaml.put(FACTOR, point.factor());
            pointYaml.put(TIMEOUTS, point.timeouts());
            pointYaml.put(RATE, point.rate());
            pointYaml.put(LOWER, point.lower());
            pointYaml.put(UPPER, point.upper());
            pointYaml.put(MODEL_RATE, point.modelRate());
            pointYaml.put(MODEL_LOWER, point.modelLower());
            pointYaml.put(MODEL_UPPER, point.modelUpper());
            points.add(new Flow(pointYaml));
        }
        yaml.put(POINTS, points);
        return yaml;
    }

    /** Reads the curve of a tier with duration fit {@code fit}. */
    static BudgetCurve read(YamlMapping yaml, DurationDistributionFit fit) {
        yaml.rejectUnknownKeys("field", FIELDS);
        String best = fit.best();
        String family = yaml.nullableString(FAMILY);
        if (!Objects.equals(family, best)) {
            throw yaml.invalid(FAMILY, YamlMapping.describe(family) + ", but duration_distribution.best is "
                    + YamlMapping.describe(best));
        }
        List<String> averaged = yaml.strings(AVERAGED_FAMILIES);
        for (int i = 0; i < averaged.size(); i++) {
            if (!(fit.candidates().get(averaged.get(i)) instanceof CandidateFit.Fitted)) {
                throw yaml.invalid(AVERAGED_FAMILIES + "[" + i + "]", YamlMapping.describe(averaged.get(i))
                        + " is not a fitted candidate");
            }
        }
        double calibrationBudgetMs = yaml.number(CALIBRATION_BUDGET_MS);
        if (!(calibrationBudgetMs > 0)) {
            throw yaml.invalid(CALIBRATION_BUDGET_MS, "must be positive, got " + calibrationBudgetMs);
        }
        double observedUpTo = yaml.number(OBSERVED_UP_TO_MS);
        if (!(observedUpTo >= 0 && observedUpTo <= calibrationBudgetMs)) {
            throw yaml.invalid(OBSERVED_UP_TO_MS, "must lie in [0, calibration_budget_ms], got " + observedUpTo);
        }
        double limit = yaml.number(EXTRAPOLATION_LIMIT);
        if (!(limit >= 1)) {
            throw yaml.invalid(EXTRAPOLATION_LIMIT, "must be at least 1, got " + limit);
        }
        long samples = yaml.integer(SAMPLES, 0, Integer.MAX_VALUE);
        double confidence = yaml.number(CONFIDENCE);
        if (!(confidence > 0 && confidence < 1)) {
            throw yaml.invalid(CONFIDENCE, "must lie in (0, 1), got " + confidence);
        }
        List<String> notes = yaml.strings(NOTES);
        List<BudgetPoint> points = new ArrayList<>();
        for (YamlMapping point : yaml.mappings(POINTS)) {
            points.add(readPoint(point, observedUpTo, samples, family != null));
        }
        return new BudgetCurve(family, averaged, calibrationBudgetMs, observedUpTo, limit, (int) samples, confidence,
                notes, points);
    }

    private static BudgetPoint readPoint(YamlMapping yaml, double observedUpTo, long samples, boolean modelled) {
        yaml.rejectUnknownKeys("field", POINT_FIELDS);
        double budgetMs = yaml.number(BUDGET_MS);
        if (!(budgetMs > 0)) {
            throw yaml.invalid(BUDGET_MS, "must be positive, got " + budgetMs);
        }
        AnswerBasis basis = yaml.build(BASIS, () -> AnswerBasis.fromId(yaml.string(BASIS)));
        if ((basis == AnswerBasis.OBSERVED) != (budgetMs <= observedUpTo)) {
            throw yaml.invalid(BASIS, basis.id() + ", but budget_ms " + budgetMs + (budgetMs <= observedUpTo
                    ? " lies within" : " lies beyond") + " observed_up_to_ms " + observedUpTo);
        }
        Double factor = yaml.nullableNumber(FACTOR);
        boolean beyond = basis == AnswerBasis.EXTRAPOLATED || basis == AnswerBasis.BEYOND_DATA;
        if (beyond != (factor != null)) {
            throw yaml.invalid(FACTOR, "is given exactly for points beyond the observed budget, got "
                    + YamlMapping.describe(factor) + " for basis " + basis.id());
        }
        Long timeouts = yaml.nullableInteger(TIMEOUTS, 0, samples);
        if (timeouts != null && basis != AnswerBasis.OBSERVED) {
            throw yaml.invalid(TIMEOUTS, "is given only for observed points, got " + timeouts);
        }
        Band answer = Band.read(yaml, RATE, LOWER, UPPER, basis != AnswerBasis.NO_ANSWER,
                basis == AnswerBasis.BEYOND_DATA, "the basis is " + basis.id());
        Band model = Band.read(yaml, MODEL_RATE, MODEL_LOWER, MODEL_UPPER, modelled, false,
                "the curve's family is null");
        return new BudgetPoint(budgetMs, basis, null, factor, timeouts, answer.rate(), answer.lower(), answer.upper(),
                model.rate(), model.lower(), model.upper(), List.of());
    }

    /** A rate with its confidence bounds: all three null, or lower ≤ rate ≤ upper within [0, 1]. */
    private record Band(Double rate, Double lower, Double upper) {

        /**
         * The band under the three keys; {@code present} says whether it must be there, {@code withoutRate} that
         * only its bounds are (beyond the data), {@code absentBecause} why it must not be.
         */
        static Band read(YamlMapping yaml, String rateKey, String lowerKey, String upperKey, boolean present,
                         boolean withoutRate, String absentBecause) {
            if (!present || withoutRate) {
                for (String key : present ? List.of(rateKey) : List.of(rateKey, lowerKey, upperKey)) {
                    Object value = yaml.value(key);
                    if (value != null) {
                        throw yaml.invalid(key, "must be null when " + absentBecause + ", got "
                                + YamlMapping.describe(value));
                    }
                }
                if (!present) {
                    return new Band(null, null, null);
                }
            }
            Double rate = withoutRate ? null : yaml.probability(rateKey);
            double lower = yaml.probability(lowerKey);
            double upper = yaml.probability(upperKey);
            if (lower > upper) {
                throw yaml.invalid(lowerKey, lower + " exceeds " + upperKey + " " + upper);
            }
            if (rate != null && lower > rate) {
                throw yaml.invalid(lowerKey, lower + " exceeds " + rateKey + " " + rate);
            }
            if (rate != null && upper < rate) {
                throw yaml.invalid(upperKey, upper + " is below " + rateKey + " " + rate);
            }
            return new Band(rate, lower, upper);
        }
    }
}
