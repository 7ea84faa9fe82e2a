package io.smem.cli;

import io.smem.path.ProgressListener;
import java.io.PrintStream;

/**
 * Progress on stderr, never stdout: a bar redrawn in place on a terminal, otherwise a plain line at every tenth of
 * the work.
 */
final class StderrProgress implements ProgressListener {

    private final PrintStream err;
    private final boolean terminal;
    private int lastTenth = -1;

    StderrProgress(PrintStream err) {
        this.err = err;
        this.terminal = System.console() != null;
    }

    @Override
    public synchronized void progress(String stage, int done, int total) {
        if (terminal) {
            int width = 40;
            int filled = (int) ((long) width * done / total);
            err.print("\r" + stage + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total);
            if (done == total) {
                err.println();
            }
            err.flush();
            return;
        }
        int tenth = (int) (10L * done / total);
        if (tenth != lastTenth) {
            lastTenth = tenth;
            err.println(stage + ": " + done + "/" + total + " fits");
        }
    }
}
