package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mtudoctor.testing.FuzzSeeds;
import picocli.CommandLine;

/**
 * Coverage-guided fuzzing of the whole pipeline as the user runs it: bytes on standard input, read,
 * decoded, tracked as flows, diagnosed and reported in text and JSON. Any input ends in a report
 * (exit 0 or 3) or one error line (exit 4), never in an internal error.
 */
class AnalysisFuzzTest {
    // One command line for every input (picocli resets the options before each parse): building
    // it costs more than analysing a small capture.
    private static final StringWriter OUT = new StringWriter();
    private static final StringWriter ERR = new StringWriter();
    private static final CommandLine COMMAND_LINE = Cli.newCommandLine(new PrintWriter(OUT), new PrintWriter(ERR));

    static Stream<Arguments> seeds() {
        return FuzzSeeds.captures(".pcap", ".pcapng");
    }

    @MethodSource("seeds")
    @FuzzTest
    void anyInputEndsInAReportOrOneErrorLine(byte[] input) {
        for (String format : new String[] {"text", "json"}) {
            CliTest.Run run = runOnStandardInput(input, "--format", format, "--flows", "-");
            assertTrue(Set.of(ExitCode.OK, ExitCode.FINDINGS, ExitCode.BAD_INPUT).contains(run.exitCode()),
                    "exit " + run.exitCode() + ": " + run.err());
            if (run.exitCode() == ExitCode.BAD_INPUT) {
                CliTest.assertOneLineError(run, "mtudoctor: ");
                assertEquals("", run.out(), "an unreadable input has no report");
            } else {
                assertEquals("", run.err());
                assertFalse(run.out().isEmpty(), "a readable input has a report");
            }
        }
    }

    private static CliTest.Run runOnStandardInput(byte[] input, String... args) {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(input));
            OUT.getBuffer().setLength(0);
            ERR.getBuffer().setLength(0);
            int exitCode = COMMAND_LINE.execute(args);
            return new CliTest.Run(exitCode, OUT.toString(), ERR.toString());
        } finally {
            System.setIn(stdin);
        }
    }
}
