package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * SnakeYAML set up for model files. Loading builds only plain YAML values (maps, lists, strings, numbers, booleans,
 * null), never Java objects named by tags, and bounds what a hostile file can cost. {@link Yaml} is not thread-safe,
 * so every call builds its own.
 */
final class SafeYaml {
    /** Enough for any hand-written anchors, far too few for an alias "billion laughs" expansion. */
    private static final int MAX_ALIASES_FOR_COLLECTIONS = 50;
    /** A model is a few KB; this only stops a runaway input from exhausting memory. */
    private static final int MAX_CODE_POINTS = 50 * 1024 * 1024;

    private SafeYaml() {
    }

    /**
     * Loads one YAML document; null when the stream holds no document (an empty file, or only comments).
     *
     * @throws InvalidInputException naming the source, and the line and problem where SnakeYAML gives them
     */
    static Object load(Reader reader, String source) {
        LoaderOptions options = loaderOptions();
        try {
            return new Yaml(new SafeConstructor(options)).load(reader);
        } catch (MarkedYAMLException e) {
            throw new InvalidInputException(source + ": " + at(e.getProblemMark()) + oneLine(e.getProblem())
                    + (e.getContext() == null ? "" : " (" + oneLine(e.getContext()) + ")"), e);
        } catch (YAMLException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new InvalidInputException(source + ": not UTF-8 text", e);
            }
            if (e.getCause() instanceof IOException cause) {
                throw new InvalidInputException(source + ": cannot be read: " + cause.getMessage(), e);
            }
            throw new InvalidInputException(source + ": " + oneLine(e.getMessage()), e);
        }
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setCodePointLimit(MAX_CODE_POINTS);
        return options;
    }

    /**
     * The line (from 1) of every mapping key in a document that {@link #load} has loaded, by its dotted path as
     * {@link YamlMapping} names fields ({@code delta_aic.pass_above}, {@code points[3].rate}), so that messages about
     * a small hand-written file can say where to look. Composing builds only the node graph, never objects.
     */
    static Map<String, Integer> keyLines(String text) {
        Node root = new Yaml(new SafeConstructor(loaderOptions())).compose(new java.io.StringReader(text));
        Map<String, Integer> lines = new java.util.HashMap<>();
        if (root != null) {
            collectKeyLines(root, "", lines);
        }
        return lines;
    }

    private static void collectKeyLines(Node node, String path, Map<String, Integer> lines) {
        if (node instanceof org.yaml.snakeyaml.nodes.MappingNode mapping) {
            for (org.yaml.snakeyaml.nodes.NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode key) {
                    String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                    lines.putIfAbsent(child, key.getStartMark().getLine() + 1);
                    collectKeyLines(tuple.getValueNode(), child, lines);
                }
            }
        } else if (node instanceof org.yaml.snakeyaml.nodes.SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                collectKeyLines(items.get(i), path + "[" + i + "]", lines);
            }
        }
    }

    /** Marks a map or list to be written on one line, such as {@code [lower, upper]}. */
    record Flow(Object collection) {
    }

    /** Writes a tree of maps, lists and scalars as block-style YAML, except collections marked {@link Flow}. */
    static String dump(Map<String, Object> document) {
        return dumpParts(document).text();
    }

    /**
     * Flow lists of at least this many numbers (a tier's observed durations: up to 20,000 of them) are written
     * without SnakeYAML: as nodes they were nearly all the cost of writing a model, and of the read-back check.
     */
    static final int NUMBER_LIST_MIN = 100;

    /**
     * A document written in two parts: SnakeYAML's text of it with each long number list replaced by a plain token,
     * and those lists by token. The text is the same character for character as SnakeYAML's of the whole
     * document (it writes each number with its {@code toString()}, as SnakeYAML does, in a one-line flow list).
     *
     * @param skeleton SnakeYAML's text, each token appearing exactly once, as a mapping value
     * @param lists    the lists by token, in document order
     */
    record Dumped(String skeleton, Map<String, List<?>> lists) {

        /** The text: the skeleton with each token replaced by its list, {@code [a, b, c]}. */
        String text() {
            StringBuilder text = new StringBuilder(skeleton.length() + 24 * lists.values().stream()
                    .mapToInt(List::size).sum());
            List<Map.Entry<String, List<?>>> inTextOrder = new java.util.ArrayList<>(lists.entrySet());
            inTextOrder.sort(java.util.Comparator.comparingInt(entry -> skeleton.indexOf(entry.getKey())));
            int from = 0;
            for (Map.Entry<String, List<?>> entry : inTextOrder) {
                int at = skeleton.indexOf(entry.getKey(), from);
                text.append(skeleton, from, at).append('[');
                List<?> list = entry.getValue();
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        text.append(", ");
                    }
                    text.append(list.get(i).toString());
                }
                text.append(']');
                from = at + entry.getKey().length();
            }
            return text.append(skeleton, from, skeleton.length()).toString();
        }

        /**
         * A tree loaded from the skeleton with each token's value replaced by its list, as loading the text gives
         * it (numbers as Double, Integer or Long): the tree the text stands for, without parsing its lists.
         */
        Object graft(Object tree) {
            if (tree instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<Object, Object> entries = (Map<Object, Object>) map;
                entries.replaceAll((key, value) -> graft(value));
                return entries;
            }
            if (tree instanceof List<?> list) {
                @SuppressWarnings("unchecked")
                List<Object> items = (List<Object>) list;
                items.replaceAll(this::graft);
                return items;
            }
            if (tree instanceof String token && lists.containsKey(token)) {
                List<Object> loaded = new java.util.ArrayList<>(lists.get(token).size());
                for (Object item : lists.get(token)) {
                    loaded.add(item instanceof Long l && l == l.intValue() ? Integer.valueOf(l.intValue()) : item);
                }
                return loaded;
            }
            return tree;
        }
    }

    /** As {@link #dump}, in its two parts. */
    static Dumped dumpParts(Map<String, Object> document) {
        String nonce = Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36);
        Map<String, List<?>> lists = new java.util.LinkedHashMap<>();
        String skeleton = yaml(new ModelRepresenter(options(), "noisecal" + nonce + "list", lists)).dump(document);
        for (String token : lists.keySet()) {
            int at = skeleton.indexOf(token);
            if (at < 0 || skeleton.indexOf(token, at + 1) >= 0) {
                // The document's own text holds the token (astronomically unlikely): write it all with SnakeYAML.
                return new Dumped(dumpAllWithSnakeYaml(document), Map.of());
            }
        }
        return new Dumped(skeleton, lists);
    }

    /** The whole document written by SnakeYAML, long number lists included. */
    static String dumpAllWithSnakeYaml(Map<String, Object> document) {
        return yaml(new ModelRepresenter(options(), null, null)).dump(document);
    }

    private static DumperOptions options() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        options.setSplitLines(false);
        // A collection shared by two fields must be written twice, not as an anchor and an alias.
        options.setDereferenceAliases(true);
        return options;
    }

    private static Yaml yaml(ModelRepresenter representer) {
        return new Yaml(new SafeConstructor(new LoaderOptions()), representer, representer.options);
    }

    private static String at(Mark mark) {
        return mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static final class ModelRepresenter extends Representer {
        private final DumperOptions options;
        /** Token prefix for long number lists, or null to write them as SnakeYAML nodes. */
        private final String listToken;
        private final Map<String, List<?>> lists;

        ModelRepresenter(DumperOptions options, String listToken, Map<String, List<?>> lists) {
            super(options);
            this.options = options;
            this.listToken = listToken;
            this.lists = lists;
            representers.put(Flow.class, this::representFlow);
            Represent plainString = representers.get(String.class);
            representers.put(String.class, data -> isPrintableAscii((String) data) ? plainString.representData(data)
                    : representScalar(Tag.STR, (String) data, DumperOptions.ScalarStyle.DOUBLE_QUOTED));
        }

        /**
         * Text beyond printable ASCII is double-quoted: SnakeYAML's own choice of style for line separators, NEL
         * or a byte-order mark does not always read back, while double quotes escape all of them.
         */
        /** A long list of finite doubles and integers, which SnakeYAML writes as plain scalars by toString(). */
        private static boolean isNumberList(List<?> list) {
            if (list.size() < NUMBER_LIST_MIN) {
                return false;
            }
            for (Object item : list) {
                if (!(item instanceof Long || item instanceof Integer || item instanceof Double d && Double.isFinite(d))) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isPrintableAscii(String text) {
            return text.chars().allMatch(c -> c >= ' ' && c <= '~');
        }

        private Node representFlow(Object data) {
            Object collection = ((Flow) data).collection();
            if (listToken != null && collection instanceof List<?> list && isNumberList(list)) {
                String token = listToken + lists.size();
                lists.put(token, list);
                return representScalar(Tag.STR, token);
            }
            return collection instanceof Map<?, ?> map
                    ? representMapping(Tag.MAP, map, DumperOptions.FlowStyle.FLOW)
                    : representSequence(Tag.SEQ, (Iterable<?>) collection, DumperOptions.FlowStyle.FLOW);
        }
    }
}
