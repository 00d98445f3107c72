package io.github.noisecal.calibration.yaml;

import io.github.noisecal.calibration.InvalidInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One mapping of a loaded model document, read field by field with the expected type. Every failure is an
 * {@link InvalidInputException} naming the source and the field's dotted path, so a user can find what to fix.
 */
final class YamlMapping {
    private static final int MAX_QUOTED_LENGTH = 60;

    private final String source;
    private final String path;
    private final Map<String, Object> fields;
    /** The line of each field by its dotted path, where known ({@link SafeYaml#keyLines}); empty otherwise. */
    private final Map<String, Integer> lines;

    private YamlMapping(String source, String path, Map<String, Object> fields, Map<String, Integer> lines) {
        this.source = source;
        this.path = path;
        this.fields = fields;
        this.lines = lines;
    }

    /** The document's top-level mapping; {@code document} is what the safe loader returned. */
    static YamlMapping document(Object document, String source) {
        return of(document, source, "", Map.of());
    }

    /**
     * As {@link #document(Object, String)}, with the line of every field ({@link SafeYaml#keyLines}): each failure
     * then names the line as well.
     */
    static YamlMapping document(Object document, String source, Map<String, Integer> lines) {
        return of(document, source, "", Map.copyOf(lines));
    }

    private static YamlMapping of(Object value, String source, String path, Map<String, Integer> lines) {
        String where = path.isEmpty() ? source + ": " : source + ": " + path + ": ";
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidInputException(where + "expected a mapping, got " + describe(value));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new InvalidInputException(where + "field names must be strings, got " + describe(entry.getKey()));
            }
            fields.put(key, entry.getValue());
        }
        return new YamlMapping(source, path, fields, lines);
    }

    /** The field names, in document order. */
    Set<String> keys() {
        return fields.keySet();
    }

    /** A failure of the field {@code key} of this mapping. */
    InvalidInputException invalid(String key, String problem) {
        Integer line = lines.get(pathOf(key).replaceFirst("\\[\\d+]$", ""));
        return new InvalidInputException(source + ": " + (line == null ? "" : "line " + line + ": ") + pathOf(key)
                + ": " + problem);
    }

    /**
     * Rejects any key not in {@code known}: a misspelt field must not be silently ignored.
     *
     * @param kind what the keys are, for the message: {@code field}, {@code outcome code}
     */
    void rejectUnknownKeys(String kind, Collection<String> known) {
        for (String key : fields.keySet()) {
            if (!known.contains(key)) {
                throw invalid(key, "unknown " + kind + "; expected one of " + String.join(", ", known));
            }
        }
    }

    /** The raw value of a field that must be present (its value may be null). */
    Object value(String key) {
        if (!fields.containsKey(key)) {
            throw invalid(key, "missing");
        }
        return fields.get(key);
    }

    String string(String key) {
        Object value = value(key);
        if (value instanceof String string) {
            return string;
        }
        throw expected(key, "a string", value);
    }

    /** A string, or null when the field's value is null. */
    String nullableString(String key) {
        return value(key) == null ? null : string(key);
    }

    /** An integer in [min, max]. */
    long integer(String key, long min, long max) {
        Object value = value(key);
        if ((value instanceof Integer || value instanceof Long)
                && ((Number) value).longValue() >= min && ((Number) value).longValue() <= max) {
            return ((Number) value).longValue();
        }
        throw expected(key, integerIn(min, max), value);
    }

    /** An integer in [min, max], or null when the field's value is null. */
    Long nullableInteger(String key, long min, long max) {
        return value(key) == null ? null : integer(key, min, max);
    }

    /** A finite number; integers are accepted as the same number. */
    double number(String key) {
        Object value = value(key);
        if (value instanceof Double || value instanceof Integer || value instanceof Long) {
            double number = ((Number) value).doubleValue();
            if (Double.isFinite(number)) {
                return number;
            }
        }
        throw expected(key, "a finite number", value);
    }

    /** A number in [0, 1], such as a rate or a p-value. */
    double probability(String key) {
        double value = number(key);
        if (!(value >= 0 && value <= 1)) {
            throw invalid(key, "must lie in [0, 1], got " + value);
        }
        return value;
    }

    /** A number in [0, 1], or null when the field's value is null. */
    Double nullableProbability(String key) {
        return value(key) == null ? null : probability(key);
    }

    /** A finite number, or null when the field's value is null. */
    Double nullableNumber(String key) {
        return value(key) == null ? null : number(key);
    }

    boolean bool(String key) {
        Object value = value(key);
        if (value instanceof Boolean bool) {
            return bool;
        }
        throw expected(key, "true or false", value);
    }

    /** A list of strings; a bad item is named by its position, such as {@code tie_with[1]}. */
    List<String> strings(String key) {
        List<?> items = list(key);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String string)) {
                throw expected(itemKey(key, i), "a string", items.get(i));
            }
            strings.add(string);
        }
        return strings;
    }

    /** A list of finite numbers; a bad item is named by its position, such as {@code event_ms[4]}. */
    double[] numbers(String key) {
        List<?> items = list(key);
        double[] numbers = new double[items.size()];
        for (int i = 0; i < numbers.length; i++) {
            if (!isFiniteNumber(items.get(i))) {
                throw expected(itemKey(key, i), "a finite number", items.get(i));
            }
            numbers[i] = ((Number) items.get(i)).doubleValue();
        }
        return numbers;
    }

    /** A list of integers in [min, max]; a bad item is named by its position. */
    long[] integers(String key, long min, long max) {
        List<?> items = list(key);
        long[] integers = new long[items.size()];
        for (int i = 0; i < integers.length; i++) {
            Object item = items.get(i);
            if (!(item instanceof Integer || item instanceof Long) || ((Number) item).longValue() < min
                    || ((Number) item).longValue() > max) {
                throw expected(itemKey(key, i), integerIn(min, max), item);
            }
            integers[i] = ((Number) item).longValue();
        }
        return integers;
    }

    /** A list of mappings, each named by its position, such as {@code points[3]}. */
    List<YamlMapping> mappings(String key) {
        List<?> items = list(key);
        List<YamlMapping> mappings = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            mappings.add(of(items.get(i), source, pathOf(itemKey(key, i)), lines));
        }
        return mappings;
    }

    /** A {@code size} x {@code size} matrix of finite numbers as a list of rows, such as a covariance matrix. */
    List<List<Double>> squareMatrix(String key, int size) {
        Object value = value(key);
        if (!(value instanceof List<?> rows) || rows.size() != size) {
            throw expected(key, "a " + size + " x " + size + " matrix", value);
        }
        List<List<Double>> matrix = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String rowKey = itemKey(key, i);
            if (!(rows.get(i) instanceof List<?> row) || row.size() != size) {
                throw expected(rowKey, "a row of " + size + (size == 1 ? " number" : " numbers"), rows.get(i));
            }
            List<Double> numbers = new ArrayList<>();
            for (int j = 0; j < size; j++) {
                if (!isFiniteNumber(row.get(j))) {
                    throw expected(itemKey(rowKey, j), "a finite number", row.get(j));
                }
                numbers.add(((Number) row.get(j)).doubleValue());
            }
            matrix.add(numbers);
        }
        return matrix;
    }

    /** A list of two finite numbers, such as a confidence interval. */
    Interval interval(String key) {
        Object value = value(key);
        if (value instanceof List<?> list && list.size() == 2 && isFiniteNumber(list.get(0))
                && isFiniteNumber(list.get(1))) {
            return new Interval(((Number) list.get(0)).doubleValue(), ((Number) list.get(1)).doubleValue());
        }
        throw expected(key, "a list of two numbers", value);
    }

    YamlMapping mapping(String key) {
        return of(value(key), source, pathOf(key), lines);
    }

    /** A mapping, or null when the field's value is null. */
    YamlMapping nullableMapping(String key) {
        return value(key) == null ? null : mapping(key);
    }

    /**
     * Builds a value from fields already read; an {@link IllegalArgumentException} from its constructor (a rule of
     * the model this reader does not repeat) becomes a failure of the field {@code key}.
     */
    <T> T build(String key, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw invalid(key, e.getMessage());
        }
    }

    private List<?> list(String key) {
        Object value = value(key);
        if (value instanceof List<?> list) {
            return list;
        }
        throw expected(key, "a list", value);
    }

    private static String itemKey(String key, int index) {
        return key + "[" + index + "]";
    }

    private InvalidInputException expected(String key, String expectation, Object value) {
        return invalid(key, "expected " + expectation + ", got " + describe(value));
    }

    private String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static boolean isFiniteNumber(Object value) {
        return (value instanceof Double || value instanceof Integer || value instanceof Long)
                && Double.isFinite(((Number) value).doubleValue());
    }

    private static String integerIn(long min, long max) {
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return "a 64-bit integer";
        }
        if (max == Long.MAX_VALUE) {
            return "an integer of at least " + min;
        }
        return "an integer from " + min + " to " + max;
    }

    /** A short one-line description of a loaded value; never prints a whole (possibly recursive) collection. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String string) {
            String shown = string.length() > MAX_QUOTED_LENGTH ? string.substring(0, MAX_QUOTED_LENGTH) + "..." : string;
            return '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                    + '"';
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (value instanceof List<?> list) {
            return "a list of " + list.size() + (list.size() == 1 ? " item" : " items");
        }
        if (value instanceof Date date) {
            return "the unquoted timestamp " + date.toInstant();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Set<?>) {
            return "a set";
        }
        return value instanceof byte[] ? "binary data" : "a " + value.getClass().getSimpleName();
    }
}
