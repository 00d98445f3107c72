package io.github.noisecal.calibration.model;

import io.github.noisecal.calibration.plan.Shard;
import java.util.List;
import java.util.Objects;

/**
 * One journal a merged model was built from ({@code shards} in the model file).
 *
 * @param file     the journal as it was named to {@code fit}
 * @param shard    the part of the plan it holds, or null for telemetry without a journal header
 * @param samples  records taken from it
 * @param sessions the processes that wrote it, in order (empty for telemetry without a journal header)
 */
public record ShardSource(String file, Shard shard, long samples, List<RunSession> sessions) {
    public ShardSource {
        Objects.requireNonNull(file, "file");
        sessions = List.copyOf(sessions);
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be non-negative, got " + samples);
        }
    }
}
