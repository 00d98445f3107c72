package io.github.noisecal.calibration.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Long number lists (a tier's observed durations) are written around SnakeYAML: the text must be SnakeYAML's own,
 * character for character, and load as the tree the read-back check grafts the lists into.
 */
class NumberListTest {

    private static Map<String, Object> document(List<Double> durations, List<Long> counts) {
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("note", "durations: [1.0, 2.0] are not a list here");
        observed.put("event_ms", new SafeYaml.Flow(durations));
        observed.put("short", new SafeYaml.Flow(List.of(1.5, 2.5)));
        observed.put("event_counts", new SafeYaml.Flow(counts));
        Map<String, Object> tier = new LinkedHashMap<>();
        tier.put("observed", observed);
        tier.put("after", List.of("x", 3));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("FAST", tier);
        document.put("SLOW", new LinkedHashMap<>(Map.of("event_ms", new SafeYaml.Flow(durations))));
        return document;
    }

    /** Every magnitude a duration in ms can take, and counts beyond the int range. */
    private static List<Double> awkwardDurations() {
        List<Double> values = new ArrayList<>(List.of(0.0, Double.MIN_VALUE, 1e-300, 1.0E-5, 0.001, 0.5, 1.0, 30000.0,
                1.0E7, 1.2345678901234567E10, 1e300, Double.MAX_VALUE));
        SplittableRandom random = new SplittableRandom(3);
        while (values.size() < 2 * SafeYaml.NUMBER_LIST_MIN) {
            values.add(Math.exp(random.nextDouble(-20, 40)));
        }
        return values;
    }

    private static List<Long> counts(int size) {
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            counts.add(i % 7 == 0 ? Long.MAX_VALUE - i : (long) i + 1);
        }
        return counts;
    }

    @Test
    void theTextIsSnakeYamlsOwnAndLoadsAsTheGraftedTree() {
        List<Double> durations = awkwardDurations();
        Map<String, Object> document = document(durations, counts(durations.size()));
        SafeYaml.Dumped dumped = SafeYaml.dumpParts(document);
        assertEquals(3, dumped.lists().size(), "the long lists are written apart, the short one by SnakeYAML");
        assertTrue(dumped.skeleton().length() < 1000, dumped.skeleton());
        assertEquals(SafeYaml.dumpAllWithSnakeYaml(document), dumped.text());
        Object loaded = SafeYaml.load(new StringReader(dumped.text()), "text");
        assertEquals(loaded, dumped.graft(SafeYaml.load(new StringReader(dumped.skeleton()), "skeleton")));
    }

    @Property(tries = 30)
    void anyFiniteDurationsReadBackExactly(@ForAll @Size(min = 100, max = 300) List<@DoubleRange(min = 0,
            max = 1e12) @Scale(9) Double> durations) {
        Map<String, Object> document = document(durations, counts(durations.size()));
        SafeYaml.Dumped dumped = SafeYaml.dumpParts(document);
        assertEquals(SafeYaml.dumpAllWithSnakeYaml(document), dumped.text());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Object>>> loaded =
                (Map<String, Map<String, Map<String, Object>>>) SafeYaml.load(new StringReader(dumped.text()), "t");
        assertEquals(durations, loaded.get("FAST").get("observed").get("event_ms"));
    }
}
