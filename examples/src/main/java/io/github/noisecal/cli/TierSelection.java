package io.github.noisecal.cli;

import io.github.noisecal.telemetry.Tier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves {@code --tiers} and {@code --budget NAME=DURATION} into tiers: a budget overrides a predefined tier's
 * or defines a new tier; a selected name that is neither predefined nor given a budget is an error.
 */
final class TierSelection {
    private TierSelection() {
    }

    static List<Tier> resolve(List<String> names, List<String> budgetOptions) {
        Map<String, Duration> budgets = new LinkedHashMap<>();
        for (String option : budgetOptions) {
            int eq = option.indexOf('=');
            if (eq <= 0 || eq == option.length() - 1) {
                throw new UsageException("--budget '" + option + "': expected NAME=DURATION, e.g. FAST=45s");
            }
            String name = normalize(option.substring(0, eq), "--budget '" + option + "'");
            if (budgets.put(name, DurationParser.parse(option.substring(eq + 1), "--budget " + name)) != null) {
                throw new UsageException("--budget: tier " + name + " is given a budget twice");
            }
        }
        List<Tier> tiers = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String raw : names) {
            String name = normalize(raw, "--tiers");
            if (seen.contains(name)) {
                throw new UsageException("--tiers: " + name + " is listed twice");
            }
            seen.add(name);
            Duration budget = budgets.get(name);
            Tier tier = Tier.predefined(name)
                    .map(predefined -> budget == null ? predefined : predefined.withBudget(budget))
                    .orElseGet(() -> {
                        if (budget == null) {
                            throw new UsageException("--tiers: unknown tier " + name + "; predefined tiers are "
                                    + "FAST, BALANCED, SLOW; define others with --budget " + name + "=DURATION");
                        }
                        return new Tier(name, budget);
                    });
            tiers.add(tier);
        }
        for (String name : budgets.keySet()) {
            if (!seen.contains(name)) {
                throw new UsageException("--budget " + name + ": tier " + name + " is not in --tiers " + seen);
            }
        }
        return tiers;
    }

    static String normalize(String raw, String what) {
        String name = raw.strip().toUpperCase(Locale.ROOT);
        if (!name.matches("[A-Z][A-Z0-9_]{0,63}")) {
            throw new UsageException(what + ": '" + raw + "' is not a tier name (letters, digits and '_')");
        }
        return name;
    }
}
