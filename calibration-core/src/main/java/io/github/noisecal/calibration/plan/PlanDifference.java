package io.github.noisecal.calibration.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One component in which two plans differ, read from their {@linkplain SamplingPlan#identity() identities}: a key
 * such as {@code seed}, {@code samples_per_tier}, {@code tier}, {@code budget_ns}, {@code limit.NAME},
 * {@code modules_sha256}, {@code backend} or {@code setting.NAME}, with its values in each plan (keys that repeat,
 * such as one {@code tier} per tier, are listed in order).
 *
 * @param key     the identity key
 * @param first   its values in the first plan (empty when it has none)
 * @param second  its values in the second plan
 */
public record PlanDifference(String key, List<String> first, List<String> second) {
    public PlanDifference {
        Objects.requireNonNull(key, "key");
        first = List.copyOf(first);
        second = List.copyOf(second);
    }

    /** Every key whose values differ between the two identities, in the order keys first appear. */
    public static List<PlanDifference> between(String firstIdentity, String secondIdentity) {
        Map<String, List<String>> first = entries(firstIdentity);
        Map<String, List<String>> second = entries(secondIdentity);
        Map<String, Boolean> keys = new LinkedHashMap<>();
        first.keySet().forEach(k -> keys.put(k, true));
        second.keySet().forEach(k -> keys.put(k, true));
        List<PlanDifference> differences = new ArrayList<>();
        for (String key : keys.keySet()) {
            List<String> a = first.getOrDefault(key, List.of());
            List<String> b = second.getOrDefault(key, List.of());
            if (!a.equals(b)) {
                differences.add(new PlanDifference(key, a, b));
            }
        }
        return differences;
    }

    /** Parses {@code key=LENGTH:value} lines (values may hold newlines; the length says where they end). */
    private static Map<String, List<String>> entries(String identity) {
        Map<String, List<String>> entries = new LinkedHashMap<>();
        int i = identity.indexOf('\n') + 1; // the first line is the identity's version
        while (i < identity.length()) {
            int eq = identity.indexOf('=', i);
            int colon = eq < 0 ? -1 : identity.indexOf(':', eq);
            if (eq < 0 || colon < 0) {
                break;
            }
            int length = Integer.parseInt(identity.substring(eq + 1, colon));
            String key = identity.substring(i, eq);
            entries.computeIfAbsent(key, k -> new ArrayList<>()).add(identity.substring(colon + 1,
                    colon + 1 + length));
            i = colon + 1 + length + 1;
        }
        return entries;
    }

    @Override
    public String toString() {
        return key + " " + show(first) + " vs " + show(second);
    }

    private static String show(List<String> values) {
        return values.isEmpty() ? "(none)" : values.size() == 1 ? values.get(0) : values.toString();
    }
}
