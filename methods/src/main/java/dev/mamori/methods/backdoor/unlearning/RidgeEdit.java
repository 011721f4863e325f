package dev.mamori.methods.backdoor.unlearning;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The closed-form edit of a linear layer y = W x + b: a change of the columns of W that read the located units, found
 * by weighted ridge least squares (docs/METHODS.md item 4, our reconstruction).
 *
 * <p>Notation (paper's idea -> names here): x_i the activation the layer reads for sample row i ({@code features}),
 * clean or triggered; y_i the layer's output on the <em>clean</em> counterpart of row i, W a_i + b ({@code targets});
 * S the located units ({@code units}, k of them); Delta the change of W, zero outside the columns S; omega_i a row's
 * weight ({@code rowWeights}: the repair step raises the clean rows of a collapsed class); lambda the ridge strength
 * ({@code lambda}, relative: lambda_eff = lambda * tr(Z^T Omega Z) / k, the mean eigenvalue of the Gram matrix, so it
 * does not depend on the scale of the activations).
 *
 * <p>Objective: min over Delta of sum_i omega_i || (W + Delta) x_i + b - y_i ||^2 + lambda_eff || Delta ||_F^2.
 * With r_i = y_i - W x_i - b (zero for a clean row of an unedited layer; the trigger's effect for a triggered row) and
 * Z = x restricted to S (m x k), Delta_S^T = (Z^T Omega Z + lambda_eff I)^-1 Z^T Omega R, solved by Cholesky (EJML);
 * when k exceeds the rows m, the same solution in its dual form Z^T Omega^1/2 (Omega^1/2 Z Z^T Omega^1/2 +
 * lambda_eff I)^-1 Omega^1/2 R (an m x m system). Triggered rows are pulled to their clean outputs, clean rows are held at
 * theirs, and directions of W that the samples do not reach stay as they were.
 */
public final class RidgeEdit {
    private RidgeEdit() {}

    /**
     * The edited weight W + Delta [out][in].
     *
     * @param weight     W [out][in]
     * @param bias       b [out]
     * @param features   x_i [m][in]
     * @param targets    y_i [m][out]
     * @param rowWeights omega_i [m], >= 0
     * @param units      S, column indices of W that may change
     * @param lambda     relative ridge strength, > 0
     */
    public static double[][] solve(double[][] weight, double[] bias, double[][] features, double[][] targets, double[] rowWeights, int[] units,
                                   double lambda) {
        int m = features.length, out = weight.length, k = units.length;
        if (m == 0) throw new IllegalArgumentException("no rows to fit");
        if (targets.length != m || rowWeights.length != m) throw new IllegalArgumentException("features, targets and weights differ in rows");
        if (k == 0) throw new IllegalArgumentException("no units to edit");
        if (!(lambda > 0)) throw new IllegalArgumentException("ridge lambda must be positive; got " + lambda);
        // Omega^1/2 Z and Omega^1/2 R
        DMatrixRMaj z = new DMatrixRMaj(m, k), r = new DMatrixRMaj(m, out);
        double trace = 0;
        for (int i = 0; i < m; i++) {
            if (!(rowWeights[i] >= 0)) throw new IllegalArgumentException("row weight " + i + " is " + rowWeights[i]);
            double s = Math.sqrt(rowWeights[i]);
            double[] x = features[i];
            for (int a = 0; a < k; a++) {
                double v = s * x[units[a]];
                z.set(i, a, v);
                trace += v * v;
            }
            for (int o = 0; o < out; o++) {
                double pred = bias[o];
                double[] w = weight[o];
                for (int j = 0; j < x.length; j++) pred += w[j] * x[j];
                r.set(i, o, s * (targets[i][o] - pred));
            }
        }
        double lambdaEff = lambda * Math.max(trace / k, 1e-12);
        DMatrixRMaj delta;  // [k, out]
        if (k <= m) {
            DMatrixRMaj gram = new DMatrixRMaj(k, k);
            CommonOps_DDRM.multTransA(z, z, gram);
            for (int a = 0; a < k; a++) gram.add(a, a, lambdaEff);
            DMatrixRMaj rhs = new DMatrixRMaj(k, out);
            CommonOps_DDRM.multTransA(z, r, rhs);
            delta = solveSpd(gram, rhs);
        } else {
            DMatrixRMaj kernel = new DMatrixRMaj(m, m);
            CommonOps_DDRM.multTransB(z, z, kernel);
            for (int i = 0; i < m; i++) kernel.add(i, i, lambdaEff);
            DMatrixRMaj alpha = solveSpd(kernel, r);
            delta = new DMatrixRMaj(k, out);
            CommonOps_DDRM.multTransA(z, alpha, delta);
        }
        double[][] edited = new double[out][];
        for (int o = 0; o < out; o++) {
            edited[o] = weight[o].clone();
            for (int a = 0; a < k; a++) edited[o][units[a]] += delta.get(a, o);
        }
        return edited;
    }

    private static DMatrixRMaj solveSpd(DMatrixRMaj a, DMatrixRMaj b) {
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
