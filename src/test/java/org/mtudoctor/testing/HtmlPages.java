package org.mtudoctor.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading back what an --html page embeds. */
public final class HtmlPages {

    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"mtudoctor-data\">\\n(.*?)</script>", Pattern.DOTALL);

    private HtmlPages() {
    }

    /** The page's data block, as written (JSON with '<', '>' and '&' as \\u escapes). */
    public static String data(String page) {
        Matcher data = DATA.matcher(page);
        if (!data.find()) {
            throw new AssertionError("no mtudoctor-data block in the page");
        }
        return data.group(1);
    }
}
