package weka.gui.explorer;

import java.awt.BorderLayout;
import java.awt.Dimension;
import java.util.ArrayList;
import java.util.List;
import javax.swing.BorderFactory;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JTabbedPane;
import javax.swing.SwingConstants;
import weka.classifiers.Classifier;
import weka.classifiers.SingleClassifierEnhancer;
import weka.classifiers.functions.SMEM;
import weka.classifiers.functions.smem.PathSummary;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;
import weka.gui.visualize.PlotData2D;

/**
 * "Plot regularization path" in the Explorer's Classify panel: for the selected result-list entry of an
 * {@link SMEM} run (with "Output model" ticked, the default), draws the coefficient paths (one tab per class for a
 * multi-class model) and the cross-validation curve (mean held-out deviance ± one standard error, or the AIC/BIC/EBIC
 * curve) against log10(lambda), with the selected lambda marked, using Weka's own {@code VisualizePanel}. Found by
 * the Explorer because it lives in {@code weka.gui.explorer} (and is listed in the package's PluginManager.props).
 */
public class SMEMPathPlotLauncher implements ClassifierPanelLaunchHandlerPlugin {

  /** Label of the Classify panel's button. */
  public static final String LAUNCH_COMMAND = "Plot regularization path";

  /** Series name of the vertical line at the selected lambda. */
  public static final String SELECTED_SERIES = "(selected lambda)";

  protected ClassifierPanel m_Panel;

  @Override
  public void setClassifierPanel(ClassifierPanel p) {
    m_Panel = p;
  }

  @Override
  public String getLaunchCommand() {
    return LAUNCH_COMMAND;
  }

  @Override
  public void launch() {
    Object selected = m_Panel == null ? null : m_Panel.getResultHistory().getSelectedObject();
    SMEM model = findModel(selected);
    if (model == null) {
      JOptionPane.showMessageDialog(m_Panel, "Select an SMEM result in the result list first (run SMEM with "
        + "\"Output model\" ticked in \"More options...\").", LAUNCH_COMMAND, JOptionPane.INFORMATION_MESSAGE);
      return;
    }
    JFrame frame = new JFrame("SMEM regularization path"
      + (model.trainingRelationName() == null ? "" : ": " + model.trainingRelationName()));
    frame.getContentPane().setLayout(new BorderLayout());
    frame.getContentPane().add(createPlots(model), BorderLayout.CENTER);
    frame.setDefaultCloseOperation(JFrame.DISPOSE_ON_CLOSE);
    frame.setSize(900, 650);
    frame.setLocationRelativeTo(m_Panel);
    frame.setVisible(true);
  }

  /**
   * The SMEM model in a result-list entry: the entry itself, an element of the entry's list (the Classify panel
   * stores {@code [classifier, header, ...]}), or the base classifier of a wrapper such as FilteredClassifier.
   */
  public static SMEM findModel(Object entry) {
    if (entry instanceof SMEM) {
      return (SMEM) entry;
    }
    if (entry instanceof SingleClassifierEnhancer) {
      Classifier base = ((SingleClassifierEnhancer) entry).getClassifier();
      return base == entry ? null : findModel(base);
    }
    if (entry instanceof List) {
      for (Object o : (List<?>) entry) {
        SMEM m = findModel(o);
        if (m != null) {
          return m;
        }
      }
    }
    return null;
  }

  /** The tabs of the window: coefficient paths per model row, then the selection curve. Works headless. */
  public static JComponent createPlots(SMEM model) {
    JTabbedPane tabs = new JTabbedPane();
    PathSummary path = model.isBuilt() ? model.path() : null;
    if (path == null) {
      String why = !model.isBuilt() ? "The model has not been built."
        : Double.isNaN(model.selectedLambda()) ? "No linear model was fitted (see the model output)."
          : "This model was fitted at a single lambda (" + model.selectedLambda() + "); there is no path to plot. "
            + "Set lambda to 0 (automatic) to select it along a path.";
      tabs.addTab("Path", message(why));
      return tabs;
    }
    String[] rows = model.rowNames();
    try {
      if (path.hasCoefficientPaths()) {
        for (int r = 0; r < rows.length; r++) {
          String title = rows.length == 1 ? "Coefficient paths" : "Coefficients: " + rows[r];
          tabs.addTab(title, visualize(coefficientPlot(model, path, r), title));
        }
      } else {
        tabs.addTab("Coefficient paths", message("The coefficient paths were too large to keep in the model ("
          + "more than " + PathSummary.MAX_STORED_COEFFICIENTS + " numbers)."));
      }
      String title = path.hasCrossValidation() ? "Cross-validation" : path.rule().toUpperCase();
      tabs.addTab(title, visualize(criterionPlot(path), title));
    } catch (Exception e) {
      tabs.addTab("Error", message("Could not plot the path: " + e.getMessage()));
    }
    return tabs;
  }

  private static JComponent message(String text) {
    JLabel label = new JLabel("<html>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</html>",
      SwingConstants.CENTER);
    label.setBorder(BorderFactory.createEmptyBorder(20, 20, 20, 20));
    JPanel p = new JPanel(new BorderLayout());
    p.add(label, BorderLayout.CENTER);
    p.setPreferredSize(new Dimension(600, 200));
    return p;
  }

