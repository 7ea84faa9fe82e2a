package io.smem.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.smem.tribuo.protos.SMEMClassificationModelProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.Parameters;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.protos.NormalizerProto;
import org.tribuo.math.protos.ParametersProto;
import org.tribuo.math.util.VectorNormalizer;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.util.onnx.ONNXNode;

/**
 * A linear classifier fitted by {@link SMEMClassificationTrainer}: one weight row per label (Tribuo output-ID order)
 * plus a bias, scored as {@code W·x + b} and, for the logistic loss, turned into probabilities by a softmax.
 *
 * <p>It is a genuine Tribuo linear model ({@link AbstractLinearSGDModel}): top features and excuses come from the
 * weight matrix, ONNX export is a {@code Gemm} followed by {@code Softmax} (logistic) or nothing (hinge), and
 * {@link #getWeightsCopy()} gives the [labels × (features + 1)] matrix, bias last. How the engine's coefficients map
 * to rows (binary models, labels without training data) is described on {@link SMEMClassificationTrainer}.
 *
 * <p>Serialization: protobuf (payload {@link SMEMClassificationModelProto}, version {@value #CURRENT_VERSION}), or
 * Java serialization as Tribuo 4.3 still offers it. Tribuo's JEP 290 filter only allows {@code org.tribuo.**}; add
 * {@code io.smem.**} to it (or prefer protobuf) to load Java-serialized models with Tribuo's tools.
 */
public final class SMEMClassificationModel extends AbstractLinearSGDModel<Label> implements ONNXExportable {

    private static final long serialVersionUID = 1L;

    /** Protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    private final VectorNormalizer normalizer;
    private final String loss;
    private final String penalty;
    private final double lambda;
    private final String[] classOrder;

    SMEMClassificationModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureIDMap,
                            ImmutableOutputInfo<Label> outputIDInfo, LinearParameters parameters,
                            VectorNormalizer normalizer, boolean generatesProbabilities, String loss, String penalty,
                            double lambda, List<String> classOrder) {
        super(name, provenance, featureIDMap, outputIDInfo, parameters, generatesProbabilities);
        this.normalizer = normalizer;
        this.loss = loss;
        this.penalty = penalty;
        this.lambda = lambda;
        this.classOrder = classOrder.toArray(new String[0]);
    }

    /**
     * Deserialization factory, called reflectively by Tribuo's {@code Model.deserialize}.
     *
     * @param version   the serialized object version
     * @param className the class name
     * @param message   the serialized data ({@link SMEMClassificationModelProto})
     * @return the model
     * @throws InvalidProtocolBufferException if the payload cannot be parsed
     */
    public static SMEMClassificationModel deserializeFromProto(int version, String className, Any message)
            throws InvalidProtocolBufferException {
        if (version < 0 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("Unknown version " + version + ", this class supports at most version "
                    + CURRENT_VERSION);
        }
        SMEMClassificationModelProto proto = message.unpack(SMEMClassificationModelProto.class);
        ModelDataCarrier<?> carrier = ModelDataCarrier.deserialize(ModelDataProto.parseFrom(proto.getMetadata()));
        if (!carrier.outputDomain().getOutput(0).getClass().equals(Label.class)) {
            throw new IllegalStateException("Invalid protobuf, output domain is not a label domain, found "
                    + carrier.outputDomain().getClass());
        }
        @SuppressWarnings("unchecked") // guarded by the getClass check
        ImmutableOutputInfo<Label> outputDomain = (ImmutableOutputInfo<Label>) carrier.outputDomain();
        Parameters params = Parameters.deserialize(ParametersProto.parseFrom(proto.getParams()));
        if (!(params instanceof LinearParameters)) {
            throw new IllegalStateException("Invalid protobuf, parameters must be LinearParameters, found "
                    + params.getClass());
        }
        DenseMatrix w = (DenseMatrix) ((LinearParameters) params).get()[0];
        if (w.getDimension1Size() != outputDomain.size()
                || w.getDimension2Size() != carrier.featureDomain().size() + 1) {
            throw new IllegalStateException("Invalid protobuf, weight matrix is " + w.getDimension1Size() + " x "
                    + w.getDimension2Size() + " for " + outputDomain.size() + " labels and "
                    + carrier.featureDomain().size() + " features");
        }
        VectorNormalizer normalizer = VectorNormalizer.deserialize(NormalizerProto.parseFrom(proto.getNormalizer()));
        return new SMEMClassificationModel(carrier.name(), carrier.provenance(), carrier.featureDomain(),
                outputDomain, (LinearParameters) params, normalizer, carrier.generatesProbabilities(),
                proto.getLoss(), proto.getPenalty(), proto.getLambda(), new ArrayList<>(proto.getClassOrderList()));
    }

