package org.mtudoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mtudoctor.testing.HtmlPages;
import org.mtudoctor.testing.Prerequisites;
import org.mtudoctor.testing.Slow;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The --html page in a real browser: Debian's headless Chromium, driven by Selenium through
 * Debian's chromedriver (named, so Selenium Manager downloads nothing). The page must draw its
 * plots with no console error and no request beyond itself. Screenshots stay in target/html/ for
 * whoever reads a CI run; {@code -Ddocs.update=true} also writes the README's docs/ screenshot.
 */
@Slow
class HtmlPageTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path KEPT = Path.of("target", "html");

    private static ChromeDriver browser;

    @BeforeAll
    static void startBrowser() {
        Prerequisites.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and its driver (apt-get install chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--allow-file-access-from-files", "--window-size=1200,1800");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1200, 1800));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** The page mtudoctor writes for {@code capture} (with {@code options}), opened; its plots drawn. */
    static Path open(String capture, String name, String... options) throws Exception {
        Files.createDirectories(KEPT);
        Path page = KEPT.resolve(name + ".html").toAbsolutePath();
        List<String> arguments = new ArrayList<>(List.of("--html", page.toString()));
        arguments.addAll(List.of(options));
        arguments.add(capture);
        CliTest.Run run = CliTest.run(arguments.toArray(new String[0]));
        assertTrue(Files.size(page) > 0, run.err());
        browser.manage().logs().get(LogType.BROWSER); // empty the logs of the page before
        browser.manage().logs().get(LogType.PERFORMANCE);
        browser.get(page.toUri().toString());
        awaitPlots();
        return page;
    }

    /** Waits until report.js says the plots are drawn (20 s at most). */
    static void awaitPlots() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"true".equals(((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.dataset.plotsDrawn"))) {
            assertTrue(System.nanoTime() < deadline, "the page's plots were not drawn within 20 s");
            Thread.sleep(50);
        }
    }

    static void screenshot(String name) throws Exception {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, KEPT.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void theSeedsPageDrawsTheResendsAgainstTheMtuLineAndAsksForNothing() throws Exception {
        Path page = open("captures/seed-black-hole.pcap", "seed-black-hole");
        screenshot("seed-black-hole");
        if (Boolean.getBoolean("docs.update")) {
            Files.createDirectories(Path.of("docs"));
            Files.copy(KEPT.resolve("seed-black-hole.png"), Path.of("docs", "seed-black-hole-page.png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }

        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.WARNING.intValue()) {
                errors.add(entry.getLevel() + " " + entry.getMessage());
            }
        }
        assertEquals(List.of(), errors, "the console");

        List<String> requests = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            String message = entry.getMessage();
            if (message.contains("\"Network.requestWillBeSent\"")) {
                int at = message.indexOf("\"url\":\"") + 7;
                requests.add(message.substring(at, message.indexOf('"', at)));
            }
        }
        assertEquals(List.of(page.toUri().toString()), requests, "no request but the page itself");

        assertTrue(browser.findElement(By.id("verdict")).getText().startsWith("PMTU black hole: 10.0.2.1 reports MTU 1396"));
        WebElement plot = browser.findElement(By.cssSelector(".size-plot"));
        WebElement canvas = plot.findElement(By.tagName("canvas"));
        assertTrue(canvas.getSize().getWidth() > 300 && canvas.getSize().getHeight() > 200, "drawn: " + canvas.getSize());
        @SuppressWarnings("unchecked")
        Map<String, Object> marks = (Map<String, Object>) ((JavascriptExecutor) browser)
                .executeScript("return JSON.parse(document.querySelector('.size-plot').dataset.marks)");
        assertEquals(1396L, marks.get("mtuLine"), "the MTU line");
        assertEquals(16L, marks.get("icmp"), "an ICMP mark for each message");
        @SuppressWarnings("unchecked")
        Map<String, Object> resent = (Map<String, Object>) marks.get("resentBySize");
        assertTrue(((Long) resent.getOrDefault("1420", 0L)) >= 5, "the 1420-byte resends: " + resent);
        assertTrue(browser.findElement(By.cssSelector(".sequence-plot canvas")).getSize().getHeight() > 200);
        assertEquals(5, browser.findElements(By.cssSelector("#fix button.copy")).size(), "a copy button per command");
    }

    @Test
    void stringsFromTheCaptureNeverBecomeMarkup() throws Exception {
        // isp's -i any capture with an interface named as a script: it reaches the page in the
        // between-interfaces section, escaped, and runs nothing.
        Files.createDirectories(KEPT);
        Path page = KEPT.resolve("hostile.html").toAbsolutePath();
        String name = "x</pre></script><img/src=x/onerror=document.title='pwned'>";
        CliTest.Run run = CliTest.run("--html", page.toString(), "--ifname", "2=" + name, "captures/seed-isp-any.pcap");
        assertEquals(ExitCode.FINDINGS, run.exitCode(), run.err());
        String html = Files.readString(page);
        assertFalse(html.contains("<img/src=x"), "escaped in the page's words");
        assertFalse(HtmlPages.data(html).contains("<"), "no '<' in the data block");
        browser.get(page.toUri().toString());
        awaitPlots();
        assertFalse(browser.getTitle().contains("pwned"), browser.getTitle());
        assertTrue(browser.findElement(By.cssSelector("section.interfaces")).getText().contains(name), "shown as text");
        screenshot("hostile");
    }

    @Test
    void compareWritesOnePageWithEveryPointsPlots() throws Exception {
        Files.createDirectories(KEPT);
        Path page = KEPT.resolve("compare-seed-ends.html").toAbsolutePath();
        CliTest.Run run = CliTest.run("compare", "--html", page.toString(), "vpn=captures/seed-black-hole-ends.pcap",
                "server=captures/seed-black-hole-ends-server.pcap", "client=captures/seed-black-hole-ends-client.pcap");
        assertEquals(ExitCode.FINDINGS, run.exitCode(), run.err());
        browser.manage().logs().get(LogType.BROWSER);
        browser.get(page.toUri().toString());
        awaitPlots();
        screenshot("compare-seed-ends");
        List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
        assertEquals(List.of(), console.stream().filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage).toList(), "the console");
        assertTrue(browser.findElement(By.id("verdict")).getText().startsWith(
                "ICMP dropped between: ICMP too-big from 10.0.2.1 (MTU 1396) leaves vpn and never reaches server"));
        // A problem at each point (the client's receiver-black-hole, vpn's black hole, the server's
        // silent one), each with its plots, in path order.
        List<String> points = browser.findElements(By.cssSelector("section.point > h2")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("Point client", "Point vpn", "Point server"), points);
        assertEquals(3, browser.findElements(By.cssSelector(".size-plot canvas")).size());
    }

    @Test
    void theSackBlocksAreDrawnWhereTheyHoldDataBeyondTheAck() throws Exception {
        // Linux's fallback from 1420-byte segments: its smaller ones arrive beyond the stuck one.
        open("captures/fallback-probing-1.pcap", "fallback-probing-1");
        Map<String, Object> marks = marks(".sequence-plot");
        assertEquals(21L, marks.get("sacks"), "a bracket per SACK block: " + marks);
        assertTrue(((Long) marks.get("segments")) > 50, marks.toString());
        assertEquals(List.of(), consoleErrors(), "the console");
        screenshot("fallback-probing-1");
    }

    /** Both themes: the reader's system chooses; text and every series stand out from the background. */
    @Test
    void lightAndDarkThemesBothReadAndDraw() throws Exception {
        Map<String, String> backgrounds = new java.util.TreeMap<>();
        for (String scheme : List.of("light", "dark")) {
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "",
                    "features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
            try {
                open("captures/seed-black-hole.pcap", "seed-black-hole-" + scheme);
                screenshot("seed-black-hole-" + scheme);
                @SuppressWarnings("unchecked")
                Map<String, Object> contrast = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(CONTRAST);
                backgrounds.put(scheme, (String) contrast.remove("background"));
                double text = ((Number) contrast.remove("fg")).doubleValue();
                assertTrue(text >= 7, scheme + ": text contrast " + text);
                contrast.forEach((name, ratio) -> assertTrue(((Number) ratio).doubleValue() >= 3,
                        scheme + ": --" + name + " against the background " + ratio));
                assertTrue(browser.findElement(By.cssSelector(".size-plot canvas")).getSize().getHeight() > 200);
                assertEquals(List.of(), consoleErrors(), scheme + ": the console");
            } finally {
                browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "", "features", List.of()));
            }
        }
        assertTrue(!backgrounds.get("light").equals(backgrounds.get("dark")), "two themes: " + backgrounds);
    }

    /** Contrast ratios (WCAG 2) of the page's colours against its background, computed in the page. */
    private static final String CONTRAST = """
            var root = getComputedStyle(document.documentElement), probe = document.createElement('span');
            document.body.appendChild(probe);
            function rgb(value) {
              probe.style.color = value;
              return getComputedStyle(probe).color.match(/[\\d.]+/g).slice(0, 3).map(Number);
            }
            function luminance(c) {
              var l = c.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
              return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
            }
            var background = getComputedStyle(document.body).backgroundColor, bg = luminance(rgb(background));
            var result = { background: background };
            ['fg', 'problem', 'sent', 'resent', 'peer', 'icmp', 'mtu', 'through', 'ack', 'sack'].forEach(function (name) {
              var l = luminance(rgb(root.getPropertyValue('--' + name).trim()));
              result[name] = (Math.max(l, bg) + 0.05) / (Math.min(l, bg) + 0.05);
            });
            probe.remove();
            return result;""";

    @Test
    void printingKeepsThePlotsOnThePage() throws Exception {
        open("captures/seed-black-hole.pcap", "seed-black-hole-print");
        browser.manage().window().setSize(new Dimension(700, 1800));
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            int body = browser.findElement(By.tagName("main")).getRect().getWidth();
            for (WebElement canvas : browser.findElements(By.cssSelector(".plots canvas"))) {
                assertTrue(canvas.isDisplayed() && canvas.getSize().getHeight() > 100, "a plot on paper: " + canvas.getSize());
                assertTrue(canvas.getSize().getWidth() <= body, "within the page: " + canvas.getSize() + " in " + body);
            }
            assertFalse(browser.findElement(By.cssSelector("button.copy")).isDisplayed(), "no buttons on paper");
            byte[] pdf = java.util.Base64.getDecoder().decode(browser.print(new org.openqa.selenium.print.PrintOptions())
                    .getContent());
            Files.write(KEPT.resolve("seed-black-hole.pdf"), pdf);
            String text = new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("%PDF-"), "a PDF");
            int images = text.split("/Subtype\\s*/Image", -1).length - 1;
            assertTrue(images >= 2, "both plots as images in the PDF: " + images);
        } finally {
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
            browser.manage().window().setSize(new Dimension(1200, 1800));
        }
    }

    @Test
    void theFixCopiesItsCommandAndTheFlowTableSorts() throws Exception {
        // Four captures read as one, for a table of four flows.
        open("captures/seed-black-hole.pcap", "four-flows", "--flows", "captures/two-routers.pcap",
                "captures/mtu-zero.pcap", "captures/silent-black-hole.pcap");
        JavascriptExecutor page = (JavascriptExecutor) browser;
        // The clipboard, as the page's script reaches it, kept in the page for the test to read.
        page.executeScript("window.copied = null; navigator.clipboard.writeText ="
                + " function (text) { window.copied = text; return Promise.resolve(); };");
        WebElement first = browser.findElement(By.cssSelector("#fix .command"));
        first.findElement(By.cssSelector("button.copy")).click();
        assertEquals(first.findElement(By.tagName("code")).getText(), page.executeScript("return window.copied"));
        assertEquals("ip link set dev \"$IFNAME\" mtu 1420", page.executeScript("return window.copied"));
        assertEquals("Copied", first.findElement(By.cssSelector("button.copy")).getText());

        List<WebElement> heads = browser.findElements(By.cssSelector("table.sortable th"));
        int packets = heads.stream().map(WebElement::getText).toList().indexOf("packets");
        heads.get(packets).click();
        List<Long> up = column(packets);
        assertEquals(4, up.size(), "flows: " + up);
        assertEquals(up.stream().sorted().toList(), up, "sorted by packets, up");
        heads.get(packets).click();
        List<Long> down = column(packets);
        assertEquals(up.stream().sorted(java.util.Comparator.reverseOrder()).toList(), down, "again: down");
    }

    private static List<Long> column(int index) {
        return browser.findElements(By.cssSelector("table.sortable tbody tr")).stream()
                .map(row -> Long.parseLong(row.findElements(By.tagName("td")).get(index).getText())).toList();
    }

    @Test
    void scriptsInAPcapngsCommentsAndNamesStayText() throws Exception {
        // The crafted pcapng of the hostile-input tests, its comments and names made scripts.
        Files.createDirectories(KEPT);
        String script = "</script><script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">";
        String[] text = new String[7];
        for (int i = 0; i < text.length; i++) {
            text[i] = i + script;
        }
        String capture = HostileCaptures.seedWithText(KEPT.resolve("hostile-comments.pcapng"), text);
        Path page = open(capture, "hostile-comments");
        String html = Files.readString(page);
        assertFalse(html.contains("<script>document.title") || html.contains("<img src=x"), "no markup from the capture");
        assertFalse(HtmlPages.data(html).contains("<"), "no '<' in the data block");
        assertFalse(browser.getTitle().contains("pwned"), browser.getTitle());
        assertTrue(browser.findElement(By.id("verdict")).getText().startsWith("PMTU black hole"), "the analysis is kept");
        assertEquals(List.of(), consoleErrors(), "the console");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> marks(String plot) {
        return (Map<String, Object>) ((JavascriptExecutor) browser)
                .executeScript("return JSON.parse(document.querySelector('" + plot + "').dataset.marks)");
    }

    private static List<String> consoleErrors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(entry -> entry.getLevel() + " " + entry.getMessage()).toList();
    }
}
