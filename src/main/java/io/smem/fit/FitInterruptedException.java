package io.smem.fit;

/** Thrown when the fitting thread is interrupted (e.g. Weka's Stop button); no partial result is returned. */
public final class FitInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FitInterruptedException() {
        super("SM-EM: training interrupted by user");
    }

    /** Throws if the current thread has been interrupted. Called once per EM iteration, path point and fold. */
    public static void check() {
        if (Thread.currentThread().isInterrupted()) {
            throw new FitInterruptedException();
        }
    }
}