    /**
     * Scores every label: probabilities (softmax) for the logistic loss, raw linear scores for the hinge loss.
     * Unknown features are ignored.
     *
     * @throws IllegalArgumentException if the example has no feature known to the model
     */
    @Override
    public Prediction<Label> predict(Example<Label> example) {
        PredAndActive predTuple = predictSingle(example);
        DenseVector prediction = predTuple.prediction;
        prediction.normalize(normalizer);

        double maxScore = Double.NEGATIVE_INFINITY;
        Label maxLabel = null;
        Map<String, Label> predMap = new LinkedHashMap<>();
        for (int i = 0; i < prediction.size(); i++) {
            String labelName = outputIDInfo.getOutput(i).getLabel();
            double score = prediction.get(i);
            Label label = new Label(labelName, score);
            predMap.put(labelName, label);
            if (maxLabel == null || score > maxScore) {
                maxScore = score;
                maxLabel = label;
            }
        }
        return new Prediction<>(maxLabel, predMap, predTuple.numActiveFeatures - 1, example, generatesProbabilities);
    }

    @Override
    public ModelProto serialize() {
        ModelDataCarrier<Label> carrier = createDataCarrier();
        SMEMClassificationModelProto.Builder payload = SMEMClassificationModelProto.newBuilder()
                .setMetadata(carrier.serialize().toByteString())
                .setParams(modelParameters.serialize().toByteString())
                .setNormalizer(normalizer.serialize().toByteString())
                .setLoss(loss)
                .setPenalty(penalty)
                .setLambda(lambda);
        for (String c : classOrder) {
            payload.addClassOrder(c);
        }
        return ModelProto.newBuilder()
                .setVersion(CURRENT_VERSION)
                .setClassName(SMEMClassificationModel.class.getName())
                .setSerializedData(Any.pack(payload.build()))
                .build();
    }

    @Override
    protected SMEMClassificationModel copy(String newName, ModelProvenance newProvenance) {
        return new SMEMClassificationModel(newName, newProvenance, featureIDMap, outputIDInfo,
                (LinearParameters) modelParameters.copy(), normalizer, generatesProbabilities, loss, penalty, lambda,
                getEngineClassOrder());
    }

    @Override
    protected String getDimensionName(int index) {
        return outputIDInfo.getOutput(index).getLabel();
    }

    @Override
    protected ONNXNode onnxOutput(ONNXNode input) {
        return normalizer.exportNormalizer(input);
    }

    @Override
    protected String onnxModelName() {
        return "SMEM-Classification-Model";
    }

    /** The engine loss: {@code logistic} or {@code hinge}. */
    public String getLoss() {
        return loss;
    }

    /** The engine penalty: {@code ridge}, {@code lasso}, {@code elasticnet} or {@code bridge}. */
    public String getPenalty() {
        return penalty;
    }

    /** λ of the fit (chosen or fixed); NaN for a model trained on a single class. */
    public double getLambda() {
        return lambda;
    }

    /** Label names in the engine's class-index order (only labels that had training weight). */
    public List<String> getEngineClassOrder() {
        List<String> out = new ArrayList<>(classOrder.length);
        Collections.addAll(out, classOrder);
        return Collections.unmodifiableList(out);
    }

    /** The output normalizer ({@code ExpNormalizer} for logistic, {@code NoopNormalizer} for hinge). */
    public VectorNormalizer getNormalizer() {
        return normalizer;
    }

    @Override
    public String toString() {
        return "SMEMClassificationModel(name=" + name + ",loss=" + loss + ",penalty=" + penalty + ",lambda=" + lambda
                + ",labels=" + outputIDInfo.size() + ",features=" + featureIDMap.size() + ")";
    }
}
