package org.mtudoctor.report;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** The pass/fail table of {@code mtudoctor check}, as text or JSON. */
public final class CheckReport {
    private CheckReport() {
    }

    public static String text(List<String> manifests, List<VerdictCheck> checks) {
        StringBuilder out = new StringBuilder();
        out.append("mtudoctor check: ").append(String.join(" ", manifests)).append('\n');
        int width = checks.stream().mapToInt(check -> check.capture().length()).max().orElse(0);
        for (VerdictCheck check : checks) {
            String detail = switch (check.status()) {
                case PASS -> "exit " + check.exitCode() + "  mtu " + VerdictCheck.mtuText(check.mtu()) + "  "
                        + (check.kinds().isEmpty() ? "no findings" : String.join(" ", new TreeSet<>(check.kinds())));
                case FAIL -> String.join("; ", check.mismatches());
                case NEW -> "no expected verdict; it says: " + check.suggestion();
            };
            out.append(String.format(Locale.ROOT, "%-4s  %-" + width + "s  %s", check.status(), check.capture(), detail)
                    .stripTrailing()).append('\n');
        }
        out.append(String.format(Locale.ROOT, "%d passed, %d failed, %d new%n",
                count(checks, VerdictCheck.Status.PASS), count(checks, VerdictCheck.Status.FAIL),
                count(checks, VerdictCheck.Status.NEW)));
        return out.toString();
    }

    public static String json(List<String> manifests, List<VerdictCheck> checks) {
        StringBuilder out = new StringBuilder();
        JsonWriter json = new JsonWriter(out, true);
        json.beginObject();
        json.key("manifests").beginArray();
        manifests.forEach(json::value);
        json.endArray();
        json.key("results").beginArray();
        for (VerdictCheck check : checks) {
            json.beginObject()
                    .field("capture", check.capture())
                    .field("status", check.status().name().toLowerCase(Locale.ROOT))
                    .field("exit", check.exitCode());
            json.key("kinds").beginArray();
            new TreeSet<>(check.kinds()).forEach(json::value);
            json.endArray();
            json.key("mtu").valueOrNull(check.mtu());
            json.key("mismatches").beginArray();
            check.mismatches().forEach(json::value);
            json.endArray();
            json.key("suggestion").value(check.suggestion());
            json.endObject();
        }
        json.endArray();
        json.field("passed", count(checks, VerdictCheck.Status.PASS))
                .field("failed", count(checks, VerdictCheck.Status.FAIL))
                .field("new", count(checks, VerdictCheck.Status.NEW));
        json.endObject();
        return out.append('\n').toString();
    }

    private static long count(List<VerdictCheck> checks, VerdictCheck.Status status) {
        return checks.stream().filter(check -> check.status() == status).count();
    }
}
