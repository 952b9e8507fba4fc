package org.mtudoctor.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.mtudoctor.decode.IpAddress;

/**
 * Several capture points of the same traffic, lined up: the same connections at every point
 * (matched by their initial sequence numbers, which survive NAT), the points in path order, each
 * point's clock against the previous one's, and the MSS options rewritten between neighbours.
 */
public final class Comparison {

    /** Connections named per finding. */
    static final int MAX_EXAMPLES = 5;
    /** Distinct connections counted per finding: a bound on memory. */
    static final int MAX_NAMED = 1_000_000;

    /**
     * Two points next to each other on the path.
     *
     * @param matched          connections seen at both
     * @param onlyNearClient   handshakes of {@code nearClient} that {@code nearServer} did not see
     *                         with the same sequence numbers (other traffic, or a firewall that
     *                         rewrites sequence numbers or proxies the handshake)
     * @param onlyNearServer   the same the other way
     * @param renumbered       of those, handshakes with the same ports at the same time as one of
     *                         {@code nearClient}'s unmatched: the same connection, its sequence
     *                         numbers rewritten between the two (randomised, or a proxy's own handshake)
     * @param clockOffsetNanos how far {@code nearServer}'s clock is ahead of {@code nearClient}'s:
     *                         from the quickest packet matched each way when packets crossed both
     *                         ways ({@code transitNanos} the one-way transit then), else the median
     *                         over the matched SYNs (transit included, {@code transitNanos} -1); 0
     *                         when nothing matched
     * @param tied             no matched SYN told the two apart (same TTLs: two ends of one link, or
     *                         one host's two interfaces): their order is the one given
     * @param translated       matched connections whose addresses or ports differ between the two:
     *                         NAT between them; {@code translation} is the first, else null
     * @param towardServer     the client's data packets from {@code nearClient} to {@code nearServer}
     * @param towardClient     the server's data packets the other way
     * @param connections      each connection both saw, when asked for ({@code --flows}); else empty
     */
    public record Neighbours(String nearClient, String nearServer, long matched, long onlyNearClient,
                             long onlyNearServer, long renumbered, long clockOffsetNanos, long transitNanos, boolean tied,
                             long translated, MssRewritten.Example translation, Crossed towardServer,
                             Crossed towardClient, List<Matched> connections) {
    }

    /**
     * One connection both neighbours saw: its handshake at each, and its data packets each way
     * (null when that side sent none the first point saw).
     */
    public record Matched(Handshake atNearClient, Handshake atNearServer, Crossed towardServer, Crossed towardClient) {
    }

    /**
     * Data packets one way between two neighbours, of the connections both saw: matched packet
     * by packet (sequence number, length, IP ID).
     *
     * @param crossed     packets the first point saw that reached the next
     * @param vanished    packets that did not, while the next was capturing
     * @param idRewritten packets matched only with another IP ID (something between rewrites IDs)
     */
    public record Crossed(long crossed, long vanished, long idRewritten) {
    }

    private final List<Point> points;
    private final boolean ordered;
    private final List<Neighbours> neighbours;
    private final List<MssRewritten> rewrites;
    private final List<IcmpDropped> icmpDrops;
    private final List<LostBetween> losses;

    private Comparison(List<Point> points, boolean ordered, List<Neighbours> neighbours, List<MssRewritten> rewrites,
                       List<IcmpDropped> icmpDrops, List<LostBetween> losses) {
        this.losses = losses;
        this.points = points;
        this.ordered = ordered;
        this.neighbours = neighbours;
        this.rewrites = rewrites;
        this.icmpDrops = icmpDrops;
    }

    /** The points in path order, from the client's end: by the SYNs' TTL, which each router lowers. */
    public List<String> order() {
        return points.stream().map(Point::name).toList();
    }

    /** The points in path order. */
    public List<Point> points() {
        return points;
    }

    /** False when no matched SYN told the points apart (equal TTLs, or nothing matched): the order given is kept. */
    public boolean ordered() {
        return ordered;
    }

    public List<Neighbours> neighbours() {
        return neighbours;
    }

    public List<MssRewritten> rewrites() {
        return rewrites;
    }

