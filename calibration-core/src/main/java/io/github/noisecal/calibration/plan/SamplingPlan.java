package io.github.noisecal.calibration.plan;

import io.github.noisecal.calibration.InvalidInputException;
import io.github.noisecal.calibration.internal.SeedMixer;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a calibration checks, and in which order: a pure function of its components, whatever the number of
 * workers, shards or interruptions that later execute it.
 *
 * <ul>
 *   <li><b>Modules × repeats.</b> Each tier gets {@code samplesPerTier} runs: {@link #draws()} module draws, each
 *       run {@link #repeats()} times. Draw {@code d} checks module {@code p[d mod m]} of a seeded permutation
 *       {@code p} of the {@code m} modules, so the first {@code m} draws use every module once and later draws let
 *       modules recur. Repeats are how run-to-run noise (verdict flips) is seen.</li>
 *   <li><b>Paired tiers.</b> The run of draw {@code d}, repeat {@code r} has the same module and the same
 *       {@linkplain #runSeed(long, int) seed} in every tier, so tiers are compared on identical work.</li>
 *   <li><b>Interleaved execution.</b> Runs go round by round: every draw's first run, then every draw's second,
 *       and so on, so the repeats of one draw are spread over the whole calibration instead of running back to
 *       back. Within one (draw, repeat) the tier groups come in a seeded random order, so paired runs happen close
 *       together in time and drifting machine load cannot masquerade as a tier difference.</li>
 *   <li><b>Shared runs.</b> Under {@link TierRuns#SHARED}, tiers with identical limits form one
 *       {@link TierGroup} and share each run (see {@link TierRuns}).</li>
 *   <li><b>Identity.</b> The {@linkplain #planId() plan id} is a digest of everything that decides which runs
 *       happen and how: seed, tiers with budgets and limits, samples per tier, repeats, tier runs, module list,
 *       backend and its settings. Every record's {@code verification_id} is derived from it, so the same plan gives
 *       the same ids on every execution, and a resumed or sharded run can match samples by id.</li>
 * </ul>
 */
public final class SamplingPlan {
    /** Keeps a plan's per-tier arrays indexable by int. */
    public static final long MAX_SAMPLES_PER_TIER = Integer.MAX_VALUE - 8;
    /** The backend name of plans made without naming one. */
    public static final String UNNAMED_BACKEND = "unnamed";

    private static final long MODULE_STREAM = 1;
    private static final long RUN_SEED_STREAM = 2;
    private static final long ORDER_STREAM = 3;
    private static final long MODULE_SEED_STREAM = 4;
    private static final long REPEAT_STREAM = 5;
    private static final String IDENTITY_VERSION = "noisecal-plan 1";

    private final List<Tier> tiers;
    private final long samplesPerTier;
    private final int repeats;
    private final long seed;
    private final List<String> modules;
    private final TierRuns tierRuns;
    private final String backend;
    private final BackendConfig backendSettings;

    private final long draws;
    private final List<TierGroup> tierGroups;
    private final int[] modulePermutation;
    private final String modulesSha256;
    private final String planId;

    /**
     * @param tiers           distinct tiers, in report order
     * @param samplesPerTier  runs per tier, at least 1 and a multiple of {@code repeats}
     * @param repeats         runs of each module draw per tier, at least 1
     * @param seed            master seed
     * @param modules         the module list: non-empty, valid, no name twice
     * @param tierRuns        whether tiers with identical limits share runs
     * @param backend         the backend's provider name
     * @param backendSettings the settings the backend is created with; part of the plan's identity
     * @throws InvalidInputException naming the offending component
     */
    public SamplingPlan(List<Tier> tiers, long samplesPerTier, int repeats, long seed, List<String> modules,
                        TierRuns tierRuns, String backend, BackendConfig backendSettings) {
        this.tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
        this.modules = List.copyOf(Objects.requireNonNull(modules, "modules"));
        this.tierRuns = Objects.requireNonNull(tierRuns, "tierRuns");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.backendSettings = Objects.requireNonNull(backendSettings, "backendSettings");
        this.samplesPerTier = samplesPerTier;
        this.repeats = repeats;
        this.seed = seed;
        if (this.tiers.isEmpty()) {
            throw new InvalidInputException("a sampling plan needs at least one tier");
        }
        var names = new HashSet<String>();
        for (Tier tier : this.tiers) {
            if (!names.add(tier.name())) {
                throw new InvalidInputException("tier " + tier.name() + " is listed twice");
            }
        }
        if (samplesPerTier < 1 || samplesPerTier > MAX_SAMPLES_PER_TIER) {
            throw new InvalidInputException("samples per tier must lie in [1, " + MAX_SAMPLES_PER_TIER + "], got "
                    + samplesPerTier);
        }
        if (repeats < 1) {
            throw new InvalidInputException("repeats must be at least 1, got " + repeats);
        }
        if (samplesPerTier % repeats != 0) {
            throw new InvalidInputException("samples per tier (" + samplesPerTier + ") must be a multiple of repeats ("
                    + repeats + "): each module draw runs " + repeats + " times in each tier");
        }
        if (this.modules.isEmpty()) {
            throw new InvalidInputException("a sampling plan needs at least one module");
        }
        var seen = new HashSet<String>();
        for (String module : this.modules) {
            ModuleList.requireValid(module);
            if (!seen.add(module)) {
                throw new InvalidInputException("module " + module + " is listed twice: a module list names each"
                        + " module once (use repeats to run modules more than once)");
            }
        }
        this.draws = samplesPerTier / repeats;
        this.tierGroups = groupTiers(this.tiers, tierRuns);
        this.modulePermutation = shuffle(this.modules.size(), SeedMixer.mix(seed, MODULE_STREAM, 0));
        this.modulesSha256 = sha256Lines(this.modules);
        this.planId = sha256(identity()).substring(0, 16);
    }

    /** One run per sample, tiers run independently, an unnamed backend: the origin's plan. */
    public SamplingPlan(List<Tier> tiers, long samplesPerTier, long seed, List<String> modules) {
        this(tiers, samplesPerTier, 1, seed, modules, TierRuns.INDEPENDENT, UNNAMED_BACKEND, BackendConfig.empty());
    }

    public List<Tier> tiers() {
        return tiers;
    }

    /** Runs per tier ({@code n}): {@link #draws()} × {@link #repeats()}. */
    public long samplesPerTier() {
        return samplesPerTier;
    }

    public int repeats() {
        return repeats;
    }

    public long seed() {
        return seed;
    }

    public List<String> modules() {
        return modules;
    }

    public TierRuns tierRuns() {
        return tierRuns;
    }

    public String backend() {
        return backend;
    }

    public BackendConfig backendSettings() {
        return backendSettings;
    }

    /** Module draws per tier: samples per tier divided by repeats. */
    public long draws() {
        return draws;
    }

    /** The groups of tiers that share runs, in the order of their first tier; singletons unless runs are shared. */
    public List<TierGroup> tierGroups() {
        return tierGroups;
    }

    /** A short hex digest of the plan's identity (see the class documentation). */
    public String planId() {
        return planId;
    }

    /** All records of all tiers: samples per tier × tiers. */
    public long totalSamples() {
        return samplesPerTier * tiers.size();
    }

    /** Verifier runs the plan needs: repeats × draws × tier groups (fewer than {@link #totalSamples()} when shared). */
    public long totalRuns() {
        return draws * repeats * tierGroups.size();
    }

    /** The run at execution {@code position}; see the class documentation for the order. */
    public PlannedRun runAt(long position) {
        if (position < 0 || position >= totalRuns()) {
            throw new IndexOutOfBoundsException("position " + position + " outside [0, " + totalRuns() + ")");
        }
        int groups = tierGroups.size();
        long perRound = draws * groups;
        int repeat = (int) (position / perRound);
        long inRound = position % perRound;
        long draw = inRound / groups;
        int slot = (int) (inRound % groups);
        return new PlannedRun(position, draw, repeat, groupOrder(draw, repeat)[slot]);
    }

    /** The seeded order in which the tier groups of ({@code draw}, {@code repeat}) run. */
    public int[] groupOrder(long draw, int repeat) {
        return shuffle(tierGroups.size(), SeedMixer.mix(SeedMixer.mix(seed, ORDER_STREAM, draw), REPEAT_STREAM,
                repeat));
    }

    /** The index into {@link #modules()} that {@code draw} checks. */
    public int moduleIndex(long draw) {
        return modulePermutation[(int) (draw % modules.size())];
    }

    /** The module {@code draw} checks, in every tier and every repeat. */
    public String moduleFor(long draw) {
        return modules.get(moduleIndex(draw));
    }

    /** The seed of the run of ({@code draw}, {@code repeat}), shared by every tier so simulated outcomes are paired. */
    public long runSeed(long draw, int repeat) {
        return SeedMixer.mix(SeedMixer.mix(seed, RUN_SEED_STREAM, draw), REPEAT_STREAM, repeat);
    }

    /** The module's own seed: the same for every run of the module, whichever draws it recurs in. */
    public long moduleSeed(String module) {
        return SeedMixer.mix(seed, MODULE_SEED_STREAM, fnv1a64(module));
    }

    /** The slot of ({@code draw}, {@code repeat}) in a tier's samples: {@code draw × repeats + repeat}. */
    public int slot(long draw, int repeat) {
        return (int) (draw * repeats + repeat);
    }

    /** The deterministic id of the record of tier {@code tierIndex} for ({@code draw}, {@code repeat}). */
    public String verificationId(int tierIndex, long draw, int repeat) {
        return planId + "-" + tiers.get(tierIndex).name() + "-" + draw + "-" + repeat;
    }

    /** SHA-256 of the module list, one name per line, as recorded in model metadata. */
    public String modulesSha256() {
        return modulesSha256;
    }

    /**
     * Everything the plan id digests, one {@code key=value} per line (values as length-prefixed text, so no value
     * can imitate another line).
     */
    public String identity() {
        StringBuilder text = new StringBuilder(IDENTITY_VERSION).append('\n');
        line(text, "seed", Long.toString(seed));
        line(text, "samples_per_tier", Long.toString(samplesPerTier));
        line(text, "repeats", Integer.toString(repeats));
        line(text, "tier_runs", tierRuns.id());
        for (Tier tier : tiers) {
            line(text, "tier", tier.name());
            line(text, "budget_ns", Long.toString(tier.budget().toNanos()));
            tier.limits().forEach((key, value) -> line(text, "limit." + key, value));
        }
        line(text, "modules", Integer.toString(modules.size()));
        line(text, "modules_sha256", modulesSha256);
        line(text, "backend", backend);
        for (String key : new TreeSet<>(backendSettings.keys())) {
            for (String value : backendSettings.getAll(key)) {
                line(text, "setting." + key, value);
            }
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String key, String value) {
        text.append(key).append('=').append(value.length()).append(':').append(value).append('\n');
    }

    private static List<TierGroup> groupTiers(List<Tier> tiers, TierRuns tierRuns) {
        List<List<Integer>> byLimits = new ArrayList<>();
        for (int i = 0; i < tiers.size(); i++) {
            List<Integer> group = null;
            for (List<Integer> members : byLimits) {
                if (tierRuns.shareRuns(tiers.get(members.get(0)), tiers.get(i))) {
                    group = members;
                    break;
                }
            }
            if (group == null) {
                group = new ArrayList<>();
                byLimits.add(group);
            }
            group.add(i);
        }
        List<TierGroup> groups = new ArrayList<>();
        for (List<Integer> members : byLimits) {
            int largest = members.get(0);
            for (int member : members) {
                if (tiers.get(member).budget().compareTo(tiers.get(largest).budget()) > 0) {
                    largest = member;
                }
            }
            groups.add(new TierGroup(members, largest));
        }
        return List.copyOf(groups);
    }

    private static int[] shuffle(int size, long state) {
        int[] permutation = new int[size];
        for (int i = 0; i < size; i++) {
            permutation[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            state = SeedMixer.mix(state + i);
            int j = SeedMixer.below(state, i + 1);
            int swap = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = swap;
        }
        return permutation;
    }

    /** FNV-1a: a 64-bit hash of a name, the same in every JVM. */
    private static long fnv1a64(String text) {
        long hash = 0xCBF29CE484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * 0x100000001B3L;
        }
        return hash;
    }

    private static String sha256Lines(List<String> lines) {
        MessageDigest digest = sha256Digest();
        for (String line : lines) {
            digest.update(line.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(sha256Digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SamplingPlan other && identity().equals(other.identity());
    }

    @Override
    public int hashCode() {
        return planId.hashCode();
    }

    @Override
    public String toString() {
        return "SamplingPlan[" + planId + ": " + tiers.size() + " tiers x " + draws + " draws x " + repeats
                + " repeats, " + tierRuns.id() + " tier runs, " + modules.size() + " modules, backend " + backend
                + "]";
    }
}
