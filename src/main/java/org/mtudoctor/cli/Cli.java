package org.mtudoctor.cli;

import java.io.PrintWriter;
import java.time.Clock;
import org.mtudoctor.capture.CaptureException;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Builds the command line that both {@link Main} and the tests run, with errors mapped to
 * exit codes in one place: bad input is one line on stderr, never a stack trace.
 */
public final class Cli {
    private Cli() {
    }

    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new AnalyzeCommand(out, err));
        commandLine.addSubcommand("check", new CheckCommand(out));
        commandLine.addSubcommand("live", new LiveCommand(out, err, Clock.systemUTC()));
        commandLine.addSubcommand("interfaces", new InterfacesCommand(out));
        commandLine.addSubcommand("compare", new CompareCommand(out));
        commandLine.setOut(out);
        commandLine.setErr(err);
        // As tcpdump and git do it: the one line that says what is wrong, and where help is.
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine failed = exception.getCommandLine();
            err.println("mtudoctor: " + exception.getMessage());
            UnmatchedArgumentException.printSuggestions(exception, err);
            err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            int exitCode = exitCodeOf(exception);
            if (exitCode != ExitCode.INTERNAL_ERROR) {
                err.println("mtudoctor: " + exception.getMessage());
                return exitCode;
            }
            err.println("mtudoctor: internal error: " + exception);
            if (System.getenv("MTUDOCTOR_DEBUG") != null) {
                exception.printStackTrace(err);
            } else {
                err.println("mtudoctor: set MTUDOCTOR_DEBUG=1 for the stack trace, and please report it");
            }
            return ExitCode.INTERNAL_ERROR;
        });
        return commandLine;
    }

    /**
     * The exit code an exception from a command ends with: its own when it carries one, 4 for
     * an input that is no capture (or a native library that is missing), 1 for a bug.
     */
    static int exitCodeOf(Exception exception) {
        if (exception instanceof ExitException exit) {
            return exit.exitCode();
        }
        if (exception instanceof CaptureException) {
            return ExitCode.BAD_INPUT;
        }
        return ExitCode.INTERNAL_ERROR;
    }
}
