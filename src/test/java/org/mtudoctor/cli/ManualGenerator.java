package org.mtudoctor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * The manual and the shell completion, made from the command definitions themselves (picocli's
 * ManPageGenerator and AutoComplete), never written by hand: {@code DIR/generated/*.adoc}, one
 * AsciiDoc page a command, {@code DIR/mtudoctor.bash} and zsh's {@code DIR/_mtudoctor}. Beside them go the pages of
 * src/main/man/, which take the generated sections and add the written ones (the report, JSON
 * output, signals, files, see also); {@code asciidoctor -b manpage DIR/*.adoc} makes the roff.
 * Run by scripts/package, and by ManualTest.
 */
public final class ManualGenerator {
    /** Where the .deb puts the bash completion, which zsh's completion sources. */
    static final String BASH_COMPLETION = "/usr/share/bash-completion/completions/mtudoctor";

    /**
     * zsh's completion: bash's, run through bashcompinit. zsh has no compopt, which picocli's
     * script calls to tune bash's display; it does nothing here.
     */
    private static final String ZSH = """
            #compdef mtudoctor
            # mtudoctor's completion is bash's (picocli's AutoComplete), run through zsh's bashcompinit.
            autoload -U +X bashcompinit && bashcompinit
            (( $+functions[compopt] || $+commands[compopt] )) || compopt() { return 0; }
            source BASH_COMPLETION
            _bash_complete -F _complete_mtudoctor
            """;

    private ManualGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ManualGenerator DIR");
            System.exit(2);
        }
        generate(Path.of(args[0]));
    }

    static void generate(Path directory) throws IOException {
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        CommandLine commandLine = Cli.newCommandLine(discard, discard);
        // Wide lines: man wraps the text itself, and a synopsis that picocli wrapped mid-label
        // breaks asciidoctor's bold and italics.
        commandLine.setUsageHelpAutoWidth(false);
        commandLine.setUsageHelpWidth(160);
        Path generated = Files.createDirectories(directory.resolve("generated"));
        int status = ManPageGenerator.generateManPage(generated.toFile(), null, new boolean[0], true,
                commandLine.getCommandSpec());
        if (status != 0) {
            throw new IOException("ManPageGenerator ended with " + status);
        }
        try (DirectoryStream<Path> pages = Files.newDirectoryStream(generated, "*.adoc")) {
            for (Path page : pages) {
                // The help's headings ("Exit codes:") as a man page's sections are named.
                Files.writeString(page, Files.readString(page, StandardCharsets.UTF_8)
                        .replace("==  Exit codes:", "== Exit status").replace("==  Examples:", "== Examples"),
                        StandardCharsets.UTF_8);
                Path written = Path.of("src", "main", "man").resolve(page.getFileName());
                if (!Files.isRegularFile(written)) {
                    throw new IOException("no " + written + " for the generated " + page.getFileName());
                }
                Files.copy(written, directory.resolve(page.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // A completion file is sourced, not run: no #! line.
        Files.writeString(directory.resolve("mtudoctor.bash"),
                AutoComplete.bash("mtudoctor", commandLine).replaceFirst("^#![^\n]*\n", ""), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("_mtudoctor"), ZSH.replace("BASH_COMPLETION", BASH_COMPLETION),
                StandardCharsets.UTF_8);
    }
}
