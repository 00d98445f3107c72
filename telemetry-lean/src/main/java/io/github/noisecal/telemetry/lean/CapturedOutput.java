package io.github.noisecal.telemetry.lean;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded capture of one output stream: its first and last bytes, and how many bytes in between were dropped.
 * When nothing was dropped, {@link #head()} followed by {@link #tail()} is the whole stream.
 */
public final class CapturedOutput {
    private static final CapturedOutput EMPTY = new CapturedOutput(new byte[0], new byte[0], 0);

    private final byte[] head;
    private final byte[] tail;
    private final long totalBytes;

    public CapturedOutput(byte[] head, byte[] tail, long totalBytes) {
        if (totalBytes < (long) head.length + tail.length) {
            throw new IllegalArgumentException("totalBytes " + totalBytes + " is less than the " + head.length
                    + " head and " + tail.length + " tail bytes kept");
        }
        this.head = head.clone();
        this.tail = tail.clone();
        this.totalBytes = totalBytes;
    }

    public static CapturedOutput empty() {
        return EMPTY;
    }

    public byte[] head() {
        return head.clone();
    }

    public byte[] tail() {
        return tail.clone();
    }

    /** Every byte the stream carried, kept or not. */
    public long totalBytes() {
        return totalBytes;
    }

    public long droppedBytes() {
        return totalBytes - head.length - tail.length;
    }

    /** The kept bytes as UTF-8 text, with a marker where bytes were dropped. */
    public String text() {
        String first = new String(head, StandardCharsets.UTF_8);
        if (droppedBytes() == 0) {
            return first + new String(tail, StandardCharsets.UTF_8);
        }
        return first + "\n[... " + droppedBytes() + " bytes dropped ...]\n" + new String(tail, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CapturedOutput that && totalBytes == that.totalBytes
                && Arrays.equals(head, that.head) && Arrays.equals(tail, that.tail);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(head) + Arrays.hashCode(tail)) + Long.hashCode(totalBytes);
    }

    @Override
    public String toString() {
        return "CapturedOutput[" + totalBytes + " bytes, " + droppedBytes() + " dropped]";
    }
}
