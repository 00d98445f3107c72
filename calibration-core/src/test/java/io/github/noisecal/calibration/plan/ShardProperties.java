package io.github.noisecal.calibration.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.noisecal.calibration.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ShardProperties {
    @Property(tries = 300)
    void theShardsOfAPlanPartitionItsDrawsEvenly(@ForAll @LongRange(min = 0, max = 5_000) long draws,
                                                 @ForAll @IntRange(min = 1, max = 300) int count) {
        long total = 0;
        long smallest = Long.MAX_VALUE;
        long largest = 0;
        for (int i = 0; i < count; i++) {
            Shard shard = new Shard(i, count);
            long mine = 0;
            for (long d = 0; d < draws; d++) {
                if (shard.contains(d)) {
                    mine++;
                }
            }
            assertEquals(mine, shard.drawsOf(draws), "drawsOf counts what contains accepts");
            total += mine;
            smallest = Math.min(smallest, mine);
            largest = Math.max(largest, mine);
        }
        assertEquals(draws, total, "every draw in exactly one shard");
        assertTrue(largest - smallest <= 1, "shards differ by at most one draw");
    }

    @Property(tries = 200)
    void aShardReadsBackAsWritten(@ForAll @IntRange(min = 1, max = Shard.MAX_COUNT) int count,
                                  @ForAll @IntRange(min = 0, max = Shard.MAX_COUNT - 1) int index) {
        Shard shard = new Shard(index % count, count);
        assertEquals(shard, Shard.parse(shard.toString()));
    }

    @Test
    void malformedShardsAreRefusedSayingHowToWriteOne() {
        assertEquals("'1-4' is not a shard: write INDEX/COUNT such as 0/4, with 0 <= INDEX < COUNT",
                assertThrows(InvalidInputException.class, () -> Shard.parse("1-4")).getMessage());
        assertEquals("shard index 4 must lie in [0, 4) for 4 shards: shards are numbered from 0",
                assertThrows(InvalidInputException.class, () -> Shard.parse("4/4")).getMessage());
        assertEquals("a shard count must lie in [1, 1000000], got 0",
                assertThrows(InvalidInputException.class, () -> Shard.parse("0/0")).getMessage());
    }
}
