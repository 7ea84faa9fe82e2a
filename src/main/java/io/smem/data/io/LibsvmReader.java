package io.smem.data.io;

import static io.smem.data.io.DataReader.quote;

import io.smem.data.LabeledData;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * LIBSVM / SVMlight text: {@code label idx:val idx:val ... [# comment]} with 1-based, strictly increasing indices;
 * {@code qid:} tokens are ignored. Features are named {@code "1"} to {@code "p"}, p the largest index seen.
 */
final class LibsvmReader {

    private LibsvmReader() {
    }

    static LabeledData read(Path file, String labelColumn, String weightColumn)
            throws IOException, DataFormatException {
        if (labelColumn != null) {
            throw new DataFormatException(file + ": a label column (" + quote(labelColumn)
                    + ") cannot be chosen for a LIBSVM file: its label is the first token of each line");
        }
        if (weightColumn != null) {
            throw new DataFormatException(file + ": a weight column (" + quote(weightColumn)
                    + ") is not supported for LIBSVM files; use CSV or ARFF for weighted data");
        }
        RowBuffer rows = new RowBuffer();
        List<String> labels = new ArrayList<>();
        int p = 0;
        try (BufferedReader in = DataReader.open(file)) {
            String text;
            long line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                int hash = text.indexOf('#');
                if (hash >= 0) {
                    text = text.substring(0, hash);
                }
                text = text.strip();
                if (text.isEmpty()) {
                    continue;
                }
                String[] tokens = text.split("\\s+");
                String label = tokens[0];
                if (label.indexOf(':') >= 0) {
                    throw new DataFormatException(file + ": line " + line + ": missing label (the line starts with "
                            + quote(label) + ")");
                }
                if (DataReader.isNonFiniteNumber(label)) {
                    throw new DataFormatException(file + ": line " + line + ": non-finite label " + quote(label));
                }
                int previous = 0;
                for (int k = 1; k < tokens.length; k++) {
                    String token = tokens[k];
                    int colon = token.indexOf(':');
                    if (colon <= 0 || colon == token.length() - 1) {
                        throw new DataFormatException(file + ": line " + line + ": malformed feature " + quote(token)
                                + " (expected index:value)");
                    }
                    String key = token.substring(0, colon);
                    if (key.equalsIgnoreCase("qid")) {
                        continue;
                    }
                    int index = index(file, line, key, token);
                    if (index <= previous) {
                        throw new DataFormatException(file + ": line " + line + ": feature indices must increase ("
                                + index + " after " + previous + ")");
                    }
                    String valueText = token.substring(colon + 1);
                    Double value = DataReader.parseNumber(valueText);
                    if (value == null) {
                        throw new DataFormatException(file + ": line " + line + ", column " + index
                                + ": non-numeric value " + quote(valueText));
                    }
                    if (!Double.isFinite(value)) {
                        throw new DataFormatException(file + ": line " + line + ", column " + index
                                + ": non-finite value " + quote(valueText));
                    }
                    rows.add(index - 1, value);
                    previous = index;
                }
                p = Math.max(p, previous);
                labels.add(DataReader.canonicalLabel(label));
                rows.endRow();
            }
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file + ": not valid UTF-8 text", e);
        }
        if (rows.rows() == 0) {
            throw new DataFormatException(file + ": has no data rows");
        }
        List<String> names = new ArrayList<>(p);
        for (int j = 1; j <= p; j++) {
            names.add(Integer.toString(j));
        }
        return new LabeledData(rows.toCsr(p), names, labels.toArray(new String[0]), null);
    }

    private static int index(Path file, long line, String key, String token) throws DataFormatException {
        boolean digits = !key.isEmpty();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= '0' && c <= '9') && !(i == 0 && (c == '-' || c == '+') && key.length() > 1)) {
                digits = false;
            }
        }
        if (!digits) {
            throw new DataFormatException(file + ": line " + line + ": malformed feature " + quote(token)
                    + " (the index must be an integer)");
        }
        int index;
        try {
            index = Integer.parseInt(key);
        } catch (NumberFormatException e) {
            throw new DataFormatException(file + ": line " + line + ": feature index " + quote(key)
                    + " is too large");
        }
        if (index <= 0) {
            throw new DataFormatException(file + ": line " + line + ": feature index " + index
                    + " must be >= 1 (indices are 1-based)");
        }
        return index;
    }
}
