package io.smem.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Lines printed as a benchmark runs and kept for its results file under {@code docs/results/}. */
final class ResultLog {

    private final StringBuilder lines = new StringBuilder();

    /** Prints a formatted line (Locale.ROOT) and keeps it. */
    void report(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.print(line);
        lines.append(line);
    }

    /** Writes the kept lines, as a preformatted block, to {@code docs/results/<name>}. */
    void write(String name) throws IOException {
        Path dir = Path.of("docs", "results");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), "```\n" + lines + "```\n");
    }
}
