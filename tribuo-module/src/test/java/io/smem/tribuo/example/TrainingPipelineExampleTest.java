package io.smem.tribuo.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.classification.evaluation.LabelEvaluation;

/** Runs the README's pipeline example on the bundled breast-cancer data. */
public class TrainingPipelineExampleTest {

    @Test
    public void pipelineRuns(@TempDir Path out) throws IOException {
        LabelEvaluation evaluation = TrainingPipelineExample.run(Paths.get("..", "datasets", "breast-cancer.svm"), out);
        assertTrue(evaluation.accuracy() > 0.9, "accuracy " + evaluation.accuracy());
        assertTrue(Files.size(out.resolve("smem-example.tribuo")) > 0);
        assertTrue(Files.size(out.resolve("smem-example.onnx")) > 0);
    }
}
