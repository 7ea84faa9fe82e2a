package io.smem.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import io.smem.tribuo.SMEMClassificationTrainer.LossType;
import io.smem.tribuo.SMEMClassificationTrainer.PenaltyType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.example.LabelledDataGenerator;
import org.tribuo.dataset.DatasetView;
import org.tribuo.impl.ArrayExample;
import org.tribuo.interop.onnx.OnnxTestUtils;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.util.ExpNormalizer;
import org.tribuo.math.util.NoopNormalizer;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.provenance.SkeletalTrainerProvenance;
import org.tribuo.test.Helpers;

/** The equivalents of Tribuo's own linear-trainer tests (TestSGDLinear, TestLibLinearModel) for SM-EM. */
public class SMEMClassificationTrainerTest {

    /** The tuning-free default. */
    private static final SMEMClassificationTrainer t = new SMEMClassificationTrainer();

    /** A fixed-lambda linear SVM (the hinge path is slow on tiny separable data). */
    private static final SMEMClassificationTrainer hinge = SMEMClassificationTrainer.builder()
            .loss(LossType.HINGE).lambda(0.05).build();

    @BeforeAll
    public static void setup() {
        Logger.getLogger(SMEMClassificationTrainer.class.getName()).setLevel(Level.SEVERE);
    }

    static SMEMClassificationModel testSMEM(Trainer<Label> trainer, Pair<Dataset<Label>, Dataset<Label>> p) {
        SMEMClassificationModel m = (SMEMClassificationModel) trainer.train(p.getA());
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(m, p.getB());
        assertTrue(evaluation.accuracy() >= 0);
        Map<String, List<Pair<String, Double>>> features = m.getTopFeatures(3);
        assertNotNull(features);
        assertFalse(features.isEmpty());
        features.values().forEach(l -> assertEquals(3, l.size()));
        features = m.getTopFeatures(-1);
        assertNotNull(features);
        assertFalse(features.isEmpty());
        int expected = m.getFeatureIDMap().size() + 1;
        features.values().forEach(l -> assertEquals(expected, l.size()));
        assertTrue(m.getExcuse(p.getB().getExample(0)).isPresent());
        for (Example<Label> e : p.getB()) {
            Prediction<Label> pred = m.predict(e);
            assertEquals(m.getOutputIDInfo().size(), pred.getOutputScores().size(), "a score for every label");
            if (m.generatesProbabilities()) {
                double sum = pred.getOutputScores().values().stream().mapToDouble(Label::getScore).sum();
                assertEquals(1.0, sum, 1e-12);
            }
        }
        return m;
    }

    @Test
    public void testDenseData() {
        Pair<Dataset<Label>, Dataset<Label>> p = LabelledDataGenerator.denseTrainTest();
        SMEMClassificationModel model = testSMEM(t, p);
        assertEquals(1.0, new LabelEvaluator().evaluate(model, p.getB()).accuracy());
        assertTrue(model.generatesProbabilities());
        assertEquals("dense", instance(model, SMEMClassificationTrainer.PROV_DESIGN));
        Helpers.testModelSerialization(model, Label.class);
        Helpers.testModelProtoSerialization(model, Label.class, p.getB());
    }

    @Test
    public void testDenseHinge() {
        Pair<Dataset<Label>, Dataset<Label>> p = LabelledDataGenerator.denseTrainTest();
        SMEMClassificationModel model = testSMEM(hinge, p);
        assertFalse(model.generatesProbabilities());
        assertEquals(1.0, new LabelEvaluator().evaluate(model, p.getB()).accuracy());
        Helpers.testModelSerialization(model, Label.class);
        Helpers.testModelProtoSerialization(model, Label.class, p.getB());
    }

    @Test
    public void testSparseData() {
        Pair<Dataset<Label>, Dataset<Label>> p = LabelledDataGenerator.sparseTrainTest();
        SMEMClassificationModel model = testSMEM(t, p);
        assertEquals("sparse", instance(model, SMEMClassificationTrainer.PROV_DESIGN));
        Helpers.testModelProtoSerialization(model, Label.class, p.getB());
        testSMEM(hinge, p);
    }

