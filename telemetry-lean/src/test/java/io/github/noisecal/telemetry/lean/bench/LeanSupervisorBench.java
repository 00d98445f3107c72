package io.github.noisecal.telemetry.lean.bench;

import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.Tier;
import io.github.noisecal.telemetry.VerificationRequest;
import io.github.noisecal.telemetry.VerificationTelemetry;
import io.github.noisecal.telemetry.VerifierBackend;
import io.github.noisecal.telemetry.lean.FakeLean;
import io.github.noisecal.telemetry.lean.ProcessRunResult;
import io.github.noisecal.telemetry.lean.ProcessSpec;
import io.github.noisecal.telemetry.lean.ProcessSupervisor;
import io.github.noisecal.telemetry.lean.internal.LeanBackendProvider;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Times whole processes through the supervisor and the lean backend against references: a bare
 * {@code ProcessBuilder.start().waitFor()} loop, and GNU time's rusage. Run by {@code telemetry-lean/bench/run.sh};
 * prints one section per measurement.
 *
 * <p>Usage: {@code LeanSupervisorBench [overhead|kill|memory|cpu|monitoring|all]}
 */
public final class LeanSupervisorBench {
    private final Path project;
    private final FakeLean fake;

    private LeanSupervisorBench(Path directory) {
        fake = FakeLean.install(directory.resolve("fake"));
        project = FakeLean.project(directory.resolve("project"));
        FakeLean.writeSource(project, "Bench.Trivial", "theorem t : True := trivial\n");
        FakeLean.writeModule(project, "Bench.Hang", "hang-ignore-term 2");
        FakeLean.writeModule(project, "Bench.Spike", "spike 300 1000 32 20");
        FakeLean.writeModule(project, "Bench.Burn", "burn 1000");
        FakeLean.writeModule(project, "Bench.Idle", "sleep 2000");
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "all";
        Path directory = Files.createTempDirectory("lean-bench");
        LeanSupervisorBench bench = new LeanSupervisorBench(directory);
        System.out.printf(Locale.ROOT, "%d cores, %s %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        if (what.equals("overhead") || what.equals("all")) {
            bench.overhead();
        }
        if (what.equals("kill") || what.equals("all")) {
            bench.kill();
        }
        if (what.equals("memory") || what.equals("all")) {
            bench.memory();
        }
        if (what.equals("cpu") || what.equals("all")) {
            bench.cpu();
        }
        if (what.equals("monitoring") || what.equals("all")) {
            bench.monitoring();
        }
        System.exit(0);
    }

    private VerifierBackend backend(boolean lake) {
        return new LeanBackendProvider().create(BackendConfig.builder().set("project", project.toString())
                .set(lake ? "lake" : "lean", (lake ? fake.lake() : fake.lean()).toString()).build());
    }

    private static VerificationRequest request(String module, Duration budget, long index) {
        return new VerificationRequest("bench-" + index, module, new Tier("BENCH", budget), index, "bench");
    }

    // ------------------------------------------------------------------ per-run overhead and throughput

