package io.smem.cli;

import static io.smem.cli.Cli.data;
import static io.smem.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input: exit code 2, exactly one line on stderr starting with {@code error:} and naming the problem, nothing
 * on stdout, and no output file left behind when {@code --json} (or {@code --plot}) was given.
 */
class BadInputTest {

    @TempDir
    Path tmp;

    /** What a case writes before running: file name → content (null: a directory of that name). */
    record Input(String name, String content) {
    }

    static Input csv(String name, String content) {
        return new Input(name, content);
    }

    /**
     * One bad-input case: the input files to create, the arguments ({@code $DIR} is replaced by the case's
     * directory, {@code $BC} by the bundled breast-cancer CSV) and words the error line must contain.
     */
    static Arguments bad(String name, List<Input> inputs, List<String> args, String... words) {
        return Arguments.of(name, inputs, args, List.of(words));
    }

    static final String GOOD = "a,b,y\n1,2,x\n2,1,z\n3,3,x\n0,1,z\n";

    static Stream<Arguments> fitCases() {
        return Stream.of(
                bad("missing file", List.of(), List.of("--data", "$DIR/missing.csv", "--lambda", "1"),
                        "missing.csv"),
                bad("unreadable file (a directory)", List.of(new Input("dir.csv", null)),
                        List.of("--data", "$DIR/dir.csv", "--lambda", "1"), "dir.csv"),
                bad("NaN cell", List.of(csv("nan.csv", "a,b,y\n1,2,x\nNaN,3,z\n2,2,x\n")),
                        List.of("--data", "$DIR/nan.csv", "--lambda", "1"), "NaN"),
                bad("Inf cell", List.of(csv("inf.csv", "a,b,y\n1,2,x\n4,Inf,z\n2,2,x\n")),
                        List.of("--data", "$DIR/inf.csv", "--lambda", "1"), "Inf"),
                bad("-Infinity cell", List.of(csv("ninf.csv", "a,b,y\n1,2,x\n4,-Infinity,z\n2,2,x\n")),
                        List.of("--data", "$DIR/ninf.csv", "--lambda", "1"), "Inf"),
                bad("empty data (header only)", List.of(csv("empty.csv", "a,b,y\n")),
                        List.of("--data", "$DIR/empty.csv", "--lambda", "1"), "rows"),
                bad("single class", List.of(csv("one.csv", "a,b,y\n1,2,x\n3,1,x\n2,2,x\n")),
                        List.of("--data", "$DIR/one.csv", "--lambda", "1"), "one class"),
                bad("non-numeric label with --loss squared", List.of(csv("good.csv", GOOD)),
                        List.of("--data", "$DIR/good.csv", "--loss", "squared", "--lambda", "1"), "numeric"),
                bad("--lambda -1", List.of(), List.of("--data", "$BC", "--lambda", "-1"), "--lambda", "-1"),
                bad("--alpha 1.5", List.of(),
                        List.of("--data", "$BC", "--lambda", "1", "--penalty", "elasticnet", "--alpha", "1.5"),
                        "--alpha", "1.5"),
                bad("--q 3", List.of(), List.of("--data", "$BC", "--lambda", "1", "--penalty", "bridge", "--q", "3"),
                        "--q"),
                // Option-parsing errors fail at the time of writing: Main's parameter exception handler prints a
                // second line ("run with --help for the options").
                bad("unknown option [BUG: 2 stderr lines]", List.of(),
                        List.of("--data", "$BC", "--lambda", "1", "--bogus-option"), "--bogus-option"),
                bad("non-numeric --lambda [BUG: 2 stderr lines]", List.of(),
                        List.of("--data", "$BC", "--lambda", "abc"), "--lambda", "abc"),
                bad("unknown --loss value", List.of(), List.of("--data", "$BC", "--lambda", "1", "--loss", "probit"),
                        "loss", "probit"),
                bad("--folds 1", List.of(), List.of("--data", "$BC", "--folds", "1", "--nlambda", "3"), "--folds"),
                bad("--select bogus", List.of(), List.of("--data", "$BC", "--select", "bogus", "--nlambda", "3"),
                        "bogus"),
                // Bad values are rejected even where a fixed λ makes them unused (as --q is for a ridge fit).
                // Fails at the time of writing: FitCommand only parses --select when no --lambda is given.
                bad("--select bogus with --lambda [BUG: accepted, exit 0]", List.of(),
                        List.of("--data", "$BC", "--lambda", "1", "--select", "bogus"), "bogus"));
    }

