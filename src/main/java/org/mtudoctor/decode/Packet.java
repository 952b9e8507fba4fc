package org.mtudoctor.decode;

/**
 * One decoded frame: a mutable view that {@link PacketDecoder} fills in place and the caller
 * reuses for the next frame, so that the per-packet loop allocates nothing.
 *
 * <p>Addresses are kept as two longs: IPv4 in {@code low} (high = 0), IPv6 as its upper and lower
 * 64 bits. {@link IpAddress} turns them into a value when one has to be kept.
 *
 * <p>Decoding goes as far as the captured bytes allow. {@link #damage()} says whether it stopped
 * early because the capture was cut ({@link Damage#TRUNCATED}, e.g. by the snap length) or
 * because a header contradicted itself ({@link Damage#MALFORMED}); the fields decoded before
 * that point stay valid. Sizes come from the headers and the original frame length, never from
 * the captured length.
 */
public final class Packet {

    /** What the frame turned out to carry, as far as mtudoctor cares. */
    public enum Content {
        /** Link type mtudoctor does not decode. */
        UNKNOWN_LINK,
        /** A frame that carries no IP (ARP, LLDP, ...), or IP too damaged to name its protocol. */
        NOT_IP,
        /** IPv4 or IPv6 carrying something other than TCP or an ICMP too-big message. */
        IP_OTHER,
        /** A TCP segment: ports and sequence number at least were captured. */
        TCP,
        /** ICMP destination unreachable / fragmentation needed, or ICMPv6 packet too big. */
        ICMP_TOO_BIG,
        /**
         * A PPP frame whose payload is compressed or encrypted (CCP or ECP: MPPE, as PPTP uses,
         * MPPC, Deflate): the IP inside cannot be read.
         */
        ENCRYPTED_PPP
    }

    public enum Damage { NONE, TRUNCATED, MALFORMED }

    // TCP flag bits, as in the header's 13th byte.
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    // frame
    int linkType;
    Content content;
    Damage damage;
    /** Protocol layer where decoding stopped early, e.g. "tcp"; null when {@link Damage#NONE}. */
    String damagedLayer;
    /** Bytes before the IP header: link header plus VLAN tags, PPPoE and MPLS labels. */
    int linkHeaderLength;
    int vlanTagCount;

    // tunnels crossed before the IP header the fields below describe
    Tunnel tunnel;
    int tunnelCount;
    int tunnelOverhead;
    int outerPacketLength;

    // network layer
    int ipVersion;
    long sourceHigh, sourceLow, destinationHigh, destinationLow;
    int ipPacketLength;
    boolean ipLengthFromFrame;
    int ipHeaderLength;
    int protocol;
    int hopLimit;
    int identification;
    boolean dontFragment;
    int fragmentOffset;
    boolean moreFragments;

    // TCP
    int sourcePort, destinationPort;
    long sequence, acknowledgment;
    int tcpFlags;
    int window;
    int tcpHeaderLength;
    int payloadLength;
    int mss;
    int windowScale;
    boolean sackPermitted;
    boolean timestamps;
    /** The SACK option's blocks, left and right edge of each (RFC 2018); {@link #sackBlocks} of them are set. */
    final long[] sackEdges = new long[8];
    int sackBlocks;
    boolean optionsMalformed;

    // ICMP too-big
    int icmpType, icmpCode;
    int reportedMtu;
    int quotedIpVersion;
    boolean quotedAddressesKnown;
    long quotedSourceHigh, quotedSourceLow, quotedDestinationHigh, quotedDestinationLow;
    int quotedProtocol;
    int quotedPacketLength;
    int quotedSourcePort, quotedDestinationPort;
    long quotedSequence;

    public Packet() {
        reset(0);
    }

    /** Clears every field; the decoder calls this first. */
    void reset(int linkType) {
        this.linkType = linkType;
        damage = Damage.NONE;
        damagedLayer = null;
        linkHeaderLength = 0;
        vlanTagCount = 0;
        tunnel = Tunnel.NONE;
        tunnelCount = 0;
        tunnelOverhead = 0;
        outerPacketLength = 0;
        resetNetwork();
    }