    private void overhead() throws Exception {
        System.out.println("\n== per-run overhead: trivial fake lean that exits at once ==");
        try (VerifierBackend backend = backend(false); ProcessSupervisor supervisor = ProcessSupervisor.create()) {
            AtomicLong ids = new AtomicLong();
            Task bare = () -> new ProcessBuilder(fake.lean().toString(), "Bench/Trivial.lean")
                    .directory(project.toFile()).start().waitFor();
            Task supervised = () -> supervisor.run(ProcessSpec.builder(
                    List.of(fake.lean().toString(), "Bench/Trivial.lean"), project, Duration.ofSeconds(30)).build());
            Task verify = () -> backend.verify(request("Bench.Trivial", Duration.ofSeconds(30), ids.incrementAndGet()));
            for (Task task : List.of(bare, supervised, verify)) {
                loop(task, 1, 300);
            }
            for (int workers : new int[] {1, 2}) {
                List<Long> bareTimes = new ArrayList<>();
                List<Long> supervisedTimes = new ArrayList<>();
                List<Long> verifyTimes = new ArrayList<>();
                double bareSeconds = 0;
                double supervisedSeconds = 0;
                double verifySeconds = 0;
                int perRound = 200;
                for (int round = 0; round < 5; round++) {
                    bareSeconds += loop(bare, workers, perRound, bareTimes);
                    supervisedSeconds += loop(supervised, workers, perRound, supervisedTimes);
                    verifySeconds += loop(verify, workers, perRound, verifyTimes);
                }
                int runs = 5 * perRound * workers;
                System.out.printf(Locale.ROOT, "%d worker(s), %d runs each:%n", workers, runs);
                report("  bare ProcessBuilder.start().waitFor()", bareTimes, runs / bareSeconds);
                report("  ProcessSupervisor.run", supervisedTimes, runs / supervisedSeconds);
                report("  LeanBackend.verify", verifyTimes, runs / verifySeconds);
                System.out.printf(Locale.ROOT, "  overhead (median): supervisor %+.2f ms, backend %+.2f ms per run%n",
                        (percentile(supervisedTimes, 50) - percentile(bareTimes, 50)) / 1e6,
                        (percentile(verifyTimes, 50) - percentile(bareTimes, 50)) / 1e6);
            }
            // the watchdogs (one per supervisor, outside the JVM) hear of every run twice
            List<ProcessHandle> watchdogs = ProcessHandle.current().children().filter(child -> child.info()
                    .arguments().map(arguments -> List.of(arguments).contains("--watchdog")).orElse(false)).toList();
            long watchdogNanos = watchdogs.stream().mapToLong(watchdog -> watchdog.info().totalCpuDuration()
                    .map(java.time.Duration::toNanos).orElse(0L)).sum();
            long runs = 2 * (300 + 5 * 200 * (1 + 2)); // warm-up and measured runs of the supervisor and the backend
            System.out.printf(Locale.ROOT, "  %d watchdogs used %.1f ms of CPU in all: %.1f us per supervised run "
                    + "(the JVM's clock ticks are 10 ms, so this is coarse); runs in cgroups of their own: %s%n",
                    watchdogs.size(), watchdogNanos / 1e6, watchdogNanos / 1e3 / runs, cgroupsInUse());
        }
    }

