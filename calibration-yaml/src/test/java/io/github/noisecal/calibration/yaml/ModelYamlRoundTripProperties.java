package io.github.noisecal.calibration.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.model.CalibrationModel;
import io.github.noisecal.calibration.format.ModelFormat;
import io.github.noisecal.calibration.model.TierCalibration;
import io.github.noisecal.calibration.model.TierSamples;
import io.github.noisecal.calibration.fit.CandidateFit;
import io.github.noisecal.calibration.fit.DistributionFamily;
import io.github.noisecal.calibration.fit.DurationDistributionFit;
import io.github.noisecal.calibration.yaml.internal.YamlModelFormat;
import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.Tier;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Reading what was written gives back exactly the model written. */
class ModelYamlRoundTripProperties {
    private static final ModelFormat FORMAT = new YamlModelFormat();

    @Property(tries = 150)
    void readingWrittenTextGivesTheSameModel(@ForAll("models") CalibrationModel model) {
        assertEquals(model, ModelYaml.read(new StringReader(ModelYaml.write(model)), "model.yaml"));
        // The models must exercise the fit's every form; rarer ones are the examples below.
        for (FitForm form : FitForm.values()) {
            Statistics.label(form.label).collect(form.occursIn(model));
            if (form.checked) {
                Statistics.label(form.label).coverage(coverage -> coverage.check(true).count(count -> count > 0));
            }
        }
    }

    @Example
    void aFitWithoutAiccReadsBack() {
        Tier tier = TestModels.TIERS.get(0);
        CalibrationModel model = CalibrationModel.of(TestModels.golden().metadata(), List.of(TierSamples.of(tier,
                new Outcome[] {Outcome.VERIFIED, Outcome.VERIFIED, Outcome.PROOF_INVALID},
                new double[] {1200.0, 2500.5, 4100.0})));
        assertTrue(FitForm.NULL_AICC.occursIn(model), "three samples leave two-parameter families without AICc");

        assertEquals(model, ModelYaml.read(new StringReader(ModelYaml.write(model)), "model.yaml"));
    }

    @Example
    void aFitWithSomeFamiliesNotFittedReadsBack() {
        CalibrationModel golden = TestModels.golden();
        TierCalibration fast = golden.tier("FAST");
        Map<String, CandidateFit> candidates = new LinkedHashMap<>(fast.durationDistribution().candidates());
        candidates.put("gamma", new CandidateFit.NotFitted(DistributionFamily.GAMMA,
                "gamma: maximisation did not converge in 200 Newton steps"));
        DurationDistributionFit fit = fast.durationDistribution();
        CalibrationModel model = TestModels.withTier(golden, TestModels.withDurationDistribution(fast,
                new DurationDistributionFit(fit.best(), fit.tieWith(), fit.nEvents(), fit.nCensored(),
                        fit.censoredAtMs(), fit.resolutionMs(), fit.instantEnds(), fit.ksSampleSize(), fit.observed(),
                        candidates)));
        assertTrue(FitForm.SOME_FAMILIES_NOT_FITTED.occursIn(model));

        assertEquals(model, ModelYaml.read(new StringReader(ModelYaml.write(model)), "model.yaml"));
    }

    /** The forms a tier's fit takes in a model; {@code checked} ones must occur among the random models. */
    private enum FitForm {
        NOTHING_FITTED("nothing fitted", true, (fit, fitted) -> fitted.isEmpty()),
        SOME_FAMILIES_NOT_FITTED("some families fitted, others not", false,
                (fit, fitted) -> !fitted.isEmpty() && fitted.size() < fit.candidates().size()),
        A_TIE("a tie with the best family", true, (fit, fitted) -> !fit.tieWith().isEmpty()),
        NULL_AICC("a fit without aicc", false, (fit, fitted) -> fitted.stream().anyMatch(f -> f.aicc() == null)),
        NULL_KS_P_VALUE("a fit without ks_p_value", true,
                (fit, fitted) -> fitted.stream().anyMatch(f -> f.ksPValue() == null)),
        KS_P_VALUE("a fit with ks_p_value", true,
                (fit, fitted) -> fitted.stream().anyMatch(f -> f.ksPValue() != null));

        private final String label;
        private final boolean checked;
        private final BiPredicate<DurationDistributionFit, List<CandidateFit.Fitted>> test;

        FitForm(String label, boolean checked, BiPredicate<DurationDistributionFit, List<CandidateFit.Fitted>> test) {
            this.label = label;
            this.checked = checked;
            this.test = test;
        }

        boolean occursIn(CalibrationModel model) {
            return model.tiers().values().stream().map(TierCalibration::durationDistribution).anyMatch(fit ->
                    test.test(fit, fit.candidates().values().stream().filter(CandidateFit.Fitted.class::isInstance)
                            .map(CandidateFit.Fitted.class::cast).toList()));
        }
    }

    @Property(tries = 30)
    void readingAWrittenFileGivesTheSameModel(@ForAll("models") CalibrationModel model) throws IOException {
        Path directory = Files.createTempDirectory("model-yaml");
        try {
            Path file = directory.resolve("model.yaml");
            FORMAT.write(model, file);
            assertEquals(model, FORMAT.read(file));
        } finally {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(directory);
        }
    }

    @Property(tries = 300)
    void everyNonNegativeDoubleReadsBackBitForBit(@ForAll("nonNegativeDoubles") double value) {
        String text = ModelYaml.write(TestModels.goldenFastWithDurations(value));

        double readBack = ModelYaml.read(new StringReader(text), "model.yaml").tier("FAST").durationMs().max();

        assertEquals(Double.doubleToRawLongBits(value), Double.doubleToRawLongBits(readBack));
    }

    @Provide
    Arbitrary<CalibrationModel> models() {
        return ModelArbitraries.models();
    }

    @Provide
    Arbitrary<Double> nonNegativeDoubles() {
        return ModelArbitraries.nonNegativeDoubles();
    }
}
