package io.github.noisecal.telemetry.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A mock's records are a pure function of the request (and the clock, for the timestamp). */
class MockBackendDeterminismProperties {

    private static final Instant EPOCH = Instant.EPOCH;

    @Provide
    Arbitrary<Tier> tiers() {
        Arbitrary<Tier> custom = Arbitraries.of("QUICK", "OVERNIGHT", "T1", "FAST")
                .flatMap(name -> Arbitraries.longs().between(1, 3_600_000)
                        .map(ms -> new Tier(name, Duration.ofMillis(ms))));
        return Arbitraries.oneOf(Arbitraries.of(Tier.PREDEFINED), custom);
    }

    private static VerificationTelemetry withoutTimestamp(VerificationTelemetry record) {
        return record.toBuilder().timestamp(EPOCH).build();
    }

    @Property
    void twoMocksGiveEqualRecordsApartFromTheTimestamp(@ForAll long seed, @ForAll("tiers") Tier tier) {
        var request = new VerificationRequest("v", "Some.Module", tier, seed, "ctx");
        var atEpoch = new MockBackend(MockProfile.defaultProfile(), Clock.fixed(EPOCH, ZoneOffset.UTC));
        var onSystemClock = new MockBackend(MockProfile.defaultProfile());
        assertEquals(atEpoch.verify(request), withoutTimestamp(onSystemClock.verify(request)));
    }

    @Property
    void outcomeAndDurationDependOnlyOnSeedAndTier(@ForAll long seed, @ForAll("tiers") Tier tier,
            @ForAll("moduleNames") String moduleA, @ForAll("moduleNames") String moduleB) {
        var mock = new MockBackend(MockProfile.defaultProfile());
        VerificationTelemetry a = mock.verify(new VerificationRequest("first", moduleA, tier, seed, "x"));
        VerificationTelemetry b = mock.verify(new VerificationRequest("second", moduleB, tier, seed, "y"));
        assertEquals(a.outcome(), b.outcome());
        assertEquals(a.durationMs(), b.durationMs());
    }

    @Provide
    Arbitrary<String> moduleNames() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20);
    }

    @Example
    void recordsDoNotDependOnThreadsOrCallOrder() throws Exception {
        List<VerificationRequest> requests = new ArrayList<>();
        Tier[] tiers = {Tier.FAST, Tier.BALANCED, Tier.SLOW, new Tier("CUSTOM", Duration.ofSeconds(7))};
        for (int i = 0; i < 20_000; i++) {
            requests.add(new VerificationRequest("r" + i, "M" + (i % 7), tiers[i % tiers.length], i / 4, "c"));
        }
        var clock = Clock.fixed(EPOCH, ZoneOffset.UTC);
        MockBackend sequential = new MockBackend(MockProfile.defaultProfile(), clock);
        Map<String, VerificationTelemetry> inOrder = requests.stream()
                .collect(Collectors.toMap(VerificationRequest::verificationId, sequential::verify));

        List<VerificationRequest> shuffled = new ArrayList<>(requests);
        Collections.shuffle(shuffled, new Random(7));
        MockBackend shared = new MockBackend(MockProfile.defaultProfile(), clock);
        Map<String, VerificationTelemetry> concurrent = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int worker = 0; worker < 4; worker++) {
                List<VerificationRequest> share = shuffled.subList(worker * 5_000, (worker + 1) * 5_000);
                workers.add(pool.submit(() -> share.forEach(r -> concurrent.put(r.verificationId(), shared.verify(r)))));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(inOrder, concurrent);
    }
}
