package org.mtudoctor.analysis;

import java.util.List;

/**
 * What an analysis of files gave.
 *
 * @param analysis the analysis of the inputs that could be read; null when none could
 * @param errors   one line for each input that could not be read as a capture at all
 */
public record Outcome(Analysis analysis, List<String> errors) {

    public Outcome {
        errors = List.copyOf(errors);
    }

    /** An input could not be read: the others were still analysed. */
    public boolean hasUnreadableInput() {
        return !errors.isEmpty();
    }
}
