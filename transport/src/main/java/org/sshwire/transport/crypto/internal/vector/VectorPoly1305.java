package org.sshwire.transport.crypto.internal.vector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.sshwire.transport.crypto.Poly1305;
import org.sshwire.transport.crypto.internal.plain.PlainPoly1305;

/**
 * Poly1305 (RFC 8439 §2.5) with the incubating Vector API, for long messages. Touch this class
 * only when the {@code jdk.incubator.vector} module is in the boot layer ({@link VectorSupport}).
 *
 * <p>RFC 8439 §2.5.1 evaluates h = (((m1)·r + m2)·r + ... + mN)·r mod p, p = 2^130 − 5, one
 * block at a time. With n lanes, block k goes to lane (k − 1) mod n and every lane runs the same
 * recurrence with r^n; lane i then holds the blocks whose powers of r are n·j + (n − i), so the
 * lanes are finally multiplied by r^n, r^(n−1), ..., r^1 and added (the usual parallel
 * evaluation of the polynomial). Each vector step absorbs {@code 16 × n} bytes (128 with
 * AVX-512's eight long lanes).
 *
 * <p>Numbers are five 26-bit limbs (h = Σ h_k·2^(26k)) in long lanes: a product of a limb below
 * 2^28 and a multiplier below 2^29 fits easily, five of them summed stay below 2^60, and the
 * limbs above 2^130 fold back as ×5 because 2^130 ≡ 5 (mod p). {@link LongVector#mul} is a plain
 * 64-bit lane multiply (vpmullq with AVX-512DQ). The message words are brought from byte order
 * to lane order with plain vector loads and fixed permutes ({@code rearrange}, vpermq), never a
 * gather: JDK 17's C2 miscompiled an {@code IntVector} gather on this AVX-512 machine
 * ({@link VectorChaCha20}). A first version moved them with scalar loads and stores into a long
 * array; the permutes made the whole loop about 1.5× faster (the vector loads no longer wait for
 * eight scalar stores each).
 *
 * <p>Everything else goes through a {@link PlainPoly1305} that owns the state: short updates, the
 * blocks after the last whole vector step, a partial block carried between {@link #update} calls
 * and the final padding and reduction (RFC 8439 §2.5.1, including the 0x01 byte of a final
 * partial block). The vector code takes over the scalar accumulator, absorbs whole blocks and
 * hands back a partially reduced accumulator, so any split of the message into updates gives
 * the same tag as the scalar code alone.
 */
public final class VectorPoly1305 implements Poly1305 {
    private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /**
     * Bytes of the same shape, to load message bytes and reinterpret them as longs: the lanes of a
     * reinterpreted vector follow little-endian memory order (on the little-endian platforms
     * {@link #worthwhile} admits), and {@code ByteVector.fromArray} exists in every JDK with the
     * module, where {@code LongVector.fromByteArray} was removed in Java 22.
     */
    private static final VectorSpecies<Byte> BYTES = SPECIES.withLanes(byte.class);
    /** Bytes absorbed per vector step: one 16-byte block per lane. */
    private static final int STEP = 16 * LANES;
    /**
     * Updates shorter than this stay scalar: the vector path first computes r^2..r^n (about n
     * scalar multiplications per message) and combines the lanes at the end (another n). With 8
     * lanes it lost to the plain code at 512 and 640 bytes (730 and 870 vs 1 000 MB/s) and won
     * from 1 KiB on (1 180 vs 1 060 MB/s; 2 310 vs 1 070 at 4 KiB).
     */
    private static final int DEFAULT_MIN_VECTOR_BYTES = 8 * STEP;
    private static final long M26 = 0x3ffffffL;
    /** Lane i takes lane 2i mod LANES: the low words of the (low, high) pairs, twice over. */
    private static final VectorShuffle<Long> EVEN = VectorShuffle.fromOp(SPECIES, i -> (2 * i) % LANES);
    /** Lane i takes lane 2i + 1 mod LANES: the high words. */
    private static final VectorShuffle<Long> ODD = VectorShuffle.fromOp(SPECIES, i -> (2 * i + 1) % LANES);
    /** The upper half of the lanes, filled from the second half of the step. */
    private static final VectorMask<Long> UPPER = VectorMask.fromLong(SPECIES, -1L << (LANES / 2));
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final PlainPoly1305 scalar = new PlainPoly1305();
    private final int minVectorBytes;
    /** powers[(e − 1)·5 + k]: limb k of r^e mod p (limbs below 2^26 + 2^10), for e = 1..LANES; null until needed. */
    private long[] powers;
    private final long[] r = new long[5];
    private boolean powersReady;
    /** Accumulator limbs in lane order (limb k of lane i at k·LANES + i). */
    private final long[] lanes = new long[5 * LANES];
    private final long[] radix64 = new long[3];
    private final long[] limbs = new long[5];
    private final long[] product = new long[5];

