package weka.classifiers.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import weka.core.CheckGOE;
import weka.core.CheckOptionHandler;
import weka.core.Option;
import weka.core.SelectedTag;
import weka.core.TechnicalInformation;
import weka.core.Utils;

/** Options: defaults, the lambda convention, round trips, letters, Weka's CheckOptionHandler and CheckGOE. */
class SMEMOptionsTest {

  /** Options that Weka's Evaluation, AbstractClassifier and RandomizableClassifier consume themselves. */
  private static final List<String> TAKEN = Arrays.asList("t", "T", "c", "x", "s", "m", "l", "d", "v", "o", "k",
    "r", "g", "z", "p", "h", "help", "synopsis", "info", "split-percentage", "preserve-order", "no-cv",
    "classifications", "threshold-file", "threshold-label", "toggle", "force-batch-training",
    "output-models-for-training-splits", "do-not-output-per-class-statistics", "no-predictions",
    "continue-iterating", "clean-up", "xml", "distribution", "i");

  @Test
  void defaultsAreTheTuningFreeModel() {
    SMEM c = new SMEM();
    assertEquals(SMEM.LOSS_LOGISTIC, c.getLoss().getSelectedTag().getID());
    assertEquals(SMEM.PENALTY_RIDGE, c.getPenalty().getSelectedTag().getID());
    assertEquals(0.0, c.getLambda());
    assertEquals(SMEM.SELECT_CV_MIN, c.getSelectionRule().getSelectedTag().getID());
    assertEquals(10, c.getNumFolds());
    assertEquals(40, c.getNumLambdas());
    assertEquals(1, c.getSeed());
    assertTrue(c.getStandardize());
    assertEquals(SMEM.ACCEL_AUTO, c.getAcceleration().getSelectedTag().getID());
    assertEquals(4, c.getNumDecimalPlaces());
    assertEquals("-loss logistic -penalty ridge -select cv-min -folds 10 -num-lambdas 40 -S 1 -num-decimal-places 4",
      Utils.joinOptions(c.getOptions()));
  }

  @Test
  void emptyOptionsRestoreTheDefaults() throws Exception {
    SMEM c = new SMEM();
    c.setOptions(Utils.splitOptions("-loss hinge -penalty lasso -lambda 0.5 -folds 5 -no-standardize -S 7"));
    c.setOptions(new String[0]);
    assertEquals(Utils.joinOptions(new SMEM().getOptions()), Utils.joinOptions(c.getOptions()));
  }

  @Test
  void lambdaAbsentOrNonPositiveMeansAutomatic() throws Exception {
    SMEM c = new SMEM();
    c.setOptions(Utils.splitOptions("-lambda 0.25"));
    assertEquals(0.25, c.getLambda());
    assertTrue(Utils.joinOptions(c.getOptions()).contains("-lambda 0.25"));
    assertFalse(Utils.joinOptions(c.getOptions()).contains("-select"), "path options are omitted for a fixed lambda");
    c.setOptions(new String[0]);
    assertEquals(0.0, c.getLambda(), "an absent -lambda resets to automatic");
    for (String v : new String[] {"0", "-1"}) {
      c.setOptions(new String[] {"-lambda", v});
      assertFalse(Arrays.asList(c.getOptions()).contains("-lambda"), "-lambda " + v + " is automatic");
      assertTrue(Utils.joinOptions(c.getOptions()).contains("-select cv-min"));
    }
  }

  @Test
  void everyOptionRoundTrips() throws Exception {
    String all = "-loss squared -penalty bridge -alpha 0.3 -bridge-q 0.7 -select ebic -folds 4 -num-lambdas 12 "
      + "-lambda-min-ratio 0.001 -no-standardize -acceleration squarem -tolerance 1.0E-8 -kkt-tolerance 1.0E-6 "
      + "-max-iterations 300 -solver cg -num-slots 2 -S 5 -num-decimal-places 3";
    SMEM c = new SMEM();
    c.setOptions(Utils.splitOptions(all));
    String[] first = c.getOptions();
    SMEM d = new SMEM();
    d.setOptions(first.clone());
    assertArrayEquals(first, d.getOptions());
    assertEquals(SMEM.LOSS_SQUARED, d.getLoss().getSelectedTag().getID());
    assertEquals(SMEM.PENALTY_BRIDGE, d.getPenalty().getSelectedTag().getID());
    assertEquals(0.3, d.getAlpha());
    assertEquals(0.7, d.getBridgeQ());
    assertEquals(SMEM.SELECT_EBIC, d.getSelectionRule().getSelectedTag().getID());
    assertEquals(4, d.getNumFolds());
    assertEquals(12, d.getNumLambdas());
    assertEquals(0.001, d.getLambdaMinRatio());
    assertFalse(d.getStandardize());
    assertEquals(SMEM.ACCEL_SQUAREM, d.getAcceleration().getSelectedTag().getID());
    assertEquals(1e-8, d.getTolerance());
    assertEquals(1e-6, d.getKktTolerance());
    assertEquals(300, d.getMaxIterations());
    assertEquals(SMEM.SOLVER_CG, d.getSolver().getSelectedTag().getID());
    assertEquals(2, d.getNumExecutionSlots());
    assertEquals(5, d.getSeed());
    assertEquals(3, d.getNumDecimalPlaces());
  }

