package org.sshwire.transport.crypto.internal.plain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.sshwire.transport.crypto.Poly1305;

/**
 * Poly1305 (RFC 8439 §2.5) in radix 2^64: the accumulator is h0 + h1·2^64 + h2·2^128 and each
 * 16-byte block costs four 64×64→128-bit products ({@link Math#multiplyHigh} is an intrinsic, one
 * {@code mul} instruction) where the usual 26-bit-limb code needs twenty-five. The reduction uses
 * 2^130 ≡ 5 (mod 2^130 − 5): with r1 clamped to a multiple of 4, h1·r1·2^128 ≡ h1·s1 where
 * s1 = r1 + r1/4. The arithmetic follows the well-known base 2^64 layout of poly1305-donna-64;
 * branch-free, so timing does not depend on the data.
 */
public final class PlainPoly1305 implements Poly1305 {
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long r0;
    private long r1;
    private long s1;
    private long h0;
    private long h1;
    private long h2;
    private long pad0;
    private long pad1;
    private final byte[] partial = new byte[16];
    private int partialLen;
    private boolean keyed;

    @Override
    public void init(byte[] key32) {
        if (key32.length != 32) {
            throw new IllegalArgumentException("Poly1305 key must be 32 bytes");
        }
        // RFC 8439 §2.5: clamp r
        r0 = (long) LE_LONG.get(key32, 0) & 0x0ffffffc0fffffffL;
        r1 = (long) LE_LONG.get(key32, 8) & 0x0ffffffc0ffffffcL;
        s1 = r1 + (r1 >>> 2);
        pad0 = (long) LE_LONG.get(key32, 16);
        pad1 = (long) LE_LONG.get(key32, 24);
        h0 = 0;
        h1 = 0;
        h2 = 0;
        partialLen = 0;
        keyed = true;
    }

    @Override
    public void update(byte[] data, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        if (!keyed) {
            throw new IllegalStateException("Poly1305 not initialised");
        }
        if (partialLen > 0) {
            int n = Math.min(16 - partialLen, len);
            System.arraycopy(data, off, partial, partialLen, n);
            partialLen += n;
            off += n;
            len -= n;
            if (partialLen < 16) {
                return;
            }
            blocks(partial, 0, 16, 1);
            partialLen = 0;
        }
        int full = len & ~15;
        if (full > 0) {
            blocks(data, off, full, 1);
        }
        if (len > full) {
            System.arraycopy(data, off + full, partial, 0, len - full);
            partialLen = len - full;
        }
    }

    @Override
    public void doFinal(byte[] out, int off) {
        if (!keyed) {
            throw new IllegalStateException("Poly1305 not initialised");
        }
        if (partialLen > 0) {
            // The last partial block gets its 1 byte appended here, so no 2^128 bit (padbit 0).
            partial[partialLen] = 1;
            java.util.Arrays.fill(partial, partialLen + 1, 16, (byte) 0);
            blocks(partial, 0, 16, 0);
        }
        // h mod p: h is below 2p here; h + 5 reaching 2^130 means h >= p.
        long g0 = h0 + 5;
        long c = carry(h0, 5, g0);
        long g1 = h1 + c;
        c = carry(h1, c, g1);
        long g2 = h2 + c;
        long mask = -(g2 >>> 2);
        long t0 = (h0 & ~mask) | (g0 & mask);
        long t1 = (h1 & ~mask) | (g1 & mask);
        // tag = (h + s) mod 2^128
        long f0 = t0 + pad0;
        long f1 = t1 + pad1 + carry(t0, pad0, f0);
        LE_LONG.set(out, off, f0);
        LE_LONG.set(out, off + 8, f1);
        r0 = r1 = s1 = pad0 = pad1 = h0 = h1 = h2 = 0;
        java.util.Arrays.fill(partial, (byte) 0);
        partialLen = 0;
        keyed = false;
    }

