package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man pages and the bash completion, made from the command definitions (ManualGenerator), as
 * a user reads and uses them: asciidoctor turns the pages into roff without a warning, man renders
 * every option of every command, the exit codes, the examples and the written sections; bash
 * (and zsh through bashcompinit) completes commands, options and option values.
 */
@Slow
class ManualTest {

    @TempDir
    Path directory;

    /** Runs {@code command}; its output, after it exited 0. */
    static String run(Path workingDirectory, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }

    @Test
    void everyCommandsPageRendersItsOptionsExitCodesAndExamples() throws Exception {
        Prerequisites.requireTool("asciidoctor");
        Prerequisites.requireTool("man");
        ManualGenerator.generate(directory);
        List<String> pages = new ArrayList<>(List.of("asciidoctor", "-b", "manpage", "-D", "man1", "--failure-level", "WARN"));
        pages.addAll(List.of("mtudoctor.adoc", "mtudoctor-live.adoc", "mtudoctor-compare.adoc", "mtudoctor-check.adoc",
                "mtudoctor-interfaces.adoc"));
        assertEquals("", run(directory, Map.of(), pages.toArray(new String[0])), "asciidoctor's warnings");

        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        CommandLine main = Cli.newCommandLine(discard, discard);
        List<CommandLine> commands = new ArrayList<>(List.of(main));
        commands.addAll(main.getSubcommands().values());
        for (CommandLine command : commands) {
            String name = command.getCommandSpec().qualifiedName("-");
            String page = run(directory, Map.of("MANWIDTH", "200"), "man", "-l", "man1/" + name + ".1");
            for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "SEE ALSO")) {
                assertTrue(page.contains("\n" + section + "\n"), name + " lacks " + section + ":\n" + page);
            }
            for (OptionSpec option : command.getCommandSpec().options()) {
                assertTrue(page.contains(option.longestName()), name + " lacks " + option.longestName());
            }
            for (String code : command.getCommandSpec().usageMessage().exitCodeList().keySet()) {
                assertTrue(page.contains("\n       " + code.strip() + "\n"), name + " lacks exit code " + code);
            }
        }
        String manual = run(directory, Map.of("MANWIDTH", "200"), "man", "-l", "man1/mtudoctor.1");
        for (String section : List.of("EXAMPLES", "REPORT", "JSON OUTPUT", "SIGNALS", "ENVIRONMENT", "FILES")) {
            assertTrue(manual.contains("\n" + section + "\n"), "mtudoctor(1) lacks " + section + ":\n" + manual);
        }
        assertTrue(manual.contains("mtudoctor captures/seed-black-hole.pcap"), "the seed example");
        assertTrue(manual.contains("tcpdump(8), pcap-filter(7), ip-link(8), pppd(8)"), "see also");
        assertTrue(run(directory, Map.of("MANWIDTH", "200"), "man", "-l", "man1/mtudoctor-live.1")
                .contains("mtudoctor live -i ppp0"), "live's examples");
    }

    @Test
    void bashAndZshCompleteCommandsOptionsAndValues() throws Exception {
        Prerequisites.requireTool("bash");
        ManualGenerator.generate(directory);
        String complete = String.join("\n",
                "source ./mtudoctor.bash",
                "complete_words() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMPREPLY=();"
                        + " _complete_mtudoctor 2>/dev/null; echo \"${COMPREPLY[*]}\"; }",
                "complete_words mtudoctor co",
                "complete_words mtudoctor live --for",
                "complete_words mtudoctor check --format ''",
                "complete_words mtudoctor --fail-on ''",
                "");
        Files.writeString(directory.resolve("complete.sh"), complete);
        List<String> bash = run(directory, Map.of(), "bash", "complete.sh").lines().toList();
        assertEquals(List.of("compare", "--format", "text json junit", "problem warning"), bash);

        // zsh, through its completion file as the .deb installs it, in a real interactive zsh
        // (zpty) where a user types "mtudoctor li" and Tab.
        Prerequisites.requireTool("zsh");
        Path functions = Files.createDirectories(directory.resolve("zsh"));
        Files.writeString(functions.resolve("_mtudoctor"), Files.readString(directory.resolve("_mtudoctor"))
                .replace(ManualGenerator.BASH_COMPLETION, directory.resolve("mtudoctor.bash").toString()));
        String session = String.join("\n",
                "zmodload zsh/zpty",
                "zpty z zsh -f -i",
                "zpty -w z \"PS1='> '; fpath=(" + functions + " \\$fpath); autoload -U compinit; compinit -u;"
                        + " mtudoctor() { :; }; print ready\"",
                "sleep 1",
                "zpty -w -n z $'mtudoctor li\\t'",
                "sleep 2",
                "zpty -w z $'\\necho typed'",
                "sleep 1",
                "out=''",
                "while zpty -r -t z chunk; do out+=$chunk; done",
                "print -r -- \"$out\"",
                "zpty -d z",
                "");
        Files.writeString(directory.resolve("complete.zsh"), session);
        String typed = run(directory, Map.of("TERM", "dumb"), "zsh", "-f", "complete.zsh").replaceAll("\\e\\[[0-9;?]*[a-zA-Z]", "")
                .replaceAll(".\\x08", "");
        assertTrue(typed.contains("mtudoctor live"), "zsh completed 'li' to 'live': " + typed);
        assertTrue(!typed.contains("command not found"), typed);
    }
}
