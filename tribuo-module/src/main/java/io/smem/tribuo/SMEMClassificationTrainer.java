package io.smem.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.BooleanProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import io.smem.fit.Acceleration;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.loss.HingeLoss;
import io.smem.loss.LogisticLoss;
import io.smem.loss.Loss;
import io.smem.path.PathOptions;
import io.smem.path.PathPoint;
import io.smem.path.PathResult;
import io.smem.path.RegularizationPath;
import io.smem.path.SelectionRule;
import io.smem.penalty.Penalty;
import io.smem.solve.SolverChoice;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Dataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Trainer;
import org.tribuo.WeightedExamples;
import org.tribuo.classification.Label;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.util.ExpNormalizer;
import org.tribuo.math.util.NoopNormalizer;
import org.tribuo.math.util.VectorNormalizer;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

/**
 * A Tribuo {@link Trainer} for penalized linear classifiers fitted by SM-EM (scale-mixture EM): logistic regression
 * (binary or multinomial, probabilistic) or a linear SVM (hinge loss, one-vs-rest, not probabilistic) with a ridge,
 * lasso, elastic-net or bridge penalty. The intercept is never penalized.
 *
 * <p>The default trainer is tuning-free: logistic loss, ridge penalty, and λ chosen automatically along a path of 40
 * values by 10-fold cross-validation (minimum held-out deviance), exactly like {@code smem fit} without
 * {@code --lambda}. Set {@code lambda} to a value &gt; 0 for a single fit at that λ; 0 (the default), a negative
 * value or NaN selects λ automatically by {@code selectionRule} (an unpenalized fit is not offered: use a tiny λ).
 *
 * <p>Reproducibility follows Tribuo's trainers: {@code seed} seeds a {@link SplittableRandom}; each call to
 * {@code train} splits it once (after {@link #setInvocationCount} replays earlier calls), and the engine's
 * cross-validation fold seed is the first long of the split generator. The seed used is recorded in the model
 * provenance ({@code smem-cv-seed}), together with the selected λ, the rule, the path length, the non-zeros and the
 * iterations (see {@link #train(Dataset, Map, int)}).
 *
 * <p>Example weights are honoured ({@link WeightedExamples}). Classes that carry no training weight (for instance the
 * other labels of a single-class {@code DatasetView}) are never predicted: their score is −∞ (probability 0).
 */
public final class SMEMClassificationTrainer implements Trainer<Label>, WeightedExamples {

    private static final Logger logger = Logger.getLogger(SMEMClassificationTrainer.class.getName());

    /** Name given to the models this trainer produces. */
    public static final String MODEL_NAME = "smem-linear-model";

    /**
     * The value of {@code lambda} that asks for automatic selection (the default). Any value ≤ 0, or NaN, does; such
     * values are stored as 0 so that equal configurations have equal provenance (and because OLCUT 5.3.1's
     * structural comparison of configurations fails for negative and NaN doubles).
     */
    public static final double AUTO_LAMBDA = 0.0;

    /** Prefix of the keys this trainer adds to the model provenance's instance (run) provenance. */
    public static final String PROVENANCE_PREFIX = "smem-";
    public static final String PROV_LAMBDA = "smem-lambda";
    public static final String PROV_SELECTION = "smem-lambda-selection";
    public static final String PROV_CV_FOLDS = "smem-cv-folds";
    public static final String PROV_CV_SEED = "smem-cv-seed";
    public static final String PROV_PATH_LENGTH = "smem-path-length";
    public static final String PROV_SELECTED_INDEX = "smem-selected-index";
    public static final String PROV_LAMBDA_MAX = "smem-lambda-max";
    public static final String PROV_LAMBDA_MIN = "smem-lambda-min";
    public static final String PROV_CV_DEVIANCE = "smem-cv-deviance";
    public static final String PROV_CV_DEVIANCE_SE = "smem-cv-deviance-se";
    public static final String PROV_CV_MISCLASSIFICATION = "smem-cv-misclassification";
    public static final String PROV_NON_ZEROS = "smem-non-zeros";
    public static final String PROV_ITERATIONS = "smem-iterations";
    public static final String PROV_CONVERGED = "smem-converged";
    public static final String PROV_OBJECTIVE = "smem-objective";
    public static final String PROV_KKT_RESIDUAL = "smem-kkt-residual";
    public static final String PROV_ACCELERATION = "smem-acceleration";
    public static final String PROV_SOLVER = "smem-solver";
    public static final String PROV_CLASS_ORDER = "smem-class-order";
    public static final String PROV_DESIGN = "smem-design";

