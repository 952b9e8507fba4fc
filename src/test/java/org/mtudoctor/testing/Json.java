package org.mtudoctor.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON to read a report back: objects become maps (in document order), arrays lists,
 * numbers Long (or Double with a fraction or exponent), and true, false and null themselves.
 * Errors say where the text stopped making sense.
 */
public final class Json {

    private final String text;
    private int position;

    private Json(String text) {
        this.text = text;
    }

    public static Object parse(String text) {
        Json json = new Json(text);
        Object value = json.value();
        json.skipWhitespace();
        if (json.position != text.length()) {
            throw json.error("end of text");
        }
        return value;
    }

    private Object value() {
        skipWhitespace();
        if (position >= text.length()) {
            throw error("a value");
        }
        char first = text.charAt(position);
        return switch (first) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> members = new LinkedHashMap<>();
        position++; // {
        if (consume('}')) {
            return members;
        }
        do {
            skipWhitespace();
            String key = string();
            expect(':');
            members.put(key, value());
        } while (consume(','));
        expect('}');
        return members;
    }

    private List<Object> array() {
        List<Object> elements = new ArrayList<>();
        position++; // [
        if (consume(']')) {
            return elements;
        }
        do {
            elements.add(value());
        } while (consume(','));
        expect(']');
        return elements;
    }

    private String string() {
        if (position >= text.length() || text.charAt(position) != '"') {
            throw error("a string");
        }
        StringBuilder decoded = new StringBuilder();
        position++;
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == '"') {
                return decoded.toString();
            }
            if (c != '\\') {
                decoded.append(c);
                continue;
            }
            if (position >= text.length()) {
                break;
            }
            char escaped = text.charAt(position++);
            switch (escaped) {
                case 'b' -> decoded.append('\b');
                case 'f' -> decoded.append('\f');
                case 'n' -> decoded.append('\n');
                case 'r' -> decoded.append('\r');
                case 't' -> decoded.append('\t');
                case 'u' -> {
                    if (position + 4 > text.length()) {
                        throw error("four hex digits");
                    }
                    decoded.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                    position += 4;
                }
                default -> decoded.append(escaped); // \" \\ \/
            }
        }
        throw error("a closing quote");
    }

    private Object number() {
        int start = position;
        while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0) {
            position++;
        }
        String digits = text.substring(start, position);
        try {
            boolean integral = digits.chars().noneMatch(c -> c == '.' || c == 'e' || c == 'E');
            return integral ? (Object) Long.parseLong(digits) : (Object) Double.parseDouble(digits);
        } catch (NumberFormatException notANumber) {
            position = start;
            throw error("a value");
        }
    }

    private Object literal(String word, Object meaning) {
        if (!text.startsWith(word, position)) {
            throw error("'" + word + "'");
        }
        position += word.length();
        return meaning;
    }

    private boolean consume(char expected) {
        skipWhitespace();
        if (position < text.length() && text.charAt(position) == expected) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(char expected) {
        if (!consume(expected)) {
            throw error("'" + expected + "'");
        }
    }

    private void skipWhitespace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private IllegalArgumentException error(String expected) {
        String found = position < text.length()
                ? "'" + text.substring(position, Math.min(text.length(), position + 20)) + "'"
                : "the end";
        return new IllegalArgumentException("JSON: expected " + expected + " at character " + position
                + ", found " + found);
    }
}
