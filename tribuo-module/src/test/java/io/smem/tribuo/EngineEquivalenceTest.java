package io.smem.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.path.PathOptions;
import io.smem.path.PathResult;
import io.smem.path.RegularizationPath;
import io.smem.path.SelectionRule;
import io.smem.tribuo.SMEMClassificationTrainer.LossType;
import io.smem.tribuo.SMEMClassificationTrainer.PenaltyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.LibSVMDataSource;
import org.tribuo.math.la.DenseMatrix;

/**
 * The Tribuo model equals the engine's fit on the same data: the adapter adds nothing but the mapping of features,
 * labels and weights. Reference fits are computed here from the raw arrays (dense, classes sorted by name), never
 * through the adapter's own conversion, and with the engine's command line on a LIBSVM file.
 */
public class EngineEquivalenceTest {

    private static final double TOL = 1e-8;
    /**
     * Between fits that run different arithmetic (a sparse against a dense design, weights against replicated rows)
     * the engine promises agreement only up to its certificate (KKT residual 1e-7, standardized scale), not to
     * rounding: a fit may stop after a chord step one iteration earlier or later.
     */
    private static final double CERTIFIED_TOL = 1e-6;

    /** Label names whose Tribuo ID order (HashMap order) differs from their sorted order. */
    private static final String[] THREE = {"zebra", "apple", "mango"};

    @BeforeAll
    public static void setup() {
        Logger.getLogger(SMEMClassificationTrainer.class.getName()).setLevel(Level.SEVERE);
    }

    @Test
    public void multinomialLogisticFixedLambda() {
        TestData d = TestData.gaussian(150, 7, THREE, 0.0, false, 1L);
        SMEMClassificationTrainer trainer = SMEMClassificationTrainer.builder().lambda(0.02).build();
        SMEMClassificationModel model = trainer.train(d.dataset);
        FitResult ref = SmEm.fit(d.engineData(), trainer.fitOptions(0.02));
        assertEquals(3, ref.numRows());
        assertRows(model, d, ref, 1.0);
        assertProbabilities(model, d, ref);
        assertEquals("dense", SMEMClassificationTrainerTest.instance(model, SMEMClassificationTrainer.PROV_DESIGN));
    }

    @Test
    public void binaryLogisticSparse() {
        TestData d = TestData.gaussian(160, 9, new String[] {"yes", "no"}, 0.6, false, 2L);
        SMEMClassificationTrainer trainer = SMEMClassificationTrainer.builder().penalty(PenaltyType.LASSO)
                .lambda(0.01).build();
        SMEMClassificationModel model = trainer.train(d.dataset);
        assertEquals("sparse", SMEMClassificationTrainerTest.instance(model, SMEMClassificationTrainer.PROV_DESIGN));
        FitResult ref = SmEm.fit(d.engineData(), trainer.fitOptions(0.01));
        assertEquals(1, ref.numRows());
        assertEquals(List.of("no", "yes"), model.getEngineClassOrder()); // "yes" is the engine's positive class
        assertRows(model, d, ref, 0.5);
        assertProbabilities(model, d, ref);
    }

    @Test
    public void sparseAndDenseDesignsAgree() {
        // The adapter hands sparse data to the engine as CSR; the dense design gives the same logistic fit.
        TestData d = TestData.gaussian(150, 8, THREE, 0.5, false, 8L);
        SMEMClassificationTrainer trainer = SMEMClassificationTrainer.builder().lambda(0.01).build();
        SMEMClassificationModel model = trainer.train(d.dataset);
        assertEquals("sparse", SMEMClassificationTrainerTest.instance(model, SMEMClassificationTrainer.PROV_DESIGN));
        assertRows(model, d, SmEm.fit(d.denseEngineData(), trainer.fitOptions(0.01)), 1.0, CERTIFIED_TOL);
    }

    @Test
    public void hingeOneVsRest() {
        TestData d = TestData.gaussian(120, 5, THREE, 0.2, false, 3L);
        SMEMClassificationTrainer trainer = SMEMClassificationTrainer.builder().loss(LossType.HINGE).lambda(0.05)
                .build();
        SMEMClassificationModel model = trainer.train(d.dataset);
        FitResult ref = SmEm.fit(d.engineData(), trainer.fitOptions(0.05));
        assertEquals(3, ref.numRows());
        assertRows(model, d, ref, 1.0);
        for (int i = 0; i < d.x.length; i++) {
            Prediction<Label> pred = model.predict(d.example(i));
            for (int k = 0; k < 3; k++) {
                assertEquals(ref.linearPredictor(k, d.x[i]),
                        pred.getOutputScores().get(d.classes.get(k)).getScore(), TOL);
            }
        }
    }