    /** The loss. */
    public enum LossType {
        /** Logistic regression: binary, or multinomial (softmax) for more than two classes. Probabilistic. */
        LOGISTIC(LogisticLoss.INSTANCE),
        /** Hinge loss (linear SVM); one-vs-rest for more than two classes. Not probabilistic. */
        HINGE(HingeLoss.INSTANCE);

        private final Loss engineLoss;

        LossType(Loss engineLoss) {
            this.engineLoss = engineLoss;
        }

        /** The engine's loss. */
        public Loss engineLoss() {
            return engineLoss;
        }
    }

    /** The penalty on the (standardized, unless {@code standardize=false}) coefficients. */
    public enum PenaltyType {
        /** λ/2·Σβ² (elastic net with α = 0). */
        RIDGE,
        /** λ·Σ|β|: exact zeros. */
        LASSO,
        /** λ·Σ(α|β| + (1−α)/2·β²), α = {@code alpha}. */
        ELASTIC_NET,
        /** λ·Σ|β|^q, q = {@code q} in (0, 2); non-convex for q &lt; 1. */
        BRIDGE
    }

    @Config(description = "Loss: LOGISTIC (probabilistic; multinomial for more than two classes) or HINGE "
            + "(linear SVM, one-vs-rest).")
    private LossType loss = LossType.LOGISTIC;

    @Config(description = "Penalty: RIDGE, LASSO, ELASTIC_NET (mixing alpha) or BRIDGE (exponent q).")
    private PenaltyType penalty = PenaltyType.RIDGE;

    @Config(description = "Elastic-net mixing alpha in [0, 1] (1 = lasso, 0 = ridge); used by ELASTIC_NET.")
    private double alpha = 0.5;

    @Config(description = "Bridge exponent q in (0, 2); used by BRIDGE.")
    private double q = 0.5;

    @Config(description = "Penalty weight lambda > 0 for a single fit; 0 (the default), a negative value or NaN "
            + "chooses lambda automatically along a regularization path with selectionRule.")
    private double lambda = AUTO_LAMBDA;

    @Config(description = "How lambda is chosen when it is automatic: CV_MIN (minimum cross-validated deviance), "
            + "CV_1SE, AIC, BIC or EBIC (the information criteria need the LOGISTIC loss).")
    private SelectionRule selectionRule = SelectionRule.CV_MIN;

    @Config(description = "Cross-validation folds for CV_MIN and CV_1SE (>= 2); reduced on data too small for them.")
    private int folds = PathOptions.DEFAULT_FOLDS;

    @Config(description = "Number of lambda values on the path (>= 1).")
    private int numLambdas = PathOptions.DEFAULT_NUM_LAMBDAS;

    @Config(description = "Smallest lambda of the path as a fraction of lambda_max, in (0, 1); 0 (the default) "
            + "uses 1e-4 when there are more examples than features, else 1e-2.")
    private double lambdaMinRatio = 0.0;

    @Config(description = "Penalize standardized coefficients (glmnet's convention); the model is always on the "
            + "original feature scale.")
    private boolean standardize = true;

    @Config(description = "EM acceleration: AUTO (NEWTON for LOGISTIC, RESTART for HINGE), NONE, NESTEROV, "
            + "RESTART, SQUAREM or NEWTON (LOGISTIC only).")
    private Acceleration acceleration = Acceleration.AUTO;

    @Config(description = "Stop when the relative objective change of an EM iteration is below this (> 0).")
    private double tolerance = FitOptions.DEFAULT_TOLERANCE;

    @Config(description = "Stop only when the KKT residual (largest violation of the optimality conditions, "
            + "standardized scale) is also below this (> 0).")
    private double kktTolerance = FitOptions.DEFAULT_KKT_TOLERANCE;

