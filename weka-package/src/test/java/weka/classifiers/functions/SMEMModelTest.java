package weka.classifiers.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import weka.classifiers.Evaluation;
import weka.classifiers.functions.smem.PathSummary;
import weka.classifiers.meta.FilteredClassifier;
import weka.core.Capabilities.Capability;
import weka.core.DenseInstance;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Utils;
import weka.filters.unsupervised.attribute.Standardize;

/** The trained model: defaults, data handling, class mapping, distributions, printout, measures, determinism. */
class SMEMModelTest {

  private static SMEM fast() {
    SMEM c = new SMEM();
    c.setNumFolds(5);
    c.setNumLambdas(15);
    return c;
  }

  @Test
  void defaultsOnIrisSelectLambdaByTenFoldCrossValidationOverFortyValues() throws Exception {
    Instances iris = SMEMTestData.iris();
    SMEM c = new SMEM();
    c.buildClassifier(iris);
    PathSummary path = c.path();
    assertNotNull(path);
    assertEquals(40, path.size());
    assertEquals(10, path.folds());
    assertEquals("cv-min", path.rule());
    double[] cv = path.cvMean();
    for (int l = 0; l < cv.length; l++) {
      assertTrue(cv[path.selected()] <= cv[l], "cv-min picks the minimum mean CV deviance");
    }
    assertEquals(path.lambda()[path.selected()], c.selectedLambda());
    assertEquals(3, c.coefficients().length, "multinomial: one row per class");
    String text = c.toString();
    for (String part : new String[] {"multinomial logistic (3 classes", "ridge", "10-fold cross-validation",
      "minimum mean held-out deviance (seed 1)", "40 lambda values", "Non-zeros : 12 of 12",
      "setosa", "versicolor", "virginica", "Intercept", "petal_width", "CV deviance", "+/- SE", "* "}) {
      assertTrue(text.contains(part), "toString lacks '" + part + "':\n" + text);
    }
    Evaluation ev = new Evaluation(iris);
    ev.evaluateModel(c, iris);
    assertTrue(ev.pctCorrect() > 95, "training accuracy " + ev.pctCorrect());
    for (Instance inst : iris) {
      double[] d = c.distributionForInstance(inst);
      assertEquals(1.0, Utils.sum(d), 1e-12);
    }
  }

  @Test
  void lossMustMatchTheClassType() throws Exception {
    SMEM squared = fast();
    squared.setOptions(new String[] {"-loss", "squared"});
    Exception e = assertThrows(Exception.class, () -> squared.buildClassifier(SMEMTestData.iris()));
    assertTrue(e.getMessage().contains("squared loss needs a numeric class") && e.getMessage().contains("nominal"),
      e.getMessage());
    SMEM hinge = fast();
    hinge.setOptions(new String[] {"-loss", "hinge"});
    e = assertThrows(Exception.class, () -> hinge.buildClassifier(SMEMTestData.irisRegression()));
    assertTrue(e.getMessage().contains("hinge loss needs a nominal class") && e.getMessage().contains("numeric"),
      e.getMessage());
  }

  @Test
  void capabilitiesFollowTheLoss() throws Exception {
    SMEM c = new SMEM();
    assertTrue(c.getCapabilities().handles(Capability.NOMINAL_CLASS));
    assertTrue(c.getCapabilities().handles(Capability.BINARY_CLASS));
    assertFalse(c.getCapabilities().handles(Capability.NUMERIC_CLASS));
    assertTrue(c.getCapabilities().hasDependency(Capability.NUMERIC_CLASS), "numeric class after a change of loss");
    assertTrue(c.getCapabilities().handles(Capability.MISSING_VALUES));
    assertTrue(c.getCapabilities().handles(Capability.DATE_ATTRIBUTES));
    assertFalse(c.getCapabilities().handles(Capability.STRING_ATTRIBUTES));
    c.setOptions(new String[] {"-loss", "hinge"});
    assertTrue(c.getCapabilities().handles(Capability.NOMINAL_CLASS));
    assertFalse(c.getCapabilities().handles(Capability.NUMERIC_CLASS));
    c.setOptions(new String[] {"-loss", "squared"});
    assertTrue(c.getCapabilities().handles(Capability.NUMERIC_CLASS));
    assertFalse(c.getCapabilities().handles(Capability.NOMINAL_CLASS));
  }