    /** Whether this JVM's supervisors put runs in cgroups: a noisecal-<pid>-... directory under its cgroup v2. */
    private static String cgroupsInUse() {
        try {
            String own = Files.readAllLines(Path.of("/proc/self/cgroup")).stream().filter(line -> line.startsWith("0::"))
                    .map(line -> line.substring(3)).findFirst().orElse(null);
            if (own == null) {
                return "no (no cgroup v2)";
            }
            for (String mount : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = mount.split(" ");
                if (mount.contains(" - cgroup2 ")) {
                    try (var entries = Files.newDirectoryStream(Path.of(fields[4] + own),
                            "noisecal-" + ProcessHandle.current().pid() + "-*")) {
                        if (entries.iterator().hasNext()) {
                            return "yes (under " + fields[4] + own + ")";
                        }
                    }
                }
            }
            return "no (cgroup v2 not writable)";
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    @FunctionalInterface
    private interface Task {
        void run() throws Exception;
    }

    private static double loop(Task task, int workers, int perWorker) throws Exception {
        return loop(task, workers, perWorker, new ArrayList<>());
    }

    /** Runs {@code task} {@code perWorker} times on each of {@code workers} threads; returns the elapsed seconds. */
    private static double loop(Task task, int workers, int perWorker, List<Long> times) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<List<Long>>> results = new ArrayList<>();
        long started = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            results.add(pool.submit(() -> {
                List<Long> own = new ArrayList<>();
                for (int i = 0; i < perWorker; i++) {
                    long t0 = System.nanoTime();
                    task.run();
                    own.add(System.nanoTime() - t0);
                }
                return own;
            }));
        }
        for (Future<List<Long>> result : results) {
            times.addAll(result.get());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        return seconds;
    }

    private static void report(String label, List<Long> times, double throughput) {
        System.out.printf(Locale.ROOT, "%-42s median %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  %7.1f runs/s%n", label,
                percentile(times, 50) / 1e6, percentile(times, 90) / 1e6, percentile(times, 99) / 1e6, throughput);
    }

    private static double percentile(List<Long> values, double percent) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    // ------------------------------------------------------------------ deadline to tree gone

    private void kill() throws Exception {
        System.out.println("\n== deadline to tree gone: hang ignoring SIGTERM with 2 grandchildren (one setsid'd and "
                + "orphaned), budget 200 ms ==");
        try (ProcessSupervisor supervisor = ProcessSupervisor.create()) {
            for (boolean lake : new boolean[] {false, true}) {
                List<String> command = new ArrayList<>();
                command.add((lake ? fake.lake() : fake.lean()).toString());
                if (lake) {
                    command.addAll(List.of("env", "lean"));
                }
                command.add("Bench/Hang.lean");
                List<Long> treeGone = new ArrayList<>();
                List<Long> returned = new ArrayList<>();
                Duration budget = Duration.ofMillis(200);
                for (int i = 0; i < 100; i++) {
                    long t0 = System.nanoTime();
                    ProcessRunResult run = supervisor.run(ProcessSpec.builder(command, project, budget).build());
                    returned.add(System.nanoTime() - t0 - budget.toNanos());
                    treeGone.add(run.killLatency().toNanos());
                }
                System.out.printf(Locale.ROOT, "%s, 100 runs:%n", lake ? "lake env lean" : "lean");
                System.out.printf(Locale.ROOT, "  deadline -> tree gone (launcher clock): p50 %.2f  p90 %.2f  p99 %.2f"
                                + "  max %.2f ms%n", percentile(treeGone, 50) / 1e6, percentile(treeGone, 90) / 1e6,
                        percentile(treeGone, 99) / 1e6, percentile(treeGone, 100) / 1e6);
                System.out.printf(Locale.ROOT, "  run() returned after start + budget + (JVM clock, includes spawn):"
                                + " p50 %.2f  p90 %.2f  p99 %.2f  max %.2f ms%n", percentile(returned, 50) / 1e6,
                        percentile(returned, 90) / 1e6, percentile(returned, 99) / 1e6,
                        percentile(returned, 100) / 1e6);
            }
        }
        System.out.println("  processes of the runs still alive afterwards: " + countAlive("Bench/Hang.lean"));
    }

    private static long countAlive(String marker) throws Exception {
        long count = 0;
        try (var entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                try {
                    if (new String(Files.readAllBytes(entry.resolve("cmdline"))).contains(marker)) {
                        count++;
                    }
                } catch (java.io.IOException e) {
                    // gone
                }
            }
        }
        return count;
    }

    // ------------------------------------------------------------------ peak memory and CPU against GNU time

