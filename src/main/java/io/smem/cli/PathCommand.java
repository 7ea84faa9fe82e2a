package io.smem.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smem.data.LabeledData;
import io.smem.fit.FitOptions;
import io.smem.path.PathResult;
import io.smem.path.RegularizationPath;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code path}: the whole regularization path as JSON (same document as {@code fit}), and optionally its plots. */
@Command(name = "path", mixinStandardHelpOptions = true,
        description = "Fit the whole regularization path, select lambda, and write the JSON (and --plot).")
final class PathCommand implements Callable<Integer> {

    @Mixin
    DataOptions dataOptions;

    @Mixin
    ModelOptions model;

    @Mixin
    PathArgs pathArgs;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON here (default: stdout).")
    Path json;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Draw coefficient paths and the CV curve into FILE (.png or .svg).")
    Path plot;

    @Override
    public Integer call() throws Exception {
        FitOptions options = model.fitOptions(0.0);
        FitCommand.checkOutput(json);
        FitCommand.checkOutput(plot);
        PathPlot.checkFileName(plot);
        LabeledData table = dataOptions.read();
        DataOptions.Encoded enc = DataOptions.encode(table, options.loss());
        PathResult path = RegularizationPath.fit(enc.data(), options, pathArgs.pathOptions(model.seed),
                new StderrProgress(System.err));
        ObjectNode doc = JsonOutput.model(path.selectedFit(), enc.classes(), table.featureNames());
        PathJson.addPath(doc, path);
        if (plot != null) {
            PathPlot.write(path, table.featureNames(), enc.classes(), plot);
        }
        try {
            JsonOutput.write(doc, json, System.out);
        } catch (java.io.IOException | RuntimeException e) {
            if (plot != null) {
                java.nio.file.Files.deleteIfExists(plot); // all or nothing
            }
            throw e;
        }
        FitCommand.warnings(path, System.err);
        return 0;
    }
}
