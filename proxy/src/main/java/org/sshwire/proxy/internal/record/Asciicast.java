package org.sshwire.proxy.internal.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A terminal session as an asciicast v2 file (asciinema's format): a header line
 * {@code {"version": 2, "width": W, "height": H, "timestamp": T, "env": {...}}}, then one line per
 * event, {@code [seconds, "o", text]} for output and {@code [seconds, "i", text]} for input, written
 * as the session runs. Bytes are decoded as UTF-8 across chunk boundaries (a character split
 * between two packets is written whole), malformed bytes as U+FFFD, as asciinema records them.
 */
final class Asciicast implements AutoCloseable {
    private final RotatingFile file;
    private final long startNanos = System.nanoTime();
    private final CharsetDecoder output = decoder();
    private final CharsetDecoder input = decoder();
    private final ByteBuffer outputCarry = ByteBuffer.allocate(8);
    private final ByteBuffer inputCarry = ByteBuffer.allocate(8);

    Asciicast(Path path, long maxBytes, int keep, long width, long height, String term, String title) throws IOException {
        long timestamp = System.currentTimeMillis() / 1000;
        Json env = new Json().put("TERM", term).put("SHELL", "/bin/sh");
        String header = new Json().put("version", 2).put("width", width).put("height", height)
                .put("timestamp", timestamp).put("title", title).put("env", env).toString();
        this.file = new RotatingFile(path, maxBytes, keep, () -> header);
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    void output(byte[] data) throws IOException {
        event("o", decode(output, outputCarry, data));
    }

    void input(byte[] data) throws IOException {
        event("i", decode(input, inputCarry, data));
    }

    /** A resize, as asciicast v2's "r" event ({@code COLSxROWS}); players without it ignore it. */
    void resize(long width, long height) throws IOException {
        event("r", width + "x" + height);
    }

    private synchronized String decode(CharsetDecoder d, ByteBuffer carry, byte[] data) {
        ByteBuffer in = ByteBuffer.allocate(carry.position() + data.length);
        carry.flip();
        in.put(carry).put(data).flip();
        carry.clear();
        CharBuffer out = CharBuffer.allocate(data.length + 8);
        d.decode(in, out, false);
        // What is left is the start of a character whose end is in the next chunk (at most 3 bytes).
        if (in.remaining() <= 3) {
            carry.put(in);
        }
        return out.flip().toString();
    }

    private void event(String code, String text) throws IOException {
        if (text.isEmpty()) {
            return;
        }
        double t = (System.nanoTime() - startNanos) / 1e9;
        StringBuilder b = new StringBuilder("[").append(String.format(java.util.Locale.ROOT, "%.6f", t)).append(", ");
        Json.value(b, code);
        b.append(", ");
        Json.value(b, text);
        file.line(b.append(']').toString());
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