    @Test
    public void testSparseBinaryData() {
        Pair<Dataset<Label>, Dataset<Label>> p = LabelledDataGenerator.binarySparseTrainTest();
        SMEMClassificationModel model = testSMEM(t, p);
        assertEquals(List.of("Bar", "Foo"), model.getEngineClassOrder());
        // Two score columns; logistic rows are [-eta/2, +eta/2]: both labels rank the same features.
        DenseMatrix w = model.getWeightsCopy();
        assertEquals(2, w.getDimension1Size());
        int foo = model.getOutputIDInfo().getID(new Label("Foo"));
        for (int j = 0; j < w.getDimension2Size(); j++) {
            assertEquals(-w.get(1 - foo, j), w.get(foo, j), 0.0);
        }
        Helpers.testModelProtoSerialization(model, Label.class, p.getB());
        SMEMClassificationModel svm = testSMEM(hinge, p);
        assertEquals(2, svm.getWeightsCopy().getDimension1Size());
    }

    @Test
    public void testLassoGivesExactZeros() {
        TestData d = TestData.gaussian(150, 12, new String[] {"a", "b", "c"}, 0.0, false, 3L);
        SMEMClassificationModel m = SMEMClassificationTrainer.builder().penalty(PenaltyType.LASSO).lambda(0.05)
                .build().train(d.dataset);
        DenseMatrix w = m.getWeightsCopy();
        int zeros = 0;
        for (int i = 0; i < w.getDimension1Size(); i++) {
            for (int j = 0; j < w.getDimension2Size() - 1; j++) {
                zeros += w.get(i, j) == 0.0 ? 1 : 0;
            }
        }
        assertTrue(zeros > 0, "lasso at lambda 0.05 should zero some coefficients");
        assertEquals(3 * 12 - zeros, ((IntProvenance) m.getProvenance().getInstanceProvenance().getMap()
                .get(SMEMClassificationTrainer.PROV_NON_ZEROS)).getValue());
    }

    @Test
    public void testInvalidExample() {
        assertThrows(IllegalArgumentException.class, () -> {
            Pair<Dataset<Label>, Dataset<Label>> p = LabelledDataGenerator.denseTrainTest();
            Model<Label> m = t.train(p.getA());
            m.predict(LabelledDataGenerator.invalidSparseExample());
        });
    }

    @Test
    public void testEmptyExample() {
        assertThrows(IllegalArgumentException.class, () -> {
            Pair<Dataset<Label>, Dataset<Label>> p = LabelledDataGenerator.denseTrainTest();
            Model<Label> m = t.train(p.getA());
            m.predict(LabelledDataGenerator.emptyExample());
        });
    }

    @Test
    public void testUnknownFeaturesIgnored() {
        Pair<Dataset<Label>, Dataset<Label>> p = LabelledDataGenerator.denseTrainTest();
        SMEMClassificationModel m = t.train(p.getA());
        Example<Label> known = new ArrayExample<>(new Label("Foo"), new String[] {"A", "B", "C", "D"},
                new double[] {2.0, 0.45, 3.5, -2.0});
        Example<Label> extra = new ArrayExample<>(new Label("Foo"), new String[] {"A", "AA", "B", "C", "D", "ZZ"},
                new double[] {2.0, 17.0, 0.45, 3.5, -2.0, -5.0});
        assertTrue(m.predict(known).distributionEquals(m.predict(extra), 0.0));
    }

    @Test
    public void testSingleClassTraining() {
        Pair<Dataset<Label>, Dataset<Label>> data = LabelledDataGenerator.denseTrainTest();
        DatasetView<Label> trainingData = DatasetView.createView(data.getA(),
                (Example<Label> e) -> e.getOutput().getLabel().equals("Foo"), "Foo selector");
        for (SMEMClassificationTrainer trainer : List.of(t, hinge)) {
            SMEMClassificationModel model = trainer.train(trainingData);
            LabelEvaluation evaluation = (LabelEvaluation) trainingData.getOutputFactory().getEvaluator()
                    .evaluate(model, data.getB());
            assertEquals(0.0, evaluation.accuracy(new Label("Bar")));
            assertEquals(0.0, evaluation.accuracy(new Label("Baz")));
            assertEquals(0.0, evaluation.accuracy(new Label("Quux")));
            assertEquals(1.0, evaluation.recall(new Label("Foo")));
            assertEquals("single-class", instance(model, SMEMClassificationTrainer.PROV_SELECTION));
            Prediction<Label> pred = model.predict(data.getB().getExample(1));
            assertEquals(4, pred.getOutputScores().size());
            if (model.generatesProbabilities()) {
                assertEquals(1.0, pred.getOutputScores().get("Foo").getScore());
                assertEquals(0.0, pred.getOutputScores().get("Bar").getScore());
            }
            Helpers.testModelProtoSerialization(model, Label.class, data.getB());
        }
    }

