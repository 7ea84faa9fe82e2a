package io.smem.data.io;

import static io.smem.data.io.DataReader.quote;

import io.smem.data.DesignMatrix;
import io.smem.data.LabeledData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StreamTokenizer;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Weka ARFF, tokenized with {@link StreamTokenizer}: numeric, nominal and (as label only) string attributes; dense
 * rows and sparse rows {@code {index value, ...}} with 0-based indices; optional instance weights {@code {w}} after a
 * row. Nominal features become 0/1 indicator columns {@code attr=value}: one per value, except a two-valued
 * attribute, which gets the single column {@code attr=secondValue}.
 */
final class ArffReader {

    private enum Type { NUMERIC, NOMINAL, STRING, DATE, RELATIONAL }

    private static final class Attribute {
        final String name;
        final Type type;
        final int line;
        final List<String> values; // nominal only
        final Map<String, Integer> index; // nominal only
        int firstColumn = -1; // feature attributes only

        Attribute(String name, Type type, int line, List<String> values) {
            this.name = name;
            this.type = type;
            this.line = line;
            this.values = values;
            this.index = new HashMap<>();
            for (int i = 0; i < values.size(); i++) {
                index.putIfAbsent(values.get(i), i);
            }
        }

        /** True for a nominal feature whose indicator columns are not all zero at the first value. */
        boolean nonZeroDefault() {
            return type == Type.NOMINAL && values.size() != 2;
        }
    }

    private final Path file;
    private final StreamTokenizer st;
    private final List<Attribute> attributes = new ArrayList<>();

    private int labelIndex;
    private int weightIndex = -1;
    private int[] nonZeroDefaults; // feature attributes with nonZeroDefault(), increasing

    private final RowBuffer rows = new RowBuffer();
    private final List<String> labels = new ArrayList<>();
    private double[] weights = new double[64];
    private boolean anyInstanceWeight;
    private boolean anySparse;

    private ArffReader(Path file, BufferedReader in) {
        this.file = file;
        this.st = new StreamTokenizer(in);
        st.resetSyntax();
        st.whitespaceChars(0, ' ');
        st.wordChars(' ' + 1, 255);
        st.whitespaceChars(',', ',');
        st.commentChar('%');
        st.quoteChar('"');
        st.quoteChar('\'');
        st.ordinaryChar('{');
        st.ordinaryChar('}');
        st.eolIsSignificant(true);
    }

