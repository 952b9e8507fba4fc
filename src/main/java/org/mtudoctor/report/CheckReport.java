package org.mtudoctor.report;

import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** The pass/fail table of {@code mtudoctor check}, as text, JSON or JUnit XML. */
public final class CheckReport {
    private CheckReport() {
    }

    /** The checks of one manifest (a folder's verdicts.txt, or a manifest file given), in its order. */
    public record Suite(String manifest, List<VerdictCheck> checks) {
    }

    /**
     * JUnit XML, as Ant's junit task wrote it and Jenkins, GitLab and GitHub Actions read it: a
     * testsuite per manifest, a testcase per capture (its path as the name), a failure for each
     * capture that did not get its verdict (the mismatches as its message) or has none (NEW), and
     * the verdict now, with the manifest line that says it, in system-out.
     */
    public static String junit(List<Suite> suites) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            List<VerdictCheck> all = suites.stream().flatMap(suite -> suite.checks().stream()).toList();
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "mtudoctor check");
            counts(xml, all);
            String timestamp = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString();
            for (Suite suite : suites) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testsuite");
                xml.writeAttribute("name", xmlText(suite.manifest()));
                counts(xml, suite.checks());
                xml.writeAttribute("skipped", "0");
                xml.writeAttribute("timestamp", timestamp);
                String className = xmlText(suite.manifest()).replace('.', '_');
                for (VerdictCheck check : suite.checks()) {
                    xml.writeCharacters("\n    ");
                    xml.writeStartElement("testcase");
                    xml.writeAttribute("name", xmlText(check.capture()));
                    xml.writeAttribute("classname", className);
                    xml.writeAttribute("time", seconds(check.nanos()));
                    if (check.status() != VerdictCheck.Status.PASS) {
                        String message = check.status() == VerdictCheck.Status.NEW ? "no expected verdict"
                                : String.join("; ", check.mismatches());
                        xml.writeCharacters("\n      ");
                        xml.writeStartElement("failure");
                        xml.writeAttribute("message", xmlText(message));
                        xml.writeAttribute("type", check.status() == VerdictCheck.Status.NEW ? "new" : "verdict");
                        xml.writeCharacters(xmlText(message));
                        xml.writeEndElement();
                    }
                    xml.writeCharacters("\n      ");
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(xmlText(systemOut(check)));
                    xml.writeEndElement();
                    xml.writeCharacters("\n    ");
                    xml.writeEndElement();
                }
                xml.writeCharacters("\n  ");
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing JUnit XML to a string", e);
        }
        return text.append('\n').toString();
    }

    private static void counts(XMLStreamWriter xml, List<VerdictCheck> checks) throws XMLStreamException {
        xml.writeAttribute("tests", Integer.toString(checks.size()));
        xml.writeAttribute("failures", Long.toString(checks.size() - count(checks, VerdictCheck.Status.PASS)));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("time", seconds(checks.stream().mapToLong(VerdictCheck::nanos).sum()));
    }

    /** What mtudoctor says now, and the manifest line that says it when there is one. */
    private static String systemOut(VerdictCheck check) {
        String now = "exit " + check.exitCode() + ", mtu " + VerdictCheck.mtuText(check.mtu()) + ", "
                + (check.kinds().isEmpty() ? "no findings" : "kinds " + String.join(" ", new TreeSet<>(check.kinds())));
        return check.suggestion() == null ? now + "\n" : now + "\nverdicts.txt line: " + check.suggestion() + "\n";
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    /** XML 1.0 cannot carry most control characters, even escaped: each becomes U+FFFD. */
    static String xmlText(String text) {
        StringBuilder clean = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = c >= 0x20 ? c != 0xFFFE && c != 0xFFFF : c == '\t' || c == '\n' || c == '\r';
            if (!allowed && clean == null) {
                clean = new StringBuilder(text.substring(0, i));
            }
            if (clean != null) {
                clean.append(allowed ? c : '\uFFFD');
            }
        }
        return clean == null ? text : clean.toString();
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
