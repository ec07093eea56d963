package org.sshwire.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A bulk transfer's bytes: one chunk repeated to a length. Sending it is cheap, and checking what
 * came back says more than a digest: how many bytes arrived and where the first wrong one is, so
 * a failure tells truncation from corruption.
 */
record RepeatedChunk(byte[] chunk, long length) {

    void writeTo(OutputStream out) throws IOException {
        for (long n = 0; n < length; n += chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, length - n));
        }
    }

    /** Reads {@code in} to its end; "" if it was exactly this, else what differed. */
    String mismatchIn(InputStream in) {
        byte[] buf = new byte[64 * 1024];
        long received = 0;
        long firstWrong = -1;
        String wrong = "";
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                for (int i = 0; i < n && firstWrong < 0; i++) {
                    long at = received + i;
                    if (at >= length || buf[i] != chunk[(int) (at % chunk.length)]) {
                        firstWrong = at;
                        wrong = at >= length ? " (beyond the end)"
                                : String.format(" (expected %02x, got %02x; a chunk is %d bytes)",
                                        chunk[(int) (at % chunk.length)], buf[i], chunk.length);
                    }
                }
                received += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("after " + received + " bytes", e);
        }
        if (firstWrong < 0 && received == length) {
            return "";
        }
        return "received " + received + " of " + length + " bytes"
                + (firstWrong < 0 ? ", every one right (truncated)" : "; first wrong byte at offset " + firstWrong + wrong);
    }
}
