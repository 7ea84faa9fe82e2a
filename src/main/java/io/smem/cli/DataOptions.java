package io.smem.cli;

import io.smem.data.ClassLabels;
import io.smem.data.LabeledData;
import io.smem.data.io.DataFormat;
import io.smem.data.io.DataFormatException;
import io.smem.data.io.DataReader;
import io.smem.fit.TrainingData;
import io.smem.loss.Loss;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Where the data comes from: shared by every command that reads a data set. */
final class DataOptions {

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Training data: CSV with a header, ARFF, or LIBSVM/SVMlight (by extension, or --format).")
    Path data;

    @Option(names = "--format", paramLabel = "FORMAT", description = "csv, arff or libsvm (default: from the extension).")
    String format;

    @Option(names = "--label", paramLabel = "NAME",
            description = "Label column (CSV) or attribute (ARFF); default: the last one.")
    String label;

    @Option(names = "--weights", paramLabel = "COLUMN", description = "Column of non-negative row weights (CSV, ARFF).")
    String weights;

    /** The file as read, with its labels still text. */
    LabeledData read() {
        try {
            DataFormat f = format == null ? DataFormat.fromFileName(data)
                    : DataFormat.valueOf(format.toUpperCase(Locale.ROOT));
            return DataReader.read(data, f, label, weights);
        } catch (NoSuchFileException e) {
            throw new BadInputException("cannot read " + data + ": no such file");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + data + ": " + e.getMessage());
        } catch (DataFormatException e) {
            throw new BadInputException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("unknown format '" + format + "' (csv, arff, libsvm)");
        }
    }

    /** Training data for {@code loss}: class indices in {@link ClassLabels} order, or numbers for regression. */
    static Encoded encode(LabeledData table, Loss loss) {
        if (table.x().rows() == 0) {
            throw new BadInputException("the data has no rows");
        }
        if (loss.isClassification()) {
            ClassLabels labels = ClassLabels.of(table.labels());
            if (labels.classes().size() < 2) {
                throw new BadInputException("only one class ('" + labels.classes().get(0)
                        + "') in the data; a classifier needs at least two");
            }
            return new Encoded(new TrainingData(table.x(), labels.indices(), labels.classes().size(), table.weights()),
                    labels.classes());
        }
        return new Encoded(new TrainingData(table.x(), ClassLabels.numeric(table.labels()), 0, table.weights()),
                List.of());
    }

    record Encoded(TrainingData data, List<String> classes) {
    }
}
