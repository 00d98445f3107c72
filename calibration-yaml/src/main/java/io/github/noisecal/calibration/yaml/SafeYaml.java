package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
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
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setCodePointLimit(MAX_CODE_POINTS);
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

    /** Marks a map or list to be written on one line, such as {@code [lower, upper]}. */
    record Flow(Object collection) {
    }

    /** Writes a tree of maps, lists and scalars as block-style YAML, except collections marked {@link Flow}. */
    static String dump(Map<String, Object> document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        options.setSplitLines(false);
        // A collection shared by two fields must be written twice, not as an anchor and an alias.
        options.setDereferenceAliases(true);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new ModelRepresenter(options), options)
                .dump(document);
    }

    private static String at(Mark mark) {
        return mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static final class ModelRepresenter extends Representer {
        ModelRepresenter(DumperOptions options) {
            super(options);
            representers.put(Flow.class, this::representFlow);
            Represent plainString = representers.get(String.class);
            representers.put(String.class, data -> isPrintableAscii((String) data) ? plainString.representData(data)
                    : representScalar(Tag.STR, (String) data, DumperOptions.ScalarStyle.DOUBLE_QUOTED));
        }

        /**
         * Text beyond printable ASCII is double-quoted: SnakeYAML's own choice of style for line separators, NEL
         * or a byte-order mark does not always read back, while double quotes escape all of them.
         */
        private static boolean isPrintableAscii(String text) {
            return text.chars().allMatch(c -> c >= ' ' && c <= '~');
        }

        private Node representFlow(Object data) {
            Object collection = ((Flow) data).collection();
            return collection instanceof Map<?, ?> map
                    ? representMapping(Tag.MAP, map, DumperOptions.FlowStyle.FLOW)
                    : representSequence(Tag.SEQ, (Iterable<?>) collection, DumperOptions.FlowStyle.FLOW);
        }
    }
}
