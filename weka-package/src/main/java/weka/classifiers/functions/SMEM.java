/*
 *   This program is free software: you can redistribute it and/or modify
 *   it under the terms of the GNU General Public License as published by
 *   the Free Software Foundation, either version 3 of the License, or
 *   (at your option) any later version.
 */
package weka.classifiers.functions;

import io.smem.data.CsrMatrix;
import io.smem.data.DenseMatrix;
import io.smem.data.DesignMatrix;
import io.smem.fit.Acceleration;
import io.smem.fit.FitInterruptedException;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.loss.Loss;
import io.smem.path.Evaluation;
import io.smem.path.PathOptions;
import io.smem.path.PathPoint;
import io.smem.path.PathResult;
import io.smem.path.ProgressListener;
import io.smem.path.RegularizationPath;
import io.smem.path.SelectionRule;
import io.smem.penalty.Penalty;
import io.smem.solve.SolverChoice;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Vector;
import weka.classifiers.RandomizableClassifier;
import weka.classifiers.functions.smem.PathSummary;
import weka.core.AdditionalMeasureProducer;
import weka.core.Attribute;
import weka.core.Capabilities;
import weka.core.Capabilities.Capability;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Option;
import weka.core.RevisionUtils;
import weka.core.SelectedTag;
import weka.core.Tag;
import weka.core.TechnicalInformation;
import weka.core.TechnicalInformation.Field;
import weka.core.TechnicalInformation.Type;
import weka.core.TechnicalInformationHandler;
import weka.core.Utils;
import weka.core.WeightedInstancesHandler;
import weka.filters.Filter;
import weka.filters.unsupervised.attribute.NominalToBinary;
import weka.filters.unsupervised.attribute.RemoveUseless;
import weka.filters.unsupervised.attribute.ReplaceMissingValues;

/**
 * <!-- globalinfo-start --> SM-EM: penalized linear models (logistic regression, linear SVM, linear regression)
 * fitted by scale-mixture EM, with the penalty weight λ chosen automatically along a regularization path. <!--
 * globalinfo-end -->
 *
 * <p>A thin adapter over the SM-EM engine ({@code io.smem}): all numerical work happens in the engine. This class
 * does Weka's part: options, capabilities, preprocessing (missing values, useless attributes, nominal → indicator
 * attributes, stored and reapplied at prediction time), instance weights, class-index mapping, the model printout,
 * additional measures and the Explorer's Stop button.
 *
 * <p>λ: {@code -lambda L} with L &gt; 0 fits that single λ; without {@code -lambda} (or with L ≤ 0, the default 0)
 * λ is selected automatically along a path of {@code -num-lambdas} values by {@code -select}.
 *
 * <!-- options-start --> Valid options are listed by {@link #listOptions()}. <!-- options-end -->
 */
