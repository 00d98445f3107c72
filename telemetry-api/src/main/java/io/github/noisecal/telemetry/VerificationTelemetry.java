package io.github.noisecal.telemetry;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The telemetry of one verification. Serialized field names are the snake_case forms of the component names
 * ({@code verification_id}, {@code duration_ms}, ...). A {@code null} measurement means "not measured by this
 * backend", never zero.
 *
 * @param verificationId   copied from the request
 * @param timestamp        when the verification started
 * @param moduleName       copied from the request
 * @param context          copied from the request
 * @param tier             the tier's name
 * @param timeoutS         the tier's wall-clock budget in seconds
 * @param leanVersion      the backend's verifier version string (the field keeps its historical name)
 * @param outcome          the classified outcome
 * @param success          whether the outcome counts as a success; always {@code outcome.isSuccess()}
 * @param durationMs       wall-clock duration, non-negative
 * @param cpuTimeMs        user plus system CPU time of the verifier's process tree, or null
 * @param memoryPeakMb     peak resident memory of the process tree in MiB, or null
 * @param memoryFinalMb    resident memory of the process tree when it finished, in MiB, or null
 * @param tacticCount      tactic steps in the checked module, or null
 * @param tacticDepth      deepest nesting of tactic blocks, or null
 * @param proofSizeBytes   size of the checked module's source, or null
 * @param searchNodes      proof-search nodes expanded, or null
 * @param stderr           the verifier's diagnostic text (for Lean, the first error), at most
 *                         {@link #MAX_STDERR_CHARS} characters
 * @param returncode       the process exit code, or null when it did not exit normally or there was no process
 * @param signal           the signal number that ended the process, or null
 * @param noiseInjected    whether a simulator injected noise into this outcome
 * @param noiseType        which noise was injected, or null
 * @param groundTruth      the known true verdict's outcome code, or null when unknown
 * @param noiseSeed        the seed the noise was drawn from, or null
 * @param policyConfidence the prover policy's confidence in [0, 1], or null
 * @param policyVersion    the prover policy's version, or null
 * @param metadata         backend-specific extras; values are strings, numbers, booleans, lists or maps
 * @param planId           the id of the calibration plan the run belongs to, or null when unknown (telemetry
 *                         from elsewhere)
 * @param sampleIndex      the module draw within the plan, or null when unknown
 * @param repeat           which run of that draw this is, from 0, or null when unknown
 */
public record VerificationTelemetry(
        String verificationId,
        Instant timestamp,
        String moduleName,
        String context,
        String tier,
        double timeoutS,
        String leanVersion,
        Outcome outcome,
        boolean success,
        double durationMs,
        Double cpuTimeMs,
        Double memoryPeakMb,
        Double memoryFinalMb,
        Integer tacticCount,
        Integer tacticDepth,
        Long proofSizeBytes,
        Long searchNodes,
        String stderr,
        Integer returncode,
        Integer signal,
        boolean noiseInjected,
        String noiseType,
        String groundTruth,
        Long noiseSeed,
        Double policyConfidence,
        String policyVersion,
        Map<String, Object> metadata,
        String planId,
        Long sampleIndex,
        Integer repeat) {

    /** Longest {@code stderr} kept; longer text is cut and marked, so a flooding verifier cannot bloat records. */
    public static final int MAX_STDERR_CHARS = 4096;

    public VerificationTelemetry {
        requireText(verificationId, "verificationId");
        Objects.requireNonNull(timestamp, "timestamp");
        requireText(moduleName, "moduleName");
        Objects.requireNonNull(context, "context");
        requireText(tier, "tier");
        Objects.requireNonNull(leanVersion, "leanVersion");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(stderr, "stderr");
        if (!(timeoutS > 0) || Double.isInfinite(timeoutS)) {
            throw new IllegalArgumentException("timeoutS must be positive and finite, got " + timeoutS);
        }
        if (success != outcome.isSuccess()) {
            throw new IllegalArgumentException("success=" + success + " contradicts outcome " + outcome.code());
        }
        requireNonNegative(durationMs, "durationMs");
        if (cpuTimeMs != null) requireNonNegative(cpuTimeMs, "cpuTimeMs");
        if (memoryPeakMb != null) requireNonNegative(memoryPeakMb, "memoryPeakMb");
        if (memoryFinalMb != null) requireNonNegative(memoryFinalMb, "memoryFinalMb");
        if (tacticCount != null && tacticCount < 0) throw negative("tacticCount", tacticCount);
        if (tacticDepth != null && tacticDepth < 0) throw negative("tacticDepth", tacticDepth);
        if (proofSizeBytes != null && proofSizeBytes < 0) throw negative("proofSizeBytes", proofSizeBytes);
        if (searchNodes != null && searchNodes < 0) throw negative("searchNodes", searchNodes);
        if (signal != null && (signal < 1 || signal > 128)) {
            throw new IllegalArgumentException("signal must be a signal number in [1, 128], got " + signal);
        }
        if (policyConfidence != null && !(policyConfidence >= 0 && policyConfidence <= 1)) {
            throw new IllegalArgumentException("policyConfidence must lie in [0, 1], got " + policyConfidence);
        }
        if (planId != null && planId.isBlank()) {
            throw new IllegalArgumentException("planId must be null or non-blank");
        }
        if (sampleIndex != null && sampleIndex < 0) throw negative("sampleIndex", sampleIndex);
        if (repeat != null && repeat < 0) throw negative("repeat", repeat);
        stderr = truncate(stderr);
        metadata = metadata == null || metadata.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * A builder pre-filled from the request: id, module, context, tier name and budget, and, for a request made by
     * a plan, the plan id, draw and repeat.
     */
    public static Builder builder(VerificationRequest request) {
        Builder builder = new Builder()
                .verificationId(request.verificationId())
                .moduleName(request.moduleName())
                .context(request.context())
                .tier(request.tier().name())
                .timeoutS(request.tier().timeoutSeconds());
        if (request.planId() != null) {
            builder.planId(request.planId()).sampleIndex(request.sampleIndex()).repeat(request.repeat());
        }
        return builder;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().verificationId(verificationId).timestamp(timestamp).moduleName(moduleName)
                .context(context).tier(tier).timeoutS(timeoutS).leanVersion(leanVersion).outcome(outcome)
                .durationMs(durationMs).cpuTimeMs(cpuTimeMs).memoryPeakMb(memoryPeakMb)
                .memoryFinalMb(memoryFinalMb).tacticCount(tacticCount).tacticDepth(tacticDepth)
                .proofSizeBytes(proofSizeBytes).searchNodes(searchNodes).stderr(stderr).returncode(returncode)
                .signal(signal).noiseInjected(noiseInjected).noiseType(noiseType).groundTruth(groundTruth)
                .noiseSeed(noiseSeed).policyConfidence(policyConfidence).policyVersion(policyVersion)
                .metadata(metadata).planId(planId).sampleIndex(sampleIndex).repeat(repeat);
    }

    static String truncate(String text) {
        if (text.length() <= MAX_STDERR_CHARS) {
            return text;
        }
        String marker = "\n[... truncated " + (text.length() - MAX_STDERR_CHARS) + " more characters]";
        return text.substring(0, MAX_STDERR_CHARS - marker.length()) + marker;
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requireNonNegative(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and non-negative, got " + value);
        }
    }

    private static IllegalArgumentException negative(String name, Number value) {
        return new IllegalArgumentException(name + " must be non-negative, got " + value);
    }

    /** Builds a record; {@code success} is derived from the outcome, and text fields default to empty. */
    public static final class Builder {
        private String verificationId;
        private Instant timestamp;
        private String moduleName;
        private String context = "";
        private String tier;
        private double timeoutS;
        private String leanVersion = "";
        private Outcome outcome;
        private double durationMs;
        private Double cpuTimeMs;
        private Double memoryPeakMb;
        private Double memoryFinalMb;
        private Integer tacticCount;
        private Integer tacticDepth;
        private Long proofSizeBytes;
        private Long searchNodes;
        private String stderr = "";
        private Integer returncode;
        private Integer signal;
        private boolean noiseInjected;
        private String noiseType;
        private String groundTruth;
        private Long noiseSeed;
        private Double policyConfidence;
        private String policyVersion;
        private Map<String, Object> metadata = Map.of();
        private String planId;
        private Long sampleIndex;
        private Integer repeat;

        private Builder() {
        }

        public Builder verificationId(String v) { verificationId = v; return this; }
        public Builder timestamp(Instant v) { timestamp = v; return this; }
        public Builder moduleName(String v) { moduleName = v; return this; }
        public Builder context(String v) { context = v; return this; }
        public Builder tier(String v) { tier = v; return this; }
        public Builder timeoutS(double v) { timeoutS = v; return this; }
        public Builder leanVersion(String v) { leanVersion = v; return this; }
        public Builder outcome(Outcome v) { outcome = v; return this; }
        public Builder durationMs(double v) { durationMs = v; return this; }
        public Builder cpuTimeMs(Double v) { cpuTimeMs = v; return this; }
        public Builder memoryPeakMb(Double v) { memoryPeakMb = v; return this; }
        public Builder memoryFinalMb(Double v) { memoryFinalMb = v; return this; }
        public Builder tacticCount(Integer v) { tacticCount = v; return this; }
        public Builder tacticDepth(Integer v) { tacticDepth = v; return this; }
        public Builder proofSizeBytes(Long v) { proofSizeBytes = v; return this; }
        public Builder searchNodes(Long v) { searchNodes = v; return this; }
        public Builder stderr(String v) { stderr = v; return this; }
        public Builder returncode(Integer v) { returncode = v; return this; }
        public Builder signal(Integer v) { signal = v; return this; }
        public Builder noiseInjected(boolean v) { noiseInjected = v; return this; }
        public Builder noiseType(String v) { noiseType = v; return this; }
        public Builder groundTruth(String v) { groundTruth = v; return this; }
        public Builder noiseSeed(Long v) { noiseSeed = v; return this; }
        public Builder policyConfidence(Double v) { policyConfidence = v; return this; }
        public Builder policyVersion(String v) { policyVersion = v; return this; }
        public Builder metadata(Map<String, Object> v) { metadata = v; return this; }
        public Builder planId(String v) { planId = v; return this; }
        public Builder sampleIndex(Long v) { sampleIndex = v; return this; }
        public Builder repeat(Integer v) { repeat = v; return this; }

        public VerificationTelemetry build() {
            Objects.requireNonNull(outcome, "outcome");
            return new VerificationTelemetry(verificationId, timestamp, moduleName, context, tier, timeoutS,
                    leanVersion, outcome, outcome.isSuccess(), durationMs, cpuTimeMs, memoryPeakMb, memoryFinalMb,
                    tacticCount, tacticDepth, proofSizeBytes, searchNodes, stderr, returncode, signal,
                    noiseInjected, noiseType, groundTruth, noiseSeed, policyConfidence, policyVersion, metadata,
                    planId, sampleIndex, repeat);
        }
    }
}
