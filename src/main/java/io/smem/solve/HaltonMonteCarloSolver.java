package io.smem.solve;

import io.smem.data.DesignMatrix;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * M-step by sequential Monte Carlo (Halton 1994; spec §6). With M = U A U + E the scaled system of
 * {@link MStepSolver}, D = diag(M), the Jacobi splitting H = I − D⁻¹M and a = D⁻¹ U r, the solution is the Neumann
 * series φ = Σₖ Hᵏ a whenever ρ(H) &lt; 1. Starting from the warm start y, every <em>stage</em>
 * <ol>
 *   <li>computes the residual d = a + H y − y = D⁻¹(U r − M y) exactly,</li>
 *   <li>estimates the correction x = Σₖ Hᵏ d = d + Σ_{k≥1} Hᵏ d, the first term exactly and the rest by adjoint
 *       (collision) random walks: a walk starts at i with probability ∝ |d_i|, steps from s to j with probability
 *       ∝ |H_js| (column s of H) and scores its signed weight at every state it reaches; walks are driven by
 *       scrambled Halton points (coordinate 0 the start, coordinate k the k-th step), re-randomized every stage, and
 *       end by Russian roulette once their weight is small (unbiased) or at a length cap,</li>
 *   <li>sets y ← y + x if the exact residual of the result shrank and the EM surrogate ½φᵀMφ − φᵀUr did not grow.</li>
 * </ol>
 * The error contracts by the Monte Carlo error of each stage, so a few stages reach a tight tolerance.
 *
 * <p><b>Where the entries of H come from.</b> A step from state s needs column s of A = Zₐᵀ C Zₐ. In {@code GRAM}
 * mode (dense data, moderate p: where the automatic choice would form a Gram matrix anyway) the weighted Gram matrix
 * is formed and kept while the weights are unchanged (with the squared loss: for the whole fit), and residuals cost no
 * data pass. In {@code COLUMNS} mode (sparse or large p) column s is fetched on demand as Zᵀ(c ∘ Z e_s), two data
 * passes, cached for the M-step, up to a budget; residuals cost two passes. The <em>subsampled variant</em> builds the
 * walk operator from a fixed random subset of the rows of Z (weights rescaled to the full total), which makes columns
 * or the Gram matrix cheaper by the sampling fraction; residuals stay exact, so the iteration still converges to the
 * exact solution, only each stage contracts less.
 *
 * <p><b>Validity check.</b> The estimators need ρ(|H|) &lt; 1. The cheap certificate needs only the diagonal:
 * Cauchy–Schwarz gives |A_ij| ≤ √(A_ii A_jj), so |H| is dominated entrywise by a rank-one-minus-diagonal matrix whose
 * Perron root λ* solves Σ_j t_j / (λ + t_j) = 1 with t_j = u_j² A_jj / D_j; hence ρ(|H|) ≤ λ*. It certifies lasso
 * systems whose coordinates are nearly all shrunk (t_j small). If it fails, {@link Check#GRAM} (the default) uses the
 * Gram matrix, when GRAM mode holds or forms one, for Collatz–Wielandt bounds from a few power iterations on |H|
 * (rigorous: min ≤ ρ ≤ max of the ratios (|H|x)_i / x_i); {@link Check#RUNTIME} additionally lets COLUMNS mode run
 * uncertified under the run-time guard below; {@link Check#DIAGONAL} trusts the cheap certificate only.
 *
 * <p><b>Cost rule.</b> GRAM mode walks only on a Gram matrix it already holds for the current weights (with the
 * squared loss: from the second M-step of a fit on). When the weights changed (a logistic E-step) it does exactly
 * what {@link CholeskySolver} does — CG preconditioned by the previous factor (at most a dozen passes), else a new
 * Gram matrix (p/2 passes), factored and kept for the next steps — because walking on a freshly formed Gram matrix
 * would leave no factor behind and force a new Gram matrix at every step (measured: 40× the passes of CG on a
 * p = 1000 logistic lasso fit). {@link Settings#walkOnNewGram()} lifts the rule.
 *
 * <p><b>Exact fallback.</b> When the check rejects the system, or a stage's exact residual does not shrink by
 * {@code minContraction}, or a stage would raise the surrogate, or the stage cap is hit, the system is solved by what
 * the automatic choice would use: in GRAM mode the Cholesky factorization of the Gram matrix (with
 * {@link CholeskySolver}'s reuse of the previous factorization as a CG preconditioner before a new Gram matrix is
 * formed, and its diagonal loads when singular), in COLUMNS mode Jacobi-preconditioned CG from the best Monte Carlo
 * iterate. Either way the returned θ does not increase the surrogate relative to the warm start: a generalized EM step.
 *
 * <p>Data passes are counted as the other solvers count them: a Gram matrix as max(1, p/2) (+1 with an intercept),
 * a product with Z or Zᵀ as one, a column of A as two, the subsample copy and its products by their fraction of n.
 * Deterministic for a given seed and sequence of calls. One instance per thread.
 */
public final class HaltonMonteCarloSolver implements MStepSolver {

    /** Where the walk operator and the residuals come from. */
    public enum Mode {
        /** GRAM for dense data with p ≤ {@link Settings#gramMaxColumns()} or any p ≤ 500, COLUMNS otherwise. */
        AUTO,
        /** Weighted Gram matrix (of the subsample in the subsampled variant). */
        GRAM,
        /** Columns of A fetched on demand, two passes each. */
        COLUMNS
    }

    /** What certifies ρ(|H|) &lt; 1 before any walk starts. */
    public enum Check {
        /** Only the cheap bound from the diagonal. */
        DIAGONAL,
        /** The cheap bound, else Collatz–Wielandt bounds on the Gram matrix in GRAM mode. */
        GRAM,
        /** As GRAM; in COLUMNS mode an uncertified system is tried under the run-time guard. */
        RUNTIME
    }

    /** What the last {@link #solve} did. */
    public enum Outcome {
        /** Monte Carlo stages reached the tolerance. */
        MONTE_CARLO,
        /** The warm start already met the tolerance. */
        WARM_START,
        /** The cheap bound did not certify and no further check was run: solved exactly. */
        EXACT_UNCHECKED,
        /**
         * GRAM mode without a Gram matrix for these weights (and no usable previous factor): formed one, factored it
         * and solved exactly, as {@link CholeskySolver}; the next solve with the same weights walks on it.
         */
        EXACT_NEW_GRAM,
        /**
         * GRAM mode without a Gram matrix for these weights: the previous factor preconditioned CG to an exact
         * solution, cheaper than forming the Gram matrix the walks would need (as {@link CholeskySolver}).
         */
        EXACT_REUSE,
        /** The validity check rejected the system: solved exactly. */
        FALLBACK_INVALID,
        /** A stage did not shrink the residual enough: solved exactly from the best iterate. */
        FALLBACK_NO_CONTRACTION,
        /** A stage would have raised the surrogate: solved exactly from the best iterate. */
        FALLBACK_SURROGATE,
        /** The stage cap was reached before the tolerance: solved exactly from the best iterate. */
        FALLBACK_STAGES,
        /** The diagonal is not positive (an unpenalized column without data): solved exactly. */
        FALLBACK_SINGULAR,
        /** The thread was interrupted: the best iterate so far is returned (interrupt flag kept). */
        INTERRUPTED,
        /** Nothing could be solved; θ unchanged. */
        FAILED
    }

    /**
     * @param relativeTolerance  stop when ‖U r − M φ‖ has shrunk by this factor from the warm start (like CG), or
     *                           reached round-off (1e-13 of ‖U r‖ or ‖M φ₀‖)
     * @param maxStages          cap on sequential-correction stages per M-step
     * @param walksPerStage      random walks per stage
     * @param maxWalkLength      cap on the steps of one walk (a truncation the next stage corrects)
     * @param weightCutoff       Russian roulette once a walk's weight falls below this fraction of its start weight
     * @param rhoLimit           the check accepts only ρ(|H|) certified below this
     * @param minContraction     a stage must multiply the residual norm by at most this, or the solver falls back
     * @param subsampleFraction  fraction of the rows of Z the walk operator is built from (1: all rows)
     * @param mode               GRAM, COLUMNS or AUTO
     * @param check              DIAGONAL, GRAM or RUNTIME
     * @param walkOnNewGram      GRAM mode without a held Gram matrix for these weights: false (default) forms it,
     *                           factors it and solves exactly, as {@link CholeskySolver} (the factor then serves
     *                           later steps as a preconditioner), walking only on a Gram matrix already held; true
     *                           walks on the new one and keeps no factor
     * @param gramMaxColumns     AUTO uses GRAM for dense data up to this many columns
     * @param columnBudget       COLUMNS mode: most columns of A fetched per M-step; walks stop at unfetched states
     *                           beyond it (a truncation the next stage corrects)
     * @param halton             false: pseudo-random numbers instead of Halton points (the control)
     * @param seed               seed of the scrambling and the subsample
     * @param fallbackTolerance  relative residual of the CG fallback (COLUMNS mode)
     * @param fallbackIterations cap on CG iterations of the fallback
     */
    public record Settings(double relativeTolerance, int maxStages, int walksPerStage, int maxWalkLength,
                           double weightCutoff, double rhoLimit, double minContraction, double subsampleFraction,
                           Mode mode, Check check, boolean walkOnNewGram, int gramMaxColumns, int columnBudget,
                           boolean halton, long seed, double fallbackTolerance, int fallbackIterations) {

        public Settings {
            if (!(relativeTolerance > 0 && relativeTolerance < 1)
                    || !(fallbackTolerance > 0 && fallbackTolerance < 1)) {
                throw new IllegalArgumentException("tolerances must be in (0, 1)");
            }
            if (maxStages < 1 || walksPerStage < 1 || maxWalkLength < 1 || fallbackIterations < 1
                    || columnBudget < 0 || gramMaxColumns < 0) {
                throw new IllegalArgumentException("stage, walk, column and iteration counts must be positive");
            }
            if (!(weightCutoff > 0 && weightCutoff <= 1)) {
                throw new IllegalArgumentException("weightCutoff must be in (0, 1], got " + weightCutoff);
            }
            if (!(rhoLimit > 0 && rhoLimit < 1)) {
                throw new IllegalArgumentException("rhoLimit must be in (0, 1), got " + rhoLimit);
            }
            if (!(minContraction > 0 && minContraction <= 1)) {
                throw new IllegalArgumentException("minContraction must be in (0, 1], got " + minContraction);
            }
            if (!(subsampleFraction > 0 && subsampleFraction <= 1)) {
                throw new IllegalArgumentException("subsampleFraction must be in (0, 1], got " + subsampleFraction);
            }
            if (mode == null || check == null) {
                throw new IllegalArgumentException("mode and check are required");
            }
        }

        /**
         * Tolerance 1e-6, at most 30 stages of 256 walks of at most 60 steps, roulette below 1% of the start weight,
         * ρ(|H|) ≤ 0.9, each stage must halve the residual, no subsample, AUTO mode (Gram up to 2000 dense columns),
         * GRAM check, walks only on a held Gram matrix, 64 columns per M-step in COLUMNS mode, Halton points, seed 0,
         * CG fallback at {@link ConjugateGradientSolver}'s defaults (1e-3, 200 iterations).
         */
        public static Settings defaults() {
            return new Settings(1e-6, 30, 256, 60, 0.01, 0.9, 0.5, 1.0, Mode.AUTO, Check.GRAM, false,
                    SolverChoice.MAX_DENSE_GRAM, 64, true, 0L, 1e-3, 200);
        }

        public Settings withRelativeTolerance(double x) {
            return new Settings(x, maxStages, walksPerStage, maxWalkLength, weightCutoff, rhoLimit, minContraction,
                    subsampleFraction, mode, check, walkOnNewGram, gramMaxColumns, columnBudget, halton, seed,
                    fallbackTolerance, fallbackIterations);
        }

        public Settings withMaxStages(int x) {
            return new Settings(relativeTolerance, x, walksPerStage, maxWalkLength, weightCutoff, rhoLimit,
                    minContraction, subsampleFraction, mode, check, walkOnNewGram, gramMaxColumns, columnBudget, halton,
                    seed, fallbackTolerance, fallbackIterations);
        }

        public Settings withWalksPerStage(int x) {
            return new Settings(relativeTolerance, maxStages, x, maxWalkLength, weightCutoff, rhoLimit, minContraction,
                    subsampleFraction, mode, check, walkOnNewGram, gramMaxColumns, columnBudget, halton, seed,
                    fallbackTolerance, fallbackIterations);
        }

        public Settings withMaxWalkLength(int x) {
            return new Settings(relativeTolerance, maxStages, walksPerStage, x, weightCutoff, rhoLimit, minContraction,
                    subsampleFraction, mode, check, walkOnNewGram, gramMaxColumns, columnBudget, halton, seed,
                    fallbackTolerance, fallbackIterations);
        }

        public Settings withWeightCutoff(double x) {
            return new Settings(relativeTolerance, maxStages, walksPerStage, maxWalkLength, x, rhoLimit, minContraction,
                    subsampleFraction, mode, check, walkOnNewGram, gramMaxColumns, columnBudget, halton, seed,
                    fallbackTolerance, fallbackIterations);
        }

        public Settings withRhoLimit(double x) {
            return new Settings(relativeTolerance, maxStages, walksPerStage, maxWalkLength, weightCutoff, x,
                    minContraction, subsampleFraction, mode, check, walkOnNewGram, gramMaxColumns, columnBudget, halton,
                    seed, fallbackTolerance, fallbackIterations);
        }

        public Settings withMinContraction(double x) {
            return new Settings(relativeTolerance, maxStages, walksPerStage, maxWalkLength, weightCutoff, rhoLimit, x,
                    subsampleFraction, mode, check, walkOnNewGram, gramMaxColumns, columnBudget, halton, seed,
                    fallbackTolerance, fallbackIterations);
        }

        public Settings withSubsampleFraction(double x) {
            return new Settings(relativeTolerance, maxStages, walksPerStage, maxWalkLength, weightCutoff, rhoLimit,
                    minContraction, x, mode, check, walkOnNewGram, gramMaxColumns, columnBudget, halton, seed,
                    fallbackTolerance, fallbackIterations);
        }

        public Settings withMode(Mode x) {
            return new Settings(relativeTolerance, maxStages, walksPerStage, maxWalkLength, weightCutoff, rhoLimit,
                    minContraction, subsampleFraction, x, check, walkOnNewGram, gramMaxColumns, columnBudget, halton,
                    seed, fallbackTolerance, fallbackIterations);
        }

        public Settings withCheck(Check x) {
            return new Settings(relativeTolerance, maxStages, walksPerStage, maxWalkLength, weightCutoff, rhoLimit,
                    minContraction, subsampleFraction, mode, x, walkOnNewGram, gramMaxColumns, columnBudget, halton,
                    seed, fallbackTolerance, fallbackIterations);
        }

        public Settings withWalkOnNewGram(boolean x) {
            return new Settings(relativeTolerance, maxStages, walksPerStage, maxWalkLength, weightCutoff, rhoLimit,
                    minContraction, subsampleFraction, mode, check, x, gramMaxColumns, columnBudget, halton, seed,
                    fallbackTolerance, fallbackIterations);
        }

        public Settings withGramMaxColumns(int x) {
            return new Settings(relativeTolerance, maxStages, walksPerStage, maxWalkLength, weightCutoff, rhoLimit,
                    minContraction, subsampleFraction, mode, check, walkOnNewGram, x, columnBudget, halton, seed,
                    fallbackTolerance, fallbackIterations);
        }

        public Settings withColumnBudget(int x) {
            return new Settings(relativeTolerance, maxStages, walksPerStage, maxWalkLength, weightCutoff, rhoLimit,
                    minContraction, subsampleFraction, mode, check, walkOnNewGram, gramMaxColumns, x, halton, seed,
                    fallbackTolerance, fallbackIterations);
        }

        public Settings withHalton(boolean x) {
            return new Settings(relativeTolerance, maxStages, walksPerStage, maxWalkLength, weightCutoff, rhoLimit,
                    minContraction, subsampleFraction, mode, check, walkOnNewGram, gramMaxColumns, columnBudget, x,
                    seed, fallbackTolerance, fallbackIterations);
        }

        public Settings withSeed(long x) {
            return new Settings(relativeTolerance, maxStages, walksPerStage, maxWalkLength, weightCutoff, rhoLimit,
                    minContraction, subsampleFraction, mode, check, walkOnNewGram, gramMaxColumns, columnBudget, halton,
                    x, fallbackTolerance, fallbackIterations);
        }

        public Settings withFallbackTolerance(double x) {
            return new Settings(relativeTolerance, maxStages, walksPerStage, maxWalkLength, weightCutoff, rhoLimit,
                    minContraction, subsampleFraction, mode, check, walkOnNewGram, gramMaxColumns, columnBudget, halton,
                    seed, x, fallbackIterations);
        }

        public Settings withFallbackIterations(int x) {
            return new Settings(relativeTolerance, maxStages, walksPerStage, maxWalkLength, weightCutoff, rhoLimit,
                    minContraction, subsampleFraction, mode, check, walkOnNewGram, gramMaxColumns, columnBudget, halton,
                    seed, fallbackTolerance, x);
        }
    }

    /**
     * What the last solve did.
     *
     * @param outcome          see {@link Outcome}
     * @param mode             GRAM or COLUMNS as resolved
     * @param certificate      how ρ(|H|) was bounded: {@code diagonal}, {@code collatz}, {@code none} (run-time guard
     *                         only), {@code unchecked} (cheap bound failed, no further check) or {@code rejected}
     * @param rhoBound         the upper bound on ρ(|H|) (the cheap one, or Collatz–Wielandt's if computed)
     * @param exact            the exact method used, if any: {@code cholesky}, {@code cholesky-reuse} (previous
     *                         factorization as CG preconditioner), {@code cg}; empty if none
     * @param stages           Monte Carlo stages accepted
     * @param walks            walks started
     * @param steps            walk steps taken
     * @param columnsFetched   distinct columns of H built (COLUMNS mode: fetched from the data)
     * @param initialResidual  ‖U r − M φ‖ at the warm start
     * @param finalResidual    the same at the result (NaN where it would cost passes to know)
     * @param surrogateChange  change of ½φᵀMφ − φᵀUr over the accepted Monte Carlo stages (≤ 0)
     * @param passes           data passes of this solve
     */
    public record Report(Outcome outcome, Mode mode, String certificate, double rhoBound, String exact, int stages,
                         long walks, long steps, int columnsFetched, double initialResidual, double finalResidual,
                         double surrogateChange, double passes) {
    }

    /** Relative diagonal loads tried, in order, when the system is numerically singular (as CholeskySolver). */
    private static final double[] JITTER = {0, 1e-12, 1e-9, 1e-6};

    private final Settings settings;
    private final SplittableRandom rng;
    private final HaltonSequence sequence;
    private final Pcg pcg = new Pcg();

    private double passes;
    private Report last;
    private long solves;
    private long monteCarloSolves;
    private long fallbacks;
    private boolean reuseAllowed = true;

    // scaled system
    private int m;
    private double[] u = new double[0];
    private double[] e = new double[0];
    private double[] b = new double[0];
    private double[] aDiag = new double[0];
    private double[] dDiag = new double[0];
    private double[] w = new double[0];
    private double[] y = new double[0];
    private double[] yTrial = new double[0];
    private double[] g = new double[0];
    private double[] gTrial = new double[0];
    private double[] dres = new double[0];
    private double[] corr = new double[0];
    private double[] startCum = new double[0];
    private double[] colBound = new double[0];
    private double[] t = new double[0];
    private double[] ratio = new double[0];
    private double[] scratch = new double[0];

    // walk operator
    private boolean gramMode;
    private double[] gram = new double[0];
    private double[] gramScratch = new double[0];
    private double[] colSums = new double[0];
    private double[] gramWeights = new double[0];
    private DesignMatrix gramDesign;
    private boolean gramIntercept;
    /** Order of the Gram matrix in {@code gram} (p + 1 with an intercept). */
    private int gramSize;
    private double[][] cum = new double[0][];
    private double[][] column = new double[0][];
    private int fetched;

    // exact fallback: the last Cholesky factor of U G U + E and the prior variances it was formed with
    private double[] system = new double[0];
    private int factoredSize;
    /** Whether the last solve ended with (or kept, as CholeskySolver's reuse does) the factor {@link #resolve} uses. */
    private boolean factorUsable;
    /** Whether this solve already tried the previous factor (once per solve). */
    private boolean reuseTried;
    private double[] factoredVariance = new double[0];

    // subsample
    private DesignMatrix subDesign;
    private DesignMatrix subSource;
    private int[] subRows = new int[0];
    private double[] subWeights = new double[0];
    private double[] subT = new double[0];

    // current solve's inputs (valid during solve only)
    private DesignMatrix z;
    private boolean intercept;
    private double[] c;

    // current solve's bookkeeping
    private Mode resolved;
    private String certificate;
    private double rho;
    private int stages;
    private long walks;
    private long steps;
    private double g0;
    private double surrogate;
    private double passesAtStart;

    public HaltonMonteCarloSolver() {
        this(Settings.defaults());
    }

    public HaltonMonteCarloSolver(Settings settings) {
        this.settings = settings;
        this.rng = new SplittableRandom(settings.seed());
        this.sequence = new HaltonSequence(settings.maxWalkLength() + 1, settings.walksPerStage(), settings.halton());
    }

    @Override
    public String name() {
        return "halton";
    }

    @Override
    public double dataPasses() {
        return passes + pcg.passes();
    }

    @Override
    public void allowReuse(boolean allowed) {
        reuseAllowed = allowed;
    }

    public Settings settings() {
        return settings;
    }

    /** What the last solve did (null before the first). */
    public Report lastReport() {
        return last;
    }

    /** Solves so far. */
    public long solves() {
        return solves;
    }

    /** Solves that ended by Monte Carlo (or at the warm start), without an exact solve. */
    public long monteCarloSolves() {
        return monteCarloSolves;
    }

    /** Solves that ended by an exact solve (check not passed, or a fallback). */
    public long fallbacks() {
        return fallbacks;
    }

    @Override
    public boolean solve(DesignMatrix z, boolean intercept, double[] c, double[] r, double[] v, double[] theta) {
        this.z = z;
        this.intercept = intercept;
        this.c = c;
        try {
            return solveScaled(r, v, theta);
        } finally {
            this.z = null;
            this.c = null;
        }
    }

    /**
     * Exact in GRAM mode (Monte Carlo only on a certified system, Cholesky otherwise), inexact in COLUMNS mode (walks
     * and CG to a tolerance), as resolved for the last design solved (before any: true only if COLUMNS is forced).
     */
    @Override
    public boolean isIterative() {
        return resolved != null ? resolved == Mode.COLUMNS : settings.mode() == Mode.COLUMNS;
    }

    /** The weights of the full Gram matrix held for this design (GRAM mode), as {@link CholeskySolver}. */
    @Override
    public double[] heldWeights(DesignMatrix design, boolean withIntercept) {
        int size = withIntercept ? design.cols() + 1 : design.cols();
        return gramDesign == design && gramIntercept == withIntercept && gramSize == size ? gramWeights : null;
    }

    /** A new factorization of U G U + E with the held Gram matrix and these prior variances; no pass over the data. */
    @Override
    public boolean solveHeld(double[] r, double[] v, double[] theta) {
        if (gramDesign == null || gramDesign == subDesign || gramSize == 0) {
            return false;
        }
        m = gramSize;
        ensureCapacity(0, m);
        for (int j = 0; j < m; j++) {
            u[j] = MStepSolver.scaleOf(v[j]);
            e[j] = MStepSolver.identityPartOf(v[j]);
        }
        factorUsable = false;
        if (!factor(v)) {
            return false;
        }
        for (int j = 0; j < m; j++) {
            yTrial[j] = u[j] * r[j];
        }
        Cholesky.solveInPlace(system, m, yTrial);
        if (!writeTheta(yTrial, theta)) {
            return false;
        }
        factorUsable = true;
        fallbacks++;
        return true;
    }

    /** With the last Cholesky factor, exactly as {@link CholeskySolver#resolve}; false after a Monte Carlo solve. */
    @Override
    public boolean resolve(double[] r, double[] v, double[] theta) {
        int size = factoredSize;
        if (size == 0 || !factorUsable) {
            return false;
        }
        for (int j = 0; j < size; j++) {
            if (Double.compare(v[j], factoredVariance[j]) != 0) {
                return false;
            }
        }
        for (int j = 0; j < size; j++) {
            u[j] = MStepSolver.scaleOf(v[j]);
            yTrial[j] = u[j] * r[j];
        }
        Cholesky.solveInPlace(system, size, yTrial);
        return MStepSolver.writeScaled(u, yTrial, theta, size);
    }

    private boolean solveScaled(double[] r, double[] v, double[] theta) {
        solves++;
        factorUsable = false;
        reuseTried = false;
        passesAtStart = dataPasses();
        certificate = "";
        rho = Double.NaN;
        stages = 0;
        walks = 0;
        steps = 0;
        surrogate = 0;
        g0 = Double.NaN;
        int n = z.rows();
        int p = z.cols();
        m = intercept ? p + 1 : p;
        ensureCapacity(n, m);
        resolved = resolveMode(z);
        gramMode = resolved == Mode.GRAM;
        boolean subsample = settings.subsampleFraction() < 1.0 && n > 1;
        double bnorm2 = 0;
        for (int j = 0; j < m; j++) {
            u[j] = MStepSolver.scaleOf(v[j]);
            e[j] = MStepSolver.identityPartOf(v[j]);
            b[j] = u[j] * r[j];
            bnorm2 += b[j] * b[j];
            y[j] = u[j] > 0 ? theta[j] / u[j] : 0.0;
            if (!Double.isFinite(y[j])) {
                y[j] = 0.0;
            }
        }
        if (subsample) {
            prepareSubsample();
        }
        fetched = 0;
        if (cum.length < m) {
            cum = new double[m][];
            column = new double[m][];
        }
        Arrays.fill(cum, 0, m, null);
        Arrays.fill(column, 0, m, null);

        // GRAM mode walks on a Gram matrix it holds for these weights. Without one, it does what CholeskySolver does:
        // the previous factor as a CG preconditioner (at most a dozen passes), else a new Gram matrix (p/2 passes),
        // factored and kept; forming a Gram matrix only to walk on it would leave no factor for the next steps.
        boolean fullGram = gramMode && holdsGram(z, c);
        if (gramMode && !subsample && !fullGram && !settings.walkOnNewGram()) {
            certificate = "not-held";
            if (reuseAllowed && tryPreviousFactor(r, v, theta)) {
                fallbacks++;
                return done(Outcome.EXACT_REUSE, "cholesky-reuse", Double.NaN);
            }
            return exact(Outcome.EXACT_NEW_GRAM, r, v, theta);
        }

        // Diagonal of A, from the full data (from the Gram matrix if it is held).
        if (fullGram) {
            for (int j = 0; j < m; j++) {
                aDiag[j] = gram[j * m + j];
            }
        } else {
            z.weightedColumnSquares(c, aDiag);
            passes += 1;
            if (intercept) {
                aDiag[p] = sum(c, n);
            }
        }
        boolean singular = false;
        double s = 0;
        for (int j = 0; j < m; j++) {
            dDiag[j] = u[j] * u[j] * aDiag[j] + e[j];
            if (!(dDiag[j] > 0) || !Double.isFinite(dDiag[j])) {
                singular = true;
                dDiag[j] = 1.0;
            }
            ratio[j] = u[j] * u[j] * Math.max(aDiag[j], 0) / dDiag[j];
            w[j] = u[j] * Math.sqrt(Math.max(aDiag[j], 0));
            s += w[j] / dDiag[j];
        }
        for (int j = 0; j < m; j++) {
            colBound[j] = Math.max(0.0, w[j] * (s - w[j] / dDiag[j]));
        }
        if (singular) {
            certificate = "unchecked";
            return exact(Outcome.FALLBACK_SINGULAR, r, v, theta);
        }

        // With walkOnNewGram or a subsample, a missing Gram matrix is still first replaced by the previous factor.
        boolean walkOnGram = gramMode && (subsample ? holdsGram(subDesign, subWeights) : fullGram);
        rho = perronBound(ratio, m);
        if (gramMode && !walkOnGram && reuseAllowed && tryPreviousFactor(r, v, theta)) {
            certificate = rho < settings.rhoLimit() ? "diagonal" : "unchecked";
            fallbacks++;
            return done(Outcome.EXACT_REUSE, "cholesky-reuse", Double.NaN);
        }

        // Validity check, cheapest first.
        if (rho < settings.rhoLimit()) {
            certificate = "diagonal";
        } else if (gramMode && settings.check() != Check.DIAGONAL) {
            ensureOperatorGram(subsample);
            walkOnGram = true;
            double[] bounds = collatzBounds();
            rho = bounds[1];
            certificate = bounds[1] < settings.rhoLimit() ? "collatz" : "rejected";
        } else if (!gramMode && settings.check() == Check.RUNTIME) {
            certificate = "none";
        } else {
            certificate = "unchecked";
        }
        if (certificate.equals("rejected") || certificate.equals("unchecked")) {
            return exact(certificate.equals("rejected") ? Outcome.FALLBACK_INVALID : Outcome.EXACT_UNCHECKED, r, v,
                    theta);
        }
        if (gramMode && !walkOnGram) {
            ensureOperatorGram(subsample);
        }
        boolean residualFromGram = gramMode && !subsample;

        // Warm-start residual; relative to it, as CG, but never below round-off of the products.
        gradient(y, g, residualFromGram);
        g0 = norm(g);
        double product = 0;
        for (int j = 0; j < m; j++) {
            product += (g[j] + b[j]) * (g[j] + b[j]);
        }
        double stop = Math.max(settings.relativeTolerance() * g0, 1e-13 * Math.sqrt(Math.max(bnorm2, product)));
        if (g0 <= stop) {
            if (!writeTheta(y, theta)) {
                return fail();
            }
            return done(Outcome.WARM_START, "", g0);
        }

        double gnorm = g0;
        Outcome failure = null;
        while (gnorm > stop) {
            if (Thread.currentThread().isInterrupted()) {
                writeTheta(y, theta);
                last = report(Outcome.INTERRUPTED, "", gnorm);
                return true;
            }
            if (stages >= settings.maxStages()) {
                failure = Outcome.FALLBACK_STAGES;
                break;
            }
            // d = D⁻¹(U r − M y); x = d + Monte Carlo estimate of Σ_{k≥1} Hᵏ d.
            for (int j = 0; j < m; j++) {
                dres[j] = -g[j] / dDiag[j];
            }
            Arrays.fill(corr, 0, m, 0.0);
            walk(dres, corr);
            for (int j = 0; j < m; j++) {
                corr[j] += dres[j];
                yTrial[j] = y[j] + corr[j];
            }
            gradient(yTrial, gTrial, residualFromGram);
            // Exact change of the quadratic between two points whose gradients are known: ½ xᵀ(g + g').
            double change = 0;
            for (int j = 0; j < m; j++) {
                change += 0.5 * corr[j] * (g[j] + gTrial[j]);
            }
            double gTrialNorm = norm(gTrial);
            if (!Double.isFinite(gTrialNorm) || !(gTrialNorm <= settings.minContraction() * gnorm)) {
                failure = Outcome.FALLBACK_NO_CONTRACTION;
                break;
            }
            if (!(change <= 0)) {
                failure = Outcome.FALLBACK_SURROGATE;
                break;
            }
            System.arraycopy(yTrial, 0, y, 0, m);
            System.arraycopy(gTrial, 0, g, 0, m);
            gnorm = gTrialNorm;
            surrogate += change;
            stages++;
        }
        if (failure != null) {
            return exact(failure, r, v, theta);
        }
        if (!writeTheta(y, theta)) {
            return fail();
        }
        return done(Outcome.MONTE_CARLO, "", gnorm);
    }

    private Mode resolveMode(DesignMatrix design) {
        if (settings.mode() != Mode.AUTO) {
            return settings.mode();
        }
        int p = design.cols();
        return p <= 500 || (!design.isSparse() && p <= settings.gramMaxColumns()) ? Mode.GRAM : Mode.COLUMNS;
    }

    // ---- exact solves --------------------------------------------------------------------------------------------

    /**
     * Solves exactly from the best iterate y. GRAM mode: the factor of the full Gram matrix (formed if not held; the
     * previous factor tried first as a preconditioner when no Gram matrix is held, as {@link CholeskySolver}); COLUMNS
     * mode: Jacobi-preconditioned CG.
     */
    private boolean exact(Outcome why, double[] r, double[] v, double[] theta) {
        fallbacks++;
        if (!gramMode) {
            double[] jacobi = dDiag;
            pcg.solve(z, intercept, c, u, e, r, y, (in, out, size) -> {
                for (int j = 0; j < size; j++) {
                    out[j] = in[j] / jacobi[j];
                }
            }, settings.fallbackTolerance(), settings.fallbackIterations());
            if (!writeTheta(y, theta)) {
                return fail();
            }
            return done(why, "cg", Double.NaN);
        }
        boolean held = holdsGram(z, c);
        if (!held && reuseAllowed && tryPreviousFactor(r, v, theta)) {
            return done(why, "cholesky-reuse", Double.NaN);
        }
        if (!held) {
            formGram(z, c);
        }
        if (!factor(v)) {
            return fail();
        }
        factorUsable = true;
        System.arraycopy(b, 0, yTrial, 0, m);
        Cholesky.solveInPlace(system, m, yTrial);
        System.arraycopy(yTrial, 0, y, 0, m);
        if (!writeTheta(y, theta)) {
            return fail();
        }
        gradient(y, g, true);
        return done(why, "cholesky", norm(g));
    }

    /** Factors U G U + E from the held full Gram matrix into {@code system}, with diagonal loads if singular. */
    private boolean factor(double[] v) {
        if (system.length < m * m) {
            system = new double[m * m];
        }
        factoredSize = 0;
        for (double load : JITTER) {
            double largest = 0;
            for (int j = 0; j < m; j++) {
                for (int k = 0; k <= j; k++) {
                    system[j * m + k] = u[j] * gram[j * m + k] * u[k];
                }
                system[j * m + j] += e[j];
                largest = Math.max(largest, system[j * m + j]);
            }
            if (load > 0) {
                for (int j = 0; j < m; j++) {
                    system[j * m + j] += load * largest;
                }
            }
            if (Cholesky.factorLowerInPlace(system, m)) {
                factoredSize = m;
                if (factoredVariance.length < m) {
                    factoredVariance = new double[m];
                }
                System.arraycopy(v, 0, factoredVariance, 0, m);
                return true;
            }
        }
        return false;
    }

    /**
     * CG preconditioned by the previous factor, as {@link CholeskySolver}: same pinned and unpenalized coordinates
     * required, at most {@link CholeskySolver#REUSE_ITERATIONS} iterations to {@link CholeskySolver#REUSE_TOLERANCE}.
     * Leaves θ unchanged on failure.
     */
    private boolean tryPreviousFactor(double[] r, double[] v, double[] theta) {
        if (reuseTried || factoredSize != m || z.cols() < CholeskySolver.REUSE_MIN_COLUMNS) {
            return false;
        }
        reuseTried = true;
        for (int j = 0; j < m; j++) {
            boolean pinned = v[j] == 0;
            boolean free = v[j] == Double.POSITIVE_INFINITY;
            if (pinned != (factoredVariance[j] == 0) || free != (factoredVariance[j] == Double.POSITIVE_INFINITY)) {
                return false;
            }
        }
        System.arraycopy(y, 0, yTrial, 0, m);
        int size = m;
        boolean ok = pcg.solve(z, intercept, c, u, e, r, yTrial, (in, out, len) -> {
            System.arraycopy(in, 0, out, 0, len);
            Cholesky.solveInPlace(system, size, out);
        }, CholeskySolver.REUSE_TOLERANCE, CholeskySolver.REUSE_ITERATIONS);
        if (!ok || !writeTheta(yTrial, theta)) {
            return false;
        }
        System.arraycopy(yTrial, 0, y, 0, m);
        factorUsable = true;
        return true;
    }

    // ---- Gram matrices -------------------------------------------------------------------------------------------

    /** Whether {@code gram} holds the weighted Gram matrix of {@code design} with these weights. */
    private boolean holdsGram(DesignMatrix design, double[] weights) {
        int rows = design.rows();
        return gramDesign == design && gramIntercept == intercept && gramWeights.length == rows
                && Arrays.equals(gramWeights, 0, rows, weights, 0, rows);
    }

    /** The Gram matrix the walks use: the full one, or the subsample's. */
    private void ensureOperatorGram(boolean subsample) {
        if (subsample) {
            if (!holdsGram(subDesign, subWeights)) {
                formGram(subDesign, subWeights);
            }
        } else if (!holdsGram(z, c)) {
            formGram(z, c);
        }
    }

    /** The weighted Gram matrix of {@code design} into {@code gram}, counted by its fraction of the rows. */
    private void formGram(DesignMatrix design, double[] weights) {
        int rows = design.rows();
        int p = design.cols();
        if (gram.length < m * m) {
            gram = new double[m * m];
        }
        if (gramScratch.length < p * p) {
            gramScratch = new double[p * p];
            colSums = new double[p];
        }
        Gram.augmented(design, intercept, weights, gramScratch, colSums, gram, 0, m);
        passes += (Math.max(1.0, p / 2.0) + (intercept ? 1 : 0)) * rows / z.rows();
        if (gramWeights.length != rows) {
            gramWeights = new double[rows];
        }
        System.arraycopy(weights, 0, gramWeights, 0, rows);
        gramDesign = design;
        gramIntercept = intercept;
        gramSize = m;
    }

    // ---- random walks -------------------------------------------------------------------------------------------

    /**
     * Adds to {@code out} an estimate of Σ_{k≥1} Hᵏ d by adjoint random walks (counted in walks, steps). A walk from s
     * first plays Russian roulette against an upper bound of its next weight (the exact column sum once column s is
     * built, the Cauchy–Schwarz bound before), so columns are built only for walks that go on.
     */
    private void walk(double[] d, double[] out) {
        double total = 0;
        for (int j = 0; j < m; j++) {
            total += Math.abs(d[j]);
            startCum[j] = total;
        }
        if (!(total > 0) || !Double.isFinite(total)) {
            return;
        }
        sequence.randomize(rng);
        int count = settings.walksPerStage();
        int maxLength = settings.maxWalkLength();
        double share = total / count;
        double cut = settings.weightCutoff() * share;
        walks += count;
        for (int k = 0; k < count; k++) {
            int state = search(startCum, m, sequence.coordinate(k, 0) * total);
            double weight = d[state] >= 0 ? share : -share;
            for (int step = 1; step <= maxLength; step++) {
                double uk = sequence.coordinate(k, step);
                double[] cs = cum[state];
                double bound = cs != null ? cs[m - 1] : colBound[state];
                double next = Math.abs(weight) * bound;
                if (next < cut) {
                    double q = next / cut;
                    if (!(uk < q)) {
                        break;
                    }
                    uk /= q;
                    weight /= q;
                }
                if (cs == null) {
                    cs = buildColumn(state);
                    if (cs == null) {
                        break; // column budget spent: truncated
                    }
                }
                double gamma = cs[m - 1];
                if (!(gamma > 0)) {
                    break;
                }
                int j = search(cs, m, uk * gamma);
                double aij = operatorEntry(j, state);
                weight *= aij > 0 ? -gamma : gamma; // H_js = −u_j A_js u_s / D_j
                out[j] += weight;
                state = j;
                steps++;
            }
        }
    }

    /** Smallest index j < len with cumulative[j] > target (the last index if rounding pushes past the end). */
    private static int search(double[] cumulative, int len, double target) {
        int lo = 0;
        int hi = len - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        // Skip zero-probability entries a rounding error could land on.
        int j = lo;
        while (j > 0 && cumulative[j] == cumulative[j - 1]) {
            j--;
        }
        if (j == 0 && cumulative[0] == 0) {
            j = lo;
        }
        return j;
    }

    /** Entry (j, s) of the walk operator's A (the full or subsample Gram, or a fetched column). */
    private double operatorEntry(int j, int s) {
        return gramMode ? gram[j * m + s] : column[s][j];
    }

    /**
     * Builds the cumulative |H_js| over j for column s (fetching column s of A in COLUMNS mode); null if the column
     * budget is spent.
     */
    private double[] buildColumn(int s) {
        if (!gramMode) {
            if (fetched >= settings.columnBudget()) {
                return null;
            }
            fetchColumn(s);
        }
        double[] cs = new double[m];
        double acc = 0;
        double us = u[s];
        for (int j = 0; j < m; j++) {
            if (j != s) {
                acc += u[j] * Math.abs(operatorEntry(j, s)) * us / dDiag[j];
            }
            cs[j] = acc;
        }
        cum[s] = cs;
        fetched++;
        return cs;
    }

    /** Column s of A = Zₐᵀ C Zₐ (of the subsample, rescaled, in the subsampled variant) into {@code column[s]}. */
    private void fetchColumn(int s) {
        DesignMatrix src = subDesign != null && settings.subsampleFraction() < 1.0 ? subDesign : z;
        double[] weights = src == z ? c : subWeights;
        int rows = src.rows();
        double fraction = (double) rows / z.rows();
        int p = z.cols();
        double[] col = new double[m];
        double[] tv = src == z ? t : subT;
        if (intercept && s == p) {
            System.arraycopy(weights, 0, tv, 0, rows);
            passes += fraction;
        } else {
            Arrays.fill(scratch, 0, m, 0.0);
            scratch[s] = 1.0;
            src.multiply(scratch, 0.0, tv);
            for (int i = 0; i < rows; i++) {
                tv[i] *= weights[i];
            }
            passes += 2 * fraction;
        }
        src.transposeMultiply(tv, col);
        if (intercept) {
            col[p] = sum(tv, rows);
        }
        column[s] = col;
    }

    // ---- validity check ----------------------------------------------------------------------------------------

    /**
     * The Perron root λ* of ggᵀ − diag(t), g_j = √t_j: the root of Σ_j t_j / (λ + t_j) = 1, an upper bound on ρ(|H|)
     * (Cauchy–Schwarz on the entries of the PSD matrix A, then Perron–Frobenius monotonicity).
     */
    static double perronBound(double[] t, int m) {
        double hi = 0;
        double tsum = 0;
        for (int j = 0; j < m; j++) {
            tsum += t[j];
        }
        if (!(tsum > 0)) {
            return 0.0;
        }
        hi = tsum; // f(tsum) ≤ 1
        double lo = 0;
        // f(0) = number of positive t; if ≤ 1 the root is ≤ 0 (a single coordinate couples to nothing).
        if (secular(t, m, 0.0) <= 1.0) {
            return 0.0;
        }
        for (int it = 0; it < 100 && hi - lo > 1e-12 * hi; it++) {
            double mid = 0.5 * (lo + hi);
            if (secular(t, m, mid) > 1.0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    private static double secular(double[] t, int m, double lambda) {
        double f = 0;
        for (int j = 0; j < m; j++) {
            if (t[j] > 0) {
                f += t[j] / (lambda + t[j]);
            }
        }
        return f;
    }

    /**
     * Collatz–Wielandt bounds {lower, upper} on ρ(|H|) after a few power iterations from the all-ones vector (GRAM
     * mode). Stops early once the upper bound is below the limit or the lower bound is above it.
     */
    private double[] collatzBounds() {
        double[] x = corr;
        double[] hx = yTrial;
        Arrays.fill(x, 0, m, 1.0);
        double lower = 0;
        double upper = Double.POSITIVE_INFINITY;
        for (int it = 0; it < 30; it++) {
            absHTimes(x, hx);
            lower = Double.POSITIVE_INFINITY;
            upper = 0;
            double max = 0;
            for (int i = 0; i < m; i++) {
                double q = hx[i] / x[i];
                lower = Math.min(lower, q);
                upper = Math.max(upper, q);
                max = Math.max(max, hx[i]);
            }
            if (upper < settings.rhoLimit() || lower >= settings.rhoLimit() || !(max > 0)) {
                break;
            }
            // Keep x positive so the ratios stay defined (a reducible |H| has zero rows).
            for (int i = 0; i < m; i++) {
                x[i] = hx[i] / max + 1e-12;
            }
        }
        return new double[] {lower, upper};
    }

    /** out = |H| x with the operator's Gram matrix. */
    private void absHTimes(double[] x, double[] out) {
        for (int i = 0; i < m; i++) {
            double acc = 0;
            int row = i * m;
            for (int j = 0; j < m; j++) {
                if (j != i) {
                    acc += Math.abs(gram[row + j]) * u[j] * x[j];
                }
            }
            out[i] = u[i] * acc / dDiag[i];
        }
    }

    // ---- products ------------------------------------------------------------------------------------------------

    /** out = M φ − U r, from the full Gram matrix or with two data passes. */
    private void gradient(double[] phi, double[] out, boolean fromGram) {
        int p = z.cols();
        if (fromGram) {
            for (int j = 0; j < m; j++) {
                scratch[j] = u[j] * phi[j];
            }
            for (int i = 0; i < m; i++) {
                double acc = 0;
                int row = i * m;
                for (int j = 0; j < m; j++) {
                    acc += gram[row + j] * scratch[j];
                }
                out[i] = u[i] * acc + e[i] * phi[i] - b[i];
            }
            return;
        }
        for (int j = 0; j < m; j++) {
            scratch[j] = u[j] * phi[j];
        }
        z.multiply(scratch, intercept ? scratch[p] : 0.0, t);
        int n = z.rows();
        double total = 0;
        for (int i = 0; i < n; i++) {
            t[i] *= c[i];
            total += t[i];
        }
        z.transposeMultiply(t, out);
        passes += 2;
        if (intercept) {
            out[p] = total;
        }
        for (int j = 0; j < m; j++) {
            out[j] = u[j] * out[j] + e[j] * phi[j] - b[j];
        }
    }

    /** Chooses (once per design) a random subset of rows and copies it; rescales the current weights to it. */
    private void prepareSubsample() {
        int n = z.rows();
        int size = Math.max(1, (int) Math.ceil(settings.subsampleFraction() * n));
        if (subSource != z || subRows.length != size) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            SplittableRandom pick = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
            for (int i = 0; i < size; i++) {
                int k = i + pick.nextInt(n - i);
                int tmp = all[i];
                all[i] = all[k];
                all[k] = tmp;
            }
            subRows = Arrays.copyOf(all, size);
            Arrays.sort(subRows);
            subDesign = z.selectRows(subRows);
            subSource = z;
            passes += (double) size / n;
            subWeights = new double[size];
            subT = new double[size];
        }
        double full = sum(c, n);
        double part = 0;
        for (int i = 0; i < size; i++) {
            part += c[subRows[i]];
        }
        double scale = part > 0 ? full / part : 0.0;
        for (int i = 0; i < size; i++) {
            subWeights[i] = c[subRows[i]] * scale;
        }
    }

    // ---- bookkeeping ----------------------------------------------------------------------------------------------

    private boolean done(Outcome outcome, String exactMethod, double finalResidual) {
        if (exactMethod.isEmpty()) {
            monteCarloSolves++;
        }
        last = report(outcome, exactMethod, finalResidual);
        return true;
    }

    private boolean fail() {
        last = report(Outcome.FAILED, "", Double.NaN);
        return false;
    }

    private Report report(Outcome outcome, String exactMethod, double finalResidual) {
        return new Report(outcome, resolved, certificate, rho, exactMethod, stages, walks, steps, fetched, g0,
                finalResidual, surrogate, dataPasses() - passesAtStart);
    }

    private boolean writeTheta(double[] phi, double[] theta) {
        return MStepSolver.writeScaled(u, phi, theta, m);
    }

    private static double sum(double[] a, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += a[i];
        }
        return s;
    }

    private double norm(double[] a) {
        double s = 0;
        for (int j = 0; j < m; j++) {
            s += a[j] * a[j];
        }
        return Math.sqrt(s);
    }

    private void ensureCapacity(int n, int size) {
        if (t.length < n) {
            t = new double[n];
        }
        if (u.length < size) {
            u = new double[size];
            e = new double[size];
            b = new double[size];
            aDiag = new double[size];
            dDiag = new double[size];
            w = new double[size];
            y = new double[size];
            yTrial = new double[size];
            g = new double[size];
            gTrial = new double[size];
            dres = new double[size];
            corr = new double[size];
            startCum = new double[size];
            colBound = new double[size];
            ratio = new double[size];
            scratch = new double[size];
        }
    }
}
