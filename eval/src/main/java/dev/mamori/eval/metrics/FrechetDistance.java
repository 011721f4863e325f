package dev.mamori.eval.metrics;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Fréchet distance between two Gaussians fitted to feature vectors (Heusel et al. 2017, "GANs Trained by a Two
 * Time-Scale Update Rule Converge to a Local Nash Equilibrium", arXiv 1706.08500, eq. 6): ||mu_1 - mu_2||^2 +
 * Tr(S_1 + S_2 - 2 (S_1 S_2)^{1/2}). The trace of the matrix square root is computed as the sum of the square roots
 * of the eigenvalues of S_1^{1/2} S_2 S_1^{1/2} (symmetric, so an exact symmetric eigendecomposition; tiny negative
 * eigenvalues from rounding count as 0), in float64. With Inception-v3 pool features this is FID; with the features
 * of any other network it is an FID-style score of that network, comparable only with itself, and biased upwards for
 * small samples (compare against a reference computed with the same sample sizes).
 */
public final class FrechetDistance {
    private FrechetDistance() {}

    /** Mean and (unbiased, n - 1) covariance of feature rows. */
    public record Gaussian(double[] mean, double[][] covariance, int count) {}

    /** Fits a Gaussian to features [N, D] (N >= 2). */
    public static Gaussian fit(INDArray features) {
        if (features.rank() != 2 || features.size(0) < 2) throw new IllegalArgumentException("features must be [N >= 2, D], got rank " + features.rank());
        int n = (int) features.size(0), d = (int) features.size(1);
        double[] x = features.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += x[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        double[][] cov = new double[d][d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                double da = x[i * d + a] - mean[a];
                for (int b = a; b < d; b++) cov[a][b] += da * (x[i * d + b] - mean[b]);
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                cov[a][b] /= n - 1;
                cov[b][a] = cov[a][b];
            }
        }
        return new Gaussian(mean, cov, n);
    }

    /** The distance between the Gaussians of two feature sets. */
    public static double of(INDArray a, INDArray b) {
        return of(fit(a), fit(b));
    }

    public static double of(Gaussian g1, Gaussian g2) {
        int d = g1.mean().length;
        if (g2.mean().length != d) throw new IllegalArgumentException("feature widths differ: " + d + " and " + g2.mean().length);
        double meanTerm = 0;
        for (int j = 0; j < d; j++) meanTerm += (g1.mean()[j] - g2.mean()[j]) * (g1.mean()[j] - g2.mean()[j]);
        RealMatrix s1 = new Array2DRowRealMatrix(g1.covariance()), s2 = new Array2DRowRealMatrix(g2.covariance());
        RealMatrix root1 = sqrtPsd(s1);
        RealMatrix inner = root1.multiply(s2).multiply(root1);
        inner = inner.add(inner.transpose()).scalarMultiply(0.5);              // exact symmetry against rounding
        double traceRoot = 0;
        for (double ev : new EigenDecomposition(inner).getRealEigenvalues()) traceRoot += Math.sqrt(Math.max(0, ev));
        return meanTerm + s1.getTrace() + s2.getTrace() - 2 * traceRoot;
    }

    /** The symmetric square root of a symmetric positive semi-definite matrix. */
    static RealMatrix sqrtPsd(RealMatrix s) {
        EigenDecomposition e = new EigenDecomposition(s.add(s.transpose()).scalarMultiply(0.5));
        double[] ev = e.getRealEigenvalues();
        RealMatrix v = e.getV();
        int d = ev.length;
        double[][] scaled = new double[d][d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) scaled[i][j] = v.getEntry(i, j) * Math.sqrt(Math.max(0, ev[j]));
        return new Array2DRowRealMatrix(scaled).multiply(v.transpose());
    }
}
