package org.mtudoctor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mtudoctor.analysis.Analysis;
import org.mtudoctor.analysis.Analyzer;
import org.mtudoctor.analysis.Settings;
import org.mtudoctor.testing.HtmlPages;

/** The page's words and data, without a browser (HtmlPageTest opens it in one). */
class HtmlReportTest {

    private static final Analyzer ANALYZER = new Analyzer(new Settings(Settings.defaultMaxFlows(), 60, false, false, false));

    private static Analysis seed() {
        return ANALYZER.analyze(List.of("captures/seed-black-hole.pcap")).analysis();
    }

    @Test
    void withoutPacketsAProblemSaysWhyItHasNoPlot() {
        // live without -w: nothing to draw from, and the page says how to get the plots.
        Analysis analysis = seed();
        String page = HtmlReport.render(analysis, null, null);
        assertTrue(page.contains("<p class=\"no-plot\">No plot: the capture kept no packets"), page);
        assertFalse(page.contains("<div class=\"plots\""), "no place for a plot");
        assertTrue(HtmlPages.data(page).contains("\"plots\":[]"), HtmlPages.data(page));

        String drawn = HtmlReport.render(analysis, ANALYZER.plots(analysis), null);
        assertFalse(drawn.contains("class=\"no-plot\""));
        assertTrue(drawn.contains("<div class=\"plots\" data-finding=\"0\"></div>"), drawn);
    }

    @Test
    void theVerdictIsTheWorstFindingAndTheMtu() {
        assertEquals("PMTU black hole: 10.0.2.1 reports MTU 1396, but 10.0.3.2 keeps sending 1420-byte packets."
                + " Set MTU 1420.", HtmlReport.verdict(seed().diagnosis()));
    }

    @Test
    void textAndDataCannotOpenMarkup() {
        assertEquals("x&lt;/pre&gt;&lt;script&gt;&amp;&quot;&#39;", HtmlReport.escape("x</pre><script>&\"'"));
        String data = HtmlReport.scriptSafe("{\"name\":\"</script><!--\u2028&\"}");
        assertEquals("{\"name\":\"\\u003c/script\\u003e\\u003c!--\\u2028\\u0026\"}", data);
    }

    @Test
    void kindsReadAsTitles() {
        assertEquals("PMTU black hole", HtmlReport.title("pmtu-black-hole"));
        assertEquals("Silent black hole", HtmlReport.title("silent-black-hole"));
        assertEquals("MSS raised in path", HtmlReport.title("mss-raised-in-path"));
    }
}
