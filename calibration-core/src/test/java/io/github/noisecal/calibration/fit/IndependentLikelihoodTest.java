package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The fitter's likelihoods and maxima checked against a second, independent implementation: the censored
 * log-likelihood summed sample by sample from commons-statistics densities and survival functions, maximised
 * by commons-math3's own optimisers.
 */
class IndependentLikelihoodTest {

    @Test
    void censoredExponentialClosedFormEqualsDirectMaximisation() {
        Samples.Censored sample = Samples.draw(Samples.distribution(DistributionFamily.EXPONENTIAL, 40), 500, 60, 3);
        assertTrue(sample.censoredCount() > 50, "needs real censoring");

        DurationDistributionFit fit = Samples.fit(sample, 0);
        UnivariatePointValuePair direct = new BrentOptimizer(1e-12, 1e-12).optimize(new MaxEval(10_000),
                GoalType.MAXIMIZE, new SearchInterval(1, 1000),
                new UnivariateObjectiveFunction(mean -> Samples.independentLogLikelihood(
                        Samples.distribution(DistributionFamily.EXPONENTIAL, mean), sample, fit.instantEnds())));

        CandidateFit.Fitted fitted = Samples.fitted(fit, DistributionFamily.EXPONENTIAL);
        assertEquals(direct.getPoint(), fitted.parameters().get("mean_ms"), 1e-6 * direct.getPoint());
        assertEquals(direct.getValue(), fitted.logLikelihood(), 1e-9 * Math.abs(direct.getValue()));
    }

    @ParameterizedTest
    @EnumSource(DistributionFamily.class)
    void reportedLogLikelihoodIsTheCensoredLikelihoodAtTheReportedParameters(DistributionFamily family) {
        Samples.Censored sample = Samples.drawCensoring(
                Samples.distribution(DistributionFamily.LOGNORMAL, 2, 1), 400, 0.2, 11 + family.ordinal());
        DurationDistributionFit fit = Samples.fit(sample, 0);
        CandidateFit.Fitted fitted = Samples.fitted(fit, family);
        double independent = Samples.independentLogLikelihood(
                Samples.distribution(family, Samples.values(fitted)), sample, fit.instantEnds());
        assertEquals(independent, fitted.logLikelihood(), 1e-10 * Math.abs(independent));
    }

    @ParameterizedTest
    @EnumSource(value = DistributionFamily.class, names = {"GAMMA", "LOGNORMAL", "WEIBULL"})
    void twoParameterFitsMatchNelderMeadOnTheIndependentLikelihood(DistributionFamily family) {
        Samples.Censored sample = Samples.drawCensoring(
                Samples.distribution(family, Samples.typicalParameters(family)), 800, 0.25, 5);
        DurationDistributionFit fit = Samples.fit(sample, 0);
        CandidateFit.Fitted fitted = Samples.fitted(fit, family);
        double[] ours = Samples.values(fitted);

        // Optimise over (ln shape, ln scale), or (mu, ln sigma), from a start well away from the answer.
        boolean lognormal = family == DistributionFamily.LOGNORMAL;
        MultivariateFunction objective = x -> {
            double first = lognormal ? x[0] : Math.exp(x[0]);
            double value = Samples.independentLogLikelihood(Samples.distribution(family, first, Math.exp(x[1])), sample,
                    fit.instantEnds());
            return Double.isNaN(value) ? Double.NEGATIVE_INFINITY : value;
        };
        double[] start = lognormal ? new double[] {ours[0] + 0.5, Math.log(ours[1]) - 0.3}
                : new double[] {Math.log(ours[0]) + 0.3, Math.log(ours[1]) - 0.3};
        PointValuePair direct = new SimplexOptimizer(1e-14, 1e-14).optimize(new MaxEval(20_000),
                new ObjectiveFunction(objective), GoalType.MAXIMIZE, new InitialGuess(start),
                new NelderMeadSimplex(2));

        double[] point = direct.getPoint();
        double first = lognormal ? point[0] : Math.exp(point[0]);
        assertEquals(first, ours[0], 1e-5 * Math.max(1, Math.abs(first)), family.key() + " first parameter");
        assertEquals(Math.exp(point[1]), ours[1], 1e-5 * Math.exp(point[1]), family.key() + " second parameter");
        assertTrue(fitted.logLikelihood() >= direct.getValue() - 1e-9 * Math.abs(direct.getValue()),
                "the fitter's maximum is at least as high as Nelder-Mead's");
    }

    @Test
    void heterogeneousCensoringTimesAreEachTheirOwnLikelihoodTerm() {
        Samples.Censored sample = Samples.drawCensoring(Samples.distribution(DistributionFamily.WEIBULL, 1.3, 20), 600, 0, 17);
        double[] durations = sample.durations().clone();
        boolean[] censored = sample.censored().clone();
        // A third of the runs had a 15 ms budget, the rest 30 ms.
        for (int i = 0; i < durations.length; i++) {
            double budget = i % 3 == 0 ? 15 : 30;
            if (durations[i] > budget) {
                durations[i] = budget;
                censored[i] = true;
            }
        }
        Samples.Censored mixed = new Samples.Censored(durations, censored);
        DurationDistributionFit fit = Samples.fit(mixed, 30);
        assertEquals(30.0, fit.censoredAtMs());
        for (DistributionFamily family : DistributionFamily.values()) {
            CandidateFit.Fitted fitted = Samples.fitted(fit, family);
            double independent = Samples.independentLogLikelihood(
                    Samples.distribution(family, Samples.values(fitted)), mixed, fit.instantEnds());
            assertEquals(independent, fitted.logLikelihood(), 1e-10 * Math.abs(independent));
            assertTrue(fitted.ksPValue() != null && fitted.ksPValue() > 0 && fitted.ksPValue() <= 1);
        }
    }
}
