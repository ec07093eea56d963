package org.sshwire.transport.internal.packet;

import java.math.BigInteger;
import org.sshwire.transport.crypto.BlockCipher;

/**
 * UMAC (RFC 4418) over AES-128, as OpenSSH's umac-64@openssh.com and umac-128@openssh.com use it:
 * the 16-byte key is the AES key of RFC 4418's KDF, and the nonce is the packet sequence number
 * as an 8-byte big-endian integer (OpenSSH mac.c: {@code POKE_U64(nonce, seqno)}). Tags of 4, 8,
 * 12 and 16 bytes are supported (so all of the RFC's test vectors can be checked); SSH uses 8 and 16.
 *
 * <p>Each RFC step is one method named after it: KDF (§3.2.1), PDF (§3.2.2), UHASH (§4.1) made
 * of L1-HASH with NH (§4.2), L2-HASH with POLY (§4.3) and L3-HASH (§4.4).
 */
final class Umac implements PacketMac {
    private static final int L1_KEY_BYTES = 1024;
    private static final BigInteger P64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.valueOf(59));
    private static final BigInteger P128 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.valueOf(159));
    private static final BigInteger MAXWORD64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE.shiftLeft(32));
    private static final BigInteger MAXWORD128 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE.shiftLeft(96));
    private static final long P36 = (1L << 36) - 5;
    /** L2-HASH switches to the 128-bit prime after 2^17 bytes of L1 output (RFC 4418 §4.3). */
    private static final int POLY64_LIMIT = 1 << 17;

    private final int tagLength;
    private final int iters;
    /** L1 key as big-endian 32-bit words: 1024 bytes, plus 16 more per extra iteration (§4.1 step 1). */
    private final int[] l1Key;
    private final BigInteger[] l2k64;
    private final BigInteger[] l2k128;
    private final long[][] l3Key1;
    private final byte[][] l3Key2;
    /** AES keyed with K' = KDF(K, 0, 16) for the pad (§3.2.2). */
    private final BlockCipher pdfCipher;
    private final byte[] nonceBlock = new byte[16];
    private final byte[] pad = new byte[16];
    private long cachedNonce = -1;

    /**
     * @param aesFactory AES from the crypto backend, for a given key
     * @param key        the 16-byte UMAC key
     * @param tagLength  4, 8, 12 or 16
     */
    Umac(java.util.function.Function<byte[], BlockCipher> aesFactory, byte[] key, int tagLength) {
        if (tagLength != 4 && tagLength != 8 && tagLength != 12 && tagLength != 16) {
            throw new IllegalArgumentException("UMAC tag length " + tagLength);
        }
        this.tagLength = tagLength;
        this.iters = tagLength / 4;
        BlockCipher aes = aesFactory.apply(key);
        byte[] l1 = kdf(aes, 1, L1_KEY_BYTES + (iters - 1) * 16);
        l1Key = new int[l1.length / 4];
        for (int i = 0; i < l1Key.length; i++) {
            l1Key[i] = (int) be(l1, 4 * i, 4);
        }
        byte[] l2 = kdf(aes, 2, iters * 24);
        byte[] l31 = kdf(aes, 3, iters * 64);
        byte[] l32 = kdf(aes, 4, iters * 4);
        l2k64 = new BigInteger[iters];
        l2k128 = new BigInteger[iters];
        l3Key1 = new long[iters][8];
        l3Key2 = new byte[iters][4];
        for (int i = 0; i < iters; i++) {
            l2k64[i] = BigInteger.valueOf(be(l2, 24 * i, 8) & 0x01ffffff01ffffffL);
            BigInteger hi = BigInteger.valueOf(be(l2, 24 * i + 8, 8) & 0x01ffffff01ffffffL);
            BigInteger lo = BigInteger.valueOf(be(l2, 24 * i + 16, 8) & 0x01ffffff01ffffffL);
            l2k128[i] = hi.shiftLeft(64).or(lo);
            for (int j = 0; j < 8; j++) {
                l3Key1[i][j] = Long.remainderUnsigned(be(l31, 64 * i + 8 * j, 8), P36);
            }
            System.arraycopy(l32, 4 * i, l3Key2[i], 0, 4);
        }
        pdfCipher = aesFactory.apply(kdf(aes, 0, 16));
        java.util.Arrays.fill(l1, (byte) 0);
    }

    @Override
    public int length() {
        return tagLength;
    }

    @Override
    public void compute(int seq, byte[] data, int off, int len, byte[] out, int outOff) {
        byte[] tag = tag(data, off, len, Integer.toUnsignedLong(seq));
        System.arraycopy(tag, 0, out, outOff, tagLength);
    }

    /** UMAC(K, M, Nonce) with an 8-byte big-endian nonce. */
    byte[] tag(byte[] m, int off, int len, long nonce) {
        byte[] y = uhash(m, off, len);
        byte[] p = pdf(nonce);
        for (int i = 0; i < tagLength; i++) {
            y[i] ^= p[i];
        }
        return y;
    }

    /** §3.2.1: AES in counter mode over uint2str(index, 8) || uint2str(i, 8), i = 1, 2, ... */
    static byte[] kdf(BlockCipher aes, long index, int numBytes) {
        byte[] out = new byte[(numBytes + 15) / 16 * 16];
        byte[] t = new byte[16];
        putBe(t, 0, index, 8);
        for (int i = 1; 16 * (i - 1) < numBytes; i++) {
            putBe(t, 8, i, 8);
            aes.encryptBlock(t, 0, out, 16 * (i - 1));
        }
        return java.util.Arrays.copyOf(out, numBytes);
    }

    /** §3.2.2, with the nonce's low bit(s) selecting part of the AES block for 4- and 8-byte tags. */
    private byte[] pdf(long nonce) {
        int index = tagLength == 4 ? (int) (nonce & 3) : tagLength == 8 ? (int) (nonce & 1) : 0;
        long n = nonce ^ index;
        if (n != cachedNonce) {
            // Consecutive sequence numbers share one AES block for umac-64, as in OpenSSH's pdf_gen_xor.
            putBe(nonceBlock, 0, n, 8);
            pdfCipher.encryptBlock(nonceBlock, 0, pad, 0);
            cachedNonce = n;
        }
        int from = tagLength <= 8 ? index * tagLength : 0;
        return java.util.Arrays.copyOfRange(pad, from, from + tagLength);
    }

    /** §4.1 UHASH: one L1/L2/L3 pass per 4 bytes of tag, each with its own keys. */
    private byte[] uhash(byte[] m, int off, int len) {
        byte[] y = new byte[tagLength];
        for (int i = 0; i < iters; i++) {
            byte[] a = l1Hash(i, m, off, len);
            byte[] b;
            if (len <= L1_KEY_BYTES) {
                b = new byte[16];
                System.arraycopy(a, 0, b, 8, 8);
            } else {
                b = l2Hash(i, a);
            }
            long c = l3Hash(i, b);
            putBe(y, 4 * i, c, 4);
        }
        return y;
    }

    /** §4.2 L1-HASH: NH over each 1024-byte chunk (the last zero-padded to 32 bytes), plus its bit length. */
    private byte[] l1Hash(int iter, byte[] m, int off, int len) {
        int chunks = Math.max((len + L1_KEY_BYTES - 1) / L1_KEY_BYTES, 1);
        byte[] y = new byte[8 * chunks];
        for (int c = 0; c < chunks; c++) {
            int start = off + c * L1_KEY_BYTES;
            int n = Math.min(L1_KEY_BYTES, off + len - start);
            long h = nh(iter * 4, m, start, n) + 8L * n;
            putBe(y, 8 * c, h, 8);
        }
        return y;
    }

    /**
     * §4.2.1 NH: message words little-endian (the RFC's ENDIAN-SWAP), key words big-endian,
     * sums of 32x32→64-bit products modulo 2^64. The message is zero-padded to a positive
     * multiple of 32 bytes: an empty message hashes one block of zeros (RFC 4418's empty-message
     * vector depends on it).
     */
    private long nh(int keyWord, byte[] m, int off, int len) {
        int padded = Math.max(32, (len + 31) & ~31);
        long y = 0;
        int[] w = new int[8];
        for (int i = 0; i < padded; i += 32) {
            for (int j = 0; j < 8; j++) {
                w[j] = le(m, off, len, i + 4 * j);
            }
            int k = keyWord + i / 4;
            for (int j = 0; j < 4; j++) {
                long a = Integer.toUnsignedLong(w[j] + l1Key[k + j]);
                long b = Integer.toUnsignedLong(w[j + 4] + l1Key[k + j + 4]);
                y += a * b;
            }
        }
        return y;
    }

    /** §4.3 L2-HASH: POLY over the 64-bit prime, and over the 128-bit prime past 2^17 bytes. */
    private byte[] l2Hash(int iter, byte[] a) {
        BigInteger y;
        if (a.length <= POLY64_LIMIT) {
            y = poly(8, P64, MAXWORD64, l2k64[iter], a, 0, a.length, BigInteger.ONE);
        } else {
            y = poly(8, P64, MAXWORD64, l2k64[iter], a, 0, POLY64_LIMIT, BigInteger.ONE);
            int rest = a.length - POLY64_LIMIT;
            byte[] m2 = new byte[(rest + 1 + 15) / 16 * 16];
            System.arraycopy(a, POLY64_LIMIT, m2, 0, rest);
            m2[rest] = (byte) 0x80;
            // POLY(128, ..., uint2str(y, 16) || M_2): the first word is y, which is below 2^64.
            y = poly(16, P128, MAXWORD128, l2k128[iter], m2, 0, m2.length,
                    l2k128[iter].add(y).mod(P128)); // y=1 then one step with word y: k*1 + y
        }
        byte[] out = new byte[16];
        byte[] v = y.toByteArray();
        int n = Math.min(v.length, 16);
        System.arraycopy(v, v.length - n, out, 16 - n, n);
        return out;
    }

    /** §4.3.1 POLY, starting from {@code y} (1 in the RFC) so a prefix word can be folded in. */
    private static BigInteger poly(int wordBytes, BigInteger p, BigInteger maxWordRange, BigInteger k,
                                   byte[] m, int off, int len, BigInteger y) {
        BigInteger offset = BigInteger.ONE.shiftLeft(8 * wordBytes).subtract(p);
        BigInteger marker = p.subtract(BigInteger.ONE);
        for (int i = off; i < off + len; i += wordBytes) {
            BigInteger w = new BigInteger(1, java.util.Arrays.copyOfRange(m, i, i + wordBytes));
            if (w.compareTo(maxWordRange) >= 0) {
                y = k.multiply(y).add(marker).mod(p);
                y = k.multiply(y).add(w.subtract(offset)).mod(p);
            } else {
                y = k.multiply(y).add(w).mod(p);
            }
        }
        return y;
    }

    /** §4.4 L3-HASH: eight 16-bit words times keys modulo 2^36-5, truncated to 32 bits, xor K2. */
    private long l3Hash(int iter, byte[] m) {
        long y = 0;
        for (int i = 0; i < 8; i++) {
            long w = ((m[2 * i] & 0xffL) << 8) | (m[2 * i + 1] & 0xffL);
            y = (y + w * l3Key1[iter][i]) % P36;
        }
        return (y & 0xffffffffL) ^ be(l3Key2[iter], 0, 4);
    }

    /** A little-endian word of the message at {@code rel}, reading zeros past its end (the padding). */
    private static int le(byte[] m, int off, int len, int rel) {
        int v = 0;
        for (int b = 3; b >= 0; b--) {
            int at = rel + b;
            v = (v << 8) | (at < len ? m[off + at] & 0xff : 0);
        }
        return v;
    }

    private static long be(byte[] b, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    private static void putBe(byte[] b, int off, long v, int n) {
        for (int i = n - 1; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
