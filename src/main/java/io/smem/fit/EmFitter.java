package io.smem.fit;

import io.smem.data.DesignMatrix;
import io.smem.loss.LogisticLoss;
import io.smem.loss.Loss;
import io.smem.penalty.ElasticNet;
import io.smem.penalty.Penalty;
import io.smem.solve.Cholesky;
import io.smem.solve.Gram;
import io.smem.solve.MStepSolver;
import io.smem.solve.SecantPairs;
import java.util.Arrays;

/**
 * The EM loop on the working design Z for one model: a single linear predictor (binary classification, regression)
 * or K predictors (multinomial logistic, updated class by class as an ECM algorithm: for class k the multinomial
 * likelihood is binary logistic with offset −log Σ_{j≠k} exp η_j, Holmes and Held 2006).
 *
 * <p>One iteration is an E-step (observation weights from the loss, prior variances from the penalty) and an M-step
 * (a weighted least-squares solve), combined across iterations by the chosen {@link Acceleration}. The loop stops on a
 * certificate: a small relative objective change and a small KKT residual; lasso-type fits first get their exact
 * zeros (see {@link #sparsify}).
 */
final class EmFitter {

    /** The fallback zeroing test: effect on the linear predictor (|γ_j| times the weighted RMS of column j)
     * below this, with the KKT condition at zero holding. */
    private static final double ZERO_EFFECT = 1e-6;
    /** Size (as an effect on the predictor) given to a violated zero coefficient whose column has no curvature. */
    private static final double REACTIVATE_EFFECT = 1e-4;
    /** A support step lets in at most this many zero coefficients, or as many as are non-zero if that is more. */
    private static final int MIN_ENTRIES = 10;
    /** Hinge points this close to the kink count as on it when the KKT certificate picks their subgradient. */
    private static final double KINK = 1e-6;
    private static final int KINK_SWEEPS = 50;
    /**
     * The hinge's exact finish is tried every POLISH_EVERY iterations once the relative change is below this. With the
     * partition repair the finish succeeds from further away: 1e-4 instead of 1e-6 took the ridge and elastic-net
     * hinge paths of breast cancer and sonar 10–20 % faster (ionosphere level); 1e-3 and 1e-2 gained no more.
     */
    private static final double POLISH_CHANGE = 1e-4;
    private static final int POLISH_EVERY = 20;
    /**
     * Block-pivoting rounds of the exact finish ({@link HingePolish#pivot}): the partition the EM (or a neighbouring
     * λ's solution) suggests is repaired for up to this many solves. Measured on the hinge paths of breast cancer,
     * sonar and ionosphere: 1 round (no repair) to 24 took the elastic-net paths from 3.1 / 5.7 / 2.7 s to
     * 0.66 / 1.9 / 1.2 s (and 3 unconverged points to none on breast cancer), the ridge paths 1.3–1.7× faster; more
     * rounds than 24 gained nothing.
     */
    private static final int POLISH_ROUNDS = 24;
    /** An unpenalized logistic fit whose mean loss falls below this has separated the classes. */
    private static final double SEPARABLE_LOSS = 1e-9;
    /**
     * Chord steps go on while each lowers F by at most this fraction of the previous decrease; slower ones only while
     * they cost less than a new matrix. (Measured on the path-sharing sets: 0.5 against 0.25, 6 % fewer passes on
     * the binary paths and no more on single fits.)
     */
    private static final double CHORD_KEEP = 0.5;
    /** Chord steps start once a Newton step changes the objective by less than this, relatively. */
    private static final double CHORD_FROM = 1e-3;
    /** A chord step whose decrease is more than this fraction of the previous one has stalled: Newton takes over. */
    private static final double CHORD_STALL = 0.9;
    /** Steps (the Newton step and chord steps) that would follow a new Gram matrix, in chord steps' passes. */
    private static final double CHORDS_AFTER_NEWTON = 3;
    /** Chord steps remembered by their Anderson acceleration (the multinomial joint chord steps). */
    private static final int ANDERSON_DEPTH = 5;
    /** At most this many secant pairs correct a binary chord step (the solver keeps no more). */
    private static final int SECANT_DEPTH = io.smem.solve.SecantPairs.DEPTH;
    /** Pairs whose image is smaller than this fraction of the step are left out of the secant fit. */
    private static final double SECANT_MIN_SCALE = 1e-3;
    /** Relative Tikhonov load on the secant least-squares fit: the pairs become collinear as the steps converge. */
    private static final double SECANT_RIDGE = 1e-10;

    /**
     * A relative objective change at rounding level (a sum of n terms carries about n·ε); this many of them in a row
     * end a smooth-loss run that cannot improve. (The hinge's exact finish needs such stretches; it is exempt.)
     */
    private static final double ROUNDING_CHANGE = 1e-14;
    private static final int STALL_ITERATIONS = 25;
    /** Levenberg–Marquardt damping of Newton steps on a lasso support: start, floor, ceiling. */
    private static final double DAMPING_START = 1e-3;
    private static final double DAMPING_MIN = 1e-7;
    private static final double DAMPING_MAX = 1.0;

    private final DesignMatrix z;
    private final int n;
    private final int p;
    private final int m;
    private final int blocks;
    private final boolean intercept;
    private final boolean multinomial;
    private final Loss loss;
    private final double[] y;
    private final double[] w;
    private final Penalty penalty;
    private final double lambda;
    private final FitOptions options;
    private final Acceleration acceleration;
    private final MStepSolver solver;
    /** The solver may be shared along a path: only its passes during this run count. */
    private final double solverPassesAtStart;
    private final double[] columnRms;
    private final boolean[] constant;

    // Workspaces, reused every iteration.
    private final double[] c;
    private final double[] t;
    private final double[] blockY;
    private final double[] offset;
    private final double[] rhs;
    private final double[] variance;
    private final double[] lastOmega;
    private final double[] trialTheta;
    private final double[] trialEta;
    /** Coordinates a Newton trial step held at zero because they would have crossed it. */
    private final boolean[] crossed;
    private final double[] savedTheta;
    private final double[] savedEta;
    /** The chord step's point as tried (accelerated, projected) and the data part of its right-hand side. */
    private final double[] chordTheta;
    private final double[] chordRhs;
    /** The data gradient at the chord step's start, from the held matrix: A θ − (right-hand side). */
    private final double[] chordGradient;
    /**
     * The run's data gradient array, and whether it holds the gradient at the point the current iteration starts
     * from (the support step and the KKT check compute it): the chord steps then build their right-hand side from it
     * and the held matrix, A θ − ∇L, instead of a pass over the data.
     */
    private double[][] knownGradient;
    private boolean gradientKnown;
    /** Workspaces of the secant correction: M⁻¹(y + D s) per pair, and the least-squares system. */
    private final double[][] secantImage;
    private final double[] secantRhs;
    private final double[] secantNormal;
    private final double[] secantGamma;
    private final int[] secantPair;
    /**
     * Chord steps (single-predictor Newton): near the optimum the curvature barely changes, so the Gram matrix the
     * solver holds (the last Newton step's) is reused with a fresh gradient — two passes over the data instead of a
     * new Gram matrix. The steps are corrected by secant pairs ({@link #secantCorrection}) and kept while each
     * decrease is at most {@link #CHORD_KEEP} of the previous one, or while the remaining steps at the observed
     * contraction cost less than a new Gram matrix ({@link #chordWorthKeeping}); a full Newton step refreshes the
     * matrix otherwise. A run that starts with the solver already holding a matrix for this design (the neighbouring λ
     * on a path, or the ridge start) begins with them.
     */
    private boolean chordReady;
    private double lastDecrease = Double.POSITIVE_INFINITY;
    /** Whether the last {@link #sparsify} changed the point (the gradient at hand is then stale). */
    private boolean supportChanged;
    /** No Newton trial has run yet in this fit. */
    private boolean firstNewton = true;
    /**
     * μ of the damped Newton system (A + μI) on coordinates without penalty curvature (a lasso support), used only
     * with an iterative solver: undamped, such a system is near-singular once the support approaches n, and CG then
     * runs to its cap and the step is refused. Divided by 3 after an accepted step, multiplied by 10 after a refused
     * one; the EM step stays the fallback either way.
     */
    private double damping = DAMPING_START;
    /**
     * The same for a direct solver, used only by a third trial after the plain Newton step (and the one holding
     * crossed coefficients at zero) was refused, here and in the previous Newton step. On nearly collinear columns
     * the data curvature almost vanishes along their difference, the undamped step moves far along it, a coefficient
     * crosses zero and the trial is refused; without the damped trial the fit then crept on by EM steps (one
     * SpamAssassin path point: 147 iterations, 1.4 s). Divided by 10 when the damped trial is accepted, multiplied
     * by 10 when refused.
     */
    private double directDamping = DAMPING_START;
    /** The Newton trial being solved is the damped one. */
    private boolean dampedTrial;
    /**
     * The last Newton step's trials were all refused. The damped trial waits for a second refusal in a row: a single
     * one is usually a step past a support change, which the EM step handles as well (damped trials at every refusal
     * cost the paper-protocol lasso fits 24 % more passes); a creeping fit refuses every Newton step.
     */
    private boolean lastNewtonRefused;
    /** Whether the hinge's exact finish may run (not for a starting point that other EM steps continue from). */
    private boolean polishAllowed = true;
    /** The last {@link #polish} kept its point (which may equal the start: an LP vertex holds over a range of λ). */
    private boolean polishAccepted;
    /** Pure-L1 hinge: the LP finish ({@link HingePolish#linearProgram}) has been tried in this fit. */
    private boolean triedLinearProgram;
    /** Hinge: subgradient weights of the margin points from the last exact finish (NaN elsewhere), or null. */
    private double[] marginWeights;
    /** Multinomial only: the Newton step on all classes at once (null when K·m is too large). */
    private final JointNewton joint;
    private double passes;

