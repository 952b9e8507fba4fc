package org.mtudoctor.capture;

/**
 * The input cannot be read as a capture at all: not a pcap or pcapng file, an unreadable path,
 * or a native library that is missing. The message is one line meant for the user.
 * A capture that is merely cut short is not an exception: it is a {@link FrameSink#warning}.
 */
public class CaptureException extends Exception {
    private static final long serialVersionUID = 1L;

    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
