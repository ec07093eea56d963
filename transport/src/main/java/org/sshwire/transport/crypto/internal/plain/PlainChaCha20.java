package org.sshwire.transport.crypto.internal.plain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.sshwire.transport.crypto.ChaCha20;

/**
 * The ChaCha20 keystream (RFC 8439 §2.3-§2.4) in plain Java, written for speed on JVMs whose
 * {@code ChaCha20} cipher has no intrinsic (Java 17): the state lives in sixteen locals, each
 * keystream block is XORed into the data as little-endian ints without an intermediate keystream
 * array, and {@link #start} only sets four ints, where {@code Cipher.init} re-derives a key and
 * checks nonce reuse on every packet. A partial block's leftover keystream is kept, so successive
 * {@link #apply} calls continue the stream exactly (chacha20-poly1305 takes block 0 for Poly1305,
 * then the payload from block 1). {@code in} and {@code out} may be the same range (SSH decrypts
 * in place) but must not overlap otherwise: each int is read just before it is written.
 */
public final class PlainChaCha20 implements ChaCha20 {
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    // "expand 32-byte k" (RFC 8439 §2.3)
    private static final int C0 = 0x61707865;
    private static final int C1 = 0x3320646e;
    private static final int C2 = 0x79622d32;
    private static final int C3 = 0x6b206574;

    private final int k0;
    private final int k1;
    private final int k2;
    private final int k3;
    private final int k4;
    private final int k5;
    private final int k6;
    private final int k7;
    private int counter;
    private int n0;
    private int n1;
    private int n2;
    /** Keystream of the last partial block, used from {@link #ksPos} on. */
    private final byte[] keystream = new byte[64];
    private int ksPos = 64;

    public PlainChaCha20(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("ChaCha20 key must be 32 bytes");
        }
        k0 = le(key, 0);
        k1 = le(key, 4);
        k2 = le(key, 8);
        k3 = le(key, 12);
        k4 = le(key, 16);
        k5 = le(key, 20);
        k6 = le(key, 24);
        k7 = le(key, 28);
    }

    private static int le(byte[] b, int off) {
        return (int) LE_INT.get(b, off);
    }

    @Override
    public void start(byte[] nonce12, int counter) {
        if (nonce12.length != 12) {
            throw new IllegalArgumentException("ChaCha20 nonce must be 12 bytes");
        }
        this.counter = counter;
        n0 = le(nonce12, 0);
        n1 = le(nonce12, 4);
        n2 = le(nonce12, 8);
        ksPos = 64;
    }

    @Override
    public void apply(byte[] in, int inOff, int len, byte[] out, int outOff) {
        java.util.Objects.checkFromIndexSize(inOff, len, in.length);
        java.util.Objects.checkFromIndexSize(outOff, len, out.length);
        while (ksPos < 64 && len > 0) {
            out[outOff++] = (byte) (in[inOff++] ^ keystream[ksPos++]);
            len--;
        }
        while (len >= 64) {
            block(in, inOff, out, outOff);
            inOff += 64;
            outOff += 64;
            len -= 64;
        }
        if (len > 0) {
            java.util.Arrays.fill(keystream, (byte) 0);
            block(keystream, 0, keystream, 0);
            for (int i = 0; i < len; i++) {
                out[outOff + i] = (byte) (in[inOff + i] ^ keystream[i]);
            }
            ksPos = len;
        }
    }

    /**
     * Bytes of keystream left over from the last partial block, which the next {@link #apply}
     * uses first. A bulk implementation ({@code internal.vector.VectorChaCha20}) may only take
     * over at a block boundary, that is when this is 0.
     */
    public int bufferedKeystream() {
        return 64 - ksPos;
    }

    /** The block counter of the next whole keystream block (RFC 8439 §2.3: 32 bits, wraps). */
    public int counter() {
        return counter;
    }

    /** Skips {@code blocks} whole blocks that a bulk implementation produced from {@link #counter()}. */
    public void skipBlocks(int blocks) {
        if (ksPos != 64) {
            throw new IllegalStateException("keystream is mid-block");
        }
        counter += blocks;
    }

    /** XORs the next keystream block into 64 bytes (RFC 8439 §2.3.1 block function, 20 rounds). */
    private void block(byte[] in, int inOff, byte[] out, int outOff) {
        int x0 = C0;
        int x1 = C1;
        int x2 = C2;
        int x3 = C3;
        int x4 = k0;
        int x5 = k1;
        int x6 = k2;
        int x7 = k3;
        int x8 = k4;
        int x9 = k5;
        int x10 = k6;
        int x11 = k7;
        int x12 = counter;
        int x13 = n0;
        int x14 = n1;
        int x15 = n2;
        for (int i = 0; i < 10; i++) {
            // column round (RFC 8439 §2.1 quarter round on columns)
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 16);
            x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 12);
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 8);
            x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 7);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 16);
            x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 12);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 8);
            x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 7);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 16);
            x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 12);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 8);
            x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 7);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 16);
            x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 12);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 8);
            x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 7);
            // diagonal round
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 16);
            x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 12);
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 8);
            x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 7);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 16);
            x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 12);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 8);
            x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 7);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 16);
            x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 12);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 8);
            x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 7);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 16);
            x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 12);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 8);
            x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 7);
        }
        xor(in, out, inOff, outOff, 0, x0 + C0);
        xor(in, out, inOff, outOff, 4, x1 + C1);
        xor(in, out, inOff, outOff, 8, x2 + C2);
        xor(in, out, inOff, outOff, 12, x3 + C3);
        xor(in, out, inOff, outOff, 16, x4 + k0);
        xor(in, out, inOff, outOff, 20, x5 + k1);
        xor(in, out, inOff, outOff, 24, x6 + k2);
        xor(in, out, inOff, outOff, 28, x7 + k3);
        xor(in, out, inOff, outOff, 32, x8 + k4);
        xor(in, out, inOff, outOff, 36, x9 + k5);
        xor(in, out, inOff, outOff, 40, x10 + k6);
        xor(in, out, inOff, outOff, 44, x11 + k7);
        xor(in, out, inOff, outOff, 48, x12 + counter);
        xor(in, out, inOff, outOff, 52, x13 + n0);
        xor(in, out, inOff, outOff, 56, x14 + n1);
        xor(in, out, inOff, outOff, 60, x15 + n2);
        counter++;
    }

    private static void xor(byte[] in, byte[] out, int inOff, int outOff, int i, int ks) {
        LE_INT.set(out, outOff + i, (int) LE_INT.get(in, inOff + i) ^ ks);
    }
}