    @Test
    public void testMissingClassesNeverPredicted() {
        // Three of the four labels have examples: the fourth keeps its score column, with probability 0.
        Pair<Dataset<Label>, Dataset<Label>> data = LabelledDataGenerator.denseTrainTest();
        DatasetView<Label> view = DatasetView.createView(data.getA(),
                (Example<Label> e) -> !e.getOutput().getLabel().equals("Baz"), "no Baz");
        SMEMClassificationModel model = SMEMClassificationTrainer.builder().lambda(0.01).build().train(view);
        assertEquals(List.of("Bar", "Foo", "Quux"), model.getEngineClassOrder());
        for (Example<Label> e : data.getB()) {
            Prediction<Label> pred = model.predict(e);
            assertEquals(0.0, pred.getOutputScores().get("Baz").getScore());
            assertNotEquals("Baz", pred.getOutput().getLabel());
        }
    }

    @Test
    public void testOnnxSerialization() throws IOException, OrtException {
        Pair<Dataset<Label>, Dataset<Label>> dense = LabelledDataGenerator.denseTrainTest();
        Pair<Dataset<Label>, Dataset<Label>> binary = LabelledDataGenerator.binarySparseTrainTest();
        Pair<Dataset<Label>, Dataset<Label>> sparse = LabelledDataGenerator.sparseTrainTest();
        DatasetView<Label> fooOnly = DatasetView.createView(dense.getA(),
                (Example<Label> e) -> e.getOutput().getLabel().equals("Foo"), "Foo selector");
        List<Pair<SMEMClassificationModel, Dataset<Label>>> cases = List.of(
                new Pair<>(t.train(dense.getA()), dense.getB()),
                new Pair<>(hinge.train(dense.getA()), dense.getB()),
                new Pair<>(SMEMClassificationTrainer.builder().lambda(0.01).build().train(binary.getA()),
                        binary.getB()),
                new Pair<>(SMEMClassificationTrainer.builder().penalty(PenaltyType.LASSO).lambda(0.01).build()
                        .train(sparse.getA()), sparse.getB()),
                new Pair<>(t.train(fooOnly), dense.getB()));
        for (Pair<SMEMClassificationModel, Dataset<Label>> c : cases) {
            Path onnxFile = Files.createTempFile("smem-tribuo-test", ".onnx");
            try {
                c.getA().saveONNXModel("io.smem.tribuo.test", 1, onnxFile);
                OnnxTestUtils.onnxLabelComparison(c.getA(), onnxFile, c.getB(), 1e-6);
            } finally {
                Files.deleteIfExists(onnxFile);
            }
        }
        assertTrue(cases.get(0).getA().getNormalizer() instanceof ExpNormalizer);
        assertTrue(cases.get(1).getA().getNormalizer() instanceof NoopNormalizer);
    }

    @Test
    public void testReproducibility() {
        TestData d = TestData.gaussian(90, 6, new String[] {"x", "y", "z"}, 0.0, false, 11L);
        SMEMClassificationTrainer trainer = SMEMClassificationTrainer.builder().numLambdas(15).build();
        trainer.setInvocationCount(0);
        SMEMClassificationModel a = trainer.train(d.dataset);
        trainer.setInvocationCount(0);
        SMEMClassificationModel b = trainer.train(d.dataset);
        assertEquals(a.getTopFeatures(-1), b.getTopFeatures(-1));
        assertEquals(instance(a, SMEMClassificationTrainer.PROV_CV_SEED),
                instance(b, SMEMClassificationTrainer.PROV_CV_SEED));
        assertEquals(a.getProvenance().getInstanceProvenance(), b.getProvenance().getInstanceProvenance());

        // Without the reset the next call splits the RNG again: other CV folds.
        SMEMClassificationModel c = trainer.train(d.dataset);
        assertNotEquals(instance(a, SMEMClassificationTrainer.PROV_CV_SEED),
                instance(c, SMEMClassificationTrainer.PROV_CV_SEED));
        assertNotEquals(instance(a, SMEMClassificationTrainer.PROV_CV_DEVIANCE),
                instance(c, SMEMClassificationTrainer.PROV_CV_DEVIANCE));

        // The count passed to train is applied, recorded, then incremented.
        SMEMClassificationModel e = trainer.train(d.dataset, Collections.emptyMap(), 0);
        assertEquals(1, trainer.getInvocationCount());
        assertEquals(a.getTopFeatures(-1), e.getTopFeatures(-1));
        SMEMClassificationModel f = trainer.train(d.dataset, Collections.emptyMap(), 2);
        assertEquals(3, trainer.getInvocationCount());
        assertEquals(2, ((IntProvenance) ((SkeletalTrainerProvenance) f.getProvenance().getTrainerProvenance())
                .getInstanceValues().get("train-invocation-count")).getValue());
        assertThrows(IllegalArgumentException.class, () -> trainer.setInvocationCount(-1));
    }

