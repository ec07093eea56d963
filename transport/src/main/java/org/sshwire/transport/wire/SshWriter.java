package org.sshwire.transport.wire;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the SSH data types of RFC 4251 §5 into a growing buffer.
 *
 * <pre>{@code
 * Bytes b = new SshWriter().writeByte(5).writeUtf8("ssh-userauth").toBytes();
 * }</pre>
 */
public final class SshWriter {
    private byte[] buf;
    private int pos;

    public SshWriter() {
        this(64);
    }

    /** True once {@link #toBytes} handed out a view of {@code buf}. */
    private boolean shared;

    public SshWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        int need = pos + extra;
        if (need < 0) {
            throw new IllegalStateException("SSH message too large");
        }
        unshare();
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    public SshWriter writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
        return this;
    }

    public SshWriter writeBoolean(boolean b) {
        return writeByte(b ? 1 : 0);
    }

    /** Writes the low 32 bits of {@code v}, big-endian. */
    public SshWriter writeUint32(long v) {
        ensure(4);
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
        pos += 4;
        return this;
    }

    public SshWriter writeUint64(long v) {
        writeUint32(v >>> 32);
        return writeUint32(v);
    }

    public SshWriter writeRaw(byte[] b) {
        return writeRaw(b, 0, b.length);
    }

    public SshWriter writeRaw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
        return this;
    }

    public SshWriter writeRaw(Bytes b) {
        ensure(b.length());
        b.copyTo(buf, pos);
        pos += b.length();
        return this;
    }

    /** {@code string}: uint32 length then the bytes. */
    public SshWriter writeString(byte[] b) {
        writeUint32(b.length);
        return writeRaw(b);
    }

    public SshWriter writeString(Bytes b) {
        writeUint32(b.length());
        return writeRaw(b);
    }

    /** {@code string} holding UTF-8 text (RFC 4251 §5: ISO-10646 UTF-8). */
    public SshWriter writeUtf8(String s) {
        return writeString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code mpint}: minimal two's complement, zero as the empty string (RFC 4251 §5). */
    public SshWriter writeMpint(BigInteger v) {
        if (v.signum() == 0) {
            return writeUint32(0);
        }
        return writeString(v.toByteArray()); // toByteArray is already minimal two's complement
    }

    /**
     * {@code mpint} of a non-negative number given as unsigned big-endian bytes, without going
     * through BigInteger (shared secrets from X25519 are encoded this way, RFC 8731 §3.1).
     */
    public SshWriter writeMpintUnsigned(byte[] magnitude) {
        int i = 0;
        while (i < magnitude.length && magnitude[i] == 0) {
            i++;
        }
        int len = magnitude.length - i;
        boolean pad = len > 0 && (magnitude[i] & 0x80) != 0;
        writeUint32(len + (pad ? 1 : 0));
        if (pad) {
            writeByte(0);
        }
        return writeRaw(magnitude, i, len);
    }

    /** {@code name-list}: comma-separated names in a string; names must be non-empty, comma-free. */
    public SshWriter writeNameList(List<String> names) {
        for (String n : names) {
            if (n.isEmpty() || n.indexOf(',') >= 0) {
                throw new IllegalArgumentException("not a valid name for a name-list: '" + n + "'");
            }
        }
        return writeString(String.join(",", names).getBytes(StandardCharsets.US_ASCII));
    }

    public int size() {
        return pos;
    }

    /** Overwrites a uint32 written earlier at {@code at}. */
    public void patchUint32(int at, long v) {
        if (at < 0 || at + 4 > pos) {
            throw new IndexOutOfBoundsException(at);
        }
        unshare();
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    /**
     * What was written, in an array the caller owns. When the writer's array is exactly full
     * (sized up front, as a 32 KiB SFTP WRITE is) and no {@link #toBytes} view shares it, that
     * array is handed over instead of copied; writing on afterwards moves to a fresh one.
     */
    public byte[] toByteArray() {
        if (pos == buf.length && !shared) {
            shared = true;
            return buf;
        }
        return Arrays.copyOf(buf, pos);
    }

    /**
     * What was written, as a view of this writer's array (no copy: for a 32 KiB CHANNEL_DATA the
     * copy was one of several per packet). Writing on afterwards first moves to a fresh array, so
     * the returned Bytes never changes.
     */
    public Bytes toBytes() {
        shared = true;
        return Bytes.view(buf, 0, pos);
    }

    /** Copy-on-write after {@link #toBytes}: the viewed array must stay as it was. */
    private void unshare() {
        if (shared) {
            buf = buf.clone();
            shared = false;
        }
    }
}
