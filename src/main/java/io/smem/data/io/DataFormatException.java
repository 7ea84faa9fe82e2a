package io.smem.data.io;

/**
 * A data file that could be read but whose content is not acceptable. The message is one line naming the file, the
 * line number where there is one, and the problem, so the command line can print it as is.
 */
public class DataFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
