package io.github.noisecal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.noisecal.calibration.compare.ComparedProportion;
import io.github.noisecal.calibration.compare.ComparisonOptions;
import io.github.noisecal.calibration.compare.ComparisonVerdict;
import io.github.noisecal.calibration.compare.DurationComparison;
import io.github.noisecal.calibration.compare.MetadataAspect;
import io.github.noisecal.calibration.compare.MetadataDifference;
import io.github.noisecal.calibration.compare.ModelComparison;
import io.github.noisecal.calibration.compare.RateComparison;
import io.github.noisecal.calibration.fit.AnswerBasis;
import io.github.noisecal.calibration.fit.BudgetAnswer;
import io.github.noisecal.calibration.format.ModelFormats;
import io.github.noisecal.calibration.model.CalibrationModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "compare",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:compared (and --fail-on found nothing)", "4:--fail-on found what it gates on", "2:bad input", "1:an unexpected failure"}, mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Did the noise change? Compare a candidate calibration with a baseline, tier by tier: the "
                + "timeout, fail and success rates (Newcombe's interval for each difference; verdicts same, better, "
                + "worse or inconclusive, Holm-corrected across all comparisons), the fitted duration medians, the "
                + "budget for a target timeout rate, and what differs in the metadata.",
                "Where modules recur (--repeats, or more draws than modules), runs of one module are not independent "
                        + "proofs: each side counts as runs / design effect samples, the design effect the model "
                        + "estimated for that rate.",
                "Exit code 4 with --fail-on when a verdict fails the gate; 0 otherwise; 2 for bad input."})
final class CompareCommand implements Callable<Integer> {
    /** Exit code when --fail-on finds what it gates on. */
    static final int EXIT_GATE = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--baseline", required = true, paramLabel = "FILE", description = "The reference model (" + CliOptions.MODEL_FILE_ENDINGS + ").")
    Path baselineFile;

    @Option(names = "--candidate", required = true, paramLabel = "FILE", description = "The model to judge (" + CliOptions.MODEL_FILE_ENDINGS + ").")
    Path candidateFile;

    @Option(names = "--confidence", paramLabel = "LEVEL", defaultValue = "" + ComparisonOptions.DEFAULT_CONFIDENCE,
            description = "Family-wise confidence level of the verdicts, in (0, 1). Default: ${DEFAULT-VALUE}.")
    double confidence;

    @Option(names = "--margin", paramLabel = "RATE", defaultValue = "" + ComparisonOptions.DEFAULT_MARGIN,
            description = "Equivalence margin: a difference shown to lie within +-RATE is 'same'. Default: "
                    + "${DEFAULT-VALUE}.")
    double margin;

    @Option(names = "--target-timeout-rate", paramLabel = "RATE",
            description = "Also compare the smallest budget with timeout rate <= RATE, in (0, 1).")
    Double target;

    /** The values of {@code --fail-on}. */
    static final List<String> FAIL_ON = List.of("worse", "not-same");

