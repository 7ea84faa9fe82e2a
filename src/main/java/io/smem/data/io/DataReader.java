package io.smem.data.io;

import io.smem.data.LabeledData;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads a labeled table from a CSV, ARFF or LIBSVM file into {@link LabeledData}.
 *
 * <p>Every problem with the content of a file is a {@link DataFormatException} whose message names the file, the line
 * (where there is one) and the column; problems reaching the file itself ({@link java.nio.file.NoSuchFileException},
 * other I/O errors) propagate as {@link IOException}. Non-finite numbers (NaN, ±Inf) are rejected everywhere, and so
 * are missing values: this reader never guesses a value.
 *
 * <p>Labels stay text. Numeric label text is put in the canonical form of {@link #canonicalLabel(String)}, so that
 * {@code +1}, {@code 1.0} and {@code 1} are the same class.
 */
public final class DataReader {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");

    private DataReader() {
    }

    /**
     * Reads {@code file}.
     *
     * @param file        the file
     * @param format      its format, e.g. from {@link DataFormat#fromFileName(Path)}
     * @param labelColumn the label column (CSV) or attribute (ARFF); null for the last one. Must be null for LIBSVM,
     *                    whose label is the first token of each line
     * @param weightColumn a column (CSV) or numeric attribute (ARFF) holding finite, non-negative row weights,
     *                    excluded from the features; null for none. Not available for LIBSVM
     * @return the design matrix (dense for CSV and dense ARFF, CSR for sparse ARFF and LIBSVM), feature names, labels
     *         and weights (null when the file gives none)
     * @throws IOException         if the file cannot be read
     * @throws DataFormatException if its content is not acceptable
     */
    public static LabeledData read(Path file, DataFormat format, String labelColumn, String weightColumn)
            throws IOException, DataFormatException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        switch (format) {
            case CSV:
                return CsvReader.read(file, labelColumn, weightColumn);
            case ARFF:
                return ArffReader.read(file, labelColumn, weightColumn);
            case LIBSVM:
                return LibsvmReader.read(file, labelColumn, weightColumn);
            default:
                throw new AssertionError(format);
        }
    }

    /** Reads {@code file} in the format its extension names; see {@link #read(Path, DataFormat, String, String)}. */
    public static LabeledData read(Path file, String labelColumn, String weightColumn)
            throws IOException, DataFormatException {
        return read(file, DataFormat.fromFileName(file), labelColumn, weightColumn);
    }

    /**
     * The canonical text of a label: a decimal number is written without sign for positive values, without trailing
     * zeros and without exponent for moderate magnitudes ({@code "+1"}, {@code "1.0"}, {@code "1e0"} → {@code "1"};
     * {@code "-0"} → {@code "0"}; {@code "2.50"} → {@code "2.5"}). Anything else is returned trimmed but otherwise
     * unchanged.
     */
    public static String canonicalLabel(String label) {
        String t = label.trim();
        if (!DECIMAL.matcher(t).matches()) {
            return t;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(t);
        } catch (NumberFormatException e) { // exponent out of int range
            return t;
        }
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        int scale = stripped.scale();
        // Plain notation unless that would write more than about 20 extra zeros.
        return scale >= -20 && scale - stripped.precision() <= 20 ? stripped.toPlainString() : stripped.toString();
    }

    // ---- helpers shared by the three readers ------------------------------------------------------------------

    /** A UTF-8 reader on {@code file} that skips a leading byte-order mark. */
    static BufferedReader open(Path file) throws IOException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    /**
     * The value of a decimal number text (also {@code NaN}, {@code Inf}, {@code Infinity} with optional sign, which
     * give non-finite values for the caller to reject), or null if {@code text} is not a number.
     */
    static Double parseNumber(String text) {
        if (DECIMAL.matcher(text).matches()) {
            return Double.parseDouble(text); // may overflow to ±Infinity, which the caller rejects
        }
        if (NON_FINITE.matcher(text).matches()) {
            String t = text.toLowerCase(Locale.ROOT);
            if (t.contains("nan")) {
                return Double.NaN;
            }
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return null;
    }

    /** True if {@code text} is a number that is not finite (NaN, ±Inf, or out of double range). */
    static boolean isNonFiniteNumber(String text) {
        Double v = parseNumber(text);
        return v != null && !Double.isFinite(v);
    }

    /** {@code 'name'} quoted for messages. */
    static String quote(String name) {
        return "'" + name + "'";
    }
}
