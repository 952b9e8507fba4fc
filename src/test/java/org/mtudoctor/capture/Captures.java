package org.mtudoctor.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.io.ByteArrayInputStream;

/** Reading helpers shared by the tests. */
final class Captures {
    private Captures() {
    }

    /** Reads a capture held in memory through the same entry point as files and standard input. */
    static RecordingSink readBytes(byte[] capture) throws CaptureException {
        return readBytes(capture, ReadBuffer.DEFAULT_CAPACITY);
    }

    static RecordingSink readBytes(byte[] capture, int capacity) throws CaptureException {
        try (FrameSource source = CaptureFiles.open("test input",
                Channels.newChannel(new ByteArrayInputStream(capture)), true, capacity)) {
            return readAll(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RecordingSink readFile(String path) throws CaptureException {
        try (FrameSource source = CaptureFiles.open(path)) {
            return readAll(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RecordingSink readWithLibpcap(String path) throws CaptureException {
        try (FrameSource source = CaptureFiles.openWithLibpcap(path)) {
            return readAll(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RecordingSink readAll(FrameSource source) throws CaptureException, IOException {
        RecordingSink sink = new RecordingSink();
        source.readAll(sink);
        return sink;
    }
}
