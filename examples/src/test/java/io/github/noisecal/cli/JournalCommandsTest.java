package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** calibrate with a journal (--raw, --resume, --force, --shard) and fit over journals, in process. */
class JournalCommandsTest {
    @TempDir
    Path dir;

    static List<String> plan(String... more) {
        List<String> args = new ArrayList<>(List.of("calibrate", "--n", "40", "--repeats", "2", "--seed", "42",
                "--workers", "2", "--bootstrap", "5"));
        args.addAll(List.of(more));
        return args;
    }

    static CliRunner run(List<String> args) {
        return CliRunner.run(args.toArray(String[]::new));
    }

    static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    private void assertRefused(CliRunner r, String message) {
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("noisecal: error: ") && r.err().contains(message), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
    }

    @Test
    void anExistingJournalIsRefusedUnlessResumedOrForced() throws Exception {
        Path raw = Files.writeString(dir.resolve("raw.jsonl"), "an earlier run\n");
        Path model = dir.resolve("model.yaml");
        assertRefused(run(plan("--raw", raw.toString(), "--export", model.toString())),
                "--raw " + raw + " exists: add --resume to continue it, or --force to start over");
        assertEquals("an earlier run\n", Files.readString(raw), "untouched");
        assertFalse(Files.exists(model));
        CliRunner forced = run(plan("--raw", raw.toString(), "--export", model.toString(), "--force"));
        assertEquals(0, forced.exitCode(), forced.err());
        assertTrue(forced.err().contains("noisecal: the previous " + raw + " was moved to " + raw + ".replaced-"),
                forced.err());
        try (Stream<Path> files = Files.list(dir)) {
            Path aside = files.filter(p -> p.getFileName().toString().startsWith("raw.jsonl.replaced-")).findFirst()
                    .orElseThrow();
            assertEquals("an earlier run\n", Files.readString(aside), "the old journal is kept, aside");
        }
        assertEquals(121, Files.readAllLines(raw).size(), "header and 120 records");
    }

