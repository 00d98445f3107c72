package io.github.noisecal.calibration.fit;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Damped Newton ascent on a smooth log-likelihood of a few unconstrained coordinates, with finite-difference
 * derivatives unless closed forms are given. Most likelihoods here are cheap (they run on grouped censoring and
 * event sums), so nine or so evaluations per step cost less than writing and testing analytic second derivatives
 * per family; the Weibull's needs a pass over every event, and gives its derivatives from one pass.
 * A step that is not uphill is shortened (Armijo backtracking); where the Hessian is not negative definite
 * the Newton system is damped towards gradient ascent (Levenberg), so the iteration cannot run downhill.
 */
final class LikelihoodMaximiser {

    private static final double GRADIENT_STEP = 1e-5;
    private static final double HESSIAN_STEP = 1e-4;
    /** No coordinate moves by more than this per step: a factor e for log-scaled parameters. */
    private static final double MAX_STEP = 1.0;
    private static final int MAX_ITERATIONS = 200;

    private LikelihoodMaximiser() {
    }

    /** The gradient and Hessian of a log-likelihood at a point, from closed forms. */
    record Derivatives(double[] gradient, double[][] hessian) {
    }

    /**
     * The maximiser of {@code logLikelihood} near {@code start}; NaN values, and points where a special
     * function throws, count as -∞.
     *
     * @throws FitFailure when the start is not finite or the ascent does not settle
     */
    static double[] maximise(ToDoubleFunction<double[]> logLikelihood, double[] start, String what) {
        return maximise(logLikelihood, null, start, what);
    }

