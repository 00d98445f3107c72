package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Slurm scripts ({@code examples/slurm/}) on a real one-node Slurm cluster on localhost, from Debian's
 * packages (brought up by {@code examples/slurm/local-cluster.sh}): a 4-task array of shards and the dependent
 * merge give the model of one process; a failing shard cancels the merge instead of leaving it pending.
 *
 * <p>Skipped, with the reason, where Slurm is not installed or cannot start (not root, no munge); with
 * {@code NOISECAL_REQUIRE_SLURM=1} (as {@code .ci/run} sets after installing it) that is a failure instead.
 */
class SlurmClusterTest {
    private static final Path SCRIPTS = Path.of("slurm").toAbsolutePath();
    private static final List<String> CALIBRATION = List.of("--n", "100", "--seed", "42", "--workers", "1",
            "--bootstrap", "20");

    @TempDir
    static Path dir;
    static Path cluster;
    static String slurmConf;
    static Path noisecal;

    @BeforeAll
    static void startCluster() throws Exception {
        for (String tool : List.of("slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "munged", "mungekey")) {
            require(onPath(tool), tool + " is not installed: apt-get install --no-install-recommends slurmctld"
                    + " slurmd slurm-client munge (.ci/run does)");
        }
        require("root".equals(System.getProperty("user.name")), "the local Slurm cluster runs its daemons as root");
        cluster = dir.resolve("cluster");
        Map<String, String> ports = Map.of("CTLD_PORT", String.valueOf(freePort()), "SLURMD_PORT",
                String.valueOf(freePort()));
        Result started = run(List.of("bash", SCRIPTS.resolve("local-cluster.sh").toString(), "start",
                cluster.toString()), ports, 120);
        require(started.code() == 0, "the local Slurm cluster did not start (exit " + started.code() + "): "
                + started.output().strip().replace('\n', ' '));
        slurmConf = cluster.resolve("slurm.conf").toString();
        // The noisecal command the jobs run: this build's CLI on this test's class path.
        noisecal = dir.resolve("noisecal");
        Files.writeString(noisecal, "#!/bin/sh\nexec " + CliProcess.javaCommand().stream().map(ResumeCommand::quote)
                .collect(Collectors.joining(" ")) + " \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(noisecal, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            run(List.of("bash", SCRIPTS.resolve("local-cluster.sh").toString(), "stop", cluster.toString()),
                    Map.of(), 60);
        }
    }

    /** Skips, or fails where CI demands Slurm. */
    private static void require(boolean condition, String reason) {
        if (!condition && "1".equals(System.getenv("NOISECAL_REQUIRE_SLURM"))) {
            throw new AssertionError("NOISECAL_REQUIRE_SLURM=1, but " + reason);
        }
        Assumptions.assumeTrue(condition, reason);
    }

    @Test
    void aShardedCalibrationOnSlurmMergesIntoTheModelOfOneProcess() throws Exception {
        Path journals = dir.resolve("run");
        Path model = dir.resolve("model.yaml");
        long start = System.nanoTime();
        List<String> jobs = submit(journals, model);
        awaitGone(jobs, 300);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals("COMPLETED", state(jobs.get(0)), "every shard succeeded");
        assertEquals("COMPLETED", state(jobs.get(1)), "the merge ran after them: " + log(journals, "merge.log"));
        System.out.printf("Slurm end to end, 4 shards of 3 x 100 mock samples, submit to merged model: %.1f s%n",
                seconds);

        Path single = dir.resolve("single.yaml");
        List<String> one = new ArrayList<>(List.of("calibrate"));
        one.addAll(CALIBRATION);
        one.addAll(List.of("--export", single.toString()));
        CliRunner r = CliRunner.run(one.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(ModelFiles.models(single), ModelFiles.models(model), "identical calibrated models");
        List<?> shards = (List<?>) ModelFiles.metadata(model).get("shards");
        assertEquals(List.of("0/4", "1/4", "2/4", "3/4"), shards.stream().map(s -> ((Map<?, ?>) s).get("shard"))
                .toList());
    }

    @Test
    void aFailedShardCancelsTheMergeInsteadOfLeavingItPending() throws Exception {
        Path journals = Files.createDirectories(dir.resolve("failing"));
        // A directory where shard 2's journal should be: that shard is refused, exit 2.
        Files.createDirectories(journals.resolve("shard-2.jsonl"));
        List<String> jobs = submit(journals, dir.resolve("never.yaml"));
        awaitGone(jobs, 300);
        assertTrue(state(jobs.get(0)).contains("FAILED"), state(jobs.get(0)));
        assertEquals("CANCELLED", state(jobs.get(1)));
        assertTrue(log(journals, "shard-2.log").contains("--raw " + journals.resolve("shard-2.jsonl")
                + ": not a regular file"), log(journals, "shard-2.log"));
        assertTrue(Files.exists(journals.resolve("shard-1.jsonl")), "the other shards ran and kept their journals");
        assertTrue(!Files.exists(dir.resolve("never.yaml")));
    }

    private static List<String> submit(Path journals, Path model) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPTS.resolve("submit.sh").toString(), "4",
                journals.toString(), model.toString(), "--"));
        command.addAll(CALIBRATION);
        Result submitted = run(command, Map.of("SLURM_CONF", slurmConf, "NOISECAL", noisecal.toString()), 60);
        assertEquals(0, submitted.code(), submitted.output());
        List<String> ids = List.of(submitted.output().strip().split("\\s+"));
        assertEquals(2, ids.size(), submitted.output());
        return ids;
    }

    /** Polls squeue (sbatch --wait polls ever more slowly) until none of the jobs is pending or running. */
    private static void awaitGone(List<String> jobs, int timeoutSeconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            Result queue = run(List.of("squeue", "-h", "-j", String.join(",", jobs)), Map.of("SLURM_CONF", slurmConf),
                    30);
            if (queue.code() == 0 && queue.output().isBlank()) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("jobs " + jobs + " still queued after " + timeoutSeconds + " s: "
                        + queue.output());
            }
            Thread.sleep(300);
        }
    }

    /** The distinct states of a job (all tasks of an array), such as COMPLETED or CANCELLED. */
    private static String state(String job) throws Exception {
        Result shown = run(List.of("scontrol", "show", "job", job), Map.of("SLURM_CONF", slurmConf), 30);
        return java.util.regex.Pattern.compile("JobState=([A-Z_]+)").matcher(shown.output()).results()
                .map(m -> m.group(1)).distinct().sorted().collect(Collectors.joining(" "));
    }

    private static String log(Path journals, String name) throws IOException {
        Path file = journals.resolve(name);
        return Files.exists(file) ? Files.readString(file) : "(no " + name + ")";
    }

    private record Result(int code, String output) {
    }

    private static Result run(List<String> command, Map<String, String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(env);
        Path output = Files.createTempFile(dir, "out", ".txt");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, Files.readString(output) + " (timed out)");
        }
        return new Result(process.exitValue(), Files.readString(output));
    }

    private static boolean onPath(String tool) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
