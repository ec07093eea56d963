package org.sshwire.auth.internal.agent;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.sshwire.transport.wire.Bytes;

/**
 * The agent protocol's framing (draft-miller-ssh-agent §3): {@code uint32 length || message}.
 * A length above {@link #MAX_MESSAGE} (OpenSSH's AGENT_MAX_LEN, 256 KiB) or of zero ends the
 * connection before anything is allocated for it.
 */
public final class AgentFraming {
    /** ssh-agent's AGENT_MAX_LEN; ssh's client side uses the same bound. */
    public static final int MAX_MESSAGE = 256 * 1024;

    private AgentFraming() {
    }

    /** The next message, or null at a clean end of stream before its first byte. */
    public static Bytes read(InputStream in) throws IOException {
        byte[] len = new byte[4];
        int got = in.readNBytes(len, 0, 4);
        if (got == 0) {
            return null;
        }
        if (got < 4) {
            throw new EOFException("agent connection closed inside a message length");
        }
        long n = ((len[0] & 0xffL) << 24) | ((len[1] & 0xff) << 16) | ((len[2] & 0xff) << 8) | (len[3] & 0xff);
        if (n == 0 || n > MAX_MESSAGE) {
            throw new IOException("agent message length " + n + " outside 1.." + MAX_MESSAGE);
        }
        byte[] body = in.readNBytes((int) n);
        if (body.length < n) {
            throw new EOFException("agent connection closed inside a message");
        }
        return Bytes.wrap(body);
    }

    /** Writes one framed message and flushes. */
    public static void write(OutputStream out, Bytes message) throws IOException {
        if (message.length() > MAX_MESSAGE) {
            throw new IOException("agent message of " + message.length() + " bytes exceeds " + MAX_MESSAGE);
        }
        int n = message.length();
        byte[] frame = new byte[4 + n];
        frame[0] = (byte) (n >>> 24);
        frame[1] = (byte) (n >>> 16);
        frame[2] = (byte) (n >>> 8);
        frame[3] = (byte) n;
        message.copyTo(frame, 4);
        out.write(frame);
        out.flush();
    }
}
