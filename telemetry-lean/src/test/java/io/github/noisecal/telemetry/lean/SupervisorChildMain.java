package io.github.noisecal.telemetry.lean;

import io.github.noisecal.telemetry.lean.internal.SupervisionSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM that starts supervised runs that never end by themselves, all at once, says {@code started} on stdout when
 * every one is in progress, and waits: the tests kill it (SIGKILL, SIGTERM, or SIGKILL to its whole process group)
 * and check that the runs' process trees die with it.
 *
 * <p>Arguments: {@code [--no-cgroups] [--hold-before-registering] DIRECTORY -- COMMAND... [-- COMMAND...]}, one run
 * per command, each started in DIRECTORY. With {@code --hold-before-registering} each run's thread says
 * {@code launched PID} once its launcher started and then stops for good, before the watchdog is told about the run.
 */
public final class SupervisorChildMain {
    private SupervisorChildMain() {
    }

    public static void main(String[] args) throws Exception {
        int at = 0;
        boolean cgroups = true;
        if (args[at].equals("--no-cgroups")) {
            cgroups = false;
            at++;
        }
        SupervisionSettings.LaunchHook hook = SupervisionSettings.LaunchHook.NONE;
        if (args[at].equals("--hold-before-registering")) {
            hook = launcherPid -> {
                System.out.println("launched " + launcherPid);
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            };
            at++;
        }
        Path directory = Path.of(args[at++]);
        List<List<String>> commands = new ArrayList<>();
        for (; at < args.length; at++) {
            if (args[at].equals("--")) {
                commands.add(new ArrayList<>());
            } else {
                commands.get(commands.size() - 1).add(args[at]);
            }
        }
        ProcessSupervisor supervisor = ProcessSupervisor.create(new SupervisionSettings(
                SupervisionSettings.DEFAULT.drainGrace(), SupervisionSettings.DrainHook.NONE, cgroups, hook));
        List<Thread> runners = new ArrayList<>();
        for (List<String> command : commands) {
            Thread runner = new Thread(() -> {
                try {
                    supervisor.run(ProcessSpec.builder(command, directory, Duration.ofMinutes(10)).build());
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
            runner.start();
            runners.add(runner);
        }
        while (supervisor.activeRuns() < commands.size()) {
            Thread.sleep(5);
        }
        System.out.println("started");
        System.out.flush();
        for (Thread runner : runners) {
            runner.join();
        }
    }
}