    @Test
    public void testProvenanceFacts() {
        Pair<Dataset<Label>, Dataset<Label>> p = LabelledDataGenerator.denseTrainTest();
        Map<String, Provenance> run = Map.of("experiment", new StringProvenance("experiment", "unit-test"));
        SMEMClassificationModel m = t.train(p.getA(), run);
        Map<String, ? extends Provenance> facts = m.getProvenance().getInstanceProvenance().getMap();
        assertEquals("unit-test", ((StringProvenance) facts.get("experiment")).getValue());
        assertEquals("cv-min", ((StringProvenance) facts.get(SMEMClassificationTrainer.PROV_SELECTION)).getValue());
        assertEquals(40, ((IntProvenance) facts.get(SMEMClassificationTrainer.PROV_PATH_LENGTH)).getValue());
        int folds = ((IntProvenance) facts.get(SMEMClassificationTrainer.PROV_CV_FOLDS)).getValue();
        assertTrue(folds >= 2 && folds <= 10, "folds " + folds);
        double lambda = ((DoubleProvenance) facts.get(SMEMClassificationTrainer.PROV_LAMBDA)).getValue();
        assertEquals(m.getLambda(), lambda);
        assertTrue(lambda > 0);
        double max = ((DoubleProvenance) facts.get(SMEMClassificationTrainer.PROV_LAMBDA_MAX)).getValue();
        double min = ((DoubleProvenance) facts.get(SMEMClassificationTrainer.PROV_LAMBDA_MIN)).getValue();
        assertTrue(min <= lambda && lambda <= max);
        assertTrue(facts.containsKey(SMEMClassificationTrainer.PROV_NON_ZEROS));
        assertTrue(facts.containsKey(SMEMClassificationTrainer.PROV_ITERATIONS));
        assertTrue(facts.containsKey(SMEMClassificationTrainer.PROV_CV_DEVIANCE));
        assertTrue(facts.containsKey(SMEMClassificationTrainer.PROV_CLASS_ORDER));
        assertTrue(facts.get(SMEMClassificationTrainer.PROV_CV_SEED) instanceof LongProvenance);
        Helpers.testProvenanceMarshalling(m.getProvenance());

        SMEMClassificationModel fixed = hinge.train(p.getA());
        Map<String, ? extends Provenance> ff = fixed.getProvenance().getInstanceProvenance().getMap();
        assertEquals("fixed", ((StringProvenance) ff.get(SMEMClassificationTrainer.PROV_SELECTION)).getValue());
        assertEquals(0.05, ((DoubleProvenance) ff.get(SMEMClassificationTrainer.PROV_LAMBDA)).getValue());
        assertEquals(1, ((IntProvenance) ff.get(SMEMClassificationTrainer.PROV_PATH_LENGTH)).getValue());
    }

    @Test
    public void testInformationCriterion() {
        TestData d = TestData.gaussian(120, 8, new String[] {"p", "q"}, 0.3, false, 5L);
        SMEMClassificationModel m = SMEMClassificationTrainer.builder().elasticNet(0.5)
                .selectionRule(io.smem.path.SelectionRule.BIC).build().train(d.dataset);
        assertEquals("bic", instance(m, SMEMClassificationTrainer.PROV_SELECTION));
        assertEquals(0, ((IntProvenance) m.getProvenance().getInstanceProvenance().getMap()
                .get(SMEMClassificationTrainer.PROV_CV_FOLDS)).getValue());
        assertEquals("elasticnet", m.getPenalty());
    }

    @Test
    public void testCopy() {
        Pair<Dataset<Label>, Dataset<Label>> p = LabelledDataGenerator.denseTrainTest();
        SMEMClassificationModel m = hinge.train(p.getA());
        Model<Label> copy = m.copy();
        assertTrue(copy instanceof SMEMClassificationModel);
        assertEquals(m.getProvenance(), copy.getProvenance());
        for (Example<Label> e : p.getB()) {
            assertTrue(m.predict(e).distributionEquals(copy.predict(e), 0.0));
        }
        assertEquals(m.getLambda(), ((SMEMClassificationModel) copy).getLambda());
    }