    /**
     * As {@link #maximise(ToDoubleFunction, double[], String)}, with the derivatives from {@code derivatives} when
     * it is not null.
     */
    static double[] maximise(ToDoubleFunction<double[]> logLikelihood, Function<double[], Derivatives> derivatives,
                             double[] start, String what) {
        ToDoubleFunction<double[]> f = x -> {
            try {
                double v = logLikelihood.applyAsDouble(x);
                return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
            } catch (ArithmeticException | IllegalArgumentException e) {
                // commons-numbers special functions give up at extreme trial points; the step is then shortened.
                return Double.NEGATIVE_INFINITY;
            }
        };
        int n = start.length;
        double[] x = start.clone();
        double fx = f.applyAsDouble(x);
        if (fx == Double.NEGATIVE_INFINITY || fx == Double.POSITIVE_INFINITY) {
            throw new FitFailure(what + ": log-likelihood is not finite at the starting point");
        }
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] g;
            double[][] negH;
            if (derivatives == null) {
                g = gradient(f, x);
                negH = negate(hessian(f, x, HESSIAN_STEP, fx));
            } else {
                Derivatives at = derivatives.apply(x);
                g = at.gradient();
                negH = negate(at.hessian());
            }
            if (!allFinite(g, negH)) {
                throw new FitFailure(what + ": log-likelihood is not smooth near " + Arrays.toString(x));
            }
            double[] d = dampedNewtonDirection(negH, g);
            double scale = 1;
            for (int i = 0; i < n; i++) {
                scale = Math.max(scale, Math.abs(d[i]) / MAX_STEP);
            }
            double slope = 0;
            for (int i = 0; i < n; i++) {
                d[i] /= scale;
                slope += g[i] * d[i];
            }
            // The Newton decrement: the rise the quadratic model still expects.
            if (slope < 1e-13) {
                return x;
            }
            double t = 1;
            double[] candidate = new double[n];
            double fc = Double.NEGATIVE_INFINITY;
            for (int halving = 0; halving < 60; halving++) {
                for (int i = 0; i < n; i++) {
                    candidate[i] = x[i] + t * d[i];
                }
                fc = f.applyAsDouble(candidate);
                if (fc >= fx + 1e-4 * t * slope) {
                    break;
                }
                t /= 2;
            }
            if (!(fc >= fx)) {
                // No uphill point along the direction: finite-difference noise dominates, x is the maximum.
                return x;
            }
            double moved = 0;
            for (int i = 0; i < n; i++) {
                moved = Math.max(moved, Math.abs(candidate[i] - x[i]));
            }
            x = candidate.clone();
            fx = fc;
            if (moved < 1e-11) {
                return x;
            }
        }
        throw new FitFailure(what + ": maximisation did not converge in " + MAX_ITERATIONS + " Newton steps");
    }

    static double[] gradient(ToDoubleFunction<double[]> f, double[] x) {
        double[] g = new double[x.length];
        double[] y = x.clone();
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] + GRADIENT_STEP;
            double up = f.applyAsDouble(y);
            y[i] = x[i] - GRADIENT_STEP;
            double down = f.applyAsDouble(y);
            y[i] = x[i];
            g[i] = (up - down) / (2 * GRADIENT_STEP);
        }
        return g;
    }

    /** Central-difference Hessian with step {@code h} in every coordinate. */
    static double[][] hessian(ToDoubleFunction<double[]> f, double[] x, double h) {
        return hessian(f, x, h, f.applyAsDouble(x));
    }

    /** As {@link #hessian(ToDoubleFunction, double[], double)}, given {@code centre} = f(x) (not evaluated again). */
    static double[][] hessian(ToDoubleFunction<double[]> f, double[] x, double h, double centre) {
        int n = x.length;
        double[][] hess = new double[n][n];
        double[] y = x.clone();
        for (int i = 0; i < n; i++) {
            y[i] = x[i] + h;
            double up = f.applyAsDouble(y);
            y[i] = x[i] - h;
            double down = f.applyAsDouble(y);
            y[i] = x[i];
            hess[i][i] = (up - 2 * centre + down) / (h * h);
            for (int j = 0; j < i; j++) {
                y[i] = x[i] + h;
                y[j] = x[j] + h;
                double pp = f.applyAsDouble(y);
                y[j] = x[j] - h;
                double pm = f.applyAsDouble(y);
                y[i] = x[i] - h;
                double mm = f.applyAsDouble(y);
                y[j] = x[j] + h;
                double mp = f.applyAsDouble(y);
                y[i] = x[i];
                y[j] = x[j];
                hess[i][j] = (pp - pm - mp + mm) / (4 * h * h);
                hess[j][i] = hess[i][j];
            }
        }
        return hess;
    }

    /** The inverse of a symmetric positive-definite matrix, or null when it is not positive definite. */
    static double[][] inversePositiveDefinite(double[][] a) {
        int n = a.length;
        double[][] l = cholesky(a);
        if (l == null) {
            return null;
        }
        double[][] inverse = new double[n][n];
        for (int col = 0; col < n; col++) {
            double[] e = new double[n];
            e[col] = 1;
            double[] solved = solveCholesky(l, e);
            for (int row = 0; row < n; row++) {
                inverse[row][col] = solved[row];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double mean = (inverse[i][j] + inverse[j][i]) / 2;
                inverse[i][j] = mean;
                inverse[j][i] = mean;
            }
        }
        return inverse;
    }

    private static double[] dampedNewtonDirection(double[][] negH, double[] g) {
        int n = g.length;
        double[][] l = cholesky(negH);
        double damping = 0;
        double size = 0;
        for (int i = 0; i < n; i++) {
            size = Math.max(size, Math.abs(negH[i][i]));
        }
        size = Math.max(size, 1e-8);
        while (l == null) {
            damping = damping == 0 ? 1e-6 * size : damping * 10;
            double[][] damped = new double[n][];
            for (int i = 0; i < n; i++) {
                damped[i] = negH[i].clone();
                damped[i][i] += damping;
            }
            l = cholesky(damped);
        }
        return solveCholesky(l, g);
    }

    private static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(sum > 0) || !Double.isFinite(sum)) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return l;
    }

    private static double[] solveCholesky(double[][] l, double[] b) {
        int n = b.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * y[k];
            }
            y[i] = sum / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = y[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * x[k];
            }
            x[i] = sum / l[i][i];
        }
        return x;
    }

    private static boolean allFinite(double[] g, double[][] m) {
        for (int i = 0; i < g.length; i++) {
            if (!Double.isFinite(g[i])) {
                return false;
            }
            for (double v : m[i]) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double[][] negate(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                out[i][j] = -a[i][j];
            }
        }
        return out;
    }
}
