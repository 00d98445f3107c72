package io.github.noisecal.telemetry.lean;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Whether this build has the native parts that tests run: the launcher in the jar and the fake lean in
 * {@code target/fake-lean}. A build without Linux or a C compiler makes neither (src/main/c/build.xml), and the tests
 * that need them are skipped with the reason, never passed. With {@code -Dnoisecal.native=required} the build fails
 * when it cannot make them, and these tests are never skipped: whatever else is wrong then fails them.
 */
final class NativeBuild implements ExecutionCondition {

    /** Skips the annotated test class, with the reason, when the native parts are missing. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(NativeBuild.class)
    @interface Required {
    }

    /** The fake lean the test build compiles. */
    static Path fakeLeanBinary() {
        return Path.of(System.getProperty("fake.lean.binary", "target/fake-lean/fake-lean"));
    }

    /** Why the native parts cannot be used, or empty when they can. */
    static Optional<String> missing() {
        if ("required".equals(System.getProperty("noisecal.native"))) {
            return Optional.empty();
        }
        Optional<String> launcher = ProcessSupervisor.unavailableReason();
        if (launcher.isPresent()) {
            return Optional.of("needs the native launcher, and " + launcher.get());
        }
        if (!Files.isExecutable(fakeLeanBinary())) {
            return Optional.of("needs the fake lean, which this build did not compile (" + fakeLeanBinary() + ")");
        }
        return Optional.empty();
    }

    /** Aborts the calling test, with the reason, when the native parts are missing. */
    static void assumeAvailable() {
        Optional<String> missing = missing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElseThrow());
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return missing().map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("the launcher and the fake lean were built"));
    }
}
