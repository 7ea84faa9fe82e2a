package io.smem.cli;

import static io.smem.cli.Cli.data;
import static io.smem.cli.Cli.matrix;
import static io.smem.cli.Cli.run;
import static io.smem.cli.Cli.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code fit} without {@code --lambda} (path + selection) and the {@code path} command with its plots. */
class PathCommandTest {

    static final List<String> POINT_FIELDS = List.of("lambda", "intercepts", "coefficients", "df", "objective",
            "deviance", "iterations", "converged", "cvMean", "cvSe");

    @TempDir
    Path tmp;

    /** Checks selection ↔ path consistency and returns the path array. */
    static JsonNode checkSelection(JsonNode doc, String rule, int length) {
        assertTrue(doc.has("selection"), "no selection member");
        assertTrue(doc.has("path"), "no path member");
        JsonNode sel = doc.get("selection");
        assertEquals(rule, sel.get("rule").asText());
        assertTrue(sel.get("lambda").isNumber());
        assertTrue(sel.get("index").isIntegralNumber());
        JsonNode path = doc.get("path");
        assertEquals(length, path.size(), "path length");
        int index = sel.get("index").asInt();
        assertTrue(index >= 0 && index < length);
        JsonNode chosen = path.get(index);
        assertEquals(chosen.get("lambda").asDouble(), sel.get("lambda").asDouble(), 0.0,
                "selection.lambda == path[index].lambda");
        assertEquals(sel.get("lambda").asDouble(), doc.get("lambda").asDouble(), 0.0, "top-level lambda");
        double[][] top = matrix(doc.get("coefficients"));
        double[][] at = matrix(chosen.get("coefficients"));
        assertEquals(top.length, at.length);
        for (int r = 0; r < top.length; r++) {
            assertArrayEquals(at[r], top[r], 0.0, "top-level coefficients == path[index].coefficients");
        }
        assertArrayEquals(vector(chosen.get("intercepts")), vector(doc.get("intercepts")), 0.0);
        assertEquals(chosen.get("objective").asDouble(), doc.get("objective").asDouble(), 0.0);
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode pt : path) {
            double l = pt.get("lambda").asDouble();
            assertTrue(l < previous, "lambda must decrease along the path");
            previous = l;
        }
        return path;
    }

    static int argmin(JsonNode path, String column) {
        int best = 0;
        for (int l = 1; l < path.size(); l++) {
            if (path.get(l).get(column).asDouble() < path.get(best).get(column).asDouble()) {
                best = l;
            }
        }
        return best;
    }

    @Test
    void fitWithoutLambdaSelectsOnTheDefaultPath() {
        Cli.Run r = run("fit", "--data", data("breast-cancer.csv"), "--folds", "3").assertOk();
        JsonNode doc = r.json();
        JsonNode path = checkSelection(doc, "cv-min", 40);
        for (JsonNode pt : path) {
            for (String f : POINT_FIELDS) {
                assertTrue(pt.has(f), "path entry lacks " + f + ": " + pt);
            }
            assertEquals(1, pt.get("intercepts").size());
            assertEquals(1, pt.get("coefficients").size());
            assertEquals(30, pt.get("coefficients").get(0).size());
            assertTrue(pt.get("cvMean").isNumber() && pt.get("cvMean").asDouble() > 0);
            assertTrue(pt.get("cvSe").isNumber() && pt.get("cvSe").asDouble() >= 0);
            assertTrue(pt.get("deviance").asDouble() > 0);
            double df = pt.get("df").asDouble();
            assertTrue(df >= 0 && df <= 30, "ridge df in [0, p]: " + df);
            assertTrue(pt.get("iterations").isIntegralNumber());
            assertTrue(pt.get("converged").isBoolean());
        }
        // cv-min: the chosen index is the minimum of the mean held-out deviance.
        assertEquals(argmin(path, "cvMean"), doc.get("selection").get("index").asInt());
        // Ridge's effective df grows as λ falls.
        assertTrue(path.get(0).get("df").asDouble() < path.get(39).get("df").asDouble());
    }

    @Test
    void oneStandardErrorRuleOnTheCommandLine() {
        JsonNode doc = run("fit", "--data", data("breast-cancer.csv"), "--penalty", "lasso", "--folds", "3",
                "--nlambda", "10", "--select", "cv-1se").assertOk().json();
        JsonNode path = checkSelection(doc, "cv-1se", 10);
        int min = argmin(path, "cvMean");
        double threshold = path.get(min).get("cvMean").asDouble() + path.get(min).get("cvSe").asDouble();
        int expected = min;
        for (int l = 0; l <= min; l++) {
            if (path.get(l).get("cvMean").asDouble() <= threshold) {
                expected = l;
                break;
            }
        }
        assertEquals(expected, doc.get("selection").get("index").asInt());
        // Lasso at λ_max (the top of the default grid): every coefficient zero.
        for (double v : vector(path.get(0).get("coefficients").get(0))) {
            assertEquals(0.0, v, 0.0, "lasso coefficients at lambda_max");
        }
    }

    @Test
    void informationCriterionAndExplicitGrid() {
        JsonNode doc = run("fit", "--data", data("breast-cancer.csv"), "--penalty", "lasso", "--select", "bic",
                "--lambdas", "0.001,0.1,0.01,0.03").assertOk().json();
        JsonNode path = doc.get("path");
        assertEquals(4, path.size());
        double[] lambdas = new double[4];
        for (int l = 0; l < 4; l++) {
            lambdas[l] = path.get(l).get("lambda").asDouble();
        }
        assertArrayEquals(new double[] {0.1, 0.03, 0.01, 0.001}, lambdas, 0.0, "user grid, sorted decreasing");
        assertEquals("bic", doc.get("selection").get("rule").asText());
        assertEquals(argmin(path, "bic"), doc.get("selection").get("index").asInt());
        assertFalse(path.get(0).has("cvMean") && path.get(0).get("cvMean").isNumber(),
                "no CV columns without cross-validation");
        checkSelection(doc, "bic", 4);
    }

    @Test
    void nlambdaSetsThePathLength() {
        JsonNode doc = run("fit", "--data", data("breast-cancer.csv"), "--folds", "3", "--nlambda", "7",
                "--select", "cv-min").assertOk().json();
        checkSelection(doc, "cv-min", 7);
    }

    @Test
    void pathCommandDrawsAPng() throws IOException {
        Path png = tmp.resolve("x.png");
        Cli.Run r = run("path", "--data", data("breast-cancer.csv"), "--penalty", "lasso", "--folds", "3",
                "--nlambda", "10", "--plot", png.toString()).assertOk();
        JsonNode doc = r.json(); // stdout is one JSON document and nothing else
        checkSelection(doc, "cv-min", 10);
        assertTrue(Files.size(png) > 0);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a readable image");
        assertTrue(image.getWidth() > 0 && image.getHeight() > 0);
        // Not a blank canvas: the curves are drawn in more than one colour.
        int first = image.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < image.getHeight() && !varied; y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                if (image.getRGB(x, y) != first) {
                    varied = true;
                    break;
                }
            }
        }
        assertTrue(varied, "the image is blank");
        byte[] magic = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, magic, "PNG signature");
        assertEquals(List.of("x.png"), FitCommandTest.list(tmp), "no temporary file left");
    }

    @Test
    void pathCommandDrawsAnSvg() throws Exception {
        Path svg = tmp.resolve("x.svg");
        Path json = tmp.resolve("x.json");
        Cli.Run r = run("path", "--data", data("iris.arff"), "--penalty", "lasso", "--folds", "3", "--nlambda", "8",
                "--plot", svg.toString(), "--json", json.toString()).assertOk();
        assertEquals("", r.out());
        checkSelection(Cli.readJson(json), "cv-min", 8);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        // Never fetch the SVG DTD from the network.
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        Document doc = b.parse(svg.toFile()); // throws if not well-formed
        String root = doc.getDocumentElement().getLocalName() != null ? doc.getDocumentElement().getLocalName()
                : doc.getDocumentElement().getTagName();
        assertEquals("svg", root);
        assertTrue(doc.getElementsByTagNameNS("*", "path").getLength()
                + doc.getElementsByTagNameNS("*", "line").getLength()
                + doc.getElementsByTagNameNS("*", "polyline").getLength() > 0, "the SVG draws nothing");
    }

    @Test
    void progressGoesToStderrNeverStdout() {
        Cli.Run r = run("path", "--data", data("breast-cancer.csv"), "--folds", "3", "--nlambda", "10").assertOk();
        JsonNode doc = r.json(); // fails if anything but the JSON document is on stdout
        checkSelection(doc, "cv-min", 10);
        assertFalse(r.out().contains("fits"), "progress on stdout");
        List<String> progress = r.errLines().stream().filter(l -> l.contains("40/40")).toList();
        assertEquals(1, progress.size(), () -> "the last progress line (10 lambdas × (1 + 3 folds) = 40 fits) on"
                + " stderr:\n" + r.err());
        assertTrue(r.errLines().size() >= 2, "progress lines on stderr");
    }

    @Test
    void pathCommandWithoutCrossValidationHasNoCvColumns() {
        JsonNode doc = run("path", "--data", data("breast-cancer.csv"), "--penalty", "lasso", "--select", "aic",
                "--nlambda", "6").assertOk().json();
        JsonNode path = checkSelection(doc, "aic", 6);
        assertEquals(argmin(path, "aic"), doc.get("selection").get("index").asInt());
    }
}
