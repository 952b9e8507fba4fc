package org.mtudoctor.capture;

import java.util.Locale;

/**
 * Reads one capture in a JVM of its own and prints a summary, for what a test cannot do in its own
 * JVM: read standard input, or run without libpcap. Arguments: {@code own|libpcap PATH-OR-DASH}.
 * Output: {@code frames N hash H}, then one {@code warning: ...} line each, or {@code error: ...}.
 */
public final class CaptureProbe {
    private CaptureProbe() {
    }

    public static void main(String[] arguments) throws Exception {
        try (FrameSource source = "libpcap".equals(arguments[0])
                ? CaptureFiles.openWithLibpcap(arguments[1]) : CaptureFiles.open(arguments[1])) {
            RecordingSink sink = Captures.readAll(source);
            System.out.println(summary(sink));
        } catch (CaptureException e) {
            System.out.println("error: " + e.getMessage());
        }
    }

    static String summary(RecordingSink sink) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "frames %d hash %08x",
                sink.frames.size(), sink.frames.hashCode()));
        for (String warning : sink.warnings) {
            text.append("\nwarning: ").append(warning);
        }
        return text.toString();
    }
}
