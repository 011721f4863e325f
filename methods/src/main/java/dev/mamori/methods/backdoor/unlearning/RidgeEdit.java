package dev.mamori.methods.backdoor.unlearning;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The closed-form edit of a linear layer y = W x + b: a change of the columns of W that read the located units, found
 * by weighted ridge least squares (docs/METHODS.md item 4, our reconstruction).
 *
 * <p>Notation (the paper's idea -> names here): x_i the activation the layer reads for row i, clean or triggered
 * ({@code features}); y_i the layer's output on the <em>clean</em> counterpart of row i, W a_i + b ({@code targets});
 * S the located units (k of them); Delta the change of W, zero outside the columns S; omega_i a row's weight (the
 * repair step raises the clean rows of a collapsed class); lambda the ridge strength, relative:
 * lambda_eff = lambda tr(Z^T Omega Z) / k, the mean eigenvalue of the weighted Gram matrix, so that it does not depend
 * on the scale of the activations.
 *
 * <p>Objective: min over Delta of sum_i omega_i || (W + Delta) x_i + b - y_i ||^2 + lambda_eff || Delta ||_F^2. With
 * r_i = y_i - W x_i - b (zero for a clean row of an unedited layer; the trigger's effect for a triggered row) and
 * Z = x restricted to S (m x k), Delta_S^T = (Z^T Omega Z + lambda_eff I)^-1 Z^T Omega R, solved by Cholesky (EJML);
 * when k exceeds the rows m, the same solution in its dual form Z^T Omega^1/2 (Omega^1/2 Z Z^T Omega^1/2 +
 * lambda_eff I)^-1 Omega^1/2 R (an m x m system). Triggered rows are pulled to their clean outputs, clean rows are held
 * at theirs, and the directions of W that the rows do not reach stay as they were.
 *
 * <p>An instance holds the factorization-independent part (Gram or kernel matrix) of one set of rows, so the
 * cross-validation solves every lambda from one matrix product.
 */
public final class RidgeEdit {
    private final DMatrixRMaj z;      // Omega^1/2 Z, m x k
    private final DMatrixRMaj r;      // Omega^1/2 R, m x out
    private final boolean primal;
    private final DMatrixRMaj gram;   // k x k (primal) or m x m (dual)
    private final DMatrixRMaj rhs;    // Z^T R (primal)
    private final double meanEigenvalue;

    /**
     * @param weight     W [out][in]
     * @param bias       b [out]
     * @param features   x_i [m][in]
     * @param targets    y_i [m][out]
     * @param rowWeights omega_i [m], >= 0
     * @param units      S, column indices of W that may change
     */
    public RidgeEdit(double[][] weight, double[] bias, double[][] features, double[][] targets, double[] rowWeights, int[] units) {
        int m = features.length, out = weight.length, k = units.length;
        if (m == 0) throw new IllegalArgumentException("no rows to fit");
        if (targets.length != m || rowWeights.length != m) throw new IllegalArgumentException("features, targets and weights differ in rows");
        if (k == 0) throw new IllegalArgumentException("no units to edit");
        z = new DMatrixRMaj(m, k);
        r = new DMatrixRMaj(m, out);
        double trace = 0;
        for (int i = 0; i < m; i++) {
            if (!(rowWeights[i] >= 0)) throw new IllegalArgumentException("row weight " + i + " is " + rowWeights[i]);
            double s = Math.sqrt(rowWeights[i]);
            double[] x = features[i];
            for (int a = 0; a < k; a++) {
                double v = s * x[units[a]];
                z.unsafe_set(i, a, v);
                trace += v * v;
            }
            for (int o = 0; o < out; o++) {
                double pred = bias[o];
                double[] w = weight[o];
                for (int j = 0; j < x.length; j++) pred += w[j] * x[j];
                r.unsafe_set(i, o, s * (targets[i][o] - pred));
            }
        }
        meanEigenvalue = Math.max(trace / k, 1e-12);
        primal = k <= m;
        if (primal) {
            gram = new DMatrixRMaj(k, k);
            CommonOps_DDRM.multTransA(z, z, gram);
            rhs = new DMatrixRMaj(k, out);
            CommonOps_DDRM.multTransA(z, r, rhs);
        } else {
            gram = new DMatrixRMaj(m, m);
            CommonOps_DDRM.multTransB(z, z, gram);
            rhs = null;
        }
    }

    /** Delta_S [k][out] for relative ridge strength {@code lambda} > 0. */
    public double[][] delta(double lambda) {
        if (!(lambda > 0)) throw new IllegalArgumentException("ridge lambda must be positive; got " + lambda);
        double lambdaEff = lambda * meanEigenvalue;
        DMatrixRMaj a = gram.copy();
        for (int i = 0; i < a.numRows; i++) a.add(i, i, lambdaEff);
        DMatrixRMaj d;
        if (primal) {
            d = solveSpd(a, rhs);
        } else {
            DMatrixRMaj alpha = solveSpd(a, r);
            d = new DMatrixRMaj(z.numCols, r.numCols);
            CommonOps_DDRM.multTransA(z, alpha, d);
        }
        double[][] out = new double[d.numRows][d.numCols];
        for (int i = 0; i < d.numRows; i++) for (int j = 0; j < d.numCols; j++) out[i][j] = d.unsafe_get(i, j);
        return out;
    }

    /** W with Delta_S added to the columns {@code units}. */
    public static double[][] apply(double[][] weight, int[] units, double[][] delta) {
        double[][] edited = new double[weight.length][];
        for (int o = 0; o < weight.length; o++) {
            edited[o] = weight[o].clone();
            for (int a = 0; a < units.length; a++) edited[o][units[a]] += delta[a][o];
        }
        return edited;
    }

    /** The edited weight in one call: W + Delta_S for {@code lambda}. */
    public static double[][] solve(double[][] weight, double[] bias, double[][] features, double[][] targets, double[] rowWeights, int[] units,
                                   double lambda) {
        return apply(weight, units, new RidgeEdit(weight, bias, features, targets, rowWeights, units).delta(lambda));
    }

    static DMatrixRMaj solveSpd(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj x = new DMatrixRMaj(a.numCols, b.numCols);
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(a.numRows);
        if (chol.setA(a.copy())) {
            chol.solve(b, x);
            return x;
        }
        if (!CommonOps_DDRM.solve(a, b, x)) throw new IllegalStateException("the ridge system is singular");
        return x;
    }
}
