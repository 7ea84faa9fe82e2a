package io.smem.cli;

import static io.smem.cli.Cli.assertClose;
import static io.smem.cli.Cli.data;
import static io.smem.cli.Cli.matrix;
import static io.smem.cli.Cli.run;
import static io.smem.cli.Cli.strings;
import static io.smem.cli.Cli.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fit --lambda}: the JSON contract, the three input formats, weights, multi-class models and the flags. */
class FitCommandTest {

    static final List<String> CONTRACT = List.of("loss", "penalty", "alpha", "lambda", "standardize", "intercept",
            "classes", "features", "intercepts", "coefficients", "objective", "iterations", "converged",
            "kktResidual", "solver", "trace", "timeMillis");

    @TempDir
    Path tmp;

    /** The breast-cancer CSV parsed by hand: features, y = 1 for malignant, and the header. */
    record Table(List<String> header, double[][] x, double[] y) {
    }

    static Table breastCancer() throws IOException {
        List<String> lines = Files.readAllLines(Cli.dataset("breast-cancer.csv"));
        List<String> header = Arrays.asList(lines.get(0).split(","));
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            double[] row = new double[cells.length - 1];
            for (int j = 0; j < row.length; j++) {
                row[j] = Double.parseDouble(cells[j]);
            }
            xs.add(row);
            ys.add(cells[cells.length - 1].trim().equals("malignant") ? 1.0 : 0.0);
        }
        return new Table(header, xs.toArray(new double[0][]), ys.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * The spec's objective, computed independently from the reported original-scale model: mean logistic loss plus
     * λ·½‖β·s‖² (ridge), s the population SD when standardizing, 1 otherwise.
     */
    static double ridgeLogisticObjective(Table t, double b0, double[] beta, double lambda, boolean standardize) {
        int n = t.x().length;
        int p = beta.length;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double eta = b0;
            for (int j = 0; j < p; j++) {
                eta += t.x()[i][j] * beta[j];
            }
            double m = t.y()[i] > 0.5 ? -eta : eta; // ℓ = log(1 + exp(m))
            loss += m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
        }
        double pen = 0;
        for (int j = 0; j < p; j++) {
            double s = 1;
            if (standardize) {
                double mean = 0;
                for (double[] row : t.x()) {
                    mean += row[j] / n;
                }
                double var = 0;
                for (double[] row : t.x()) {
                    var += (row[j] - mean) * (row[j] - mean) / n;
                }
                s = Math.sqrt(var);
            }
            pen += 0.5 * (beta[j] * s) * (beta[j] * s);
        }
        return loss / n + lambda * pen;
    }

    @Test
    void fitWithLambdaWritesEveryContractField() throws IOException {
        Cli.Run r = run("fit", "--data", data("breast-cancer.csv"), "--lambda", "0.01").assertOk();
        JsonNode doc = r.json();
        for (String field : CONTRACT) {
            assertTrue(doc.has(field), "missing field " + field + " in " + doc);
        }
        assertEquals("logistic", doc.get("loss").asText());
        assertEquals("ridge", doc.get("penalty").asText());
        assertEquals(0.0, doc.get("alpha").asDouble(), 0.0);
        assertEquals(0.01, doc.get("lambda").asDouble(), 0.0);
        assertTrue(doc.get("standardize").isBoolean() && doc.get("standardize").asBoolean());
        assertTrue(doc.get("intercept").isBoolean() && doc.get("intercept").asBoolean());
        assertEquals(List.of("benign", "malignant"), strings(doc.get("classes")));

        Table t = breastCancer();
        assertEquals(t.header().subList(0, 30), strings(doc.get("features")));
        assertEquals(30, doc.get("features").size());

        double[] intercepts = vector(doc.get("intercepts"));
        double[][] coef = matrix(doc.get("coefficients"));
        assertEquals(1, intercepts.length);
        assertEquals(1, coef.length);
        assertEquals(30, coef[0].length);

        assertTrue(doc.get("objective").isNumber());
        double objective = doc.get("objective").asDouble();
        assertTrue(doc.get("iterations").isIntegralNumber() && doc.get("iterations").asInt() > 0);
        assertTrue(doc.get("converged").isBoolean() && doc.get("converged").asBoolean());
        assertTrue(doc.get("kktResidual").isNumber());
        assertTrue(doc.get("kktResidual").asDouble() >= 0 && doc.get("kktResidual").asDouble() <= 1e-6,
                "kktResidual " + doc.get("kktResidual"));
        assertTrue(doc.get("solver").isTextual() && !doc.get("solver").asText().isBlank());
        double[] trace = vector(doc.get("trace"));
        assertTrue(trace.length >= 1, "empty trace");
        assertEquals(objective, trace[trace.length - 1], 1e-12 * Math.abs(objective), "last trace entry");
        assertTrue(doc.get("timeMillis").isNumber() && doc.get("timeMillis").asDouble() >= 0);

        // The reported coefficients (original scale) really are the model whose objective is reported.
        double recomputed = ridgeLogisticObjective(t, intercepts[0], coef[0], 0.01, true);
        assertEquals(recomputed, objective, 1e-9 * recomputed, "objective recomputed from the JSON model");
        // Malignant is the positive class: on average, malignant rows must score higher.
        double sMal = 0;
        double sBen = 0;
        int nMal = 0;
        for (int i = 0; i < t.x().length; i++) {
            double eta = intercepts[0];
            for (int j = 0; j < 30; j++) {
                eta += t.x()[i][j] * coef[0][j];
            }
            if (t.y()[i] == 1) {
                sMal += eta;
                nMal++;
            } else {
                sBen += eta;
            }
        }
        assertTrue(sMal / nMal > 0 && sBen / (t.x().length - nMal) < 0, "malignant must be the positive class");
    }