    @Test
    void theJournalMustBeAPlainFileAndEveryOutputUsableBeforeTheRun() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Path toDevice = Files.createSymbolicLink(dir.resolve("null.jsonl"), Path.of("/dev/null"));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.jsonl"), dir.resolve("nowhere"));
        assertRefused(run(plan("--raw", "/dev/null")), "--raw /dev/null: not a regular file");
        assertRefused(run(plan("--raw", fifo.toString())), "--raw " + fifo + ": not a regular file");
        assertRefused(run(plan("--raw", toDevice.toString(), "--resume")),
                "not a regular file (a device, pipe or directory, through a symbolic link)");
        assertRefused(run(plan("--raw", dangling.toString())), "a symbolic link to nothing");
        Path file = Files.writeString(dir.resolve("plain"), "");
        Path raw = dir.resolve("raw.jsonl");
        assertRefused(run(plan("--raw", raw.toString(), "--export", file.resolve("model.yaml").toString())),
                "--export " + file.resolve("model.yaml") + ": " + file + " is not a directory");
        assertRefused(run(plan("--raw", raw.toString(), "--export", "/dev/null")),
                "--export /dev/null: not a regular file");
        assertFalse(Files.exists(raw), "nothing ran");
        CliRunner made = run(plan("--raw", raw.toString(), "--export", dir.resolve("new/dir/model.yaml").toString()));
        assertEquals(0, made.exitCode(), made.err());
        assertTrue(Files.exists(dir.resolve("new/dir/model.yaml")), "a missing directory is made before the run");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--seed 7 | --seed 42 there, 7 here",
            "--n 60 | --n 40 there, 60 here",
            "--budget FAST=45s | --budget 30s 1m 2m there, 45s 1m 2m here",
            "--tier-runs shared | --tier-runs independent there, shared here",
            "--backend-option median_s=12 | --backend-option median_s (none) there, 12 here",
            "--shard 1/2 | --shard 0/1 there, 1/2 here",
            "--confidence 0.9 | --confidence 0.95 there, 0.9 here",
            "--interval clopper_pearson | --interval wilson there, clopper_pearson here",
            "--bootstrap 0 | --bootstrap 5 there, 0 here",
    })
    void resumingWithOtherOptionsNamesTheDifferenceAndWritesNothing(String option, String difference)
            throws Exception {
        Path raw = dir.resolve("raw.jsonl");
        assertEquals(0, run(plan("--raw", raw.toString())).exitCode());
        byte[] journal = Files.readAllBytes(raw);
        List<String> args = plan("--raw", raw.toString(), "--resume");
        String[] words = option.split(" ");
        int given = args.indexOf(words[0]);
        if (given >= 0 && !words[0].equals("--budget")) {
            args.set(given + 1, words[1]);
        } else {
            args.addAll(List.of(words));
        }
        assertRefused(run(args), "--resume: journal " + raw + " was made by another calibration: " + difference);
        assertTrue(java.util.Arrays.equals(journal, Files.readAllBytes(raw)), "the journal is unchanged");
    }

    @Test
    void resumingACompleteJournalRunsNothingAndWritesTheModel() throws Exception {
        Path raw = dir.resolve("raw.jsonl");
        Path first = dir.resolve("first.yaml");
        Path again = dir.resolve("again.yaml");
        assertEquals(0, run(plan("--raw", raw.toString(), "--export", first.toString())).exitCode());
        byte[] journal = Files.readAllBytes(raw);
        CliRunner resumed = run(plan("--raw", raw.toString(), "--export", again.toString(), "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("noisecal: resuming " + raw + ": 120 of 120 samples recorded"),
                resumed.err());
        assertTrue(java.util.Arrays.equals(journal, Files.readAllBytes(raw)), "nothing appended");
        assertEquals(ModelFiles.comparable(first), ModelFiles.comparable(again));
    }

    @Test
    void shardsMergeIntoTheModelOfOneProcess() throws Exception {
        Path single = dir.resolve("single.yaml");
        assertEquals(0, run(plan("--tier-runs", "shared", "--export", single.toString())).exitCode());
        Path journals = Files.createDirectories(dir.resolve("journals"));
        for (int i = 0; i < 3; i++) {
            CliRunner shard = run(plan("--tier-runs", "shared", "--shard", i + "/3", "--raw",
                    journals.resolve("shard-" + i + ".jsonl").toString()));
            assertEquals(0, shard.exitCode(), shard.err());
            assertTrue(shard.out().contains("Shard " + i + "/3: "), shard.out());
        }
        Path merged = dir.resolve("merged.yaml");
        CliRunner fit = CliRunner.run("fit", "--raw", journals.toString(), "--export", merged.toString(),
                "--bootstrap", "5");
        assertEquals(0, fit.exitCode(), fit.err());
        assertEquals(ModelFiles.models(single), ModelFiles.models(merged), "identical calibrated models");
        Map<String, Object> metadata = ModelFiles.metadata(merged);
        assertEquals(ModelFiles.metadata(single).get("plan_id"), metadata.get("plan_id"));
        List<?> shards = (List<?>) metadata.get("shards");
        assertEquals(3, shards.size());
        assertEquals("1/3", ((Map<?, ?>) shards.get(1)).get("shard"));
        assertTrue(((Map<?, ?>) ((List<?>) ((Map<?, ?>) shards.get(0)).get("sessions")).get(0))
                .get("environment") instanceof Map, "each shard's machine is listed");
        // The same journals compressed, as archived journals often are.
        Path gz = Files.createDirectories(dir.resolve("gz"));
        for (int i = 0; i < 3; i++) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz.resolve("shard-" + i
                    + ".jsonl.gz")))) {
                Files.copy(journals.resolve("shard-" + i + ".jsonl"), out);
            }
        }
        Path fromGz = dir.resolve("gz.yaml");
        assertEquals(0, CliRunner.run("fit", "--raw", gz.toString(), "--export", fromGz.toString(), "--bootstrap",
                "5").exitCode());
        assertEquals(ModelFiles.models(single), ModelFiles.models(fromGz));
    }

    @Test
    void fitNamesAMissingShardAndFitsWhatIsThereOnlyWhenAllowed() throws Exception {
        List<String> files = new ArrayList<>();
        for (int i : new int[] {0, 2}) {
            Path journal = dir.resolve("shard-" + i + ".jsonl");
            assertEquals(0, run(plan("--shard", i + "/3", "--raw", journal.toString())).exitCode());
            files.add(journal.toString());
        }
        List<String> fit = new ArrayList<>(List.of("fit", "--export", dir.resolve("m.yaml").toString(), "--raw"));
        fit.addAll(files);
        CliRunner refused = run(fit);
        assertRefused(refused, "is incomplete: 42 of 120 samples are missing: shard 1/3 (no journal of it among"
                + " the inputs)");
        assertFalse(Files.exists(dir.resolve("m.yaml")));
        CliRunner allowed = run(with(fit, "--allow-incomplete"));
        assertEquals(0, allowed.exitCode(), allowed.err());
        assertTrue(allowed.out().contains("Incomplete: 42 planned samples are missing (--allow-incomplete)"),
                allowed.out());
        assertTrue(allowed.err().contains("noisecal: warning: plan "), allowed.err());
        Map<String, Object> metadata = ModelFiles.metadata(dir.resolve("m.yaml"));
        assertEquals(true, metadata.get("allow_incomplete"));
        assertEquals(42, metadata.get("missing_samples"));
    }

    @Test
    void fitOverShardsStartedWithDifferentConfidenceLevelsNeedsTheLevelGiven() throws Exception {
        Path first = dir.resolve("shard-0.jsonl");
        Path second = dir.resolve("shard-1.jsonl");
        assertEquals(0, run(plan("--shard", "0/2", "--raw", first.toString())).exitCode());
        assertEquals(0, run(plan("--shard", "1/2", "--raw", second.toString(), "--confidence", "0.9")).exitCode());
        Path model = dir.resolve("m.yaml");
        List<String> fit = List.of("fit", "--raw", first.toString(), second.toString(), "--export", model.toString());
        assertRefused(run(fit), "the journals were started with different confidence levels (0.95 in " + first
                + "; 0.9 in " + second + "): pass --confidence to choose the one the model uses");
        assertFalse(Files.exists(model), "nothing written");
        CliRunner chosen = run(with(fit, "--confidence", "0.9"));
        assertEquals(0, chosen.exitCode(), chosen.err());
        assertEquals(0.9, ModelFiles.metadata(model).get("confidence_level"));
    }

    @Test
    void fitRefusesPlansThatDifferUnlessMixingIsAllowed() throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        assertEquals(0, run(plan("--raw", a.toString())).exitCode());
        List<String> otherSeed = plan("--raw", b.toString());
        otherSeed.set(otherSeed.indexOf("--seed") + 1, "43");
        assertEquals(0, run(otherSeed).exitCode());
        List<String> fit = List.of("fit", "--raw", a.toString(), b.toString(), "--export",
                dir.resolve("m.yaml").toString());
        assertRefused(run(fit), "the raw telemetry mixes 2 plans");
        CliRunner mixed = run(with(fit, "--allow-mixed"));
        assertEquals(0, mixed.exitCode(), mixed.err() + mixed.out());
        assertEquals(true, ModelFiles.metadata(dir.resolve("m.yaml")).get("allow_mixed"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--shard 1/4 | --shard 1/4 needs --raw",
            "--shard 4/4 --raw R | --shard: shard index 4 must lie in [0, 4) for 4 shards",
            "--shard 1/2 --raw R --export M | --shard 1/2 runs part of the plan, which has no model of its own",
            "--resume | --resume needs --raw",
            "--resume --force --raw R | --resume and --force contradict each other",
            "--retries 101 | --retries: must lie in [0, 100], got 101",
            "--retry-backoff soon | --retry-backoff: 'soon' is not a duration",
    })
    void journalOptionsAreChecked(String options, String message) {
        List<String> args = new ArrayList<>(List.of("calibrate", "--n", "4"));
        for (String word : options.split(" ")) {
            args.add(word.equals("R") ? dir.resolve("raw.jsonl").toString()
                    : word.equals("M") ? dir.resolve("m.yaml").toString() : word);
        }
        assertRefused(run(args), message);
        assertFalse(Files.exists(dir.resolve("raw.jsonl")));
    }

    @Test
    void moreWorkersThanCoresIsWarnedAndRecorded() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        Path model = dir.resolve("m.yaml");
        CliRunner r = run(List.of("calibrate", "--n", "10", "--bootstrap", "0", "--workers",
                String.valueOf(cores + 3), "--export", model.toString()));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("noisecal: warning: --workers " + (cores + 3) + " exceeds the " + cores
                + " available cores"), r.err());
        Map<String, Object> metadata = ModelFiles.metadata(model);
        assertEquals(cores + 3, metadata.get("workers"));
        assertEquals(cores, metadata.get("available_cores"));
        assertTrue(metadata.get("load_average") instanceof Double, "the load when the run started");
    }
}