    /**
     * One smooth predictor: every new point's linear predictors come from a fused sweep that also computes the data
     * gradient there ({@link DesignMatrix#multiplyThenTranspose}), kept with the point. If the point is accepted, the
     * support step, the chord step's right-hand side and the certificate need no pass of their own for it.
     */
    private final boolean fuseGradient;
    private final DesignMatrix.RowWeight derivative;
    private final double[] sweptTheta;
    private final double[] sweptGradient;
    private final double[] sweptWeights;
    private boolean swept;

    /**
     * @param y          for a single predictor the label (0/1, or a real number for regression); for a multinomial
     *                   model the class index
     * @param w          row weights normalized to sum to 1
     * @param numBlocks  1, or K for a multinomial model
     * @param constant   columns held at exactly zero (constant columns of a model with an intercept)
     * @param columnRms  √(Σᵢ wᵢ zᵢⱼ²) per column (read only): the scale of the KKT certificate
     */
    EmFitter(DesignMatrix z, double[] y, double[] w, int numBlocks, FitOptions options, MStepSolver solver,
             boolean[] constant, double[] columnRms) {
        this.z = z;
        this.n = z.rows();
        this.p = z.cols();
        this.intercept = options.intercept();
        this.m = intercept ? p + 1 : p;
        this.blocks = numBlocks;
        this.multinomial = numBlocks > 1;
        this.loss = multinomial ? LogisticLoss.INSTANCE : options.loss();
        this.y = y;
        this.w = w;
        this.penalty = options.penalty();
        this.lambda = options.lambda();
        this.options = options;
        this.acceleration = options.resolvedAcceleration();
        this.solver = solver;
        this.solverPassesAtStart = solver.dataPasses();
        this.constant = constant;
        this.columnRms = columnRms;
        this.c = new double[n];
        this.t = new double[n];
        this.blockY = multinomial ? new double[n] : y;
        this.offset = new double[n];
        this.rhs = new double[m];
        this.variance = new double[m];
        this.lastOmega = new double[n];
        this.trialTheta = new double[m];
        this.trialEta = new double[n];
        this.crossed = new boolean[p];
        this.savedTheta = new double[m];
        this.savedEta = new double[n];
        this.chordTheta = new double[m];
        this.chordRhs = new double[m];
        this.chordGradient = new double[m];
        this.secantImage = new double[SECANT_DEPTH][m];
        this.secantRhs = new double[m];
        this.secantNormal = new double[SECANT_DEPTH * SECANT_DEPTH];
        this.secantGamma = new double[SECANT_DEPTH];
        this.secantPair = new int[SECANT_DEPTH];
        this.fuseGradient = !multinomial && loss.isSmooth();
        this.derivative = (i, e) -> w[i] * loss.derivative(y[i], e);
        this.sweptTheta = fuseGradient ? new double[m] : null;
        this.sweptGradient = fuseGradient ? new double[m] : null;
        this.sweptWeights = fuseGradient ? new double[n] : null;
        this.joint = multinomial && acceleration == Acceleration.NEWTON
                && (long) numBlocks * m <= JointNewton.MAX_SIZE ? new JointNewton() : null;
    }

    /**
     * No exact hinge finish: for a run whose result only starts another EM run. The finish puts points exactly on
     * the kink, where the EM's majorizer (floored) can no longer make progress.
     */
    EmFitter withoutPolish() {
        polishAllowed = false;
        return this;
    }

    /** Runs the EM from {@code start} (blocks × m, working scale; copied). */
    EmRun run(double[][] start) {
        double[][] theta = copy(start);
        chordReady = !multinomial && acceleration == Acceleration.NEWTON && penalty.hasLocalQuadratic()
                && solver.heldWeights(z, intercept) != null;
        if (joint != null) {
            joint.adoptHeld();
        }
        if (solver.secantPairs() != null) {
            // The pairs of a previous run (the neighbouring λ) describe the curvature at its last, converged steps and
            // mislead more than they help (measured: ridge paths 20–40 % more passes with them); its last point stays,
            // so the first pair spans the move to this run's start.
            solver.secantPairs().clearPairs();
        }
        for (double[] th : theta) {
            for (int j = 0; j < p; j++) {
                if (constant[j]) {
                    th[j] = 0.0;
                }
            }
        }
        double[][] eta = new double[blocks][n];
        predictors(theta, eta);
        for (int i = 0; i < n; i++) {
            lastOmega[i] = loss.emCurvature(blockY[i], eta[0][i]);
        }
        double f = objective(theta, eta);
        if (!Double.isFinite(f)) {
            throw new IllegalStateException("objective is not finite at the starting point");
        }
        double[][] gradient = new double[blocks][m];
        knownGradient = gradient;
        // Whether gradient holds the data gradient at theta: a chord step then needs no pass for its right-hand side.
        boolean gradientValid = false;
        if (penalty.sparsifies() && lambda > 0) {
            // A warm start from a neighbouring λ carries exact zeros, which the EM never leaves: let in at once the
            // coefficients whose optimality condition at zero fails.
            gradient(theta, eta, gradient);
            f = sparsify(theta, eta, gradient, f);
            gradientValid = !supportChanged;
        }
        double[] trace = new double[Math.min(options.maxIterations(), 64) + 1]; // grows as needed
        int traced = 0;
        trace[traced++] = f;

        double[][] thetaPrev = copy(theta);
        double[][] etaPrev = copy(eta);
        double[][] thetaNext = new double[blocks][m];
        double[][] etaNext = new double[blocks][n];
        double[][] thetaMid = new double[blocks][m];
        double[][] etaMid = new double[blocks][n];
        int momentum = 0;
        int flat = 0;
        boolean converged = false;
        double kkt = Double.NaN;
        String message = null;
        int iter = 0;
        while (iter < options.maxIterations()) {
            FitInterruptedException.check();
            iter++;
            gradientValid = gradientValid || sweptGradient(theta, gradient);
            gradientKnown = gradientValid;
            double fNext;
            switch (acceleration) {
                case NONE -> fNext = emStep(theta, eta, thetaNext, etaNext);
                case NESTEROV, RESTART -> {
                    double mom = momentum / (momentum + 3.0);
                    extrapolate(theta, thetaPrev, mom, thetaMid);
                    extrapolate(eta, etaPrev, mom, etaMid);
                    fNext = emStep(thetaMid, etaMid, thetaNext, etaNext);
                    momentum++;
                    if (acceleration == Acceleration.RESTART && !(fNext <= f)) {
                        momentum = 0;
                        fNext = emStep(theta, eta, thetaNext, etaNext);
                    }
                    assign(thetaPrev, theta);
                    assign(etaPrev, eta);
                }
                case SQUAREM -> fNext = squaremStep(theta, eta, f, thetaMid, etaMid, thetaNext, etaNext, thetaPrev,
                        etaPrev);
                case NEWTON -> {
                    assign(thetaNext, theta);
                    assign(etaNext, eta);
                    fNext = joint != null ? joint.step(thetaNext, etaNext, f) : Double.NaN;
                    if (Double.isNaN(fNext)) {
                        fNext = newtonStep(thetaNext, etaNext, f);
                    }
                }
                default -> throw new AssertionError(acceleration);
            }
            if (!Double.isFinite(fNext)) {
                message = "the objective became non-finite at iteration " + iter
                        + " (numerically separable data with too small a penalty?)";
                break;
            }
            if (fNext > f && (acceleration == Acceleration.NONE
                    || (acceleration == Acceleration.RESTART && loss.isSmooth()))) {
                // The base EM can only rise through rounding (the hinge M-step is badly conditioned near the kink)
                // or the hinge's kink floor, whose majorizer is not tight within KINK_FLOOR of the kink: the run is
                // then as accurate as plain EM steps can make it. Keep the current point (the trace stays monotone)
                // and let the certificate decide. A restarted scheme got here through a plain EM step too, which for
                // a smooth loss rises only through rounding. (The other accelerated schemes carry on, and so does
                // the restarted hinge: their extrapolation escapes the kink floor.)
                gradient(theta, eta, gradient);
                kkt = kktResidual(theta, gradient);
                converged = kkt <= options.kktTolerance();
                message = converged ? null : "stopped at iteration " + iter + ": EM steps no longer decrease the"
                        + " objective (KKT residual " + String.format("%.3g", kkt) + ")";
                break;
            }
            double change = Math.abs(f - fNext) / Math.max(Math.abs(fNext), 1e-300);
            assign(theta, thetaNext);
            assign(eta, etaNext);
            gradientValid = false;
            f = fNext;
            if (traced == trace.length) {
                trace = Arrays.copyOf(trace, Math.min(trace.length * 2, options.maxIterations() + 1));
            }
            trace[traced++] = f;

            boolean nearlyStill = change <= options.tolerance();
            flat = change <= ROUNDING_CHANGE && loss.isSmooth() ? flat + 1 : 0;
            if (flat >= STALL_ITERATIONS) {
                // The objective has not moved beyond rounding for a while: no further iteration can do better.
                gradient(theta, eta, gradient);
                kkt = kktResidual(theta, gradient);
                converged = kkt <= options.kktTolerance();
                message = converged ? null : "stopped at iteration " + iter + ": the objective no longer changes beyond"
                        + " rounding (KKT residual " + String.format("%.3g", kkt) + "; the requested kkt-tol is "
                        + "tighter than floating point allows here)";
                break;
            }
            boolean sparse = penalty.sparsifies() && lambda > 0;
            // The support step runs every iteration: its cost (two passes) is small next to an M-step, and
            // coefficients heading for zero otherwise hold Newton back for many iterations.
            boolean gradientCurrent = false;
            if (sparse) {
                gradient(theta, eta, gradient);
                gradientCurrent = true; // still valid below if the support step changes nothing
                gradientValid = true;
                double fSparse = sparsify(theta, eta, gradient, f);
                if (supportChanged) { // a change may leave f exactly as it was: the point moved all the same
                    gradientValid = false;
                    if (joint != null) {
                        joint.resetAcceleration();
                    }
                    f = fSparse;
                    trace[traced - 1] = f;
                    momentum = 0;
                    assign(thetaPrev, theta);
                    assign(etaPrev, eta);
                    continue;
                }
            }
            if (nearlyStill || (!loss.isSmooth() && change <= POLISH_CHANGE && iter % POLISH_EVERY == 0)) {
                if (!gradientCurrent) {
                    gradient(theta, eta, gradient);
                    gradientValid = true;
                }
                kkt = kktResidual(theta, gradient);
                if (kkt <= options.kktTolerance() && nearlyStill) {
                    converged = true;
                    break;
                }
                if (kkt > options.kktTolerance() && polishAllowed && !loss.isSmooth() && !multinomial) {
                    double fPolished = polish(theta, eta, f);
                    gradientValid = false;
                    if (fPolished <= f) {
                        f = fPolished;
                        trace[traced - 1] = f;
                        gradient(theta, eta, gradient);
                        kkt = kktResidual(theta, gradient);
                        if (kkt <= options.kktTolerance()) {
                            converged = true;
                            break;
                        }
                    }
                }
            }
        }
        if (converged && lambda == 0 && loss.isClassification() && loss.isSmooth()
                && objective(theta, eta) < SEPARABLE_LOSS) {
            converged = false;
            message = "the classes are separable and lambda is 0: the coefficients grow without bound; use a "
                    + "positive lambda";
        }
        if (!converged && message == null) {
            gradient(theta, eta, gradient);
            kkt = kktResidual(theta, gradient);
            message = "did not converge in " + options.maxIterations() + " iterations (KKT residual "
                    + String.format("%.3g", kkt) + "); if the classes are separable, a larger lambda is needed,"
                    + " otherwise raise max-iter";
        }
        return new EmRun(theta, f, iter, converged, converged ? "converged" : message, kkt, solver.name(),
                acceleration.cliName(), Arrays.copyOf(trace, traced), passes + solver.dataPasses() - solverPassesAtStart);
    }

