package org.sshwire.transport.crypto.internal.vector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.sshwire.transport.crypto.ChaCha20;
import org.sshwire.transport.crypto.internal.plain.PlainChaCha20;

/**
 * The ChaCha20 keystream (RFC 8439 §2.3-§2.4) with the incubating Vector API, for Java 17-19
 * whose {@code ChaCha20} cipher has no intrinsic. Touch this class only when the
 * {@code jdk.incubator.vector} module is in the boot layer ({@link VectorSupport}).
 *
 * <p>"Vertical" layout: each of the sixteen state words is one {@link IntVector} whose lanes are
 * consecutive blocks (counter, counter + 1, ...), so the double rounds (RFC 8439 §2.1-§2.3) are
 * lanewise ADD, XOR and ROL with no shuffles, and one step makes {@code 64 × lanes} bytes of
 * keystream (1 KiB with AVX-512, 512 bytes with AVX2). The words are then stored to an int
 * scratch array and XORed into the data in block order as little-endian ints.
 *
 * <p>Everything shorter than one step, and the leftover keystream of a partial block, goes
 * through a {@link PlainChaCha20} that shares the position: the vector steps only run at a block
 * boundary and advance its counter, so any sequence of {@link #apply} calls gives the same stream
 * as the scalar code (the 32-bit block counter wraps the same way). {@code in} and {@code out} may
 * be the same range (SSH decrypts in place) but must not overlap otherwise.
 */
public final class VectorChaCha20 implements ChaCha20 {
    private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Bytes of keystream per vector step: one 64-byte block per lane. */
    private static final int STEP = 64 * LANES;
    private static final IntVector LANE_INDEX = IntVector.zero(SPECIES).addIndex(1);
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    // "expand 32-byte k" (RFC 8439 §2.3)
    private static final int C0 = 0x61707865;
    private static final int C1 = 0x3320646e;
    private static final int C2 = 0x79622d32;
    private static final int C3 = 0x6b206574;

    private final PlainChaCha20 scalar;
    private final int k0;
    private final int k1;
    private final int k2;
    private final int k3;
    private final int k4;
    private final int k5;
    private final int k6;
    private final int k7;
    private int n0;
    private int n1;
    private int n2;
    /**
     * Made at the first vector step: the instance that encrypts only packet lengths (K_1 of
     * chacha20-poly1305) never steps, nor does an idle connection's, and 10 000 idle connections
     * held four of these (1 KiB each with AVX-512) apiece (bench/README.md, "Idle memory").
     */
    private int[] scratch;

    public VectorChaCha20(byte[] key) {
        scalar = new PlainChaCha20(key);
        k0 = le(key, 0);
        k1 = le(key, 4);
        k2 = le(key, 8);
        k3 = le(key, 12);
        k4 = le(key, 16);
        k5 = le(key, 20);
        k6 = le(key, 24);
        k7 = le(key, 28);
    }

    /**
     * Whether the preferred vectors are wide enough to beat the scalar code: at least 256 bits
     * (8 blocks per step). Narrower ones (SSE, NEON) were not measured, so they keep the scalar code.
     */
    public static boolean worthwhile() {
        return SPECIES.vectorBitSize() >= 256;
    }

    /** Bytes per vector step; inputs shorter than this are handled by the scalar code alone. */
    public static int stepBytes() {
        return STEP;
    }

    private static int le(byte[] b, int off) {
        return (int) LE_INT.get(b, off);
    }

    @Override
    public void start(byte[] nonce12, int counter) {
        scalar.start(nonce12, counter);
        n0 = le(nonce12, 0);
        n1 = le(nonce12, 4);
        n2 = le(nonce12, 8);
    }

    @Override
    public void apply(byte[] in, int inOff, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(inOff, len, in.length);
        Objects.checkFromIndexSize(outOff, len, out.length);
        int lead = Math.min(len, scalar.bufferedKeystream());
        if (lead > 0) {
            scalar.apply(in, inOff, lead, out, outOff);
            inOff += lead;
            outOff += lead;
            len -= lead;
        }
        while (len >= STEP) {
            step(in, inOff, out, outOff, scalar.counter());
            scalar.skipBlocks(LANES);
            inOff += STEP;
            outOff += STEP;
            len -= STEP;
        }
        if (len > 0) {
            scalar.apply(in, inOff, len, out, outOff);
        }
    }