    @Test
    void jsonFileHoldsTheSameDocumentAndStdoutStaysEmpty() {
        Path file = tmp.resolve("model.json");
        Cli.Run toStdout = run("fit", "--data", data("breast-cancer.csv"), "--lambda", "0.02", "--penalty", "lasso")
                .assertOk();
        Cli.Run toFile = run("fit", "--data", data("breast-cancer.csv"), "--lambda", "0.02", "--penalty", "lasso",
                "--json", file.toString()).assertOk();
        assertEquals("", toFile.out(), "stdout must be empty with --json");
        assertTrue(Files.isRegularFile(file));
        ObjectNode a = (ObjectNode) toStdout.json();
        ObjectNode b = (ObjectNode) Cli.readJson(file);
        for (String field : CONTRACT) {
            assertTrue(b.has(field), "file misses " + field);
        }
        a.remove("timeMillis");
        b.remove("timeMillis");
        assertEquals(a, b, "the file must hold the same document as stdout (timeMillis aside)");
        // Nothing else (no temporary file) is left in the directory.
        assertEquals(List.of("model.json"), list(tmp));
    }

    @Test
    void arffAndLibsvmInputsGiveTheSameModelAsCsv() {
        String[] common = {"--lambda", "0.005", "--penalty", "elasticnet", "--alpha", "0.5"};
        JsonNode csv = fit("breast-cancer.csv", common);
        JsonNode arff = fit("breast-cancer.arff", common);
        JsonNode svm = fit("breast-cancer.svm", common);
        assertEquals(List.of("benign", "malignant"), strings(arff.get("classes")));
        assertEquals(strings(csv.get("features")), strings(arff.get("features")));
        // LIBSVM: +1 = malignant, -1 = benign, so "1" is the positive class as "malignant" is in the CSV.
        assertEquals(List.of("-1", "1"), strings(svm.get("classes")));
        assertEquals(30, svm.get("features").size());
        double[][] c = matrix(csv.get("coefficients"));
        assertClose(c, matrix(arff.get("coefficients")), 1e-9, "ARFF coefficients");
        assertArrayEquals(vector(csv.get("intercepts")), vector(arff.get("intercepts")),
                1e-9 * Math.max(1, Math.abs(csv.get("intercepts").get(0).asDouble())));
        // LIBSVM data is sparse: other arithmetic, so the same optimum only up to the certificate (KKT residual
        // 1e-7 on the standardized scale): coefficients are compared as effects, coefficient × column SD.
        assertEquals(csv.get("objective").asDouble(), svm.get("objective").asDouble(),
                1e-12 * csv.get("objective").asDouble());
        double[] sd = columnSds(data("breast-cancer.csv"));
        double[][] s = matrix(svm.get("coefficients"));
        for (int j = 0; j < sd.length; j++) {
            assertEquals(c[0][j] * sd[j], s[0][j] * sd[j], 1e-6, "LIBSVM effect of feature " + j);
        }
        assertArrayEquals(vector(csv.get("intercepts")), vector(svm.get("intercepts")),
                1e-6 * Math.max(1, Math.abs(csv.get("intercepts").get(0).asDouble())));
        assertTrue(Arrays.stream(c[0]).filter(v -> v != 0).count() > 1, "a non-trivial model");
    }

