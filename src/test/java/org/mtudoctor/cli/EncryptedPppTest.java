package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mtudoctor.cli.HostileCaptures.Pcap;
import org.mtudoctor.cli.HostileCaptures.Record;

/**
 * PPTP as most clients run it, with MPPE: the GRE packets carry PPP "compressed datagrams"
 * (protocol 0x00FD), and what is inside cannot be read. The report says how many there were and
 * where to capture instead, rather than reporting nothing about them.
 */
class EncryptedPppTest {

    @TempDir
    Path dir;

    @Test
    void mppeFramesAreCountedAndTheReportSaysWhereToCapture() {
        // The re-framed seed, its PPP protocol field (FF 03 00 21: IPv4) turned into 00 FD.
        Pcap pptp = Pcap.read("captures/seed-black-hole-pptp.pcap");
        List<Record> records = new ArrayList<>();
        int encrypted = 0;
        for (Record record : pptp.records()) {
            byte[] frame = record.frame().clone();
            int ppp = indexOf(frame, new byte[] {(byte) 0xFF, 0x03, 0x00, 0x21});
            if (ppp >= 0) {
                frame[ppp + 3] = (byte) 0xFD;
                encrypted++;
            }
            records.add(record.withFrame(frame, record.originalLength()));
        }
        assertTrue(encrypted > 20, "the seed's PPTP frames: " + encrypted);
        String file = HostileCaptures.write(dir.resolve("mppe.pcap"), pptp.withRecords(records).toBytes());

        CliTest.Run text = CliTest.run(file);
        assertTrue(text.out().contains("note: " + encrypted + " PPP frames compressed or encrypted (MPPE, as PPTP uses):"
                + " the traffic inside cannot be analysed here; capture it decrypted, on the server's ppp interfaces"),
                text.out());
        assertFalse(text.out().contains("pmtu-black-hole"), "the flow is inside the encryption:\n" + text.out());
        CliTest.Run json = CliTest.run("--format", "json", file);
        assertTrue(json.out().contains("\"encryptedPppFrames\": " + encrypted + ","), json.out());

        CliTest.Run plain = CliTest.run("--format", "json", "captures/seed-black-hole-pptp.pcap");
        assertTrue(plain.out().contains("\"encryptedPppFrames\": 0,"), plain.out());
    }

    private static int indexOf(byte[] frame, byte[] pattern) {
        for (int i = 0; i + pattern.length <= frame.length; i++) {
            boolean match = true;
            for (int j = 0; j < pattern.length && match; j++) {
                match = frame[i + j] == pattern[j];
            }
            if (match) {
                return i;
            }
        }
        return -1;
    }
}
