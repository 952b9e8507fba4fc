package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.List;

/**
 * What the pcap and pcapng fuzz targets demand of our reader on any bytes: it ends in frames and
 * warnings or in one {@link CaptureException}, and nothing else; every frame lies inside the array
 * it is handed in; a one-line message for every problem; the buffer size changes nothing; and the
 * input cut anywhere yields the frames of the whole input up to the cut, so damage never costs the
 * analysis of what came before it.
 */
final class ReaderInvariants {
    /** So small that nearly every record moves the window or grows the array. */
    private static final int TINY_CAPACITY = 16;
    private static final int SMALL_CAPACITY = 64 * 1024;

    private ReaderInvariants() {
    }

    /** What one read gave: frames and warnings, or the one error that refused the input. */
    record Reading(List<RecordingSink.Frame> frames, List<String> warnings, String error) {
    }

    static void check(byte[] input) {
        Reading whole = read(input, SMALL_CAPACITY);
        assertEquals(whole, read(input, TINY_CAPACITY), "a 16-byte buffer reads the input differently");

        // The last byte picks where to cut, so the fuzzer can steer it.
        int cut = input.length == 0 ? 0 : (input[input.length - 1] & 0xFF) * input.length / 256;
        Reading prefix = read(Arrays.copyOf(input, cut), SMALL_CAPACITY);
        if (prefix.error() == null) {
            assertNull(whole.error(), "the first " + cut + " bytes are a capture, the whole input is not");
            assertTrue(prefix.frames().size() <= whole.frames().size(),
                    "cut at byte " + cut + " gives more frames than the whole input");
            assertEquals(prefix.frames(), whole.frames().subList(0, prefix.frames().size()),
                    "cut at byte " + cut + ", the frames before it change");
        }
    }

    static Reading read(byte[] input, int capacity) {
        CheckingSink sink = new CheckingSink();
        try (FrameSource source = CaptureFiles.open("fuzz input",
                Channels.newChannel(new ByteArrayInputStream(input)), true, capacity)) {
            source.readAll(sink);
        } catch (CaptureException refused) {
            assertOneLine(refused.getMessage());
            assertEquals(List.of(), sink.recorded.frames, "refused after frames: " + refused.getMessage());
            return new Reading(List.of(), List.of(), refused.getMessage());
        } catch (IOException e) {
            // The input is in memory: no read can fail, so an IOException is the reader's own.
            throw new UncheckedIOException(e);
        }
        return new Reading(sink.recorded.frames, sink.recorded.warnings, null);
    }

    private static void assertOneLine(String message) {
        if (message == null || message.isBlank() || message.contains("\n") || message.contains("\r")) {
            fail("not one line: " + message);
        }
    }

    /** Checks each frame's bounds before keeping a copy: a copy would hide a frame that runs past its array. */
    private static final class CheckingSink implements FrameSink {
        final RecordingSink recorded = new RecordingSink();

        @Override
        public void frame(int linkType, long timestampNanos, byte[] data, int offset, int capturedLength,
                          int originalLength, int interfaceId) {
            if (offset < 0 || capturedLength < 0 || offset > data.length - capturedLength) {
                fail("frame [" + offset + ", +" + capturedLength + ") outside its " + data.length + "-byte array");
            }
            if (originalLength < 0 || interfaceId < 0) {
                fail("negative original length " + originalLength + " or interface " + interfaceId);
            }
            recorded.frame(linkType, timestampNanos, data, offset, capturedLength, originalLength, interfaceId);
        }

        @Override
        public void warning(CaptureWarning warning) {
            assertOneLine(warning.text());
            recorded.warning(warning);
        }
    }
}