    @Test
    public void binaryHinge() {
        TestData d = TestData.gaussian(100, 4, new String[] {"pos", "neg"}, 0.0, false, 4L);
        SMEMClassificationTrainer trainer = SMEMClassificationTrainer.builder().loss(LossType.HINGE).lambda(0.05)
                .build();
        SMEMClassificationModel model = trainer.train(d.dataset);
        FitResult ref = SmEm.fit(d.engineData(), trainer.fitOptions(0.05));
        assertRows(model, d, ref, 1.0); // [-f, +f]
        Prediction<Label> pred = model.predict(d.example(0));
        assertEquals(ref.linearPredictor(0, d.x[0]), pred.getOutputScores().get("pos").getScore(), TOL);
    }

    @Test
    public void weightedExamples() {
        TestData d = TestData.gaussian(90, 5, THREE, 0.3, true, 5L);
        SMEMClassificationTrainer trainer = SMEMClassificationTrainer.builder().penalty(PenaltyType.ELASTIC_NET)
                .alpha(0.3).lambda(0.01).build();
        SMEMClassificationModel model = trainer.train(d.dataset);
        FitResult ref = SmEm.fit(d.engineData(), trainer.fitOptions(0.01));
        assertRows(model, d, ref, 1.0);
        // ...and the weights matter.
        FitResult unweighted = SmEm.fit(new TrainingData(d.engineData().x(), d.engineData().response(), 3, null),
                trainer.fitOptions(0.01));
        assertTrue(Math.abs(unweighted.intercepts()[0] - ref.intercepts()[0]) > 1e-4);
    }

    @Test
    public void weightEqualsReplication() {
        // A weight-3 example is the same as three copies of it (fixed lambda: no CV folds involved).
        TestData d = TestData.gaussian(60, 4, THREE, 0.0, false, 6L);
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> weighted = new MutableDataset<>(d.dataset.getProvenance(), factory);
        MutableDataset<Label> replicated = new MutableDataset<>(d.dataset.getProvenance(), factory);
        for (int i = 0; i < d.x.length; i++) {
            Example<Label> e = d.example(i);
            int copies = i % 4 == 0 ? 3 : 1;
            Example<Label> w = d.example(i);
            w.setWeight(copies);
            weighted.add(w);
            for (int c = 0; c < copies; c++) {
                replicated.add(d.example(i));
            }
            assertEquals(1.0f, e.getWeight());
        }
        SMEMClassificationTrainer trainer = SMEMClassificationTrainer.builder().lambda(0.01).build();
        DenseMatrix a = trainer.train(weighted).getWeightsCopy();
        DenseMatrix b = trainer.train(replicated).getWeightsCopy();
        DenseMatrix plain = trainer.train(d.dataset).getWeightsCopy();
        double diffPlain = 0;
        for (int i = 0; i < a.getDimension1Size(); i++) {
            for (int j = 0; j < a.getDimension2Size(); j++) {
                assertEquals(b.get(i, j), a.get(i, j), CERTIFIED_TOL);
                diffPlain = Math.max(diffPlain, Math.abs(a.get(i, j) - plain.get(i, j)));
            }
        }
        assertTrue(diffPlain > 1e-4, "weights must change the fit");
    }

    @Test
    public void automaticLambdaEqualsEnginePath() {
        TestData d = TestData.gaussian(120, 6, THREE, 0.0, false, 7L);
        SMEMClassificationTrainer trainer = SMEMClassificationTrainer.builder().numLambdas(20).numThreads(1).build();
        SMEMClassificationModel model = trainer.train(d.dataset);
        long cvSeed = ((LongProvenance) model.getProvenance().getInstanceProvenance().getMap()
                .get(SMEMClassificationTrainer.PROV_CV_SEED)).getValue();
        PathResult path = RegularizationPath.fit(d.engineData(), trainer.fitOptions(0.0),
                new PathOptions(20, Double.NaN, null, SelectionRule.CV_MIN, 10, cvSeed, 2), null);
        assertEquals(path.selectedLambda(), model.getLambda(), 0.0);
        assertEquals(path.selectedLambda(), (Double) SMEMClassificationTrainerTest.instance(model,
                SMEMClassificationTrainer.PROV_LAMBDA), 0.0);
        assertEquals(10, SMEMClassificationTrainerTest.instance(model, SMEMClassificationTrainer.PROV_CV_FOLDS));
        assertEquals(path.selected(), SMEMClassificationTrainerTest.instance(model,
                SMEMClassificationTrainer.PROV_SELECTED_INDEX));
        assertRows(model, d, path.selectedFit(), 1.0);
    }