  @Test
  void nominalAttributesMissingValuesAndUselessAttributesAreHandledAsWekaDoes() throws Exception {
    Instances data = SMEMTestData.mixed(300, 3);
    Instances copy = new Instances(data);
    SMEM c = fast();
    c.buildClassifier(data);
    assertEquals(copy.toString(), data.toString(), "the caller's data is not modified");
    List<String> names = Arrays.asList(c.featureNames());
    assertEquals(Arrays.asList("x1", "x2", "colour=red", "colour=green", "colour=blue", "size=large"), names,
      "indicators named attr=value; the constant attribute removed");
    String text = c.toString();
    assertTrue(text.contains("colour=blue") && text.contains("size=large"), text);
    assertTrue(text.contains("score of class 'yes'; reference class 'no'"), text);
    double[] beta = c.coefficients()[0];
    assertTrue(beta[0] > 0.5, "x1 raises P(yes): " + beta[0]);
    assertTrue(beta[4] > beta[2], "blue above red");
    assertTrue(beta[5] > 0, "large raises P(yes)");
    // A test instance with every predictor missing gets the training means/modes, as in Logistic.
    Instance missing = new DenseInstance(data.numAttributes());
    missing.setDataset(data);
    double[] d = c.distributionForInstance(missing);
    assertEquals(1.0, d[0] + d[1], 1e-12);
    assertTrue(d[0] > 0 && d[1] > 0);
  }

  @Test
  void theBinaryModelScoresWekasSecondClass() throws Exception {
    Instances data = SMEMTestData.gaussianClasses(200, 3, 2, 5);
    // class c1 has the larger mean in x2 (index 1)
    SMEM c = fast();
    c.buildClassifier(data);
    assertEquals(1, c.coefficients().length);
    assertArrayEquals(new int[] {0, 1}, c.modelClasses());
    assertTrue(c.coefficients()[0][1] > 0, "class index 1 is the positive class");
    assertEquals("c1", c.rowNames()[0]);
  }

  @Test
  void aClassAbsentFromTheTrainingDataGetsProbabilityZero() throws Exception {
    Instances data = SMEMTestData.gaussianClasses(150, 4, 3, 11);
    Instances two = new Instances(data, 0);
    for (Instance inst : data) {
      if (inst.classValue() != 1) {
        two.add(inst);
      }
    }
    SMEM c = fast();
    c.buildClassifier(two);
    assertArrayEquals(new int[] {0, 2}, c.modelClasses());
    assertEquals(1, c.coefficients().length, "two present classes: a binary model");
    for (Instance inst : data) {
      double[] d = c.distributionForInstance(inst);
      assertEquals(3, d.length);
      assertEquals(0.0, d[1]);
      assertEquals(1.0, d[0] + d[2], 1e-12);
    }
    assertTrue(c.toString().contains("classes absent from the training data get probability 0"));
  }

  @Test
  void hingeGivesOneHotVotesAndSquaredGivesThePrediction() throws Exception {
    Instances iris = SMEMTestData.iris();
    SMEM hinge = fast();
    hinge.setOptions(Utils.splitOptions("-loss hinge -folds 5 -num-lambdas 15"));
    hinge.buildClassifier(iris);
    assertEquals(3, hinge.coefficients().length, "one-vs-rest: one row per class");
    int correct = 0;
    for (Instance inst : iris) {
      double[] d = hinge.distributionForInstance(inst);
      assertEquals(1.0, Utils.sum(d));
      assertEquals(1.0, d[Utils.maxIndex(d)]);
      correct += Utils.maxIndex(d) == (int) inst.classValue() ? 1 : 0;
    }
    assertTrue(correct > 130, "hinge training accuracy " + correct + "/150");
    assertTrue(hinge.toString().contains("one-vs-rest"));

    Instances reg = SMEMTestData.irisRegression();
    SMEM squared = fast();
    squared.setOptions(Utils.splitOptions("-loss squared -penalty lasso -folds 5 -num-lambdas 15"));
    squared.buildClassifier(reg);
    Evaluation ev = new Evaluation(reg);
    ev.evaluateModel(squared, reg);
    assertTrue(ev.correlationCoefficient() > 0.95, "correlation " + ev.correlationCoefficient());
    Instance first = reg.instance(0);
    assertEquals(squared.classifyInstance(first), squared.distributionForInstance(first)[0]);
    String text = squared.toString();
    assertTrue(text.contains("squared error") && text.contains("class=virginica")
      && text.contains("prediction of petal_width"), text);
  }

