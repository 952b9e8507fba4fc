package org.mtudoctor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mtudoctor.testing.Json;

/** The report's JSON writer, checked by the text it writes and by what a JSON parser reads back. */
class JsonWriterTest {

    private static String compact(Consumer<JsonWriter> writes) {
        StringBuilder out = new StringBuilder();
        writes.accept(new JsonWriter(out, false));
        return out.toString();
    }

    private static String pretty(Consumer<JsonWriter> writes) {
        StringBuilder out = new StringBuilder();
        writes.accept(new JsonWriter(out, true));
        return out.toString();
    }

    /** The string as a JSON value, compact. */
    private static String written(String text) {
        return compact(json -> json.value(text));
    }

    private static void assertRoundTrip(String text) {
        String json = written(text);
        assertEquals(text, Json.parse(json), json);
        assertTrue(json.chars().noneMatch(c -> c < 0x20), "a raw control character in " + json);
        // A key is written by the same rule.
        assertEquals(Map.of(text, 1L), Json.parse(compact(writer -> writer.beginObject().field(text, 1).endObject())));
    }

    @Test
    void escapesQuotesAndBackslashes() {
        assertEquals("\"say \\\"hi\\\" to C:\\\\temp\"", written("say \"hi\" to C:\\temp"));
        assertRoundTrip("say \"hi\" to C:\\temp\\");
    }

    @Test
    void writesNewlineCarriageReturnAndTabShort() {
        assertEquals("\"a\\nb\\rc\\td\"", written("a\nb\rc\td"));
    }

    @Test
    void writesTheOtherControlCharactersAsUnicodeEscapes() {
        assertEquals("\"\\u0000\"", written("\u0000"));
        assertEquals("\"\\u0008\\u000c\"", written("\b\f"));
        assertEquals("\"\\u001f\"", written("\u001f"));
        assertEquals("\"\\u007f\"", written("\u007f"));
    }

    @Test
    void everyControlCharacterReadsBack() {
        for (char c = 0; c < 0x20; c++) {
            assertRoundTrip("<" + c + ">");
        }
        assertRoundTrip("\u007f");
    }

    /** JSON allows the line and paragraph separators raw (RFC 8259); the writer leaves them so. */
    @ParameterizedTest
    @ValueSource(strings = {"\u2028", "\u2029"})
    void lineAndParagraphSeparatorsReadBack(String separator) {
        assertEquals("\"" + separator + "\"", written(separator));
        assertRoundTrip("a" + separator + "b");
    }

    @Test
    void writesNonAsciiAsItIs() {
        String text = "Zürich 東京 \uD83D\uDE80";       // a rocket: a surrogate pair
        assertEquals("\"" + text + "\"", written(text));
        assertRoundTrip(text);
    }

    @Test
    void escapesLoneSurrogatesSoTheOutputIsValidUtf16() {
        assertEquals("\"\\ud83dx\"", written("\uD83Dx"));
        assertEquals("\"x\\ude80\"", written("x\uDE80"));
        assertEquals("\"\\ude80\\ud83d\"", written("\uDE80\uD83D"));  // a pair the wrong way round
        assertEquals("\"\\ud83d\"", written("\uD83D"));                  // cut at the end
        assertRoundTrip("\uDE80\uD83D");
    }

    @Test
    void writesNumbersBooleansAndNull() {
        assertEquals("[0,-1,9223372036854775807,-9223372036854775808,true,false,null,null,null,0,7]",
                compact(json -> json.beginArray()
                        .value(0).value(-1).value(Long.MAX_VALUE).value(Long.MIN_VALUE)
                        .value(true).value(false)
                        .nullValue().value((String) null).valueOrNull(-1).valueOrNull(0).valueOrNull(7)
                        .endArray()));
        assertEquals(Arrays.asList(Long.MAX_VALUE, Long.MIN_VALUE, null),
                Json.parse(compact(json -> json.beginArray().value(Long.MAX_VALUE).value(Long.MIN_VALUE)
                        .valueOrNull(-5).endArray())));
    }

    private static void nested(JsonWriter json) {
        json.beginObject()
                .field("name", "eth0")
                .field("mtu", 1500)
                .field("up", true)
                .key("flows").beginArray()
                .beginObject().field("port", 80).key("tags").beginArray().endArray().endObject()
                .beginArray().beginArray().endArray().endArray()
                .endArray()
                .key("empty").beginObject().endObject()
                .endObject();
    }

    @Test
    void nestsCompactOnOneLine() {
        assertEquals("{\"name\":\"eth0\",\"mtu\":1500,\"up\":true,\"flows\":[{\"port\":80,\"tags\":[]},[[]]],"
                + "\"empty\":{}}", compact(JsonWriterTest::nested));
    }

    @Test
    void nestsPrettyWithTwoSpaces() {
        assertEquals("""
                {
                  "name": "eth0",
                  "mtu": 1500,
                  "up": true,
                  "flows": [
                    {
                      "port": 80,
                      "tags": []
                    },
                    [
                      []
                    ]
                  ],
                  "empty": {}
                }""", pretty(JsonWriterTest::nested));
    }

    @Test
    void bothFormsReadBackAsTheSameDocument() {
        Map<String, Object> port = new LinkedHashMap<>();
        port.put("port", 80L);
        port.put("tags", List.of());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "eth0");
        expected.put("mtu", 1500L);
        expected.put("up", true);
        expected.put("flows", List.of(port, List.of(new ArrayList<>())));
        expected.put("empty", Map.of());
        assertEquals(expected, Json.parse(compact(JsonWriterTest::nested)));
        assertEquals(expected, Json.parse(pretty(JsonWriterTest::nested)));
        assertFalse(compact(JsonWriterTest::nested).contains("\n"));
    }
}