    /**
     * The hinge's exact finish tried at {@code start} before any EM step (blocks × m, working scale; not modified): on
     * a path the previous λ's solution often has the new λ's partition (margin, inside and outside points, support),
     * or one the finish's repair reaches, and the finish then solves the new λ outright. Returns the certified run (KKT
     * residual within the tolerance), or null: the caller then runs the EM.
     */
    EmRun finishAt(double[][] start) {
        if (loss.isSmooth() || multinomial || !polishAllowed || lambda <= 0) {
            return null;
        }
        double[][] theta = copy(start);
        for (int j = 0; j < p; j++) {
            if (constant[j]) {
                theta[0][j] = 0.0;
            }
        }
        double[][] eta = new double[1][n];
        predictors(theta, eta);
        double f = objective(theta, eta);
        double fExact = polish(theta, eta, f);
        if (!polishAccepted) {
            return null; // no consistent solution at this λ from the start's partition
        }
        double[][] gradient = new double[1][m];
        gradient(theta, eta, gradient);
        double kkt = kktResidual(theta, gradient);
        if (!(kkt <= options.kktTolerance())) {
            return null;
        }
        return new EmRun(theta, fExact, 1, true, null, kkt, solver.name(), acceleration.cliName(),
                new double[] {f, fExact}, passes + solver.dataPasses() - solverPassesAtStart);
    }

    /**
     * Tries the hinge's exact active-set finish ({@link HingePolish}); keeps it if the objective does not increase.
     * Returns the objective at the point kept.
     */
    private double polish(double[][] theta, double[][] eta, double f) {
        polishAccepted = false;
        double[] weights = new double[n];
        double[] polished = HingePolish.pivot(z, y, w, theta[0], intercept, penalty, lambda, constant, weights,
                POLISH_ROUNDS);
        if (polished == null && !triedLinearProgram && penalty instanceof ElasticNet en
                && en.alpha() == 1) {
            // Pure L1: the LP's vertex, once per fit, then its exact finish for the certificate's weights.
            triedLinearProgram = true;
            double[] vertex = HingePolish.linearProgram(z, y, w, theta[0], intercept, lambda, constant);
            if (vertex != null) {
                polished = HingePolish.pivot(z, y, w, vertex, intercept, penalty, lambda, constant, weights, 1);
                if (polished == null) {
                    // A degenerate vertex (more points on the margin than the square system takes): keep it, and
                    // let the certificate find the margin weights (hingeSubgradient's coordinate descent).
                    polished = vertex;
                    weights = null;
                }
            }
        }
        if (polished == null) {
            return f;
        }
        double[] savedT = theta[0].clone();
        double[] savedE = eta[0].clone();
        System.arraycopy(polished, 0, theta[0], 0, m);
        z.multiply(theta[0], intercept ? theta[0][p] : 0.0, eta[0]);
        passes += 1;
        double fNew = objective(theta, eta);
        if (fNew <= f * (1 + 1e-15)) {
            // The solve's subgradient weights certify the point (the EM's implied ones are meaningless exactly at
            // the kink).
            marginWeights = weights;
            polishAccepted = true;
            return Math.min(fNew, f);
        }
        System.arraycopy(savedT, 0, theta[0], 0, m);
        System.arraycopy(savedE, 0, eta[0], 0, n);
        return f;
    }

    // ---- one iteration of each scheme --------------------------------------------------------------------------

    /** One EM (ECM for multinomial) sweep from (theta, eta) into (thetaOut, etaOut); returns the new objective. */
    private double emStep(double[][] theta, double[][] eta, double[][] thetaOut, double[][] etaOut) {
        assign(thetaOut, theta);
        assign(etaOut, eta);
        for (int r = 0; r < blocks; r++) {
            if (!blockStep(r, thetaOut, etaOut, false, false)) {
                throw new IllegalStateException("the M-step system is singular even with a diagonal load");
            }
            acceptTrial(r, thetaOut, etaOut);
        }
        return objective(thetaOut, etaOut);
    }

    /**
     * EM-safeguarded Newton, block by block: try the step with the exact curvature; keep it if the objective does
     * not increase, otherwise take the EM step, which cannot increase it. For L1 penalties a coefficient that the
     * Newton step would carry across zero stops at zero; if that projected step is rejected, the Newton step is
     * solved once more with those coefficients held at zero (an active-set step) before falling back to EM.
     */
    private double newtonStep(double[][] theta, double[][] eta, double f) {
        if (chordReady) {
            chordReady = false;
            double fChord = chordSequenceStep(theta, eta, f);
            if (!Double.isNaN(fChord)) {
                double decrease = f - fChord;
                chordReady = chordWorthKeeping(decrease, fChord);
                lastDecrease = decrease;
                return fChord;
            }
        }
        double fStart = f;
        for (int r = 0; r < blocks; r++) {
            System.arraycopy(theta[r], 0, savedTheta, 0, m);
            System.arraycopy(eta[r], 0, savedEta, 0, n);
            java.util.Arrays.fill(crossed, false);
            boolean accepted = false;
            // Attempts: the Newton step; the same with the coefficients it carried across zero held there; for a
            // lasso-type penalty and a direct solver, a damped step from the same point (see directDamping), whose
            // crossings are stopped at zero as the first step's are.
            for (int attempt = 0; attempt < 3 && !accepted; attempt++) {
                if (attempt == 2 && (solver.isIterative() || !penalty.sparsifies() || multinomial
                        || !lastNewtonRefused)) {
                    break;
                }
                dampedTrial = attempt == 2;
                if (!blockStep(r, theta, eta, true, attempt == 1)) {
                    break;
                }
                boolean anyCrossed = attempt == 0 && markCrossings(theta[r]);
                acceptTrial(r, theta, eta);
                double fTrial = objective(theta, eta);
                if (fTrial > f) {
                    fTrial = backtrack(r, theta, eta, f);
                }
                if (fTrial <= f) {
                    if (!multinomial && penalty.hasLocalQuadratic() && f - fTrial <= CHORD_FROM * Math.abs(fTrial)) {
                        // Near the optimum only: far from it the curvature still moves and a stale factor crawls.
                        chordReady = true;
                    }
                    f = fTrial;
                    accepted = true;
                } else {
                    System.arraycopy(savedTheta, 0, theta[r], 0, m);
                    System.arraycopy(savedEta, 0, eta[r], 0, n);
                    if (attempt == 0 && !anyCrossed) {
                        attempt = 1; // nothing crossed: on to the damped step
                    }
                }
                if (dampedTrial) {
                    directDamping = accepted ? Math.max(DAMPING_MIN, directDamping / 10)
                            : Math.min(DAMPING_MAX, directDamping * 10);
                }
            }
            dampedTrial = false;
            lastNewtonRefused = !accepted;
            if (solver.isIterative()) {
                damping = accepted ? Math.max(DAMPING_MIN, damping / 3) : Math.min(DAMPING_MAX, damping * 10);
            }
            if (accepted) {
                continue;
            }
            if (!blockStep(r, theta, eta, false, false)) {
                throw new IllegalStateException("the M-step system is singular even with a diagonal load");
            }
            acceptTrial(r, theta, eta);
            double fEm = objective(theta, eta);
            if (fEm > f) {
                // The EM step cannot increase F; if it does, that is rounding at the optimum: keep the point.
                System.arraycopy(savedTheta, 0, theta[r], 0, m);
                System.arraycopy(savedEta, 0, eta[r], 0, n);
            } else {
                f = fEm;
            }
        }
        lastDecrease = fStart - f;
        return f;
    }