    @Test
    void everySolverReachesTheSameOptimum() {
        String[] common = {"--lambda", "0.01", "--penalty", "lasso"};
        double reference = fit("breast-cancer.csv", common).get("objective").asDouble();
        for (String solver : List.of("cholesky", "cg", "halton")) {
            List<String> args = new ArrayList<>(List.of(common));
            args.addAll(List.of("--solver", solver));
            JsonNode model = fit("breast-cancer.csv", args.toArray(new String[0]));
            assertEquals(solver, model.get("solver").asText());
            assertEquals(reference, model.get("objective").asDouble(), 1e-8 * reference, solver);
        }
    }

    /** Standard deviation of each feature column of a data file. */
    private static double[] columnSds(String file) {
        try {
            io.smem.data.DesignMatrix x = io.smem.data.io.DataReader.read(java.nio.file.Path.of(file), null, null).x();
            double[] sd = new double[x.cols()];
            for (int j = 0; j < sd.length; j++) {
                double mean = 0;
                for (int i = 0; i < x.rows(); i++) {
                    mean += x.get(i, j) / x.rows();
                }
                double ss = 0;
                for (int i = 0; i < x.rows(); i++) {
                    ss += (x.get(i, j) - mean) * (x.get(i, j) - mean);
                }
                sd[j] = Math.sqrt(ss / x.rows());
            }
            return sd;
        } catch (java.io.IOException | io.smem.data.io.DataFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode fit(String dataset, String... more) {
        List<String> args = new ArrayList<>(List.of("fit", "--data", data(dataset)));
        args.addAll(List.of(more));
        return run(args.toArray(new String[0])).assertOk().json();
    }

    @Test
    void weightColumnOfTwoEqualsADuplicatedRow() throws IOException {
        // x1, x2, w, y: non-separable, unevenly weighted; a zero weight must act as an absent row.
        double[][] x = {{0.1, 3.0}, {1.2, 2.5}, {2.3, 1.0}, {0.7, 0.2}, {1.9, 4.1}, {3.1, 2.2}, {0.4, 1.7},
            {2.8, 0.9}, {1.5, 3.3}, {2.2, 2.8}, {0.9, 0.6}, {50.0, -40.0}};
        String[] y = {"no", "yes", "no", "yes", "yes", "no", "no", "yes", "yes", "no", "yes", "yes"};
        int[] w = {1, 2, 1, 2, 1, 1, 2, 1, 1, 2, 1, 0};
        StringBuilder weighted = new StringBuilder("x1,x2,w,y\n");
        StringBuilder replicated = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < x.length; i++) {
            weighted.append(x[i][0]).append(',').append(x[i][1]).append(',').append(w[i]).append(',').append(y[i])
                    .append('\n');
            for (int k = 0; k < w[i]; k++) {
                replicated.append(x[i][0]).append(',').append(x[i][1]).append(',').append(y[i]).append('\n');
            }
        }
        Path wFile = Files.writeString(tmp.resolve("weighted.csv"), weighted);
        Path rFile = Files.writeString(tmp.resolve("replicated.csv"), replicated);
        for (String penalty : List.of("ridge", "lasso")) {
            JsonNode a = run("fit", "--data", wFile.toString(), "--weights", "w", "--label", "y", "--lambda", "0.01",
                    "--penalty", penalty).assertOk().json();
            JsonNode b = run("fit", "--data", rFile.toString(), "--lambda", "0.01", "--penalty", penalty)
                    .assertOk().json();
            assertEquals(List.of("x1", "x2"), strings(a.get("features")), "the weight column is not a feature");
            assertEquals(List.of("no", "yes"), strings(a.get("classes")));
            assertClose(matrix(b.get("coefficients")), matrix(a.get("coefficients")), 1e-7, penalty + " coefficients");
            assertClose(new double[][] {vector(b.get("intercepts"))}, new double[][] {vector(a.get("intercepts"))},
                    1e-7, penalty + " intercept");
            assertEquals(b.get("objective").asDouble(), a.get("objective").asDouble(),
                    1e-9 * b.get("objective").asDouble(), penalty + " objective");
        }
        // Without --weights the column would be a feature and the model differs: the weights were really used.
        JsonNode unweighted = run("fit", "--data", wFile.toString(), "--label", "y", "--lambda", "0.01").assertOk()
                .json();
        assertEquals(3, unweighted.get("features").size());
    }

    @Test
    void multiClassGivesOneRowPerClassForLogisticAndHinge() {
        for (String loss : List.of("logistic", "hinge")) {
            JsonNode doc = fit("iris.arff", "--loss", loss, "--lambda", "0.01");
            assertEquals(loss, doc.get("loss").asText());
            assertEquals(List.of("setosa", "versicolor", "virginica"), strings(doc.get("classes")));
            assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"),
                    strings(doc.get("features")));
            double[][] coef = matrix(doc.get("coefficients"));
            assertEquals(3, coef.length, loss + ": coefficient rows");
            for (double[] row : coef) {
                assertEquals(4, row.length);
            }
            assertEquals(3, doc.get("intercepts").size(), loss + ": intercepts");
            // The rows are different models (not one row copied three times).
            assertFalse(Arrays.equals(coef[0], coef[1]) || Arrays.equals(coef[1], coef[2]), loss);
            assertTrue(doc.get("converged").asBoolean(), loss + " converged");
        }
    }

