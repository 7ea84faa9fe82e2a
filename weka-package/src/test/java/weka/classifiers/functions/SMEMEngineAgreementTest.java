package weka.classifiers.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smem.data.DenseMatrix;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.loss.Loss;
import io.smem.path.Evaluation;
import io.smem.path.PathOptions;
import io.smem.path.PathResult;
import io.smem.path.RegularizationPath;
import io.smem.penalty.Penalty;
import org.junit.jupiter.api.Test;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Utils;

/**
 * The adapter adds no numerics of its own: on data that needs no preprocessing, SMEM's coefficients, λ and
 * probabilities equal those of the engine driven directly (as the engine's CLI drives it: SmEm.fit for a given λ,
 * RegularizationPath.fit and selectedFit() otherwise), with Weka's class index k as the engine's class k.
 */
class SMEMEngineAgreementTest {

  private static final double TOL = 1e-8;

  /** The engine's view of all-numeric data: x row by row, y = Weka class index (or the numeric class). */
  private static TrainingData engineData(Instances data) {
    int n = data.numInstances();
    int p = data.numAttributes() - 1;
    double[][] x = new double[n][p];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      Instance inst = data.instance(i);
      for (int a = 0, j = 0; a < data.numAttributes(); a++) {
        if (a != data.classIndex()) {
          x[i][j++] = inst.value(a);
        }
      }
      y[i] = inst.classValue();
    }
    return new TrainingData(DenseMatrix.of(x), y, data.classAttribute().isNominal() ? data.numClasses() : 0, null);
  }

  private static void assertSameModel(FitResult engine, SMEM weka, Instances data, boolean probabilities)
    throws Exception {
    double[][] coef = engine.coefficients();
    double[][] ours = weka.coefficients();
    assertEquals(coef.length, ours.length);
    for (int r = 0; r < coef.length; r++) {
      for (int j = 0; j < coef[r].length; j++) {
        assertEquals(coef[r][j], ours[r][j], TOL, "coefficient " + r + "," + j);
      }
      assertEquals(engine.intercepts()[r], weka.intercepts()[r], TOL, "intercept " + r);
    }
    assertEquals(engine.lambda(), weka.selectedLambda(), 1e-12 * engine.lambda());
    TrainingData td = engineData(data);
    double[][] eta = Evaluation.scores(engine, td.x());
    for (int i = 0; i < data.numInstances(); i++) {
      double[] dist = weka.distributionForInstance(data.instance(i));
      if (probabilities) {
        double[] prob = Evaluation.probabilities(eta, i);
        for (int k = 0; k < prob.length; k++) {
          assertEquals(prob[k], dist[k], TOL, "probability of row " + i + " class " + k);
        }
      } else {
        assertEquals(eta[0][i], dist[0], TOL, "prediction of row " + i);
      }
    }
  }

  @Test
  void multinomialRidgeAtAFixedLambda() throws Exception {
    Instances iris = SMEMTestData.iris();
    FitResult engine = SmEm.fit(engineData(iris), FitOptions.defaults().withLambda(0.01));
    SMEM weka = new SMEM();
    weka.setOptions(Utils.splitOptions("-lambda 0.01"));
    weka.buildClassifier(iris);
    assertSameModel(engine, weka, iris, true);
  }

  @Test
  void defaultPathAndSelection() throws Exception {
    Instances iris = SMEMTestData.iris();
    PathResult path = RegularizationPath.fit(engineData(iris), FitOptions.defaults().withLambda(0),
      PathOptions.defaults().withSeed(1), null);
    SMEM weka = new SMEM();
    weka.buildClassifier(iris);
    assertSameModel(path.selectedFit(), weka, iris, true);
    assertEquals(path.selected(), weka.path().selected());
    for (int l = 0; l < path.points().size(); l++) {
      assertEquals(path.points().get(l).lambda(), weka.path().lambda()[l], 0.0);
      assertEquals(path.points().get(l).cvMean(), weka.path().cvMean()[l], TOL);
    }
  }

  @Test
  void binaryLassoWithTheOneStandardErrorRule() throws Exception {
    Instances bc = SMEMTestData.breastCancer();
    FitOptions options = FitOptions.defaults().withPenalty(Penalty.lasso()).withLambda(0);
    PathOptions po = PathOptions.defaults().withRule(io.smem.path.SelectionRule.CV_1SE).withFolds(5)
      .withNumLambdas(20).withSeed(3);
    PathResult path = RegularizationPath.fit(engineData(bc), options, po, null);
    SMEM weka = new SMEM();
    weka.setOptions(Utils.splitOptions("-penalty lasso -select cv-1se -folds 5 -num-lambdas 20 -S 3"));
    weka.buildClassifier(bc);
    assertSameModel(path.selectedFit(), weka, bc, true);
  }

  @Test
  void squaredElasticNetWithBic() throws Exception {
    Instances bc = SMEMTestData.breastCancer();
    // regression: predict the first attribute (mean radius) from the others, class attribute removed
    Instances reg = new Instances(bc);
    reg.setClassIndex(-1);
    reg.deleteAttributeAt(reg.numAttributes() - 1);
    reg.setClassIndex(0);
    FitOptions options = FitOptions.defaults().withLoss(Loss.byName("squared"))
      .withPenalty(Penalty.elasticNet(0.5)).withLambda(0);
    PathResult path = RegularizationPath.fit(engineData(reg), options,
      PathOptions.defaults().withRule(io.smem.path.SelectionRule.BIC).withNumLambdas(15), null);
    SMEM weka = new SMEM();
    weka.setOptions(Utils.splitOptions("-loss squared -penalty elasticnet -alpha 0.5 -select bic -num-lambdas 15"));
    weka.buildClassifier(reg);
    assertSameModel(path.selectedFit(), weka, reg, false);
  }

  @Test
  void oneVersusRestHingeAtAFixedLambda() throws Exception {
    Instances iris = SMEMTestData.iris();
    FitOptions options = FitOptions.defaults().withLoss(Loss.byName("hinge")).withLambda(0.05);
    FitResult engine = SmEm.fit(engineData(iris), options);
    SMEM weka = new SMEM();
    weka.setOptions(Utils.splitOptions("-loss hinge -lambda 0.05"));
    weka.buildClassifier(iris);
    double[][] coef = engine.coefficients();
    for (int r = 0; r < 3; r++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(coef[r][j], weka.coefficients()[r][j], TOL);
      }
    }
    double[][] eta = Evaluation.scores(engine, engineData(iris).x());
    for (int i = 0; i < iris.numInstances(); i++) {
      int expected = Evaluation.predictClass(eta, i);
      assertEquals(expected, (int) weka.classifyInstance(iris.instance(i)));
    }
  }
}
