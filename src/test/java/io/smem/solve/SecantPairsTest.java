package io.smem.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The bookkeeping of secant pairs: pairs between successive points, a fresh start when the pinned set changes. */
class SecantPairsTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void successivePointsMakePairsUpToTheDepth() {
        SecantPairs pairs = new SecantPairs(2);
        double[] free = {1, 1, INF};
        pairs.record(new double[] {0, 0, 0}, new double[] {1, 1, 1}, free, 3);
        assertEquals(0, pairs.size());
        pairs.record(new double[] {1, 0, 0}, new double[] {3, 1, 1}, free, 3);
        assertEquals(1, pairs.size());
        assertArrayEquals(new double[] {1, 0, 0}, pairs.s(0));
        assertArrayEquals(new double[] {2, 0, 0}, pairs.y(0));
        pairs.record(new double[] {1, 1, 0}, new double[] {3, 2, 1}, free, 3);
        pairs.record(new double[] {1, 1, 1}, new double[] {3, 2, 5}, free, 3);
        assertEquals(2, pairs.size(), "the oldest pair gives way");
        pairs.record(new double[] {1, 1, 1}, new double[] {3, 2, 5}, free, 3);
        assertEquals(2, pairs.size(), "a point that did not move makes no pair");
    }

    @Test
    void aNewPinnedSetOrMatrixStartsAfresh() {
        SecantPairs pairs = new SecantPairs(3);
        pairs.record(new double[] {1, 1}, new double[] {0, 0}, new double[] {1, 1}, 2);
        pairs.record(new double[] {2, 1}, new double[] {1, 0}, new double[] {1, 1}, 2);
        assertEquals(1, pairs.size());
        pairs.record(new double[] {2, 0}, new double[] {1, 3}, new double[] {1, 0}, 2);
        assertEquals(0, pairs.size(), "a coefficient pinned at zero: the old pairs do not describe this problem");
        pairs.record(new double[] {3, 0}, new double[] {2, 3}, new double[] {1, 0}, 2);
        assertEquals(1, pairs.size());
        pairs.clearPairs();
        assertEquals(0, pairs.size());
        pairs.record(new double[] {4, 0}, new double[] {3, 3}, new double[] {1, 0}, 2);
        assertEquals(1, pairs.size(), "clearing keeps the last point");
        pairs.reset();
        pairs.record(new double[] {5, 0}, new double[] {4, 3}, new double[] {1, 0}, 2);
        assertEquals(0, pairs.size(), "a reset forgets the last point too");
    }
}
