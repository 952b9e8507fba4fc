package org.mtudoctor.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The entry point of the runnable jar. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        OldGenerationGuard.startInBackground();
        int exitCode;
        try {
            exitCode = Cli.newCommandLine(out, err).execute(args);
        } catch (OutOfMemoryError exhausted) {
            // picocli passes Errors on. What grows with the input is the flow table: say so in one
            // line, as for any other input the analysis cannot take, instead of the JVM's stack trace.
            err.println("mtudoctor: out of memory with a Java heap of " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MiB: lower --max-flows, or give Java more (JAVA_TOOL_OPTIONS=-Xmx2g)");
            exitCode = ExitCode.INTERNAL_ERROR;
        }
        out.flush();
        err.flush();
        System.exit(exitCode);
    }
}
