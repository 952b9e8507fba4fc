package org.mtudoctor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CheckReportTest {

    @Test
    void junitXmlCarriesNoCharacterXmlCannot() {
        // A capture's name can hold control characters, which XML 1.0 cannot carry even escaped.
        assertEquals("a\uFFFDb\tc\n\uFFFD", CheckReport.xmlText("a\u0001b\tc\n\u001b"));
        assertEquals("plain", CheckReport.xmlText("plain"));
    }
}
