package io.github.noisecal.cli;

import io.github.noisecal.telemetry.BackendAvailability;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.VerifierBackendProvider;
import io.github.noisecal.telemetry.VerifierBackends;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "backends", mixinStandardHelpOptions = true, description = "List the discovered verifier backends, whether each can run here, and why.")
final class BackendsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--lean", paramLabel = "PATH", description = "Check the lean backend with this lean executable.")
    String lean;

    @Option(names = "--lake", paramLabel = "PATH", description = "Check the lean backend through this lake.")
    String lake;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        VerifierBackends backends = VerifierBackends.load();
        int width = backends.names().stream().mapToInt(String::length).max().orElse(4);
        for (VerifierBackendProvider provider : backends.providers()) {
            BackendAvailability availability;
            try {
                availability = provider.availability(configFor(provider.name()));
            } catch (RuntimeException e) {
                availability = BackendAvailability.unavailable("availability check failed: " + e);
            }
            out.printf("%-" + width + "s  %-11s  %s  -- %s%n", provider.name(),
                    availability.available() ? "available" : "unavailable", availability.detail(),
                    provider.description());
        }
        for (String failure : backends.loadFailures()) {
            out.println("(a provider failed to load: " + failure + ")");
        }
        out.flush();
        return 0;
    }

    /** The lean backend is checked with the executable given here; every other backend with its defaults. */
    private BackendConfig configFor(String backend) {
        BackendConfig.Builder config = BackendConfig.builder();
        if (LeanOptions.BACKEND.equals(backend)) {
            if (lean != null) config.set("lean", lean);
            if (lake != null) config.set("lake", lake);
        }
        return config.build();
    }
}