  @Test
  void instanceWeightsActLikeReplication() throws Exception {
    Instances data = SMEMTestData.gaussianClasses(80, 3, 2, 9);
    Instances weighted = new Instances(data);
    Instances replicated = new Instances(data);
    for (int i = 0; i < data.numInstances(); i += 4) {
      weighted.instance(i).setWeight(2.0);
      replicated.add((Instance) data.instance(i).copy());
    }
    SMEM a = new SMEM();
    a.setLambda(0.05);
    SMEM b = new SMEM();
    b.setLambda(0.05);
    a.buildClassifier(weighted);
    b.buildClassifier(replicated);
    for (int j = 0; j < 3; j++) {
      assertEquals(b.coefficients()[0][j], a.coefficients()[0][j], 1e-8);
    }
    assertEquals(b.intercepts()[0], a.intercepts()[0], 1e-8);
    SMEM unweighted = new SMEM();
    unweighted.setLambda(0.05);
    unweighted.buildClassifier(data);
    assertTrue(Math.abs(unweighted.coefficients()[0][0] - a.coefficients()[0][0]) > 1e-6, "weights matter");
  }

  @Test
  void fixedLambdaFitsASingleModelWithoutAPath() throws Exception {
    SMEM c = new SMEM();
    c.setOptions(Utils.splitOptions("-lambda 0.01"));
    c.buildClassifier(SMEMTestData.iris());
    assertNull(c.path());
    assertEquals(0.01, c.selectedLambda());
    assertTrue(Double.isNaN(c.getMeasure("measureCVError")));
    assertTrue(c.toString().contains("fixed by the user (-lambda)"));
    assertFalse(c.toString().contains("Regularization path"));
  }

