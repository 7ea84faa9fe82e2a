package io.smem.data.io;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats {@link DataReader} understands. */
public enum DataFormat {

    /** Comma-separated values with a header row. */
    CSV,

    /** Weka's Attribute-Relation File Format, dense or sparse rows. */
    ARFF,

    /** LIBSVM / SVMlight sparse text: {@code label idx:val idx:val ...}. */
    LIBSVM;

    /**
     * The format implied by a file's extension (case-insensitive): {@code .csv}, {@code .arff}, and {@code .svm},
     * {@code .libsvm}, {@code .svmlight} or {@code .txt} for LIBSVM.
     *
     * @throws DataFormatException if the extension is missing or not one of these
     */
    public static DataFormat fromFileName(Path file) throws DataFormatException {
        Path name = file.getFileName();
        String text = name == null ? "" : name.toString();
        int dot = text.lastIndexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new DataFormatException(file + ": cannot tell the data format: the file name has no extension"
                    + " (expected .csv, .arff, .svm, .libsvm, .svmlight or .txt)");
        }
        String ext = text.substring(dot + 1).toLowerCase(Locale.ROOT);
        switch (ext) {
            case "csv":
                return CSV;
            case "arff":
                return ARFF;
            case "svm":
            case "libsvm":
            case "svmlight":
            case "txt":
                return LIBSVM;
            default:
                throw new DataFormatException(file + ": unknown data format extension '." + ext
                        + "' (expected .csv, .arff, .svm, .libsvm, .svmlight or .txt)");
        }
    }
}