    /**
     * One chord step with its fallbacks; returns the new objective, or NaN if no chord step lowered it (theta and eta
     * are then unchanged). The accelerated point is tried first; if it does not lower the objective, the plain chord
     * step; a coefficient that either would carry across zero stops at zero, and if that projected step is refused, the
     * step is solved again on the held matrix with those coefficients held at zero (no data pass for the matrix).
     */
    private double chordSequenceStep(double[][] theta, double[][] eta, double f) {
        System.arraycopy(theta[0], 0, savedTheta, 0, m);
        System.arraycopy(eta[0], 0, savedEta, 0, n);
        if (!chordStep(theta)) {
            return Double.NaN;
        }
        java.util.Arrays.fill(crossed, false);
        SecantPairs pairs = solver.secantPairs();
        boolean corrected = secantCorrection(savedTheta, trialTheta, chordTheta);
        for (int attempt = 0; attempt < 3; attempt++) {
            if (attempt == 1) {
                if (!corrected) {
                    continue;
                }
                // The corrected point was refused: the plain chord step, and fresh pairs from here.
                pairs.clearPairs();
                System.arraycopy(trialTheta, 0, chordTheta, 0, m);
            } else if (attempt == 2) {
                if (!anyCrossed()) {
                    break;
                }
                System.arraycopy(chordRhs, 0, rhs, 0, m);
                if (!newtonPenaltyTerms(savedTheta, true)) {
                    break;
                }
                System.arraycopy(savedTheta, 0, chordTheta, 0, m);
                if (!solver.resolve(rhs, variance, chordTheta) && !solver.solveHeld(rhs, variance, chordTheta)) {
                    break;
                }
            }
            projectCrossings(savedTheta, chordTheta);
            System.arraycopy(chordTheta, 0, theta[0], 0, m);
            predict(chordTheta, eta[0]);
            double fTrial = objective(theta, eta);
            if (fTrial <= f) {
                return fTrial;
            }
            System.arraycopy(savedTheta, 0, theta[0], 0, m);
            System.arraycopy(savedEta, 0, eta[0], 0, n);
        }
        if (pairs != null) {
            pairs.clearPairs();
        }
        return Double.NaN;
    }

