package org.mtudoctor.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * mtudoctor as a separate process, from this test run's classes: tests run before the jar is
 * packaged, and some need a process of their own (signals, dropped capabilities, scripts).
 */
public final class MtudoctorProcess {
    private MtudoctorProcess() {
    }

    /** java -cp CLASSPATH org.mtudoctor.cli.Main, to which the arguments are appended. */
    public static List<String> command() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-cp", classpath, "org.mtudoctor.cli.Main");
    }

    /** The same as one shell word list, for scripts that take a command line. */
    public static String commandLine() {
        return String.join(" ", command());
    }
}
