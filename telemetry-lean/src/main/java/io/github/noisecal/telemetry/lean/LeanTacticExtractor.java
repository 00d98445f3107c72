package io.github.noisecal.telemetry.lean;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts the tactic steps of a Lean 4 source file, without Lean: comments (line, and nested block comments) and
 * string and character literals are blanked out, the rest is split into tokens, and every tactic sequence that a
 * {@code by} (or {@code decreasing_by}) opens is walked with Lean's layout rule: a sequence's tactics start at the
 * column of its first tactic, a line starting further right continues the current tactic, and a line starting
 * further left (or a bracket closing around the block) ends the sequence.
 *
 * <p>A tactic step is the name at the start of each tactic: first in a sequence, after {@code ;}, {@code <;>} or
 * {@code <|>}, on a new line at the sequence's column, after a focusing dot, or inside combinators. Nested
 * sequences ({@code by} inside a tactic's term, {@code · tacs}, {@code case/next/with-alternative ... => tacs},
 * {@code (tacs)}, the argument of {@code try}, {@code repeat}, {@code all_goals}, {@code first | ... | ...}, ...)
 * are one level deeper. This is a syntactic estimate: tactics produced by macros are not expanded.
 */
public final class LeanTacticExtractor {
    /** Tactics whose argument is itself a tactic sequence, one level deeper. */
    private static final Set<String> SEQUENCE_COMBINATORS = Set.of("try", "repeat", "repeat'", "all_goals",
            "any_goals", "focus", "iterate", "with_reducible", "with_reducible_and_instances", "with_unfolding_all",
            "fail_if_success", "success_if_fail", "classical", "unhygienic");
    /** Tactics whose alternatives, after {@code |}, are tactic sequences. */
    private static final Set<String> ALTERNATIVE_COMBINATORS = Set.of("first", "solve");
    /** Commands that end every tactic block when they start a line. */
    private static final Set<String> COMMANDS = Set.of("theorem", "lemma", "def", "example", "instance", "abbrev",
            "structure", "inductive", "class", "namespace", "section", "end", "variable", "universe", "attribute",
            "noncomputable", "private", "protected", "termination_by", "where", "deriving", "mutual", "#eval",
            "#check", "#print", "#reduce", "#exit", "@[", "opaque", "axiom", "macro", "syntax", "elab",
            "macro_rules", "elab_rules", "notation", "infix", "infixl", "infixr", "prefix", "postfix", "import");

    private final List<Token> tokens;
    private final Map<String, Integer> counts = new HashMap<>();
    private int total;
    private int maxDepth;