public class SMEM extends RandomizableClassifier
  implements TechnicalInformationHandler, WeightedInstancesHandler, AdditionalMeasureProducer {

  static final long serialVersionUID = -3958127318204663541L;

  // ---- enumerations (SelectedTag: a combo box in the GUI, a name on the command line) ---------------------------

  public static final int LOSS_LOGISTIC = 0;
  public static final int LOSS_HINGE = 1;
  public static final int LOSS_SQUARED = 2;
  /** Loss functions; the ID string is the command-line spelling. */
  public static final Tag[] TAGS_LOSS = {
    new Tag(LOSS_LOGISTIC, "logistic", "logistic (probabilities; multinomial for > 2 classes)", false),
    new Tag(LOSS_HINGE, "hinge", "hinge (linear SVM; one-vs-rest for > 2 classes)", false),
    new Tag(LOSS_SQUARED, "squared", "squared (linear regression; numeric class)", false)};

  public static final int PENALTY_RIDGE = 0;
  public static final int PENALTY_LASSO = 1;
  public static final int PENALTY_ELASTICNET = 2;
  public static final int PENALTY_BRIDGE = 3;
  /** Penalties. */
  public static final Tag[] TAGS_PENALTY = {
    new Tag(PENALTY_RIDGE, "ridge", "ridge (L2)", false),
    new Tag(PENALTY_LASSO, "lasso", "lasso (L1, sparse)", false),
    new Tag(PENALTY_ELASTICNET, "elasticnet", "elastic net (alpha L1 + (1 - alpha) L2)", false),
    new Tag(PENALTY_BRIDGE, "bridge", "bridge (|b|^q)", false)};

  public static final int SELECT_CV_MIN = 0;
  public static final int SELECT_CV_1SE = 1;
  public static final int SELECT_AIC = 2;
  public static final int SELECT_BIC = 3;
  public static final int SELECT_EBIC = 4;
  /** λ-selection rules. */
  public static final Tag[] TAGS_SELECTION = {
    new Tag(SELECT_CV_MIN, "cv-min", "cross-validation, minimum deviance", false),
    new Tag(SELECT_CV_1SE, "cv-1se", "cross-validation, one-standard-error rule", false),
    new Tag(SELECT_AIC, "aic", "AIC", false),
    new Tag(SELECT_BIC, "bic", "BIC", false),
    new Tag(SELECT_EBIC, "ebic", "extended BIC", false)};

  public static final int ACCEL_AUTO = 0;
  public static final int ACCEL_NEWTON = 1;
  public static final int ACCEL_RESTART = 2;
  public static final int ACCEL_SQUAREM = 3;
  public static final int ACCEL_NESTEROV = 4;
  public static final int ACCEL_NONE = 5;
  /** EM accelerations. */
  public static final Tag[] TAGS_ACCELERATION = {
    new Tag(ACCEL_AUTO, "auto", "auto (newton for logistic/squared, restart for hinge)", false),
    new Tag(ACCEL_NEWTON, "newton", "EM-safeguarded Newton (smooth losses)", false),
    new Tag(ACCEL_RESTART, "restart", "Nesterov with restart", false),
    new Tag(ACCEL_SQUAREM, "squarem", "SQUAREM", false),
    new Tag(ACCEL_NESTEROV, "nesterov", "Nesterov", false),
    new Tag(ACCEL_NONE, "none", "none (plain EM)", false)};

  public static final int SOLVER_AUTO = 0;
  public static final int SOLVER_CHOLESKY = 1;
  public static final int SOLVER_CG = 2;
  public static final int SOLVER_WOODBURY = 3;
  /** M-step solvers. */
  public static final Tag[] TAGS_SOLVER = {
    new Tag(SOLVER_AUTO, "auto", "auto", false),
    new Tag(SOLVER_CHOLESKY, "cholesky", "Cholesky", false),
    new Tag(SOLVER_CG, "cg", "conjugate gradients", false),
    new Tag(SOLVER_WOODBURY, "woodbury", "Woodbury (dual, for many more attributes than instances)", false)};

  // ---- defaults ------------------------------------------------------------------------------------------------

  public static final double DEFAULT_ALPHA = 0.5;
  public static final double DEFAULT_BRIDGE_Q = 0.5;
  public static final int DEFAULT_FOLDS = PathOptions.DEFAULT_FOLDS;
  public static final int DEFAULT_NUM_LAMBDAS = PathOptions.DEFAULT_NUM_LAMBDAS;
  public static final double DEFAULT_TOLERANCE = FitOptions.DEFAULT_TOLERANCE;
  public static final double DEFAULT_KKT_TOLERANCE = FitOptions.DEFAULT_KKT_TOLERANCE;
  public static final int DEFAULT_MAX_ITERATIONS = FitOptions.DEFAULT_MAX_ITERATIONS;

  /** The message of the exception thrown when the training thread is interrupted (Explorer's Stop button). */
  public static final String INTERRUPTED_MESSAGE = "SM-EM: training interrupted by user";

  // ---- options (plain values only: the object is serialized with the model) ------------------------------------

  protected int m_Loss = LOSS_LOGISTIC;
  protected int m_Penalty = PENALTY_RIDGE;
  protected double m_Alpha = DEFAULT_ALPHA;
  protected double m_BridgeQ = DEFAULT_BRIDGE_Q;
  /** λ &gt; 0: fixed; λ ≤ 0: automatic selection along the path. */
  protected double m_Lambda = 0;
  protected int m_Selection = SELECT_CV_MIN;
  protected int m_NumFolds = DEFAULT_FOLDS;
  protected int m_NumLambdas = DEFAULT_NUM_LAMBDAS;
  /** λ_min / λ_max; ≤ 0 means the engine's default (1e-4 if n &gt; p, else 1e-2). */
  protected double m_LambdaMinRatio = 0;
  protected boolean m_Standardize = true;
  protected int m_Acceleration = ACCEL_AUTO;
  protected double m_Tolerance = DEFAULT_TOLERANCE;
  protected double m_KktTolerance = DEFAULT_KKT_TOLERANCE;
  protected int m_MaxIterations = DEFAULT_MAX_ITERATIONS;
  protected int m_Solver = SOLVER_AUTO;
  /** Threads for the cross-validation folds; ≤ 0 means all available processors. */
  protected int m_NumExecutionSlots = 0;

  // ---- the trained model ---------------------------------------------------------------------------------------

  /** The training header (no instances); null before training. */
  protected Instances m_Header;
  protected ReplaceMissingValues m_ReplaceMissing;
  protected RemoveUseless m_RemoveUseless;
  protected NominalToBinary m_NominalToBinary;
  /** Header after preprocessing. */
  protected Instances m_FilteredHeader;
  /** Attribute index (in m_FilteredHeader) of every model column. */
  protected int[] m_FeatureIndex;
  /** Names of the model columns ({@code attr=value} for indicators). */
  protected String[] m_FeatureNames;
  /** Weka class index of every engine class index (identity unless a class is absent from the training data). */
  protected int[] m_ModelClasses;
  protected boolean m_NumericClass;
  protected int m_NumWekaClasses;
  /** Coefficients [model row][column], original units. */
  protected double[][] m_Coefficients;
  protected double[] m_Intercepts;
  /** Non-null when the model is a constant: the distribution (or, for a numeric class, the value) it predicts. */
  protected double[] m_ConstantPrediction;
  protected String m_ConstantReason;
  /** Loss of the trained model (the option may change after training). */
  protected int m_TrainedLoss;
  protected int m_TrainedPenalty;
  protected double m_TrainedAlpha;
  protected double m_TrainedBridgeQ;
  protected boolean m_TrainedStandardize;
  protected double m_SelectedLambda = Double.NaN;
  /** How λ was obtained, in words. */
  protected String m_SelectionDescription;
  protected String m_FallbackNote;
  protected int m_Iterations;
  protected boolean m_Converged;
  protected String m_ConvergenceMessage;
  protected double m_KktResidual;
  protected double m_Objective;
  protected String m_AccelerationUsed;
  protected String m_SolverUsed;
  protected int m_TrainingRows;
  /** The regularization path; null for a fixed λ or a constant model. */
  protected PathSummary m_Path;
  protected boolean m_Built;

  /** Creates the classifier with the default, tuning-free settings. */
  public SMEM() {
    super();
    setNumDecimalPlaces(4);
  }

  /**
   * Runs the classifier from the command line, e.g. {@code weka.Run -no-scan weka.classifiers.functions.SMEM -t
   * data.arff}.
   */
  public static void main(String[] argv) {
    runClassifier(new SMEM(), argv);
  }

  // ---- documentation -------------------------------------------------------------------------------------------

  /** The About text of the GUI. */
  public String globalInfo() {
    return "SM-EM: penalized linear models fitted by scale-mixture EM, with the penalty weight lambda chosen "
      + "automatically along a regularization path.\n\n"
      + "Losses: logistic (calibrated class probabilities; multinomial for more than two classes), hinge (a "
      + "linear SVM; one-vs-rest for more than two classes) and squared (linear regression, numeric class). "
      + "Penalties: ridge, lasso, elastic net and bridge; the intercepts are never penalized.\n\n"
      + "Defaults (tuning-free): logistic loss with a ridge penalty, lambda chosen by 10-fold cross-validation "
      + "(minimum held-out deviance) over a path of 40 values, attributes standardized inside the fit, automatic "
      + "EM acceleration, seed 1. Set lambda > 0 to fit a single, fixed lambda instead.\n\n"
      + "Missing values are replaced by training means/modes, useless attributes removed and nominal attributes "
      + "turned into attr=value indicators; the same fitted filters are applied at prediction time. Instance "
      + "weights are honoured. The printed coefficients are in the original units of the attributes.\n\n"
      + "For more information see:\n\n" + getTechnicalInformation().toString();
  }

  @Override
  public TechnicalInformation getTechnicalInformation() {
    TechnicalInformation result = new TechnicalInformation(Type.ARTICLE);
    result.setValue(Field.AUTHOR, "N. Polson and V. Sokolov");
    result.setValue(Field.TITLE, "Fast Compute for ML Optimization");
    result.setValue(Field.JOURNAL, "arXiv preprint arXiv:2602.14280");
    result.setValue(Field.YEAR, "2026");
    result.setValue(Field.URL, "https://arxiv.org/abs/2602.14280");
    return result;
  }

  @Override
  public String getRevision() {
    return RevisionUtils.extract("$Revision: 1 $");
  }

  // ---- capabilities --------------------------------------------------------------------------------------------

  /**
   * Nominal, numeric and date attributes with missing values; a nominal class (binary or multi-class) for the
   * logistic and hinge losses, a numeric class for the squared loss (the other class type is declared a
   * dependency: available with another loss).
   */
  @Override
  public Capabilities getCapabilities() {
    Capabilities result = super.getCapabilities();
    result.disableAll();
    result.enable(Capability.NOMINAL_ATTRIBUTES);
    result.enable(Capability.NUMERIC_ATTRIBUTES);
    result.enable(Capability.DATE_ATTRIBUTES);
    result.enable(Capability.MISSING_VALUES);
    // The other class type is a dependency: handled after a change of loss, so the Explorer's Choose tree shows
    // SMEM as "maybe" (blue) instead of unusable (grey) for it; testWithFail still refuses it.
    if (m_Loss == LOSS_SQUARED) {
      result.enable(Capability.NUMERIC_CLASS);
      result.enableDependency(Capability.NOMINAL_CLASS);
    } else {
      result.enable(Capability.NOMINAL_CLASS);
      result.enableDependency(Capability.NUMERIC_CLASS);
    }
    result.enable(Capability.MISSING_CLASS_VALUES);
    result.setMinimumNumberInstances(1);
    return result;
  }

  // ---- options -------------------------------------------------------------------------------------------------

  @Override
  public Enumeration<Option> listOptions() {
    Vector<Option> v = new Vector<Option>();
    v.addElement(new Option("\tLoss: logistic, hinge or squared (numeric class).\n\t(default logistic)", "loss", 1,
      "-loss <logistic|hinge|squared>"));
    v.addElement(new Option("\tPenalty: ridge, lasso, elasticnet or bridge.\n\t(default ridge)", "penalty", 1,
      "-penalty <ridge|lasso|elasticnet|bridge>"));
    v.addElement(new Option("\tElastic-net mixing alpha in [0, 1] (1 = lasso, 0 = ridge).\n\t(default "
      + DEFAULT_ALPHA + ")", "alpha", 1, "-alpha <a>"));
    v.addElement(new Option("\tBridge exponent q in (0, 2).\n\t(default " + DEFAULT_BRIDGE_Q + ")", "bridge-q", 1,
      "-bridge-q <q>"));
    v.addElement(new Option("\tFixed penalty weight lambda > 0. Absent, or <= 0: lambda is chosen\n"
      + "\tautomatically along the regularization path (see -select).\n\t(default: automatic)", "lambda", 1,
      "-lambda <lambda>"));
    v.addElement(new Option("\tHow lambda is chosen: cv-min, cv-1se, aic, bic or ebic.\n"
      + "\t(AIC/BIC/EBIC need a likelihood: not for the hinge loss.)\n\t(default cv-min)", "select", 1,
      "-select <cv-min|cv-1se|aic|bic|ebic>"));
    v.addElement(new Option("\tCross-validation folds for the cv rules.\n\t(default " + DEFAULT_FOLDS + ")", "folds",
      1, "-folds <K>"));
    v.addElement(new Option("\tNumber of lambda values on the path.\n\t(default " + DEFAULT_NUM_LAMBDAS + ")",
      "num-lambdas", 1, "-num-lambdas <N>"));
    v.addElement(new Option("\tSmallest lambda as a fraction of lambda_max, in (0, 1); <= 0: 1e-4 if there\n"
      + "\tare more instances than attributes, else 1e-2.\n\t(default 0 = automatic)", "lambda-min-ratio", 1,
      "-lambda-min-ratio <r>"));
    v.addElement(new Option("\tDo not standardize the attributes (penalize raw-scale coefficients).", "no-standardize",
      0, "-no-standardize"));
    v.addElement(new Option("\tEM acceleration: auto, newton, restart, squarem, nesterov or none.\n"
      + "\t(default auto: newton for logistic/squared, restart for hinge)", "acceleration", 1,
      "-acceleration <auto|newton|restart|squarem|nesterov|none>"));
    v.addElement(new Option("\tStop when the relative objective change is below this...\n\t(default "
      + DEFAULT_TOLERANCE + ")", "tolerance", 1, "-tolerance <t>"));
    v.addElement(new Option("\t...and the KKT residual is below this.\n\t(default " + DEFAULT_KKT_TOLERANCE + ")",
      "kkt-tolerance", 1, "-kkt-tolerance <t>"));
    v.addElement(new Option("\tMaximum EM iterations per fit.\n\t(default " + DEFAULT_MAX_ITERATIONS + ")",
      "max-iterations", 1, "-max-iterations <N>"));
    v.addElement(new Option("\tM-step solver: auto, cholesky, cg or woodbury.\n\t(default auto)", "solver", 1,
      "-solver <auto|cholesky|cg|woodbury>"));
    v.addElement(new Option("\tThreads for the cross-validation folds; 0 = all processors.\n"
      + "\tResults do not depend on it.\n\t(default 0)", "num-slots", 1, "-num-slots <T>"));
    v.addAll(Collections.list(super.listOptions()));
    return v.elements();
  }

  /**
   * Parses the options; an absent option takes its default (so {@code -lambda} absent means automatic λ).
   */
  @Override
  public void setOptions(String[] options) throws Exception {
    String s = Utils.getOption("loss", options);
    m_Loss = s.isEmpty() ? LOSS_LOGISTIC : parseTag(s, TAGS_LOSS, "-loss");
    s = Utils.getOption("penalty", options);
    m_Penalty = s.isEmpty() ? PENALTY_RIDGE : parseTag(s, TAGS_PENALTY, "-penalty");
    s = Utils.getOption("alpha", options);
    setAlpha(s.isEmpty() ? DEFAULT_ALPHA : parseDouble(s, "-alpha"));
    s = Utils.getOption("bridge-q", options);
    setBridgeQ(s.isEmpty() ? DEFAULT_BRIDGE_Q : parseDouble(s, "-bridge-q"));
    s = Utils.getOption("lambda", options);
    setLambda(s.isEmpty() ? 0 : parseDouble(s, "-lambda"));
    s = Utils.getOption("select", options);
    m_Selection = s.isEmpty() ? SELECT_CV_MIN : parseTag(s, TAGS_SELECTION, "-select");
    s = Utils.getOption("folds", options);
    setNumFolds(s.isEmpty() ? DEFAULT_FOLDS : parseInt(s, "-folds"));
    s = Utils.getOption("num-lambdas", options);
    setNumLambdas(s.isEmpty() ? DEFAULT_NUM_LAMBDAS : parseInt(s, "-num-lambdas"));
    s = Utils.getOption("lambda-min-ratio", options);
    setLambdaMinRatio(s.isEmpty() ? 0 : parseDouble(s, "-lambda-min-ratio"));
    setStandardize(!Utils.getFlag("no-standardize", options));
    s = Utils.getOption("acceleration", options);
    m_Acceleration = s.isEmpty() ? ACCEL_AUTO : parseTag(s, TAGS_ACCELERATION, "-acceleration");
    s = Utils.getOption("tolerance", options);
    setTolerance(s.isEmpty() ? DEFAULT_TOLERANCE : parseDouble(s, "-tolerance"));
    s = Utils.getOption("kkt-tolerance", options);
    setKktTolerance(s.isEmpty() ? DEFAULT_KKT_TOLERANCE : parseDouble(s, "-kkt-tolerance"));
    s = Utils.getOption("max-iterations", options);
    setMaxIterations(s.isEmpty() ? DEFAULT_MAX_ITERATIONS : parseInt(s, "-max-iterations"));
    s = Utils.getOption("solver", options);
    m_Solver = s.isEmpty() ? SOLVER_AUTO : parseTag(s, TAGS_SOLVER, "-solver");
    s = Utils.getOption("num-slots", options);
    setNumExecutionSlots(s.isEmpty() ? 0 : parseInt(s, "-num-slots"));
    // AbstractClassifier leaves an absent -num-decimal-places unchanged; ours defaults to 4 (like Logistic).
    s = Utils.getOption("num-decimal-places", options);
    setNumDecimalPlaces(s.isEmpty() ? 4 : parseInt(s, "-num-decimal-places"));
    super.setOptions(options);
  }

  /**
   * The current options. The model options are always given; path options only when λ is automatic (or when
   * they differ from the defaults); optimizer options only when they differ from the defaults.
   */
  @Override
  public String[] getOptions() {
    List<String> o = new ArrayList<String>();
    o.add("-loss");
    o.add(tagName(m_Loss, TAGS_LOSS));
    o.add("-penalty");
    o.add(tagName(m_Penalty, TAGS_PENALTY));
    if (m_Penalty == PENALTY_ELASTICNET || m_Alpha != DEFAULT_ALPHA) {
      o.add("-alpha");
      o.add("" + m_Alpha);
    }
    if (m_Penalty == PENALTY_BRIDGE || m_BridgeQ != DEFAULT_BRIDGE_Q) {
      o.add("-bridge-q");
      o.add("" + m_BridgeQ);
    }
    boolean automatic = !(m_Lambda > 0);
    if (!automatic) {
      o.add("-lambda");
      o.add("" + m_Lambda);
    }
    if (automatic || m_Selection != SELECT_CV_MIN) {
      o.add("-select");
      o.add(tagName(m_Selection, TAGS_SELECTION));
    }
    if (automatic || m_NumFolds != DEFAULT_FOLDS) {
      o.add("-folds");
      o.add("" + m_NumFolds);
    }
    if (automatic || m_NumLambdas != DEFAULT_NUM_LAMBDAS) {
      o.add("-num-lambdas");
      o.add("" + m_NumLambdas);
    }
    if (m_LambdaMinRatio > 0) {
      o.add("-lambda-min-ratio");
      o.add("" + m_LambdaMinRatio);
    }
    if (!m_Standardize) {
      o.add("-no-standardize");
    }
    if (m_Acceleration != ACCEL_AUTO) {
      o.add("-acceleration");
      o.add(tagName(m_Acceleration, TAGS_ACCELERATION));
    }
    if (m_Tolerance != DEFAULT_TOLERANCE) {
      o.add("-tolerance");
      o.add("" + m_Tolerance);
    }
    if (m_KktTolerance != DEFAULT_KKT_TOLERANCE) {
      o.add("-kkt-tolerance");
      o.add("" + m_KktTolerance);
    }
    if (m_MaxIterations != DEFAULT_MAX_ITERATIONS) {
      o.add("-max-iterations");
      o.add("" + m_MaxIterations);
    }
    if (m_Solver != SOLVER_AUTO) {
      o.add("-solver");
      o.add(tagName(m_Solver, TAGS_SOLVER));
    }
    if (m_NumExecutionSlots > 0) {
      o.add("-num-slots");
      o.add("" + m_NumExecutionSlots);
    }
    Collections.addAll(o, super.getOptions());
    return o.toArray(new String[0]);
  }

  private static int parseTag(String s, Tag[] tags, String option) throws Exception {
    for (Tag t : tags) {
      if (t.getIDStr().equalsIgnoreCase(s) || t.getReadable().equalsIgnoreCase(s)) {
        return t.getID();
      }
    }
    try {
      int id = Integer.parseInt(s.trim());
      for (Tag t : tags) {
        if (t.getID() == id) {
          return id;
        }
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    StringBuilder names = new StringBuilder();
    for (Tag t : tags) {
      names.append(names.length() == 0 ? "" : ", ").append(t.getIDStr());
    }
    throw new Exception("SM-EM: unknown value '" + s + "' for " + option + " (" + names + ")");
  }

  private static String tagName(int id, Tag[] tags) {
    for (Tag t : tags) {
      if (t.getID() == id) {
        return t.getIDStr();
      }
    }
    throw new IllegalStateException("no tag " + id);
  }

  private static double parseDouble(String s, String option) throws Exception {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new Exception("SM-EM: " + option + " needs a number, got '" + s + "'");
    }
  }

  private static int parseInt(String s, String option) throws Exception {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new Exception("SM-EM: " + option + " needs an integer, got '" + s + "'");
    }
  }

  private static int selectedId(SelectedTag tag, Tag[] expected) {
    if (tag.getTags() != expected) {
      // a tag from an equal array (e.g. after deserialization of a GUI setting): match by ID string
      for (Tag t : expected) {
        if (t.getIDStr().equals(tag.getSelectedTag().getIDStr())) {
          return t.getID();
        }
      }
      throw new IllegalArgumentException("unknown tag " + tag.getSelectedTag().getIDStr());
    }
    return tag.getSelectedTag().getID();
  }

  // ---- bean properties (GUI) -----------------------------------------------------------------------------------

  public String lossTipText() {
    return "The loss: logistic (calibrated class probabilities; multinomial for more than two classes), hinge (a "
      + "linear SVM, one-vs-rest for more than two classes) or squared (linear regression; needs a numeric class).";
  }

  public SelectedTag getLoss() {
    return new SelectedTag(m_Loss, TAGS_LOSS);
  }

  public void setLoss(SelectedTag value) {
    m_Loss = selectedId(value, TAGS_LOSS);
  }

  public String penaltyTipText() {
    return "The penalty on the (standardized) coefficients: ridge, lasso (exact zeros), elastic net (see alpha) "
      + "or bridge (see bridgeQ). The intercepts are never penalized.";
  }

  public SelectedTag getPenalty() {
    return new SelectedTag(m_Penalty, TAGS_PENALTY);
  }

  public void setPenalty(SelectedTag value) {
    m_Penalty = selectedId(value, TAGS_PENALTY);
  }

  public String alphaTipText() {
    return "Elastic-net mixing in [0, 1]: alpha * L1 + (1 - alpha) * L2 / 2 (1 = lasso, 0 = ridge). Used by the "
      + "elastic-net penalty only.";
  }

  public double getAlpha() {
    return m_Alpha;
  }

  public void setAlpha(double value) {
    m_Alpha = value;
  }

  public String bridgeQTipText() {
    return "Exponent q in (0, 2) of the bridge penalty |b|^q (q < 1: non-convex, sparse). Used by the bridge "
      + "penalty only.";
  }

  public double getBridgeQ() {
    return m_BridgeQ;
  }

  public void setBridgeQ(double value) {
    m_BridgeQ = value;
  }

  public String lambdaTipText() {
    return "The penalty weight lambda. 0 (the default) or any value <= 0: lambda is chosen automatically along the "
      + "regularization path by the selection rule. A value > 0 fits that single lambda (no path).";
  }

  public double getLambda() {
    return m_Lambda;
  }

  public void setLambda(double value) {
    m_Lambda = value;
  }

  public String selectionRuleTipText() {
    return "How lambda is chosen from the path when lambda <= 0: cross-validation with the minimum mean held-out "
      + "deviance (default), cross-validation with the one-standard-error rule (a simpler model), or AIC, BIC, "
      + "extended BIC on the training data (no cross-validation; not for the hinge loss).";
  }

  public SelectedTag getSelectionRule() {
    return new SelectedTag(m_Selection, TAGS_SELECTION);
  }

  public void setSelectionRule(SelectedTag value) {
    m_Selection = selectedId(value, TAGS_SELECTION);
  }

  public String numFoldsTipText() {
    return "Number of cross-validation folds (stratified, shuffled with the seed) for the cross-validation rules. "
      + "Reduced to the number of training instances if there are fewer.";
  }

  public int getNumFolds() {
    return m_NumFolds;
  }

  public void setNumFolds(int value) {
    m_NumFolds = value;
  }

  public String numLambdasTipText() {
    return "Number of lambda values on the path, log-spaced from lambda_max (the smallest lambda that zeroes "
      + "every lasso coefficient) down to lambda_max * lambdaMinRatio.";
  }

  public int getNumLambdas() {
    return m_NumLambdas;
  }

  public void setNumLambdas(int value) {
    m_NumLambdas = value;
  }

  public String lambdaMinRatioTipText() {
    return "Smallest lambda on the path as a fraction of lambda_max, in (0, 1). 0 (default) or less: 1e-4 when "
      + "there are more instances than attributes, else 1e-2.";
  }

  public double getLambdaMinRatio() {
    return m_LambdaMinRatio;
  }

  public void setLambdaMinRatio(double value) {
    m_LambdaMinRatio = value;
  }

  public String standardizeTipText() {
    return "Standardize the attributes (weighted mean 0, standard deviation 1) inside the fit, so that the penalty "
      + "treats them alike. The printed coefficients are always in the original units.";
  }

  public boolean getStandardize() {
    return m_Standardize;
  }

  public void setStandardize(boolean value) {
    m_Standardize = value;
  }

  public String accelerationTipText() {
    return "How EM steps are accelerated: auto (EM-safeguarded Newton for the logistic and squared losses, "
      + "Nesterov with restart for the hinge), or a fixed method. Newton needs a smooth loss (not hinge).";
  }

  public SelectedTag getAcceleration() {
    return new SelectedTag(m_Acceleration, TAGS_ACCELERATION);
  }

  public void setAcceleration(SelectedTag value) {
    m_Acceleration = selectedId(value, TAGS_ACCELERATION);
  }

  public String toleranceTipText() {
    return "Convergence: stop when the relative change of the objective in an iteration is below this (and the "
      + "KKT residual is below kktTolerance).";
  }

  public double getTolerance() {
    return m_Tolerance;
  }

  public void setTolerance(double value) {
    m_Tolerance = value;
  }

  public String kktToleranceTipText() {
    return "Convergence: largest allowed violation of the optimality (KKT) conditions, on the standardized scale.";
  }

  public double getKktTolerance() {
    return m_KktTolerance;
  }

  public void setKktTolerance(double value) {
    m_KktTolerance = value;
  }

  public String maxIterationsTipText() {
    return "Maximum number of EM iterations per fit; a fit that reaches it is reported as not converged.";
  }

  public int getMaxIterations() {
    return m_MaxIterations;
  }

  public void setMaxIterations(int value) {
    m_MaxIterations = value;
  }

  public String solverTipText() {
    return "Linear solver of the M-step: auto (Cholesky for up to a few thousand attributes, the dual Woodbury form "
      + "when dense attributes outnumber instances twice, conjugate gradients beyond), Cholesky, conjugate gradients "
      + "or Woodbury.";
  }

  public SelectedTag getSolver() {
    return new SelectedTag(m_Solver, TAGS_SOLVER);
  }

  public void setSolver(SelectedTag value) {
    m_Solver = selectedId(value, TAGS_SOLVER);
  }

  public String numExecutionSlotsTipText() {
    return "Number of threads for the cross-validation folds; 0 (default) = all available processors. The "
      + "results do not depend on it.";
  }

  public int getNumExecutionSlots() {
    return m_NumExecutionSlots;
  }

  public void setNumExecutionSlots(int value) {
    m_NumExecutionSlots = value;
  }

  @Override
  public String seedTipText() {
    return "The random seed of the cross-validation fold assignment used to select lambda.";
  }

  // ---- training ------------------------------------------------------------------------------------------------

  private static void checkInterrupted() throws Exception {
    if (Thread.currentThread().isInterrupted()) {
      throw new Exception(INTERRUPTED_MESSAGE);
    }
  }

  private void clearModel() {
    m_Header = null;
    m_ReplaceMissing = null;
    m_RemoveUseless = null;
    m_NominalToBinary = null;
    m_FilteredHeader = null;
    m_FeatureIndex = null;
    m_FeatureNames = null;
    m_ModelClasses = null;
    m_Coefficients = null;
    m_Intercepts = null;
    m_ConstantPrediction = null;
    m_ConstantReason = null;
    m_SelectedLambda = Double.NaN;
    m_SelectionDescription = null;
    m_FallbackNote = null;
    m_Iterations = 0;
    m_Converged = false;
    m_ConvergenceMessage = null;
    m_KktResidual = Double.NaN;
    m_Objective = Double.NaN;
    m_AccelerationUsed = null;
    m_SolverUsed = null;
    m_TrainingRows = 0;
    m_Path = null;
    m_Built = false;
  }

  /** A clear message when the loss does not fit the class type (before the generic capability message). */
  private void checkLossMatchesClass(Instances data) throws Exception {
    if (data.classIndex() < 0) {
      throw new Exception("SM-EM: no class attribute is set");
    }
    Attribute cls = data.classAttribute();
    String loss = tagName(m_Loss, TAGS_LOSS);
    if (m_Loss == LOSS_SQUARED && !cls.isNumeric()) {
      throw new Exception("SM-EM: the squared loss needs a numeric class, but the class attribute '" + cls.name()
        + "' is " + Attribute.typeToString(cls) + "; use -loss logistic or -loss hinge for a nominal class");
    }
    if (m_Loss != LOSS_SQUARED && !cls.isNominal()) {
      throw new Exception("SM-EM: the " + loss + " loss needs a nominal class, but the class attribute '"
        + cls.name() + "' is " + Attribute.typeToString(cls) + "; use -loss squared for a numeric class");
    }
  }

  @Override
  public void buildClassifier(Instances data) throws Exception {
    clearModel();
    checkLossMatchesClass(data);
    if (!getDoNotCheckCapabilities()) {
      getCapabilities().testWithFail(data);
    }
    checkInterrupted();

    Instances train = new Instances(data);
    train.deleteWithMissingClass();
    if (train.numInstances() == 0) {
      throw new Exception("SM-EM: no training instances with a class value");
    }
    Instances header = new Instances(data, 0);

    ReplaceMissingValues replaceMissing = new ReplaceMissingValues();
    replaceMissing.setInputFormat(train);
    train = Filter.useFilter(train, replaceMissing);
    checkInterrupted();
    RemoveUseless removeUseless = new RemoveUseless();
    removeUseless.setInputFormat(train);
    train = Filter.useFilter(train, removeUseless);
    checkInterrupted();
    NominalToBinary nominalToBinary = new NominalToBinary();
    nominalToBinary.setInputFormat(train);
    train = Filter.useFilter(train, nominalToBinary);
    checkInterrupted();

    int classIndex = train.classIndex();
    int p = train.numAttributes() - 1;
    int[] featureIndex = new int[p];
    String[] featureNames = new String[p];
    int[] columnOf = new int[train.numAttributes()];
    for (int a = 0, j = 0; a < train.numAttributes(); a++) {
      if (a == classIndex) {
        columnOf[a] = -1;
        continue;
      }
      featureIndex[j] = a;
      featureNames[j] = train.attribute(a).name();
      columnOf[a] = j++;
    }

    // Rows with a positive weight (a zero weight contributes nothing and would only shrink CV folds).
    List<Instance> rows = new ArrayList<Instance>(train.numInstances());
    for (Instance inst : train) {
      if (inst.weight() > 0) {
        rows.add(inst);
      }
    }
    if (rows.isEmpty()) {
      throw new Exception("SM-EM: every training instance with a class value has weight 0");
    }
    int n = rows.size();
    boolean numeric = train.classAttribute().isNumeric();
    int numWekaClasses = numeric ? 0 : train.numClasses();

    // Classes present (positive total weight), in Weka's order: engine class k = k-th present Weka class.
    double[] classWeight = new double[Math.max(numWekaClasses, 1)];
    int[] classRows = new int[Math.max(numWekaClasses, 1)];
    if (!numeric) {
      for (Instance inst : rows) {
        classWeight[(int) inst.classValue()] += inst.weight();
        classRows[(int) inst.classValue()]++;
      }
    }
    int[] modelClasses = new int[0];
    int[] engineClassOf = new int[Math.max(numWekaClasses, 1)];
    if (!numeric) {
      List<Integer> present = new ArrayList<Integer>();
      for (int k = 0; k < numWekaClasses; k++) {
        engineClassOf[k] = -1;
        if (classWeight[k] > 0) {
          engineClassOf[k] = present.size();
          present.add(k);
        }
      }
      modelClasses = new int[present.size()];
      for (int k = 0; k < modelClasses.length; k++) {
        modelClasses[k] = present.get(k);
      }
    }

    m_Header = header;
    m_ReplaceMissing = replaceMissing;
    m_RemoveUseless = removeUseless;
    m_NominalToBinary = nominalToBinary;
    m_FilteredHeader = new Instances(train, 0);
    m_FeatureIndex = featureIndex;
    m_FeatureNames = featureNames;
    m_ModelClasses = modelClasses;
    m_NumericClass = numeric;
    m_NumWekaClasses = numWekaClasses;
    m_TrainedLoss = m_Loss;
    m_TrainedPenalty = m_Penalty;
    m_TrainedAlpha = m_Alpha;
    m_TrainedBridgeQ = m_BridgeQ;
    m_TrainedStandardize = m_Standardize;
    m_TrainingRows = n;

    // Nothing to fit: no attributes left, or fewer than two classes.
    if (p == 0 || (!numeric && modelClasses.length < 2) || (numeric && n < 2)) {
      buildConstantModel(rows, numeric, classWeight,
        p == 0 ? "no usable attributes are left after preprocessing (missing, constant or ID-like attributes are "
          + "removed)" : numeric ? "there is a single training instance" : "the training data contains a single class");
      m_Built = true;
      return;
    }

    double[] response = new double[n];
    double[] weights = new double[n];
    boolean unitWeights = true;
    for (int i = 0; i < n; i++) {
      Instance inst = rows.get(i);
      response[i] = numeric ? inst.classValue() : engineClassOf[(int) inst.classValue()];
      weights[i] = inst.weight();
      unitWeights &= weights[i] == 1.0;
    }
    DesignMatrix x = designMatrix(rows, columnOf, p);
    checkInterrupted();
    TrainingData td;
    try {
      td = new TrainingData(x, response, numeric ? 0 : modelClasses.length, unitWeights ? null : weights);
    } catch (IllegalArgumentException e) {
      throw new Exception("SM-EM: " + e.getMessage(), e);
    }

    try {
      fit(td, numeric, classRows, engineClassOf);
    } catch (FitInterruptedException e) {
      clearModel();
      Exception ex = new Exception(INTERRUPTED_MESSAGE);
      ex.initCause(e);
      throw ex;
    } catch (IllegalArgumentException e) {
      clearModel();
      throw new Exception("SM-EM: " + e.getMessage(), e);
    }
    m_Built = true;
  }

  /** Dense, or CSR when at most 10% of the entries are non-zero. */
  private static DesignMatrix designMatrix(List<Instance> rows, int[] columnOf, int p) throws Exception {
    int n = rows.size();
    long nnz = 0;
    for (Instance inst : rows) {
      for (int v = 0; v < inst.numValues(); v++) {
        int col = columnOf[inst.index(v)];
        if (col >= 0 && inst.valueSparse(v) != 0) {
          nnz++;
        }
      }
    }
    if ((long) n * p > Integer.MAX_VALUE - 8 && nnz > Integer.MAX_VALUE - 8) {
      throw new Exception("SM-EM: the data is too large (" + n + " x " + p + ")");
    }
    boolean sparse = nnz <= 0.1 * n * (double) p || (long) n * p > Integer.MAX_VALUE - 8;
    if (!sparse) {
      double[] values = new double[n * p];
      for (int i = 0; i < n; i++) {
        Instance inst = rows.get(i);
        for (int v = 0; v < inst.numValues(); v++) {
          int col = columnOf[inst.index(v)];
          if (col >= 0) {
            values[i * p + col] = inst.valueSparse(v);
          }
        }
        if ((i & 1023) == 1023) {
          checkInterrupted();
        }
      }
      return new DenseMatrix(n, p, values);
    }
    int[] rowStart = new int[n + 1];
    int[] colIndex = new int[(int) nnz];
    double[] values = new double[(int) nnz];
    int k = 0;
    for (int i = 0; i < n; i++) {
      Instance inst = rows.get(i);
      rowStart[i] = k;
      for (int v = 0; v < inst.numValues(); v++) {
        int col = columnOf[inst.index(v)];
        double value = inst.valueSparse(v);
        if (col >= 0 && value != 0) {
          colIndex[k] = col;
          values[k] = value;
          k++;
        }
      }
    }
    rowStart[n] = k;
    return new CsrMatrix(n, p, rowStart, colIndex, values);
  }

  private void buildConstantModel(List<Instance> rows, boolean numeric, double[] classWeight, String reason) {
    m_ConstantReason = reason;
    if (numeric) {
      double sum = 0;
      double total = 0;
      for (Instance inst : rows) {
        sum += inst.weight() * inst.classValue();
        total += inst.weight();
      }
      m_ConstantPrediction = new double[] {sum / total};
      return;
    }
    double[] dist = classWeight.clone();
    if (m_Loss == LOSS_HINGE) {
      int best = Utils.maxIndex(dist);
      dist = new double[dist.length];
      dist[best] = 1;
    } else {
      Utils.normalize(dist);
    }
    m_ConstantPrediction = dist;
  }

  FitOptions fitOptions(double lambda) {
    Penalty penalty;
    switch (m_Penalty) {
      case PENALTY_LASSO:
        penalty = Penalty.lasso();
        break;
      case PENALTY_ELASTICNET:
        penalty = Penalty.elasticNet(m_Alpha);
        break;
      case PENALTY_BRIDGE:
        penalty = Penalty.bridge(m_BridgeQ);
        break;
      default:
        penalty = Penalty.ridge();
    }
    return new FitOptions(Loss.byName(tagName(m_Loss, TAGS_LOSS)), penalty, lambda, m_Standardize, true,
      Acceleration.fromCli(tagName(m_Acceleration, TAGS_ACCELERATION)), m_Tolerance, m_KktTolerance,
      m_MaxIterations, SolverChoice.fromCli(tagName(m_Solver, TAGS_SOLVER)));
  }

  /** The path options for {@code rows} training rows (folds reduced to the row count). */
  PathOptions pathOptions(SelectionRule rule, int rows) {
    if (m_NumLambdas < 1) {
      throw new IllegalArgumentException("the number of lambda values must be >= 1, got " + m_NumLambdas);
    }
    if (rule.usesCrossValidation() && m_NumFolds < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + m_NumFolds);
    }
    int folds = Math.min(m_NumFolds, rows);
    int threads = m_NumExecutionSlots > 0 ? m_NumExecutionSlots : Runtime.getRuntime().availableProcessors();
    double ratio = m_LambdaMinRatio > 0 ? m_LambdaMinRatio : Double.NaN;
    return new PathOptions(m_NumLambdas, ratio, null, rule, Math.max(folds, 2), getSeed(), threads);
  }

  private void fit(TrainingData td, boolean numeric, int[] classRows, int[] engineClassOf) throws Exception {
    if (m_Lambda > 0) {
      FitResult fit = SmEm.fit(td, fitOptions(m_Lambda));
      storeSelected(fit);
      m_SelectionDescription = "fixed by the user (-lambda)";
      return;
    }
    SelectionRule rule = SelectionRule.fromCli(tagName(m_Selection, TAGS_SELECTION));
    int n = td.rows();
    pathOptions(rule, n); // validates the path options before any fallback
    if (rule.usesCrossValidation()) {
      // Cross-validation needs every training fold to keep two classes (two-class data with a singleton class
      // cannot) and at least two rows.
      boolean feasible = n >= 2 && Math.min(m_NumFolds, n) >= 2;
      if (!numeric && td.numClasses() == 2) {
        for (int k = 0; k < engineClassOf.length; k++) {
          if (engineClassOf[k] >= 0 && classRows[k] < 2) {
            feasible = false;
          }
        }
      }
      if (!feasible) {
        fallback(td, rule);
        return;
      }
    }
    FitOptions base = fitOptions(0);
    PathOptions po = pathOptions(rule, n);
    ProgressListener progress = null;
    if (getDebug()) {
      progress = (stage, done, total) -> {
        if (done == total || done % Math.max(1, total / 10) == 0) {
          System.err.println("SMEM: " + stage + " " + done + "/" + total);
        }
      };
    }
    PathResult path = RegularizationPath.fit(td, base, po, progress);
    storeSelected(path.selectedFit());
    m_SelectedLambda = path.selectedLambda();
    m_Path = summarize(path);
    m_SelectionDescription = describe(rule, path.folds());
  }

  /**
   * λ when cross-validation is impossible (a two-class problem with a single instance of one class, or one row):
   * BIC for the likelihood-based losses, the middle of the default grid for the hinge loss.
   */
  private void fallback(TrainingData td, SelectionRule requested) {
    FitOptions base = fitOptions(0);
    if (m_Loss != LOSS_HINGE) {
      PathResult path = RegularizationPath.fit(td, base, pathOptions(SelectionRule.BIC, td.rows()), null);
      storeSelected(path.selectedFit());
      m_SelectedLambda = path.selectedLambda();
      m_Path = summarize(path);
      m_SelectionDescription = describe(SelectionRule.BIC, 0);
    } else {
      SmEm.Prepared prepared = SmEm.prepare(td, base);
      double ratio = m_LambdaMinRatio > 0 ? m_LambdaMinRatio : Double.NaN;
      double[] grid = RegularizationPath.grid(prepared, base, Math.max(m_NumLambdas, 1), ratio);
      double lambda = grid[grid.length / 2];
      storeSelected(SmEm.fit(prepared, base.withLambda(lambda), null));
      m_SelectionDescription = "the middle of the default path (no likelihood for an information criterion)";
    }
    m_FallbackNote = "cross-validation (" + requested.cliName() + ") was impossible: "
      + (td.rows() < 2 ? "fewer than two training instances" : "a class has a single training instance");
  }

  private String describe(SelectionRule rule, int folds) {
    switch (rule) {
      case CV_MIN:
        return folds + "-fold cross-validation, minimum mean held-out deviance (seed " + getSeed() + ")";
      case CV_1SE:
        return folds + "-fold cross-validation, largest lambda within one standard error of the minimum (seed "
          + getSeed() + ")";
      case AIC:
        return "AIC on the training data";
      case BIC:
        return "BIC on the training data";
      default:
        return "extended BIC (gamma = " + RegularizationPath.EBIC_GAMMA + ") on the training data";
    }
  }

  private void storeSelected(FitResult fit) {
    m_Coefficients = fit.coefficients();
    m_Intercepts = fit.intercepts();
    m_SelectedLambda = fit.lambda();
    m_Iterations = fit.iterations();
    m_Converged = fit.converged();
    m_ConvergenceMessage = fit.message();
    m_KktResidual = fit.kktResidual();
    m_Objective = fit.objective();
    m_AccelerationUsed = fit.acceleration();
    m_SolverUsed = fit.solver();
  }

  private static PathSummary summarize(PathResult path) {
    List<PathPoint> pts = path.points();
    int m = pts.size();
    double[] lambda = new double[m];
    double[] df = new double[m];
    double[] dev = new double[m];
    double[] cvMean = new double[m];
    double[] cvSe = new double[m];
    double[] cvMis = new double[m];
    double[] aic = new double[m];
    double[] bic = new double[m];
    double[] ebic = new double[m];
    int[] nz = new int[m];
    int[] it = new int[m];
    boolean[] conv = new boolean[m];
    FitResult first = pts.get(0).fit();
    long size = (long) m * first.numRows() * first.coefficients()[0].length;
    boolean keep = size <= PathSummary.MAX_STORED_COEFFICIENTS;
    double[][][] coef = keep ? new double[m][][] : null;
    double[][] icpt = keep ? new double[m][] : null;
    for (int l = 0; l < m; l++) {
      PathPoint pt = pts.get(l);
      lambda[l] = pt.lambda();
      df[l] = pt.df();
      dev[l] = pt.deviance();
      cvMean[l] = pt.cvMean();
      cvSe[l] = pt.cvSe();
      cvMis[l] = pt.cvMisclassification();
      aic[l] = pt.aic();
      bic[l] = pt.bic();
      ebic[l] = pt.ebic();
      nz[l] = pt.fit().nonZeros();
      it[l] = pt.fit().iterations();
      conv[l] = pt.fit().converged();
      if (keep) {
        coef[l] = pt.fit().coefficients();
        icpt[l] = pt.fit().intercepts();
      }
    }
    return new PathSummary(lambda, df, dev, cvMean, cvSe, cvMis, aic, bic, ebic, nz, it, conv, coef, icpt,
      path.selected(), path.rule().cliName(), path.folds());
  }

  // ---- prediction ----------------------------------------------------------------------------------------------

  /** Pushes an instance through the stored filters (synchronized: the filters keep a queue). */
  private synchronized Instance preprocess(Instance instance) throws Exception {
    m_ReplaceMissing.input(instance);
    Instance out = m_ReplaceMissing.output();
    m_RemoveUseless.input(out);
    out = m_RemoveUseless.output();
    m_NominalToBinary.input(out);
    return m_NominalToBinary.output();
  }

  /** Scores (linear predictors) of every model row for an instance, original units. */
  private double[] scores(Instance instance) throws Exception {
    Instance f = preprocess(instance);
    int p = m_FeatureIndex.length;
    double[] x = new double[p];
    for (int j = 0; j < p; j++) {
      double v = f.value(m_FeatureIndex[j]);
      x[j] = Utils.isMissingValue(v) ? 0 : v;
    }
    double[] eta = new double[m_Intercepts.length];
    for (int r = 0; r < eta.length; r++) {
      double s = m_Intercepts[r];
      double[] beta = m_Coefficients[r];
      for (int j = 0; j < p; j++) {
        s += beta[j] * x[j];
      }
      eta[r] = s;
    }
    return eta;
  }

  /**
   * Class probabilities (logistic: softmax of the scores, or the sigmoid for two classes), a one-hot vote for the
   * predicted class (hinge), or the prediction (numeric class, squared loss).
   */
  @Override
  public double[] distributionForInstance(Instance instance) throws Exception {
    if (!m_Built) {
      throw new Exception("SMEM: No model built yet.");
    }
    if (m_ConstantPrediction != null) {
      return m_ConstantPrediction.clone();
    }
    double[] eta = scores(instance);
    if (m_NumericClass) {
      return new double[] {eta[0]};
    }
    double[][] etaColumn = new double[eta.length][1];
    for (int r = 0; r < eta.length; r++) {
      etaColumn[r][0] = eta[r];
    }
    double[] dist = new double[m_NumWekaClasses];
    if (m_TrainedLoss == LOSS_HINGE) {
      dist[m_ModelClasses[Evaluation.predictClass(etaColumn, 0)]] = 1;
    } else {
      double[] prob = Evaluation.probabilities(etaColumn, 0);
      for (int k = 0; k < prob.length; k++) {
        dist[m_ModelClasses[k]] = prob[k];
      }
    }
    return dist;
  }

  // ---- accessors for tests, the path plot and other code ------------------------------------------------------

  /** True once a model has been built. */
  public boolean isBuilt() {
    return m_Built;
  }

  /** Coefficients [model row][column] in original units (copies), or null if the model is constant/unbuilt. */
  public double[][] coefficients() {
    if (m_Coefficients == null) {
      return null;
    }
    double[][] out = new double[m_Coefficients.length][];
    for (int r = 0; r < out.length; r++) {
      out[r] = m_Coefficients[r].clone();
    }
    return out;
  }

  /** Intercepts per model row (a copy), or null. */
  public double[] intercepts() {
    return m_Intercepts == null ? null : m_Intercepts.clone();
  }

  /** Names of the model columns after preprocessing ({@code attr=value} indicators), or null before training. */
  public String[] featureNames() {
    return m_FeatureNames == null ? null : m_FeatureNames.clone();
  }

  /** Weka class index scored by each model row (binary: one row, the second present class), or null. */
  public int[] modelClasses() {
    return m_ModelClasses == null ? null : m_ModelClasses.clone();
  }

  /** Display names of the model rows: class labels, or the class attribute's name for a numeric class. */
  public String[] rowNames() {
    if (m_Intercepts == null) {
      return null;
    }
    String[] names = new String[m_Intercepts.length];
    for (int r = 0; r < names.length; r++) {
      if (m_NumericClass) {
        names[r] = m_Header.classAttribute().name();
      } else if (names.length == 1) {
        names[r] = m_Header.classAttribute().value(m_ModelClasses[1]);
      } else {
        names[r] = m_Header.classAttribute().value(m_ModelClasses[r]);
      }
    }
    return names;
  }

  /** The regularization path of the trained model, or null (fixed λ, constant model, not built). */
  public PathSummary path() {
    return m_Path;
  }

  /** The λ of the model, NaN before training or for a constant model. */
  public double selectedLambda() {
    return m_SelectedLambda;
  }

  /** The name of the relation the model was trained on, or null. */
  public String trainingRelationName() {
    return m_Header == null ? null : m_Header.relationName();
  }

  // ---- additional measures (Experimenter) ----------------------------------------------------------------------

  @Override
  public Enumeration<String> enumerateMeasures() {
    Vector<String> v = new Vector<String>();
    v.add("measureSelectedLambda");
    v.add("measureNumNonZero");
    v.add("measureNumIterations");
    v.add("measureCVError");
    return v.elements();
  }

  @Override
  public double getMeasure(String name) {
    switch (name) {
      case "measureSelectedLambda":
        return m_SelectedLambda;
      case "measureNumNonZero":
        return numNonZero();
      case "measureNumIterations":
        return m_Iterations;
      case "measureCVError":
        if (m_Path == null || !m_Path.hasCrossValidation()) {
          return Double.NaN;
        }
        return m_Path.cvMean()[m_Path.selected()];
      default:
        throw new IllegalArgumentException(name + " not supported (SMEM)");
    }
  }

  private int numNonZero() {
    if (m_Coefficients == null) {
      return 0;
    }
    int count = 0;
    for (double[] row : m_Coefficients) {
      for (double v : row) {
        if (v != 0) {
          count++;
        }
      }
    }
    return count;
  }

  // ---- the printout --------------------------------------------------------------------------------------------

  private static String sig(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /** Fixed-point with getNumDecimalPlaces() decimals (NaN and infinities spelled out). */
  private String num(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    String s = String.format(Locale.ROOT, "%." + Math.max(0, getNumDecimalPlaces()) + "f", v);
    // a tiny negative number rounds to "-0.0000": print it as 0
    return s.startsWith("-") && s.matches("-0\\.?0*") ? s.substring(1) : s;
  }

  private String lossDescription() {
    int rows = m_Intercepts == null ? 0 : m_Intercepts.length;
    switch (m_TrainedLoss) {
      case LOSS_LOGISTIC:
        return rows > 1 ? "multinomial logistic (" + rows + " classes, one score per class)" : "binary logistic";
      case LOSS_HINGE:
        return rows > 1 ? "hinge, one-vs-rest (" + rows + " linear SVMs)" : "hinge (linear SVM)";
      default:
        return "squared error (linear regression)";
    }
  }

  private String penaltyDescription() {
    switch (m_TrainedPenalty) {
      case PENALTY_LASSO:
        return "lasso, pen(b) = |b|";
      case PENALTY_ELASTICNET:
        return "elastic net, pen(b) = " + m_TrainedAlpha + " |b| + " + (1 - m_TrainedAlpha) + " b^2/2";
      case PENALTY_BRIDGE:
        return "bridge, pen(b) = |b|^" + m_TrainedBridgeQ;
      default:
        return "ridge, pen(b) = b^2/2";
    }
  }

  @Override
  public String toString() {
    if (!m_Built) {
      return "SMEM: No model built yet.";
    }
    StringBuilder sb = new StringBuilder();
    sb.append("SM-EM penalized linear model\n============================\n\n");
    Attribute cls = m_Header.classAttribute();
    if (m_ConstantPrediction != null) {
      sb.append("No linear model was fitted: ").append(m_ConstantReason).append(".\n");
      if (m_NumericClass) {
        sb.append("Every instance is predicted as the weighted training mean of ").append(cls.name()).append(": ")
          .append(num(m_ConstantPrediction[0])).append('\n');
      } else {
        sb.append("Every instance gets the class distribution of the training data:\n");
        for (int k = 0; k < m_ConstantPrediction.length; k++) {
          sb.append("  ").append(cls.value(k)).append(": ").append(num(m_ConstantPrediction[k])).append('\n');
        }
      }
      return sb.toString();
    }
    sb.append("Objective : sum_i w_i loss(y_i, score_i) / sum_i w_i + lambda * sum_j pen(b_j)\n");
    sb.append("  loss    : ").append(lossDescription()).append('\n');
    sb.append("  penalty : ").append(penaltyDescription()).append(m_TrainedStandardize
      ? ", on standardized attributes" : ", on the raw attributes").append("; intercepts not penalized\n");
    sb.append("Lambda    : ").append(sig(m_SelectedLambda)).append(", ").append(m_SelectionDescription)
      .append('\n');
    if (m_FallbackNote != null) {
      sb.append("            (").append(m_FallbackNote).append(")\n");
    }
    if (m_Path != null) {
      double[] lam = m_Path.lambda();
      sb.append("Path      : ").append(lam.length).append(" lambda values from ").append(sig(lam[0]))
        .append(" down to ").append(sig(lam[lam.length - 1])).append("; selected: number ")
        .append(m_Path.selected() + 1).append('\n');
      int unconverged = 0;
      for (boolean c : m_Path.converged()) {
        unconverged += c ? 0 : 1;
      }
      if (unconverged > 0) {
        sb.append("            (warning: ").append(unconverged).append(" of ").append(lam.length)
          .append(" path fits did not converge within -max-iterations)\n");
      }
      if (lam.length > 2 && m_Path.selected() == lam.length - 1) {
        sb.append("            (the smallest lambda of the path was selected: a smaller -lambda-min-ratio may "
          + "fit better)\n");
      }
    }
    int total = m_Coefficients.length * m_FeatureNames.length;
    sb.append("Non-zeros : ").append(numNonZero()).append(" of ").append(total).append(" coefficients\n");
    sb.append("Fit       : ").append(m_Iterations).append(" EM iterations, ")
      .append(m_Converged ? "converged" : "NOT converged (" + m_ConvergenceMessage + ")")
      .append(" (KKT residual ").append(sig(m_KktResidual)).append(", acceleration ").append(m_AccelerationUsed)
      .append(", solver ").append(m_SolverUsed).append(")\n");
    sb.append("Training  : ").append(m_TrainingRows).append(" instances, ").append(m_FeatureNames.length)
      .append(" attributes after preprocessing\n\n");

    sb.append(coefficientTable(cls));

    if (m_Path != null) {
      sb.append('\n').append(pathTable());
    }
    return sb.toString();
  }

  private String coefficientTable(Attribute cls) {
    StringBuilder sb = new StringBuilder();
    int rows = m_Coefficients.length;
    String[] heads = new String[rows];
    if (m_NumericClass) {
      sb.append("Coefficients (original units): prediction of ").append(cls.name())
        .append(" = intercept + sum_j coefficient_j * x_j\n\n");
      heads[0] = cls.name();
    } else if (rows == 1) {
      String pos = cls.value(m_ModelClasses[1]);
      String neg = cls.value(m_ModelClasses[0]);
      if (m_TrainedLoss == LOSS_HINGE) {
        sb.append("Coefficients (original units): decision score of class '").append(pos).append("' against '")
          .append(neg).append("';\npredicts '").append(pos).append("' when intercept + sum_j coefficient_j * x_j > 0\n\n");
      } else {
        sb.append("Coefficients (original units): score of class '").append(pos).append("'; reference class '")
          .append(neg).append("' has score 0;\nP(").append(pos).append(" | x) = 1 / (1 + exp(-score)), score = "
          + "intercept + sum_j coefficient_j * x_j\n\n");
      }
      heads[0] = pos;
    } else {
      if (m_TrainedLoss == LOSS_HINGE) {
        sb.append("Coefficients (original units): one-vs-rest decision score per class (no reference class);\n"
          + "predicts the class with the largest intercept + sum_j coefficient_j * x_j\n\n");
      } else {
        sb.append("Coefficients (original units): one score per class (no reference class);\n"
          + "P(class k | x) = exp(score_k) / sum_c exp(score_c), score_k = intercept_k + sum_j coefficient_jk * x_j\n\n");
      }
      for (int r = 0; r < rows; r++) {
        heads[r] = cls.value(m_ModelClasses[r]);
      }
    }
    if (!m_NumericClass && m_ModelClasses.length < m_NumWekaClasses) {
      sb.append("(classes absent from the training data get probability 0)\n\n");
    }
    int nameWidth = "Attribute".length();
    for (String f : m_FeatureNames) {
      nameWidth = Math.max(nameWidth, f.length());
    }
    nameWidth = Math.max(nameWidth, "Intercept".length());
    int[] widths = new int[rows];
    for (int r = 0; r < rows; r++) {
      widths[r] = heads[r].length();
      for (double v : m_Coefficients[r]) {
        widths[r] = Math.max(widths[r], num(v).length());
      }
      widths[r] = Math.max(widths[r], num(m_Intercepts[r]).length());
    }
    StringBuilder line = new StringBuilder(Utils.padRight("Attribute", nameWidth));
    int totalWidth = nameWidth;
    for (int r = 0; r < rows; r++) {
      line.append("  ").append(Utils.padLeft(heads[r], widths[r]));
      totalWidth += 2 + widths[r];
    }
    sb.append(line).append('\n');
    sb.append(repeat('=', totalWidth)).append('\n');
    for (int j = 0; j < m_FeatureNames.length; j++) {
      line = new StringBuilder(Utils.padRight(m_FeatureNames[j], nameWidth));
      for (int r = 0; r < rows; r++) {
        line.append("  ").append(Utils.padLeft(num(m_Coefficients[r][j]), widths[r]));
      }
      sb.append(line).append('\n');
    }
    line = new StringBuilder(Utils.padRight("Intercept", nameWidth));
    for (int r = 0; r < rows; r++) {
      line.append("  ").append(Utils.padLeft(num(m_Intercepts[r]), widths[r]));
    }
    sb.append(line).append('\n');
    return sb.toString();
  }

  private String pathTable() {
    StringBuilder sb = new StringBuilder();
    boolean cv = m_Path.hasCrossValidation();
    String rule = m_Path.rule();
    double[] lam = m_Path.lambda();
    double[] df = m_Path.df();
    int[] nz = m_Path.nonZeros();
    double[] a = cv ? m_Path.cvMean() : m_Path.deviance();
    double[] b = cv ? m_Path.cvSe() : m_Path.criterion();
    sb.append("Regularization path (* = selected; df = degrees of freedom)\n\n");
    String[] head = cv ? new String[] {"lambda", "df", "non-zeros", "CV deviance", "+/- SE"}
      : new String[] {"lambda", "df", "non-zeros", "deviance", rule.toUpperCase(Locale.ROOT)};
    String[][] cells = new String[lam.length][5];
    int[] w = new int[5];
    for (int c = 0; c < 5; c++) {
      w[c] = head[c].length();
    }
    for (int l = 0; l < lam.length; l++) {
      cells[l][0] = sig(lam[l]);
      cells[l][1] = String.format(Locale.ROOT, "%.2f", df[l]);
      cells[l][2] = Integer.toString(nz[l]);
      cells[l][3] = num(a[l]);
      cells[l][4] = num(b[l]);
      for (int c = 0; c < 5; c++) {
        w[c] = Math.max(w[c], cells[l][c].length());
      }
    }
    StringBuilder line = new StringBuilder("  ");
    for (int c = 0; c < 5; c++) {
      line.append(c == 0 ? "" : "  ").append(Utils.padLeft(head[c], w[c]));
    }
    sb.append(line).append('\n');
    for (int l = 0; l < lam.length; l++) {
      line = new StringBuilder(l == m_Path.selected() ? "* " : "  ");
      for (int c = 0; c < 5; c++) {
        line.append(c == 0 ? "" : "  ").append(Utils.padLeft(cells[l][c], w[c]));
      }
      sb.append(line).append('\n');
    }
    return sb.toString();
  }

  private static String repeat(char c, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(c);
    }
    return sb.toString();
  }
}
