package io.smem.data;

/**
 * {@code Z = (X − 1 cᵀ) diag(1/s)} computed through X without materializing Z, so sparse data stays sparse. Each
 * operation is the raw one plus a rank-one correction.
 */
final class StandardizedView implements DesignMatrix {

    private final DesignMatrix x;
    private final double[] center;
    private final double[] scale;

    StandardizedView(DesignMatrix x, Standardization s) {
        this.x = x;
        this.center = s.center();
        this.scale = s.scale();
    }

    @Override public int rows() { return x.rows(); }
    @Override public int cols() { return x.cols(); }
    @Override public long storedEntries() { return x.storedEntries(); }
    @Override public boolean isSparse() { return x.isSparse(); }

    @Override
    public double get(int i, int j) {
        return (x.get(i, j) - center[j]) / scale[j];
    }

    @Override
    public void multiply(double[] v, double offset, double[] out) {
        double[] scratch = new double[scale.length]; // O(p) next to the O(nnz) product; keeps the view thread-safe
        x.multiply(scratch, offset - rawCoefficients(v, scratch), out);
    }

    @Override
    public void transposeMultiply(double[] u, double[] out) {
        x.transposeMultiply(u, out);
        centerAndScale(u, out);
    }

    @Override
    public void multiplyThenTranspose(double[] v, double offset, double[] eta, RowWeight weight, double[] u,
                                      double[] out) {
        double[] scratch = new double[scale.length];
        x.multiplyThenTranspose(scratch, offset - rawCoefficients(v, scratch), eta, weight, u, out);
        centerAndScale(u, out);
    }

    /** raw = v / s (Zv = X raw − c·raw); returns c·raw. */
    private double rawCoefficients(double[] v, double[] raw) {
        double shift = 0;
        for (int j = 0; j < raw.length; j++) {
            raw[j] = v[j] / scale[j];
            shift += center[j] * raw[j];
        }
        return shift;
    }

    /** Turns Xᵀu in {@code out} into Zᵀu = (Xᵀu − c Σu) / s. */
    private void centerAndScale(double[] u, double[] out) {
        double sum = 0;
        for (int i = 0; i < u.length && i < x.rows(); i++) {
            sum += u[i];
        }
        for (int j = 0; j < scale.length; j++) {
            out[j] = (out[j] - center[j] * sum) / scale[j];
        }
    }

    @Override
    public void weightedGram(double[] omega, double[] gram) {
        int p = scale.length;
        x.weightedGram(omega, gram);
        double[] g = new double[p];
        double total = weightedColumnSums(omega, g);
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < p; k++) {
                double v = gram[j * p + k] - center[j] * g[k] - g[j] * center[k] + total * center[j] * center[k];
                gram[j * p + k] = v / (scale[j] * scale[k]);
            }
        }
    }

    @Override
    public void rowGram(double[] v, double[] out) {
        // Z diag(v) Zᵀ = X D Xᵀ − a1ᵀ − 1aᵀ + (cᵀDc) 11ᵀ with D = diag(v / s²), a = X D c.
        int n = x.rows();
        int p = scale.length;
        double[] d = new double[p];
        double[] dc = new double[p];
        double cdc = 0;
        for (int j = 0; j < p; j++) {
            d[j] = v[j] / (scale[j] * scale[j]);
            dc[j] = d[j] * center[j];
            cdc += dc[j] * center[j];
        }
        x.rowGram(d, out);
        double[] a = new double[n];
        x.multiply(dc, 0.0, a);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                out[i * n + k] += cdc - a[i] - a[k];
            }
        }
    }

    @Override
    public void weightedGram(double[] omega, int[] columns, int count, double[] gram) {
        x.weightedGram(omega, columns, count, gram);
        double[] g = new double[scale.length];
        double total = weightedColumnSums(omega, g);
        for (int a = 0; a < count; a++) {
            int j = columns[a];
            for (int b = 0; b < count; b++) {
                int k = columns[b];
                double v = gram[a * count + b] - center[j] * g[k] - g[j] * center[k] + total * center[j] * center[k];
                gram[a * count + b] = v / (scale[j] * scale[k]);
            }
        }
    }

    @Override
    public void weightedColumnSquares(double[] omega, double[] out) {
        int p = scale.length;
        x.weightedColumnSquares(omega, out);
        double[] g = new double[p];
        double total = weightedColumnSums(omega, g);
        for (int j = 0; j < p; j++) {
            out[j] = (out[j] - 2 * center[j] * g[j] + total * center[j] * center[j]) / (scale[j] * scale[j]);
        }
    }

    /** g = Xᵀω (raw columns); returns Σω. The rank-one corrections of the centred products need both. */
    private double weightedColumnSums(double[] omega, double[] g) {
        x.transposeMultiply(omega, g);
        double total = 0;
        for (int i = 0; i < x.rows(); i++) {
            total += omega[i];
        }
        return total;
    }

    @Override
    public DesignMatrix selectRows(int[] rows) {
        return new StandardizedView(x.selectRows(rows), new Standardization(center, scale));
    }

    @Override
    public DesignMatrix selectColumns(int[] columns) {
        double[] c = new double[columns.length];
        double[] s = new double[columns.length];
        for (int a = 0; a < columns.length; a++) {
            c[a] = center[columns[a]];
            s[a] = scale[columns[a]];
        }
        return new StandardizedView(x.selectColumns(columns), new Standardization(c, s));
    }
}
