package io.smem.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smem.data.LabeledData;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fit}: one penalized model; JSON on stdout or to {@code --json FILE}. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = "Fit a penalized linear model by SM-EM and write it as JSON.")
final class FitCommand implements Callable<Integer> {

    @Mixin
    DataOptions dataOptions;

    @Mixin
    ModelOptions model;

    @Option(names = "--lambda", paramLabel = "L", description = "Penalty weight λ >= 0.")
    Double lambda;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON here (default: stdout).")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (lambda == null) {
            throw new BadInputException("--lambda is required");
        }
        FitOptions options = model.fitOptions(lambda);
        checkOutput(json);
        LabeledData table = dataOptions.read();
        DataOptions.Encoded enc = DataOptions.encode(table, options.loss());
        FitResult result = SmEm.fit(enc.data(), options);
        ObjectNode doc = JsonOutput.model(result, enc.classes(), table.featureNames());
        JsonOutput.write(doc, json, System.out);
        if (!result.converged()) {
            spec.commandLine().getErr().println("warning: " + result.message());
        }
        return 0;
    }

    /** Fails before any work if the output file could not be written. */
    static void checkOutput(Path json) {
        if (json == null) {
            return;
        }
        Path dir = json.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new BadInputException("cannot write " + json + ": directory does not exist or is not writable");
        }
    }
}
