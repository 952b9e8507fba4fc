package org.mtudoctor.analysis;

import java.util.Arrays;
import org.mtudoctor.capture.LinkType;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.factory.PacketFactories;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * One packet that shows a finding, as {@code --evidence} prints it: where it is (the input and
 * its frame number there, counted from 1 as Wireshark and tshark count), what it shows, and its
 * bytes, which pcap4j's packet factory decodes in full: a second decoder, independent of ours.
 *
 * @param input          the capture file, as the user named it
 * @param frame          the frame's number in that file, from 1
 * @param role           what the packet shows, as a phrase: "the first ICMP too-big about the flow"
 * @param linkType       LINKTYPE_ value of the frame
 * @param data           the captured bytes
 * @param originalLength the frame's length on the wire
 */
public record EvidencePacket(String input, long frame, String role, int linkType, byte[] data, int originalLength) {

    public EvidencePacket {
        if (frame < 1) {
            throw new IllegalArgumentException("frame number " + frame + " (expected: 1 or more)");
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The same packet in another role. */
    EvidencePacket withRole(String newRole) {
        return new EvidencePacket(input, frame, newRole, linkType, data, originalLength);
    }

    /** pcap4j's decoding of the frame, one line per field: "[IPv4 Header (20 bytes)]", "  TTL: 64". */
    public String decoded() {
        try {
            Packet packet = PacketFactories.getFactory(Packet.class, DataLinkType.class)
                    .newInstance(data, 0, data.length, dataLinkType(linkType));
            return packet.toString().stripTrailing();
        } catch (RuntimeException undecodable) {
            // pcap4j's factory turns bad headers into illegal-raw-data packets; this is for the rest.
            return "(pcap4j could not decode it: " + undecodable + ")";
        }
    }

    /** pcap4j names link types by their DLT_ value, which is the LINKTYPE_ value except for raw IP. */
    static DataLinkType dataLinkType(int linkType) {
        return DataLinkType.getInstance(LinkType.dltOf(linkType));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EvidencePacket that && input.equals(that.input) && frame == that.frame
                && role.equals(that.role) && linkType == that.linkType && Arrays.equals(data, that.data)
                && originalLength == that.originalLength;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * input.hashCode() + Long.hashCode(frame)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return input + " frame " + frame + ": " + role;
    }
}