    public List<IcmpDropped> icmpDrops() {
        return icmpDrops;
    }

    public List<LostBetween> losses() {
        return losses;
    }

    /** The cross-point kinds there are, as manifests name them. */
    public static final List<String> KINDS = List.of(IcmpDropped.KIND, LostBetween.KIND, MssRewritten.KIND);

    /** The kinds of the cross-point findings made, sorted. */
    public Set<String> kinds() {
        Set<String> kinds = new TreeSet<>();
        icmpDrops.forEach(drop -> kinds.add(IcmpDropped.KIND));
        losses.forEach(loss -> kinds.add(LostBetween.KIND));
        rewrites.forEach(rewrite -> kinds.add(MssRewritten.KIND));
        return kinds;
    }

    /** Cross-point problems: ICMP too-big that never got through between two points, packets lost silently by size. */
    public long problems() {
        return icmpDrops.stream().filter(IcmpDropped::allDropped).count()
                + losses.stream().filter(LostBetween::silent).count();
    }

    /** Cross-point warnings: some ICMP lost between points, an MSS raised or clamped one way. */
    public long warnings() {
        return icmpDrops.stream().filter(drop -> !drop.allDropped()).count()
                + rewrites.stream().filter(MssRewritten::warning).count();
    }

    /** Cross-point information: MSS clamps of both directions, packets a router dropped and said so. */
    public long info() {
        return rewrites.stream().filter(rewrite -> !rewrite.warning()).count()
                + losses.stream().filter(loss -> !loss.silent()).count();
    }

    public static Comparison of(List<Point> points) {
        return of(points, false);
    }