    private LeanTacticExtractor(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** The tactic statistics of {@code source}. */
    public static TacticStatistics extract(String source) {
        LeanTacticExtractor extractor = new LeanTacticExtractor(tokenize(blankCommentsAndLiterals(source)));
        extractor.scanTopLevel();
        return new TacticStatistics(extractor.total, extractor.maxDepth, extractor.counts);
    }

    // ------------------------------------------------------------------ parsing

    private void scanTopLevel() {
        int brackets = 0;
        int pos = 0;
        while (pos < tokens.size()) {
            Token token = tokens.get(pos);
            if (token.opens()) {
                brackets++;
            } else if (token.closes()) {
                brackets = Math.max(0, brackets - 1);
            } else if (token.opensTacticBlock()) {
                pos = sequence(pos + 1, 1, new Bound(brackets > 0, false));
                continue;
            }
            pos++;
        }
    }

    /** Which separators, besides layout and closing brackets, end a sequence. */
    private record Bound(boolean commaEnds, boolean barEnds) {
    }

    /** Walks the tactic sequence starting at {@code start}; returns the index of the first token after it. */
    private int sequence(int start, int depth, Bound bound) {
        if (start >= tokens.size()) {
            return start;
        }
        int column = tokens.get(start).column;
        int brackets = 0;
        boolean expectTactic = true;
        String currentTactic = "";
        int pos = start;
        int previousLine = tokens.get(start).line;
        while (pos < tokens.size()) {
            Token token = tokens.get(pos);
            boolean lineStart = pos > start && token.line != previousLine;
            previousLine = token.line;
            if (lineStart && brackets == 0) {
                if (token.column < column || COMMANDS.contains(token.text)) {
                    return pos;
                }
                if (token.column == column) {
                    expectTactic = true;
                }
            }
            if (token.closes()) {
                if (brackets == 0) {
                    return pos;
                }
                brackets--;
                pos++;
                continue;
            }
            if (brackets == 0 && (bound.commaEnds && token.is(",") || bound.barEnds && token.is("|"))) {
                return pos;
            }
            if (token.opensTacticBlock()) {
                pos = sequence(pos + 1, depth + 1, new Bound(brackets > 0 || bound.commaEnds, false));
                expectTactic = false;
                continue;
            }
            if (brackets == 0 && (token.is(";") || token.is("<;>") || token.is("<|>"))) {
                expectTactic = true;
                pos++;
                continue;
            }
            if (brackets == 0 && token.is("=>")) {
                pos = sequence(pos + 1, depth + 1, bound);
                expectTactic = false;
                continue;
            }
            if (brackets == 0 && token.is("in") && (currentTactic.equals("set_option") || currentTactic.equals("open"))) {
                expectTactic = true;
                pos++;
                continue;
            }
            if (expectTactic) {
                expectTactic = false;
                if (token.isBullet()) {
                    pos = sequence(pos + 1, depth + 1, bound);
                    continue;
                }
                if (token.is("(")) {
                    pos = sequence(pos + 1, depth + 1, new Bound(false, false));
                    if (pos < tokens.size() && tokens.get(pos).is(")")) {
                        pos++;
                    }
                    continue;
                }
                if (token.isIdentifier()) {
                    currentTactic = token.text;
                    count(token.text, depth);
                    pos = afterTacticName(pos, depth, bound);
                    continue;
                }
            }
            if (token.opens()) {
                brackets++;
            }
            pos++;
        }
        return pos;
    }

    /** Handles combinators right after their name; returns where the walk of the current sequence continues. */
    private int afterTacticName(int pos, int depth, Bound bound) {
        String name = tokens.get(pos).text;
        int next = pos + 1;
        if (SEQUENCE_COMBINATORS.contains(name)) {
            if (next < tokens.size() && tokens.get(next).isNumber()) {
                next++; // iterate n tac
            }
            if (next < tokens.size() && tokens.get(next).line == tokens.get(pos).line && !tokens.get(next).is("=>")) {
                return sequence(next, depth + 1, bound);
            }
            return next;
        }
        if (ALTERNATIVE_COMBINATORS.contains(name)) {
            while (next < tokens.size() && tokens.get(next).is("|")) {
                next = sequence(next + 1, depth + 1, new Bound(bound.commaEnds, true));
            }
            return next;
        }
        return next;
    }

    private void count(String tactic, int depth) {
        counts.merge(tactic, 1, Integer::sum);
        total++;
        maxDepth = Math.max(maxDepth, depth);
    }

    // ------------------------------------------------------------------ lexing

    private record Token(String text, int line, int column, boolean identifier) {
        boolean is(String symbol) {
            return !identifier && text.equals(symbol);
        }

        boolean isIdentifier() {
            return identifier && !text.equals("by") && !text.equals("decreasing_by");
        }

        boolean opensTacticBlock() {
            return identifier && (text.equals("by") || text.equals("decreasing_by"));
        }

        boolean opens() {
            return !identifier && (text.equals("(") || text.equals("[") || text.equals("{") || text.equals("⟨")
                    || text.equals("⦃") || text.equals("`("));
        }

        boolean closes() {
            return !identifier && (text.equals(")") || text.equals("]") || text.equals("}") || text.equals("⟩")
                    || text.equals("⦄"));
        }

        boolean isBullet() {
            return !identifier && (text.equals("·") || text.equals("."));
        }

        boolean isNumber() {
            return !identifier && !text.isEmpty() && Character.isDigit(text.charAt(0));
        }
    }

    private static final List<String> SYMBOLS = List.of("<;>", "<|>", "=>", ":=", "`(", "·");

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int line = 1;
        int lineStart = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = ++i;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int column = text.codePointCount(lineStart, i);
            if (c == '«') {
                int end = text.indexOf('»', i);
                end = end < 0 ? text.length() : end + 1;
                tokens.add(new Token(text.substring(i, end), line, column, true));
                i = end;
                continue;
            }
            if (isIdentifierStart(text.codePointAt(i)) || c == '#' && i + 1 < text.length()
                    && Character.isLetter(text.charAt(i + 1))) {
                int end = i + Character.charCount(text.codePointAt(i));
                while (end < text.length()) {
                    int cp = text.codePointAt(end);
                    if (isIdentifierPart(cp)) {
                        end += Character.charCount(cp);
                    } else if (cp == '.' && end + 1 < text.length() && isIdentifierStart(text.codePointAt(end + 1))) {
                        end++;
                    } else {
                        break;
                    }
                }
                tokens.add(new Token(text.substring(i, end), line, column, true));
                i = end;
                continue;
            }
            if (Character.isDigit(c)) {
                int end = i;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '.'
                        && end + 1 < text.length() && Character.isDigit(text.charAt(end + 1)))) {
                    end++;
                }
                tokens.add(new Token(text.substring(i, end), line, column, false));
                i = end;
                continue;
            }
            if (c == '@' && i + 1 < text.length() && text.charAt(i + 1) == '[') {
                tokens.add(new Token("@[", line, column, false));
                tokens.add(new Token("[", line, column + 1, false));
                i += 2;
                continue;
            }
            String symbol = symbolAt(text, i);
            tokens.add(new Token(symbol, line, column, false));
            i += symbol.length();
        }
        return tokens;
    }

    private static String symbolAt(String text, int index) {
        for (String symbol : SYMBOLS) {
            if (text.startsWith(symbol, index)) {
                return symbol;
            }
        }
        return new String(Character.toChars(text.codePointAt(index)));
    }

    private static boolean isIdentifierStart(int cp) {
        return cp == '_' || Character.isLetter(cp) && cp != 'λ' && cp != 'Π' && cp != 'Σ';
    }

    private static boolean isIdentifierPart(int cp) {
        return isIdentifierStart(cp) || Character.isDigit(cp) || cp == '\'' || cp == '!' || cp == '?'
                || cp >= 0x2080 && cp <= 0x209C || cp >= 0x1D62 && cp <= 0x1D6A;
    }

    /**
     * Replaces comments and string and character literals by spaces, keeping line breaks, so that positions stay
     * the same and nothing inside them is read as code.
     */
    static String blankCommentsAndLiterals(String source) {
        StringBuilder out = new StringBuilder(source);
        int n = source.length();
        int i = 0;
        while (i < n) {
            char c = source.charAt(i);
            if (c == '-' && i + 1 < n && source.charAt(i + 1) == '-') {
                int end = source.indexOf('\n', i);
                end = end < 0 ? n : end;
                blank(out, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '-') {
                int depth = 0;
                int j = i;
                while (j < n) {
                    if (source.startsWith("/-", j)) {
                        depth++;
                        j += 2;
                    } else if (source.startsWith("-/", j)) {
                        depth--;
                        j += 2;
                        if (depth == 0) {
                            break;
                        }
                    } else {
                        j++;
                    }
                }
                blank(out, i, j);
                i = j;
            } else if (c == 'r' && (i == 0 || !isIdentifierPart(source.codePointBefore(i)))
                    && i + 1 < n && (source.charAt(i + 1) == '"' || source.charAt(i + 1) == '#')) {
                int hashes = 0;
                int j = i + 1;
                while (j < n && source.charAt(j) == '#') {
                    hashes++;
                    j++;
                }
                if (j < n && source.charAt(j) == '"') {
                    int end = source.indexOf('"' + "#".repeat(hashes), j + 1);
                    end = end < 0 ? n : end + 1 + hashes;
                    blank(out, i, end);
                    i = end;
                } else {
                    i++;
                }
            } else if (c == '"') {
                int j = i + 1;
                while (j < n && source.charAt(j) != '"') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                int end = Math.min(n, j + 1);
                blank(out, i, end);
                i = end;
            } else if (c == '\'' && (i == 0 || !isIdentifierPart(source.codePointBefore(i)))) {
                int end = characterLiteralEnd(source, i);
                if (end > 0) {
                    blank(out, i, end);
                    i = end;
                } else {
                    i++;
                }
            } else {
                i++;
            }
        }
        return out.toString();
    }

    /** The index after a character literal starting at {@code start} ({@code 'a'}, {@code '\n'}), or -1. */
    private static int characterLiteralEnd(String source, int start) {
        int j = start + 1;
        if (j >= source.length() || source.charAt(j) == '\n' || source.charAt(j) == '\'') {
            return -1;
        }
        if (source.charAt(j) == '\\') {
            // an escape: backslash and a letter, a quote, or a hexadecimal code
            int close = source.indexOf('\'', j + 2);
            int lineEnd = source.indexOf('\n', start);
            boolean sameLine = lineEnd < 0 || close < lineEnd;
            return close > 0 && sameLine && close - start <= 12 ? close + 1 : -1;
        }
        j += Character.charCount(source.codePointAt(j));
        return j < source.length() && source.charAt(j) == '\'' ? j + 1 : -1;
    }

    private static void blank(StringBuilder out, int from, int to) {
        for (int k = from; k < to; k++) {
            if (out.charAt(k) != '\n') {
                out.setCharAt(k, ' ');
            }
        }
    }
}