  @Test
  void invalidSettingsGiveClearMessages() throws Exception {
    String[][] cases = {{"-folds 1", "at least 2 folds"}, {"-num-lambdas 0", "lambda values must be >= 1"},
      {"-penalty elasticnet -alpha 1.5", "alpha must be in [0, 1]"}, {"-penalty bridge -bridge-q 2", "(0, 2)"},
      {"-loss hinge -acceleration newton", "newton acceleration needs a smooth loss"},
      {"-tolerance 0", "tolerances must be > 0"}, {"-max-iterations 0", "max iterations must be >= 1"}};
    for (String[] c : cases) {
      SMEM s = new SMEM();
      s.setOptions(Utils.splitOptions(c[0]));
      Exception e = assertThrows(Exception.class, () -> s.buildClassifier(SMEMTestData.iris()), c[0]);
      assertTrue(e.getMessage().startsWith("SM-EM: ") && e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
    }
  }

  @Test
  void informationCriteriaSelectWithoutCrossValidation() throws Exception {
    SMEM c = new SMEM();
    c.setOptions(Utils.splitOptions("-select bic -penalty lasso -num-lambdas 20"));
    c.buildClassifier(SMEMTestData.breastCancer());
    assertEquals(0, c.path().folds());
    assertEquals("bic", c.path().rule());
    double[] bic = c.path().bic();
    for (double v : bic) {
      assertTrue(bic[c.path().selected()] <= v);
    }
    assertTrue(c.toString().contains("BIC on the training data"));
    assertTrue(c.getMeasure("measureNumNonZero") < 30, "lasso drops attributes");
    SMEM hinge = new SMEM();
    hinge.setOptions(Utils.splitOptions("-loss hinge -select aic"));
    Exception e = assertThrows(Exception.class, () -> hinge.buildClassifier(SMEMTestData.iris()));
    assertTrue(e.getMessage().contains("information criteria need a likelihood"), e.getMessage());
  }

  @Test
  void additionalMeasures() throws Exception {
    SMEM c = fast();
    c.buildClassifier(SMEMTestData.iris());
    List<String> names = Collections.list(c.enumerateMeasures());
    assertEquals(Arrays.asList("measureSelectedLambda", "measureNumNonZero", "measureNumIterations",
      "measureCVError"), names);
    assertEquals(c.selectedLambda(), c.getMeasure("measureSelectedLambda"));
    assertEquals(12.0, c.getMeasure("measureNumNonZero"));
    assertTrue(c.getMeasure("measureNumIterations") >= 1);
    assertEquals(c.path().cvMean()[c.path().selected()], c.getMeasure("measureCVError"));
    assertThrows(IllegalArgumentException.class, () -> c.getMeasure("measureBogus"));
  }

  @Test
  void resultsAreDeterministicAndThreadCountIndependent() throws Exception {
    Instances data = SMEMTestData.gaussianClasses(300, 6, 3, 21);
    SMEM one = fast();
    one.setNumExecutionSlots(1);
    SMEM two = fast();
    two.setNumExecutionSlots(2);
    SMEM again = fast();
    again.setNumExecutionSlots(2);
    one.buildClassifier(data);
    two.buildClassifier(data);
    again.buildClassifier(data);
    assertEquals(one.toString(), two.toString());
    assertEquals(two.toString(), again.toString());
    for (int r = 0; r < 3; r++) {
      assertArrayEquals(one.coefficients()[r], two.coefficients()[r], 0.0);
    }
    assertArrayEquals(one.path().cvMean(), two.path().cvMean(), 0.0);
    SMEM otherSeed = fast();
    otherSeed.setSeed(2);
    otherSeed.buildClassifier(data);
    assertFalse(Arrays.equals(one.path().cvMean(), otherSeed.path().cvMean()), "the seed drives the folds");
  }

  @Test
  void degenerateDataGivesAConstantOrFallbackModelInsteadOfAnError() throws Exception {
    Instances data = SMEMTestData.gaussianClasses(30, 2, 2, 4);
    // one instance of class c1 only: cross-validation impossible, BIC instead
    Instances singleton = new Instances(data, 0);
    boolean added = false;
    for (Instance inst : data) {
      if (inst.classValue() == 0 || !added) {
        added |= inst.classValue() == 1;
        singleton.add(inst);
      }
    }
    SMEM c = fast();
    c.buildClassifier(singleton);
    assertTrue(c.toString().contains("a class has a single training instance"), c.toString());
    assertEquals("bic", c.path().rule());
    SMEM h = fast();
    h.setOptions(new String[] {"-loss", "hinge"});
    h.buildClassifier(singleton);
    assertTrue(h.toString().contains("the middle of the default path"), h.toString());
    // only one class present: a constant model
    Instances oneClass = new Instances(data, 0);
    for (Instance inst : data) {
      if (inst.classValue() == 0) {
        oneClass.add(inst);
      }
    }
    SMEM k = fast();
    k.buildClassifier(oneClass);
    assertArrayEquals(new double[] {1, 0}, k.distributionForInstance(data.instance(0)), 0.0);
    assertTrue(k.toString().contains("single class"));
    assertTrue(Double.isNaN(k.getMeasure("measureSelectedLambda")));
    // no rows with a class value
    Instances noClass = new Instances(data);
    for (Instance inst : noClass) {
      inst.setClassMissing();
    }
    Exception e = assertThrows(Exception.class, () -> fast().buildClassifier(noClass));
    assertTrue(e.getMessage().toLowerCase().contains("train"), e.getMessage());
  }

  @Test
  void worksInsideFilteredClassifierAndRebuilds() throws Exception {
    Instances iris = SMEMTestData.iris();
    FilteredClassifier fc = new FilteredClassifier();
    fc.setFilter(new Standardize());
    fc.setClassifier(fast());
    fc.buildClassifier(iris);
    Evaluation ev = new Evaluation(iris);
    ev.crossValidateModel(fc, iris, 3, new java.util.Random(1));
    assertTrue(ev.pctCorrect() > 90, "" + ev.pctCorrect());
    SMEM c = fast();
    c.buildClassifier(SMEMTestData.breastCancer());
    c.buildClassifier(iris);
    assertEquals(3, c.coefficients().length, "a rebuild starts from scratch");
  }
}
