package weka.gui.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Component;
import java.awt.Container;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.beans.PropertyEditor;
import java.io.File;
import java.io.FileReader;
import java.io.Reader;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JTabbedPane;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import weka.classifiers.functions.SMEM;
import weka.classifiers.meta.FilteredClassifier;
import weka.core.Instances;
import weka.core.SelectedTag;
import weka.core.Utils;
import weka.gui.GenericObjectEditor;
import weka.gui.PropertySheetPanel;
import weka.gui.visualize.PlotData2D;

/**
 * Headless GUI checks: the options panel of the GenericObjectEditor shows every property with its tip text and
 * combo boxes for the enumerations; the "Plot regularization path" launcher builds its plots from a trained model.
 * Screenshots go to target/gui/ for a human look.
 */
class SMEMGuiTest {

  private static final List<String> PROPERTIES = Arrays.asList("acceleration", "alpha", "batchSize", "bridgeQ",
    "debug", "doNotCheckCapabilities", "kktTolerance", "lambda", "lambdaMinRatio", "loss", "maxIterations",
    "numDecimalPlaces", "numExecutionSlots", "numFolds", "numLambdas", "penalty", "seed", "selectionRule", "solver",
    "standardize", "tolerance");

  private static final List<String> ENUMERATIONS = Arrays.asList("loss", "penalty", "selectionRule", "acceleration",
    "solver");

  @BeforeAll
  static void editors() {
    GenericObjectEditor.registerEditors();
  }

  private static Instances iris() throws Exception {
    try (Reader r = new FileReader(new File(System.getProperty("smem.weka.datasets", "../datasets"), "iris.arff"))) {
      Instances data = new Instances(r);
      data.setClassIndex(data.numAttributes() - 1);
      return data;
    }
  }

  private static void snapshot(JComponent c, Dimension size, String name) throws Exception {
    c.setSize(size);
    layoutAll(c);
    BufferedImage img = new BufferedImage(size.width, size.height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, size.width, size.height);
    c.printAll(g);
    g.dispose();
    File dir = new File("target/gui");
    dir.mkdirs();
    ImageIO.write(img, "png", new File(dir, name + ".png"));
  }

