package weka.classifiers.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import weka.core.Instances;
import weka.core.converters.ArffSaver;

/**
 * The package as a user gets it: the zip built by {@code mvn package} is checked, installed offline into a fresh
 * WEKA_HOME with Weka's package manager, and used from Weka's command line ({@code weka.Run -no-scan}) in child
 * JVMs whose class path is Weka alone — the package's classes come only from WEKA_HOME. Runs in the
 * integration-test phase (after the zip exists): {@code mvn verify}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageInstallIT {

  private static final String SMEM = "weka.classifiers.functions.SMEM";

  private static Path home;
  private static Path work;
  private static String wekaClasspath;
  private static File zip;

  @BeforeAll
  static void setUp() throws IOException {
    zip = new File(System.getProperty("smem.weka.zip", "target/smemLinear0.1.0.zip"));
    assertTrue(zip.isFile(), "run mvn package first: " + zip);
    Path base = Path.of(System.getProperty("smem.weka.it.dir", "target/it"));
    Files.createDirectories(base);
    home = Files.createTempDirectory(base, "weka-home");
    work = Files.createTempDirectory(base, "work");
    String file = System.getProperty("smem.weka.classpath.file", "target/weka-classpath.txt");
    // Weka's runtime class path only (weka-stable and what it needs); never our classes.
    wekaClasspath = Arrays.stream(Files.readString(Path.of(file)).trim().split(File.pathSeparator))
      .filter(e -> e.endsWith(".jar")).collect(Collectors.joining(File.pathSeparator));
    assertTrue(wekaClasspath.contains("weka-stable"));
    assertFalse(wekaClasspath.contains("smem"), wekaClasspath);
  }

  /** Runs {@code java -cp cp mainClass args} with the private WEKA_HOME, offline; returns stdout + stderr. */
  private static String run(String classpath, String mainClass, String... args) throws Exception {
    List<String> cmd = new ArrayList<String>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-DWEKA_HOME=" + home);
    cmd.add("-Dweka.packageManager.offline=true");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Xmx512m");
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
    pb.environment().put("WEKA_HOME", home.toString());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "timed out: " + cmd);
    String text = new String(out, StandardCharsets.UTF_8).lines()
      .filter(l -> !l.contains("ARPACK")).collect(Collectors.joining("\n"));
    assertEquals(0, p.exitValue(), "exit code of " + String.join(" ", cmd) + "\n" + text);
    return text;
  }

  private static String weka(String... args) throws Exception {
    List<String> all = new ArrayList<String>();
    all.add("-no-scan");
    all.add(SMEM);
    all.addAll(Arrays.asList(args));
    return run(wekaClasspath, "weka.Run", all.toArray(new String[0]));
  }

  private static String datasets(String name) {
    return new File(SMEMTestData.datasets(), name).getAbsolutePath();
  }

  @Test
  @Order(1)
  void zipLayout() throws IOException {
    List<String> names = new ArrayList<String>();
    try (ZipFile z = new ZipFile(zip)) {
      for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements();) {
        names.add(e.nextElement().getName());
      }
      String props = new String(z.getInputStream(z.getEntry("Description.props")).readAllBytes(),
        StandardCharsets.UTF_8);
      java.util.Properties p = new java.util.Properties();
      p.load(new java.io.StringReader(props));
      for (String key : new String[] {"PackageName", "Version", "Date", "Title", "Category", "Author", "Maintainer",
        "License", "Description", "URL", "Depends", "JVMVersion"}) {
        String v = p.getProperty(key);
        assertTrue(v != null && !v.isBlank() && !v.contains("${"), key + " = " + v);
      }
      assertEquals("smemLinear", p.getProperty("PackageName"));
      assertEquals("weka (>=3.8.0)", p.getProperty("Depends"));
      assertEquals(">16", p.getProperty("JVMVersion"));
      assertTrue(p.getProperty("Date").matches("\\d{4}-\\d{2}-\\d{2}"));
    }
    assertTrue(names.contains("Description.props"), "Description.props at the root: " + names);
    assertTrue(names.contains("smemLinear.jar"));
    assertTrue(names.stream().anyMatch(n -> n.matches("lib/smem-engine-.*\\.jar")), names.toString());
    assertTrue(names.contains("lib/commons-math3-3.6.1.jar"), names.toString());
    assertTrue(names.contains("PluginManager.props"));
    for (String n : names) {
      assertFalse(n.toLowerCase().contains("weka-stable") || n.matches("lib/weka.*"), "Weka is not shipped: " + n);
      assertFalse(n.startsWith("smemLinear/"), "no top-level folder: " + n);
      assertTrue(!n.endsWith(".jar") || n.equals("smemLinear.jar") || n.startsWith("lib/"), n);
    }
    assertEquals(3, names.stream().filter(n -> n.endsWith(".jar")).count(), "our jar, the engine, commons-math3");
  }

  @Test
  @Order(2)
  void installsOfflineAndLoads() throws Exception {
    String out = run(wekaClasspath, "weka.core.WekaPackageManager", "-offline", "-install-package",
      zip.getAbsolutePath());
    assertFalse(out.contains("Exception"), out);
    Path pkg = home.resolve("packages").resolve("smemLinear");
    assertTrue(Files.isRegularFile(pkg.resolve("Description.props")));
    assertTrue(Files.isRegularFile(pkg.resolve("smemLinear.jar")));
    assertTrue(Files.isRegularFile(pkg.resolve("lib").resolve("commons-math3-3.6.1.jar")));
    String list = run(wekaClasspath, "weka.core.WekaPackageManager", "-offline", "-list-packages", "installed");
    assertTrue(list.lines().anyMatch(l -> l.contains("smemLinear") && l.contains("Yes")), list);
  }

  @Test
  @Order(3)
  void trainingFileAloneGivesTrainingErrorAndCrossValidation() throws Exception {
    String out = weka("-t", datasets("iris.arff"), "-x", "5");
    for (String part : new String[] {"=== Classifier model (full training set) ===", "SM-EM penalized linear model",
      "multinomial logistic", "10-fold cross-validation", "=== Error on training data ===",
      "=== Stratified cross-validation ===", "Correctly Classified Instances", "=== Confusion Matrix ==="}) {
      assertTrue(out.contains(part), "missing '" + part + "' in\n" + out);
    }
  }

  @Test
  @Order(4)
  void separateTestFileSaveLoadAndClassifications() throws Exception {
    Instances iris = SMEMTestData.iris();
    iris.randomize(new java.util.Random(1));
    Instances train = new Instances(iris, 0, 100);
    Instances test = new Instances(iris, 100, 50);
    File trainFile = work.resolve("train.arff").toFile();
    File testFile = work.resolve("test.arff").toFile();
    save(train, trainFile);
    save(test, testFile);
    String model = work.resolve("smem.model").toString();
    String csv = "weka.classifiers.evaluation.output.prediction.CSV -distribution";

    String trained = weka("-t", trainFile.getPath(), "-T", testFile.getPath(), "-d", model, "-penalty", "lasso",
      "-folds", "5");
    assertTrue(new File(model).isFile());
    assertTrue(trained.contains("=== Error on test data ===") && trained.contains("lasso, pen(b) = |b|"), trained);
    String loaded = run(wekaClasspath, "weka.Run", "-no-scan", SMEM, "-l", model, "-T", testFile.getPath());
    assertTrue(loaded.contains("=== Error on test data ==="), loaded);
    assertEquals(summary(trained), summary(loaded), "same test-set statistics from the saved model");

    // Per-instance output: a fresh, deterministic training run and the reloaded model predict alike.
    List<String> fresh = predictionRows(weka("-t", trainFile.getPath(), "-T", testFile.getPath(), "-penalty",
      "lasso", "-folds", "5", "-classifications", csv));
    List<String> reloaded = predictionRows(run(wekaClasspath, "weka.Run", "-no-scan", SMEM, "-l", model, "-T",
      testFile.getPath(), "-classifications", csv));
    assertEquals(50, fresh.size());
    assertEquals(fresh, reloaded, "the reloaded model predicts exactly what the trained one did");
  }

  /**
   * The lines of the test-set summary (from "=== Error on test data ===" on), without timings and without the
   * relative errors, which need the training set's class priors that a -l run does not have.
   */
  private static List<String> summary(String output) {
    List<String> lines = output.lines().collect(Collectors.toList());
    int start = lines.indexOf("=== Error on test data ===");
    return lines.subList(start, lines.size()).stream().filter(l -> !l.startsWith("Time taken") && !l.startsWith("Relative absolute error")
      && !l.startsWith("Root relative squared error"))
      .collect(Collectors.toList());
  }

  @Test
  @Order(5)
  void numericClassWithSquaredLoss() throws Exception {
    String out = weka("-t", datasets("iris.arff"), "-c", "4", "-loss", "squared", "-select", "bic", "-o", "-x", "3");
    assertTrue(out.contains("Correlation coefficient"), out);
  }

  @Test
  @Order(6)
  void explorerDiscoversTheClassifierAndThePathLauncher() throws Exception {
    Path checker = work.resolve("checker");
    Path target = checker.resolve("smemcheck");
    Files.createDirectories(target);
    Path compiled = Path.of(System.getProperty("smem.weka.test.classes", "target/test-classes"), "smemcheck",
      "DiscoveryCheck.class");
    Files.copy(compiled, target.resolve("DiscoveryCheck.class"), StandardCopyOption.REPLACE_EXISTING);
    String out = run(wekaClasspath + File.pathSeparator + checker, "smemcheck.DiscoveryCheck");
    assertTrue(out.contains("classifier listed: true"), out);
    assertTrue(out.contains("weka.gui.explorer.SMEMPathPlotLauncher"), out);
    assertTrue(out.contains("instantiated: weka.classifiers.functions.SMEM"), out);
    assertTrue(out.contains("launch command: Plot regularization path"), out);
  }

  @Test
  @Order(7)
  void uninstalls() throws Exception {
    run(wekaClasspath, "weka.core.WekaPackageManager", "-offline", "-uninstall-package", "smemLinear");
    assertFalse(Files.exists(home.resolve("packages").resolve("smemLinear")));
  }

  private static void save(Instances data, File file) throws IOException {
    ArffSaver saver = new ArffSaver();
    saver.setInstances(data);
    saver.setFile(file);
    saver.writeBatch();
  }

  /** The CSV prediction rows (inst#,actual,predicted,error,distribution...). */
  private static List<String> predictionRows(String output) {
    return output.lines().filter(l -> l.matches("^\\d+,\\d+:.*")).collect(Collectors.toList());
  }
}
