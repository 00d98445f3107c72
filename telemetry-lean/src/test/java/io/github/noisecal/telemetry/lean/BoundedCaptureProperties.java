package io.github.noisecal.telemetry.lean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.noisecal.telemetry.lean.internal.BoundedCapture;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class BoundedCaptureProperties {

    /** However the stream is chunked, the capture keeps its first and last bytes and counts the rest. */
    @Property(tries = 300)
    void keepsTheHeadAndTheTailOfAnyChunking(@ForAll @Size(max = 40) List<@Size(max = 50) byte[]> chunks,
                                              @ForAll @IntRange(min = 0, max = 64) int limit) {
        BoundedCapture capture = new BoundedCapture(limit);
        byte[] stream = new byte[0];
        for (byte[] chunk : chunks) {
            capture.write(chunk, 0, chunk.length);
            byte[] longer = Arrays.copyOf(stream, stream.length + chunk.length);
            System.arraycopy(chunk, 0, longer, stream.length, chunk.length);
            stream = longer;
        }
        CapturedOutput captured = capture.snapshot();
        int headLength = Math.min(limit, stream.length);
        int tailLength = Math.min(limit, stream.length - headLength);
        assertArrayEquals(Arrays.copyOfRange(stream, 0, headLength), captured.head());
        assertArrayEquals(Arrays.copyOfRange(stream, stream.length - tailLength, stream.length), captured.tail());
        assertEquals(stream.length, captured.totalBytes());
        assertEquals(stream.length - headLength - tailLength, captured.droppedBytes());
    }
}
