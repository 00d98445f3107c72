package io.github.noisecal.telemetry.lean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class LeanTacticExtractorProperties {
    private static final String[] DECLARATIONS = {
        "theorem a (n : Nat) : n + 0 = n := by\n  simp\n",
        "theorem b (a b : Nat) (h : a = b) : b = a := by\n  rw [h]\n  rfl\n",
        "example (p q : Prop) (hp : p) (hq : q) : p ∧ q := by\n  constructor\n  · exact hp\n  · exact hq\n",
        "theorem c (n : Nat) (h : 0 < n) : n ≠ 0 := by\n  have h2 : n ≥ 1 := by omega\n  omega\n",
        "def d (n : Nat) : Nat := n + 1\n",
        "example : True ∧ True := by\n  constructor\n  all_goals try trivial\n",
        "theorem e : 2 + 2 = 4 := by decide\n",
    };

    @Provide
    Arbitrary<String> declarations() {
        return Arbitraries.of(DECLARATIONS);
    }

    @Property(tries = 100)
    void declarationsAreCountedIndependently(@ForAll("declarations") String first, @ForAll("declarations") String second) {
        TacticStatistics a = LeanTacticExtractor.extract(first);
        TacticStatistics b = LeanTacticExtractor.extract(second);
        TacticStatistics both = LeanTacticExtractor.extract(first + "\n" + second);
        Map<String, Integer> merged = new HashMap<>(a.perTactic());
        b.perTactic().forEach((tactic, count) -> merged.merge(tactic, count, Integer::sum));
        assertEquals(new TacticStatistics(a.count() + b.count(), Math.max(a.maxDepth(), b.maxDepth()), merged), both);
    }

    @Property(tries = 300)
    void commentsNeverChangeTheCount(@ForAll("declarations") String declaration,
                                     @ForAll("commentText") String text) {
        TacticStatistics plain = LeanTacticExtractor.extract(declaration);
        assertEquals(plain, LeanTacticExtractor.extract(declaration + "-- " + text + "\n"));
        assertEquals(plain, LeanTacticExtractor.extract("/- " + text + " -/\n" + declaration));
    }

    @Provide
    Arbitrary<String> commentText() {
        return Arbitraries.strings().withChars("abc by simp;·()⟨⟩'\"/ \t").ofMaxLength(40)
                .filter(t -> !t.contains("-/") && !t.contains("/-"));
    }

    @Property
    void anyTextIsAcceptedAndCountsAreConsistent(@ForAll String text) {
        TacticStatistics statistics = LeanTacticExtractor.extract(text);
        assertEquals(statistics.count(), statistics.perTactic().values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(statistics.count() == 0 ? statistics.maxDepth() == 0 : statistics.maxDepth() >= 1);
    }
}