    /**
     * Clears the network, transport and ICMP fields: before the decoder reads the IP header inside
     * a tunnel, so that nothing of the outer header (an IPv6 address's upper half, an IPv4
     * identification) is left to mix with the inner one.
     */
    void resetNetwork() {
        content = Content.NOT_IP;
        ipVersion = 0;
        sourceHigh = sourceLow = destinationHigh = destinationLow = 0;
        ipPacketLength = ipHeaderLength = 0;
        ipLengthFromFrame = false;
        protocol = -1;
        hopLimit = 0;
        identification = -1;
        dontFragment = false;
        fragmentOffset = 0;
        moreFragments = false;
        sourcePort = destinationPort = -1;
        sequence = acknowledgment = -1;
        tcpFlags = 0;
        window = 0;
        tcpHeaderLength = 0;
        payloadLength = 0;
        mss = -1;
        windowScale = -1;
        sackPermitted = false;
        timestamps = false;
        sackBlocks = 0;
        optionsMalformed = false;
        icmpType = icmpCode = -1;
        reportedMtu = -1;
        quotedIpVersion = 0;
        quotedAddressesKnown = false;
        quotedSourceHigh = quotedSourceLow = quotedDestinationHigh = quotedDestinationLow = 0;
        quotedProtocol = -1;
        quotedPacketLength = -1;
        quotedSourcePort = quotedDestinationPort = -1;
        quotedSequence = -1;
    }

    /** Records where decoding stopped early; the first damage wins. */
    void damage(Damage kind, String layer) {
        if (damage == Damage.NONE) {
            damage = kind;
            damagedLayer = layer;
        }
    }

    public int linkType() { return linkType; }
    public Content content() { return content; }
    public Damage damage() { return damage; }
    public String damagedLayer() { return damagedLayer; }
    /**
     * Bytes between the start of the frame and the IP header: the link header and whatever the
     * decoder walked through to reach IP (802.1Q/802.1ad tags, PPPoE, MPLS labels). This is the
     * per-packet overhead the link adds on top of the IP MTU.
     */
    public int linkHeaderLength() { return linkHeaderLength; }
    /** VLAN tags (802.1Q, 802.1ad, 0x9100) walked before IP; each costs 4 bytes of frame size. */
    public int vlanTagCount() { return vlanTagCount; }

    /**
     * The outermost tunnel this packet crossed, {@link Tunnel#NONE} when none. Every field from
     * {@link #ipVersion()} on is then the innermost packet's: the TCP segment or ICMP message that
     * was tunnelled, not the tunnel's own IP header.
     */
    public Tunnel tunnel() { return tunnel; }
    /** Encapsulations opened to reach the IP header described here (at most {@link PacketDecoder#MAX_TUNNELS}). */
    public int tunnelCount() { return tunnelCount; }
    /**
     * Bytes the tunnels add to the inner IP packet: from the start of the outermost tunnel (its
     * outer IP header, or the PPPoE header) to the inner IP header, inner Ethernet included. A
     * packet of MTU m inside needs m plus this on the link under the tunnel; 0 without a tunnel.
     */
    public int tunnelOverhead() { return tunnelOverhead; }
    /**
     * What the link under the outermost tunnel carried: the outer IP packet's length from its
     * header, or for PPPoE the session header and its payload; 0 without a tunnel.
     */
    public int outerPacketLength() { return outerPacketLength; }

