package io.github.noisecal.telemetry.tck;

import io.github.noisecal.telemetry.Outcome;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.VerifierConfigurationException;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Backends to run the kit against: {@link Correct} keeps the whole contract, and every other class breaks exactly
 * one rule in a way the type system allows.
 */
final class KitBackends {

    private KitBackends() {
    }

    /** Times out on every fourth seed, lasting exactly the budget; verifies the rest in 10 ms. */
    static class Correct implements VerifierBackend {
        private final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public String name() {
            return "correct";
        }

        @Override
        public String verifierVersion() {
            return "correct 1.0";
        }

        @Override
        public VerificationTelemetry verify(VerificationRequest request) {
            Objects.requireNonNull(request, "request");
            if (closed.get()) {
                throw new IllegalStateException("backend is closed");
            }
            return record(request).build();
        }

        VerificationTelemetry.Builder record(VerificationRequest request) {
            boolean timesOut = Math.floorMod(request.seed(), 4) == 0;
            return VerificationTelemetry.builder(request)
                    .timestamp(Instant.EPOCH)
                    .leanVersion(verifierVersion())
                    .outcome(timesOut ? Outcome.VERIFIER_TIMEOUT : Outcome.VERIFIED)
                    .durationMs(timesOut ? request.tier().budget().toMillis() : 10);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    static final class IdNotCopied extends Correct {
        @Override
        VerificationTelemetry.Builder record(VerificationRequest request) {
            return super.record(request).verificationId("own-" + request.seed());
        }
    }

    /** Builds its records field by field, as a backend that ignores VerificationTelemetry.builder(request) would. */
    static final class PlanNotCopied extends Correct {
        @Override
        VerificationTelemetry.Builder record(VerificationRequest request) {
            return super.record(request).planId(null).sampleIndex(null).repeat(null);
        }
    }

    static final class BudgetNotCopied extends Correct {
        @Override
        VerificationTelemetry.Builder record(VerificationRequest request) {
            return super.record(request).timeoutS(60);
        }
    }

    static final class WrongVersion extends Correct {
        @Override
        VerificationTelemetry.Builder record(VerificationRequest request) {
            return super.record(request).leanVersion("unknown");
        }
    }

    static final class BlankName extends Correct {
        @Override
        public String name() {
            return " ";
        }
    }

    static final class RejectsEveryModule extends Correct {
        @Override
        public void preflight(Collection<String> moduleNames) {
            throw new VerifierConfigurationException("cannot verify " + moduleNames);
        }
    }

    /** Reports timeouts as if the verifier had given up almost at once. */
    static final class TimeoutTooShort extends Correct {
        @Override
        VerificationTelemetry.Builder record(VerificationRequest request) {
            var record = super.record(request);
            return Math.floorMod(request.seed(), 4) == 0 ? record.durationMs(1) : record;
        }
    }

    /** Reports every verification as lasting twice its budget. */
    static final class OutlastsBudget extends Correct {
        @Override
        VerificationTelemetry.Builder record(VerificationRequest request) {
            return super.record(request).durationMs(2 * request.tier().budget().toMillis());
        }
    }

    static final class NeverTimesOut extends Correct {
        @Override
        VerificationTelemetry.Builder record(VerificationRequest request) {
            return super.record(request).outcome(Outcome.VERIFIED).durationMs(10);
        }
    }

    /** Returns no record for every third seed. */
    static final class LosesRecords extends Correct {
        @Override
        public VerificationTelemetry verify(VerificationRequest request) {
            VerificationTelemetry record = super.verify(request);
            return Math.floorMod(request.seed(), 3) == 0 ? null : record;
        }
    }

    /** Parks the request in a shared field while it "works", so concurrent calls overwrite each other's request. */
    static final class NotThreadSafe extends Correct {
        private VerificationRequest current;

        @Override
        public VerificationTelemetry verify(VerificationRequest request) {
            current = request;
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.verify(current);
        }
    }

    static final class CloseNotIdempotent extends Correct {
        private final AtomicBoolean closedOnce = new AtomicBoolean();

        @Override
        public void close() {
            if (!closedOnce.compareAndSet(false, true)) {
                throw new IllegalStateException("already closed");
            }
            super.close();
        }
    }

    /** Ignores close(), so requests after it still succeed. */
    static final class VerifiesAfterClose extends Correct {
        @Override
        public void close() {
        }
    }
}
