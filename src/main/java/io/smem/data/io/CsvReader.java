package io.smem.data.io;

import static io.smem.data.io.DataReader.quote;

import io.smem.data.DenseMatrix;
import io.smem.data.LabeledData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/** CSV with a header row: one label column, an optional weight column, every other column numeric. */
final class CsvReader {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setTrim(true)
            .setIgnoreEmptyLines(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
            .setAllowMissingColumnNames(false)
            .get();

    private CsvReader() {
    }

    static LabeledData read(Path file, String labelColumn, String weightColumn)
            throws IOException, DataFormatException {
        try (BufferedReader in = DataReader.open(file)) {
            CSVParser parser;
            try {
                parser = FORMAT.parse(in);
            } catch (IllegalArgumentException | CSVException e) {
                throw new DataFormatException(file + ": line 1: bad header row: " + e.getMessage(), e);
            }
            try (parser) {
                return read(file, parser, labelColumn, weightColumn);
            }
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file + ": not valid UTF-8 text", e);
        }
    }

    private static LabeledData read(Path file, CSVParser parser, String labelColumn, String weightColumn)
            throws IOException, DataFormatException {
        List<String> header = parser.getHeaderNames();
        if (header.isEmpty()) {
            throw new DataFormatException(file + ": has no header row (a CSV file must start with the column names)");
        }
        int m = header.size();
        int labelIndex = labelColumn == null ? m - 1 : columnIndex(file, header, labelColumn, "label");
        int weightIndex = weightColumn == null ? -1 : columnIndex(file, header, weightColumn, "weight");
        if (weightIndex == labelIndex) {
            throw new DataFormatException(file + ": the weight column " + quote(header.get(weightIndex))
                    + " is also the label column" + (labelColumn == null ? " (the last column by default)" : "")
                    + "; name a different label column");
        }
        int p = m - 1 - (weightIndex >= 0 ? 1 : 0);
        int[] featureOf = new int[m]; // column -> feature index, or -1
        List<String> names = new ArrayList<>(p);
        for (int j = 0; j < m; j++) {
            if (j == labelIndex || j == weightIndex) {
                featureOf[j] = -1;
            } else {
                featureOf[j] = names.size();
                names.add(header.get(j));
            }
        }

        double[] values = new double[Math.max(16, p * 64)];
        List<String> labels = new ArrayList<>();
        double[] weights = weightIndex >= 0 ? new double[64] : null;
        int n = 0;
        long previousEnd = parser.getCurrentLineNumber();
        Iterator<CSVRecord> records = parser.iterator();
        while (true) {
            CSVRecord record;
            try {
                if (!records.hasNext()) {
                    break;
                }
                record = records.next();
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof CSVException bad) {
                    throw new DataFormatException(file + ": after line " + previousEnd + ": malformed CSV: "
                            + bad.getMessage(), bad);
                }
                throw e.getCause();
            }
            long line = startLine(parser.getCurrentLineNumber(), record);
            previousEnd = parser.getCurrentLineNumber();
            if (record.size() != m) {
                throw new DataFormatException(file + ": line " + line + " has " + record.size()
                        + " fields but the header has " + m);
            }
            if ((long) (n + 1) * p > Integer.MAX_VALUE - 8L) {
                throw new DataFormatException(file + ": line " + line + ": too many values for one dense matrix");
            }
            if ((n + 1) * p > values.length) {
                values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * values.length + p));
            }
            if (weights != null && n == weights.length) {
                weights = Arrays.copyOf(weights, 2 * n);
            }
            for (int j = 0; j < m; j++) {
                String cell = record.get(j);
                String column = header.get(j);
                if (cell.isEmpty()) {
                    throw new DataFormatException(file + ": missing value at line " + line + " column "
                            + quote(column) + ": fill or drop it");
                }
                if (j == labelIndex) {
                    if (DataReader.isNonFiniteNumber(cell)) {
                        throw new DataFormatException(file + ": line " + line + ", label column " + quote(column)
                                + ": non-finite label " + quote(cell));
                    }
                    labels.add(DataReader.canonicalLabel(cell));
                    continue;
                }
                Double v = DataReader.parseNumber(cell);
                if (v == null) {
                    throw new DataFormatException(file + ": line " + line + ", column " + quote(column)
                            + ": non-numeric value " + quote(cell) + (j == weightIndex ? " in the weight column"
                            : " (every column but the label must be numeric)"));
                }
                if (!Double.isFinite(v)) {
                    throw new DataFormatException(file + ": line " + line + ", column " + quote(column)
                            + ": non-finite value " + quote(cell));
                }
                if (j == weightIndex) {
                    if (v < 0) {
                        throw new DataFormatException(file + ": line " + line + ", weight column " + quote(column)
                                + ": negative weight " + quote(cell));
                    }
                    weights[n] = v;
                } else {
                    values[n * p + featureOf[j]] = v;
                }
            }
            n++;
        }
        if (n == 0) {
            throw new DataFormatException(file + ": has no data rows");
        }
        DenseMatrix x = new DenseMatrix(n, p, Arrays.copyOf(values, n * p));
        return new LabeledData(x, names, labels.toArray(new String[0]),
                weights == null ? null : Arrays.copyOf(weights, n));
    }

    private static int columnIndex(Path file, List<String> header, String name, String role)
            throws DataFormatException {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new DataFormatException(file + ": " + role + " column " + quote(name)
                    + " not found; the columns are: " + String.join(", ", header));
        }
        return index;
    }

    /** The line a record starts on, from the line the parser stands at after it and the line breaks inside it. */
    private static long startLine(long endLine, CSVRecord record) {
        long breaks = 0;
        for (String value : record) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == value.length() || value.charAt(i + 1) != '\n'))) {
                    breaks++;
                }
            }
        }
        return Math.max(1, endLine - breaks);
    }
}