    /** 4 or 6; 0 when the frame carried no IP. */
    public int ipVersion() { return ipVersion; }
    public long sourceHigh() { return sourceHigh; }
    public long sourceLow() { return sourceLow; }
    public long destinationHigh() { return destinationHigh; }
    public long destinationLow() { return destinationLow; }
    /** Size of the IP packet on the wire (IPv4 total length, IPv6 40 + payload length). */
    public int ipPacketLength() { return ipPacketLength; }
    /**
     * The IP length field could not be used (IPv4 total length 0 or shorter than the header, as
     * segmentation offload writes it; IPv6 payload length 0 of a jumbogram or offloaded packet;
     * a length beyond the frame, which is malformed), so {@link #ipPacketLength()} is the original
     * frame length minus the link header.
     */
    public boolean ipLengthFromFrame() { return ipLengthFromFrame; }
    /** IPv4 header with options, or IPv6 header with the extension headers walked. */
    public int ipHeaderLength() { return ipHeaderLength; }
    /** The transport protocol: IPv4 protocol, or IPv6's last next-header; -1 if unknown. */
    public int protocol() { return protocol; }
    public int hopLimit() { return hopLimit; }
    /** IPv4 identification field; -1 for IPv6 (which has one only in a fragment header). */
    public int identification() { return identification; }
    /** IPv4's DF bit; always true for IPv6, where routers never fragment (RFC 8200 section 5). */
    public boolean dontFragment() { return dontFragment; }
    /** Fragment offset in bytes. Only a fragment with offset 0 carries a transport header. */
    public int fragmentOffset() { return fragmentOffset; }
    public boolean moreFragments() { return moreFragments; }

    public int sourcePort() { return sourcePort; }
    public int destinationPort() { return destinationPort; }
    /** Unsigned 32-bit sequence number in a long. */
    public long sequence() { return sequence; }
    /** Unsigned 32-bit acknowledgment number in a long; -1 when not captured. */
    public long acknowledgment() { return acknowledgment; }
    public int tcpFlags() { return tcpFlags; }
    public boolean hasFlag(int flag) { return (tcpFlags & flag) != 0; }
    public int window() { return window; }
    /** Data offset in bytes: 20 plus options. */
    public int tcpHeaderLength() { return tcpHeaderLength; }
    /** TCP payload bytes, from the IP length (not the captured bytes). */
    public int payloadLength() { return payloadLength; }
    /** TCP option bytes, counted with the payload against the MSS (RFC 6691). */
    public int tcpOptionsLength() { return Math.max(0, tcpHeaderLength - 20); }
    /** MSS option value, -1 when absent or not captured. */
    public int mss() { return mss; }
    public int windowScale() { return windowScale; }
    public boolean sackPermitted() { return sackPermitted; }
    public boolean timestamps() { return timestamps; }
    /** SACK blocks in the segment's SACK option (0 to 4). */
    public int sackBlocks() { return sackBlocks; }
    /** The left edge (first sequence number) of SACK block {@code i}. */
    public long sackLeft(int i) { return sackEdges[2 * i]; }
    /** The right edge (the sequence number after the block) of SACK block {@code i}. */
    public long sackRight(int i) { return sackEdges[2 * i + 1]; }
    /** An option length was impossible: the option walk stopped there. */
    public boolean optionsMalformed() { return optionsMalformed; }

    public int icmpType() { return icmpType; }
    public int icmpCode() { return icmpCode; }
    /** The MTU field exactly as sent; 0 from pre-RFC 1191 routers. */
    public int reportedMtu() { return reportedMtu; }
    public int quotedIpVersion() { return quotedIpVersion; }
    /** The quote holds both addresses of the packet it quotes. */
    public boolean quotedAddressesKnown() { return quotedAddressesKnown; }
    public long quotedSourceHigh() { return quotedSourceHigh; }
    public long quotedSourceLow() { return quotedSourceLow; }
    public long quotedDestinationHigh() { return quotedDestinationHigh; }
    public long quotedDestinationLow() { return quotedDestinationLow; }
    /** Protocol of the quoted packet; -1 when the quote is cut before it. */
    public int quotedProtocol() { return quotedProtocol; }
    /** The quoted packet's own total length (what was too big); -1 when cut. */
    public int quotedPacketLength() { return quotedPacketLength; }
    public int quotedSourcePort() { return quotedSourcePort; }
    public int quotedDestinationPort() { return quotedDestinationPort; }
    /** Quoted TCP sequence number; -1 when the quote is cut before it. */
    public long quotedSequence() { return quotedSequence; }
}