    static Stream<Arguments> pathCases() {
        return Stream.of(
                bad("missing file", List.of(), List.of("--data", "$DIR/missing.csv"), "missing.csv"),
                bad("NaN cell", List.of(csv("nan.csv", "a,b,y\n1,2,x\nnan,3,z\n2,2,x\n")),
                        List.of("--data", "$DIR/nan.csv"), "nan"),
                bad("single class", List.of(csv("one.csv", "a,b,y\n1,2,x\n3,1,x\n2,2,x\n")),
                        List.of("--data", "$DIR/one.csv"), "one class"),
                bad("--folds 1", List.of(), List.of("--data", "$BC", "--folds", "1", "--nlambda", "3"), "--folds"),
                bad("--select bogus", List.of(), List.of("--data", "$BC", "--select", "bogus"), "bogus"),
                bad("hinge with --select aic", List.of(),
                        List.of("--data", "$BC", "--loss", "hinge", "--select", "aic", "--nlambda", "3"), "hinge"),
                // Fails at the time of writing (second stderr line, see above).
                bad("unknown option [BUG: 2 stderr lines]", List.of(), List.of("--data", "$BC", "--frobnicate"),
                        "--frobnicate"),
                bad("--alpha 1.5", List.of(),
                        List.of("--data", "$BC", "--penalty", "elasticnet", "--alpha", "1.5"), "--alpha"),
                // Fails at the time of writing: the extension is checked only after the whole path (and its progress
                // lines on stderr) has been computed.
                bad("--plot with an unsupported extension [BUG: checked after the path]", List.of(),
                        List.of("--data", "$BC", "--folds", "3", "--nlambda", "3", "--plot", "$DIR/out.gif"), "--plot",
                        ".png"));
    }

    @ParameterizedTest(name = "fit: {0}")
    @MethodSource("fitCases")
    void fitRejects(String name, List<Input> inputs, List<String> args, List<String> words) throws IOException {
        check("fit", inputs, args, words, false);
    }

    @ParameterizedTest(name = "path: {0}")
    @MethodSource("pathCases")
    void pathRejects(String name, List<Input> inputs, List<String> args, List<String> words) throws IOException {
        check("path", inputs, args, words, true);
    }

    private void check(String command, List<Input> inputs, List<String> args, List<String> words, boolean plot)
            throws IOException {
        Path dir = tmp;
        List<String> inputNames = new ArrayList<>();
        for (Input in : inputs) {
            if (in.content() == null) {
                Files.createDirectory(dir.resolve(in.name()));
            } else {
                Files.writeString(dir.resolve(in.name()), in.content());
            }
            inputNames.add(in.name());
        }
        inputNames.sort(null);
        List<String> argv = new ArrayList<>();
        argv.add(command);
        for (String a : args) {
            argv.add(a.replace("$DIR", dir.toString()).replace("$BC", data("breast-cancer.csv")));
        }
        argv.add("--json");
        argv.add(dir.resolve("out.json").toString());
        if (plot && !args.contains("--plot")) {
            argv.add("--plot");
            argv.add(dir.resolve("out.png").toString());
        }
        Cli.Run r = run(argv.toArray(new String[0]));

        assertEquals(2, r.exit(), () -> "exit code; stderr:\n" + r.err());
        assertEquals("", r.out(), "nothing on stdout");
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), () -> "exactly one line on stderr, got:\n" + r.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("error:"), () -> "stderr line must start with 'error:': " + line);
        for (String w : words) {
            assertTrue(line.toLowerCase(Locale.ROOT).contains(w.toLowerCase(Locale.ROOT)),
                    () -> "the message must name the problem ('" + w + "'): " + line);
        }
        assertEquals(inputNames, FitCommandTest.list(dir), "no output file may be left behind");
    }
}
