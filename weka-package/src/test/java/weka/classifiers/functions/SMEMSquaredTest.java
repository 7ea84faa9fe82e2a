package weka.classifiers.functions;

import junit.framework.Test;
import junit.framework.TestSuite;
import weka.classifiers.AbstractSMEMClassifierTest;
import weka.classifiers.Classifier;
import weka.core.Utils;

/**
 * Weka's classifier test-suite over SMEM with the squared loss and an elastic-net penalty (numeric class); 3-fold
 * cross-validation over 10 lambdas.
 */
public class SMEMSquaredTest extends AbstractSMEMClassifierTest {

  public SMEMSquaredTest(String name) {
    super(name);
  }

  @Override
  public Classifier getClassifier() {
    SMEM c = new SMEM();
    try {
      c.setOptions(Utils.splitOptions("-loss squared -penalty elasticnet -folds 3 -num-lambdas 10 -num-slots 1"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return c;
  }

  public static Test suite() {
    return new TestSuite(SMEMSquaredTest.class);
  }
}
