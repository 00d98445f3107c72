package io.github.noisecal.calibration.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SamplingPlanTest {
    private static final List<String> MODULES = List.of("A.One", "A.Two", "B.Three", "C.Four", "D.Five");

    private static SamplingPlan plan(long n, int repeats, long seed, TierRuns tierRuns, List<Tier> tiers) {
        return new SamplingPlan(tiers, n, repeats, seed, MODULES, tierRuns, "mock", BackendConfig.empty());
    }

    private static List<String> modules(int size) {
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < size; i++) modules.add("M.Module" + i);
        return modules;
    }

    @Property
    void asManyDrawsAsModulesUseEachModuleOnce(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int size) {
        SamplingPlan plan = new SamplingPlan(Tier.PREDEFINED, size, seed, modules(size));
        Set<String> used = new HashSet<>();
        for (int d = 0; d < size; d++) used.add(plan.moduleFor(d));
        assertEquals(new HashSet<>(plan.modules()), used);
    }

    @Property
    void modulesRecurWithTheListLength(@ForAll long seed, @ForAll @IntRange(min = 0, max = 1000) int draw) {
        SamplingPlan plan = new SamplingPlan(Tier.PREDEFINED, 2000, seed, MODULES);
        assertEquals(plan.moduleFor(draw), plan.moduleFor(draw + MODULES.size()));
    }

    @Property
    void everyRunOfThePlanComesExactlyOnce(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int repeats,
                                           @ForAll @IntRange(min = 1, max = 12) int draws, @ForAll boolean shared) {
        List<Tier> tiers = List.of(Tier.FAST, Tier.BALANCED, Tier.SLOW.withLimit(Tier.LIMIT_THREADS, "2"));
        SamplingPlan plan = plan((long) draws * repeats, repeats, seed, shared ? TierRuns.SHARED
                : TierRuns.INDEPENDENT, tiers);
        Set<List<Long>> seen = new HashSet<>();
        for (long p = 0; p < plan.totalRuns(); p++) {
            PlannedRun run = plan.runAt(p);
            assertEquals(p, run.position());
            assertTrue(seen.add(List.of(run.draw(), (long) run.repeat(), (long) run.group())), run.toString());
        }
        assertEquals((long) draws * repeats * plan.tierGroups().size(), seen.size());
        assertEquals(shared ? 2 : 3, plan.tierGroups().size());
    }

    @Property
    void repeatsOfADrawAreSpreadOverTheRun(@ForAll long seed, @ForAll @IntRange(min = 2, max = 4) int repeats,
                                           @ForAll @IntRange(min = 2, max = 50) int draws) {
        SamplingPlan plan = plan((long) draws * repeats, repeats, seed, TierRuns.INDEPENDENT, Tier.PREDEFINED);
        Map<Long, List<Long>> positionsOfDraw = new HashMap<>();
        for (long p = 0; p < plan.totalRuns(); p++) {
            PlannedRun run = plan.runAt(p);
            positionsOfDraw.computeIfAbsent(run.draw(), d -> new ArrayList<>()).add(p);
        }
        long tiers = plan.tiers().size();
        positionsOfDraw.values().forEach(positions -> {
            for (int i = 1; i < positions.size(); i++) {
                long gap = positions.get(i) - positions.get(i - 1);
                // Consecutive runs of one draw are either its tiers of the same repeat, or a whole round apart.
                assertTrue(gap < tiers || gap > (draws - 1) * tiers, "gap " + gap + " in " + positions);
            }
        });
    }

    @Property
    void everyRoundRunsEachTierOnceForOneDrawAndRepeat(@ForAll long seed, @ForAll @IntRange(min = 0, max = 499) int block) {
        SamplingPlan plan = new SamplingPlan(Tier.PREDEFINED, 1000, seed, MODULES);
        int[] seen = new int[3];
        for (int slot = 0; slot < 3; slot++) {
            PlannedRun run = plan.runAt((long) block * 3 + slot);
            assertEquals(block, run.draw());
            seen[run.group()]++;
        }
        assertArrayEquals(new int[] {1, 1, 1}, seen);
    }

    @Test
    void groupOrderIsSeededAndVaries() {
        SamplingPlan plan = new SamplingPlan(Tier.PREDEFINED, 1000, 42, MODULES);
        Set<String> orders = new HashSet<>();
        for (int i = 0; i < 200; i++) orders.add(Arrays.toString(plan.groupOrder(i, 0)));
        assertEquals(6, orders.size(), "all 3! tier orders occur over 200 draws");
        assertArrayEquals(plan.groupOrder(17, 0), new SamplingPlan(Tier.PREDEFINED, 1000, 42, MODULES).groupOrder(17, 0));
    }

    @Test
    void theSameSeedGivesTheSamePlanAndAnotherSeedAnother() {
        SamplingPlan a = plan(100, 2, 42, TierRuns.INDEPENDENT, Tier.PREDEFINED);
        SamplingPlan b = plan(100, 2, 42, TierRuns.INDEPENDENT, Tier.PREDEFINED);
        SamplingPlan c = plan(100, 2, 43, TierRuns.INDEPENDENT, Tier.PREDEFINED);
        assertEquals(a, b);
        assertEquals(a.planId(), b.planId());
        assertEquals(a.moduleFor(3), b.moduleFor(3));
        assertEquals(a.runSeed(5, 1), b.runSeed(5, 1));
        assertNotEquals(a.runSeed(5, 1), c.runSeed(5, 1));
        assertNotEquals(a.runSeed(5, 0), a.runSeed(5, 1));
        assertNotEquals(a.runSeed(5, 0), a.runSeed(6, 0));
        assertNotEquals(a.planId(), c.planId());
    }

    @Test
    void aModuleKeepsItsSeedInEveryDrawItRecursIn() {
        SamplingPlan plan = new SamplingPlan(Tier.PREDEFINED, 20, 7, MODULES);
        assertEquals(plan.moduleFor(1), plan.moduleFor(6));
        assertEquals(plan.moduleSeed(plan.moduleFor(1)), plan.moduleSeed(plan.moduleFor(6)));
        assertNotEquals(plan.moduleSeed("A.One"), plan.moduleSeed("A.Two"));
        assertNotEquals(plan.moduleSeed("A.One"), new SamplingPlan(Tier.PREDEFINED, 20, 8, MODULES).moduleSeed("A.One"));
    }

    @Test
    void thePlanIdChangesWithEverythingThatDecidesTheRuns() {
        SamplingPlan base = plan(100, 2, 42, TierRuns.INDEPENDENT, Tier.PREDEFINED);
        List<SamplingPlan> variants = List.of(
                plan(100, 2, 43, TierRuns.INDEPENDENT, Tier.PREDEFINED),
                plan(102, 2, 42, TierRuns.INDEPENDENT, Tier.PREDEFINED),
                plan(100, 4, 42, TierRuns.INDEPENDENT, Tier.PREDEFINED),
                plan(100, 2, 42, TierRuns.SHARED, Tier.PREDEFINED),
                plan(100, 2, 42, TierRuns.INDEPENDENT, List.of(Tier.FAST, Tier.BALANCED)),
                plan(100, 2, 42, TierRuns.INDEPENDENT, List.of(Tier.FAST.withBudget(Duration.ofSeconds(31)),
                        Tier.BALANCED, Tier.SLOW)),
                plan(100, 2, 42, TierRuns.INDEPENDENT, List.of(Tier.FAST.withLimit(Tier.LIMIT_THREADS, "1"),
                        Tier.BALANCED, Tier.SLOW)),
                new SamplingPlan(Tier.PREDEFINED, 100, 2, 42, List.of("A.One", "A.Two"), TierRuns.INDEPENDENT,
                        "mock", BackendConfig.empty()),
                new SamplingPlan(Tier.PREDEFINED, 100, 2, 42, MODULES, TierRuns.INDEPENDENT, "lean",
                        BackendConfig.empty()),
                new SamplingPlan(Tier.PREDEFINED, 100, 2, 42, MODULES, TierRuns.INDEPENDENT, "mock",
                        BackendConfig.of(Map.of("rate.FAST.verifier_timeout", "0.3"))));
        Set<String> ids = new HashSet<>();
        ids.add(base.planId());
        variants.forEach(v -> assertTrue(ids.add(v.planId()), v + " has the id of another plan"));
        assertTrue(base.planId().matches("[0-9a-f]{16}"), base.planId());
    }

    @Test
    void idsSayPlanTierDrawAndRepeat() {
        SamplingPlan plan = plan(100, 2, 42, TierRuns.INDEPENDENT, Tier.PREDEFINED);
        assertEquals(plan.planId() + "-BALANCED-7-1", plan.verificationId(1, 7, 1));
        assertEquals(15, plan.slot(7, 1));
    }

    @Test
    void sharedRunsGroupTiersByLimitsAndRunTheLargestBudget() {
        Tier small = new Tier("SMALL", Duration.ofSeconds(10));
        Tier capped = new Tier("CAPPED", Duration.ofSeconds(120)).withLimit(Tier.LIMIT_MEMORY_MB, "2048");
        SamplingPlan plan = plan(10, 1, 1, TierRuns.SHARED, List.of(small, Tier.SLOW, Tier.FAST, capped));
        assertEquals(List.of(new TierGroup(List.of(0, 1, 2), 1), new TierGroup(List.of(3), 3)), plan.tierGroups());
        assertEquals(20, plan.totalRuns());
        assertEquals(40, plan.totalSamples());
        SamplingPlan independent = plan(10, 1, 1, TierRuns.INDEPENDENT, List.of(small, Tier.SLOW, Tier.FAST, capped));
        assertEquals(40, independent.totalRuns());
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
        assertEquals("repeats must be at least 1, got 0", assertThrows(InvalidInputException.class,
                () -> plan(10, 0, 0, TierRuns.INDEPENDENT, Tier.PREDEFINED)).getMessage());
        assertTrue(assertThrows(InvalidInputException.class, () -> plan(10, 3, 0, TierRuns.INDEPENDENT,
                Tier.PREDEFINED)).getMessage().startsWith("samples per tier (10) must be a multiple of repeats (3)"));
        assertTrue(assertThrows(InvalidInputException.class, () -> new SamplingPlan(Tier.PREDEFINED, 2, 0,
                List.of("A.One", "A.One"))).getMessage().startsWith("module A.One is listed twice"));
    }
}
