package io.github.noisecal.calibration.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exact coverage of every interval method at 95 %, by enumeration: {@code C(p) = P(L(X) <= p <= U(X))} for
 * X ~ Binomial(n, p), with its mean over the grid p = 0.0005, 0.0010, ..., 0.9995 and its infimum over all p in
 * (0, 1). The test writes the table to {@code target/interval-coverage.md} and checks that the README and each
 * method's Javadoc state exactly these numbers, so the documentation cannot drift from the code.
 *
 * <p>Why the infimum is exact: bounds are non-decreasing in x, so the x covering p form one run
 * [x_lo(p), x_hi(p)], and C(p) = P(x_lo &lt;= X &lt;= x_hi). Between two consecutive bounds that run is fixed and
 * d/dp P(a &lt;= X &lt;= b) = n (pmf_{n-1}(a-1) - pmf_{n-1}(b)) changes sign at most once, from + to -: C is
 * unimodal there, so its infimum over the piece is at one of its ends. Evaluating C at every bound and at the
 * doubles just beside it therefore finds the infimum over (0, 1) (C tends to 1 at both ends).
 */
class IntervalCoverageTableTest {

    private static final double LEVEL = 0.95;
    static final int[] SIZES = {10, 30, 100, 1000};
    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src", "main", "java", "io", "github", "noisecal", "calibration",
            "stats", "IntervalMethod.java");

    /** Mean and minimum per method and size. */
    private static final Map<IntervalMethod, double[][]> TABLE = new LinkedHashMap<>();

    @BeforeAll
    static void enumerate() throws IOException {
        for (IntervalMethod method : IntervalMethod.values()) {
            double[][] rows = new double[SIZES.length][];
            for (int i = 0; i < SIZES.length; i++) {
                rows[i] = meanAndMinimum(method, SIZES[i]);
            }
            TABLE.put(method, rows);
        }
        Path target = Path.of("target", "interval-coverage.md");
        Files.createDirectories(target.getParent());
        Files.writeString(target, String.join("\n", readmeTable()) + "\n");
    }

    static double[] meanAndMinimum(IntervalMethod method, int n) {
        double[] lower = new double[n + 1];
        double[] upper = new double[n + 1];
        for (int x = 0; x <= n; x++) {
            RateEstimate estimate = RateEstimate.of(x, n, LEVEL, method);
            lower[x] = estimate.lower();
            upper[x] = estimate.upper();
        }
        double sum = 0;
        for (int k = 1; k <= 1999; k++) {
            sum += coverage(lower, upper, n, k * 0.0005);
        }
        double minimum = 1;
        for (double[] bounds : new double[][] {lower, upper}) {
            for (double bound : bounds) {
                for (double p : new double[] {Math.nextDown(bound), bound, Math.nextUp(bound)}) {
                    if (p > 0 && p < 1) {
                        minimum = Math.min(minimum, coverage(lower, upper, n, p));
                    }
                }
            }
        }
        return new double[] {sum / 1999, minimum};
    }

    /** The exact coverage of the method's interval for X ~ Binomial(n, p) at 95 %. */
    static double exactCoverage(IntervalMethod method, int n, double p) {
        double[] lower = new double[n + 1];
        double[] upper = new double[n + 1];
        for (int x = 0; x <= n; x++) {
            RateEstimate estimate = RateEstimate.of(x, n, LEVEL, method);
            lower[x] = estimate.lower();
            upper[x] = estimate.upper();
        }
        return coverage(lower, upper, n, p);
    }

    /** P(x_lo <= X <= x_hi) where [x_lo, x_hi] are the x whose interval contains p. */
    private static double coverage(double[] lower, double[] upper, int n, double p) {
        int xLow = 0;
        while (xLow <= n && upper[xLow] < p) {
            xLow++;
        }
        int xHigh = n;
        while (xHigh >= 0 && lower[xHigh] > p) {
            xHigh--;
        }
        if (xLow > xHigh) {
            return 0;
        }
        BinomialDistribution binomial = BinomialDistribution.of(n, p);
        double below = xLow == 0 ? 0 : binomial.cumulativeProbability(xLow - 1);
        double above = binomial.survivalProbability(xHigh);
        return 1 - below - above;
    }

    /** The README's table, one line per row, as the test expects it. */
    static List<String> readmeTable() {
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder("| n |");
        StringBuilder rule = new StringBuilder("|---|");
        for (IntervalMethod method : IntervalMethod.values()) {
            header.append(' ').append(method.id()).append(" |");
            rule.append("---|");
        }
        lines.add(header.toString());
        lines.add(rule.toString());
        for (int i = 0; i < SIZES.length; i++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %,d |", SIZES[i]));
            for (IntervalMethod method : IntervalMethod.values()) {
                double[] cell = TABLE.get(method)[i];
                row.append(String.format(Locale.ROOT, " %.3f / %.3f |", cell[0], cell[1]));
            }
            lines.add(row.toString());
        }
        return lines;
    }

    /** The line each method's Javadoc carries. */
    static String javadocLine(IntervalMethod method) {
        StringBuilder line = new StringBuilder("Exact coverage at 95 %, mean / minimum over p:");
        for (int i = 0; i < SIZES.length; i++) {
            double[] cell = TABLE.get(method)[i];
            line.append(String.format(Locale.ROOT, " n = %,d: %.3f / %.3f%s", SIZES[i], cell[0], cell[1],
                    i + 1 < SIZES.length ? ";" : "."));
        }
        return line.toString();
    }

    @Test
    void theReadmeStatesTheComputedTable() throws IOException {
        String readme = Files.readString(README);
        for (String line : readmeTable()) {
            assertTrue(readme.contains(line + "\n"), "README.md lacks the coverage line\n" + line
                    + "\n(the computed table is in target/interval-coverage.md)");
        }
    }

    @Test
    void eachMethodsJavadocStatesItsRow() throws IOException {
        // Javadoc lines are wrapped and prefixed with " * ": compare with the prefixes and line breaks removed.
        String source = Files.readString(SOURCE).replaceAll("\\s*\n\\s*\\*\\s*", " ");
        for (IntervalMethod method : IntervalMethod.values()) {
            String expected = javadocLine(method);
            assertTrue(source.contains(expected), method + "'s Javadoc lacks: " + expected);
        }
    }

    /** The claims the README draws from the table. */
    @Test
    void onlyClopperPearsonNeverFallsBelowNominal() {
        for (IntervalMethod method : IntervalMethod.values()) {
            for (double[] cell : TABLE.get(method)) {
                if (method == IntervalMethod.CLOPPER_PEARSON) {
                    assertTrue(cell[1] >= LEVEL - 1e-9, method + " minimum " + cell[1]);
                } else {
                    assertTrue(cell[1] < LEVEL, method + " minimum " + cell[1]);
                }
            }
        }
    }
}