    /**
     * The chord step corrected by the secant pairs the solver holds (a multisecant quasi-Newton step, Anderson
     * acceleration in other words): with M the chord step's matrix (held Gram matrix plus the penalty's local
     * curvature D), q = M⁻¹∇F the plain step and Q = M⁻¹(Y + D S) the pairs' images, γ fits q by Q in least squares
     * and the step becomes −(Sγ + q − Qγ) — the exact Newton step wherever ∇F lies in the span of the pairs. No data
     * pass: a back-solve per pair. Only the data gradient enters y, so the pair from the previous λ's last point to
     * this run's start is valid too, and the second step at a new λ is already corrected. Returns false (and the
     * plain point in {@code out}) without usable pairs.
     */
    private boolean secantCorrection(double[] th, double[] plain, double[] out) {
        System.arraycopy(plain, 0, out, 0, m);
        SecantPairs pairs = solver.secantPairs();
        int k = pairs == null ? 0 : Math.min(pairs.size(), SECANT_DEPTH);
        if (k == 0) {
            return false;
        }
        double stepNorm = 0;
        for (int j = 0; j < m; j++) {
            stepNorm += (th[j] - plain[j]) * (th[j] - plain[j]);
        }
        int used = 0;
        for (int a = 0; a < k; a++) {
            double[] sa = pairs.s(a);
            double[] ya = pairs.y(a);
            for (int j = 0; j < m; j++) {
                double v = variance[j];
                double curvature = v > 0 && v < Double.POSITIVE_INFINITY ? 1.0 / v : 0.0;
                secantRhs[j] = ya[j] + curvature * sa[j];
            }
            double[] image = secantImage[used];
            if (!solver.resolve(secantRhs, variance, image)) {
                return false;
            }
            double norm = 0;
            for (int j = 0; j < m; j++) {
                norm += image[j] * image[j];
            }
            // A pair far smaller than the step (the last steps of the previous λ) is mostly rounding in y: it would
            // only add noise to the fit.
            if (norm >= SECANT_MIN_SCALE * SECANT_MIN_SCALE * stepNorm) {
                secantPair[used++] = a;
            }
        }
        k = used;
        if (k == 0) {
            return false;
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double dot = 0;
                for (int j = 0; j < m; j++) {
                    dot += secantImage[a][j] * secantImage[b][j];
                }
                secantNormal[a * k + b] = dot;
            }
            double dot = 0;
            for (int j = 0; j < m; j++) {
                dot += secantImage[a][j] * (th[j] - plain[j]);
            }
            secantGamma[a] = dot;
        }
        if (!Cholesky.solveRidgedInPlace(secantNormal, k, SECANT_RIDGE, secantGamma)) {
            return false;
        }
        for (int a = 0; a < k; a++) {
            double g = secantGamma[a];
            double[] sa = pairs.s(secantPair[a]);
            for (int j = 0; j < m; j++) {
                out[j] -= g * (sa[j] - secantImage[a][j]);
            }
        }
        for (int j = 0; j < m; j++) {
            if (variance[j] == 0) {
                out[j] = 0.0; // pinned: the pairs share the pinned set, this only removes rounding
            }
            if (!Double.isFinite(out[j])) {
                System.arraycopy(plain, 0, out, 0, m);
                return false;
            }
        }
        return true;
    }

    /**
     * Whether chord steps should go on rather than a new Gram matrix be formed. Yes while they contract fast (each
     * decrease at most {@link #CHORD_KEEP} of the previous one). Otherwise only while the remaining chord steps,
     * extrapolated from the last contraction, cost fewer passes than a Gram matrix (p/2 passes) and the Newton step
     * and chord steps that would follow it.
     */
    private boolean chordWorthKeeping(double decrease, double fNow) {
        return chordWorthKeeping(decrease, lastDecrease, fNow, 2.0, Math.max(1.0, p / 2.0));
    }

    /**
     * The rule of {@link #chordWorthKeeping(double, double)} for a chord step costing {@code chordPasses} and a
     * matrix costing {@code matrixPasses}.
     */
    private boolean chordWorthKeeping(double decrease, double previousDecrease, double fNow, double chordPasses,
                                      double matrixPasses) {
        if (!(decrease > 0)) {
            return false; // a chord step that no longer decreases would repeat until the stall detector stops it
        }
        if (decrease <= CHORD_KEEP * previousDecrease) {
            return true;
        }
        double ratio = decrease / previousDecrease;
        if (!(ratio < CHORD_STALL) || decrease <= 0) {
            return false;
        }
        double target = options.tolerance() * Math.abs(fNow);
        double stepsLeft = Math.max(0, Math.log(target / decrease) / Math.log(ratio));
        return chordPasses * stepsLeft <= matrixPasses + CHORDS_AFTER_NEWTON * chordPasses;
    }

    private boolean anyCrossed() {
        for (int j = 0; j < p; j++) {
            if (crossed[j]) {
                return true;
            }
        }
        return false;
    }

    /**
     * For L1 penalties, a coefficient the step would carry across zero stops at zero (the signs of the local quadratic
     * hold only up to there) and is recorded in {@link #crossed}; true if any did.
     */
    private boolean projectCrossings(double[] before, double[] after) {
        if (!penalty.sparsifies()) {
            return false;
        }
        boolean any = false;
        for (int j = 0; j < p; j++) {
            if (before[j] != 0 && after[j] != 0 && Math.signum(after[j]) != Math.signum(before[j])) {
                after[j] = 0.0;
                crossed[j] = true;
                any = true;
            }
        }
        return any;
    }

    /**
     * The chord step: the Gram matrix the solver holds (weights c of its last Newton step, or of the neighbouring
     * λ's) with the gradient at the current point and the current penalty terms; the factorization is reused if the
     * prior variances are unchanged and redone from the held matrix (no data pass) otherwise. Leaves the new
     * coefficients in {@link #trialTheta} and the data part of the right-hand side in {@link #chordRhs}; returns false
     * if the solver holds no matrix for this design.
     */
    private boolean chordStep(double[][] theta) {
        double[] held = solver.heldWeights(z, intercept);
        if (held == null) {
            return false;
        }
        double[] zeta = savedEta;
        double[] th = theta[0];
        boolean gradientFromHeld = false;
        if (gradientKnown && solver.heldProduct(th, rhs)) {
            // Zₐᵀ(c_held η − w ℓ′) = A θ − ∇L with the gradient already at hand: no pass.
            for (int j = 0; j < m; j++) {
                rhs[j] -= knownGradient[0][j];
            }
            if (intercept) {
                variance[p] = Double.POSITIVE_INFINITY;
            }
            System.arraycopy(knownGradient[0], 0, chordGradient, 0, m);
            gradientFromHeld = true;
        } else {
            double sumT = 0;
            for (int i = 0; i < n; i++) {
                double ti = held[i] * zeta[i] - w[i] * loss.derivative(y[i], zeta[i]);
                t[i] = ti;
                sumT += ti;
            }
            rightHandSide(sumT);
        }
        System.arraycopy(rhs, 0, chordRhs, 0, m);
        if (!newtonPenaltyTerms(th, false)) {
            return false;
        }
        System.arraycopy(th, 0, trialTheta, 0, m);
        if (!solver.resolve(rhs, variance, trialTheta) && !solver.solveHeld(rhs, variance, trialTheta)) {
            return false;
        }
        SecantPairs pairs = solver.secantPairs();
        if (pairs != null && (gradientFromHeld || solver.heldProduct(th, chordGradient))) {
            if (!gradientFromHeld) {
                // ∇L(θ) = A θ − Zₐᵀt: the right-hand side holds the data gradient, no pass needed.
                for (int j = 0; j < m; j++) {
                    chordGradient[j] -= chordRhs[j];
                }
            }
            pairs.record(th, chordGradient, variance, m);
        }
        return true;
    }

    /** rhs = Zₐᵀt from the working responses in {@link #t} (their sum for the intercept, which is unpenalized). */
    private void rightHandSide(double sumT) {
        z.transposeMultiply(t, rhs);
        passes += 1;
        if (intercept) {
            rhs[p] = sumT;
            variance[p] = Double.POSITIVE_INFINITY;
        }
    }

    /**
     * Prior variances and right-hand-side terms of the penalty's local quadratic for a Newton-type step (signs of L1
     * terms held, zeros — and with {@code holdCrossed} the coefficients that crossed zero — pinned). False if the
     * penalty has a negative curvature somewhere (no Newton step defined).
     */
    private boolean newtonPenaltyTerms(double[] th, boolean holdCrossed) {
        for (int j = 0; j < p; j++) {
            double g = th[j];
            if (constant[j]) {
                variance[j] = 0.0;
            } else if (!penalty.hasLocalQuadratic()) {
                variance[j] = penalty.priorVariance(g, lambda);
            } else if (lambda == 0) {
                variance[j] = Double.POSITIVE_INFINITY;
            } else if ((g == 0 || (holdCrossed && crossed[j])) && penalty.sparsifies()) {
                variance[j] = 0.0;
            } else {
                double h = penalty.hessian(g);
                double grad = penalty.gradient(g);
                if (h > 0) {
                    variance[j] = 1.0 / (lambda * h);
                    rhs[j] += lambda * (h * g - grad);
                } else if (h == 0 && (solver.isIterative() || dampedTrial)) {
                    double mu = solver.isIterative() ? damping : directDamping;
                    variance[j] = 1.0 / mu;
                    rhs[j] += mu * g - lambda * grad;
                } else if (h == 0) {
                    variance[j] = Double.POSITIVE_INFINITY;
                    rhs[j] -= lambda * grad;
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Far from the optimum a full Newton step can overshoot; halving it costs no pass over the data (the predictor is
     * linear in θ), so a few halvings are tried before paying for an EM step. Leaves the best point tried in
     * (theta[r], eta[r]) and returns its objective.
     */
    private double backtrack(int r, double[][] theta, double[][] eta, double f) {
        double[] th = theta[r];
        double[] e = eta[r];
        double fTrial = Double.POSITIVE_INFINITY;
        for (double step = 0.5; step >= 1.0 / 16 && !(fTrial <= f); step /= 2) {
            for (int j = 0; j < m; j++) {
                th[j] = savedTheta[j] + step * (trialTheta[j] - savedTheta[j]);
            }
            for (int i = 0; i < n; i++) {
                e[i] = savedEta[i] + step * (trialEta[i] - savedEta[i]);
            }
            fTrial = objective(theta, eta);
        }
        return fTrial;
    }

    /** Records which coefficients the trial step projected to zero; true if any. */
    private boolean markCrossings(double[] before) {
        boolean any = false;
        for (int j = 0; j < p; j++) {
            if (before[j] != 0 && trialTheta[j] == 0) {
                crossed[j] = true;
                any = true;
            }
        }
        return any;
    }

    /** SQUAREM S3 cycle with the monotone fallback to two plain EM steps. */
    private double squaremStep(double[][] theta, double[][] eta, double f, double[][] th1, double[][] eta1,
                               double[][] th2, double[][] eta2, double[][] thx, double[][] etax) {
        emStep(theta, eta, th1, eta1);
        double f2 = emStep(th1, eta1, th2, eta2);
        double rr = 0;
        double vv = 0;
        for (int b = 0; b < blocks; b++) {
            for (int j = 0; j < m; j++) {
                double r = th1[b][j] - theta[b][j];
                double v = th2[b][j] - 2 * th1[b][j] + theta[b][j];
                rr += r * r;
                vv += v * v;
            }
        }
        if (vv == 0) {
            return f2;
        }
        double alpha = Math.min(-1.0, -Math.sqrt(rr / vv));
        double a1 = -2 * alpha;
        double a2 = alpha * alpha;
        for (int b = 0; b < blocks; b++) {
            for (int j = 0; j < m; j++) {
                double r = th1[b][j] - theta[b][j];
                double v = th2[b][j] - 2 * th1[b][j] + theta[b][j];
                thx[b][j] = theta[b][j] + a1 * r + a2 * v;
            }
            for (int i = 0; i < n; i++) {
                double r = eta1[b][i] - eta[b][i];
                double v = eta2[b][i] - 2 * eta1[b][i] + eta[b][i];
                etax[b][i] = eta[b][i] + a1 * r + a2 * v;
            }
        }
        // Stabilize with one EM step from the extrapolated point into (th1, eta1), which are no longer needed.
        double fx = emStep(thx, etax, th1, eta1);
        if (fx <= f && fx <= f2) {
            assign(th2, th1);
            assign(eta2, eta1);
            return fx;
        }
        return f2;
    }

    // ---- E-step + M-step for one block -------------------------------------------------------------------------

    /**
     * Computes the new coefficients of block r into {@link #trialTheta} and its predictor into {@link #trialEta},
     * from the current (theta, eta). With {@code newton} the loss's exact curvature replaces the EM weight and the
     * penalty enters through its local quadratic (signs of L1 terms held; a coefficient that would cross zero stops
     * at zero). Returns false if the system could not be solved or a Newton step is not defined.
     */
    private boolean blockStep(int r, double[][] theta, double[][] eta, boolean newton, boolean holdCrossed) {
        prepareBlock(r, eta);
        double[] zeta = eta[r];
        double[] th = theta[r];
        double sumT = 0;
        boolean recordOmega = !multinomial && !loss.isSmooth();
        for (int i = 0; i < n; i++) {
            double e = zeta[i] + offset[i];
            double omega = newton ? loss.curvature(blockY[i], e) : loss.emCurvature(blockY[i], e);
            if (recordOmega) {
                lastOmega[i] = omega;
            }
            double ci = w[i] * omega;
            c[i] = ci;
            double ti = ci * zeta[i] - w[i] * loss.derivative(blockY[i], e);
            t[i] = ti;
            sumT += ti;
        }
        rightHandSide(sumT);
        if (newton) {
            if (!newtonPenaltyTerms(th, holdCrossed)) {
                return false;
            }
        } else {
            for (int j = 0; j < p; j++) {
                variance[j] = constant[j] ? 0.0 : penalty.priorVariance(th[j], lambda);
            }
        }
        System.arraycopy(th, 0, trialTheta, 0, m);
        // EM weights change little between steps, so the previous factorization is a good preconditioner; a Newton
        // step's curvature moves too much for that (measured: it costs more passes than it saves), and near the
        // optimum the chord step reuses the factorization directly. The exception is the first Newton step of a
        // run: on a path the solver still holds the neighbouring λ's factorization, whose curvature is close.
        solver.allowReuse(!newton || firstNewton);
        firstNewton &= !newton;
        if (!solver.solve(z, intercept, c, rhs, variance, trialTheta)) {
            return false;
        }
        if (newton && penalty.sparsifies() && penalty.hasLocalQuadratic()) {
            for (int j = 0; j < p; j++) {
                if (th[j] != 0 && Math.signum(trialTheta[j]) != Math.signum(th[j])) {
                    trialTheta[j] = 0.0;
                }
            }
        }
        if (multinomial) {
            z.multiply(trialTheta, intercept ? trialTheta[p] : 0.0, trialEta);
            passes += 1;
        } else {
            predict(trialTheta, trialEta);
        }
        return true;
    }

    private void acceptTrial(int r, double[][] theta, double[][] eta) {
        System.arraycopy(trialTheta, 0, theta[r], 0, m);
        System.arraycopy(trialEta, 0, eta[r], 0, n);
    }

    /** Sets {@link #blockY} and {@link #offset} for block r (multinomial: one class against the rest). */
    private void prepareBlock(int r, double[][] eta) {
        if (!multinomial) {
            return;
        }
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < blocks; k++) {
                if (k != r) {
                    max = Math.max(max, eta[k][i]);
                }
            }
            double s = 0;
            for (int k = 0; k < blocks; k++) {
                if (k != r) {
                    s += Math.exp(eta[k][i] - max);
                }
            }
            offset[i] = -(max + Math.log(s));
            blockY[i] = y[i] == r ? 1.0 : 0.0;
        }
    }

    // ---- objective, gradient, certificate -----------------------------------------------------------------------

    private void predictors(double[][] theta, double[][] eta) {
        if (!multinomial) {
            predict(theta[0], eta[0]);
            return;
        }
        for (int r = 0; r < blocks; r++) {
            z.multiply(theta[r], intercept ? theta[r][p] : 0.0, eta[r]);
            passes += 1;
        }
    }

    /**
     * η = Zθ (plus the intercept) for the single predictor: one pass. With {@link #fuseGradient} the same sweep
     * computes the data gradient at θ and keeps it with a copy of θ ({@link #sweptGradient(double[][], double[][])}).
     */
    private void predict(double[] th, double[] etaOut) {
        double shift = intercept ? th[p] : 0.0;
        passes += 1;
        if (!fuseGradient) {
            z.multiply(th, shift, etaOut);
            return;
        }
        z.multiplyThenTranspose(th, shift, etaOut, derivative, sweptWeights, sweptGradient);
        if (intercept) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += sweptWeights[i];
            }
            sweptGradient[p] = sum;
        }
        System.arraycopy(th, 0, sweptTheta, 0, m);
        swept = true;
    }

    /**
     * Copies into {@code out} the data gradient of the last fused sweep if that sweep was at {@code theta} (every
     * point whose coefficients come from {@link #predict} has its predictors from the same sweep): true if it did.
     */
    private boolean sweptGradient(double[][] theta, double[][] out) {
        if (!swept || !Arrays.equals(theta[0], 0, m, sweptTheta, 0, m)) {
            return false;
        }
        System.arraycopy(sweptGradient, 0, out[0], 0, m);
        return true;
    }

    /** F = Σ w_i ℓ_i + λ Σ P(γ_j), weights normalized to sum 1. */
    double objective(double[][] theta, double[][] eta) {
        double data = 0;
        if (multinomial) {
            for (int i = 0; i < n; i++) {
                data += w[i] * (logSumExp(eta, i) - eta[(int) y[i]][i]);
            }
        } else {
            double[] e = eta[0];
            for (int i = 0; i < n; i++) {
                data += w[i] * loss.value(y[i], e[i]);
            }
        }
        return data + lambda * penaltyValue(theta);
    }

    private double penaltyValue(double[][] theta) {
        double s = 0;
        for (double[] th : theta) {
            for (int j = 0; j < p; j++) {
                s += penalty.value(th[j]);
            }
        }
        return s;
    }

    private double logSumExp(double[][] eta, int i) {
        return LogisticLoss.logSumExp(eta, i);
    }

    /**
     * Gradient of the data term; for the hinge, the element of the subdifferential that best certifies optimality:
     * points off the kink have slope 0 or −ỹ; for points at the kink (|1 − ỹη| ≤ {@link #KINK}) the slope −ỹ·s with
     * s ∈ [0, 1] is first the EM's implied value and then improved by a few sweeps of coordinate descent on the
     * squared stationarity residual (the kink points' weights in the SVM dual).
     */
    private void gradient(double[][] theta, double[][] eta, double[][] out) {
        if (!multinomial && !loss.isSmooth()) {
            hingeSubgradient(theta[0], eta[0], out[0]);
            return;
        }
        if (fuseGradient && sweptGradient(theta, out)) {
            return;
        }
        DataGradient.compute(z, loss, y, w, multinomial, intercept, eta, t, out);
        passes += blocks;
    }

    private void hingeSubgradient(double[] th, double[] e, double[] out) {
        int[] kink = new int[n];
        int kinks = 0;
        double sum = 0;
        double[] sVal = new double[n];
        for (int i = 0; i < n; i++) {
            double yt = y[i] > 0.5 ? 1.0 : -1.0;
            double u = 1 - yt * e[i];
            double sv;
            if (Math.abs(u) <= KINK) {
                sv = marginWeights != null && !Double.isNaN(marginWeights[i]) ? marginWeights[i]
                        : Math.min(1.0, Math.max(0.0, 0.5 + u * lastOmega[i]));
                kink[kinks++] = i;
            } else {
                sv = u > 0 ? 1.0 : 0.0;
            }
            sVal[i] = sv;
            t[i] = -w[i] * yt * sv;
            sum += t[i];
        }
        z.transposeMultiply(t, out);
        passes += 1;
        if (intercept) {
            out[p] = sum;
        }
        if (kinks == 0) {
            return;
        }
        // Stationarity residual on the free coordinates (non-zero coefficients and the intercept).
        int[] free = new int[m];
        int nf = 0;
        for (int j = 0; j < m; j++) {
            if (j == p || th[j] != 0 || lambda == 0 || !penalty.sparsifies()) {
                free[nf++] = j;
            }
        }
        double[] res = new double[nf];
        for (int a = 0; a < nf; a++) {
            int j = free[a];
            res[a] = out[j] + (j < p && lambda > 0 ? lambda * penalty.gradient(th[j]) : 0.0);
        }
        double[][] cols = new double[kinks][nf];
        double[] norms = new double[kinks];
        for (int k = 0; k < kinks; k++) {
            int i = kink[k];
            double scale = -w[i] * (y[i] > 0.5 ? 1.0 : -1.0);
            for (int a = 0; a < nf; a++) {
                int j = free[a];
                cols[k][a] = scale * (j == p ? 1.0 : z.get(i, j));
                norms[k] += cols[k][a] * cols[k][a];
            }
        }
        for (int sweep = 0; sweep < KINK_SWEEPS; sweep++) {
            for (int k = 0; k < kinks; k++) {
                if (norms[k] == 0) {
                    continue;
                }
                double dot = 0;
                for (int a = 0; a < nf; a++) {
                    dot += cols[k][a] * res[a];
                }
                int i = kink[k];
                double next = Math.min(1.0, Math.max(0.0, sVal[i] - dot / norms[k]));
                double delta = next - sVal[i];
                if (delta != 0) {
                    sVal[i] = next;
                    for (int a = 0; a < nf; a++) {
                        res[a] += delta * cols[k][a];
                    }
                }
            }
        }
        sum = 0;
        for (int i = 0; i < n; i++) {
            t[i] = -w[i] * (y[i] > 0.5 ? 1.0 : -1.0) * sVal[i];
            sum += t[i];
        }
        z.transposeMultiply(t, out);
        passes += 1;
        if (intercept) {
            out[p] = sum;
        }
    }

    /**
     * The largest violation of the optimality conditions, each coordinate's on the standardized scale (divided by its
     * column's weighted RMS; the same numbers when the design is standardized).
     */
    double kktResidual(double[][] theta, double[][] grad) {
        double worst = 0;
        double bound = lambda * penalty.zeroBound();
        for (int r = 0; r < blocks; r++) {
            for (int j = 0; j < p; j++) {
                if (constant[j]) {
                    continue;
                }
                double g = grad[r][j];
                double gamma = theta[r][j];
                double violation;
                if (gamma != 0 || lambda == 0) {
                    violation = Math.abs(g + (lambda == 0 ? 0 : lambda * penalty.gradient(gamma)));
                } else {
                    violation = Double.isInfinite(bound) ? 0 : Math.max(0, Math.abs(g) - bound);
                }
                // On the standardized scale (∂/∂γⱼ for γⱼ = βⱼ·rmsⱼ), so that the certificate means the same
                // whether or not the features were standardized.
                worst = Math.max(worst, violation / (columnRms[j] > 0 ? columnRms[j] : 1.0));
            }
            if (intercept) {
                worst = Math.max(worst, Math.abs(grad[r][p]));
            }
        }
        return worst;
    }

    /**
     * The support step that gives lasso-type fits their exact zeros. EM only shrinks a coefficient towards zero
     * (geometrically, and slower still at the boundary λ = λ_max). Here a coefficient becomes exactly 0 (then absorbing
     * for the EM) when one coordinate-wise proximal Newton step from the current point puts it there: with data
     * gradient g_j and curvature h_j, |h_j γ_j − g_j| ≤ λ·zeroBound (for a non-zero coefficient that is optimal this
     * fails: there |g_j| ≥ λα and g_j opposes γ_j). A zero coefficient whose KKT condition fails gets a small value of
     * the descent sign back. The change is kept only if the objective does not increase, so the base EM stays
     * monotone; if it is refused, only the negligible candidates (effect ≤ {@link #ZERO_EFFECT}) are tried. Returns
     * the objective after the step ({@code f} if nothing changed).
     */
    private double sparsify(double[][] theta, double[][] eta, double[][] grad, double f) {
        supportChanged = false;
        double[][] curvature = curvatureMatters(theta, grad) ? coordinateCurvatures(eta) : new double[blocks][p];
        double[][] saved = copy(theta);
        double[][] savedEta = copy(eta);
        int changed = 0;
        double entryFloor = entryFloor(theta, grad);
        for (int attempt = 0; attempt < 3; attempt++) {
            // Wide zeroing first, then the negligible zeros only; last, every change at 1/(2k) of its coordinate
            // step (by convexity no worse than the average of the k single changes at half their step).
            boolean wide = attempt == 0;
            double reach = attempt < 2 ? 1.0 : 0.5 / changed;
            int count = changeSupport(theta, grad, curvature, wide, reach, entryFloor);
            if (count == 0) {
                continue;
            }
            changed = count;
            predictors(theta, eta);
            double fNew = objective(theta, eta);
            if (fNew <= f) {
                supportChanged = true;
                return fNew;
            }
            assign(theta, saved);
            assign(eta, savedEta);
        }
        return f;
    }

    /**
     * Whether the support step needs the coordinate curvatures h (a pass per model row): only if some non-zero
     * coefficient could pass the zeroing test |hγ − g| ≤ λ·zeroBound for some h ≥ 0 (that is, −sign(γ)·g within the
     * bound) or some zero violates its KKT condition (its re-entry step divides by h). Near an elastic-net optimum
     * neither holds (there −sign(γ)·g = λα + λ(1 − α)|γ|), so the support step costs one pass, not two; the outcome is
     * the same as with the curvatures.
     */
    private boolean curvatureMatters(double[][] theta, double[][] grad) {
        double bound = lambda * penalty.zeroBound() * (1 + 1e-9);
        for (int r = 0; r < blocks; r++) {
            for (int j = 0; j < p; j++) {
                double gamma = theta[r][j];
                double g = grad[r][j];
                if (gamma != 0 && -Math.signum(gamma) * g <= bound) {
                    return true;
                }
                double rms = columnRms[j] > 0 ? columnRms[j] : 1.0;
                if (gamma == 0 && !constant[j] && Math.abs(g) > bound + options.kktTolerance() * rms) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The violation (on the standardized scale) that a zero coefficient must reach to re-enter in this support step:
     * 0, unless more than {@link #MIN_ENTRIES} or the number of non-zero coefficients violate their KKT condition;
     * then only that many, the worst first. Each enters at its own coordinate-wise step, which ignores the others:
     * many correlated entrants at once (a new working-set round on text: hundreds) overshoot together, and the
     * Newton steps that follow spend iterations zeroing and readmitting them (SpamAssassin: supports swinging
     * between 250 and 550 on the way to 348). The rest enter in the following iterations; the certificate still
     * requires every violation gone.
     */
    private double entryFloor(double[][] theta, double[][] grad) {
        double bound = lambda * penalty.zeroBound();
        int nonZeros = 0;
        int violators = 0;
        double[] violation = new double[blocks * p];
        for (int r = 0; r < blocks; r++) {
            for (int j = 0; j < p; j++) {
                if (theta[r][j] != 0) {
                    nonZeros++;
                } else if (!constant[j]) {
                    double rms = columnRms[j] > 0 ? columnRms[j] : 1.0;
                    double v = (Math.abs(grad[r][j]) - bound * (1 + 1e-9)) / rms;
                    if (v > options.kktTolerance()) {
                        violation[violators++] = v;
                    }
                }
            }
        }
        int cap = Math.max(MIN_ENTRIES, nonZeros);
        if (violators <= cap) {
            return 0.0;
        }
        Arrays.sort(violation, 0, violators);
        return violation[violators - cap]; // the cap-th largest; ties with it enter too (duplicate columns tie exactly)
    }

    /**
     * Zeroes the candidates and reactivates violated zeros whose violation reaches {@code entryFloor} with their
     * coordinate-wise proximal Newton step ({@code (|g_j| − λα)/h_j} against the gradient's sign, times
     * {@code reach}); returns how many coefficients changed.
     */
    private int changeSupport(double[][] theta, double[][] grad, double[][] curvature, boolean wide, double reach,
                              double entryFloor) {
        double bound = lambda * penalty.zeroBound();
        int changed = 0;
        for (int r = 0; r < blocks; r++) {
            for (int j = 0; j < p; j++) {
                double g = grad[r][j];
                double gamma = theta[r][j];
                double rms = columnRms[j] > 0 ? columnRms[j] : 1.0;
                double h = curvature[r][j];
                boolean zero = wide ? Math.abs(h * gamma - g) <= bound * (1 + 1e-9)
                        : Math.abs(gamma) * rms <= ZERO_EFFECT && Math.abs(g) <= bound;
                if (gamma != 0 && zero) {
                    theta[r][j] = 0.0;
                    changed++;
                } else if (gamma == 0 && !constant[j]
                        && Math.abs(g) > bound * (1 + 1e-9) + options.kktTolerance() * rms
                        && (Math.abs(g) - bound * (1 + 1e-9)) / rms >= entryFloor) {
                    double hPenalized = h + lambda * penalty.hessian(0.0);
                    double step = hPenalized > 0 ? (Math.abs(g) - bound) / hPenalized : REACTIVATE_EFFECT / rms;
                    theta[r][j] = -Math.signum(g) * step * reach;
                    changed++;
                }
            }
        }
        return changed;
    }

    /**
     * h_j = Σ w_i ℓ″_i z_ij² per model row (the EM curvature for a non-smooth loss): one pass per row, or none while
     * chord steps run on a held Gram matrix over every column (a path's): its diagonal, at the held weights.
     */
    private double[][] coordinateCurvatures(double[][] eta) {
        double[][] out = new double[blocks][p];
        if (chordReady && solver.heldDiagonal(z, intercept, out[0])) {
            // While chord steps run on the held matrix its diagonal is the curvature they assume: the support step
            // takes it too, without a pass.
            return out;
        }
        for (int r = 0; r < blocks; r++) {
            for (int i = 0; i < n; i++) {
                double h;
                if (multinomial) {
                    double prob = Math.exp(eta[r][i] - logSumExp(eta, i));
                    h = prob * (1 - prob);
                } else {
                    h = loss.isSmooth() ? loss.curvature(y[i], eta[0][i]) : lastOmega[i];
                }
                c[i] = w[i] * h;
            }
            z.weightedColumnSquares(c, out[r]);
            passes += 1;
        }
        return out;
    }

    /**
     * The multinomial Newton trial over all K classes at once. Class-by-class steps alone crawl along the directions
     * in which the classes move together (the softmax is invariant to a common shift, so the ECM sweep zigzags);
     * the joint step with the full K(p+1)-square Hessian converges quadratically. It is still safeguarded: kept only
     * if the objective does not increase, otherwise the class-by-class step runs (which ends in EM).
     */
    private final class JointNewton {

        static final int MAX_SIZE = 1500;

        private final int size = blocks * m;
        private final double[] hessian = new double[size * size];
        private final double[] rhs = new double[size];
        private final double[] gram = new double[p * p];
        private final double[] colSums = new double[p];
        private final double[] block = new double[m * m];
        /** Movable feature columns of the last Hessian, and each Hessian position's coordinate (intercept: p). */
        private final int[] columns = new int[p];
        private final int[] position = new int[m];
        private final double[][] prob = new double[blocks][n];
        private final double[][] thetaTrial = new double[blocks][m];
        private final double[][] etaTrial = new double[blocks][n];
        private final boolean[] pinned = new boolean[size];

        private final double[] flatTheta = new double[size];
        private final double[] plainStep = new double[size];
        private final double[] tried = new double[size];
        private final ChordAcceleration acceleration = new ChordAcceleration(size, ANDERSON_DEPTH);
        /**
         * The factor of the last (H + D) and what it was made from: the version of {@link #hessian} and each
         * coordinate's penalty curvature (NaN where pinned). Chord steps on an unchanged support and penalty
         * curvature (ridge, elastic net, a lasso's fixed support) solve with it again: a factorization is (K(p+1))³/3
         * multiply-adds (92·10⁶ on digits, more than the K gradient passes of a chord step).
         */
        private final double[] factor = new double[size * size];
        private final double[] factorCurvature = new double[size];
        private final double[] curvature = new double[size];
        private long hessianVersion;
        private long factorVersion = -1;
        /** {@link #hessian} holds a data Hessian (this fit's or, on a path, the neighbouring λ's) fit for chord steps. */
        private boolean heldReady;
        private double lastChordDecrease = Double.POSITIVE_INFINITY;

        /**
         * Chord steps from the start when the solver holds the joint Hessian of a neighbouring λ on this design (the
         * multinomial counterpart of the Gram matrix a binary path shares).
         */
        void adoptHeld() {
            double[] held = penalty.hasLocalQuadratic() ? solver.heldJointHessian(z, size) : null;
            if (held != null) {
                System.arraycopy(held, 0, hessian, 0, size * size);
                hessianVersion++;
                heldReady = true;
            }
        }

        void resetAcceleration() {
            acceleration.reset();
        }

        /** Returns the new objective, or NaN if the step was not taken (theta and eta unchanged then). */
        double step(double[][] theta, double[][] eta, double f) {
            gradientRhs(eta, gradientKnown);
            if (heldReady) {
                // The held Hessian with the gradient at the current point: K passes for the gradient and K for the
                // new predictors, against K(K+1)/2 Gram matrices for a new Hessian.
                heldReady = false;
                double fChord = chordStep(theta, eta, f);
                if (!Double.isNaN(fChord)) {
                    double decrease = f - fChord;
                    double matrixPasses = blocks * (blocks + 1) / 2.0 * Math.max(1.0, p / 2.0);
                    heldReady = chordWorthKeeping(decrease, lastChordDecrease, fChord, 2.0 * blocks, matrixPasses);
                    lastChordDecrease = decrease;
                    return fChord;
                }
            }
            acceleration.reset();
            buildHessian(theta);
            solver.holdJointHessian(z, hessian, size);
            java.util.Arrays.fill(pinned, false);
            for (int attempt = 0; attempt < 2; attempt++) {
                double fTrial = trial(theta, attempt == 1, false, false);
                if (Double.isNaN(fTrial)) {
                    return Double.NaN;
                }
                if (fTrial <= f) {
                    heldReady = penalty.hasLocalQuadratic() && f - fTrial <= CHORD_FROM * Math.abs(fTrial);
                    lastChordDecrease = f - fTrial;
                    assign(theta, thetaTrial);
                    assign(eta, etaTrial);
                    return fTrial;
                }
                boolean anyPinnedNew = false;
                for (int k = 0; k < blocks; k++) {
                    for (int j = 0; j < p; j++) {
                        if (theta[k][j] != 0 && thetaTrial[k][j] == 0 && !pinned[k * m + j]) {
                            pinned[k * m + j] = true;
                            anyPinnedNew = true;
                        }
                    }
                }
                if (!anyPinnedNew) {
                    break;
                }
            }
            return Double.NaN;
        }

        /** The accelerated chord step, else the plain one; the new objective, or NaN if neither lowered it. */
        private double chordStep(double[][] theta, double[][] eta, double f) {
            java.util.Arrays.fill(pinned, false);
            for (int attempt = 0; attempt < 2; attempt++) {
                double fTrial = trial(theta, false, attempt == 0, true);
                if (Double.isNaN(fTrial)) {
                    break;
                }
                if (fTrial <= f) {
                    assign(theta, thetaTrial);
                    assign(eta, etaTrial);
                    return fTrial;
                }
                acceleration.reset();
            }
            acceleration.reset();
            return Double.NaN;
        }

        /**
         * Class probabilities at eta and the right-hand side −∇L: one pass per class, none if the run's gradient is
         * {@code known} at this point.
         */
        private void gradientRhs(double[][] eta, boolean known) {
            for (int i = 0; i < n; i++) {
                double lse = logSumExp(eta, i);
                for (int k = 0; k < blocks; k++) {
                    prob[k][i] = Math.exp(eta[k][i] - lse);
                }
            }
            if (known) {
                for (int k = 0; k < blocks; k++) {
                    for (int j = 0; j < m; j++) {
                        rhs[k * m + j] = -knownGradient[k][j];
                    }
                }
                return;
            }
            for (int k = 0; k < blocks; k++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    t[i] = w[i] * (prob[k][i] - (y[i] == k ? 1.0 : 0.0));
                    sum += t[i];
                }
                z.transposeMultiply(t, colSums);
                passes += 1;
                for (int j = 0; j < p; j++) {
                    rhs[k * m + j] = -colSums[j];
                }
                if (intercept) {
                    rhs[k * m + p] = -sum;
                }
            }
        }

        /**
         * The data Hessian at the probabilities of {@link #gradientRhs}: K(K+1)/2 weighted Gram matrices, over the
         * columns some class can move only ({@link #movableColumns}). A lasso path's early λ have few: the Gram blocks
         * then cost what the support costs. Rows and columns left out stay zero; {@link #covers} tells a later chord
         * step whether the matrix still serves its support.
         */
        private void buildHessian(double[][] theta) {
            hessianVersion++;
            int q = movableColumns(theta);
            int qm = intercept ? q + 1 : q;
            boolean all = q == p;
            if (!all) {
                java.util.Arrays.fill(hessian, 0.0);
                for (int a = 0; a < q; a++) {
                    position[a] = columns[a];
                }
                if (intercept) {
                    position[q] = p;
                }
            }
            for (int k = 0; k < blocks; k++) {
                for (int l = k; l < blocks; l++) {
                    for (int i = 0; i < n; i++) {
                        double pk = prob[k][i];
                        c[i] = w[i] * ((k == l ? pk : 0.0) - pk * prob[l][i]);
                    }
                    if (all) {
                        Gram.augmented(z, intercept, c, gram, colSums, block, 0, m);
                    } else {
                        Gram.augmented(z, intercept, c, columns, q, gram, colSums, block, qm);
                    }
                    passes += Math.max(1.0, q / 2.0);
                    for (int a = 0; a < qm; a++) {
                        int ja = all ? a : position[a];
                        for (int b = 0; b < qm; b++) {
                            int jb = all ? b : position[b];
                            double v = block[a * qm + b];
                            hessian[(k * m + ja) * size + l * m + jb] = v;
                            hessian[(l * m + jb) * size + k * m + ja] = v;
                        }
                    }
                }
            }
        }

        /**
         * Writes into {@link #columns} the features whose coefficient a Newton step may move in some class, and returns
         * how many: those non-zero in some class for a sparsifying penalty at λ > 0 (zeros are pinned), else all.
         */
        private int movableColumns(double[][] theta) {
            boolean sparse = penalty.sparsifies() && lambda > 0;
            int q = 0;
            for (int j = 0; j < p; j++) {
                boolean movable = !sparse;
                for (int k = 0; k < blocks && !movable; k++) {
                    movable = theta[k][j] != 0;
                }
                if (movable && !constant[j]) {
                    columns[q++] = j;
                }
            }
            return q;
        }

        /**
         * Whether the Hessian has the rows of every coordinate these curvatures leave free (a coordinate the matrix
         * left out has a zero diagonal; a covered one a positive diagonal unless its column has no weight at all).
         */
        private boolean covers(double[] d) {
            for (int idx = 0; idx < size; idx++) {
                if (!Double.isNaN(d[idx]) && hessian[idx * size + idx] == 0) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Makes {@link #factor} the Cholesky factor of H + D for these penalty curvatures (NaN: the coordinate is
         * pinned, its row and column the identity's), unless it already is. False if it cannot be factored.
         */
        private boolean factorFor(double[] d) {
            if (factorVersion == hessianVersion && java.util.Arrays.equals(d, factorCurvature)) {
                return true;
            }
            factorVersion = -1;
            System.arraycopy(hessian, 0, factor, 0, size * size);
            for (int idx = 0; idx < size; idx++) {
                if (Double.isNaN(d[idx])) {
                    for (int q = 0; q < size; q++) {
                        factor[idx * size + q] = 0;
                        factor[q * size + idx] = 0;
                    }
                    factor[idx * size + idx] = 1;
                } else {
                    factor[idx * size + idx] += d[idx];
                }
            }
            // The softmax is invariant to a common shift of the intercepts: a small diagonal load fixes that direction
            // (along which the gradient is exactly zero) without changing the step elsewhere.
            double largest = 0;
            for (int q = 0; q < size; q++) {
                largest = Math.max(largest, factor[q * size + q]);
            }
            double[] backup = factor.clone();
            for (double jitter : new double[] {1e-13, 1e-10, 1e-7}) {
                System.arraycopy(backup, 0, factor, 0, backup.length);
                for (int q = 0; q < size; q++) {
                    factor[q * size + q] += jitter * largest;
                }
                if (Cholesky.factorLowerInPlace(factor, size)) {
                    System.arraycopy(d, 0, factorCurvature, 0, size);
                    factorVersion = hessianVersion;
                    return true;
                }
            }
            return false;
        }

        /**
         * Solves (H + D) δ = −∇F over the free coordinates into thetaTrial/etaTrial (with {@code accelerate}, the
         * Anderson extrapolation of the chord steps so far); returns F there, or NaN. A {@code chord} step uses a held
         * Hessian, which may not cover the current support.
         */
        private double trial(double[][] theta, boolean usePinned, boolean accelerate, boolean chord) {
            double[] b = rhs.clone();
            boolean l1 = penalty.sparsifies() && penalty.hasLocalQuadratic();
            for (int k = 0; k < blocks; k++) {
                for (int j = 0; j < p; j++) {
                    int idx = k * m + j;
                    double g = theta[k][j];
                    double d;
                    double grad;
                    boolean pin;
                    if (constant[j]) {
                        d = 0;
                        grad = 0;
                        pin = true;
                    } else if (lambda == 0) {
                        d = 0;
                        grad = 0;
                        pin = false;
                    } else if (!penalty.hasLocalQuadratic()) {
                        double v = penalty.priorVariance(g, lambda);
                        pin = v == 0;
                        d = pin ? 0 : 1.0 / v;
                        grad = d * g;
                    } else {
                        pin = penalty.sparsifies() && (g == 0 || (usePinned && pinned[idx]));
                        d = lambda * penalty.hessian(g);
                        grad = lambda * penalty.gradient(g);
                    }
                    if (pin) {
                        curvature[idx] = Double.NaN;
                        b[idx] = usePinned && pinned[idx] ? -g : 0;
                    } else {
                        curvature[idx] = d;
                        b[idx] -= grad;
                    }
                }
                if (intercept) {
                    curvature[k * m + p] = 0.0;
                }
            }
            if ((chord && !covers(curvature)) || !factorFor(curvature)) {
                return Double.NaN; // a chord step on a support the held Hessian does not cover: a new one is needed
            }
            Cholesky.solveInPlace(factor, size, b);
            for (int k = 0; k < blocks; k++) {
                for (int j = 0; j < m; j++) {
                    flatTheta[k * m + j] = theta[k][j];
                    plainStep[k * m + j] = theta[k][j] + b[k * m + j];
                }
            }
            if (accelerate) {
                acceleration.extrapolate(flatTheta, plainStep, tried);
            } else {
                System.arraycopy(plainStep, 0, tried, 0, size);
            }
            boolean projected = false;
            for (int k = 0; k < blocks; k++) {
                for (int j = 0; j < m; j++) {
                    double before = theta[k][j];
                    double after = tried[k * m + j];
                    if (!Double.isFinite(after)) {
                        return Double.NaN;
                    }
                    if (l1 && j < p && before != 0 && Math.signum(after) != Math.signum(before)) {
                        after = 0.0;
                        projected = true;
                    }
                    thetaTrial[k][j] = after;
                }
            }
            if (projected) {
                // A new sign pattern is a new local problem.
                acceleration.reset();
            }
            predictors(thetaTrial, etaTrial);
            return objective(thetaTrial, etaTrial);
        }
    }

    // ---- small array helpers -------------------------------------------------------------------------------------

    private static void extrapolate(double[][] cur, double[][] prev, double mom, double[][] out) {
        for (int b = 0; b < cur.length; b++) {
            double[] a = cur[b];
            double[] q = prev[b];
            double[] o = out[b];
            for (int j = 0; j < a.length; j++) {
                o[j] = a[j] + mom * (a[j] - q[j]);
            }
        }
    }

    private static void assign(double[][] dst, double[][] src) {
        for (int b = 0; b < src.length; b++) {
            System.arraycopy(src[b], 0, dst[b], 0, src[b].length);
        }
    }

    private static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int b = 0; b < a.length; b++) {
            out[b] = a[b].clone();
        }
        return out;
    }
}
