package io.smem.solve;

import java.util.SplittableRandom;

/**
 * Randomized Halton points (Halton 1960): coordinate k of point n is the radical inverse of n in the k-th prime, with
 * every digit passed through a random permutation of {0, …, b−1} (independent per coordinate and digit position) and
 * the digits below the last scrambled one replaced by a uniform tail. Each point is then exactly uniform on the unit
 * cube, so a Monte Carlo estimator driven by it stays unbiased, while the point set keeps the stratification of the
 * Halton sequence: for N = bᵏ consecutive indices from 0, every interval [i/bᵏ, (i+1)/bᵏ) of coordinate k holds exactly
 * one point. {@link #randomize} draws a new, independent scrambling (a new replicate).
 *
 * <p>Coordinates beyond the tabulated primes are plain pseudo-random numbers (a hash of index, coordinate and
 * replicate): Halton points lose their uniformity advantage in high dimension anyway.
 */
final class HaltonSequence {

    /** The first 64 primes: the bases of coordinates 0..63. */
    static final int[] PRIMES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79,
        83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197,
        199, 211, 223, 227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307, 311};

    private final int dims;
    private final int[] levels;
    /** perm[k][level * b + digit]: the scrambled digit. */
    private final int[][] perm;
    /** value[k][level * b + digit]: the scrambled digit times b^−(level+1). */
    private final double[][] value;
    /** b^−levels: the width of the uniform tail. */
    private final double[] tail;
    /** The scrambling epoch each coordinate was last scrambled in. */
    private final long[] scrambled;
    private long epoch;
    private long replicate;
    private SplittableRandom rng;

    /**
     * @param dimensions number of coordinates that use Halton digits (at most 64; more are pseudo-random)
     * @param maxPoints  largest number of points drawn per replicate: that many indices get scrambled digits
     * @param halton     false: every coordinate pseudo-random (the plain Monte Carlo control)
     */
    HaltonSequence(int dimensions, long maxPoints, boolean halton) {
        this.dims = halton ? Math.min(dimensions, PRIMES.length) : 0;
        this.levels = new int[dims];
        this.perm = new int[dims][];
        this.value = new double[dims][];
        this.tail = new double[dims];
        this.scrambled = new long[dims];
        for (int k = 0; k < dims; k++) {
            int b = PRIMES[k];
            int l = 1;
            double span = b;
            while (span < maxPoints && l < 64) {
                span *= b;
                l++;
            }
            levels[k] = l;
            tail[k] = Math.pow(b, -l);
            perm[k] = new int[l * b];
            value[k] = new double[l * b];
        }
    }

    /**
     * A new, independent scrambling. Coordinates are scrambled lazily, on their first use after this call, so a
     * replicate whose walks are short costs only the permutations of the coordinates it uses.
     */
    void randomize(SplittableRandom rng) {
        this.rng = rng;
        replicate = rng.nextLong();
        epoch++;
    }

    private void scramble(int k) {
        int b = PRIMES[k];
        int[] pk = perm[k];
        double[] vk = value[k];
        for (int l = 0; l < levels[k]; l++) {
            int base = l * b;
            for (int d = 0; d < b; d++) {
                pk[base + d] = d;
            }
            for (int d = b - 1; d > 0; d--) {
                int swap = rng.nextInt(d + 1);
                int t = pk[base + d];
                pk[base + d] = pk[base + swap];
                pk[base + swap] = t;
            }
            double f = Math.pow(b, -(l + 1));
            for (int d = 0; d < b; d++) {
                vk[base + d] = pk[base + d] * f;
            }
        }
        scrambled[k] = epoch;
    }

    /** Coordinate {@code dim} of point {@code index} (0 ≤ index &lt; 2³¹), in [0, 1). */
    double coordinate(int index, int dim) {
        if (dim >= dims) {
            return uniform(index, dim, 0);
        }
        if (scrambled[dim] != epoch) {
            scramble(dim);
        }
        int b = PRIMES[dim];
        double[] vk = value[dim];
        int lv = levels[dim];
        double x = 0;
        int rest = index;
        for (int l = 0, base = 0; l < lv; l++, base += b) {
            int next = rest / b;
            x += vk[base + rest - next * b];
            rest = next;
        }
        // Uniform tail below the last scrambled digit: the point is exactly uniform on [0, 1).
        double y = x + uniform(index, dim, 1) * tail[dim];
        return y < 1.0 ? y : Math.nextDown(1.0);
    }

    /** A pseudo-random number in [0, 1) from (index, dim, replicate): splitmix64 finalizer. */
    private double uniform(long index, int dim, int salt) {
        long h = replicate ^ (index * 0x9E3779B97F4A7C15L) ^ ((long) (2 * dim + salt) * 0xC2B2AE3D27D4EB4FL);
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53;
    }
}
