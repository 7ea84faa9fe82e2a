package io.smem.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import io.smem.fit.Acceleration;
import io.smem.path.SelectionRule;
import io.smem.tribuo.SMEMClassificationTrainer.Builder;
import io.smem.tribuo.SMEMClassificationTrainer.LossType;
import io.smem.tribuo.SMEMClassificationTrainer.PenaltyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.example.LabelledDataGenerator;
import org.tribuo.test.Helpers;

/** OLCUT configuration: the shipped sample file, config/provenance round trips and validation. */
public class ConfigTest {

    static final String CONFIG = "/io/smem/tribuo/smem-config.xml";

    @BeforeAll
    public static void setup() {
        Logger.getLogger(SMEMClassificationTrainer.class.getName()).setLevel(Level.SEVERE);
    }

    @Test
    public void sampleConfigLoadsAndTrains() {
        ConfigurationManager cm = new ConfigurationManager(CONFIG);
        assertTrue(cm.lookup("label-factory") instanceof LabelFactory);

        @SuppressWarnings("unchecked")
        Trainer<Label> smem = (Trainer<Label>) cm.lookup("smem");
        // Every property spelled out at its default: the same trainer as the no-argument constructor.
        assertEquals(new SMEMClassificationTrainer().getProvenance(), smem.getProvenance());

        SMEMClassificationTrainer lasso = (SMEMClassificationTrainer) cm.lookup("smem-lasso");
        assertEquals(PenaltyType.LASSO, lasso.getPenalty());
        assertEquals(SelectionRule.CV_1SE, lasso.getSelectionRule());
        assertEquals(42L, lasso.getSeed());
        assertTrue(lasso.isAutomaticLambda());

        SMEMClassificationTrainer enet = (SMEMClassificationTrainer) cm.lookup("smem-enet-bic");
        assertEquals(PenaltyType.ELASTIC_NET, enet.getPenalty());
        assertEquals(0.5, enet.getAlpha());
        assertEquals(SelectionRule.BIC, enet.getSelectionRule());

        SMEMClassificationTrainer svm = (SMEMClassificationTrainer) cm.lookup("smem-svm");
        assertEquals(LossType.HINGE, svm.getLoss());
        assertEquals(0.01, svm.getLambda());
        assertTrue(!svm.isAutomaticLambda());

        var data = LabelledDataGenerator.denseTrainTest();
        for (Trainer<Label> t : List.<Trainer<Label>>of(smem, lasso, enet, svm)) {
            SMEMClassificationModel m = (SMEMClassificationModel) t.train(data.getA());
            assertTrue(new LabelEvaluator().evaluate(m, data.getB()).accuracy() >= 0.75, t.toString());
        }
        assertEquals(4, cm.lookupAll(SMEMClassificationTrainer.class).size());
    }

    @Test
    public void configurableRoundtrip() {
        Helpers.testConfigurableRoundtrip(new SMEMClassificationTrainer());
        Helpers.testConfigurableRoundtrip(SMEMClassificationTrainer.builder().loss(LossType.HINGE)
                .penalty(PenaltyType.BRIDGE).q(0.7).alpha(0.2).lambda(0.3).selectionRule(SelectionRule.CV_1SE)
                .folds(5).numLambdas(12).lambdaMinRatio(1e-3).standardize(false).acceleration(Acceleration.SQUAREM)
                .tolerance(1e-9).kktTolerance(1e-6).maxIterations(100).numThreads(2).seed(7L).build());
        Helpers.testConfigurableRoundtrip(SMEMClassificationTrainer.builder().lambda(Double.NaN)
                .lambdaMinRatio(Double.NaN).build());
        Helpers.testConfigurableRoundtrip(SMEMClassificationTrainer.builder().lambda(-3).lambdaMinRatio(-1).build());
    }

    @Test
    public void automaticValuesAreCanonical() {
        for (double v : new double[] {0.0, -0.0, -1.0, Double.NaN, Double.NEGATIVE_INFINITY}) {
            SMEMClassificationTrainer t = SMEMClassificationTrainer.builder().lambda(v).lambdaMinRatio(v).build();
            assertEquals(0.0, t.getLambda());
            assertEquals(0.0, t.getLambdaMinRatio());
            assertTrue(t.isAutomaticLambda());
            assertEquals(new SMEMClassificationTrainer().getProvenance(), t.getProvenance());
        }
    }

