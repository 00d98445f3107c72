package io.github.noisecal.calibration.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The case: 5 % of runs crash at about 0 ms among lognormal durations. Fitted as durations they dragged the
 * lognormal's S(10 s) from 0.80 to 0.68 and its ΔAIC by more than 1,000; set apart as instant ends, the families fit
 * the rest and the model keeps S(10 s).
 */
class InstantEndsTest {

    @Test
    void crashesAtZeroAreSetApartAndTheFamilyFitsTheRest() {
        // lognormal(median 20 s, σ 0.7) has S(10 s) = 0.8388; with 5 % instant crashes the tier's S(10 s) is 0.7969.
        SplittableRandom random = new SplittableRandom(5);
        int n = 2000;
        double[] durations = new double[n];
        boolean[] censored = new boolean[n];
        int crashes = 0;
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < 0.05) {
                durations[i] = Math.rint(2 * random.nextDouble());
                crashes++;
            } else {
                double t = Math.rint(Math.exp(Math.log(20_000) + 0.7 * random.nextGaussian()));
                censored[i] = t > 60_000;
                durations[i] = Math.min(t, 60_000);
            }
        }
        DurationDistributionFit fit = DurationFitter.fit(durations, censored,
                FitOptions.defaults().withBootstrapReplicates(0));
        InstantEnds instant = fit.instantEnds();
        assertNotNull(instant);
        assertEquals(crashes, instant.count(), "every crash, nothing else, below " + instant.belowMs() + " ms");
        assertEquals("lognormal", fit.best());
        CandidateFit.Fitted lognormal = Samples.fitted(fit, DistributionFamily.LOGNORMAL);
        assertEquals(0.7, lognormal.parameters().get("sigma"), 0.03, "the family's spread is the runs', not the crashes'");
        double expected = (1 - 0.05) * 0.8388;
        assertEquals(expected, fit.model("lognormal").survival(10_000), 0.025);
        assertTrue(Samples.fitted(fit, DistributionFamily.EXPONENTIAL).deltaAic() > 100);

        // Without the crashes, no instant ends and the same family.
        double[] runs = new double[n - crashes];
        boolean[] runsCensored = new boolean[n - crashes];
        for (int i = 0, j = 0; i < n; i++) {
            if (censored[i] || durations[i] >= instant.belowMs()) {
                runs[j] = durations[i];
                runsCensored[j++] = censored[i];
            }
        }
        DurationDistributionFit clean = DurationFitter.fit(runs, runsCensored,
                FitOptions.defaults().withBootstrapReplicates(0));
        assertNull(clean.instantEnds());
        assertEquals(Samples.fitted(clean, DistributionFamily.LOGNORMAL).parameters().get("sigma"),
                lognormal.parameters().get("sigma"), 1e-3);
    }
}