    public VectorPoly1305() {
        this(DEFAULT_MIN_VECTOR_BYTES);
    }

    /** For tests: lets updates from {@code minVectorBytes} bytes on (at least one step) use the vectors. */
    VectorPoly1305(int minVectorBytes) {
        if (minVectorBytes < STEP) {
            throw new IllegalArgumentException("at least one vector step of " + STEP + " bytes");
        }
        this.minVectorBytes = minVectorBytes;
    }

    /**
     * Whether the preferred vectors pay: 512 bits (AVX-512, eight long lanes). On this Xeon the
     * JVM limited to AVX2 ({@code -XX:UseAVX=2}, four lanes, 64-bit lane multiplies emulated
     * without AVX-512DQ's vpmullq) was no faster than {@link PlainPoly1305}, so AVX2-only and
     * narrower machines keep the scalar code.
     */
    public static boolean worthwhile() {
        return SPECIES.vectorBitSize() >= 512 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    }

    /** Bytes per vector step. */
    public static int stepBytes() {
        return STEP;
    }

    @Override
    public void init(byte[] key32) {
        scalar.init(key32);
        // RFC 8439 §2.5: clamp r, then split it into 26-bit limbs (r4 is below 2^20 after clamping).
        long lo = (long) LE_LONG.get(key32, 0) & 0x0ffffffc0fffffffL;
        long hi = (long) LE_LONG.get(key32, 8) & 0x0ffffffc0ffffffcL;
        toLimbs(lo, hi, 0, r);
        powersReady = false;
    }

    @Override
    public void update(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        int buffered = scalar.bufferedBytes();
        if (buffered > 0 && len >= minVectorBytes) {
            // Complete the held-back block first, so the vector steps start at a block boundary.
            int n = 16 - buffered;
            scalar.update(data, off, n);
            off += n;
            len -= n;
        }
        if (len >= minVectorBytes && scalar.bufferedBytes() == 0) {
            int steps = len / STEP;
            absorb(data, off, steps);
            off += steps * STEP;
            len -= steps * STEP;
        }
        // The scalar code also checks that init() came first.
        scalar.update(data, off, len);
    }

    @Override
    public void doFinal(byte[] out, int off) {
        scalar.doFinal(out, off);
        Arrays.fill(r, 0);
        if (powers != null) {
            Arrays.fill(powers, 0);
        }
        powersReady = false;
        Arrays.fill(lanes, 0);
        Arrays.fill(limbs, 0);
        Arrays.fill(product, 0);
        Arrays.fill(radix64, 0);
    }

    /** Absorbs {@code steps} whole vector steps (16·LANES bytes each) at {@code off}, continuing the scalar state. */
    private void absorb(byte[] m, int off, int steps) {
        if (!powersReady) {
            computePowers();
        }
        // The scalar accumulator enters lane 0: block 1 is there and carries the same power r^N.
        scalar.accumulator(radix64);
        Arrays.fill(lanes, 0);
        toLimbs(radix64[0], radix64[1], radix64[2], limbs);
        for (int k = 0; k < 5; k++) {
            lanes[k * LANES] = limbs[k];
        }
        vectorSteps(m, off, steps);
        // h = Σ lane_i · r^(LANES − i), then carried and handed back.
        long a0 = 0;
        long a1 = 0;
        long a2 = 0;
        long a3 = 0;
        long a4 = 0;
        for (int i = 0; i < LANES; i++) {
            for (int k = 0; k < 5; k++) {
                limbs[k] = lanes[k * LANES + i];
            }
            mulMod(limbs, powers, (LANES - i - 1) * 5, product);
            a0 += product[0];
            a1 += product[1];
            a2 += product[2];
            a3 += product[3];
            a4 += product[4];
        }
        // Full carry (each sum is below 2^30): after the ×5 fold and a second pass over limbs 1-4,
        // limbs 0-3 are below 2^26 and limb 4 at most 2^26, so h < 2^130 + 2^40 < 2p and the
        // radix 2^64 words below are exact (h2 at most 4, as PlainPoly1305 keeps it).
        long c = a0 >>> 26;
        a0 &= M26;
        a1 += c;
        c = a1 >>> 26;
        a1 &= M26;
        a2 += c;
        c = a2 >>> 26;
        a2 &= M26;
        a3 += c;
        c = a3 >>> 26;
        a3 &= M26;
        a4 += c;
        c = a4 >>> 26;
        a4 &= M26;
        a0 += c * 5;
        c = a0 >>> 26;
        a0 &= M26;
        a1 += c;
        c = a1 >>> 26;
        a1 &= M26;
        a2 += c;
        c = a2 >>> 26;
        a2 &= M26;
        a3 += c;
        c = a3 >>> 26;
        a3 &= M26;
        a4 += c;
        scalar.setAccumulator(a0 | (a1 << 26) | (a2 << 52), (a2 >>> 12) | (a3 << 14) | (a4 << 40), a4 >>> 24);
    }

