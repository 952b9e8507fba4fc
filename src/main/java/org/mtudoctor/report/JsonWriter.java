package org.mtudoctor.report;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small streaming JSON writer: objects, arrays, strings, numbers, booleans, null. Pretty
 * (two-space indent) for reports, or compact on one line for JSON Lines. Keys are written in
 * call order, so output is as deterministic as the caller.
 */
final class JsonWriter {

    private final StringBuilder out;
    private final boolean pretty;
    /** Per open container: true while it is still empty. */
    private final Deque<Boolean> empty = new ArrayDeque<>();
    private boolean afterKey;

    JsonWriter(StringBuilder out, boolean pretty) {
        this.out = out;
        this.pretty = pretty;
    }

    JsonWriter beginObject() {
        return open('{');
    }

    JsonWriter endObject() {
        return close('}');
    }

    JsonWriter beginArray() {
        return open('[');
    }

    JsonWriter endArray() {
        return close(']');
    }

    JsonWriter key(String name) {
        separate();
        string(name);
        out.append(pretty ? ": " : ":");
        afterKey = true;
        return this;
    }

    JsonWriter value(String text) {
        if (text == null) {
            return nullValue();
        }
        separate();
        string(text);
        return this;
    }

    JsonWriter value(long number) {
        separate();
        out.append(number);
        return this;
    }

    JsonWriter value(boolean flag) {
        separate();
        out.append(flag);
        return this;
    }

    JsonWriter nullValue() {
        separate();
        out.append("null");
        return this;
    }

    /** A number, or null when {@code number} is negative (the "unknown" of the model). */
    JsonWriter valueOrNull(long number) {
        return number < 0 ? nullValue() : value(number);
    }

    JsonWriter field(String name, String text) {
        return key(name).value(text);
    }

    JsonWriter field(String name, long number) {
        return key(name).value(number);
    }

    JsonWriter field(String name, boolean flag) {
        return key(name).value(flag);
    }

    private JsonWriter open(char bracket) {
        separate();
        out.append(bracket);
        empty.push(true);
        return this;
    }

    private JsonWriter close(char bracket) {
        boolean wasEmpty = empty.pop();
        if (!wasEmpty) {
            newline();
        }
        out.append(bracket);
        return this;
    }

    /** Comma and indentation before a key or a value in a container; nothing after a key. */
    private void separate() {
        if (afterKey) {
            afterKey = false;
            return;
        }
        if (empty.isEmpty()) {
            return;
        }
        if (!empty.peek()) {
            out.append(',');
        }
        empty.pop();
        empty.push(false);
        newline();
    }

    private void newline() {
        if (pretty) {
            out.append('\n');
            out.append("  ".repeat(empty.size()));
        }
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F || Character.isSurrogate(c) && !validSurrogate(text, i)) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean validSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