    @Test
    void noStandardizeAndNoInterceptAreReflectedAndApplied() throws IOException {
        Table t = breastCancer();
        double lambda = 0.01;
        JsonNode std = fit("breast-cancer.csv", "--lambda", "0.01");
        JsonNode raw = fit("breast-cancer.csv", "--lambda", "0.01", "--no-standardize");
        assertFalse(raw.get("standardize").asBoolean());
        assertTrue(raw.get("intercept").asBoolean());
        double[] rawB0 = vector(raw.get("intercepts"));
        double[][] rawCoef = matrix(raw.get("coefficients"));
        assertNotEquals(0.0, rawB0[0]);
        // The penalty is on the raw coefficients now: the reported objective is that one, not the standardized one.
        double expected = ridgeLogisticObjective(t, rawB0[0], rawCoef[0], lambda, false);
        assertEquals(expected, raw.get("objective").asDouble(), 1e-9 * expected);
        assertNotEquals(ridgeLogisticObjective(t, rawB0[0], rawCoef[0], lambda, true), expected, 1e-6 * expected);
        assertFalse(Arrays.equals(matrix(std.get("coefficients"))[0], rawCoef[0]));

        JsonNode noInt = fit("breast-cancer.csv", "--lambda", "0.01", "--no-intercept");
        assertFalse(noInt.get("intercept").asBoolean());
        assertTrue(noInt.get("standardize").asBoolean());
        assertArrayEquals(new double[] {0.0}, vector(noInt.get("intercepts")), 0.0);

        JsonNode neither = fit("breast-cancer.csv", "--lambda", "0.01", "--no-intercept", "--no-standardize");
        assertFalse(neither.get("intercept").asBoolean());
        assertFalse(neither.get("standardize").asBoolean());
        assertArrayEquals(new double[] {0.0}, vector(neither.get("intercepts")), 0.0);
        double[][] c = matrix(neither.get("coefficients"));
        double e2 = ridgeLogisticObjective(t, 0.0, c[0], lambda, false);
        assertEquals(e2, neither.get("objective").asDouble(), 1e-9 * e2);

        // Multi-class without intercept: every intercept is exactly 0.
        JsonNode iris = fit("iris.arff", "--lambda", "0.01", "--no-intercept");
        assertArrayEquals(new double[3], vector(iris.get("intercepts")), 0.0);
    }

    static List<String> list(Path dir) {
        try (var s = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            for (Iterator<Path> it = s.iterator(); it.hasNext(); ) {
                names.add(it.next().getFileName().toString());
            }
            names.sort(null);
            return names;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