    @Test
    public void trainerFromProvenance() {
        // Tribuo's reproducibility path: a trainer rebuilt from a model's provenance has the same configuration.
        SMEMClassificationTrainer original = SMEMClassificationTrainer.builder().penalty(PenaltyType.LASSO)
                .lambda(0.02).seed(99L).build();
        SMEMClassificationModel model = original.train(LabelledDataGenerator.denseTrainTest().getA());
        ConfigurationManager cm = new ConfigurationManager();
        ProvenanceUtil.extractConfiguration(model.getProvenance().getTrainerProvenance()).forEach(cm::addConfiguration);
        SMEMClassificationTrainer rebuilt = (SMEMClassificationTrainer) cm.lookupAll(SMEMClassificationTrainer.class)
                .get(0);
        assertEquals(original.toString(), rebuilt.toString());
        SMEMClassificationModel again = rebuilt.train(LabelledDataGenerator.denseTrainTest().getA());
        assertEquals(model.getTopFeatures(-1), again.getTopFeatures(-1));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("alpha", (UnaryOperator<Builder>) b -> b.alpha(1.5)),
                Arguments.of("alpha", (UnaryOperator<Builder>) b -> b.alpha(Double.NaN)),
                Arguments.of("q", (UnaryOperator<Builder>) b -> b.q(2.0)),
                Arguments.of("q", (UnaryOperator<Builder>) b -> b.q(0.0)),
                Arguments.of("lambda", (UnaryOperator<Builder>) b -> b.lambda(Double.POSITIVE_INFINITY)),
                Arguments.of("folds", (UnaryOperator<Builder>) b -> b.folds(1)),
                Arguments.of("numLambdas", (UnaryOperator<Builder>) b -> b.numLambdas(0)),
                Arguments.of("lambdaMinRatio", (UnaryOperator<Builder>) b -> b.lambdaMinRatio(1.0)),
                Arguments.of("tolerance", (UnaryOperator<Builder>) b -> b.tolerance(0.0)),
                Arguments.of("kktTolerance", (UnaryOperator<Builder>) b -> b.kktTolerance(-1.0)),
                Arguments.of("maxIterations", (UnaryOperator<Builder>) b -> b.maxIterations(0)),
                Arguments.of("numThreads", (UnaryOperator<Builder>) b -> b.numThreads(-1)),
                Arguments.of("selectionRule", (UnaryOperator<Builder>) b -> b.loss(LossType.HINGE)
                        .selectionRule(SelectionRule.BIC)),
                Arguments.of("acceleration", (UnaryOperator<Builder>) b -> b.loss(LossType.HINGE)
                        .acceleration(Acceleration.NEWTON)),
                Arguments.of("loss", (UnaryOperator<Builder>) b -> b.loss(null)),
                Arguments.of("penalty", (UnaryOperator<Builder>) b -> b.penalty(null)));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    public void invalidConfigurationsAreRejected(String property, UnaryOperator<Builder> change) {
        PropertyException e = assertThrows(PropertyException.class,
                () -> change.apply(SMEMClassificationTrainer.builder()).build());
        assertEquals(property, e.getProperty());
    }

    @Test
    public void settingsThatOnlyMatterForAutomaticLambdaAreNotCheckedForAFixedOne() {
        SMEMClassificationTrainer t = SMEMClassificationTrainer.builder().lambda(0.1).folds(1).numLambdas(0).build();
        assertTrue(!t.isAutomaticLambda());
        assertTrue(SMEMClassificationTrainer.builder().lambda(0).build().isAutomaticLambda());
        assertTrue(SMEMClassificationTrainer.builder().lambda(Double.NaN).build().isAutomaticLambda());
    }

    @Test
    public void invalidXmlPropertySurfacesFromLookup(@TempDir Path dir) throws IOException {
        Path xml = dir.resolve("bad.xml");
        Files.writeString(xml, """
                <config>
                  <component name="bad" type="io.smem.tribuo.SMEMClassificationTrainer">
                    <property name="alpha" value="2.0"/>
                  </component>
                  <component name="typo" type="io.smem.tribuo.SMEMClassificationTrainer">
                    <property name="penalty" value="LASO"/>
                  </component>
                </config>
                """);
        ConfigurationManager cm = new ConfigurationManager(xml.toString());
        PropertyException e = assertThrows(PropertyException.class, () -> cm.lookup("bad"));
        assertEquals("alpha", e.getProperty());
        assertThrows(PropertyException.class, () -> cm.lookup("typo"));
    }

    @Test
    public void provenanceDiffersWithConfiguration() {
        assertNotEquals(new SMEMClassificationTrainer().getProvenance(),
                SMEMClassificationTrainer.builder().seed(1L).build().getProvenance());
    }
}