    /** GNU time's figures for running the fake directly: max RSS in KiB, user + system seconds. */
    private double[] gnuTime(String file) throws Exception {
        Path output = Files.createTempFile("gnu-time", ".txt");
        Process process = new ProcessBuilder("/usr/bin/time", "-f", "%M %U %S", "-o", output.toString(),
                fake.lean().toString(), file).directory(project.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.waitFor();
        String[] fields = Files.readString(output).strip().split("\\s+");
        Files.delete(output);
        return new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1]) + Double.parseDouble(fields[2])};
    }

    private void memory() throws Exception {
        System.out.println("\n== peak memory: 300 MB held for 1 s with a 32 MB spike of 20 ms in the middle ==");
        try (VerifierBackend backend = backend(false)) {
            for (int i = 0; i < 3; i++) {
                double gnuKib = gnuTime("Bench/Spike.lean")[0];
                VerificationTelemetry record = backend.verify(request("Bench.Spike", Duration.ofSeconds(30), i));
                double oursKib = record.memoryPeakMb() * 1024;
                double kernelKib = ((Number) record.metadata().get("kernel_peak_rss_mb")).doubleValue() * 1024;
                System.out.printf(Locale.ROOT, "  run %d: GNU time %%M %.0f KiB; backend memory_peak_mb %.1f MiB "
                                + "(%.0f KiB, %+.2f%%), of which kernel ru_maxrss %.0f KiB; memory_final_mb %s%n", i,
                        gnuKib, record.memoryPeakMb(), oursKib, 100 * (oursKib - gnuKib) / gnuKib, kernelKib,
                        record.memoryFinalMb());
            }
        }
    }

    private void cpu() throws Exception {
        System.out.println("\n== CPU time: 1 s busy loop ==");
        try (VerifierBackend backend = backend(false)) {
            for (int i = 0; i < 3; i++) {
                double gnuSeconds = gnuTime("Bench/Burn.lean")[1];
                VerificationTelemetry record = backend.verify(request("Bench.Burn", Duration.ofSeconds(30), i));
                System.out.printf(Locale.ROOT, "  run %d: GNU time %%U+%%S %.3f s; backend cpu_time_ms %.1f ms "
                        + "(%+.2f%%)%n", i, gnuSeconds, record.cpuTimeMs(),
                        100 * (record.cpuTimeMs() / 1000 - gnuSeconds) / gnuSeconds);
            }
        }
    }

    // ------------------------------------------------------------------ monitoring cost

    private void monitoring() throws Exception {
        System.out.println("\n== monitoring cost per running verification (fake sleeping 2 s) ==");
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (ProcessSupervisor supervisor = ProcessSupervisor.create()) {
            for (boolean lake : new boolean[] {false, true}) {
                List<String> idle = command(lake, "Bench/Idle.lean");
                List<String> trivial = command(lake, "Bench/Trivial.lean");
                AtomicLong launcherCpu = new AtomicLong();
                Task idleRun = () -> launcherCpu.addAndGet(supervisor.run(ProcessSpec.builder(idle, project,
                        Duration.ofSeconds(30)).build()).supervisionCpu().toNanos());
                Task trivialRun = () -> supervisor.run(ProcessSpec.builder(trivial, project, Duration.ofSeconds(30))
                        .build());
                loop(idleRun, 2, 2); // warm-up
                for (int concurrent : new int[] {1, 2}) {
                    int rounds = 5;
                    launcherCpu.set(0);
                    long processBefore = os.getProcessCpuTime();
                    double seconds = loop(idleRun, concurrent, rounds);
                    long idleProcess = os.getProcessCpuTime() - processBefore;
                    long trivialBefore = os.getProcessCpuTime();
                    loop(trivialRun, concurrent, rounds);
                    long trivialProcess = os.getProcessCpuTime() - trivialBefore;
                    long quietBefore = os.getProcessCpuTime();
                    Thread.sleep((long) (seconds * 1000)); // what the JVM costs anyway over the same time
                    long quiet = os.getProcessCpuTime() - quietBefore;
                    double runSeconds = concurrent * seconds;
                    System.out.printf(Locale.ROOT, "  %s, %d concurrent, %d runs of %.1f s: launcher (sampling every "
                                    + "50 ms) %.3f%% of a core per run; JVM minus an idle JVM and as many trivial runs "
                                    + "%.3f%%%n", lake ? "lake env lean" : "lean", concurrent, concurrent * rounds,
                            seconds / rounds, 100.0 * launcherCpu.get() / 1e9 / runSeconds,
                            100.0 * (idleProcess - trivialProcess - quiet) / 1e9 / runSeconds);
                }
            }
        }
    }

    private List<String> command(boolean lake, String file) {
        List<String> command = new ArrayList<>();
        command.add((lake ? fake.lake() : fake.lean()).toString());
        if (lake) {
            command.addAll(List.of("env", "lean"));
        }
        command.add(file);
        return command;
    }
}