    /**
     * Bytes of an incomplete 16-byte block held back since the last {@link #update} (0-15). The
     * SIMD Poly1305 ({@code internal.vector}) may only take over whole blocks when this is 0.
     */
    public int bufferedBytes() {
        return partialLen;
    }

    /**
     * The accumulator h = h0 + h1·2^64 + h2·2^128 (partially reduced: h2 is at most 4, and h is
     * below 2p = 2^131 - 10), for the SIMD Poly1305 to continue the evaluation over many blocks.
     */
    public void accumulator(long[] h3) {
        h3[0] = h0;
        h3[1] = h1;
        h3[2] = h2;
    }

    /**
     * Replaces the accumulator after the SIMD Poly1305 has absorbed whole blocks; h must satisfy
     * the bound of {@link #accumulator} (h2 at most 4, h below 2p) so {@link #blocks} and the final reduction
     * in {@link #doFinal} stay exact.
     */
    public void setAccumulator(long h0, long h1, long h2) {
        if (!keyed) {
            throw new IllegalStateException("Poly1305 not initialised");
        }
        if (h2 < 0 || h2 > 4) {
            throw new IllegalArgumentException("accumulator not partially reduced: h2 = " + h2);
        }
        this.h0 = h0;
        this.h1 = h1;
        this.h2 = h2;
    }

    /** Carry out of the unsigned 64-bit sum {@code sum = a + b}. */
    private static long carry(long a, long b, long sum) {
        return ((a & b) | ((a | b) & ~sum)) >>> 63;
    }

    /** High 64 bits of the unsigned product a·b, for b below 2^63 (r0, r1, s1 always are). */
    private static long mulHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b);
    }

    private void blocks(byte[] m, int off, int len, long padBit) {
        long h0 = this.h0;
        long h1 = this.h1;
        long h2 = this.h2;
        final long r0 = this.r0;
        final long r1 = this.r1;
        final long s1 = this.s1;
        for (int end = off + len; off < end; off += 16) {
            // h += m (with the 2^128 bit of a full block)
            long m0 = (long) LE_LONG.get(m, off);
            long m1 = (long) LE_LONG.get(m, off + 8);
            long a0 = h0 + m0;
            long c = carry(h0, m0, a0);
            long a1 = h1 + m1;
            long c1 = carry(h1, m1, a1);
            long a1c = a1 + c;
            c1 += carry(a1, c, a1c);
            h2 += c1 + padBit;
            h0 = a0;
            h1 = a1c;

            // d0 = h0·r0 + h1·s1, d1 = h0·r1 + h1·r0 + h2·s1, d2 = h2·r0 (all below 2^127)
            long d0lo = h0 * r0;
            long d0hi = mulHigh(h0, r0);
            long p = h1 * s1;
            long sum = d0lo + p;
            d0hi += mulHigh(h1, s1) + carry(d0lo, p, sum);
            d0lo = sum;

            long d1lo = h0 * r1;
            long d1hi = mulHigh(h0, r1);
            p = h1 * r0;
            sum = d1lo + p;
            d1hi += mulHigh(h1, r0) + carry(d1lo, p, sum);
            d1lo = sum;
            p = h2 * s1; // h2 is a few bits: the product fits in 64
            sum = d1lo + p;
            d1hi += carry(d1lo, p, sum);
            d1lo = sum;
            long d2 = h2 * r0;

            // h = d0 + d1·2^64 + d2·2^128
            h0 = d0lo;
            h1 = d1lo + d0hi;
            h2 = d2 + d1hi + carry(d1lo, d0hi, h1);

            // partial reduction: the part above 2^130, times 5, folds back into h0
            long f = (h2 >>> 2) + (h2 & ~3L);
            h2 &= 3;
            long n0 = h0 + f;
            c = carry(h0, f, n0);
            h0 = n0;
            long n1 = h1 + c;
            h2 += carry(h1, c, n1);
            h1 = n1;
        }
        this.h0 = h0;
        this.h1 = h1;
        this.h2 = h2;
    }
}
