package org.mtudoctor.capture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Keeps a copy of every frame and warning, so tests can compare what two readers delivered. */
final class RecordingSink implements FrameSink {
    /** One delivered frame, with its bytes copied out of the reader's buffer. */
    record Frame(int linkType, long timestampNanos, byte[] data, int originalLength, int interfaceId) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Frame frame && linkType == frame.linkType
                    && timestampNanos == frame.timestampNanos && Arrays.equals(data, frame.data)
                    && originalLength == frame.originalLength && interfaceId == frame.interfaceId;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data) * 31 + Long.hashCode(timestampNanos);
        }

        @Override
        public String toString() {
            String hex = HexFormat.of().formatHex(data, 0, Math.min(data.length, 24));
            return "Frame[linkType=" + linkType + ", timestampNanos=" + timestampNanos + ", captured="
                    + data.length + ", original=" + originalLength + ", interface=" + interfaceId
                    + ", data=" + hex + (data.length > 24 ? "..." : "") + "]";
        }
    }

    final List<Frame> frames = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    @Override
    public void frame(int linkType, long timestampNanos, byte[] data, int offset, int capturedLength,
                      int originalLength, int interfaceId) {
        frames.add(new Frame(linkType, timestampNanos, Arrays.copyOfRange(data, offset, offset + capturedLength),
                originalLength, interfaceId));
    }

    @Override
    public void warning(CaptureWarning warning) {
        warnings.add(warning.text());
    }

    /** Each interface description as "ID=NAME" ("ID=null" without a name), in file order. */
    final List<String> interfaces = new ArrayList<>();

    @Override
    public void interfaceDescribed(int interfaceId, String name) {
        interfaces.add(interfaceId + "=" + name);
    }

    Frame frame(int index) {
        return frames.get(index);
    }
}
