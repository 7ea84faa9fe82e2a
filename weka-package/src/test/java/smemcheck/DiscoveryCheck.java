package smemcheck;

import java.util.List;
import weka.core.PluginManager;
import weka.core.WekaPackageClassLoaderManager;
import weka.core.WekaPackageManager;
import weka.gui.GenericObjectEditor;

/**
 * Run by PackageInstallIT in a child JVM whose class path is Weka alone (plus this class): after the installed
 * packages are loaded the way the GUIs load them, is SMEM in the classifier tree under functions, and is the path
 * launcher registered for the Classify panel?
 */
public final class DiscoveryCheck {

  private DiscoveryCheck() {
  }

  public static void main(String[] args) throws Exception {
    WekaPackageManager.loadPackages(false);
    GenericObjectEditor.determineClasses();
    List<String> classifiers = PluginManager.getPluginNamesOfTypeList("weka.classifiers.Classifier");
    System.out.println("classifier listed: " + classifiers.contains("weka.classifiers.functions.SMEM"));
    List<String> launchers =
      PluginManager.getPluginNamesOfTypeList("weka.gui.explorer.ClassifierPanelLaunchHandlerPlugin");
    System.out.println("launchers: " + launchers);
    Object smem = WekaPackageClassLoaderManager.objectForName("weka.classifiers.functions.SMEM");
    System.out.println("instantiated: " + smem.getClass().getName());
    Object launcher = WekaPackageClassLoaderManager.objectForName("weka.gui.explorer.SMEMPathPlotLauncher");
    System.out.println("launch command: "
      + ((weka.gui.explorer.ClassifierPanelLaunchHandlerPlugin) launcher).getLaunchCommand());
  }
}