    @Test
    public void testInvalidDatasets() {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> empty = new MutableDataset<>(
                new SimpleDataSourceProvenance("empty", OffsetDateTime.now(), factory), factory);
        assertThrows(IllegalArgumentException.class, () -> t.train(empty));

        MutableDataset<Label> unknown = new MutableDataset<>(
                new SimpleDataSourceProvenance("unknown", OffsetDateTime.now(), factory), factory);
        unknown.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, new String[] {"A"}, new double[] {1.0}));
        unknown.add(new ArrayExample<>(new Label("Foo"), new String[] {"A"}, new double[] {2.0}));
        assertThrows(IllegalArgumentException.class, () -> t.train(unknown));

        MutableDataset<Label> negative = new MutableDataset<>(
                new SimpleDataSourceProvenance("negative", OffsetDateTime.now(), factory), factory);
        negative.add(new ArrayExample<>(new Label("Foo"), new String[] {"A"}, new double[] {1.0}));
        ArrayExample<Label> bad = new ArrayExample<>(new Label("Bar"), new String[] {"A"}, new double[] {2.0});
        bad.setWeight(-1f);
        negative.add(bad);
        assertThrows(IllegalArgumentException.class, () -> hinge.train(negative));

        MutableDataset<Label> infinite = new MutableDataset<>(
                new SimpleDataSourceProvenance("infinite", OffsetDateTime.now(), factory), factory);
        infinite.add(new ArrayExample<>(new Label("Foo"), new String[] {"A"}, new double[] {1.0}));
        infinite.add(new ArrayExample<>(new Label("Bar"), new String[] {"A"},
                new double[] {Double.POSITIVE_INFINITY}));
        assertThrows(IllegalArgumentException.class, () -> hinge.train(infinite));
    }

    @Test
    public void testToString() {
        assertEquals("SMEMClassificationTrainer(loss=LOGISTIC,penalty=RIDGE,lambda=auto(cv-min,10 folds,40 values),"
                + "standardize=true,acceleration=auto,tolerance=1.0E-10,kktTolerance=1.0E-7,maxIterations=5000,"
                + "seed=12345)", new SMEMClassificationTrainer().toString());
    }

    @Test
    public void loadProtobufModel() throws IOException, URISyntaxException {
        Path path = Paths.get(SMEMClassificationTrainerTest.class.getResource(FROZEN_MODEL).toURI());
        try (InputStream fis = Files.newInputStream(path)) {
            ModelProto proto = ModelProto.parseFrom(fis);
            @SuppressWarnings("unchecked")
            Model<Label> deserModel = (Model<Label>) Model.deserialize(proto);
            assertEquals("4.3.2", deserModel.getProvenance().getTribuoVersion());
            assertTrue(deserModel instanceof SMEMClassificationModel);

            Pair<Dataset<Label>, Dataset<Label>> p = LabelledDataGenerator.denseTrainTest();
            List<Prediction<Label>> deserOutput = deserModel.predict(p.getB());
            Model<Label> model = frozenTrainer().train(p.getA());
            List<Prediction<Label>> output = model.predict(p.getB());
            assertEquals(deserOutput.size(), p.getB().size());
            assertTrue(Helpers.predictionListDistributionEquals(deserOutput, output, 1e-7));
        }
        // The same file through Tribuo's file API.
        Model<?> viaFile = Model.deserializeFromFile(path);
        assertTrue(viaFile.validate(Label.class));
    }

    static final String FROZEN_MODEL = "smem-clf-010.tribuo";

    static SMEMClassificationTrainer frozenTrainer() {
        return SMEMClassificationTrainer.builder().penalty(PenaltyType.ELASTIC_NET).alpha(0.5).lambda(0.01)
                .seed(1L).build();
    }

    /** Regenerates the frozen model file (run by hand when the payload version changes). */
    public static void main(String[] args) throws IOException {
        Pair<Dataset<Label>, Dataset<Label>> p = LabelledDataGenerator.denseTrainTest();
        Model<Label> model = frozenTrainer().train(p.getA());
        Helpers.writeProtobuf(model, Paths.get("src", "test", "resources", "io", "smem", "tribuo", FROZEN_MODEL));
    }

    static Object instance(Model<Label> m, String key) {
        Provenance prov = m.getProvenance().getInstanceProvenance().getMap().get(key);
        if (prov instanceof StringProvenance s) {
            return s.getValue();
        } else if (prov instanceof LongProvenance l) {
            return l.getValue();
        } else if (prov instanceof DoubleProvenance d) {
            return d.getValue();
        } else if (prov instanceof IntProvenance i) {
            return i.getValue();
        }
        return prov;
    }
}
