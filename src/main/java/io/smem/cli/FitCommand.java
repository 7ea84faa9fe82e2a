package io.smem.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smem.data.LabeledData;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.path.PathOptions;
import io.smem.path.PathResult;
import io.smem.path.RegularizationPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fit}: one penalized model as JSON. With {@code --lambda} a single fit; without it, the tuning-free default:
 * a path with λ chosen by {@code --select}, and the model at that λ.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = "Fit a penalized linear model by SM-EM and write it as JSON. Without --lambda, lambda is "
                + "chosen automatically along a regularization path (--select).")
final class FitCommand implements Callable<Integer> {

    @Mixin
    DataOptions dataOptions;

    @Mixin
    ModelOptions model;

    @Mixin
    PathArgs pathArgs;

    @Option(names = "--lambda", paramLabel = "L", description = "Penalty weight λ >= 0 (default: chosen by --select).")
    Double lambda;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON here (default: stdout).")
    Path json;

    @Override
    public Integer call() throws Exception {
        FitOptions options = model.fitOptions(lambda == null ? 0.0 : lambda);
        PathOptions pathOptions = pathArgs.pathOptions(model.seed); // validated even when --lambda makes it unused
        checkOutput(json);
        LabeledData table = dataOptions.read();
        DataOptions.Encoded enc = DataOptions.encode(table, options.loss());
        ObjectNode doc;
        FitResult result;
        PathResult path = null;
        if (lambda != null) {
            result = SmEm.fit(enc.data(), options);
            doc = JsonOutput.model(result, enc.classes(), table.featureNames());
        } else {
            path = RegularizationPath.fit(enc.data(), options, pathOptions,
                    new StderrProgress(System.err));
            result = path.selectedFit();
            doc = JsonOutput.model(result, enc.classes(), table.featureNames());
            PathJson.addPath(doc, path);
        }
        JsonOutput.write(doc, json, System.out);
        if (path != null) {
            warnings(path, System.err);
        } else if (!result.converged()) {
            System.err.println("warning: " + result.message());
        }
        return 0;
    }

    /** Warnings a path user needs: an unconverged selected fit, a choice at the end of the grid. */
    static void warnings(PathResult path, java.io.PrintStream err) {
        FitResult selected = path.selectedFit();
        if (!selected.converged()) {
            err.println("warning: the selected fit " + selected.message());
        }
        long unconverged = path.points().stream().filter(pt -> !pt.fit().converged()).count();
        if (unconverged > 0) {
            err.println("warning: " + unconverged + " of " + path.points().size() + " path fits did not converge");
        }
        if (path.points().size() > 2 && path.selected() == path.points().size() - 1) {
            err.println("warning: the selected lambda is the smallest on the grid; a smaller --lambda-min-ratio may"
                    + " find a better one");
        }
    }

    /** Fails before any work if the output file could not be written. */
    static void checkOutput(Path file) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new BadInputException("cannot write " + file + ": directory does not exist or is not writable");
        }
    }
}
