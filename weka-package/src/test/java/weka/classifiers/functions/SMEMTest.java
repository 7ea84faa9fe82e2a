package weka.classifiers.functions;

import junit.framework.Test;
import junit.framework.TestSuite;
import weka.classifiers.AbstractSMEMClassifierTest;
import weka.classifiers.Classifier;

/**
 * Weka's classifier test-suite (CheckClassifier, CheckOptionHandler, CheckGOE, regression reference) over SMEM with
 * the default loss and penalty (logistic, ridge, lambda chosen by cv-min). Cross-validation uses 3 folds and 10
 * lambdas to keep the hundreds of tiny fits fast; the full defaults are exercised in SMEMBehaviourTest.
 */
public class SMEMTest extends AbstractSMEMClassifierTest {

  public SMEMTest(String name) {
    super(name);
  }

  @Override
  public Classifier getClassifier() {
    SMEM c = new SMEM();
    c.setNumFolds(3);
    c.setNumLambdas(10);
    c.setNumExecutionSlots(1);
    return c;
  }

  public static Test suite() {
    return new TestSuite(SMEMTest.class);
  }
}