    /** XORs {@code LANES} keystream blocks from block {@code counter} on into {@link #STEP} bytes. */
    private void step(byte[] in, int inOff, byte[] out, int outOff, int counter) {
        IntVector x0 = IntVector.broadcast(SPECIES, C0);
        IntVector x1 = IntVector.broadcast(SPECIES, C1);
        IntVector x2 = IntVector.broadcast(SPECIES, C2);
        IntVector x3 = IntVector.broadcast(SPECIES, C3);
        IntVector x4 = IntVector.broadcast(SPECIES, k0);
        IntVector x5 = IntVector.broadcast(SPECIES, k1);
        IntVector x6 = IntVector.broadcast(SPECIES, k2);
        IntVector x7 = IntVector.broadcast(SPECIES, k3);
        IntVector x8 = IntVector.broadcast(SPECIES, k4);
        IntVector x9 = IntVector.broadcast(SPECIES, k5);
        IntVector x10 = IntVector.broadcast(SPECIES, k6);
        IntVector x11 = IntVector.broadcast(SPECIES, k7);
        // Lane i is block counter + i; int addition wraps like the scalar 32-bit counter.
        IntVector ctr = IntVector.broadcast(SPECIES, counter).add(LANE_INDEX);
        IntVector x12 = ctr;
        IntVector x13 = IntVector.broadcast(SPECIES, n0);
        IntVector x14 = IntVector.broadcast(SPECIES, n1);
        IntVector x15 = IntVector.broadcast(SPECIES, n2);
        for (int i = 0; i < 10; i++) {
            // column round (RFC 8439 §2.1 quarter round on columns, §2.3 inner_block)
            x0 = x0.add(x4); x12 = x12.lanewise(VectorOperators.XOR, x0).lanewise(VectorOperators.ROL, 16);
            x1 = x1.add(x5); x13 = x13.lanewise(VectorOperators.XOR, x1).lanewise(VectorOperators.ROL, 16);
            x2 = x2.add(x6); x14 = x14.lanewise(VectorOperators.XOR, x2).lanewise(VectorOperators.ROL, 16);
            x3 = x3.add(x7); x15 = x15.lanewise(VectorOperators.XOR, x3).lanewise(VectorOperators.ROL, 16);
            x8 = x8.add(x12); x4 = x4.lanewise(VectorOperators.XOR, x8).lanewise(VectorOperators.ROL, 12);
            x9 = x9.add(x13); x5 = x5.lanewise(VectorOperators.XOR, x9).lanewise(VectorOperators.ROL, 12);
            x10 = x10.add(x14); x6 = x6.lanewise(VectorOperators.XOR, x10).lanewise(VectorOperators.ROL, 12);
            x11 = x11.add(x15); x7 = x7.lanewise(VectorOperators.XOR, x11).lanewise(VectorOperators.ROL, 12);
            x0 = x0.add(x4); x12 = x12.lanewise(VectorOperators.XOR, x0).lanewise(VectorOperators.ROL, 8);
            x1 = x1.add(x5); x13 = x13.lanewise(VectorOperators.XOR, x1).lanewise(VectorOperators.ROL, 8);
            x2 = x2.add(x6); x14 = x14.lanewise(VectorOperators.XOR, x2).lanewise(VectorOperators.ROL, 8);
            x3 = x3.add(x7); x15 = x15.lanewise(VectorOperators.XOR, x3).lanewise(VectorOperators.ROL, 8);
            x8 = x8.add(x12); x4 = x4.lanewise(VectorOperators.XOR, x8).lanewise(VectorOperators.ROL, 7);
            x9 = x9.add(x13); x5 = x5.lanewise(VectorOperators.XOR, x9).lanewise(VectorOperators.ROL, 7);
            x10 = x10.add(x14); x6 = x6.lanewise(VectorOperators.XOR, x10).lanewise(VectorOperators.ROL, 7);
            x11 = x11.add(x15); x7 = x7.lanewise(VectorOperators.XOR, x11).lanewise(VectorOperators.ROL, 7);
            // diagonal round: QR(0,5,10,15) QR(1,6,11,12) QR(2,7,8,13) QR(3,4,9,14)
            x0 = x0.add(x5); x15 = x15.lanewise(VectorOperators.XOR, x0).lanewise(VectorOperators.ROL, 16);
            x1 = x1.add(x6); x12 = x12.lanewise(VectorOperators.XOR, x1).lanewise(VectorOperators.ROL, 16);
            x2 = x2.add(x7); x13 = x13.lanewise(VectorOperators.XOR, x2).lanewise(VectorOperators.ROL, 16);
            x3 = x3.add(x4); x14 = x14.lanewise(VectorOperators.XOR, x3).lanewise(VectorOperators.ROL, 16);
            x10 = x10.add(x15); x5 = x5.lanewise(VectorOperators.XOR, x10).lanewise(VectorOperators.ROL, 12);
            x11 = x11.add(x12); x6 = x6.lanewise(VectorOperators.XOR, x11).lanewise(VectorOperators.ROL, 12);
            x8 = x8.add(x13); x7 = x7.lanewise(VectorOperators.XOR, x8).lanewise(VectorOperators.ROL, 12);
            x9 = x9.add(x14); x4 = x4.lanewise(VectorOperators.XOR, x9).lanewise(VectorOperators.ROL, 12);
            x0 = x0.add(x5); x15 = x15.lanewise(VectorOperators.XOR, x0).lanewise(VectorOperators.ROL, 8);
            x1 = x1.add(x6); x12 = x12.lanewise(VectorOperators.XOR, x1).lanewise(VectorOperators.ROL, 8);
            x2 = x2.add(x7); x13 = x13.lanewise(VectorOperators.XOR, x2).lanewise(VectorOperators.ROL, 8);
            x3 = x3.add(x4); x14 = x14.lanewise(VectorOperators.XOR, x3).lanewise(VectorOperators.ROL, 8);
            x10 = x10.add(x15); x5 = x5.lanewise(VectorOperators.XOR, x10).lanewise(VectorOperators.ROL, 7);
            x11 = x11.add(x12); x6 = x6.lanewise(VectorOperators.XOR, x11).lanewise(VectorOperators.ROL, 7);
            x8 = x8.add(x13); x7 = x7.lanewise(VectorOperators.XOR, x8).lanewise(VectorOperators.ROL, 7);
            x9 = x9.add(x14); x4 = x4.lanewise(VectorOperators.XOR, x9).lanewise(VectorOperators.ROL, 7);
        }
        // RFC 8439 §2.3: add the original state, then serialize little-endian (§2.3.2).
        int[] s = scratch;
        if (s == null) {
            s = scratch = new int[16 * LANES];
        }
        x0.add(C0).intoArray(s, 0);
        x1.add(C1).intoArray(s, LANES);
        x2.add(C2).intoArray(s, 2 * LANES);
        x3.add(C3).intoArray(s, 3 * LANES);
        x4.add(k0).intoArray(s, 4 * LANES);
        x5.add(k1).intoArray(s, 5 * LANES);
        x6.add(k2).intoArray(s, 6 * LANES);
        x7.add(k3).intoArray(s, 7 * LANES);
        x8.add(k4).intoArray(s, 8 * LANES);
        x9.add(k5).intoArray(s, 9 * LANES);
        x10.add(k6).intoArray(s, 10 * LANES);
        x11.add(k7).intoArray(s, 11 * LANES);
        x12.add(ctr).intoArray(s, 12 * LANES);
        x13.add(n0).intoArray(s, 13 * LANES);
        x14.add(n1).intoArray(s, 14 * LANES);
        x15.add(n2).intoArray(s, 15 * LANES);
        // Transpose by scalar loads from the word-major scratch. Not a gather: JDK 17's C2 gather
        // (IntVector.fromArray with an index map) returned wrong lanes once compiled on this
        // AVX-512 machine, while the interpreter was right (VectorChaCha20StressTest).
        for (int block = 0; block < LANES; block++) {
            int o = 64 * block;
            for (int word = 0; word < 16; word++) {
                int at = o + 4 * word;
                LE_INT.set(out, outOff + at, (int) LE_INT.get(in, inOff + at) ^ s[word * LANES + block]);
            }
        }
    }
}
