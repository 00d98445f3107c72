package io.github.noisecal.calibration.plan;

import io.github.noisecal.calibration.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of {@code count} deterministic parts of a plan, written {@code index/count}: shard {@code I} runs the draws
 * {@code d} with {@code d mod count == I}. Each shard so gets every tier and every repeat of its draws (a draw's
 * shared tier group stays together), a near-equal share of the runs (shards differ by at most one draw), and the
 * modules of its draws, which the plan's seeded permutation spreads over the module list.
 *
 * @param index which part, in [0, count)
 * @param count how many parts the plan is split into, at least 1
 */
public record Shard(int index, int count) {
    /** The whole plan: one shard of one. */
    public static final Shard WHOLE = new Shard(0, 1);
    /** The most shards a plan can be split into. */
    public static final int MAX_COUNT = 1_000_000;

    private static final Pattern FORM = Pattern.compile("(\\d{1,9})/(\\d{1,9})");

    public Shard {
        if (count < 1 || count > MAX_COUNT) {
            throw new InvalidInputException("a shard count must lie in [1, " + MAX_COUNT + "], got " + count);
        }
        if (index < 0 || index >= count) {
            throw new InvalidInputException("shard index " + index + " must lie in [0, " + count + ") for " + count
                    + " shards: shards are numbered from 0");
        }
    }

    /** Reads {@code I/N}, such as {@code 0/4}; anything else is rejected naming the expected form. */
    public static Shard parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new InvalidInputException("'" + text + "' is not a shard: write INDEX/COUNT such as 0/4, with"
                    + " 0 <= INDEX < COUNT");
        }
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Whether {@code draw} belongs to this shard. */
    public boolean contains(long draw) {
        return draw % count == index;
    }

    /** Draws of a plan with {@code draws} draws that fall in this shard. */
    public long drawsOf(long draws) {
        return draws <= index ? 0 : (draws - index + count - 1) / count;
    }

    public boolean isWhole() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
