package io.smem.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs {@link Main#run(String...)} in-process with System.out and System.err captured, and reads its JSON. */
final class Cli {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Cli() {
    }

    /** The result of one command line run. */
    record Run(int exit, String out, String err) {

        /** stdout, which must be exactly one JSON document. */
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not one JSON document: " + e.getMessage() + "\nstdout:\n" + out
                        + "\nstderr:\n" + err, e);
            }
        }

        /** Lines of stderr (no empty trailing line). */
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\\R"));
        }

        Run assertOk() {
            assertEquals(0, exit, () -> "exit code; stderr:\n" + err);
            return this;
        }
    }

    /** Runs the command line and returns exit code, stdout and stderr. */
    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            try {
                exit = Main.run(args);
            } finally {
                System.out.flush();
                System.err.flush();
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A bundled dataset (tests run from the module directory; the data sets are one level up). */
    static Path dataset(String name) {
        for (Path dir : List.of(Path.of("..", "datasets"), Path.of("datasets"))) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("bundled dataset not found: " + name);
    }

    static String data(String name) {
        return dataset(name).toString();
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double[][] matrix(JsonNode rows) {
        assertTrue(rows.isArray(), "not an array: " + rows);
        double[][] m = new double[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            m[r] = vector(rows.get(r));
        }
        return m;
    }

    static double[] vector(JsonNode arr) {
        assertTrue(arr.isArray(), "not an array: " + arr);
        double[] v = new double[arr.size()];
        for (int i = 0; i < v.length; i++) {
            assertTrue(arr.get(i).isNumber(), "not a number: " + arr.get(i));
            v[i] = arr.get(i).doubleValue();
        }
        return v;
    }

    static List<String> strings(JsonNode arr) {
        assertTrue(arr.isArray(), "not an array: " + arr);
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Asserts |a − b| ≤ tol·max(1, |b|) elementwise. */
    static void assertClose(double[][] expected, double[][] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": rows");
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r].length, actual[r].length, what + ": columns of row " + r);
            for (int j = 0; j < expected[r].length; j++) {
                double scale = Math.max(1.0, Math.abs(expected[r][j]));
                assertEquals(expected[r][j], actual[r][j], tol * scale, what + "[" + r + "][" + j + "]");
            }
        }
    }
}
