package org.mtudoctor.capture;

import java.io.IOException;
import java.util.Locale;

/** What our pcap and pcapng readers share: the input, progress, closing, and how a read ends. */
abstract class BufferedCaptureReader implements FrameSource {
    final CaptureInput input;
    final ReadBuffer buffer;

    BufferedCaptureReader(CaptureInput input) {
        this.input = input;
        this.buffer = input.buffer();
    }

    /** Bytes taken from the file (compressed bytes for gzip input); runs ahead of frames by up to one buffer. */
    @Override
    public long bytesRead() {
        return input.fileBytes().count();
    }

    @Override
    public void close() throws IOException {
        input.stream().close();
    }

    /**
     * Reports how the input ended, when it did not end cleanly: first a damaged gzip stream (the cause),
     * then the damage the reader found where the data stopped.
     */
    final void finish(FrameSink sink, String damage) {
        if (buffer.streamDamage() != null) {
            sink.warning(new CaptureWarning(CaptureWarning.Kind.GZIP_DAMAGED, format(
                    "gzip stream damaged after %d decompressed bytes: %s",
                    buffer.offset() + buffer.available(), buffer.streamDamage())));
        }
        if (damage != null) {
            sink.warning(new CaptureWarning(CaptureWarning.Kind.CUT_SHORT, damage));
        }
    }

    /** The message for input that stops inside a structure, with what is there and what was expected. */
    static String truncated(String what, ReadBuffer in, int expected) {
        return format("truncated %s at byte %d: %d of %d bytes present", what, in.offset(), in.available(), expected);
    }

    static String format(String template, Object... values) {
        return String.format(Locale.ROOT, template, values);
    }
}