    /**
     * The hot loop: for each step j, lanes += M_j (with the 2^128 bit of a full block, RFC 8439
     * §2.5.1) and, except after the last step, lanes ×= r^LANES mod p. The last multiplication,
     * by a different power per lane, is left to {@link #absorb}.
     */
    private void vectorSteps(byte[] m, int off, int steps) {
        long[] p = powers;
        int rn = (LANES - 1) * 5;
        LongVector r0 = LongVector.broadcast(SPECIES, p[rn]);
        LongVector r1 = LongVector.broadcast(SPECIES, p[rn + 1]);
        LongVector r2 = LongVector.broadcast(SPECIES, p[rn + 2]);
        LongVector r3 = LongVector.broadcast(SPECIES, p[rn + 3]);
        LongVector r4 = LongVector.broadcast(SPECIES, p[rn + 4]);
        // 2^130 ≡ 5 (mod p): a product limb at 2^(26(k+5)) folds to 5× at 2^(26k).
        LongVector s1 = LongVector.broadcast(SPECIES, 5 * p[rn + 1]);
        LongVector s2 = LongVector.broadcast(SPECIES, 5 * p[rn + 2]);
        LongVector s3 = LongVector.broadcast(SPECIES, 5 * p[rn + 3]);
        LongVector s4 = LongVector.broadcast(SPECIES, 5 * p[rn + 4]);
        long[] acc = lanes;
        LongVector h0 = LongVector.fromArray(SPECIES, acc, 0);
        LongVector h1 = LongVector.fromArray(SPECIES, acc, LANES);
        LongVector h2 = LongVector.fromArray(SPECIES, acc, 2 * LANES);
        LongVector h3 = LongVector.fromArray(SPECIES, acc, 3 * LANES);
        LongVector h4 = LongVector.fromArray(SPECIES, acc, 4 * LANES);
        for (int j = 1; j < steps; j++, off += STEP) {
            // Step bytes as little-endian longs (RFC 8439 §2.5.1 reads blocks little-endian): a = blocks 0..LANES/2-1 as (low, high) pairs, b the
            // rest. Two permutes and a blend put the low words of blocks 0..LANES-1 in lane order,
            // two more the high words (vpermq; not a gather, which JDK 17's C2 got wrong, see the class comment).
            LongVector a = ByteVector.fromArray(BYTES, m, off).reinterpretAsLongs();
            LongVector b = ByteVector.fromArray(BYTES, m, off + STEP / 2).reinterpretAsLongs();
            LongVector lo = a.rearrange(EVEN).blend(b.rearrange(EVEN), UPPER);
            LongVector hi = a.rearrange(ODD).blend(b.rearrange(ODD), UPPER);
            h0 = h0.add(lo.and(M26));
            h1 = h1.add(lo.lanewise(VectorOperators.LSHR, 26).and(M26));
            h2 = h2.add(lo.lanewise(VectorOperators.LSHR, 52).or(hi.lanewise(VectorOperators.LSHL, 12)).and(M26));
            h3 = h3.add(hi.lanewise(VectorOperators.LSHR, 14).and(M26));
            h4 = h4.add(hi.lanewise(VectorOperators.LSHR, 40).or(1L << 24));
            // Limbs below 2^28, multipliers below 2^29: every sum below 2^60.
            LongVector d0 = h0.mul(r0).add(h1.mul(s4)).add(h2.mul(s3)).add(h3.mul(s2)).add(h4.mul(s1));
            LongVector d1 = h0.mul(r1).add(h1.mul(r0)).add(h2.mul(s4)).add(h3.mul(s3)).add(h4.mul(s2));
            LongVector d2 = h0.mul(r2).add(h1.mul(r1)).add(h2.mul(r0)).add(h3.mul(s4)).add(h4.mul(s3));
            LongVector d3 = h0.mul(r3).add(h1.mul(r2)).add(h2.mul(r1)).add(h3.mul(r0)).add(h4.mul(s4));
            LongVector d4 = h0.mul(r4).add(h1.mul(r3)).add(h2.mul(r2)).add(h3.mul(r1)).add(h4.mul(r0));
            // Partial carry: limbs 0 and 2-4 below 2^26, limb 1 below 2^26 + 2^10.
            LongVector c = d0.lanewise(VectorOperators.LSHR, 26);
            h0 = d0.and(M26);
            d1 = d1.add(c);
            c = d1.lanewise(VectorOperators.LSHR, 26);
            h1 = d1.and(M26);
            d2 = d2.add(c);
            c = d2.lanewise(VectorOperators.LSHR, 26);
            h2 = d2.and(M26);
            d3 = d3.add(c);
            c = d3.lanewise(VectorOperators.LSHR, 26);
            h3 = d3.and(M26);
            d4 = d4.add(c);
            c = d4.lanewise(VectorOperators.LSHR, 26);
            h4 = d4.and(M26);
            h0 = h0.add(c.add(c.lanewise(VectorOperators.LSHL, 2)));
            c = h0.lanewise(VectorOperators.LSHR, 26);
            h0 = h0.and(M26);
            h1 = h1.add(c);
        }
        // The last step is only added: absorb() multiplies each lane by its own power.
        LongVector a = ByteVector.fromArray(BYTES, m, off).reinterpretAsLongs();
        LongVector b = ByteVector.fromArray(BYTES, m, off + STEP / 2).reinterpretAsLongs();
        LongVector lo = a.rearrange(EVEN).blend(b.rearrange(EVEN), UPPER);
        LongVector hi = a.rearrange(ODD).blend(b.rearrange(ODD), UPPER);
        h0 = h0.add(lo.and(M26));
        h1 = h1.add(lo.lanewise(VectorOperators.LSHR, 26).and(M26));
        h2 = h2.add(lo.lanewise(VectorOperators.LSHR, 52).or(hi.lanewise(VectorOperators.LSHL, 12)).and(M26));
        h3 = h3.add(hi.lanewise(VectorOperators.LSHR, 14).and(M26));
        h4 = h4.add(hi.lanewise(VectorOperators.LSHR, 40).or(1L << 24));
        h0.intoArray(acc, 0);
        h1.intoArray(acc, LANES);
        h2.intoArray(acc, 2 * LANES);
        h3.intoArray(acc, 3 * LANES);
        h4.intoArray(acc, 4 * LANES);
    }

