package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.fit.BudgetCurve;
import io.github.noisecal.calibration.fit.BudgetPoint;
import io.github.noisecal.calibration.yaml.SafeYaml.Flow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code calibrated_models.<TIER>.budget_curve}: the tier's timeout rate at other budgets, one point per line. A
 * point's empirical columns are all present or all null, and so are its model columns, which come from the tier's
 * best fitted family.
 */
final class BudgetCurveSection {
    static final String KEY = "budget_curve";

    private static final String FAMILY = "family";
    private static final String CALIBRATION_BUDGET_MS = "calibration_budget_ms";
    private static final String SAMPLES = "samples";
    private static final String CONFIDENCE = "confidence";
    private static final String POINTS = "points";
    private static final List<String> FIELDS = List.of(FAMILY, CALIBRATION_BUDGET_MS, SAMPLES, CONFIDENCE, POINTS);

    private static final String BUDGET_MS = "budget_ms";
    private static final String EXTRAPOLATED = "extrapolated";
    private static final String TIMEOUTS = "timeouts";
    private static final String EMPIRICAL_RATE = "empirical_rate";
    private static final String EMPIRICAL_LOWER = "empirical_lower";
    private static final String EMPIRICAL_UPPER = "empirical_upper";
    private static final String MODEL_RATE = "model_rate";
    private static final String MODEL_LOWER = "model_lower";
    private static final String MODEL_UPPER = "model_upper";
    private static final List<String> POINT_FIELDS = List.of(BUDGET_MS, EXTRAPOLATED, TIMEOUTS, EMPIRICAL_RATE,
            EMPIRICAL_LOWER, EMPIRICAL_UPPER, MODEL_RATE, MODEL_LOWER, MODEL_UPPER);

    private BudgetCurveSection() {
    }

    static Map<String, Object> write(BudgetCurve curve) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put(FAMILY, curve.family());
        yaml.put(CALIBRATION_BUDGET_MS, curve.calibrationBudgetMs());
        yaml.put(SAMPLES, curve.samples());
        yaml.put(CONFIDENCE, curve.confidence());
        List<Object> points = new ArrayList<>();
        for (BudgetPoint point : curve.points()) {
            Map<String, Object> pointYaml = new LinkedHashMap<>();
            pointYaml.put(BUDGET_MS, point.budgetMs());
            pointYaml.put(EXTRAPOLATED, point.extrapolated());
            pointYaml.put(TIMEOUTS, point.timeouts());
            pointYaml.put(EMPIRICAL_RATE, point.empiricalRate());
            pointYaml.put(EMPIRICAL_LOWER, point.empiricalLower());
            pointYaml.put(EMPIRICAL_UPPER, point.empiricalUpper());
            pointYaml.put(MODEL_RATE, point.modelRate());
            pointYaml.put(MODEL_LOWER, point.modelLower());
            pointYaml.put(MODEL_UPPER, point.modelUpper());
            points.add(new Flow(pointYaml));
        }
        yaml.put(POINTS, points);
        return yaml;
    }

    /** Reads the curve of a tier whose best fitted family is {@code best} (null when none was fitted). */
    static BudgetCurve read(YamlMapping yaml, String best) {
        yaml.rejectUnknownKeys("field", FIELDS);
        String family = yaml.nullableString(FAMILY);
        if (!Objects.equals(family, best)) {
            throw yaml.invalid(FAMILY, YamlMapping.describe(family) + ", but duration_distribution.best is "
                    + YamlMapping.describe(best));
        }
        double calibrationBudgetMs = yaml.number(CALIBRATION_BUDGET_MS);
        if (!(calibrationBudgetMs > 0)) {
            throw yaml.invalid(CALIBRATION_BUDGET_MS, "must be positive, got " + calibrationBudgetMs);
        }
        long samples = yaml.integer(SAMPLES, 0, Integer.MAX_VALUE);
        double confidence = yaml.number(CONFIDENCE);
        if (!(confidence > 0 && confidence < 1)) {
            throw yaml.invalid(CONFIDENCE, "must lie in (0, 1), got " + confidence);
        }
        List<BudgetPoint> points = new ArrayList<>();
        for (YamlMapping point : yaml.mappings(POINTS)) {
            points.add(readPoint(point, calibrationBudgetMs, samples, family != null));
        }
        return new BudgetCurve(family, calibrationBudgetMs, (int) samples, confidence, points);
    }

    private static BudgetPoint readPoint(YamlMapping yaml, double calibrationBudgetMs, long samples,
                                         boolean modelled) {
        yaml.rejectUnknownKeys("field", POINT_FIELDS);
        double budgetMs = yaml.number(BUDGET_MS);
        if (!(budgetMs > 0)) {
            throw yaml.invalid(BUDGET_MS, "must be positive, got " + budgetMs);
        }
        boolean extrapolated = yaml.bool(EXTRAPOLATED);
        if (extrapolated != budgetMs > calibrationBudgetMs) {
            throw yaml.invalid(EXTRAPOLATED, extrapolated + ", but budget_ms " + budgetMs
                    + (extrapolated ? " does not exceed" : " exceeds") + " calibration_budget_ms "
                    + calibrationBudgetMs);
        }
        Long timeouts = yaml.nullableInteger(TIMEOUTS, 0, samples);
        Band empirical = Band.read(yaml, EMPIRICAL_RATE, EMPIRICAL_LOWER, EMPIRICAL_UPPER, timeouts != null,
                "timeouts is null");
        Band model = Band.read(yaml, MODEL_RATE, MODEL_LOWER, MODEL_UPPER, modelled, "the curve's family is null");
        return new BudgetPoint(budgetMs, extrapolated, timeouts, empirical.rate(), empirical.lower(),
                empirical.upper(), model.rate(), model.lower(), model.upper());
    }

    /** A rate with its confidence bounds: all three null, or lower ≤ rate ≤ upper within [0, 1]. */
    private record Band(Double rate, Double lower, Double upper) {

        /**
         * The band under the three keys; {@code present} says whether it must be there, {@code absentBecause}
         * why it must not be.
         */
        static Band read(YamlMapping yaml, String rateKey, String lowerKey, String upperKey, boolean present,
                         String absentBecause) {
            if (!present) {
                for (String key : List.of(rateKey, lowerKey, upperKey)) {
                    Object value = yaml.value(key);
                    if (value != null) {
                        throw yaml.invalid(key, "must be null when " + absentBecause + ", got "
                                + YamlMapping.describe(value));
                    }
                }
                return new Band(null, null, null);
            }
            double rate = yaml.probability(rateKey);
            double lower = yaml.probability(lowerKey);
            double upper = yaml.probability(upperKey);
            if (lower > rate) {
                throw yaml.invalid(lowerKey, lower + " exceeds " + rateKey + " " + rate);
            }
            if (upper < rate) {
                throw yaml.invalid(upperKey, upper + " is below " + rateKey + " " + rate);
            }
            return new Band(rate, lower, upper);
        }
    }
}
