package org.mtudoctor.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Writing an --html page, for the analysis and compare alike. */
final class HtmlFile {

    private HtmlFile() {
    }

    /** Writes {@code page} to {@code file}; a file that cannot be written is exit 4, with one line. */
    static void write(String file, String page) throws ExitException {
        try {
            Files.writeString(Path.of(file), page, StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException e) {
            throw new ExitException(ExitCode.BAD_INPUT, "--html " + file + ": cannot write it (" + e.getMessage() + ")");
        }
    }
}
