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

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** A copy of {@code data}. */
    public static Bytes of(byte... data) {
        return data.length == 0 ? EMPTY : new Bytes(data.clone());
    }

    /** A copy of {@code data[off, off+len)}. */
    public static Bytes of(byte[] data, int off, int len) {
        return len == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(data, off, off + len));
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
        return data.length;
    }

    public boolean isEmpty() {
        return data.length == 0;
    }

    public byte get(int index) {
        return data[index];
    }

    /** A fresh copy of the contents. */
    public byte[] toArray() {
        return data.clone();
    }

    /** Copies the contents into {@code dst} at {@code off}. */
    public void copyTo(byte[] dst, int off) {
        System.arraycopy(data, 0, dst, off, data.length);
    }

    public Bytes slice(int from, int to) {
        return of(data, from, to - from);
    }

    public Bytes concat(Bytes other) {
        byte[] out = Arrays.copyOf(data, data.length + other.data.length);
        System.arraycopy(other.data, 0, out, data.length, other.data.length);
        return wrap(out);
    }

    /** A read-only view; no copy. */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer();
    }

    /** Decodes as UTF-8, replacing malformed sequences. */
    public String asUtf8() {
        return new String(data, StandardCharsets.UTF_8);
    }

    public String toHex() {
        return HEX.formatHex(data);
    }

    @Override
    public String toString() {
        return toHex();
    }

    /** Constant time for equal lengths: the comparison never stops at the first difference. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && constantTimeEquals(data, other.data);
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
        return Arrays.hashCode(data);
    }

    /** Unsigned lexicographic order. */
    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(data, o.data);
    }
}
