package io.github.noisecal.cli;

import io.github.noisecal.telemetry.BackendAvailability;
import io.github.noisecal.telemetry.BackendConfig;
import io.github.noisecal.telemetry.VerifierBackendProvider;
import io.github.noisecal.telemetry.VerifierBackends;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "backends",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "2:bad input (an unusable plugin directory)", "1:an unexpected failure"}, mixinStandardHelpOptions = true,
        description = "List the discovered verifier backends, whether each can run here, and why not.")
final class BackendsCommand implements Callable<Integer> {
    /** One line per backend fits an 80-column terminal; the rest is for --verbose. */
    static final int WIDTH = 80;

    @Spec
    CommandSpec spec;

    @Option(names = "--lean", paramLabel = "PATH", description = "Check the lean backend with this lean executable.")
    String lean;

    @Option(names = "--lake", paramLabel = "PATH", description = "Check the lean backend through this lake.")
    String lake;

    @Mixin
    OutputOptions output;

    @Option(names = {"-v", "--verbose"},
            description = "Also print each backend's description, where it comes from, and the whole reason, "
                    + "wrapped to 80 columns.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean json = output.json();
        Plugins plugins = NoisecalCli.plugins(spec);
        VerifierBackends backends = plugins.backends();
        int width = backends.names().stream().mapToInt(String::length).max().orElse(4);
        List<Map<String, Object>> listed = new ArrayList<>();
        for (VerifierBackendProvider provider : backends.providers()) {
            BackendAvailability availability;
            try {
                availability = provider.availability(configFor(provider.name()));
            } catch (RuntimeException e) {
                availability = BackendAvailability.unavailable("availability check failed: " + e);
            }
            if (json) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", provider.name());
                entry.put("available", availability.available());
                entry.put("detail", Messages.inUserTerms(availability.detail(), LeanOptions.FLAGS_BY_SETTING));
                entry.put("description", provider.description());
                entry.put("origin", plugins.origin(provider.getClass()));
                listed.add(entry);
                continue;
            }
            String head = String.format("%-" + width + "s  %-11s  ", provider.name(),
                    availability.available() ? "available" : "unavailable");
            String detail = Messages.printable(Messages.inUserTerms(availability.detail(), LeanOptions.FLAGS_BY_SETTING));
            if (!verbose) {
                out.println(head + Messages.shorten(detail, WIDTH - head.length()));
                continue;
            }
            String indent = " ".repeat(width + 2);
            out.println(Messages.wrap(head, detail, WIDTH));
            out.println(Messages.wrap(indent, Messages.printable(provider.description()), WIDTH));
            out.println(Messages.wrap(indent, "from " + plugins.origin(provider.getClass()), WIDTH));
        }
        if (json) {
            OutputOptions.print(out, Map.of("backends", listed, "load_failures", backends.loadFailures()));
            return 0;
        }
        for (String failure : backends.loadFailures()) {
            out.println("(a provider failed to load: " + Messages.printable(failure) + ")");
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
