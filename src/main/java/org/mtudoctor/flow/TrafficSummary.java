package org.mtudoctor.flow;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mtudoctor.capture.CaptureWarning;

/**
 * What the per-packet pass counted, frozen when it ended: the reports are written from this,
 * never from the working pipeline.
 *
 * @param frames               frames read
 * @param firstTime            capture time of the earliest frame; Long.MAX_VALUE when there was none
 * @param lastTime             capture time of the latest frame; Long.MIN_VALUE when there was none
 * @param tcpFlows             TCP flows seen
 * @param tcpSegments          TCP segments seen, second views included
 * @param secondViews          TCP packets seen again on another interface (tcpdump -i any), counted once
 * @param tooBigMessages       ICMP frag-needed and ICMPv6 packet-too-big messages
 * @param tooBigWithoutFlow    of those, the ones whose quote names no TCP flow
 * @param tooBigAboutTunnels   of those, the ones about a tunnel's own packets
 * @param tooBigNotBelowPacket too-big messages set aside: their MTU was not below the quoted packet
 * @param tooBigQuoteRewritten too-big messages whose quoted length was not above their MTU, but whose
 *                             flow sent the quoted segment in a packet that was: counted
 * @param truncatedFrames      frames cut by the snap length
 * @param malformedFrames      frames with contradictory headers
 * @param encryptedPppFrames   PPP frames whose payload is compressed or encrypted
 * @param unknownLinkTypes     frames per link type mtudoctor does not decode, by LINKTYPE_ value
 * @param warnings             the first {@link TrafficPipeline#MAX_WARNINGS} warnings, in order
 * @param warningsDropped      warnings beyond those, only counted
 * @param expiredFlows         flows ended by the idle timeout or after they closed
 * @param maxFlows             the flow table's cap
 */
public record TrafficSummary(long frames, long firstTime, long lastTime, long tcpFlows, long tcpSegments,
                             long secondViews, long tooBigMessages, long tooBigWithoutFlow,
                             long tooBigAboutTunnels, long tooBigNotBelowPacket, long tooBigQuoteRewritten, long truncatedFrames,
                             long malformedFrames, long encryptedPppFrames, Map<Integer, Long> unknownLinkTypes,
                             List<CaptureWarning> warnings, long warningsDropped, long expiredFlows, int maxFlows) {

    public TrafficSummary {
        unknownLinkTypes = Collections.unmodifiableMap(new TreeMap<>(unknownLinkTypes));
        warnings = List.copyOf(warnings);
    }
}