  @Test
  void enumerationsAcceptNamesReadableTextAndIds() throws Exception {
    SMEM c = new SMEM();
    c.setOptions(new String[] {"-loss", "HINGE"});
    assertEquals(SMEM.LOSS_HINGE, c.getLoss().getSelectedTag().getID());
    c.setOptions(new String[] {"-penalty", "2"});
    assertEquals(SMEM.PENALTY_ELASTICNET, c.getPenalty().getSelectedTag().getID());
    Exception e = assertThrows(Exception.class, () -> new SMEM().setOptions(new String[] {"-select", "loo"}));
    assertTrue(e.getMessage().contains("cv-min, cv-1se, aic, bic, ebic"), e.getMessage());
    e = assertThrows(Exception.class, () -> new SMEM().setOptions(new String[] {"-folds", "ten"}));
    assertTrue(e.getMessage().contains("-folds"), e.getMessage());
    e = assertThrows(Exception.class, () -> new SMEM().setOptions(new String[] {"-bogus"}));
    assertTrue(e.getMessage().contains("bogus"), e.getMessage());
  }

  @Test
  void selectedTagPropertiesUseTheirTagArrays() {
    SMEM c = new SMEM();
    c.setSelectionRule(new SelectedTag(SMEM.SELECT_BIC, SMEM.TAGS_SELECTION));
    c.setAcceleration(new SelectedTag("restart", SMEM.TAGS_ACCELERATION));
    c.setSolver(new SelectedTag(SMEM.SOLVER_CHOLESKY, SMEM.TAGS_SOLVER));
    assertEquals("bic", c.getSelectionRule().getSelectedTag().getIDStr());
    assertEquals("restart", c.getAcceleration().getSelectedTag().getIDStr());
    assertEquals("cholesky", c.getSolver().getSelectedTag().getIDStr());
  }

  @Test
  void optionNamesDoNotClashWithWekasOwn() {
    List<String> ours = new ArrayList<String>();
    for (Option o : Collections.list(new SMEM().listOptions())) {
      ours.add(o.name().startsWith("-") ? o.name().substring(1) : o.name());
    }
    for (String name : ours) {
      if (name.equals("S")) {
        continue; // RandomizableClassifier's seed, used as intended
      }
      assertFalse(TAKEN.contains(name), "option -" + name + " is taken by Weka's evaluation");
    }
    assertTrue(ours.containsAll(Arrays.asList("loss", "penalty", "alpha", "bridge-q", "lambda", "select", "folds",
      "num-lambdas", "lambda-min-ratio", "no-standardize", "acceleration", "tolerance", "kkt-tolerance",
      "max-iterations", "solver", "num-slots", "S")), ours.toString());
    assertEquals(ours.size(), new java.util.HashSet<String>(ours).size(), "no option is listed twice");
  }

  @Test
  void wekaCheckOptionHandlerPassesWithNonDefaultOptions() throws Exception {
    CheckOptionHandler check = new CheckOptionHandler();
    check.setOptionHandler(new SMEM());
    check.setUserOptions(Utils.splitOptions(
      "-loss hinge -penalty elasticnet -alpha 0.8 -lambda 0.01 -acceleration restart -S 3 -num-slots 1"));
    check.setSilent(true);
    assertTrue(check.checkListOptions());
    assertTrue(check.checkSetOptions());
    assertTrue(check.checkDefaultOptions());
    assertTrue(check.checkRemainingOptions());
    assertTrue(check.checkCanonicalUserOptions());
  }

  @Test
  void wekaCheckGOEPasses() {
    CheckGOE check = new CheckGOE();
    check.setObject(new SMEM());
    check.setSilent(true);
    assertTrue(check.checkGlobalInfo());
    assertTrue(check.checkToolTips());
  }

  @Test
  void globalInfoStatesTheDefaultsAndCitesThePaper() {
    SMEM c = new SMEM();
    String info = c.globalInfo();
    assertTrue(info.contains("logistic loss with a ridge penalty"), info);
    assertTrue(info.contains("10-fold cross-validation"), info);
    assertTrue(info.contains("Polson"), info);
    TechnicalInformation ti = c.getTechnicalInformation();
    assertEquals("N. Polson and V. Sokolov", ti.getValue(TechnicalInformation.Field.AUTHOR));
    assertEquals("Fast Compute for ML Optimization", ti.getValue(TechnicalInformation.Field.TITLE));
    assertEquals("2026", ti.getValue(TechnicalInformation.Field.YEAR));
    assertTrue(ti.toBibTex().contains("2602.14280"));
  }

  @Test
  void toStringBeforeTraining() {
    assertEquals("SMEM: No model built yet.", new SMEM().toString());
    assertNull(new SMEM().path());
  }
}
