package io.smem.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smem.fit.FitResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** The JSON documents the CLI writes. Field names are a public contract: add fields, never rename them. */
final class JsonOutput {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    /** The fields of one fitted model. */
    static ObjectNode model(FitResult r, List<String> classes, List<String> features) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("loss", r.loss());
        o.put("penalty", r.penalty());
        putNumberOrNull(o, "alpha", r.alpha());
        putNumberOrNull(o, "q", r.q());
        o.put("lambda", r.lambda());
        o.put("standardize", r.standardize());
        o.put("intercept", r.intercept());
        ArrayNode cls = o.putArray("classes");
        classes.forEach(cls::add);
        ArrayNode feat = o.putArray("features");
        features.forEach(feat::add);
        putModel(o, r);
        o.put("nonZeros", r.nonZeros());
        o.put("objective", r.objective());
        o.put("iterations", r.iterations());
        o.put("converged", r.converged());
        o.put("message", r.message());
        putNumberOrNull(o, "kktResidual", r.kktResidual());
        o.put("solver", r.solver());
        o.put("acceleration", r.acceleration());
        ArrayNode trace = o.putArray("trace");
        for (double f : r.trace()) {
            trace.add(f);
        }
        o.put("timeMillis", r.timeMillis());
        o.put("dataPasses", r.dataPasses());
        return o;
    }

    /** The {@code intercepts} and {@code coefficients} members. */
    static void putModel(ObjectNode o, FitResult r) {
        ArrayNode ints = o.putArray("intercepts");
        for (double b : r.intercepts()) {
            ints.add(b);
        }
        ArrayNode coef = o.putArray("coefficients");
        for (double[] row : r.coefficients()) {
            ArrayNode a = coef.addArray();
            for (double v : row) {
                a.add(v);
            }
        }
    }

    static void putNumberOrNull(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }

    /**
     * Writes {@code doc} to {@code file} atomically (a temporary file in the same directory, then a rename), or to
     * {@code stdout} when file is null. A failure leaves no partial file behind.
     */
    static void write(ObjectNode doc, Path file, PrintStream stdout) throws IOException {
        if (file == null) {
            MAPPER.writeValue(new NonClosing(stdout), doc);
            stdout.println();
            stdout.flush();
            return;
        }
        Path target = file.toAbsolutePath();
        Path tmp = temporaryBeside(target);
        try {
            MAPPER.writeValue(tmp.toFile(), doc);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A temporary file in the target's directory (so the final rename is atomic), readable like any file the user
     * writes: createTempFile's owner-only permissions would otherwise end up on the result.
     */
    static Path temporaryBeside(Path target) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
        return tmp;
    }

    /** Lets Jackson write to stdout without closing it. */
    private static final class NonClosing extends OutputStream {
        private final PrintStream out;

        NonClosing(PrintStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.write(b, off, len);
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
