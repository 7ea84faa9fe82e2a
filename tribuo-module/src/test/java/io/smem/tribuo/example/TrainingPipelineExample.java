package io.smem.tribuo.example;

import com.oracle.labs.mlrg.olcut.util.Pair;
import io.smem.tribuo.SMEMClassificationModel;
import io.smem.tribuo.SMEMClassificationTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.datasource.LibSVMDataSource;
import org.tribuo.evaluation.TrainTestSplitter;

/**
 * A complete Tribuo pipeline with the SM-EM trainer (the example of tribuo-module/README.md): load a LIBSVM file,
 * split it, train with automatic λ, evaluate, inspect, save as protobuf, reload and export to ONNX.
 *
 * <pre>
 * java -cp "$CP" io.smem.tribuo.example.TrainingPipelineExample ../datasets/breast-cancer.svm target
 * </pre>
 */
public final class TrainingPipelineExample {

    private TrainingPipelineExample() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Paths.get(args.length > 0 ? args[0] : "../datasets/breast-cancer.svm");
        Path outDir = Paths.get(args.length > 1 ? args[1] : "target");
        run(data, outDir);
    }

    /** Runs the pipeline and returns the test-set evaluation. */
    public static LabelEvaluation run(Path data, Path outDir) throws IOException {
        // 1. Load a LIBSVM file and split it 80/20 with a fixed seed.
        LabelFactory labelFactory = new LabelFactory();
        LibSVMDataSource<Label> source = new LibSVMDataSource<>(data, labelFactory);
        TrainTestSplitter<Label> splitter = new TrainTestSplitter<>(source, 0.8, 1L);
        MutableDataset<Label> train = new MutableDataset<>(splitter.getTrain());
        MutableDataset<Label> test = new MutableDataset<>(splitter.getTest());

        // 2. Train. The default trainer is tuning-free: logistic loss, ridge penalty, lambda chosen by 10-fold
        //    cross-validation on a path of 40 values. (Other settings: SMEMClassificationTrainer.builder().)
        SMEMClassificationTrainer trainer = new SMEMClassificationTrainer();
        SMEMClassificationModel model = trainer.train(train);
        System.out.println("Trained " + model + " with " + trainer);
        System.out.println("Selection facts: " + model.getProvenance().getInstanceProvenance());

        // 3. Evaluate on the held-out examples.
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, test);
        System.out.println(evaluation);
        System.out.println(evaluation.getConfusionMatrix());

        // 4. Inspect: the largest weights per label, and one prediction with its probabilities.
        Map<String, List<Pair<String, Double>>> top = model.getTopFeatures(5);
        System.out.println("Top features: " + top);
        Prediction<Label> prediction = model.predict(test.getExample(0));
        System.out.println("First test example: " + prediction.getOutput() + " " + prediction.getOutputScores());

        // 5. Save as protobuf (the portable format), reload, and export to ONNX.
        Path modelFile = outDir.resolve("smem-example.tribuo");
        model.serializeToFile(modelFile);
        Model<Label> reloaded = Model.deserializeFromFile(modelFile).castModel(Label.class);
        System.out.println("Reloaded " + reloaded.getClass().getSimpleName() + ", accuracy "
                + new LabelEvaluator().evaluate(reloaded, test).accuracy());
        model.saveONNXModel("io.smem.tribuo.example", 1, outDir.resolve("smem-example.onnx"));
        return evaluation;
    }
}
