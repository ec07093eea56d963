package org.sshwire.auth.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.WireFormatException;

/**
 * Bounds on every peer-controlled length and count in the authentication protocol (DESIGN §6),
 * and readers that check a length field against its bound before anything is allocated.
 */
public final class WireLimits {
    /** User, service and method names: OpenSSH's are far shorter. */
    static final int MAX_NAME = 256;
    /** Passwords, responses and prompts. */
    static final int MAX_SECRET = 4096;
    /** Free text: banners, instructions, prompts. */
    static final int MAX_TEXT = 16 * 1024;
    /** Public-key blobs (a 16384-bit RSA key is about 2 KiB; certificates carry more). */
    static final int MAX_KEY_BLOB = 16 * 1024;
    /** Signature blobs. */
    static final int MAX_SIGNATURE = 4096;
    /** RFC 4256 §3.2 prompts per INFO_REQUEST (OpenSSH's client allows 256). */
    public static final int MAX_PROMPTS = 64;
    /** Method names in one USERAUTH_FAILURE. */
    static final int MAX_METHOD_LIST = 1024;

    private WireLimits() {
    }

    /** Reads a string length and checks it against {@code max} before reading the bytes. */
    static Bytes string(SshReader r, int max, String what) {
        int at = r.position();
        long len = r.readUint32();
        if (len > max) {
            throw new WireFormatException(at, what + " of " + len + " bytes exceeds the limit of " + max);
        }
        return r.readRaw((int) len);
    }

    /** A bounded string decoded as strict UTF-8 (RFC 4252 §5: ISO-10646 UTF-8). */
    static String utf8(SshReader r, int max, String what) {
        int at = r.position();
        Bytes b = string(r, max, what);
        byte[] raw = b.toArray();
        if (isAscii(raw)) {
            return new String(raw, StandardCharsets.US_ASCII); // what nearly every name is; no decoder needed
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new WireFormatException(at, what + " is not valid UTF-8");
        }
    }

    private static boolean isAscii(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return false;
            }
        }
        return true;
    }

    /** A bounded name-list of printable US-ASCII names (RFC 4251 §5); empty names are dropped. */
    static List<String> nameList(SshReader r, int max, String what) {
        int at = r.position();
        Bytes b = string(r, max, what);
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i <= b.length(); i++) {
            if (i == b.length() || b.get(i) == ',') {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                continue;
            }
            int c = b.get(i) & 0xff;
            if (c < 0x21 || c > 0x7e) {
                throw new WireFormatException(at, what + " contains a byte outside printable US-ASCII");
            }
            cur.append((char) c);
        }
        return out;
    }

    /** A count, checked against {@code max} and against the bytes left (each item needs {@code minItemBytes}). */
    static int count(SshReader r, int max, int minItemBytes, String what) {
        int at = r.position();
        long n = r.readUint32();
        if (n > max || n * minItemBytes > r.remaining()) {
            throw new WireFormatException(at, what + " count " + n + " exceeds the limit of " + max + " or the message");
        }
        return (int) n;
    }
}