    /** r^1..r^LANES mod p into {@link #powers}, each carried as {@link #mulMod} leaves it. */
    private void computePowers() {
        if (powers == null) {
            powers = new long[5 * LANES];
        }
        System.arraycopy(r, 0, powers, 0, 5);
        for (int e = 2; e <= LANES; e++) {
            System.arraycopy(powers, (e - 2) * 5, limbs, 0, 5);
            mulMod(limbs, r, 0, product);
            System.arraycopy(product, 0, powers, (e - 1) * 5, 5);
        }
        powersReady = true;
    }

    /** 130-bit h = lo + hi·2^64 + top·2^128 (top a few bits) as five 26-bit limbs. */
    private static void toLimbs(long lo, long hi, long top, long[] out) {
        out[0] = lo & M26;
        out[1] = (lo >>> 26) & M26;
        out[2] = ((lo >>> 52) | (hi << 12)) & M26;
        out[3] = (hi >>> 14) & M26;
        out[4] = (hi >>> 40) | (top << 24);
    }

    /**
     * out = a · b mod p, partially carried (limbs 0, 2-4 below 2^26, limb 1 below 2^26 + 2^10), for
     * a with limbs below 2^28 and b (at {@code bOff}) below 2^26 + 2^10.
     */
    private static void mulMod(long[] a, long[] b, int bOff, long[] out) {
        long a0 = a[0];
        long a1 = a[1];
        long a2 = a[2];
        long a3 = a[3];
        long a4 = a[4];
        long b0 = b[bOff];
        long b1 = b[bOff + 1];
        long b2 = b[bOff + 2];
        long b3 = b[bOff + 3];
        long b4 = b[bOff + 4];
        long s1 = 5 * b1;
        long s2 = 5 * b2;
        long s3 = 5 * b3;
        long s4 = 5 * b4;
        long d0 = a0 * b0 + a1 * s4 + a2 * s3 + a3 * s2 + a4 * s1;
        long d1 = a0 * b1 + a1 * b0 + a2 * s4 + a3 * s3 + a4 * s2;
        long d2 = a0 * b2 + a1 * b1 + a2 * b0 + a3 * s4 + a4 * s3;
        long d3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + a4 * s4;
        long d4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0;
        long c = d0 >>> 26;
        d0 &= M26;
        d1 += c;
        c = d1 >>> 26;
        d1 &= M26;
        d2 += c;
        c = d2 >>> 26;
        d2 &= M26;
        d3 += c;
        c = d3 >>> 26;
        d3 &= M26;
        d4 += c;
        c = d4 >>> 26;
        d4 &= M26;
        d0 += c * 5;
        c = d0 >>> 26;
        d0 &= M26;
        d1 += c;
        out[0] = d0;
        out[1] = d1;
        out[2] = d2;
        out[3] = d3;
        out[4] = d4;
    }
}
