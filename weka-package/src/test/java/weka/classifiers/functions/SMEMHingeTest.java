package weka.classifiers.functions;

import junit.framework.Test;
import junit.framework.TestSuite;
import weka.classifiers.AbstractSMEMClassifierTest;
import weka.classifiers.Classifier;
import weka.core.Utils;

/**
 * Weka's classifier test-suite over SMEM with the hinge loss and a lasso penalty (one-vs-rest linear SVMs); 3-fold
 * cross-validation over 10 lambdas, at most 500 EM iterations per fit (some hinge-lasso fits on these 20-instance
 * data sets hit the default cap of 5000 without converging, which only costs time).
 */
public class SMEMHingeTest extends AbstractSMEMClassifierTest {

  public SMEMHingeTest(String name) {
    super(name);
  }

  @Override
  public Classifier getClassifier() {
    SMEM c = new SMEM();
    try {
      c.setOptions(Utils.splitOptions("-loss hinge -penalty lasso -max-iterations 500 -folds 3 -num-lambdas 10 -num-slots 1"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return c;
  }

  public static Test suite() {
    return new TestSuite(SMEMHingeTest.class);
  }
}
