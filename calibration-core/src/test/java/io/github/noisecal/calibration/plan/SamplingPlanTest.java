package io.github.noisecal.calibration.plan;

import io.github.noisecal.calibration.InvalidInputException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.telemetry.Tier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SamplingPlanTest {
    private static final List<String> MODULES = List.of("A.One", "A.Two", "B.Three", "C.Four", "D.Five");

    @Property
    void samplesPerTierEqualToTheListLengthUsesEachModuleOnce(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int size) {
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < size; i++) modules.add("M.Module" + i);
        SamplingPlan plan = new SamplingPlan(Tier.PREDEFINED, size, seed, modules);
        int[] permutation = plan.modulePermutation();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < size; i++) used.add(plan.moduleFor(i, permutation));
        assertEquals(new HashSet<>(modules), used);
    }

    @Property
    void theModuleSequenceCyclesWithTheListLength(@ForAll long seed, @ForAll @IntRange(min = 0, max = 1000) int index) {
        SamplingPlan plan = new SamplingPlan(Tier.PREDEFINED, 2000, seed, MODULES);
        assertEquals(plan.moduleFor(index), plan.moduleFor(index + MODULES.size()));
    }

    @Property
    void everyExecutionBlockRunsEachTierOnceForOneSampleIndex(@ForAll long seed, @ForAll @IntRange(min = 0, max = 500) int block) {
        SamplingPlan plan = new SamplingPlan(Tier.PREDEFINED, 1000, seed, MODULES);
        int tiers = plan.tiers().size();
        int[] seen = new int[tiers];
        for (int slot = 0; slot < tiers; slot++) {
            long position = (long) block * tiers + slot;
            assertEquals(block, plan.sampleIndexAt(position));
            seen[plan.tierIndexAt(position)]++;
        }
        assertArrayEquals(new int[] {1, 1, 1}, seen);
    }

    @Test
    void tierOrderIsSeededAndVaries() {
        SamplingPlan plan = new SamplingPlan(Tier.PREDEFINED, 1000, 42, MODULES);
        Set<String> orders = new HashSet<>();
        for (int i = 0; i < 200; i++) orders.add(Arrays.toString(plan.tierOrder(i)));
        assertEquals(6, orders.size(), "all 3! tier orders occur over 200 samples");
        assertArrayEquals(plan.tierOrder(17), new SamplingPlan(Tier.PREDEFINED, 1000, 42, MODULES).tierOrder(17));
    }

    @Test
    void theSameSeedGivesTheSamePlanAndAnotherSeedAnother() {
        SamplingPlan a = new SamplingPlan(Tier.PREDEFINED, 100, 42, MODULES);
        SamplingPlan b = new SamplingPlan(Tier.PREDEFINED, 100, 42, MODULES);
        SamplingPlan c = new SamplingPlan(Tier.PREDEFINED, 100, 43, MODULES);
        assertArrayEquals(a.modulePermutation(), b.modulePermutation());
        assertEquals(a.sampleSeed(5), b.sampleSeed(5));
        assertNotEquals(a.sampleSeed(5), c.sampleSeed(5));
        assertNotEquals(a.sampleSeed(5), a.sampleSeed(6));
    }

    @Test
    void theModulesDigestIsTheSha256OfOneNamePerLine() {
        // printf 'A.One\nA.Two\nB.Three\nC.Four\nD.Five\n' | sha256sum
        assertEquals("66a5fbc32775a76d7add1572864e0115338fad915fe55835d6ba6f148caef040",
                new SamplingPlan(Tier.PREDEFINED, 1, 0, MODULES).modulesSha256());
    }

    @Test
    void badPlansAreRejectedWithTheReason() {
        assertTrue(assertThrows(InvalidInputException.class, () -> new SamplingPlan(List.of(), 1, 0, MODULES))
                .getMessage().contains("at least one tier"));
        assertTrue(assertThrows(InvalidInputException.class,
                () -> new SamplingPlan(List.of(Tier.FAST, Tier.FAST), 1, 0, MODULES))
                .getMessage().contains("FAST is listed twice"));
        assertTrue(assertThrows(InvalidInputException.class, () -> new SamplingPlan(Tier.PREDEFINED, 0, 0, MODULES))
                .getMessage().contains("got 0"));
        assertTrue(assertThrows(InvalidInputException.class, () -> new SamplingPlan(Tier.PREDEFINED, 1, 0, List.of()))
                .getMessage().contains("at least one module"));
        assertTrue(assertThrows(InvalidInputException.class,
                () -> new SamplingPlan(Tier.PREDEFINED, 1, 0, List.of("../etc/passwd")))
                .getMessage().contains("../etc/passwd"));
    }
}
