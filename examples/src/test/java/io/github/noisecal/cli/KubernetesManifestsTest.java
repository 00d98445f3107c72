package io.github.noisecal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes manifests of {@code examples/kubernetes/}: an Indexed Job of shards, a merge Job, their shared
 * volume. Kubernetes is not run here; the manifests are parsed and checked, and their commands are run as the pods
 * would run them — one local process per completion index, then the merge — giving the model of one process.
 */
class KubernetesManifestsTest {
    private static final Path MANIFESTS = Path.of("kubernetes").toAbsolutePath();
    private static final String INDEX = "$(JOB_COMPLETION_INDEX)";

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String name) throws Exception {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(MANIFESTS.resolve(name)));
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object value = node;
        for (String key : path) {
            value = key.matches("\\d+") ? ((List<Object>) value).get(Integer.parseInt(key))
                    : ((Map<String, Object>) value).get(key);
        }
        return (T) value;
    }

    @Test
    void theManifestsAreAnIndexedJobAMergeJobAndTheirSharedVolume() throws Exception {
        Map<String, Object> claim = load("journals-pvc.yaml");
        assertEquals("PersistentVolumeClaim", claim.get("kind"));
        assertEquals(List.of("ReadWriteMany"), at(claim, "spec", "accessModes"), "pods on several nodes write it");
        String claimName = at(claim, "metadata", "name");

        Map<String, Object> shards = load("calibrate-job.yaml");
        assertEquals("batch/v1", shards.get("apiVersion"));
        assertEquals("Job", shards.get("kind"));
        assertEquals("Indexed", at(shards, "spec", "completionMode"));
        int completions = at(shards, "spec", "completions");
        assertTrue((int) at(shards, "spec", "parallelism") <= completions);
        assertEquals("Never", at(shards, "spec", "template", "spec", "restartPolicy"));
        List<String> args = at(shards, "spec", "template", "spec", "containers", "0", "args");
        assertEquals(INDEX + "/" + completions, args.get(args.indexOf("--shard") + 1),
                "the shard count is the Job's completions");
        String mount = at(shards, "spec", "template", "spec", "containers", "0", "volumeMounts", "0", "mountPath");
        assertEquals(mount + "/shard-" + INDEX + ".jsonl", args.get(args.indexOf("--raw") + 1));
        assertTrue(args.contains("--resume"), "a retried pod continues its journal");
        assertEquals(claimName, at(shards, "spec", "template", "spec", "volumes", "0", "persistentVolumeClaim",
                "claimName"));

        Map<String, Object> merge = load("merge-job.yaml");
        assertEquals("Job", merge.get("kind"));
        List<String> fit = at(merge, "spec", "template", "spec", "containers", "0", "args");
        assertEquals(List.of("fit", "--raw", mount, "--export", mount + "/model.yaml"), fit);
        assertEquals(mount, at(merge, "spec", "template", "spec", "containers", "0", "volumeMounts", "0",
                "mountPath"));
        assertEquals(claimName, at(merge, "spec", "template", "spec", "volumes", "0", "persistentVolumeClaim",
                "claimName"));
        String image = at(shards, "spec", "template", "spec", "containers", "0", "image");
        assertEquals(image, at(merge, "spec", "template", "spec", "containers", "0", "image"));
    }

    @Test
    void thePodsCommandsRunLocallyGiveTheModelOfOneProcess() throws Exception {
        Map<String, Object> shards = load("calibrate-job.yaml");
        int completions = at(shards, "spec", "completions");
        List<String> template = at(shards, "spec", "template", "spec", "containers", "0", "args");
        String mount = at(shards, "spec", "template", "spec", "containers", "0", "volumeMounts", "0", "mountPath");
        Path volume = Files.createDirectories(dir.resolve("volume"));
        // What the kubelet does: $(JOB_COMPLETION_INDEX) expanded per pod; the volume is a local directory here.
        List<CliProcess> pods = new ArrayList<>();
        for (int index = 0; index < completions; index++) {
            List<String> args = new ArrayList<>();
            for (String arg : template) {
                args.add(arg.replace(INDEX, String.valueOf(index)).replace(mount, volume.toString()));
            }
            pods.add(CliProcess.start(dir, "pod-" + index, args));
        }
        for (CliProcess pod : pods) {
            assertEquals(0, pod.waitFor(180), pod.err());
        }
        List<String> fit = new ArrayList<>();
        List<String> mergeArgs = at(load("merge-job.yaml"), "spec", "template", "spec", "containers", "0", "args");
        for (String arg : mergeArgs) {
            fit.add(arg.replace(mount, volume.toString()));
        }
        CliRunner merged = CliRunner.run(fit.toArray(String[]::new));
        assertEquals(0, merged.exitCode(), merged.err());

        List<String> single = new ArrayList<>(template.subList(0, template.indexOf("--shard")));
        single.addAll(List.of("--export", dir.resolve("single.yaml").toString()));
        CliRunner one = CliRunner.run(single.toArray(String[]::new));
        assertEquals(0, one.exitCode(), one.err());
        assertEquals(ModelFiles.models(dir.resolve("single.yaml")), ModelFiles.models(volume.resolve("model.yaml")));
    }
}
