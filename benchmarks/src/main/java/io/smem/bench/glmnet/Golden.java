package io.smem.bench.glmnet;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * glmnet's results for one data set as cached by run-glmnet.R in {@code benchmarks/glmnet/golden/}: DATA-runs.csv,
 * DATA-path.csv and DATA-coef.csv.gz (see the R script for the columns).
 */
final class Golden {

    static final Path DIR = Path.of("benchmarks", "glmnet", "golden");

    /** One cv.glmnet setting: grid (config), threshold, times and selection. */
    record Run(String config, int count, double thresh, int nlambda, int runs, double cvMs, String cvMsAll,
               double cvCpuMs, String cvCpuMsAll, double pathMs, String pathMsAll, double lambdaMax, double lambdaMin, int indexMin, double lambda1se,
               int index1se, String warnings) {
    }

    /** One λ of one setting (k is 0-based here). */
    record Point(int k, double lambda, double objective, int nonzero, double cvm, double cvsd, double maxDiffTight) {
    }

    final String data;
    final List<Run> runs = new ArrayList<>();
    /** key "config@thresh" → points in λ order. */
    final Map<String, List<Point>> paths = new HashMap<>();
    /** config → coefficients of the tight fit per λ: [k][0] intercept, [k][1..p] β. */
    final Map<String, List<double[]>> tightCoef = new HashMap<>();
    final List<String> featureNames;

    private Golden(String data, List<String> featureNames) {
        this.data = data;
        this.featureNames = featureNames;
    }

    static String key(String config, double thresh) {
        return config + "@" + thresh;
    }

    static Golden read(String data) throws IOException {
        Path runsFile = DIR.resolve(data + "-runs.csv");
        if (!Files.exists(runsFile)) {
            throw new NoSuchFileException(runsFile + " (make it with: Rscript benchmarks/glmnet/run-glmnet.R " + data
                    + ")");
        }
        List<String> names;
        try (CSVParser coef = parse(DIR.resolve(data + "-coef.csv.gz"))) {
            names = coef.getHeaderNames().subList(3, coef.getHeaderNames().size());
        }
        Golden g = new Golden(data, List.copyOf(names));
        try (CSVParser in = parse(runsFile)) {
            for (CSVRecord r : in) {
                g.runs.add(new Run(r.get("config"), Integer.parseInt(r.get("count")), num(r.get("thresh")),
                        Integer.parseInt(r.get("nlambda")), Integer.parseInt(r.get("runs")),
                        num(r.get("cv_ms_median")), r.get("cv_ms_all"), num(r.get("cv_cpu_ms_median")),
                        r.get("cv_cpu_ms_all"), num(r.get("path_ms_median")),
                        r.get("path_ms_all"), num(r.get("lambda_max")), num(r.get("lambda_min")),
                        Integer.parseInt(r.get("index_min")) - 1, num(r.get("lambda_1se")),
                        Integer.parseInt(r.get("index_1se")) - 1, r.get("warnings")));
            }
        }
        try (CSVParser in = parse(DIR.resolve(data + "-path.csv"))) {
            for (CSVRecord r : in) {
                String key = key(r.get("config"), num(r.get("thresh")));
                g.paths.computeIfAbsent(key, x -> new ArrayList<>()).add(new Point(Integer.parseInt(r.get("k")) - 1,
                        num(r.get("lambda")), num(r.get("objective")), Integer.parseInt(r.get("nonzero")),
                        num(r.get("cvm")), num(r.get("cvsd")), num(r.get("maxdiff_tight"))));
            }
        }
        try (CSVParser in = parse(DIR.resolve(data + "-coef.csv.gz"))) {
            for (CSVRecord r : in) {
                double[] c = new double[r.size() - 2];
                for (int j = 0; j < c.length; j++) {
                    c[j] = num(r.get(j + 2));
                }
                g.tightCoef.computeIfAbsent(r.get("config"), x -> new ArrayList<>()).add(c);
            }
        }
        return g;
    }

    /** The run of {@code config} at {@code thresh}, or null. */
    Run run(String config, double thresh) {
        for (Run r : runs) {
            if (r.config().equals(config) && r.thresh() == thresh) {
                return r;
            }
        }
        return null;
    }

    /** The tightest threshold recorded for {@code config}. */
    double tightest(String config) {
        double t = Double.POSITIVE_INFINITY;
        for (Run r : runs) {
            if (r.config().equals(config)) {
                t = Math.min(t, r.thresh());
            }
        }
        return t;
    }

    List<Point> path(String config, double thresh) {
        return paths.getOrDefault(key(config, thresh), List.of());
    }

    private static CSVParser parse(Path file) throws IOException {
        Reader reader = file.toString().endsWith(".gz")
                ? new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8)
                : Files.newBufferedReader(file);
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader);
    }

    private static double num(String s) {
        return s == null || s.isEmpty() || s.equals("NA") ? Double.NaN : Double.parseDouble(s);
    }
}