    @Config(description = "EM iteration cap per fit (>= 1).")
    private int maxIterations = FitOptions.DEFAULT_MAX_ITERATIONS;

    @Config(description = "Threads for the cross-validation folds; 0 (default) = all available processors. "
            + "Results do not depend on it.")
    private int numThreads = 0;

    @Config(description = "Seed of the RNG from which each train call derives its cross-validation fold seed.")
    private long seed = Trainer.DEFAULT_SEED;

    private SplittableRandom rng;

    private int trainInvocationCounter = 0;

    /**
     * The tuning-free default: logistic loss, ridge penalty, λ chosen by 10-fold cross-validation (minimum deviance)
     * on a path of 40 values, seed {@link Trainer#DEFAULT_SEED}. Also used by OLCUT (fields are injected, then
     * {@link #postConfig()} runs again).
     */
    public SMEMClassificationTrainer() {
        postConfig();
    }

    /** {@code loss} and {@code penalty} with automatic λ (10-fold CV, 40 values). */
    public SMEMClassificationTrainer(LossType loss, PenaltyType penalty) {
        this(loss, penalty, AUTO_LAMBDA);
    }

    /** {@code loss} and {@code penalty} at a fixed {@code lambda} (≤ 0 or NaN: automatic). */
    public SMEMClassificationTrainer(LossType loss, PenaltyType penalty, double lambda) {
        this.loss = loss;
        this.penalty = penalty;
        this.lambda = lambda;
        postConfig();
    }

    private SMEMClassificationTrainer(Builder b) {
        this.loss = b.loss;
        this.penalty = b.penalty;
        this.alpha = b.alpha;
        this.q = b.q;
        this.lambda = b.lambda;
        this.selectionRule = b.selectionRule;
        this.folds = b.folds;
        this.numLambdas = b.numLambdas;
        this.lambdaMinRatio = b.lambdaMinRatio;
        this.standardize = b.standardize;
        this.acceleration = b.acceleration;
        this.tolerance = b.tolerance;
        this.kktTolerance = b.kktTolerance;
        this.maxIterations = b.maxIterations;
        this.numThreads = b.numThreads;
        this.seed = b.seed;
        postConfig();
    }