    /** @param listConnections keep each matched connection for the report ({@code --flows}) */
    public static Comparison of(List<Point> points, boolean listConnections) {
        int n = points.size();
        int[] nearerClient = new int[n];
        boolean[] matchedAny = new boolean[n];
        boolean anyVote = false;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                for (Handshake at : points.get(i).handshakes().all()) {
                    Handshake other = match(at, points.get(j).handshakes());
                    if (other != null) {
                        matchedAny[i] = matchedAny[j] = true;
                    }
                    int vote = other == null ? 0 : nearerClient(at, other);
                    vote = vote != 0 || other == null ? vote : byRoundTrip(at, other);
                    nearerClient[i] += vote;
                    nearerClient[j] -= vote;
                    anyVote |= vote != 0;
                }
            }
        }
        // A host's interfaces sit next to each other on the path (nothing lies between two links of
        // one host but the host): such a group is placed by its members' votes together, and its
        // members then by their own. Votes between members cancel in the sum.
        int[] group = new int[n];
        Map<Integer, Integer> groupScore = new HashMap<>();
        for (int i = 0; i < n; i++) {
            group[i] = i;
            for (int j = 0; j < i; j++) {
                if (points.get(i).sameHost(points.get(j))) {
                    group[i] = group[j];
                    break;
                }
            }
            groupScore.merge(group[i], nearerClient[i], Integer::sum);
        }
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            indices.add(i);
        }
        // Points that share no connection with any other go last; stable: points the TTLs cannot
        // tell apart keep the order given.
        indices.sort(Comparator.<Integer, Boolean>comparing(i -> !matchedAny[i])
                .thenComparingInt(i -> -groupScore.get(group[i]))
                .thenComparingInt(i -> group[i])
                .thenComparingInt(i -> -nearerClient[i]));
        List<Point> inOrder = indices.stream().map(points::get).toList();
        List<Neighbours> neighbours = new ArrayList<>();
        List<MssRewritten> rewrites = new ArrayList<>();
        List<IcmpDropped> icmpDrops = new ArrayList<>();
        List<LostBetween> losses = new ArrayList<>();
        for (int k = 0; k + 1 < inOrder.size(); k++) {
            Point nearClient = inOrder.get(k), nearServer = inOrder.get(k + 1);
            List<Connection> connections = new ArrayList<>();
            Neighbours pair = compareNeighbours(nearClient, nearServer, neighbours, rewrites, connections,
                    listConnections);
            // Toward the server, ICMP about the server's segments crosses nearClient first; toward
            // the client, ICMP about the client's segments crosses nearServer first.
            icmpDrops.addAll(icmpOnItsWay(nearClient, nearServer, true, pair.clockOffsetNanos()));
            icmpDrops.addAll(icmpOnItsWay(nearServer, nearClient, false, -pair.clockOffsetNanos()));
            // The server's data crosses nearServer first; the client's, nearClient.
            lostOnTheWay(nearServer, nearClient, false, connections, losses);
            lostOnTheWay(nearClient, nearServer, true, connections, losses);
        }
        return new Comparison(inOrder, anyVote, neighbours, rewrites, icmpDrops,
                losses);
    }

    /** The handshake at {@code other} with the same sequence numbers as {@code at}, or null. */
    private static Handshake match(Handshake at, Handshakes other) {
        Handshake candidate = other.byClientIsn(at.clientIsn());
        if (candidate == null || at.serverIsn() >= 0 && candidate.serverIsn() >= 0 && at.serverIsn() != candidate.serverIsn()) {
            return null;
        }
        return candidate;
    }

    /**
     * +1 when the point that saw {@code at} is nearer the client than the one that saw
     * {@code other}: its SYN's TTL is higher (fewer routers passed), or else its SYN-ACK's lower.
     */
    private static int nearerClient(Handshake at, Handshake other) {
        if (at.synTtl() != other.synTtl()) {
            return at.synTtl() > other.synTtl() ? 1 : -1;
        }
        if (at.synAckSeen() && other.synAckSeen() && at.synAckTtl() != other.synAckTtl()) {
            return at.synAckTtl() < other.synAckTtl() ? 1 : -1;
        }
        return 0;
    }

    /**
     * Twice the transit that a round trip through both points shows: when these times say more
     * than timestamps jitter, not a vote.
     */
    static final long ROUND_TRIP_VOTE_NANOS = 200_000;

    /**
     * For points the TTLs cannot tell apart (two ends of one link): +1 when the point that saw
     * {@code at} is nearer the client by the handshake's timing, which needs no agreeing clocks.
     * Nearer the client, the SYN passes first and the SYN-ACK last: (SYN there - SYN here) +
     * (SYN-ACK here - SYN-ACK there) is twice the transit between the points, whatever the clocks'
     * offset; the other way round it is minus that. 0 when too small to tell from jitter.
     */
    private static int byRoundTrip(Handshake at, Handshake other) {
        if (!at.synAckSeen() || !other.synAckSeen()) {
            return 0;
        }
        long twiceTransit = (other.synTime() - at.synTime()) + (at.synAckTime() - other.synAckTime());
        return Math.abs(twiceTransit) < ROUND_TRIP_VOTE_NANOS ? 0 : Long.signum(twiceTransit);
    }

    private record RewriteKey(MssRewritten.Segment segment, int beforeMss, int afterMss) {
    }

    /**
     * A connection both neighbours saw: its handshake at each, and its data packets matched each
     * way, judged once the clocks are lined up.
     */
    private record Connection(Handshake nearClient, Handshake nearServer, PacketMatch toServer, PacketMatch toClient,
                              PacketMatch.Crossing[] judged) {
        /** What crossed from the client ({@code fromClient}) or from the server; null when that side sent nothing. */
        PacketMatch.Crossing crossing(boolean fromClient) {
            return judged[fromClient ? 0 : 1];
        }
    }

    private static Neighbours compareNeighbours(Point nearClient, Point nearServer, List<Neighbours> neighbours,
                                                List<MssRewritten> rewrites, List<Connection> connections,
                                                boolean listConnections) {
        long matched = 0;
        int votes = 0;
        long translated = 0;
        MssRewritten.Example translation = null;
        List<Long> offsets = new ArrayList<>();
        long quickestToServer = Long.MAX_VALUE, quickestToClient = Long.MAX_VALUE;
        Map<RewriteKey, List<MssRewritten.Example>> examples = new LinkedHashMap<>();
        Map<RewriteKey, Long> counts = new LinkedHashMap<>();
        List<Handshake> sorted = new ArrayList<>(nearClient.handshakes().all());
        sorted.sort(Comparator.comparingLong(Handshake::synFrame));
        List<Handshake> unmatchedNearClient = new ArrayList<>();
        for (Handshake at : sorted) {
            Handshake next = match(at, nearServer.handshakes());
            if (next == null) {
                unmatchedNearClient.add(at);
                continue;
            }
            matched++;
            votes += Math.abs(nearerClient(at, next));
            if (!at.client().equals(next.client()) || !at.server().equals(next.server())) {
                translated++;
                translation = translation == null ? new MssRewritten.Example(at, next) : translation;
            }
            offsets.add(next.synTime() - at.synTime());
            PacketMatch toServer = packets(nearClient.handshakes().log(at.clientIsn(), true),
                    nearServer.handshakes().log(next.clientIsn(), true), at.clientIsn());
            PacketMatch toClient = packets(nearServer.handshakes().log(next.clientIsn(), false),
                    nearClient.handshakes().log(at.clientIsn(), false), next.synAckSeen() ? next.serverIsn() : at.serverIsn());
            quickestToServer = Math.min(quickestToServer, toServer == null ? Long.MAX_VALUE : toServer.minDelay());
            quickestToClient = Math.min(quickestToClient, toClient == null ? Long.MAX_VALUE : toClient.minDelay());
            connections.add(new Connection(at, next, toServer, toClient, new PacketMatch.Crossing[2]));
            if (at.synMss() >= 0 && next.synMss() >= 0 && at.synMss() != next.synMss()) {
                note(new RewriteKey(MssRewritten.Segment.SYN, at.synMss(), next.synMss()),
                        new MssRewritten.Example(at, next), examples, counts);
            }
            if (at.synAckSeen() && next.synAckSeen() && at.synAckMss() >= 0 && next.synAckMss() >= 0
                    && at.synAckMss() != next.synAckMss()) {
                // The SYN-ACK crosses the point near the server first.
                note(new RewriteKey(MssRewritten.Segment.SYN_ACK, next.synAckMss(), at.synAckMss()),
                        new MssRewritten.Example(next, at), examples, counts);
            }
        }
        boolean synLowered = counts.keySet().stream().anyMatch(key -> key.segment() == MssRewritten.Segment.SYN
                && key.afterMss() < key.beforeMss());
        boolean synAckLowered = counts.keySet().stream().anyMatch(key -> key.segment() == MssRewritten.Segment.SYN_ACK
                && key.afterMss() < key.beforeMss());
        for (Map.Entry<RewriteKey, Long> entry : counts.entrySet()) {
            RewriteKey key = entry.getKey();
            boolean before = key.segment() == MssRewritten.Segment.SYN;
            rewrites.add(new MssRewritten(key.segment(), before ? nearClient.name() : nearServer.name(), key.beforeMss(),
                    before ? nearServer.name() : nearClient.name(), key.afterMss(),
                    key.afterMss() < key.beforeMss() && synLowered != synAckLowered,
                    entry.getValue(), examples.get(key)));
        }
        // The clocks, as NTP lines them up: the quickest packet each way is the offset plus and
        // minus the same transit. With packets one way only, the SYNs give offset and transit together.
        boolean bothWays = quickestToServer != Long.MAX_VALUE && quickestToClient != Long.MAX_VALUE;
        long offset = bothWays ? (quickestToServer - quickestToClient) / 2 : median(offsets);
        long transit = bothWays ? Math.max(0, (quickestToServer + quickestToClient) / 2) : -1;
        long[] toServer = new long[3], toClient = new long[3];
        List<Matched> listed = new ArrayList<>();
        for (Connection connection : connections) {
            connection.judged()[0] = judge(connection.toServer(), offset, nearServer.handshakes(), toServer);
            connection.judged()[1] = judge(connection.toClient(), -offset, nearClient.handshakes(), toClient);
            if (listConnections) {
                listed.add(new Matched(connection.nearClient(), connection.nearServer(),
                        crossed(connection.judged()[0], connection.toServer()),
                        crossed(connection.judged()[1], connection.toClient())));
            }
        }
        List<Handshake> unmatchedNearServer = nearServer.handshakes().all().stream()
                .filter(at -> match(at, nearClient.handshakes()) == null).toList();
        Neighbours pair = new Neighbours(nearClient.name(), nearServer.name(), matched,
                unmatchedNearClient.size(), unmatchedNearServer.size(),
                renumbered(unmatchedNearClient, unmatchedNearServer, offset), offset, transit, votes == 0, translated,
                translation, new Crossed(toServer[0], toServer[1], toServer[2]),
                new Crossed(toClient[0], toClient[1], toClient[2]), listed);
        neighbours.add(pair);
        return pair;
    }

    /** How near in time (the next point's clock lined up) a SYN with other sequence numbers is taken for the same. */
    static final long RENUMBERED_WITHIN_NANOS = 1_000_000_000L;

    /**
     * Handshakes of {@code unmatched} (seen near the server only) that look like one of
     * {@code nearClientOnly} with other sequence numbers: the same ports, the SYN at the same time.
     * A firewall that randomises sequence numbers (or a proxy that makes its own handshake) is
     * between them.
     */
    private static long renumbered(List<Handshake> nearClientOnly, List<Handshake> unmatched, long offset) {
        if (unmatched.isEmpty()) {
            return 0;
        }
        Map<List<Integer>, List<Long>> byPorts = new HashMap<>();
        for (Handshake at : nearClientOnly) {
            byPorts.computeIfAbsent(List.of(at.client().port(), at.server().port()), k -> new ArrayList<>())
                    .add(at.synTime() + offset);
        }
        long renumbered = 0;
        for (Handshake there : unmatched) {
            List<Long> times = byPorts.get(List.of(there.client().port(), there.server().port()));
            if (times != null && times.stream().anyMatch(time -> Math.abs(there.synTime() - time) <= RENUMBERED_WITHIN_NANOS)) {
                renumbered++;
            }
        }
        return renumbered;
    }

    /** The packets of one direction matched, or null when the first point saw none of them. */
    private static PacketMatch packets(PacketLog before, PacketLog after, long isn) {
        if (before == null || before.size() == 0 && before.mergedSize() == 0) {
            return null;
        }
        return PacketMatch.of(before, after == null ? new PacketLog() : after, isn);
    }

    private static Crossed crossed(PacketMatch.Crossing crossing, PacketMatch match) {
        return crossing == null ? null : new Crossed(crossing.crossed(), crossing.vanished(), match.idRewritten());
    }

    /** One direction judged, its counts added to {@code totals} (crossed, vanished, IDs rewritten); null for none. */
    private static PacketMatch.Crossing judge(PacketMatch match, long offset, Handshakes next, long[] totals) {
        if (match == null) {
            return null;
        }
        PacketMatch.Crossing crossing = match.judge(offset, next.firstTime(), next.lastTime(), next.loggedUntil());
        totals[0] += crossing.crossed();
        totals[1] += crossing.vanished();
        totals[2] += match.idRewritten();
        return crossing;
    }

    /**
     * Data packets of one side ({@code fromClient}) that left {@code before} and never reached
     * {@code after}, next on their way, all larger than every packet of the same connection that
     * did: one finding per pair of points.
     */
    private static void lostOnTheWay(Point before, Point after, boolean fromClient, List<Connection> connections,
                                     List<LostBetween> losses) {
        long vanished = 0, count = 0, withIcmp = 0;
        int largestArrived = 0, smallestVanished = Integer.MAX_VALUE;
        Handshake example = null;
        PacketMatch.Crossing first = null;
        for (Connection connection : connections) {
            PacketMatch.Crossing crossing = connection.crossing(fromClient);
            if (crossing == null || crossing.vanishedAbove() == 0 || crossing.crossed() == 0) {
                continue; // smaller packets must get through: otherwise nothing says it is about size
            }
            Handshake at = fromClient ? connection.nearClient() : connection.nearServer();
            Handshake there = fromClient ? connection.nearServer() : connection.nearClient();
            vanished += crossing.vanishedAbove();
            count++;
            if (before.handshakes().icmpAbout(at.clientIsn()) || after.handshakes().icmpAbout(there.clientIsn())) {
                withIcmp++;
            }
            largestArrived = Math.max(largestArrived, crossing.largestCrossed());
            smallestVanished = Math.min(smallestVanished, crossing.smallestVanishedAbove());
            if (example == null) {
                example = at;
                first = crossing;
            }
        }
        if (count > 0) {
            losses.add(new LostBetween(before.name(), after.name(), fromClient ? "client" : "server", largestArrived,
                    smallestVanished, vanished, count, withIcmp, example, first.firstVanishedAboveFrame(),
                    first.largestCrossed(), first.largestFrameBefore(), first.largestFrameAfter()));
        }
    }

    /** One connection's messages about one quoted segment, as a point's own handshakes name them. */
    private record QuotedKey(long clientIsn, long quotedSequence) {
    }

    private record DropKey(IpAddress reporter, int mtu) {
    }

    /**
     * The too-big messages that {@code before} saw on their way to the {@code toServer} end's
     * sender, against those {@code after} (next on their way) saw, for connections both saw and
     * while {@code after} was capturing ({@code offset}: its clock less {@code before}'s).
     */
    private static List<IcmpDropped> icmpOnItsWay(Point before, Point after, boolean toServer, long offset) {
        Map<QuotedKey, Long> available = new HashMap<>();
        for (Handshakes.TooBigGroup group : after.handshakes().tooBig()) {
            if (group.aboutServer() == toServer) {
                available.merge(new QuotedKey(group.clientIsn(), group.first().quotedSequence()), group.count(), Long::sum);
            }
        }
        Map<DropKey, long[]> counts = new LinkedHashMap<>(); // sent, arrived
        Map<DropKey, Set<Long>> connections = new LinkedHashMap<>();
        Map<DropKey, List<IcmpDropped.Example>> examples = new LinkedHashMap<>();
        for (Handshakes.TooBigGroup group : before.handshakes().tooBig()) {
            Handshake connection = before.handshakes().byClientIsn(group.clientIsn());
            Handshake there = group.aboutServer() != toServer || connection == null ? null
                    : match(connection, after.handshakes());
            if (there == null || !after.handshakes().capturing(group.first().time() + offset)
                    || !after.handshakes().capturing(group.lastTime() + offset)) {
                continue; // the next point does not see this connection, or was not capturing then
            }
            TooBigSeen first = group.first();
            DropKey key = new DropKey(first.reporter(), first.mtu());
            QuotedKey quoted = new QuotedKey(there.clientIsn(), first.quotedSequence());
            long arrived = Math.min(group.count(), available.getOrDefault(quoted, 0L));
            available.put(quoted, available.getOrDefault(quoted, 0L) - arrived);
            long[] count = counts.computeIfAbsent(key, k -> new long[2]);
            count[0] += group.count();
            count[1] += arrived;
            Set<Long> named = connections.computeIfAbsent(key, k -> new HashSet<>());
            if (named.size() < MAX_NAMED) {
                named.add(connection.clientIsn());
            }
            List<IcmpDropped.Example> kept = examples.computeIfAbsent(key, k -> new ArrayList<>());
            if (kept.size() < MAX_EXAMPLES) {
                // The quoted segment is the sender's: the server's when the message is about the server.
                PacketLog sent = after.handshakes().log(there.clientIsn(), !group.aboutServer());
                kept.add(new IcmpDropped.Example(first, sent == null ? -1 : sent.firstFrameAt(first.quotedSequence())));
            }
        }
        List<IcmpDropped> drops = new ArrayList<>();
        counts.forEach((key, count) -> {
            if (count[1] < count[0]) {
                drops.add(new IcmpDropped(before.name(), after.name(), key.reporter(), key.mtu(), count[0], count[1],
                        connections.get(key).size(), examples.get(key)));
            }
        });
        return drops;
    }

    private static void note(RewriteKey key, MssRewritten.Example example, Map<RewriteKey, List<MssRewritten.Example>> examples,
                             Map<RewriteKey, Long> counts) {
        counts.merge(key, 1L, Long::sum);
        List<MssRewritten.Example> kept = examples.computeIfAbsent(key, k -> new ArrayList<>());
        if (kept.size() < MAX_EXAMPLES) {
            kept.add(example);
        }
    }

    private static long median(List<Long> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
