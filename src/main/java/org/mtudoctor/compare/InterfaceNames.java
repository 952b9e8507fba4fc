package org.mtudoctor.compare;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the user gives a capture's interface numbers ({@code --ifname [POINT:]INDEX=NAME}): the
 * Linux cooked v2 header of {@code tcpdump -i any} holds only the index, which {@code ip -o link}
 * on the capturing host names. Without POINT a name holds for every point.
 */
public final class InterfaceNames {

    private static final int MAXIMUM_NAME_LENGTH = 64;

    /** By point ("" for all), then by interface number. */
    private final Map<String, Map<Integer, String>> names;

    private InterfaceNames(Map<String, Map<Integer, String>> names) {
        this.names = names;
    }

    public static InterfaceNames none() {
        return new InterfaceNames(Map.of());
    }

    /**
     * Parses each {@code [POINT:]INDEX=NAME}, several to an argument when comma-separated.
     *
     * @throws IllegalArgumentException with a message for the user, naming what is wrong
     */
    public static InterfaceNames parse(List<String> arguments) {
        Map<String, Map<Integer, String>> names = new HashMap<>();
        for (String argument : arguments) {
            for (String one : argument.split(",", -1)) {
                int equals = one.indexOf('=');
                int colon = one.lastIndexOf(':', equals);
                String point = colon < 0 ? "" : one.substring(0, colon);
                String index = equals < 0 ? "" : one.substring(colon + 1, equals);
                String name = equals < 0 ? "" : one.substring(equals + 1);
                if (!index.matches("[0-9]{1,10}") || name.isEmpty() || name.length() > MAXIMUM_NAME_LENGTH
                        || !name.chars().allMatch(c -> c > ' ' && c < 0x7F) || colon == 0) {
                    throw new IllegalArgumentException("--ifname '" + one + "': expected [POINT:]INDEX=NAME, as in 3=eth0"
                            + " or vpn:3=eth0 (the index as ip -o link shows it; a name of printable ASCII)");
                }
                long number = Long.parseLong(index);
                if (number > 0xFFFFFFFFL) {
                    throw new IllegalArgumentException("--ifname '" + one + "': interface index above 4294967295");
                }
                names.computeIfAbsent(point, p -> new HashMap<>()).put((int) number, name);
            }
        }
        return new InterfaceNames(names);
    }

    /** The names for one point: those given for it, over those given for all. */
    public Map<Integer, String> forPoint(String point) {
        Map<Integer, String> merged = new HashMap<>(names.getOrDefault("", Map.of()));
        merged.putAll(names.getOrDefault(point, Map.of()));
        return merged;
    }

    /** The points named in POINT: prefixes, so that a misspelt one can be told. */
    public java.util.Set<String> points() {
        java.util.Set<String> points = new java.util.TreeSet<>(names.keySet());
        points.remove("");
        return points;
    }
}
