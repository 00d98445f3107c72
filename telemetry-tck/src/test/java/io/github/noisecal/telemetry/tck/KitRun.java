package io.github.noisecal.telemetry.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The outcome of running one kit subclass through the JUnit Platform launcher, by test. A test is named
 * {@code Group.method}, such as {@code Lifecycle.closeIsIdempotent}.
 */
final class KitRun {
    private final Map<String, TestExecutionResult> results;
    private final Map<String, String> skipped;

    private KitRun(Map<String, TestExecutionResult> results, Map<String, String> skipped) {
        this.results = results;
        this.skipped = skipped;
    }

    static KitRun of(Class<? extends VerifierBackendCompatibilityKit> kit) {
        Map<String, TestExecutionResult> results = new TreeMap<>();
        Map<String, String> skipped = new TreeMap<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) {
                    results.put(name(test), result);
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
        return new KitRun(results, skipped);
    }

    private static String name(TestIdentifier test) {
        MethodSource method = (MethodSource) test.getSource().orElseThrow();
        String group = method.getClassName().substring(method.getClassName().lastIndexOf('$') + 1);
        return group + "." + method.getMethodName();
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
