package org.sshwire.transport.wire;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the SSH data types of RFC 4251 §5 from a byte range.
 *
 * <p>Strict by default: non-minimal mpints, invalid UTF-8, booleans other than 0/1, empty names
 * in a name-list and non-ASCII names are errors. {@link #lenient()} relaxes those checks for
 * research; lengths are always checked against what remains before anything is allocated.
 *
 * <pre>{@code
 * SshReader r = new SshReader(payload);
 * int msg = r.readByte();
 * String service = r.readUtf8();
 * r.expectEnd();
 * }</pre>
 */
public final class SshReader {
    private final byte[] buf;
    private final int end;
    private final int start;
    private int pos;
    private boolean lenient;
    /** Reading an immutable {@link Bytes}: strings come out as views of it, not copies. */
    private final boolean immutable;

    public SshReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public SshReader(byte[] buf, int off, int len) {
        this(buf, off, len, false);
    }

    private SshReader(byte[] buf, int off, int len, boolean immutable) {
        this.immutable = immutable;
        if (off < 0 || len < 0 || off + len > buf.length || off + len < 0) {
            throw new IndexOutOfBoundsException("bad range " + off + "+" + len);
        }
        this.buf = buf;
        this.start = off;
        this.pos = off;
        this.end = off + len;
    }

    /** Reads {@code bytes} in place (no copy; they are immutable). */
    public SshReader(Bytes bytes) {
        this(bytes.array(), bytes.offset(), bytes.length(), true);
    }

    /** The caller's array may change after we return: copy it, unless it is an immutable Bytes. */
    private Bytes bytes(int from, int n) {
        return immutable ? Bytes.view(buf, from, n) : Bytes.of(buf, from, n);
    }

    /** Accept non-canonical encodings (see class comment); returns {@code this}. */
    public SshReader lenient() {
        this.lenient = true;
        return this;
    }

    public boolean isLenient() {
        return lenient;
    }

    /** Offset of the next byte, relative to the start of the range. */
    public int position() {
        return pos - start;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    private WireFormatException error(String reason) {
        return new WireFormatException(pos - start, reason);
    }

    private void need(long n, String what) {
        if (n > end - pos) {
            throw error(what + " needs " + n + " bytes but only " + (end - pos) + " remain");
        }
    }

    public int readByte() {
        need(1, "byte");
        return buf[pos++] & 0xff;
    }

    public boolean readBoolean() {
        int b = readByte();
        if (b > 1 && !lenient) {
            pos--;
            throw error("boolean must be 0 or 1, was " + b);
        }
        return b != 0;
    }

    /** A uint32 as a non-negative long. */
    public long readUint32() {
        need(4, "uint32");
        long v = ((buf[pos] & 0xffL) << 24) | ((buf[pos + 1] & 0xff) << 16)
                | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    /** A uint32 that must fit in an int (counts, lengths, ids used as indices). */
    public int readUint32AsInt(String what) {
        long v = readUint32();
        if (v > Integer.MAX_VALUE) {
            pos -= 4;
            throw error(what + " too large: " + v);
        }
        return (int) v;
    }

    /** A uint64, as the long with the same bits. */
    public long readUint64() {
        return (readUint32() << 32) | readUint32();
    }

    private int readLength(String what) {
        int at = pos;
        long len = readUint32();
        if (len > end - pos) {
            pos = at;
            throw error(what + " length " + len + " exceeds the " + (end - at - 4) + " bytes remaining");
        }
        return (int) len;
    }

    /** {@code string} as bytes; the length is checked against what remains before allocating. */
    public Bytes readString() {
        int len = readLength("string");
        Bytes b = bytes(pos, len);
        pos += len;
        return b;
    }

    /** {@code string} as a fresh array. */
    public byte[] readStringArray() {
        int len = readLength("string");
        byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return b;
    }

    /** Skips a {@code string} and returns its length. */
    public int skipString() {
        int len = readLength("string");
        pos += len;
        return len;
    }

    /** {@code string} decoded as UTF-8; strict mode rejects malformed sequences. */
    public String readUtf8() {
        int at = pos;
        int len = readLength("string");
        int off = pos;
        pos += len;
        if (lenient) {
            return new String(buf, off, len, StandardCharsets.UTF_8);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, off, len)).toString();
        } catch (CharacterCodingException e) {
            pos = at;
            throw error("string is not valid UTF-8");
        }
    }

    /** {@code mpint}; strict mode rejects non-minimal encodings (RFC 4251 §5). */
    public BigInteger readMpint() {
        int at = pos;
        int len = readLength("mpint");
        if (len == 0) {
            return BigInteger.ZERO;
        }
        if (!lenient && len > 1) {
            byte b0 = buf[pos];
            byte b1 = buf[pos + 1];
            if ((b0 == 0 && b1 >= 0) || (b0 == (byte) 0xff && b1 < 0)) {
                pos = at;
                throw error("mpint is not minimally encoded");
            }
        }
        if (!lenient && len == 1 && buf[pos] == 0) {
            pos = at;
            throw error("mpint zero must be the empty string");
        }
        BigInteger v = new BigInteger(buf, pos, len);
        pos += len;
        return v;
    }

    /** {@code mpint} that must be non-negative. */
    public BigInteger readPositiveMpint() {
        int at = pos;
        BigInteger v = readMpint();
        if (v.signum() < 0) {
            pos = at;
            throw error("mpint must not be negative");
        }
        return v;
    }

    /**
     * {@code name-list}. Strict mode rejects empty names and non-printable-ASCII names
     * (RFC 4251 §5); lenient mode drops empty names.
     */
    public List<String> readNameList() {
        return readNameList(lenient);
    }

    /**
     * {@code name-list} that drops empty names (a trailing or doubled comma) even in strict mode,
     * for messages where peers are known to send them (KEXINIT); other checks stay strict.
     */
    public List<String> readNameListDroppingEmpty() {
        return readNameList(true);
    }

    private List<String> readNameList(boolean dropEmpty) {
        int at = pos;
        int len = readLength("name-list");
        int off = pos;
        pos += len;
        List<String> names = new ArrayList<>();
        if (len == 0) {
            return names;
        }
        int from = off;
        for (int i = off; i <= off + len; i++) {
            if (i == off + len || buf[i] == ',') {
                if (i == from) {
                    if (!dropEmpty) {
                        pos = at;
                        throw error("name-list contains an empty name");
                    }
                } else {
                    names.add(new String(buf, from, i - from, StandardCharsets.ISO_8859_1));
                }
                from = i + 1;
            } else if (!lenient && (buf[i] < 0x21 || buf[i] > 0x7e)) {
                pos = at;
                throw error("name-list contains a byte outside printable US-ASCII");
            }
        }
        return names;
    }

    /** The remaining bytes, consuming them. */
    public Bytes readRest() {
        Bytes b = bytes(pos, end - pos);
        pos = end;
        return b;
    }

    /** Exactly {@code n} raw bytes. */
    public Bytes readRaw(int n) {
        if (n < 0) {
            throw error("negative length");
        }
        need(n, "raw bytes");
        Bytes b = bytes(pos, n);
        pos += n;
        return b;
    }

    /** Strict mode: no bytes may follow the message. Lenient mode ignores trailing bytes. */
    public void expectEnd() {
        if (pos != end && !lenient) {
            throw error((end - pos) + " unexpected trailing bytes");
        }
    }
}
