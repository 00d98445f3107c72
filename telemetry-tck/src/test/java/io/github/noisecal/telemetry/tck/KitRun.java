package io.github.noisecal.telemetry.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The outcome of running one kit subclass through the JUnit Platform launcher, by test method name, such as
 * {@code closeIsIdempotent}, and the classes the tests were reported under.
 */
final class KitRun {
    private final Map<String, TestExecutionResult> results;
    private final Map<String, String> skipped;
    private final Set<String> reportedClasses;

    private KitRun(Map<String, TestExecutionResult> results, Map<String, String> skipped, Set<String> reportedClasses) {
        this.results = results;
        this.skipped = skipped;
        this.reportedClasses = reportedClasses;
    }

    static KitRun of(Class<?> kit) {
        Map<String, TestExecutionResult> results = new TreeMap<>();
        Map<String, String> skipped = new TreeMap<>();
        Set<String> reportedClasses = new TreeSet<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) {
                    results.put(name(test), result);
                    reportedClasses.add(((MethodSource) test.getSource().orElseThrow()).getClassName());
                }
            }

            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                skipped.put(name(test), reason);
            }
        };
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(kit))
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .build(), listener);
        return new KitRun(results, skipped, reportedClasses);
    }

    private static String name(TestIdentifier test) {
        return ((MethodSource) test.getSource().orElseThrow()).getMethodName();
    }

    /**
     * Runs {@code kit} and asserts that all of {@code allTests} ran and exactly the tests in {@code expected} failed,
     * each with a message containing the given text, and none was aborted.
     */
    static void assertFailsOnly(Class<?> kit, Set<String> allTests, Map<String, String> expected) {
        KitRun run = of(kit);
        assertEquals(allTests, run.statuses().keySet(), "every kit test ran");
        assertEquals(new TreeSet<>(expected.keySet()), run.failures().keySet(), () -> "failed tests: "
                + run.failures());
        expected.forEach((test, text) -> {
            String message = run.failures().get(test);
            assertTrue(message.contains(text), () -> test + " failed with '" + message + "', expected it to contain '"
                    + text + "'");
        });
        assertEquals(Map.of(), run.aborted());
    }

    /** The class names the test methods were reported under, as surefire names its reports. */
    Set<String> reportedClasses() {
        return reportedClasses;
    }

    /** Every test that ran, whatever its result. */
    Map<String, TestExecutionResult.Status> statuses() {
        return results.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().getStatus(), (a, b) -> a, TreeMap::new));
    }

    /** The message of each failed test. */
    Map<String, String> failures() {
        return messagesOf(TestExecutionResult.Status.FAILED);
    }

    /** The reason each test was aborted (an assumption did not hold). */
    Map<String, String> aborted() {
        return messagesOf(TestExecutionResult.Status.ABORTED);
    }

    Map<String, String> skipped() {
        return skipped;
    }

    private Map<String, String> messagesOf(TestExecutionResult.Status status) {
        return results.entrySet().stream()
                .filter(e -> e.getValue().getStatus() == status)
                .collect(Collectors.toMap(Map.Entry::getKey,
                        e -> e.getValue().getThrowable().map(String::valueOf).orElse(""),
                        (a, b) -> a, TreeMap::new));
    }
}
