package org.sshwire.cli;

/** A minimal streaming JSON writer (RFC 8259) for the command's machine-readable output. */
final class JsonWriter {
    private final StringBuilder b = new StringBuilder();
    private boolean needComma;

    JsonWriter beginObject() {
        separator();
        b.append('{');
        needComma = false;
        return this;
    }

    JsonWriter endObject() {
        b.append('}');
        needComma = true;
        return this;
    }

    JsonWriter beginArray() {
        separator();
        b.append('[');
        needComma = false;
        return this;
    }

    JsonWriter endArray() {
        b.append(']');
        needComma = true;
        return this;
    }

    JsonWriter name(String n) {
        separator();
        string(n);
        b.append(':');
        needComma = false;
        return this;
    }

    JsonWriter value(String v) {
        separator();
        if (v == null) {
            b.append("null");
        } else {
            string(v);
        }
        needComma = true;
        return this;
    }

    JsonWriter value(boolean v) {
        separator();
        b.append(v);
        needComma = true;
        return this;
    }

    JsonWriter value(long v) {
        separator();
        b.append(v);
        needComma = true;
        return this;
    }

    private void separator() {
        if (needComma) {
            b.append(',');
        }
    }

    private void string(String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
