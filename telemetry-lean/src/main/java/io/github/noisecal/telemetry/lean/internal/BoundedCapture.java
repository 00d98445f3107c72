package io.github.noisecal.telemetry.lean.internal;

import io.github.noisecal.telemetry.lean.CapturedOutput;

/**
 * Keeps the first {@code limit} bytes of a stream and, in a ring buffer, its last {@code limit} bytes; everything
 * in between is only counted. Memory is taken as output arrives, so a quiet run costs next to nothing. Not
 * thread-safe: one drain thread writes, and {@link #snapshot} is called after it finished.
 */
public final class BoundedCapture {
    private static final byte[] NONE = new byte[0];
    private final int limit;
    private byte[] head = NONE;
    private byte[] ring = NONE;
    private int headLength;
    private int ringStart;
    private int ringLength;
    private long total;

    public BoundedCapture(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be non-negative, got " + limit);
        }
        this.limit = limit;
    }

    public void write(byte[] buffer, int offset, int length) {
        total += length;
        int toHead = Math.min(length, limit - headLength);
        if (headLength + toHead > head.length) {
            head = java.util.Arrays.copyOf(head, Math.min(limit, Math.max(headLength + toHead, 2 * head.length)));
        }
        System.arraycopy(buffer, offset, head, headLength, toHead);
        headLength += toHead;
        offset += toHead;
        length -= toHead;
        if (length == 0 || limit == 0) {
            return;
        }
        if (ring.length == 0) {
            ring = new byte[limit];
        }
        if (length >= ring.length) {
            System.arraycopy(buffer, offset + length - ring.length, ring, 0, ring.length);
            ringStart = 0;
            ringLength = ring.length;
            return;
        }
        int end = (ringStart + ringLength) % ring.length;
        int firstPart = Math.min(length, ring.length - end);
        System.arraycopy(buffer, offset, ring, end, firstPart);
        System.arraycopy(buffer, offset + firstPart, ring, 0, length - firstPart);
        int overflow = Math.max(0, ringLength + length - ring.length);
        ringLength = Math.min(ring.length, ringLength + length);
        ringStart = (ringStart + overflow) % ring.length;
    }

    public CapturedOutput snapshot() {
        byte[] kept = new byte[headLength];
        System.arraycopy(head, 0, kept, 0, headLength);
        byte[] tail = new byte[ringLength];
        int firstPart = Math.min(ringLength, ring.length - ringStart);
        System.arraycopy(ring, ringStart, tail, 0, firstPart);
        System.arraycopy(ring, 0, tail, firstPart, ringLength - firstPart);
        return new CapturedOutput(kept, tail, total);
    }
}
