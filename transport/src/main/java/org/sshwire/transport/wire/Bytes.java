package org.sshwire.transport.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable sequence of bytes with value equality, for use in records.
 *
 * <p>{@link #equals} runs in time that depends only on the lengths, so comparing MACs, tags or
 * secrets through it leaks nothing about where they differ.
 *
 * <pre>{@code
 * Bytes tag = Bytes.fromHex("00ff10");
 * tag.length();      // 3
 * tag.toString();    // "00ff10"
 * }</pre>
 */
public final class Bytes implements Comparable<Bytes> {
    private static final HexFormat HEX = HexFormat.of();

    /** The empty byte sequence. */
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    /**
     * The contents are {@code data[off, off+len)}. A Bytes may be a view into a larger array that
     * no one mutates any more (a decoded packet, a finished writer), so slicing and decoding
     * nested strings cost no copy: a 32 KiB CHANNEL_DATA payload used to be copied four times
     * between the packet buffer and the channel's reader.
     */
    private final byte[] data;
    private final int off;
    private final int len;

    private Bytes(byte[] data) {
        this(data, 0, data.length);
    }

    private Bytes(byte[] data, int off, int len) {
        this.data = data;
        this.off = off;
        this.len = len;
    }

    /**
     * A view of {@code data[off, off+len)} without copying, for this package's decoders and
     * writers whose array is never written again once viewed.
     */
    static Bytes view(byte[] data, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        return len == 0 ? EMPTY : new Bytes(data, off, len);
    }

    /** The backing array; with {@link #offset()}, for this package's zero-copy readers only. */
    byte[] array() {
        return data;
    }

    int offset() {
        return off;
    }

    /** A copy of {@code data}. */
    public static Bytes of(byte... data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    /** A copy of {@code data[off, off+len)}. */
    public static Bytes of(byte[] data, int off, int len) {
        return len == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, off, off + len));
    }

    /** A copy of {@code data}'s bytes at absolute indices {@code [off, off+len)} (heap or direct; the buffer is not moved). */
    public static Bytes of(java.nio.ByteBuffer data, int off, int len) {
        if (len == 0) {
            return EMPTY;
        }
        byte[] b = new byte[len];
        data.get(off, b, 0, len);
        return new Bytes(b);
    }

    /** The UTF-8 encoding of {@code s}. */
    public static Bytes utf8(String s) {
        return wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses lower- or upper-case hex, without separators. */
    public static Bytes fromHex(String hex) {
        return wrap(HEX.parseHex(hex));
    }

    /**
     * Takes ownership of {@code data} without copying; the caller must not change it afterwards.
     * For decoders that have just allocated the array themselves.
     */
    public static Bytes wrap(byte[] data) {
        return data.length == 0 ? EMPTY : new Bytes(data);
    }

    public int length() {
        return len;
    }

    public boolean isEmpty() {
        return len == 0;
    }

    public byte get(int index) {
        java.util.Objects.checkIndex(index, len);
        return data[off + index];
    }

    /** A fresh copy of the contents. */
    public byte[] toArray() {
        return Arrays.copyOfRange(data, off, off + len);
    }

    /** Copies the contents into {@code dst} at {@code dstOff}. */
    public void copyTo(byte[] dst, int dstOff) {
        System.arraycopy(data, off, dst, dstOff, len);
    }

    /** Bytes {@code [from, to)}: a view sharing this immutable array, no copy. */
    public Bytes slice(int from, int to) {
        java.util.Objects.checkFromToIndex(from, to, len);
        return from == 0 && to == len ? this : view(data, off + from, to - from);
    }

    public Bytes concat(Bytes other) {
        byte[] out = Arrays.copyOfRange(data, off, off + len + other.len);
        System.arraycopy(other.data, other.off, out, len, other.len);
        return wrap(out);
    }

    /**
     * Writes the contents to {@code out} without a copy. Like {@code ByteArrayInputStream}'s
     * {@code transferTo}, this hands {@code out} our array: it must only read it (every
     * {@code OutputStream} of the JDK does).
     */
    public void writeTo(java.io.OutputStream out) throws java.io.IOException {
        out.write(data, off, len);
    }

    /** A read-only view; no copy. */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(data, off, len).slice().asReadOnlyBuffer();
    }

    /** Decodes as UTF-8, replacing malformed sequences. */
    public String asUtf8() {
        return new String(data, off, len, StandardCharsets.UTF_8);
    }

    public String toHex() {
        return HEX.formatHex(data, off, off + len);
    }

    @Override
    public String toString() {
        return toHex();
    }

    /** Constant time for equal lengths: the comparison never stops at the first difference. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && len == other.len && constantTimeEquals(data, off, other.data, other.off, len);
    }

    /** Constant-time comparison of two arrays (time depends only on the lengths). */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff |= a[i] ^ b[i];
        }
        return diff == 0;
    }

    /** Constant-time comparison of two array ranges of equal length. */
    public static boolean constantTimeEquals(byte[] a, int aOff, byte[] b, int bOff, int len) {
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }

    @Override
    public int hashCode() {
        int h = 1; // the same value as Arrays.hashCode of the contents
        for (int i = off, e = off + len; i < e; i++) {
            h = 31 * h + data[i];
        }
        return h;
    }

    /** Unsigned lexicographic order. */
    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(data, off, off + len, o.data, o.off, o.off + o.len);
    }
}
