package weka.classifiers;

import java.util.ArrayList;
import weka.classifiers.evaluation.Prediction;
import weka.core.Instances;
import weka.test.Regression;

/**
 * Weka's AbstractClassifierTest with one change: the regression reference is compared number by number with a
 * tolerance of 1e-6 (relative, absolute near zero) instead of as an exact string, so that a harmless last-digit
 * change of the engine's floating point (other engineers tune it) does not fail the suite, while any real change
 * of a prediction or probability does. Everything else — CheckClassifier, CheckOptionHandler, CheckGOE — is
 * Weka's. The reference file is {@code src/test/resources/wekarefs/<test class path>.ref}; it is created on the
 * first run (delete it to regenerate). In package weka.classifiers to reach CheckClassifier.makeTestDataset.
 */
public abstract class AbstractSMEMClassifierTest extends AbstractClassifierTest {

  /** Relative tolerance of the reference comparison. */
  static final double TOLERANCE = 1e-6;

  protected AbstractSMEMClassifierTest(String name) {
    super(name);
  }

  /** Same data, classifier and text as AbstractClassifierTest.testRegression; tolerant comparison. */
  @Override
  public void testRegression() throws Exception {
    if (m_Tester.hasClasspathProblems()) {
      return;
    }
    Regression reg = new TolerantRegression(getClass());
    boolean succeeded = false;
    for (int i = FIRST_CLASSTYPE; i <= LAST_CLASSTYPE; i++) {
      if (!canPredict(i)) {
        continue;
      }
      Instances train = m_Tester.makeTestDataset(42, m_Tester.getNumInstances(),
        m_NominalPredictors[i] ? m_Tester.getNumNominal() : 0,
        m_NumericPredictors[i] ? m_Tester.getNumNumeric() : 0,
        m_StringPredictors[i] ? m_Tester.getNumString() : 0,
        m_DatePredictors[i] ? m_Tester.getNumDate() : 0,
        m_RelationalPredictors[i] ? m_Tester.getNumRelational() : 0, 2, i, m_multiInstanceHandler);
      try {
        ArrayList<Prediction> predictions = useClassifier(train);
        m_RegressionResults[i] = predictions;
        succeeded = true;
        reg.println(predictionsToString(predictions));
      } catch (Exception e) {
        m_RegressionResults[i] = null;
      }
    }
    if (!succeeded) {
      fail("Problem during regression testing: no successful predictions for any class type");
    }
    String diff = reg.diff();
    if (diff == null) {
      System.err.println("Warning: No reference available, creating.");
    } else if (!diff.isEmpty()) {
      fail("Regression test failed. Difference:\n" + diff);
    }
  }

  /** A Regression whose comparison tolerates last-digit differences of numbers. */
  static final class TolerantRegression extends Regression {

    TolerantRegression(Class<?> theClass) {
      super(theClass);
    }

    @Override
    protected String diff(String reference, String current) {
      return equalWithTolerance(reference, current) ? "" : super.diff(reference, current);
    }
  }

  /** True if the texts have the same tokens, numbers equal within {@link #TOLERANCE}. */
  static boolean equalWithTolerance(String reference, String current) {
    String[] a = reference.trim().split("\\s+");
    String[] b = current.trim().split("\\s+");
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i].equals(b[i])) {
        continue;
      }
      double x;
      double y;
      try {
        x = Double.parseDouble(a[i]);
        y = Double.parseDouble(b[i]);
      } catch (NumberFormatException e) {
        return false;
      }
      if (!(Math.abs(x - y) <= TOLERANCE * Math.max(1.0, Math.max(Math.abs(x), Math.abs(y))))) {
        return false;
      }
    }
    return true;
  }
}
