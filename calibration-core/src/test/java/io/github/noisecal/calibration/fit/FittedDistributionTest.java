package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.junit.jupiter.api.Test;

class FittedDistributionTest {

    private static final List<List<Double>> SMALL_2X2 = List.of(List.of(1e-4, 0.0), List.of(0.0, 1e-4));

    @Provide
    Arbitrary<DistributionFamily> families() {
        return Arbitraries.of(DistributionFamily.class);
    }

    private static FittedDistribution typical(DistributionFamily family) {
        double[] p = Samples.typicalParameters(family);
        Map<String, Double> parameters = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) {
            parameters.put(family.parameterNames().get(i), p[i]);
        }
        List<List<Double>> covariance = p.length == 1 ? List.of(List.of(1e-2)) : SMALL_2X2;
        return FittedDistribution.of(family.key(), parameters, covariance);
    }

    @Property(tries = 200)
    void functionsAgreeWithCommonsStatistics(@ForAll("families") DistributionFamily family,
                                             @ForAll @DoubleRange(min = 0.01, max = 200) double t) {
        FittedDistribution model = typical(family);
        ContinuousDistribution reference = Samples.distribution(family, Samples.typicalParameters(family));
        assertEquals(reference.survivalProbability(t), model.survival(t), 1e-12 * reference.survivalProbability(t) + 1e-300);
        assertEquals(reference.cumulativeProbability(t), model.cdf(t), 1e-12);
        assertEquals(reference.logDensity(t), model.logDensity(t), 1e-12 * Math.abs(reference.logDensity(t)));
        assertEquals(reference.density(t), model.density(t), 1e-12 * reference.density(t));
        SurvivalBand band = model.survivalBand(t, 0.95);
        assertTrue(0 <= band.lower() && band.lower() <= band.estimate() && band.estimate() <= band.upper()
                && band.upper() <= 1, band.toString());
    }

    @Property(tries = 100)
    void inverseSurvivalInvertsSurvival(@ForAll("families") DistributionFamily family,
                                        @ForAll @DoubleRange(min = -6, max = -0.01) double log10p) {
        double p = Math.pow(10, log10p);
        FittedDistribution model = typical(family);
        assertEquals(p, model.survival(model.inverseSurvival(p)), 1e-9 * p);
    }

    @Test
    void survivalIsExactFarInTheUpperTail() {
        FittedDistribution weibull = typical(DistributionFamily.WEIBULL);
        // (1000/10)^0.8 = 100^0.8; 1 - cdf would round this to 0.
        assertEquals(Math.exp(-Math.pow(100, 0.8)), weibull.survival(1000), 1e-12 * Math.exp(-Math.pow(100, 0.8)));
        FittedDistribution lognormal = typical(DistributionFamily.LOGNORMAL);
        assertTrue(lognormal.survival(1e6) > 0);
    }

    @Test
    void edgesOfTheTimeAxis() {
        FittedDistribution model = typical(DistributionFamily.GAMMA);
        assertEquals(1, model.survival(0));
        assertEquals(0, model.cdf(-1));
        assertEquals(0, model.survival(Double.POSITIVE_INFINITY));
        assertEquals(new SurvivalBand(1, 1, 1), model.survivalBand(0, 0.95));
        assertThrows(IllegalArgumentException.class, () -> model.survival(Double.NaN));
    }

    @Test
    void parametersAndCovarianceComeBackInFixedOrder() {
        Map<String, Double> reversed = new LinkedHashMap<>();
        reversed.put("scale_ms", 3.0);
        reversed.put("shape", 2.5);
        FittedDistribution model = FittedDistribution.of("gamma", reversed, SMALL_2X2);
        assertEquals(List.of("shape", "scale_ms"), List.copyOf(model.parameters().keySet()));
        assertEquals(SMALL_2X2, model.covariance());
        assertEquals(DistributionFamily.GAMMA, model.family());
    }

    @Test
    void rejectsInvalidStoredValues() {
        Map<String, Double> weibull = Map.of("shape", 0.8, "scale_ms", 10.0);
        assertThrows(IllegalArgumentException.class, () -> FittedDistribution.of("pareto", weibull, SMALL_2X2));
        assertThrows(IllegalArgumentException.class,
                () -> FittedDistribution.of("weibull", Map.of("shape", 0.8), SMALL_2X2));
        assertThrows(IllegalArgumentException.class,
                () -> FittedDistribution.of("weibull", Map.of("shape", -0.8, "scale_ms", 10.0), SMALL_2X2));
        assertThrows(IllegalArgumentException.class,
                () -> FittedDistribution.of("weibull", weibull, List.of(List.of(1e-4))));
        assertThrows(IllegalArgumentException.class,
                () -> FittedDistribution.of("weibull", weibull, List.of(List.of(1e-4, 1.0), List.of(0.0, 1e-4))));
        assertThrows(IllegalArgumentException.class,
                () -> FittedDistribution.of("weibull", weibull, List.of(List.of(-1e-4, 0.0), List.of(0.0, 1e-4))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FittedDistribution.of("lognormal", Map.of("mu", 1.0, "sigma", 0.0), SMALL_2X2));
        assertTrue(e.getMessage().contains("sigma must be positive"), e.getMessage());
    }

    @Test
    void candidateFitKeepsParameterOrderAndRebuildsItsDistribution() {
        Samples.Censored sample = Samples.drawCensoring(Samples.distribution(DistributionFamily.LOGNORMAL, 2, 0.8), 300, 0.2, 3);
        CandidateFit.Fitted lognormal = Samples.fitted(Samples.fit(sample, 0), DistributionFamily.LOGNORMAL);
        assertEquals(List.of("mu", "sigma"), List.copyOf(lognormal.parameters().keySet()));
        FittedDistribution model = lognormal.distribution();
        assertEquals(lognormal.parameters(), model.parameters());
        assertEquals(lognormal.covariance(), model.covariance());
        assertThrows(UnsupportedOperationException.class, () -> lognormal.parameters().put("mu", 0.0));
    }
}