  private static weka.gui.visualize.VisualizePanel visualize(PlotData2D data, String name) throws Exception {
    // Fully qualified: in weka.gui.explorer the simple name means the Explorer's Visualize tab.
    weka.gui.visualize.VisualizePanel vp = new weka.gui.visualize.VisualizePanel();
    vp.setName(name);
    vp.addPlot(data);
    vp.setXIndex(0);
    vp.setYIndex(1);
    vp.setColourIndex(2, true);
    return vp;
  }

  private static double log10(double lambda) {
    return lambda > 0 ? Math.log10(lambda) : Double.NaN;
  }

  /**
   * The coefficient paths of model row {@code row}: one connected line per attribute (x = log10 lambda, y = the
   * coefficient in original units, colour = the attribute), plus a vertical line at the selected lambda.
   */
  public static PlotData2D coefficientPlot(SMEM model, PathSummary path, int row) throws Exception {
    String[] names = model.featureNames();
    double[] lambda = path.lambda();
    List<String> terms = new ArrayList<String>();
    for (String n : names) {
      terms.add(n);
    }
    String marker = SELECTED_SERIES;
    while (terms.contains(marker)) {
      marker = marker + "'";
    }
    terms.add(marker);
    ArrayList<Attribute> atts = new ArrayList<Attribute>();
    atts.add(new Attribute("log10(lambda)"));
    atts.add(new Attribute("coefficient"));
    atts.add(new Attribute("attribute", terms));
    atts.add(new Attribute("lambda"));
    String rowName = model.rowNames()[row];
    Instances data = new Instances("SMEM coefficient paths (" + rowName + ")", atts,
      names.length * lambda.length + 2);
    List<Boolean> connect = new ArrayList<Boolean>();
    double min = 0;
    double max = 0;
    for (int j = 0; j < names.length; j++) {
      double[] beta = path.coefficientPath(row, j);
      for (int l = 0; l < lambda.length; l++) {
        data.add(new DenseInstance(1.0, new double[] {log10(lambda[l]), beta[l], j, lambda[l]}));
        connect.add(l > 0);
        min = Math.min(min, beta[l]);
        max = Math.max(max, beta[l]);
      }
    }
    double sel = lambda[path.selected()];
    data.add(new DenseInstance(1.0, new double[] {log10(sel), min, names.length, sel}));
    connect.add(false);
    data.add(new DenseInstance(1.0, new double[] {log10(sel), max, names.length, sel}));
    connect.add(true);
    PlotData2D pd = new PlotData2D(data);
    pd.setPlotName(data.relationName());
    pd.m_displayAllPoints = true;
    pd.setConnectPoints(new ArrayList<Boolean>(connect));
    return pd;
  }

  /**
   * The selection curve: the mean cross-validated deviance with ±1 SE bars, or the information criterion, against
   * log10(lambda), plus a vertical line at the selected lambda.
   */
  public static PlotData2D criterionPlot(PathSummary path) throws Exception {
    boolean cv = path.hasCrossValidation();
    double[] lambda = path.lambda();
    double[] value = path.criterion();
    double[] se = cv ? path.cvSe() : null;
    List<String> series = new ArrayList<String>();
    String main = cv ? "CV deviance (mean)" : path.rule().toUpperCase();
    series.add(main);
    if (cv) {
      series.add("+/- 1 SE");
    }
    series.add(SELECTED_SERIES);
    ArrayList<Attribute> atts = new ArrayList<Attribute>();
    atts.add(new Attribute("log10(lambda)"));
    atts.add(new Attribute(cv ? "CV deviance" : path.rule().toUpperCase()));
    atts.add(new Attribute("series", series));
    atts.add(new Attribute("lambda"));
    atts.add(new Attribute("df"));
    double[] df = path.df();
    Instances data = new Instances(cv ? "SMEM cross-validation (" + path.folds() + " folds)"
      : "SMEM " + path.rule().toUpperCase(), atts, lambda.length * 3 + 2);
    List<Boolean> connect = new ArrayList<Boolean>();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int l = 0; l < lambda.length; l++) {
      data.add(new DenseInstance(1.0, new double[] {log10(lambda[l]), value[l], 0, lambda[l], df[l]}));
      connect.add(l > 0);
      if (Double.isFinite(value[l])) {
        min = Math.min(min, value[l]);
        max = Math.max(max, value[l]);
      }
    }
    if (cv) {
      for (int l = 0; l < lambda.length; l++) {
        double lo = value[l] - se[l];
        double hi = value[l] + se[l];
        data.add(new DenseInstance(1.0, new double[] {log10(lambda[l]), lo, 1, lambda[l], df[l]}));
        connect.add(false);
        data.add(new DenseInstance(1.0, new double[] {log10(lambda[l]), hi, 1, lambda[l], df[l]}));
        connect.add(true);
        if (Double.isFinite(lo) && Double.isFinite(hi)) {
          min = Math.min(min, lo);
          max = Math.max(max, hi);
        }
      }
    }
    if (!(min <= max)) {
      min = 0;
      max = 1;
    }
    int s = path.selected();
    int markerIndex = series.size() - 1;
    data.add(new DenseInstance(1.0, new double[] {log10(lambda[s]), min, markerIndex, lambda[s], df[s]}));
    connect.add(false);
    data.add(new DenseInstance(1.0, new double[] {log10(lambda[s]), max, markerIndex, lambda[s], df[s]}));
    connect.add(true);
    PlotData2D pd = new PlotData2D(data);
    pd.setPlotName(data.relationName());
    pd.m_displayAllPoints = true;
    pd.setConnectPoints(new ArrayList<Boolean>(connect));
    return pd;
  }
}
