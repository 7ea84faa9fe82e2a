package weka.classifiers.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import weka.classifiers.AbstractClassifier;
import weka.classifiers.Classifier;
import weka.core.Instances;
import weka.core.SerializationHelper;
import weka.core.Utils;

/** The model survives Java serialization (Weka's -d/-l, the Explorer's Save/Load model) and holds no engine types. */
class SMEMSerializationTest {

  @TempDir
  Path tmp;

  private void roundTrip(String options, Instances data) throws Exception {
    SMEM c = new SMEM();
    c.setOptions(Utils.splitOptions(options));
    c.buildClassifier(data);
    File file = tmp.resolve("smem.model").toFile();
    SerializationHelper.write(file.getAbsolutePath(), c);
    SMEM loaded = (SMEM) SerializationHelper.read(file.getAbsolutePath());
    assertEquals(c.toString(), loaded.toString());
    double[][] before = SMEMTestData.distributions(c, data);
    double[][] after = SMEMTestData.distributions(loaded, data);
    for (int i = 0; i < before.length; i++) {
      assertArrayEquals(before[i], after[i], 0.0, "instance " + i);
    }
    assertEquals(Utils.joinOptions(c.getOptions()), Utils.joinOptions(loaded.getOptions()));
    if (c.path() != null) {
      assertArrayEquals(c.path().cvMean(), loaded.path().cvMean(), 0.0);
      assertEquals(c.path().hasCoefficientPaths(), loaded.path().hasCoefficientPaths());
    }
    // a copy made the way Weka copies classifiers (serialization)
    Classifier copy = AbstractClassifier.makeCopy(c);
    assertTrue(copy instanceof SMEM && ((SMEM) copy).isBuilt());
  }

  @Test
  void defaultModelRoundTrip() throws Exception {
    roundTrip("-folds 5 -num-lambdas 15", SMEMTestData.iris());
  }

  @Test
  void nominalMissingAndSparsePreprocessingRoundTrip() throws Exception {
    roundTrip("-penalty lasso -folds 5 -num-lambdas 15", SMEMTestData.mixed(200, 8));
  }

  @Test
  void hingeAndSquaredRoundTrip() throws Exception {
    roundTrip("-loss hinge -lambda 0.1", SMEMTestData.iris());
    roundTrip("-loss squared -select bic -num-lambdas 10", SMEMTestData.irisRegression());
  }

  @Test
  void constantModelRoundTrip() throws Exception {
    Instances data = SMEMTestData.gaussianClasses(10, 2, 2, 1);
    for (int i = 0; i < data.numInstances(); i++) {
      data.instance(i).setClassValue(0);
    }
    roundTrip("", data);
  }

  @Test
  void serializedFieldsHoldNoEngineTypes() throws Exception {
    for (Class<?> k = SMEM.class; k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        assertFalse(Modifier.isTransient(f.getModifiers()), f + " is transient: it would be lost by -d/-l");
        assertFalse(f.getType().getName().startsWith("io.smem"), f + " holds an engine type");
      }
    }
    SMEM c = new SMEM();
    c.setOptions(Utils.splitOptions("-folds 3 -num-lambdas 5"));
    c.buildClassifier(SMEMTestData.iris());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    String stream = new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertFalse(stream.contains("io.smem"), "no engine class in the serialized model");
    assertTrue(stream.contains("weka.classifiers.functions.smem.PathSummary"));
  }
}
