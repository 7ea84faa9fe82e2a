package io.smem.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Which columns standardization marks constant (their coefficients are then held at exactly zero). */
class StandardizationTest {

    /**
     * Columns: a constant 7.25; a constant that only a zero-weight row breaks; a varying column; all zeros; a
     * column non-zero in some rows only. With weights 1/60 the moments E[x²] − E[x]² of the constant column are a
     * rounding error whose sign and size depend on the order of summation: the exact check must not rely on them.
     */
    @Test
    void exactlyConstantColumnsAreMarkedWhateverTheRounding() {
        int n = 60;
        double[][] x = new double[n][5];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 1.0 / n;
            x[i][0] = 7.25;
            x[i][1] = 0.3;
            x[i][2] = i * 0.1;
            x[i][4] = i % 3 == 0 ? 2.0 : 0.0;
        }
        w[7] = 0;
        x[7][1] = 99;
        DenseMatrix dense = DenseMatrix.of(x);
        boolean[] expected = {true, true, false, true, false};
        for (DesignMatrix m : new DesignMatrix[] {dense, CsrMatrix.fromDense(dense)}) {
            Standardization s = Standardization.of(m, w, true, true);
            assertArrayEquals(expected, s.constant(), m.getClass().getSimpleName());
            assertEquals(1.0, s.scale()[0], m.getClass().getSimpleName());
        }
        // Without centering nothing is marked (there is no intercept to carry a constant).
        boolean[] none = Standardization.of(dense, w, false, true).constant();
        assertArrayEquals(new boolean[5], none);
    }

    /** A CSR column stored in every weighted row with one value, or stored as explicit zeros in some, is constant. */
    @Test
    void sparseColumnsStoredInSomeRowsOnly() {
        // Row-major 4 × 3: column 0 stored in every row (5.0), column 1 stored as explicit zeros in rows 0 and 2,
        // column 2 stored (1.0) in rows 1 and 3 only.
        int[] rowStart = {0, 2, 4, 6, 8};
        int[] col = {0, 1, 0, 2, 0, 1, 0, 2};
        double[] val = {5, 0, 5, 1, 5, 0, 5, 1};
        CsrMatrix m = new CsrMatrix(4, 3, rowStart, col, val);
        double[] w = new double[4];
        Arrays.fill(w, 0.25);
        assertArrayEquals(new boolean[] {true, true, false}, Standardization.of(m, w, true, true).constant());
    }
}
