package io.smem.path;

/** Receives progress of long path and cross-validation runs (e.g. for a progress bar). Must be thread-safe. */
@FunctionalInterface
public interface ProgressListener {

    /** {@code done} of {@code total} units of {@code stage} are finished. */
    void progress(String stage, int done, int total);

    ProgressListener NONE = (stage, done, total) -> {
    };
}