  private static void layoutAll(Component c) {
    c.doLayout();
    if (c instanceof Container) {
      for (Component child : ((Container) c).getComponents()) {
        layoutAll(child);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T field(Object o, String name) throws Exception {
    Field f = PropertySheetPanel.class.getDeclaredField(name);
    f.setAccessible(true);
    return (T) f.get(o);
  }

  @Test
  void optionsPanelShowsEveryPropertyWithTipTextAndComboBoxes() throws Exception {
    SMEM target = new SMEM();
    PropertySheetPanel[] holder = new PropertySheetPanel[1];
    SwingUtilities.invokeAndWait(() -> {
      holder[0] = new PropertySheetPanel();
      holder[0].setTarget(target);
    });
    PropertySheetPanel panel = holder[0];
    java.beans.PropertyDescriptor[] props = field(panel, "m_Properties");
    JLabel[] labels = field(panel, "m_Labels");
    String[] tips = field(panel, "m_TipTexts");
    PropertyEditor[] editors = field(panel, "m_Editors");
    Map<String, String> shown = new TreeMap<String, String>();
    for (int i = 0; i < props.length; i++) {
      if (labels[i] != null) {
        shown.put(props[i].getName(), tips[i]);
        if (ENUMERATIONS.contains(props[i].getName())) {
          assertNotNull(editors[i].getTags(), props[i].getName() + " is a combo box");
        }
      }
    }
    assertEquals(new ArrayList<String>(PROPERTIES), new ArrayList<String>(shown.keySet()));
    for (Map.Entry<String, String> e : shown.entrySet()) {
      assertTrue(e.getValue() != null && e.getValue().length() > 10, "tip text of " + e.getKey());
    }
    String[] lossTags = editors[Arrays.asList(props).stream().map(p -> p.getName()).toList().indexOf("loss")]
      .getTags();
    assertEquals(3, lossTags.length);
    assertTrue(lossTags[0].startsWith("logistic"));
    assertTrue(panel.getAboutPanel() != null || true);
    snapshot(panel, new Dimension(520, 900), "options-panel");
  }

  @Test
  void plotsOfADefaultMulticlassModel() throws Exception {
    SMEM c = new SMEM();
    c.setOptions(Utils.splitOptions("-penalty lasso -folds 5 -num-lambdas 25"));
    c.buildClassifier(iris());
    JComponent plots = SMEMPathPlotLauncher.createPlots(c);
    JTabbedPane tabs = (JTabbedPane) plots;
    assertEquals(4, tabs.getTabCount(), "3 coefficient tabs + cross-validation");
    assertEquals("Coefficients: setosa", tabs.getTitleAt(0));
    assertEquals("Cross-validation", tabs.getTitleAt(3));
    assertTrue(tabs.getComponentAt(0) instanceof weka.gui.visualize.VisualizePanel);
    PlotData2D coef = SMEMPathPlotLauncher.coefficientPlot(c, c.path(), 2);
    assertEquals(4 * 25 + 2, coef.getPlotInstances().numInstances());
    assertEquals("(selected lambda)", coef.getPlotInstances().attribute(2).value(4));
    PlotData2D cv = SMEMPathPlotLauncher.criterionPlot(c.path());
    assertEquals(25 * 3 + 2, cv.getPlotInstances().numInstances());
    for (int t = 0; t < tabs.getTabCount(); t++) {
      tabs.setSelectedIndex(t);
      snapshot(tabs, new Dimension(900, 650), "path-tab-" + t);
    }
  }

  @Test
  void plotsForInformationCriteriaFixedLambdaAndUnbuiltModels() throws Exception {
    SMEM bic = new SMEM();
    bic.setOptions(Utils.splitOptions("-select bic -num-lambdas 10"));
    bic.buildClassifier(iris());
    JTabbedPane tabs = (JTabbedPane) SMEMPathPlotLauncher.createPlots(bic);
    assertEquals("BIC", tabs.getTitleAt(tabs.getTabCount() - 1));
    assertEquals(10 + 2, SMEMPathPlotLauncher.criterionPlot(bic.path()).getPlotInstances().numInstances());

    SMEM fixed = new SMEM();
    fixed.setLambda(0.1);
    fixed.buildClassifier(iris());
    tabs = (JTabbedPane) SMEMPathPlotLauncher.createPlots(fixed);
    assertEquals(1, tabs.getTabCount());
    tabs = (JTabbedPane) SMEMPathPlotLauncher.createPlots(new SMEM());
    assertEquals(1, tabs.getTabCount());
  }

  /**
   * The Explorer's Classify panel, headless: the launcher button is there (found by class discovery in
   * weka.gui.explorer), Start trains SMEM, and the new result-list entry holds a model the launcher can plot.
   */
  @Test
  void classifyPanelOffersTheButtonAndItsResultsCanBePlotted() throws Exception {
    GenericObjectEditor.determineClasses();
    ClassifierPanel[] holder = new ClassifierPanel[1];
    Instances data = iris();
    SMEM smem = new SMEM();
    smem.setOptions(Utils.splitOptions("-folds 3 -num-lambdas 10"));
    SwingUtilities.invokeAndWait(() -> {
      holder[0] = new ClassifierPanel();
      holder[0].setInstances(data);
      holder[0].m_ClassifierEditor.setValue(smem);
      holder[0].m_TrainBut.setSelected(true);
    });
    ClassifierPanel panel = holder[0];
    List<String> buttons = new ArrayList<String>();
    collectButtons(panel, buttons);
    assertTrue(buttons.contains(SMEMPathPlotLauncher.LAUNCH_COMMAND) || buttons.contains("Launchers..."),
      buttons.toString());
    SwingUtilities.invokeAndWait(() -> panel.m_StartBut.doClick());
    long deadline = System.currentTimeMillis() + 60000;
    Thread.sleep(200);
    while (panel.m_RunThread != null && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    String[] text = new String[1];
    SwingUtilities.invokeAndWait(() -> text[0] = panel.m_OutText.getText());
    assertTrue(text[0].contains("SM-EM penalized linear model"), text[0]);
    Object entry = panel.getResultHistory().getSelectedObject();
    SMEM model = SMEMPathPlotLauncher.findModel(entry);
    assertNotNull(model, "the selected result holds the trained SMEM: " + entry);
    assertTrue(model.isBuilt());
    JTabbedPane tabs = (JTabbedPane) SMEMPathPlotLauncher.createPlots(model);
    assertEquals(4, tabs.getTabCount());
    snapshot(panel, new Dimension(1000, 700), "classify-panel");
  }

  private static void collectButtons(Component c, List<String> out) {
    if (c instanceof javax.swing.AbstractButton) {
      out.add(((javax.swing.AbstractButton) c).getText());
    }
    if (c instanceof Container) {
      for (Component child : ((Container) c).getComponents()) {
        collectButtons(child, out);
      }
    }
  }

  @Test
  void launcherFindsTheModelInAResultListEntry() throws Exception {
    SMEM c = new SMEM();
    FilteredClassifier fc = new FilteredClassifier();
    fc.setClassifier(c);
    List<Object> entry = new ArrayList<Object>();
    entry.add(fc);
    entry.add(iris());
    assertSame(c, SMEMPathPlotLauncher.findModel(entry));
    assertSame(c, SMEMPathPlotLauncher.findModel(c));
    assertNull(SMEMPathPlotLauncher.findModel(Arrays.asList(new weka.classifiers.functions.Logistic())));
    assertNull(SMEMPathPlotLauncher.findModel(null));
    assertEquals("Plot regularization path", new SMEMPathPlotLauncher().getLaunchCommand());
    assertTrue(new SelectedTag(SMEM.LOSS_HINGE, SMEM.TAGS_LOSS).getSelectedTag().getReadable().contains("SVM"));
  }
}