    /** A builder starting from the defaults of {@link #SMEMClassificationTrainer()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates the configuration and seeds the RNG. Used by OLCUT after field injection, and by the constructors.
     *
     * @throws PropertyException naming the offending field
     */
    @Override
    public synchronized void postConfig() {
        if (loss == null) {
            throw new PropertyException("", "loss", "loss must be set (LOGISTIC or HINGE)");
        }
        if (penalty == null) {
            throw new PropertyException("", "penalty", "penalty must be set (RIDGE, LASSO, ELASTIC_NET or BRIDGE)");
        }
        if (selectionRule == null) {
            throw new PropertyException("", "selectionRule", "selectionRule must be set");
        }
        if (acceleration == null) {
            throw new PropertyException("", "acceleration", "acceleration must be set");
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new PropertyException("", "alpha", "alpha must be in [0, 1], found " + alpha);
        }
        if (!(q > 0 && q < 2)) {
            throw new PropertyException("", "q", "q must be in (0, 2), found " + q);
        }
        if (lambda == Double.POSITIVE_INFINITY) {
            throw new PropertyException("", "lambda", "lambda must be finite (<= 0 or NaN for automatic selection)");
        }
        if (!(lambda > 0)) {
            lambda = AUTO_LAMBDA; // canonical form of "automatic"
        }
        if (!(lambdaMinRatio > 0)) {
            lambdaMinRatio = 0.0; // canonical form of "default ratio"
        }
        if (isAutomaticLambda()) {
            if (selectionRule.usesCrossValidation() && folds < 2) {
                throw new PropertyException("", "folds", "cross-validation needs at least 2 folds, found " + folds);
            }
            if (!selectionRule.usesCrossValidation() && loss == LossType.HINGE) {
                throw new PropertyException("", "selectionRule", "information criteria (" + selectionRule
                        + ") need a likelihood, which the hinge loss does not have; use CV_MIN or CV_1SE");
            }
            if (numLambdas < 1) {
                throw new PropertyException("", "numLambdas", "the path needs at least one lambda, found "
                        + numLambdas);
            }
            if (lambdaMinRatio >= 1) {
                throw new PropertyException("", "lambdaMinRatio", "lambdaMinRatio must be in (0, 1), or 0 for "
                        + "the default, found " + lambdaMinRatio);
            }
        }
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new PropertyException("", "tolerance", "tolerance must be > 0, found " + tolerance);
        }
        if (!(kktTolerance > 0) || Double.isInfinite(kktTolerance)) {
            throw new PropertyException("", "kktTolerance", "kktTolerance must be > 0, found " + kktTolerance);
        }
        if (maxIterations < 1) {
            throw new PropertyException("", "maxIterations", "maxIterations must be >= 1, found " + maxIterations);
        }
        if (acceleration == Acceleration.NEWTON && loss == LossType.HINGE) {
            throw new PropertyException("", "acceleration", "NEWTON acceleration needs a smooth loss; the hinge loss "
                    + "is not (use AUTO, RESTART, SQUAREM, NESTEROV or NONE)");
        }
        if (numThreads < 0) {
            throw new PropertyException("", "numThreads", "numThreads must be >= 0 (0 = all processors), found "
                    + numThreads);
        }
        this.rng = new SplittableRandom(seed);
    }

    /** True if λ is chosen along a path (lambda ≤ 0 or NaN). */
    public boolean isAutomaticLambda() {
        return !(lambda > 0);
    }

    /** The engine options of a fit at {@code fitLambda} (0 for the base options of a path). */
    FitOptions fitOptions(double fitLambda) {
        return new FitOptions(loss.engineLoss(), enginePenalty(), fitLambda, standardize, true, acceleration,
                tolerance, kktTolerance, maxIterations, SolverChoice.AUTO);
    }

    /** The engine options of the path with {@code cvFolds} folds. */
    PathOptions pathOptions(long cvSeed, int cvFolds) {
        int threads = numThreads == 0 ? Runtime.getRuntime().availableProcessors() : numThreads;
        return new PathOptions(numLambdas, lambdaMinRatio > 0 ? lambdaMinRatio : Double.NaN, null, selectionRule,
                cvFolds, cvSeed, threads);
    }

    /**
     * The number of cross-validation folds actually used: {@code folds}, reduced (never below 2) until every fold
     * the engine deals ({@link RegularizationPath#assignFolds}, stratified by class) leaves at least two weighted
     * classes in its training part, which a classifier needs; on ordinary data (two classes with at least
     * {@code folds} examples each) nothing changes. {@code folds} for the information criteria, which do not
     * cross-validate.
     *
     * @throws IllegalArgumentException if no number of folds from 2 up works (a class with a single example)
     */
    int effectiveFolds(TrainingData data, long cvSeed) {
        if (!selectionRule.usesCrossValidation()) {
            return folds;
        }
        for (int k = Math.min(folds, data.rows()); k >= 2; k--) {
            if (foldsUsable(data, k, cvSeed)) {
                return k;
            }
        }
        throw new IllegalArgumentException("cannot choose lambda by cross-validation: the classes are too small to "
                + "give every fold two classes; set a fixed lambda or use an information criterion (AIC, BIC)");
    }

    private static boolean foldsUsable(TrainingData data, int k, long cvSeed) {
        int[] fold = RegularizationPath.assignFolds(data, k, cvSeed);
        int numClasses = data.numClasses();
        int[][] count = new int[k][numClasses];
        int[] total = new int[numClasses];
        double[] y = data.response();
        for (int i = 0; i < fold.length; i++) {
            if (data.weight(i) > 0) {
                count[fold[i]][(int) y[i]]++;
                total[(int) y[i]]++;
            }
        }
        for (int f = 0; f < k; f++) {
            int kept = 0;
            for (int c = 0; c < numClasses; c++) {
                kept += total[c] - count[f][c] > 0 ? 1 : 0;
            }
            if (kept < 2) {
                return false;
            }
        }
        return true;
    }

    Penalty enginePenalty() {
        return switch (penalty) {
            case RIDGE -> Penalty.ridge();
            case LASSO -> Penalty.lasso();
            case ELASTIC_NET -> Penalty.elasticNet(alpha);
            case BRIDGE -> Penalty.bridge(q);
        };
    }

    @Override
    public SMEMClassificationModel train(Dataset<Label> examples) {
        return train(examples, Collections.emptyMap());
    }

    @Override
    public SMEMClassificationModel train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    /**
     * Fits the model. Facts about the fit are added to (a copy of) {@code runProvenance} and stored as the model
     * provenance's instance provenance: {@value #PROV_LAMBDA} (λ of the model), {@value #PROV_SELECTION}
     * ({@code fixed}, or the rule's name such as {@code cv-min}), {@value #PROV_CV_FOLDS}, {@value #PROV_CV_SEED},
     * {@value #PROV_PATH_LENGTH}, {@value #PROV_SELECTED_INDEX}, {@value #PROV_LAMBDA_MAX}, {@value #PROV_LAMBDA_MIN},
     * the cross-validated deviance ({@value #PROV_CV_DEVIANCE}, its standard error and misclassification rate) when CV
     * ran, {@value #PROV_NON_ZEROS}, {@value #PROV_ITERATIONS}, {@value #PROV_CONVERGED}, {@value #PROV_OBJECTIVE},
     * {@value #PROV_KKT_RESIDUAL}, {@value #PROV_ACCELERATION}, {@value #PROV_SOLVER}, {@value #PROV_DESIGN}
     * ({@code dense}/{@code sparse}) and {@value #PROV_CLASS_ORDER} (label names in engine class-index order).
     *
     * @throws IllegalArgumentException if the dataset is empty, has unknown outputs, no features, negative or
     *                                  non-finite example weights or feature values, or if every weight is zero
     */
    @Override
    public SMEMClassificationModel train(Dataset<Label> examples, Map<String, Provenance> runProvenance,
                                         int invocationCount) {
        if (examples.getOutputInfo().getUnknownCount() > 0) {
            throw new IllegalArgumentException("The supplied Dataset contained unknown Outputs, and this Trainer is "
                    + "supervised.");
        }
        if (examples.size() == 0) {
            throw new IllegalArgumentException("The supplied Dataset is empty.");
        }
        TrainerProvenance trainerProvenance;
        SplittableRandom localRng;
        synchronized (this) {
            if (invocationCount != INCREMENT_INVOCATION_COUNT) {
                setInvocationCount(invocationCount);
            }
            localRng = rng.split();
            trainerProvenance = getProvenance();
            trainInvocationCounter++;
        }
        long cvSeed = localRng.nextLong();

        // Both maps allocate on every call: fetch them once and use these exact instances throughout.
        ImmutableFeatureMap featureIDMap = examples.getFeatureIDMap();
        ImmutableOutputInfo<Label> outputIDInfo = examples.getOutputIDInfo();
        if (featureIDMap.size() == 0) {
            throw new IllegalArgumentException("The supplied Dataset has no features.");
        }
        EngineData data = EngineData.of(examples, featureIDMap);

        Map<String, Provenance> instance = new LinkedHashMap<>();
        if (runProvenance != null) {
            instance.putAll(runProvenance);
        }
        FitResult fit = null;
        if (data.data() == null) {
            logger.warning("Only one class (" + data.classOrder().get(0) + ") has training weight: the model "
                    + "predicts it for every example.");
            putFacts(instance, "single-class", 0, cvSeed, 1, 0, Double.NaN, Double.NaN, null, null, data);
        } else if (!isAutomaticLambda()) {
            fit = SmEm.fit(data.data(), fitOptions(lambda));
            putFacts(instance, "fixed", 0, cvSeed, 1, 0, Double.NaN, Double.NaN, fit, null, data);
        } else {
            int cvFolds = effectiveFolds(data.data(), cvSeed);
            if (cvFolds < folds) {
                logger.warning("Too few examples per class for " + folds + " cross-validation folds: using "
                        + cvFolds + ".");
            }
            PathOptions po = pathOptions(cvSeed, cvFolds);
            PathResult path = RegularizationPath.fit(data.data(), fitOptions(0.0), po, null);
            fit = path.selectedFit();
            List<PathPoint> points = path.points();
            putFacts(instance, selectionRule.cliName(), path.folds(), cvSeed, points.size(), path.selected(),
                    points.get(0).lambda(), points.get(points.size() - 1).lambda(), fit,
                    points.get(path.selected()), data);
            if (!fit.converged()) {
                logger.warning("The selected fit did not converge: " + fit.message());
            }
            if (points.size() > 2 && path.selected() == points.size() - 1) {
                logger.info("The selected lambda is the smallest on the path; a smaller lambdaMinRatio may find a "
                        + "better one.");
            }
        }
        if (fit != null && !fit.converged() && !isAutomaticLambda()) {
            logger.warning("The fit did not converge: " + fit.message());
        }

        ModelProvenance provenance = new ModelProvenance(SMEMClassificationModel.class.getName(),
                OffsetDateTime.now(), examples.getProvenance(), trainerProvenance, instance);
        DenseMatrix weights = weightMatrix(fit, data.classOrder(), featureIDMap.size(), outputIDInfo, loss);
        VectorNormalizer normalizer = loss == LossType.LOGISTIC ? new ExpNormalizer() : new NoopNormalizer();
        double modelLambda = fit == null ? Double.NaN : fit.lambda();
        if (logger.isLoggable(Level.FINE)) {
            logger.fine("SM-EM model: lambda=" + modelLambda + ", classes " + data.classOrder());
        }
        return new SMEMClassificationModel(MODEL_NAME, provenance, featureIDMap, outputIDInfo,
                new LinearParameters(weights), normalizer, loss == LossType.LOGISTIC,
                loss.engineLoss().name(), enginePenalty().name(), modelLambda, data.classOrder());
    }

    private static void putFacts(Map<String, Provenance> m, String selection, int cvFolds, long cvSeed,
                                 int pathLength, int selectedIndex, double lambdaMax, double lambdaMin, FitResult fit,
                                 PathPoint point, EngineData data) {
        if (fit != null) {
            put(m, new DoubleProvenance(PROV_LAMBDA, fit.lambda()));
        }
        put(m, new StringProvenance(PROV_SELECTION, selection));
        put(m, new IntProvenance(PROV_CV_FOLDS, cvFolds));
        put(m, new LongProvenance(PROV_CV_SEED, cvSeed));
        put(m, new IntProvenance(PROV_PATH_LENGTH, pathLength));
        put(m, new IntProvenance(PROV_SELECTED_INDEX, selectedIndex));
        if (!Double.isNaN(lambdaMax)) {
            put(m, new DoubleProvenance(PROV_LAMBDA_MAX, lambdaMax));
            put(m, new DoubleProvenance(PROV_LAMBDA_MIN, lambdaMin));
        }
        if (point != null && !Double.isNaN(point.cvMean())) {
            put(m, new DoubleProvenance(PROV_CV_DEVIANCE, point.cvMean()));
            put(m, new DoubleProvenance(PROV_CV_DEVIANCE_SE, point.cvSe()));
            put(m, new DoubleProvenance(PROV_CV_MISCLASSIFICATION, point.cvMisclassification()));
        }
        put(m, new IntProvenance(PROV_NON_ZEROS, fit == null ? 0 : fit.nonZeros()));
        put(m, new IntProvenance(PROV_ITERATIONS, fit == null ? 0 : fit.iterations()));
        put(m, new BooleanProvenance(PROV_CONVERGED, fit == null || fit.converged()));
        if (fit != null) {
            put(m, new DoubleProvenance(PROV_OBJECTIVE, fit.objective()));
            put(m, new DoubleProvenance(PROV_KKT_RESIDUAL, fit.kktResidual()));
            put(m, new StringProvenance(PROV_ACCELERATION, fit.acceleration()));
            put(m, new StringProvenance(PROV_SOLVER, fit.solver()));
        }
        put(m, new StringProvenance(PROV_DESIGN, data.sparse() ? "sparse" : "dense"));
        List<StringProvenance> order = new ArrayList<>();
        for (String c : data.classOrder()) {
            order.add(new StringProvenance(PROV_CLASS_ORDER, c));
        }
        m.put(PROV_CLASS_ORDER, new ListProvenance<>(order));
    }

    private static void put(Map<String, Provenance> m, PrimitiveProvenance<?> p) {
        m.put(p.getKey(), p);
    }

    /**
     * The Tribuo weight matrix [labels × (features + 1)], rows in Tribuo output-ID order, bias last.
     *
     * <ul>
     *   <li>More than two classes: engine row k (class {@code classOrder.get(k)}) is the row of that label.</li>
     *   <li>Two classes (one engine row η scoring {@code classOrder.get(1)}): logistic rows
     *       [−η/2, +η/2], so the softmax is exactly σ(η), both labels list the same features in
     *       {@code getTopFeatures} and the score difference is the log-odds; hinge rows [−η, +η] (LibLinear's
     *       convention: the positive label's score is the SVM decision value).</li>
     *   <li>Labels without training weight: zero weights, bias −∞ (never predicted; probability 0).</li>
     *   <li>A single class with weight (fit == null): its row is 0, every other row −∞.</li>
     * </ul>
     */
    static DenseMatrix weightMatrix(FitResult fit, List<String> classOrder, int numFeatures,
                                    ImmutableOutputInfo<Label> outputIDInfo, LossType loss) {
        int numLabels = outputIDInfo.size();
        DenseMatrix w = new DenseMatrix(numLabels, numFeatures + 1);
        boolean[] present = new boolean[numLabels];
        int[] ids = new int[classOrder.size()];
        for (int k = 0; k < classOrder.size(); k++) {
            int id = outputIDInfo.getID(new Label(classOrder.get(k)));
            if (id < 0) {
                throw new IllegalStateException("label " + classOrder.get(k) + " is not in the output domain");
            }
            ids[k] = id;
            present[id] = true;
        }
        for (int id = 0; id < numLabels; id++) {
            if (!present[id]) {
                w.set(id, numFeatures, Double.NEGATIVE_INFINITY);
            }
        }
        if (fit == null) {
            return w; // single class: its row stays 0
        }
        double[][] beta = fit.coefficients();
        double[] b = fit.intercepts();
        if (beta.length == 1) {
            double scale = loss == LossType.LOGISTIC ? 0.5 : 1.0;
            setRow(w, ids[1], beta[0], b[0], scale);
            setRow(w, ids[0], beta[0], b[0], -scale);
        } else {
            for (int k = 0; k < beta.length; k++) {
                setRow(w, ids[k], beta[k], b[k], 1.0);
            }
        }
        return w;
    }

    private static void setRow(DenseMatrix w, int row, double[] beta, double intercept, double scale) {
        for (int j = 0; j < beta.length; j++) {
            w.set(row, j, scale * beta[j] + 0.0); // + 0.0: no negative zeros from negated exact zeros
        }
        w.set(row, beta.length, scale * intercept + 0.0);
    }

    @Override
    public int getInvocationCount() {
        return trainInvocationCounter;
    }

    @Override
    public synchronized void setInvocationCount(int invocationCount) {
        if (invocationCount < 0) {
            throw new IllegalArgumentException("The supplied invocationCount is less than zero.");
        }
        rng = new SplittableRandom(seed);
        for (trainInvocationCounter = 0; trainInvocationCounter < invocationCount; trainInvocationCounter++) {
            rng.split();
        }
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SMEMClassificationTrainer(loss=").append(loss)
                .append(",penalty=").append(penalty);
        if (penalty == PenaltyType.ELASTIC_NET) {
            sb.append(",alpha=").append(alpha);
        } else if (penalty == PenaltyType.BRIDGE) {
            sb.append(",q=").append(q);
        }
        if (isAutomaticLambda()) {
            sb.append(",lambda=auto(").append(selectionRule.cliName());
            if (selectionRule.usesCrossValidation()) {
                sb.append(',').append(folds).append(" folds");
            }
            sb.append(',').append(numLambdas).append(" values");
            if (lambdaMinRatio > 0) {
                sb.append(",min-ratio=").append(lambdaMinRatio);
            }
            sb.append(')');
        } else {
            sb.append(",lambda=").append(lambda);
        }
        return sb.append(",standardize=").append(standardize)
                .append(",acceleration=").append(acceleration.name().toLowerCase(Locale.ROOT))
                .append(",tolerance=").append(tolerance)
                .append(",kktTolerance=").append(kktTolerance)
                .append(",maxIterations=").append(maxIterations)
                .append(",seed=").append(seed).append(')').toString();
    }

    // ---- accessors ------------------------------------------------------------------------------------------------

    public LossType getLoss() {
        return loss;
    }

    public PenaltyType getPenalty() {
        return penalty;
    }

    public double getAlpha() {
        return alpha;
    }

    public double getQ() {
        return q;
    }

    public double getLambda() {
        return lambda;
    }

    public SelectionRule getSelectionRule() {
        return selectionRule;
    }

    public int getFolds() {
        return folds;
    }

    public int getNumLambdas() {
        return numLambdas;
    }

    public double getLambdaMinRatio() {
        return lambdaMinRatio;
    }

    public boolean isStandardize() {
        return standardize;
    }

    public Acceleration getAcceleration() {
        return acceleration;
    }

    public double getTolerance() {
        return tolerance;
    }

    public double getKktTolerance() {
        return kktTolerance;
    }

    public int getMaxIterations() {
        return maxIterations;
    }

    public int getNumThreads() {
        return numThreads;
    }

    public long getSeed() {
        return seed;
    }

    /** Builds a trainer; every setter defaults to the tuning-free configuration of the no-argument constructor. */
    public static final class Builder {
        private LossType loss = LossType.LOGISTIC;
        private PenaltyType penalty = PenaltyType.RIDGE;
        private double alpha = 0.5;
        private double q = 0.5;
        private double lambda = AUTO_LAMBDA;
        private SelectionRule selectionRule = SelectionRule.CV_MIN;
        private int folds = PathOptions.DEFAULT_FOLDS;
        private int numLambdas = PathOptions.DEFAULT_NUM_LAMBDAS;
        private double lambdaMinRatio = 0.0;
        private boolean standardize = true;
        private Acceleration acceleration = Acceleration.AUTO;
        private double tolerance = FitOptions.DEFAULT_TOLERANCE;
        private double kktTolerance = FitOptions.DEFAULT_KKT_TOLERANCE;
        private int maxIterations = FitOptions.DEFAULT_MAX_ITERATIONS;
        private int numThreads = 0;
        private long seed = Trainer.DEFAULT_SEED;

        private Builder() {
        }

        public Builder loss(LossType v) {
            loss = v;
            return this;
        }

        public Builder penalty(PenaltyType v) {
            penalty = v;
            return this;
        }

        /** Elastic net with mixing {@code alpha}. */
        public Builder elasticNet(double alphaValue) {
            penalty = PenaltyType.ELASTIC_NET;
            alpha = alphaValue;
            return this;
        }

        /** Bridge with exponent {@code q}. */
        public Builder bridge(double qValue) {
            penalty = PenaltyType.BRIDGE;
            q = qValue;
            return this;
        }

        public Builder alpha(double v) {
            alpha = v;
            return this;
        }

        public Builder q(double v) {
            q = v;
            return this;
        }

        /** A fixed λ &gt; 0; ≤ 0 or NaN means automatic. */
        public Builder lambda(double v) {
            lambda = v;
            return this;
        }

        public Builder selectionRule(SelectionRule v) {
            selectionRule = v;
            return this;
        }

        public Builder folds(int v) {
            folds = v;
            return this;
        }

        public Builder numLambdas(int v) {
            numLambdas = v;
            return this;
        }

        public Builder lambdaMinRatio(double v) {
            lambdaMinRatio = v;
            return this;
        }

        public Builder standardize(boolean v) {
            standardize = v;
            return this;
        }

        public Builder acceleration(Acceleration v) {
            acceleration = v;
            return this;
        }

        public Builder tolerance(double v) {
            tolerance = v;
            return this;
        }

        public Builder kktTolerance(double v) {
            kktTolerance = v;
            return this;
        }

        public Builder maxIterations(int v) {
            maxIterations = v;
            return this;
        }

        public Builder numThreads(int v) {
            numThreads = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** @throws PropertyException if the configuration is invalid */
        public SMEMClassificationTrainer build() {
            return new SMEMClassificationTrainer(this);
        }
    }
}