    static LabeledData read(Path file, String labelColumn, String weightColumn)
            throws IOException, DataFormatException {
        try (BufferedReader in = DataReader.open(file)) {
            ArffReader reader = new ArffReader(file, in);
            reader.readHeader();
            reader.assignRoles(labelColumn, weightColumn);
            return reader.readData();
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file + ": not valid UTF-8 text", e);
        }
    }

    // ---- header -------------------------------------------------------------------------------------------------

    private void readHeader() throws IOException, DataFormatException {
        while (true) {
            int t = skipEols();
            if (t == StreamTokenizer.TT_EOF) {
                throw error("no @data section");
            }
            if (t != StreamTokenizer.TT_WORD || !st.sval.startsWith("@")) {
                throw error("expected @relation, @attribute or @data, found " + describe(t));
            }
            String keyword = st.sval.toLowerCase(Locale.ROOT);
            switch (keyword) {
                case "@relation":
                    if (!isText(st.nextToken())) {
                        throw error("@relation needs a name");
                    }
                    // The relation name is not used: tolerate unquoted names with spaces.
                    while (st.nextToken() != StreamTokenizer.TT_EOL && st.ttype != StreamTokenizer.TT_EOF) {
                        // skip
                    }
                    break;
                case "@attribute":
                    readAttribute();
                    break;
                case "@data":
                    endOfLine("@data");
                    if (attributes.isEmpty()) {
                        throw error("no @attribute before @data");
                    }
                    return;
                default:
                    throw error("unknown keyword " + quote(st.sval) + " (expected @relation, @attribute or @data)");
            }
        }
    }

    private void readAttribute() throws IOException, DataFormatException {
        int line = st.lineno();
        if (!isText(st.nextToken())) {
            throw error("@attribute needs a name, found " + describe(st.ttype));
        }
        String name = st.sval;
        for (Attribute a : attributes) {
            if (a.name.equals(name)) {
                throw error("attribute " + quote(name) + " is declared twice (first at line " + a.line + ")");
            }
        }
        int t = st.nextToken();
        Attribute attribute;
        if (t == '{') {
            List<String> values = new ArrayList<>();
            while ((t = st.nextToken()) != '}') {
                if (!isText(t)) {
                    throw error("nominal attribute " + quote(name) + ": expected a value or '}', found "
                            + describe(t));
                }
                if (values.contains(st.sval)) {
                    throw error("nominal attribute " + quote(name) + " lists the value " + quote(st.sval)
                            + " twice");
                }
                values.add(st.sval);
            }
            if (values.isEmpty()) {
                throw error("nominal attribute " + quote(name) + " has no values");
            }
            attribute = new Attribute(name, Type.NOMINAL, line, values);
            endOfLine("the declaration of " + quote(name));
        } else if (t == StreamTokenizer.TT_WORD) {
            String type = st.sval.toLowerCase(Locale.ROOT);
            switch (type) {
                case "numeric":
                case "real":
                case "integer":
                    attribute = new Attribute(name, Type.NUMERIC, line, List.of());
                    endOfLine("the declaration of " + quote(name));
                    break;
                case "string":
                    attribute = new Attribute(name, Type.STRING, line, List.of());
                    endOfLine("the declaration of " + quote(name));
                    break;
                case "date":
                    throw error("date attribute " + quote(name)
                            + " is not supported: convert it to a number or drop it");
                case "relational":
                    throw error("relational attribute " + quote(name) + " is not supported");
                default:
                    throw error("attribute " + quote(name) + " has unknown type " + quote(st.sval)
                            + " (expected numeric, real, integer, string or {nominal values})");
            }
        } else {
            throw error("attribute " + quote(name) + " needs a type, found " + describe(t));
        }
        attributes.add(attribute);
    }

    private void assignRoles(String labelColumn, String weightColumn) throws DataFormatException {
        labelIndex = labelColumn == null ? attributes.size() - 1 : attributeIndex(labelColumn, "label");
        if (weightColumn != null) {
            weightIndex = attributeIndex(weightColumn, "weight");
            Attribute w = attributes.get(weightIndex);
            if (weightIndex == labelIndex) {
                throw new DataFormatException(file + ": the weight attribute " + quote(w.name)
                        + " is also the label attribute" + (labelColumn == null ? " (the last one by default)" : "")
                        + "; name a different label attribute");
            }
            if (w.type != Type.NUMERIC) {
                throw new DataFormatException(file + ": line " + w.line + ": weight attribute " + quote(w.name)
                        + " must be numeric");
            }
        }
        int column = 0;
        List<Integer> defaults = new ArrayList<>();
        for (int a = 0; a < attributes.size(); a++) {
            if (a == labelIndex || a == weightIndex) {
                continue;
            }
            Attribute attribute = attributes.get(a);
            if (attribute.type == Type.STRING) {
                throw new DataFormatException(file + ": line " + attribute.line + ": string attribute "
                        + quote(attribute.name) + " cannot be a feature: make it nominal or drop it");
            }
            attribute.firstColumn = column;
            if (attribute.type == Type.NOMINAL) {
                column += attribute.values.size() == 2 ? 1 : attribute.values.size();
                if (attribute.nonZeroDefault()) {
                    defaults.add(a);
                }
            } else {
                column++;
            }
        }
        nonZeroDefaults = defaults.stream().mapToInt(Integer::intValue).toArray();
    }

    private int attributeIndex(String name, String role) throws DataFormatException {
        for (int a = 0; a < attributes.size(); a++) {
            if (attributes.get(a).name.equals(name)) {
                return a;
            }
        }
        List<String> names = new ArrayList<>();
        for (Attribute a : attributes) {
            names.add(a.name);
        }
        throw new DataFormatException(file + ": " + role + " attribute " + quote(name)
                + " not found; the attributes are: " + String.join(", ", names));
    }

    private List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (int a = 0; a < attributes.size(); a++) {
            Attribute attribute = attributes.get(a);
            if (attribute.firstColumn < 0) {
                continue;
            }
            if (attribute.type == Type.NUMERIC) {
                names.add(attribute.name);
            } else if (attribute.values.size() == 2) {
                names.add(attribute.name + "=" + attribute.values.get(1));
            } else {
                for (String v : attribute.values) {
                    names.add(attribute.name + "=" + v);
                }
            }
        }
        return names;
    }

    // ---- data ---------------------------------------------------------------------------------------------------

    private LabeledData readData() throws IOException, DataFormatException {
        while (true) {
            int t = skipEols();
            if (t == StreamTokenizer.TT_EOF) {
                break;
            }
            int row = rows.rows();
            if (row == weights.length) {
                weights = Arrays.copyOf(weights, 2 * row);
            }
            weights[row] = 1.0;
            labels.add(null);
            if (t == '{') {
                anySparse = true;
                readSparseRow(row);
            } else {
                readDenseRow(row, t);
            }
            rows.endRow();
        }
        int n = rows.rows();
        if (n == 0) {
            throw new DataFormatException(file + ": has no data rows");
        }
        List<String> names = featureNames();
        DesignMatrix x = anySparse ? rows.toCsr(names.size()) : rows.toDense(names.size());
        if (x == null) {
            throw new DataFormatException(file + ": " + n + " rows x " + names.size()
                    + " columns is too large for a dense matrix; write the rows in sparse form");
        }
        double[] w = weightIndex >= 0 || anyInstanceWeight ? Arrays.copyOf(weights, n) : null;
        return new LabeledData(x, names, labels.toArray(new String[0]), w);
    }

    private void readDenseRow(int row, int first) throws IOException, DataFormatException {
        int line = st.lineno();
        int t = first;
        for (int a = 0; a < attributes.size(); a++) {
            if (a > 0) {
                t = st.nextToken();
            }
            if (!isText(t)) {
                if (t == StreamTokenizer.TT_EOL || t == StreamTokenizer.TT_EOF || t == '{') {
                    throw new DataFormatException(file + ": line " + line + " has " + a + " values, expected "
                            + attributes.size());
                }
                throw error("expected a value for attribute " + quote(attributes.get(a).name) + ", found "
                        + describe(t));
            }
            value(row, a, st.sval, t == StreamTokenizer.TT_WORD);
        }
        t = st.nextToken();
        if (isText(t)) {
            throw error("more than " + attributes.size() + " values in the row");
        }
        endOfRow(row, t);
    }

    private void readSparseRow(int row) throws IOException, DataFormatException {
        int previous = -1;
        int next = 0; // position in nonZeroDefaults
        boolean labelSeen = false;
        boolean weightSeen = false;
        while (true) {
            int t = st.nextToken();
            if (t == '}') {
                break;
            }
            if (t != StreamTokenizer.TT_WORD) {
                throw error("sparse row: expected an attribute index or '}', found " + describe(t));
            }
            int a = sparseIndex(st.sval, previous);
            t = st.nextToken();
            if (!isText(t)) {
                throw error("sparse row: attribute index " + a + " has no value");
            }
            while (next < nonZeroDefaults.length && nonZeroDefaults[next] < a) {
                defaultValue(nonZeroDefaults[next++]);
            }
            if (next < nonZeroDefaults.length && nonZeroDefaults[next] == a) {
                next++;
            }
            value(row, a, st.sval, t == StreamTokenizer.TT_WORD);
            labelSeen |= a == labelIndex;
            weightSeen |= a == weightIndex;
            previous = a;
        }
        while (next < nonZeroDefaults.length) {
            defaultValue(nonZeroDefaults[next++]);
        }
        if (!labelSeen) {
            Attribute label = attributes.get(labelIndex);
            if (label.type == Type.STRING) {
                throw error("sparse row omits the string label attribute " + quote(label.name));
            }
            labels.set(row, label.type == Type.NOMINAL ? label.values.get(0) : "0");
        }
        if (weightIndex >= 0 && !weightSeen) {
            weights[row] = 0.0; // an omitted numeric value is 0
        }
        endOfRow(row, st.nextToken());
    }

    private int sparseIndex(String text, int previous) throws DataFormatException {
        int a;
        try {
            a = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw error("sparse row: attribute index " + quote(text) + " is not an integer");
        }
        if (a < 0 || a >= attributes.size()) {
            throw error("sparse row: attribute index " + a + " out of range [0, " + attributes.size() + ")");
        }
        if (a <= previous) {
            throw error("sparse row: attribute indices must increase (" + a + " after " + previous + ")");
        }
        return a;
    }

    /** After a row's values: end of line, or an instance weight {@code {w}} and then end of line. */
    private void endOfRow(int row, int t) throws IOException, DataFormatException {
        if (t == '{') {
            int line = st.lineno();
            if (st.nextToken() != StreamTokenizer.TT_WORD) {
                throw error("instance weight: expected a number, found " + describe(st.ttype));
            }
            String text = st.sval;
            Double w = DataReader.parseNumber(text);
            if (w == null || !Double.isFinite(w) || w < 0) {
                throw new DataFormatException(file + ": line " + line + ": instance weight " + quote(text)
                        + " must be a finite number >= 0");
            }
            if (weightIndex >= 0) {
                throw new DataFormatException(file + ": line " + line + ": the row has an instance weight {"
                        + text + "} but a weight attribute " + quote(attributes.get(weightIndex).name)
                        + " was also given");
            }
            if (st.nextToken() != '}') {
                throw error("instance weight: expected '}', found " + describe(st.ttype));
            }
            weights[row] = w;
            anyInstanceWeight = true;
            t = st.nextToken();
        }
        if (t != StreamTokenizer.TT_EOL && t != StreamTokenizer.TT_EOF) {
            throw error("unexpected " + describe(t) + " after the row's values");
        }
    }

    /** Emits the indicator of the first value of nominal feature {@code a} (omitted in a sparse row). */
    private void defaultValue(int a) {
        rows.add(attributes.get(a).firstColumn, 1.0);
    }

    /** Stores attribute {@code a}'s value {@code text} for {@code row}; {@code bare} is false for quoted text. */
    private void value(int row, int a, String text, boolean bare) throws DataFormatException {
        Attribute attribute = attributes.get(a);
        if (bare && text.equals("?")) {
            throw error("missing value '?' for attribute " + quote(attribute.name) + ": fill or drop it");
        }
        if (attribute.type == Type.NOMINAL) {
            Integer k = attribute.index.get(text);
            if (k == null) {
                throw error("value " + quote(text) + " of nominal attribute " + quote(attribute.name)
                        + " is not one of {" + String.join(",", attribute.values) + "}");
            }
            if (a == labelIndex) {
                labels.set(row, text);
            } else if (attribute.values.size() == 2) {
                rows.add(attribute.firstColumn, k);
            } else {
                rows.add(attribute.firstColumn + k, 1.0);
            }
            return;
        }
        if (attribute.type == Type.STRING) { // only ever the label
            labels.set(row, text);
            return;
        }
        Double v = DataReader.parseNumber(text);
        if (v == null) {
            throw error("numeric attribute " + quote(attribute.name) + " has non-numeric value " + quote(text));
        }
        if (!Double.isFinite(v)) {
            throw error("attribute " + quote(attribute.name) + " has non-finite value " + quote(text));
        }
        if (a == labelIndex) {
            labels.set(row, DataReader.canonicalLabel(text));
        } else if (a == weightIndex) {
            if (v < 0) {
                throw error("weight attribute " + quote(attribute.name) + " has negative value " + quote(text));
            }
            weights[row] = v;
        } else {
            rows.add(attribute.firstColumn, v);
        }
    }

    // ---- tokens -------------------------------------------------------------------------------------------------

    private int skipEols() throws IOException {
        int t;
        do {
            t = st.nextToken();
        } while (t == StreamTokenizer.TT_EOL);
        return t;
    }

    private void endOfLine(String after) throws IOException, DataFormatException {
        int t = st.nextToken();
        if (t != StreamTokenizer.TT_EOL && t != StreamTokenizer.TT_EOF) {
            throw error("unexpected " + describe(t) + " after " + after);
        }
    }

    private static boolean isText(int t) {
        return t == StreamTokenizer.TT_WORD || t == '\'' || t == '"';
    }

    private String describe(int t) {
        switch (t) {
            case StreamTokenizer.TT_EOF:
                return "end of file";
            case StreamTokenizer.TT_EOL:
                return "end of line";
            case StreamTokenizer.TT_WORD:
                return quote(st.sval);
            case '\'':
            case '"':
                return "quoted " + quote(st.sval);
            default:
                return quote(String.valueOf((char) t));
        }
    }

    /** An error at the tokenizer's line (the line of the last token; the previous line just after an EOL). */
    private DataFormatException error(String problem) {
        int line = st.ttype == StreamTokenizer.TT_EOL ? st.lineno() - 1 : st.lineno();
        return new DataFormatException(file + ": line " + line + ": " + problem);
    }
}
