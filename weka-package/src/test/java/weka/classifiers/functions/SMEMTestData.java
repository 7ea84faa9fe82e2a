package weka.classifiers.functions;

import java.io.File;
import java.io.FileReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Utils;

/** Data sets for the SMEM tests: the project's ARFF files and seeded synthetic data. */
final class SMEMTestData {

  private SMEMTestData() {
  }

  /** The project's datasets directory (surefire sets smem.weka.datasets; ../datasets from the module otherwise). */
  static File datasets() {
    return new File(System.getProperty("smem.weka.datasets", "../datasets"));
  }

  static Instances arff(String name) throws IOException {
    try (Reader r = new FileReader(new File(datasets(), name))) {
      Instances data = new Instances(r);
      data.setClassIndex(data.numAttributes() - 1);
      return data;
    }
  }

  /** Iris: 150 × 4 numeric, 3 classes. */
  static Instances iris() throws IOException {
    return arff("iris.arff");
  }

  /** Wisconsin breast cancer: 569 × 30 numeric, 2 classes. */
  static Instances breastCancer() throws IOException {
    return arff("breast-cancer.arff");
  }

  /**
   * A seeded mixed data set: numeric x1, x2; nominal colour {red, green, blue} (3 indicators); binary nominal
   * size {small, large} (one indicator); a constant attribute (removed as useless); about 10% missing predictor
   * values; the class {no, yes} depends on x1, colour and size.
   */
  static Instances mixed(int n, long seed) {
    ArrayList<Attribute> atts = new ArrayList<Attribute>();
    atts.add(new Attribute("x1"));
    atts.add(new Attribute("x2"));
    atts.add(new Attribute("colour", Arrays.asList("red", "green", "blue")));
    atts.add(new Attribute("size", Arrays.asList("small", "large")));
    atts.add(new Attribute("constant"));
    atts.add(new Attribute("class", Arrays.asList("no", "yes")));
    Instances data = new Instances("mixed", atts, n);
    data.setClassIndex(5);
    Random rnd = new Random(seed);
    for (int i = 0; i < n; i++) {
      double x1 = rnd.nextGaussian();
      double x2 = rnd.nextGaussian();
      int colour = rnd.nextInt(3);
      int size = rnd.nextInt(2);
      double score = 1.5 * x1 + (colour == 2 ? 1.0 : colour == 0 ? -1.0 : 0.0) + (size == 1 ? 0.8 : -0.8);
      int cls = rnd.nextDouble() < 1 / (1 + Math.exp(-score)) ? 1 : 0;
      double[] v = {x1, x2, colour, size, 3.0, cls};
      for (int a = 0; a < 4; a++) {
        if (rnd.nextDouble() < 0.1) {
          v[a] = Utils.missingValue();
        }
      }
      data.add(new DenseInstance(1.0, v));
    }
    return data;
  }

  /** Seeded Gaussian data with {@code k} classes whose means differ in the first attributes. */
  static Instances gaussianClasses(int n, int p, int k, long seed) {
    ArrayList<Attribute> atts = new ArrayList<Attribute>();
    for (int j = 0; j < p; j++) {
      atts.add(new Attribute("x" + (j + 1)));
    }
    List<String> labels = new ArrayList<String>();
    for (int c = 0; c < k; c++) {
      labels.add("c" + c);
    }
    atts.add(new Attribute("class", labels));
    Instances data = new Instances("gaussian", atts, n);
    data.setClassIndex(p);
    Random rnd = new Random(seed);
    for (int i = 0; i < n; i++) {
      int c = rnd.nextInt(k);
      double[] v = new double[p + 1];
      for (int j = 0; j < p; j++) {
        v[j] = rnd.nextGaussian() + (j < k ? (j == c ? 1.0 : 0.0) : 0.0);
      }
      v[p] = c;
      data.add(new DenseInstance(1.0, v));
    }
    return data;
  }

  /** Iris with petal width (numeric) as the class: a regression problem with a nominal predictor. */
  static Instances irisRegression() throws IOException {
    Instances data = iris();
    data.setClassIndex(3);
    return data;
  }

  static double[][] distributions(weka.classifiers.Classifier c, Instances data) throws Exception {
    double[][] out = new double[data.numInstances()][];
    for (int i = 0; i < out.length; i++) {
      Instance inst = data.instance(i);
      out[i] = c.distributionForInstance(inst);
    }
    return out;
  }
}
