package org.mtudoctor.cli;

import picocli.CommandLine.Option;

/** The --format option every reporting command shares. */
final class FormatOption {

    enum Format { text, json }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;
}
