package org.mtudoctor.cli;

import org.mtudoctor.capture.CaptureException;
import org.mtudoctor.capture.CaptureFiles;
import org.mtudoctor.capture.FrameSource;

/** Opens an input with the reader the user chose. */
final class Readers {
    private Readers() {
    }

    static FrameSource open(String input, boolean libpcap) throws CaptureException {
        return libpcap ? CaptureFiles.openWithLibpcap(input) : CaptureFiles.open(input);
    }
}
