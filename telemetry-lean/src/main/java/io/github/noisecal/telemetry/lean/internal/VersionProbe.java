package io.github.noisecal.telemetry.lean.internal;

import io.github.noisecal.telemetry.VerifierConfigurationException;
import io.github.noisecal.telemetry.VerifierHarnessException;
import io.github.noisecal.telemetry.lean.LeanVersion;
import io.github.noisecal.telemetry.lean.ProcessRunResult;
import io.github.noisecal.telemetry.lean.ProcessSpec;
import io.github.noisecal.telemetry.lean.ProcessSupervisor;
import io.github.noisecal.telemetry.lean.SupervisedRunException;
import io.github.noisecal.telemetry.lean.Termination;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Lean's version once, and learns at the same time whether it accepts {@code --json}: Lean parses options
 * in order and answers {@code --version} as soon as it reaches it, so {@code lean --json --version} prints the
 * version when {@code --json} is known and fails with {@code Unknown command line option} when it is not; then
 * {@code lean --version} alone is run.
 */
final class VersionProbe {
    record Result(LeanVersion version, boolean json) {
    }

    private VersionProbe() {
    }

    static Result run(ProcessSupervisor supervisor, LeanSettings settings) {
        ProcessRunResult withJson = execute(supervisor, settings, true);
        String key = settings.throughLake() ? LeanSettings.LAKE : LeanSettings.LEAN;
        if (withJson.exitCode().orElse(-1) == 0) {
            return new Result(parse(key, settings, withJson), true);
        }
        String complaint = withJson.stderr().text();
        if (!complaint.contains("Unknown command line option") && !complaint.contains("unrecognized option")) {
            throw failure(key, settings, withJson);
        }
        ProcessRunResult plain = execute(supervisor, settings, false);
        if (plain.exitCode().orElse(-1) != 0) {
            throw failure(key, settings, plain);
        }
        return new Result(parse(key, settings, plain), false);
    }

    private static ProcessRunResult execute(ProcessSupervisor supervisor, LeanSettings settings, boolean json) {
        List<String> command = new ArrayList<>(List.of(settings.executable().toString()));
        if (settings.throughLake()) {
            command.addAll(List.of("env", "lean"));
        }
        if (json) {
            command.add("--json");
        }
        command.add("--version");
        try {
            return supervisor.run(ProcessSpec.builder(command, settings.project(), LeanBackend.VERSION_BUDGET)
                    .captureBytes(16 * 1024).build());
        } catch (SupervisedRunException e) {
            if (e.retryable()) {
                throw new VerifierHarnessException("cannot read the version of " + settings.executable() + " now: "
                        + e.getMessage(), e);
            }
            throw new VerifierConfigurationException("backend setting '"
                    + (settings.throughLake() ? LeanSettings.LAKE : LeanSettings.LEAN) + "': " + e.getMessage(), e);
        } catch (IOException e) {
            throw new VerifierConfigurationException("backend setting '"
                    + (settings.throughLake() ? LeanSettings.LAKE : LeanSettings.LEAN) + "': cannot execute "
                    + settings.executable() + ": " + e.getMessage(), e);
        }
    }

    private static LeanVersion parse(String key, LeanSettings settings, ProcessRunResult run) {
        String printed = new String(run.stdout().head(), StandardCharsets.UTF_8);
        return LeanVersion.parse(printed).orElseThrow(() -> new VerifierConfigurationException("backend setting '"
                + key + "': " + describe(settings) + " printed '" + printed.strip() + "', which is not Lean's "
                + "version line (Lean (version X.Y.Z, ...))"));
    }

    private static VerifierConfigurationException failure(String key, LeanSettings settings, ProcessRunResult run) {
        String how = run.termination() == Termination.DEADLINE_KILLED
                ? "did not answer within " + LeanBackend.VERSION_BUDGET.toSeconds() + " s"
                : run.exitCode().isPresent() ? "exited with " + run.exitCode().getAsInt()
                : "was killed by signal " + run.signal().getAsInt();
        String stderr = run.stderr().text().strip();
        return new VerifierConfigurationException("backend setting '" + key + "': " + describe(settings) + " " + how
                + (stderr.isEmpty() ? "" : ": " + stderr));
    }

    private static String describe(LeanSettings settings) {
        return "`" + settings.executable() + (settings.throughLake() ? " env lean" : "") + " --version`";
    }
}
