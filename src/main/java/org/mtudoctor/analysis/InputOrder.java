package org.mtudoctor.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import org.mtudoctor.capture.CaptureFiles;

/**
 * Several captures are one stream in time order, whatever order the shell gave them in: a
 * rotated {@code tcpdump -C} set globs as file, file1, file10, file11, file2. Each file's first
 * frame says where it goes.
 */
public final class InputOrder {
    private InputOrder() {
    }

    /**
     * The inputs sorted by the time of their first frame; equal times, and files without a
     * readable frame, keep their given order, the latter at the end. Standard input cannot be
     * looked into without consuming it, so with "-" among them the given order stands.
     */
    public static List<String> byFirstFrame(List<String> inputs) {
        if (inputs.size() < 2 || inputs.contains("-")) {
            return inputs;
        }
        record Input(String name, OptionalLong firstFrame) {
        }
        List<Input> timed = new ArrayList<>();
        for (String input : inputs) {
            timed.add(new Input(input, CaptureFiles.firstFrameTime(input)));
        }
        // List.sort is stable: ties keep the given order.
        timed.sort(Comparator.comparingLong(input -> input.firstFrame().orElse(Long.MAX_VALUE)));
        return timed.stream().map(Input::name).toList();
    }
}
