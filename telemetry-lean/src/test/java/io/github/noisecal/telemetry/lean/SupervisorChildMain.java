package io.github.noisecal.telemetry.lean;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A JVM that starts one supervised run that never ends by itself, says so on stdout, and waits: the tests kill it
 * (SIGKILL or SIGTERM) and check that the run's process tree dies with it.
 *
 * <p>Arguments: the program to run, its working directory, then its arguments.
 */
public final class SupervisorChildMain {
    private SupervisorChildMain() {
    }

    public static void main(String[] args) throws Exception {
        ProcessSupervisor supervisor = ProcessSupervisor.create();
        List<String> command = new java.util.ArrayList<>();
        command.add(args[0]);
        command.addAll(List.of(args).subList(2, args.length));
        Thread runner = new Thread(() -> {
            try {
                supervisor.run(ProcessSpec.builder(command, Path.of(args[1]), Duration.ofMinutes(10)).build());
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        runner.start();
        while (supervisor.activeRuns() == 0) {
            Thread.sleep(5);
        }
        System.out.println("started");
        System.out.flush();
        runner.join();
    }
}
