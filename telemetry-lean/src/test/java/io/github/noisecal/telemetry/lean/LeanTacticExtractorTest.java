package io.github.noisecal.telemetry.lean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LeanTacticExtractorTest {

    private static void assertTactics(String source, int count, int depth, Map<String, Integer> perTactic) {
        TacticStatistics statistics = LeanTacticExtractor.extract(source);
        assertEquals(new TacticStatistics(count, depth, perTactic), statistics, source);
    }

    @Test
    void singleTacticBlock() {
        assertTactics("""
                theorem add_zero' (n : Nat) : n + 0 = n := by
                  simp
                """, 1, 1, Map.of("simp", 1));
    }

    @Test
    void oneTacticPerLineAtTheBlockColumn() {
        assertTactics("""
                theorem foo (a b : Nat) (h : a = b) : b = a := by
                  rw [h]
                  -- exact h.symm would also do
                  rfl
                """, 2, 1, Map.of("rw", 1, "rfl", 1));
    }

    @Test
    void continuationLinesBelongToTheirTactic() {
        assertTactics("""
                theorem foo (a b : Nat) : a + b = b + a := by
                  simp only [Nat.add_comm,
                    Nat.add_assoc]
                  exact
                    rfl
                """, 2, 1, Map.of("simp", 1, "exact", 1));
    }

    @Test
    void inductionAlternativesAreNested() {
        assertTactics("""
                theorem sum_formula (n : Nat) : 2 * (List.range (n + 1)).sum = n * (n + 1) := by
                  induction n with
                  | zero => simp
                  | succ n ih =>
                    rw [List.range_succ, List.sum_append]
                    simp
                    omega
                """, 5, 2, Map.of("induction", 1, "simp", 2, "rw", 1, "omega", 1));
    }

    @Test
    void focusingDotsOpenNestedBlocks() {
        assertTactics("""
                example (p q : Prop) (hp : p) (hq : q) : p ∧ q := by
                  constructor
                  · exact hp
                  · apply id
                    exact hq
                """, 4, 2, Map.of("constructor", 1, "exact", 2, "apply", 1));
    }

    @Test
    void commentsStringsAndCharactersAreNotCode() {
        assertTactics("""
                /- a block comment with by simp inside
                   /- nested: by omega -/ still a comment: by ring -/
                /-- A doc comment: `by decide` -/
                def greeting : String := "by simp; \\"ring\\""
                def quote : Char := '"'
                theorem t : True := by -- trivial by decide
                  trivial -- by omega
                """, 1, 1, Map.of("trivial", 1));
    }

    @Test
    void separatorsAndCombinatorsOnOneLine() {
        assertTactics("""
                theorem t (a b : Nat) : a + b = b + a ∧ True := by constructor <;> simp [Nat.add_comm]; trivial
                """, 3, 1, Map.of("constructor", 1, "simp", 1, "trivial", 1));
    }

    @Test
    void byInsideATacticIsOneLevelDeeper() {
        assertTactics("""
                theorem t (n : Nat) (h : 0 < n) : n ≠ 0 := by
                  have h2 : n ≥ 1 := by omega
                  exact Nat.pos_iff_ne_zero.mp (by omega)
                """, 4, 2, Map.of("have", 1, "omega", 2, "exact", 1));
    }

    @Test
    void combinatorsNestTheirArguments() {
        assertTactics("""
                example : True ∧ True := by
                  constructor
                  all_goals try trivial
                  first | rfl | exact trivial
                """, 7, 3, Map.of("constructor", 1, "all_goals", 1, "try", 1, "trivial", 1, "first", 1, "rfl", 1,
                "exact", 1));
    }

    @Test
    void termModeProofsHaveNoTactics() {
        assertTactics("""
                theorem t (p : Prop) (hp : p) : p := hp
                def f (n : Nat) : Nat := match n with | 0 => 1 | n + 1 => n
                """, 0, 0, Map.of());
    }

    @Test
    void decreasingByOpensATacticBlock() {
        assertTactics("""
                def ack : Nat → Nat → Nat
                  | 0, n => n + 1
                  | m + 1, 0 => ack m 1
                  | m + 1, n + 1 => ack m (ack (m + 1) n)
                termination_by m n => (m, n)
                decreasing_by
                  all_goals simp_wf
                  all_goals omega
                """, 4, 2, Map.of("all_goals", 2, "simp_wf", 1, "omega", 1));
    }

    @Test
    void primesAndCharacterLiteralsDoNotConfuseTheLexer() {
        assertTactics("""
                theorem t (h' : 'a' = 'a') (c : Char) (h : c = '\\n') : True := by
                  have h'' := h'
                  trivial
                """, 2, 1, Map.of("have", 1, "trivial", 1));
    }

    @Test
    void calcStepsProvedByTactics() {
        assertTactics("""
                theorem t (a b c : Nat) (h1 : a = b) (h2 : b = c) : a = c := by
                  calc a = b := by rw [h1]
                    _ = c := by rw [h2]
                """, 3, 2, Map.of("calc", 1, "rw", 2));
    }

    @Test
    void caseAndNextBlocks() {
        assertTactics("""
                example (p q : Prop) (h : p ∨ q) : q ∨ p := by
                  cases h
                  case inl hp => exact Or.inr hp
                  next hq => exact Or.inl hq
                """, 5, 2, Map.of("cases", 1, "case", 1, "next", 1, "exact", 2));
    }

    @Test
    void parenthesisedSequence() {
        assertTactics("example : True := by (skip; trivial)\n", 2, 2, Map.of("skip", 1, "trivial", 1));
    }

    @Test
    void byBlocksInsideAnonymousConstructorEndAtTheComma() {
        assertTactics("example : True ∧ True := ⟨by trivial, by exact trivial⟩\n", 2, 1,
                Map.of("trivial", 1, "exact", 1));
    }

    @Test
    void aTopLevelCommaInsideATacticDoesNotEndTheBlock() {
        assertTactics("""
                example : ∃ a b : Nat, a + b = 3 := by
                  use 1, 2
                  -- the goal closes by rfl after use
                """, 1, 1, Map.of("use", 1));
    }

    @Test
    void blockEndsAtTheNextCommand() {
        assertTactics("""
                theorem a : True := by trivial
                theorem b : 1 = 1 := by
                  rfl
                #eval 1 + 1
                example : 2 = 2 := by decide
                """, 3, 1, Map.of("trivial", 1, "rfl", 1, "decide", 1));
    }

    @Test
    void setOptionInWrapsATactic() {
        assertTactics("""
                example : True := by
                  set_option maxRecDepth 1000 in
                  trivial
                """, 2, 1, Map.of("set_option", 1, "trivial", 1));
    }

    @Test
    void emptyAndUnfinishedSources() {
        assertTactics("", 0, 0, Map.of());
        assertTactics("theorem t : True := by", 0, 0, Map.of());
        assertTactics("/- unterminated comment by simp", 0, 0, Map.of());
        assertTactics("def s := \"unterminated by simp", 0, 0, Map.of());
    }
}
