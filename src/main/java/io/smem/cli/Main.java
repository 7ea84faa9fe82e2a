package io.smem.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar smem-cli.jar <command> ...}. Exit codes: 0 success, 2 bad input or usage (one line on stderr, no
 * output file written), 1 an unexpected internal error.
 */
@Command(name = "smem", mixinStandardHelpOptions = true, version = "smem 0.1.0",
        description = "Tuning-free regularized linear models fitted by SM-EM (scale-mixture EM).",
        subcommands = {FitCommand.class, PathCommand.class})
public final class Main {

    public static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof BadInputException || ex instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            commandLine.getErr().println("internal error: " + ex);
            return 1;
        });
        cli.setParameterExceptionHandler((ex, args1) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage() + " (run with --help for the options)");
            return EXIT_BAD_INPUT;
        });
        return cli.execute(args);
    }
}
