package weka.classifiers.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import weka.core.Instances;
import weka.core.Utils;

/**
 * SMEM and the engine's command line give the same model on the same file. The CLI sorts class labels (glmnet's
 * factor levels) and scores {@code classes[1]} as positive; Weka scores its class value 1: the test maps one onto the
 * other by name.
 */
class SMEMCliAgreementTest {

  @Test
  void binaryLassoAgreesWithTheCli(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("model.json");
    int exit = io.smem.cli.Main.run("fit", "--data", "../datasets/breast-cancer.arff", "--penalty", "lasso",
      "--lambda", "0.01", "--json", json.toString());
    assertEquals(0, exit);
    JsonNode doc = new ObjectMapper().readTree(json.toFile());

    Instances data = SMEMTestData.breastCancer();
    SMEM weka = new SMEM();
    weka.setOptions(Utils.splitOptions("-penalty lasso -lambda 0.01"));
    weka.buildClassifier(data);

    String cliPositive = doc.get("classes").get(1).asText();
    String wekaPositive = data.classAttribute().value(1);
    double sign = cliPositive.equals(wekaPositive) ? 1 : -1;
    double[] coef = weka.coefficients()[0];
    JsonNode cliCoef = doc.get("coefficients").get(0);
    assertEquals(cliCoef.size(), coef.length);
    for (int j = 0; j < coef.length; j++) {
      assertEquals(doc.get("features").get(j).asText(), weka.featureNames()[j]);
      assertEquals(sign * cliCoef.get(j).asDouble(), coef[j], 1e-8, "coefficient " + j);
    }
    assertEquals(sign * doc.get("intercepts").get(0).asDouble(), weka.intercepts()[0], 1e-8);
    assertEquals(doc.get("nonZeros").asInt(), (int) weka.getMeasure("measureNumNonZero"));
  }
}
