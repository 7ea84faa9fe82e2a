package weka.classifiers.functions.smem;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What a trained {@link weka.classifiers.functions.SMEM} model keeps of its regularization path, in plain arrays so
 * that the model serializes without any engine type (Weka's {@code -d}/{@code -l}, the Explorer's "Save model").
 * Index {@code l} runs over the path, λ decreasing. Coefficient paths are on the original scale of the
 * preprocessed attributes ({@code attr=value} indicators and numeric attributes), one row per model row (1 for a
 * binary or numeric-class model, K for a multi-class one); they are omitted ({@link #hasCoefficientPaths()} false)
 * when they would exceed {@link #MAX_STORED_COEFFICIENTS} numbers, to keep saved models small.
 */
public final class PathSummary implements Serializable {

  private static final long serialVersionUID = 6181530461730592201L;

  /** Largest number of path coefficients (points × rows × attributes) stored in a model. */
  public static final int MAX_STORED_COEFFICIENTS = 2_000_000;

  private final double[] m_Lambda;
  private final double[] m_Df;
  private final double[] m_Deviance;
  private final double[] m_CvMean;
  private final double[] m_CvSe;
  private final double[] m_CvMisclassification;
  private final double[] m_Aic;
  private final double[] m_Bic;
  private final double[] m_Ebic;
  private final int[] m_NonZeros;
  private final int[] m_Iterations;
  private final boolean[] m_Converged;
  /** [point][row][attribute], or null when too large. */
  private final double[][][] m_Coefficients;
  /** [point][row], or null when the coefficients are not stored. */
  private final double[][] m_Intercepts;
  private final int m_Selected;
  private final String m_Rule;
  private final int m_Folds;

  /**
   * @param lambda the λ grid, decreasing
   * @param df degrees of freedom per point
   * @param deviance training deviance per point
   * @param cvMean mean held-out deviance (NaN entries without cross-validation)
   * @param cvSe its standard error
   * @param cvMisclassification held-out misclassification rate (NaN without CV or for a numeric class)
   * @param aic AIC per point (NaN where undefined)
   * @param bic BIC per point
   * @param ebic extended BIC per point
   * @param nonZeros non-zero coefficients per point
   * @param iterations EM iterations per point
   * @param converged convergence flag per point
   * @param coefficients [point][row][attribute] or null
   * @param intercepts [point][row] or null
   * @param selected index of the chosen point
   * @param rule selection rule (command-line spelling, e.g. {@code cv-min})
   * @param folds cross-validation folds (0 without CV)
   */
  public PathSummary(double[] lambda, double[] df, double[] deviance, double[] cvMean, double[] cvSe,
    double[] cvMisclassification, double[] aic, double[] bic, double[] ebic, int[] nonZeros, int[] iterations,
    boolean[] converged, double[][][] coefficients, double[][] intercepts, int selected, String rule, int folds) {
    m_Lambda = lambda.clone();
    m_Df = df.clone();
    m_Deviance = deviance.clone();
    m_CvMean = cvMean.clone();
    m_CvSe = cvSe.clone();
    m_CvMisclassification = cvMisclassification.clone();
    m_Aic = aic.clone();
    m_Bic = bic.clone();
    m_Ebic = ebic.clone();
    m_NonZeros = nonZeros.clone();
    m_Iterations = iterations.clone();
    m_Converged = converged.clone();
    m_Coefficients = coefficients;
    m_Intercepts = intercepts;
    m_Selected = selected;
    m_Rule = rule;
    m_Folds = folds;
  }

  /** Number of points on the path. */
  public int size() {
    return m_Lambda.length;
  }

  public double[] lambda() {
    return m_Lambda.clone();
  }

  public double[] df() {
    return m_Df.clone();
  }

  public double[] deviance() {
    return m_Deviance.clone();
  }

  public double[] cvMean() {
    return m_CvMean.clone();
  }

  public double[] cvSe() {
    return m_CvSe.clone();
  }

  public double[] cvMisclassification() {
    return m_CvMisclassification.clone();
  }

  public double[] aic() {
    return m_Aic.clone();
  }

  public double[] bic() {
    return m_Bic.clone();
  }

  public double[] ebic() {
    return m_Ebic.clone();
  }

  public int[] nonZeros() {
    return m_NonZeros.clone();
  }

  public int[] iterations() {
    return m_Iterations.clone();
  }

  public boolean[] converged() {
    return m_Converged.clone();
  }

  /** True if the coefficient paths were kept. */
  public boolean hasCoefficientPaths() {
    return m_Coefficients != null;
  }

  /** Coefficient of model row {@code row}, attribute {@code attribute} at every point (original units). */
  public double[] coefficientPath(int row, int attribute) {
    if (m_Coefficients == null) {
      throw new IllegalStateException("the coefficient paths were not stored (too large)");
    }
    double[] out = new double[m_Lambda.length];
    for (int l = 0; l < out.length; l++) {
      out[l] = m_Coefficients[l][row][attribute];
    }
    return out;
  }

  /** Intercept of model row {@code row} at every point. */
  public double[] interceptPath(int row) {
    if (m_Intercepts == null) {
      throw new IllegalStateException("the coefficient paths were not stored (too large)");
    }
    double[] out = new double[m_Lambda.length];
    for (int l = 0; l < out.length; l++) {
      out[l] = m_Intercepts[l][row];
    }
    return out;
  }

  /** Index of the chosen λ. */
  public int selected() {
    return m_Selected;
  }

  /** The selection rule, command-line spelling ({@code cv-min}, {@code cv-1se}, {@code aic}, ...). */
  public String rule() {
    return m_Rule;
  }

  /** Cross-validation folds (0 if no cross-validation was run). */
  public int folds() {
    return m_Folds;
  }

  /** True if the path carries cross-validation errors. */
  public boolean hasCrossValidation() {
    return m_Folds > 0;
  }

  /** The criterion that chose λ at every point: the CV mean, or AIC/BIC/EBIC. */
  public double[] criterion() {
    switch (m_Rule) {
      case "aic":
        return aic();
      case "bic":
        return bic();
      case "ebic":
        return ebic();
      default:
        return cvMean();
    }
  }

  @Override
  public String toString() {
    return "PathSummary[" + m_Lambda.length + " points, rule " + m_Rule + ", selected " + m_Selected + ", λ "
      + Arrays.toString(m_Lambda) + "]";
  }
}