    /**
     * The same LIBSVM file through the engine's CLI ({@code smem fit}, automatic λ, seed = the trainer's derived CV
     * seed) and through Tribuo's LibSVMDataSource and the default trainer.
     */
    @Test
    public void equalsEngineCommandLine(@TempDir Path tmp) throws IOException {
        Path data = Paths.get("..", "datasets", "breast-cancer.svm");
        SMEMClassificationTrainer trainer = new SMEMClassificationTrainer();
        MutableDataset<Label> dataset = new MutableDataset<>(new LibSVMDataSource<>(data, new LabelFactory()));
        SMEMClassificationModel model = trainer.train(dataset);
        long cvSeed = ((LongProvenance) model.getProvenance().getInstanceProvenance().getMap()
                .get(SMEMClassificationTrainer.PROV_CV_SEED)).getValue();

        Path json = tmp.resolve("fit.json");
        int exit = io.smem.cli.Main.run("fit", "--data", data.toString(), "--seed", Long.toString(cvSeed),
                "--json", json.toString());
        assertEquals(0, exit);
        JsonNode doc = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(doc.get("lambda").asDouble(), model.getLambda(), 1e-12 * model.getLambda());
        // The CLI reads the labels "+1"/"-1" as numbers (and prints "1"); both sides order them numerically.
        List<Double> classes = new ArrayList<>();
        doc.get("classes").forEach(c -> classes.add(Double.parseDouble(c.asText())));
        assertEquals(List.of(-1.0, 1.0), classes);
        assertEquals(List.of("-1", "+1"), model.getEngineClassOrder());

        // CLI features are "1".."30"; Tribuo's LibSVMDataSource names 1-based index i as "%02d" of i - 1.
        DenseMatrix w = model.getWeightsCopy();
        int pos = model.getOutputIDInfo().getID(new Label("+1"));
        int neg = model.getOutputIDInfo().getID(new Label("-1"));
        int p = model.getFeatureIDMap().size();
        JsonNode features = doc.get("features");
        JsonNode coef = doc.get("coefficients").get(0);
        for (int j = 0; j < features.size(); j++) {
            int id = model.getFeatureIDMap().getID(String.format("%02d", Integer.parseInt(features.get(j).asText()) - 1));
            double beta = coef.get(j).asDouble();
            assertEquals(beta / 2, w.get(pos, id), TOL * Math.max(1, Math.abs(beta)));
            assertEquals(-beta / 2, w.get(neg, id), TOL * Math.max(1, Math.abs(beta)));
        }
        double b = doc.get("intercepts").get(0).asDouble();
        assertEquals(b / 2, w.get(pos, p), TOL * Math.max(1, Math.abs(b)));
        assertEquals(doc.get("nonZeros").asInt(), SMEMClassificationTrainerTest.instance(model,
                SMEMClassificationTrainer.PROV_NON_ZEROS));
    }

    /** Model row of each label = engine row of its class index × scale (binary: ±scale × the single row). */
    private static void assertRows(SMEMClassificationModel model, TestData d, FitResult ref, double scale) {
        assertRows(model, d, ref, scale, TOL);
    }

    private static void assertRows(SMEMClassificationModel model, TestData d, FitResult ref, double scale,
                                   double tol) {
        DenseMatrix w = model.getWeightsCopy();
        int p = d.x[0].length;
        assertEquals(p, model.getFeatureIDMap().size());
        double[][] beta = ref.coefficients();
        double[] b = ref.intercepts();
        for (int k = 0; k < d.classes.size(); k++) {
            int id = model.getOutputIDInfo().getID(new Label(d.classes.get(k)));
            int row = beta.length == 1 ? 0 : k;
            double s = beta.length == 1 ? (k == 1 ? scale : -scale) : scale;
            for (int j = 0; j < p; j++) {
                int col = model.getFeatureIDMap().getID(TestData.name(j));
                assertEquals(s * beta[row][j], w.get(id, col), tol, "label " + d.classes.get(k) + ", feature " + j);
            }
            assertEquals(s * b[row], w.get(id, p), tol, "intercept of " + d.classes.get(k));
        }
    }

    /** Probabilities by label name equal the engine's (softmax of its linear predictors, or σ(η) for binary). */
    private static void assertProbabilities(SMEMClassificationModel model, TestData d, FitResult ref) {
        for (int i = 0; i < d.x.length; i++) {
            Prediction<Label> pred = model.predict(d.example(i));
            double[] prob;
            if (ref.numRows() == 1) {
                double eta = ref.linearPredictor(0, d.x[i]);
                double p1 = 1 / (1 + Math.exp(-eta));
                prob = new double[] {1 - p1, p1};
            } else {
                prob = new double[ref.numRows()];
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < prob.length; k++) {
                    prob[k] = ref.linearPredictor(k, d.x[i]);
                    max = Math.max(max, prob[k]);
                }
                double sum = 0;
                for (int k = 0; k < prob.length; k++) {
                    prob[k] = Math.exp(prob[k] - max);
                    sum += prob[k];
                }
                for (int k = 0; k < prob.length; k++) {
                    prob[k] /= sum;
                }
            }
            for (int k = 0; k < prob.length; k++) {
                assertEquals(prob[k], pred.getOutputScores().get(d.classes.get(k)).getScore(), TOL);
            }
        }
    }
}
