package org.mtudoctor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The read buffer spends memory on bytes that arrive, never on lengths that a file merely claims. */
class ReadBufferTest {
    private static final int CAPACITY = 64 * 1024;
    /** Room for the reader's own few objects; far below the claimed lengths below. */
    private static final long ALLOWANCE = 2L * 1024 * 1024;

    @Test
    void aPcapRecordClaimingMoreThanTheFileHoldsCostsNoMoreThanTheFile() throws Exception {
        byte[] capture = Layout.littleEndian()
                .u32(0xa1b2c3d4L)       // magic: microseconds
                .u16(2).u16(4)          // version 2.4
                .u32(0).u32(0)          // time zone, accuracy
                .u32(65535)             // snap length
                .u32(1)                 // Ethernet
                .u32(1).u32(0)          // time stamp
                .u32(200_000_000)       // captured length: 200 MB
                .u32(200_000_000)       // original length
                .fill(10, 0)            // ten bytes of it
                .toByteArray();

        RecordingSink sink = readMeasured(capture);

        assertEquals(List.of(), sink.frames);
        assertEquals(List.of("truncated record at byte 24: 26 of 200000016 bytes present"), sink.warnings);
    }

    @Test
    void aPcapngBlockClaiming256MiBCostsNoMoreThanTheFile() throws Exception {
        // Jazzer's first finding, cut to its core: 36 bytes that made the reader allocate 256 MiB.
        byte[] capture = Layout.littleEndian()
                .u32(0x0a0d0d0aL).u32(28)   // section header block, 28 bytes
                .u32(0x1a2b3c4dL)           // byte-order magic
                .u16(1).u16(0).u64(-1)      // version 1.0, section length unknown
                .u32(28)
                .u32(1)                     // interface description block
                .u32(256 * 1024 * 1024)     // block length 256 MiB, the largest the reader accepts
                .toByteArray();

        RecordingSink sink = readMeasured(capture);

        assertEquals(List.of(), sink.frames);
        assertEquals(List.of("truncated interface description block at byte 28: 8 of 268435456 bytes present"),
                sink.warnings);
    }

    @Test
    void aLargeRecordThatIsReallyThereIsReadWhole() throws Exception {
        int captured = 1_000_000;
        byte[] capture = Layout.littleEndian()
                .u32(0xa1b2c3d4L).u16(2).u16(4).u32(0).u32(0).u32(0).u32(1) // pcap file header
                .u32(1).u32(0).u32(captured).u32(captured)                   // one record of 1 MB
                .fill(captured, 0x5A)
                .u32(2).u32(0).u32(1).u32(1)                                 // and a small one after it
                .fill(1, 0x11)
                .toByteArray();

        RecordingSink sink = Captures.readBytes(capture, 16);

        assertEquals(List.of(), sink.warnings);
        assertEquals(2, sink.frames.size());
        assertEquals(captured, sink.frame(0).data().length);
        assertEquals(0x5A, sink.frame(0).data()[captured - 1]);
        assertEquals(0x11, sink.frame(1).data()[0]);
    }

    private static RecordingSink readMeasured(byte[] capture) throws CaptureException {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            Assumptions.abort("this JVM does not count allocated bytes per thread");
            throw new AssertionError("unreachable");
        }
        long threadId = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(threadId);
        RecordingSink sink = Captures.readBytes(capture, CAPACITY);
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertTrue(allocated < CAPACITY + ALLOWANCE,
                allocated + " bytes allocated to read a " + capture.length + "-byte capture");
        return sink;
    }
}