    @Option(names = "--fail-on", paramLabel = "VERDICT", completionCandidates = CompletionValues.FailOnVerdicts.class,
            description = "Exit 4 when any comparison is 'worse', or with 'not-same' when any is not 'same'.")
    String failOn;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = CompletionValues.Formats.class,
            description = "text, or json: one JSON document on standard output. Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!(confidence > 0 && confidence < 1)) {
            throw new UsageException("--confidence: must lie strictly between 0 and 1, got " + confidence);
        }
        if (!(margin > 0 && margin < 1)) {
            throw new UsageException("--margin: must lie strictly between 0 and 1, got " + margin);
        }
        if (target != null && !(target > 0 && target < 1)) {
            throw new UsageException("--target-timeout-rate: must lie strictly between 0 and 1, got " + target);
        }
        if (failOn != null && !FAIL_ON.contains(failOn)) {
            throw new UsageException("--fail-on: 'worse' or 'not-same', got '" + failOn + "'");
        }
        if (!OutputOptions.FORMATS.contains(format)) {
            throw new UsageException("--format: 'text' or 'json', got '" + format + "'");
        }
        ModelFormats formats = NoisecalCli.plugins(spec).formats();
        CalibrationModel baseline = formats.forFile(baselineFile).read(baselineFile);
        CalibrationModel candidate = formats.forFile(candidateFile).read(candidateFile);
        ModelComparison comparison = ModelComparison.of(baseline, candidate,
                new ComparisonOptions(confidence, margin, target));
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(json(mapper, comparison)));
        } else {
            text(comparison, out);
        }
        out.flush();
        boolean gate = failOn != null && (failOn.equals("worse") ? comparison.anyWorse() : !comparison.allSame());
        return gate ? EXIT_GATE : NoisecalCli.EXIT_OK;
    }

    private void text(ModelComparison c, PrintWriter out) {
        out.printf(Locale.ROOT, "Candidate %s against baseline %s: %d tier%s in common (%s).%n", candidateFile,
                baselineFile, c.commonTiers().size(), c.commonTiers().size() == 1 ? "" : "s",
                String.join(", ", c.commonTiers()));
        out.printf(Locale.ROOT, "Verdicts at family-wise confidence %s (Holm across %d comparisons); 'same' means within "
                        + "+-%s; intervals are Newcombe's hybrid score at %s, each side at its effective sample size "
                        + "(runs / design effect) where modules recur.%n", number(confidence), c.rates().size(),
                number(margin), number(confidence));
        for (String tier : c.commonTiers()) {
            out.println("Tier: " + tier);
            for (RateComparison r : c.rates()) {
                if (!r.tier().equals(tier)) {
                    continue;
                }
                out.printf(Locale.ROOT, "  %-13s %s -> %s  difference %+.4f [%+.4f, %+.4f]  p %s (Holm %s)  %s%n",
                        r.rate().key(), rate(r.baseline()), rate(r.candidate()), r.difference().estimate(),
                        r.difference().lower(), r.difference().upper(), pValue(r.pValue()),
                        pValue(r.adjustedPValue()), r.verdict().label().toUpperCase(Locale.ROOT));
            }
            DurationComparison d = c.durations().stream().filter(x -> x.tier().equals(tier)).findFirst().orElseThrow();
            out.printf(Locale.ROOT, "  fitted median duration: %s -> %s%n", median(d.baseline()), median(d.candidate()));
            if (target != null) {
                out.printf(Locale.ROOT, "  budget for timeout rate <= %s: %s -> %s%n", number(target),
                        budget(d.baseline().budget()), budget(d.candidate().budget()));
                flags("baseline", d.baseline().budget(), out);
                flags("candidate", d.candidate().budget(), out);
            }
        }
        if (!c.baselineOnlyTiers().isEmpty() || !c.candidateOnlyTiers().isEmpty()) {
            out.println("Not compared: " + (c.baselineOnlyTiers().isEmpty() ? "" : "baseline only "
                    + c.baselineOnlyTiers() + " ") + (c.candidateOnlyTiers().isEmpty() ? ""
                    : "candidate only " + c.candidateOnlyTiers()));
        }
        if (c.metadataDifferences().isEmpty()) {
            out.println("Metadata: no difference in " + fields(c.unchangedMetadata()) + ".");
        } else {
            out.println("Metadata that differs:");
            for (MetadataDifference m : c.metadataDifferences()) {
                out.printf(Locale.ROOT, "  %s: %s -> %s%s%n", m.field(), m.baseline(), m.candidate(),
                        m.changesIntervalMeaning() ? " -- changes what the intervals mean: " + m.meaning()
                                : " (" + m.aspect().label() + (m.meaning() == null ? "" : ": " + m.meaning()) + ")");
            }
            if (!c.unchangedMetadata().isEmpty()) {
                out.println("No difference in the rest of what was compared: " + fields(c.unchangedMetadata()) + ".");
            }
        }
        for (MetadataDifference m : c.metadataContext()) {
            out.printf(Locale.ROOT, "For context, not counted as a difference: %s %s -> %s (%s)%n", m.field(),
                    m.baseline(), m.candidate(), m.meaning());
        }
        for (String warning : c.warnings()) {
            out.println("Warning: " + warning);
        }
        Map<ComparisonVerdict, Long> counts = counts(c);
        out.printf(Locale.ROOT, "Summary: %d worse, %d better, %d same, %d inconclusive%n",
                counts.get(ComparisonVerdict.WORSE), counts.get(ComparisonVerdict.BETTER),
                counts.get(ComparisonVerdict.SAME), counts.get(ComparisonVerdict.INCONCLUSIVE));
    }

    private ObjectNode json(ObjectMapper mapper, ModelComparison c) {
        ObjectNode root = mapper.createObjectNode();
        root.put("baseline", baselineFile.toString());
        root.put("candidate", candidateFile.toString());
        root.put("confidence", c.options().confidence());
        root.put("alpha", c.options().alpha());
        root.put("margin", c.options().margin());
        root.put("interval", "newcombe_hybrid_score");
        root.put("multiplicity", "holm");
        strings(root.putArray("common_tiers"), c.commonTiers());
        strings(root.putArray("baseline_only_tiers"), c.baselineOnlyTiers());
        strings(root.putArray("candidate_only_tiers"), c.candidateOnlyTiers());
        ArrayNode rates = root.putArray("rates");
        for (RateComparison r : c.rates()) {
            ObjectNode node = rates.addObject();
            node.put("tier", r.tier());
            node.put("rate", r.rate().key());
            proportion(node.putObject("baseline"), r.baseline());
            proportion(node.putObject("candidate"), r.candidate());
            ObjectNode difference = node.putObject("difference");
            difference.put("estimate", r.difference().estimate());
            difference.put("lower", r.difference().lower());
            difference.put("upper", r.difference().upper());
            node.put("p_value", r.pValue());
            node.put("p_value_holm", r.adjustedPValue());
            node.put("equivalence_p_value", r.equivalencePValue());
            node.put("equivalence_p_value_holm", r.adjustedEquivalencePValue());
            node.put("verdict", r.verdict().label());
        }
        ArrayNode durations = root.putArray("durations");
        for (DurationComparison d : c.durations()) {
            ObjectNode node = durations.addObject();
            node.put("tier", d.tier());
            durations(node.putObject("baseline"), d.baseline());
            durations(node.putObject("candidate"), d.candidate());
        }
        metadataDifferences(root.putArray("metadata_differences"), c.metadataDifferences());
        metadataDifferences(root.putArray("metadata_context"), c.metadataContext());
        ObjectNode compared = root.putObject("metadata_compared");
        c.comparedMetadata().forEach((aspect, fields) -> strings(compared.putArray(aspect.id()), fields));
        strings(root.putArray("warnings"), c.warnings());
        ObjectNode summary = root.putObject("summary");
        counts(c).forEach((verdict, count) -> summary.put(verdict.label(), count));
        root.put("any_worse", c.anyWorse());
        return root;
    }

    private static void metadataDifferences(ArrayNode array, List<MetadataDifference> differences) {
        for (MetadataDifference m : differences) {
            array.addObject().put("field", m.field()).put("baseline", m.baseline()).put("candidate", m.candidate())
                    .put("aspect", m.aspect().id()).put("changes_interval_meaning", m.changesIntervalMeaning())
                    .put("meaning", m.meaning());
        }
    }

    /** Fields by aspect: {@code verifier (backend, verifier_version), machine (...) and plan (...)}. */
    private static String fields(Map<MetadataAspect, List<String>> byAspect) {
        List<String> parts = byAspect.entrySet().stream()
                .map(e -> e.getKey().label() + " (" + String.join(", ", e.getValue()) + ")").toList();
        return parts.size() == 1 ? parts.get(0) : String.join(", ", parts.subList(0, parts.size() - 1)) + " and "
                + parts.get(parts.size() - 1);
    }

    private static void proportion(ObjectNode node, ComparedProportion p) {
        node.put("events", p.events());
        node.put("trials", p.trials());
        node.put("rate", p.rate());
        node.put("design_effect", p.designEffect());
        node.put("effective_trials", p.effectiveTrials());
    }

    private static void durations(ObjectNode node, DurationComparison.FittedDurations d) {
        node.put("family", d.family());
        node.put("median_ms", d.medianMs());
        if (d.budget() != null) {
            BudgetAnswer b = d.budget();
            ObjectNode budget = node.putObject("budget");
            budget.put("target_rate", b.targetRate());
            budget.put("budget_ms", b.budgetMs());
            budget.put("budget_lower_ms", b.budgetLowerMs());
            budget.put("budget_upper_ms", b.budgetUpperMs());
            budget.put("basis", b.basis().id());
            budget.put("source_tier", b.sourceTier());
            budget.put("factor", b.factor());
            budget.put("family", b.family());
            budget.put("model_budget_ms", b.modelBudgetMs());
            budget.put("reason", b.reason());
            strings(budget.putArray("notes"), b.notes());
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static Map<ComparisonVerdict, Long> counts(ModelComparison c) {
        Map<ComparisonVerdict, Long> counts = new EnumMap<>(ComparisonVerdict.class);
        for (ComparisonVerdict verdict : ComparisonVerdict.values()) {
            counts.put(verdict, c.rates().stream().filter(r -> r.verdict() == verdict).count());
        }
        return counts;
    }

    private static String rate(ComparedProportion p) {
        return String.format(Locale.ROOT, "%.4f (%d/%d%s)", p.rate(), p.events(), p.trials(),
                p.designEffect() == 1 ? "" : String.format(Locale.ROOT, ", design effect %.2f", p.designEffect()));
    }

    private static String median(DurationComparison.FittedDurations d) {
        return d.medianMs() == null ? "no fit" : DurationParser.show(d.medianMs()) + " (" + d.family() + ")";
    }

    /** The answer, its interval and what it rests on: observed (in which tier's runs) or extrapolated (how far). */
    private static String budget(BudgetAnswer b) {
        String interval = " [" + bound(b.budgetLowerMs()) + ", " + (b.budgetUpperMs() == null
                ? (b.basis() == AnswerBasis.OBSERVED ? "beyond the runs" : "beyond the search")
                : bound(b.budgetUpperMs())) + "]";
        return switch (b.basis()) {
            case OBSERVED -> DurationParser.show(b.budgetMs()) + interval + " observed"
                    + (b.sourceTier() == null ? "" : " in " + b.sourceTier());
            case EXTRAPOLATED -> DurationParser.show(b.budgetMs()) + interval + String.format(Locale.ROOT, " extrapolated %.2fx",
                    b.factor()) + (b.sourceTier() == null ? "" : " from " + b.sourceTier() + "'s fit");
            case BEYOND_DATA -> "beyond the data, no number (the families' range" + interval + ")";
            case NO_ANSWER -> "no answer (" + b.reason() + ")";
        };
    }

    /** The goodness-of-fit flags of an answer that rests on fitted families, one line each. */
    private static void flags(String side, BudgetAnswer b, PrintWriter out) {
        if (b == null || (b.basis() != AnswerBasis.EXTRAPOLATED && b.basis() != AnswerBasis.BEYOND_DATA)) {
            return;
        }
        for (String note : b.notes()) {
            boolean goodnessOfFit = note.contains("goodness-of-fit") || note.contains("goodness of fit");
            if (goodnessOfFit && !note.startsWith("beside it")) {
                out.println("    " + side + ": " + note);
            }
        }
    }

    private static String bound(Double ms) {
        return ms == null ? "none" : DurationParser.show(ms);
    }


    private static String pValue(double p) {
        if (p == 0) {
            return "< 1e-300";
        }
        return p >= 0.001 ? String.format(Locale.ROOT, "%.3f", p) : String.format(Locale.ROOT, "%.1e", p);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4g", value).replaceAll("\\.?0+$", "");
    }
}
