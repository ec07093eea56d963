package org.sshwire.transport.crypto.internal.bc;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.SHA512Digest;

/**
 * OpenBSD's bcrypt_pbkdf (lib/libutil/bcrypt_pbkdf.c), the key derivation of openssh-key-v1
 * files (PROTOCOL.key). Bouncy Castle has bcrypt but not this PBKDF, and its Blowfish hides the
 * expandable key schedule ("eksblowfish") the PBKDF needs, so the schedule is written out here.
 *
 * <p>Blowfish's initial P-array and S-boxes are the hexadecimal digits of the fractional part of
 * pi (Schneier 1993); they are computed once with Machin's formula instead of being pasted in.
 */
final class BcryptPbkdf {
    private static final int WORDS = 18 + 4 * 256;
    private static final byte[] MAGIC = "OxychromaticBlowfishSwatDynamite".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private BcryptPbkdf() {
    }

    private static final class PiHolder {
        static final int[] PI_WORDS = piWords();

        private static int[] piWords() {
            int bits = WORDS * 32 + 64;
            BigInteger one = BigInteger.ONE.shiftLeft(bits);
            // pi = 16 atan(1/5) - 4 atan(1/239)
            BigInteger pi = atanInv(5, one).shiftLeft(4).subtract(atanInv(239, one).shiftLeft(2));
            BigInteger frac = pi.subtract(BigInteger.valueOf(3).shiftLeft(bits)).shiftRight(64);
            int[] out = new int[WORDS];
            for (int i = 0; i < WORDS; i++) {
                out[i] = frac.shiftRight((WORDS - 1 - i) * 32).intValue();
            }
            return out;
        }

        private static BigInteger atanInv(int x, BigInteger one) {
            BigInteger x2 = BigInteger.valueOf((long) x * x);
            BigInteger term = one.divide(BigInteger.valueOf(x));
            BigInteger sum = term;
            for (int k = 1; term.signum() != 0; k++) {
                term = term.divide(x2);
                BigInteger t = term.divide(BigInteger.valueOf(2L * k + 1));
                sum = (k & 1) == 1 ? sum.subtract(t) : sum.add(t);
            }
            return sum;
        }
    }

    private static final class State {
        final int[] p = new int[18];
        final int[] s = new int[1024];

        State() {
            System.arraycopy(PiHolder.PI_WORDS, 0, p, 0, 18);
            System.arraycopy(PiHolder.PI_WORDS, 18, s, 0, 1024);
        }

        private int f(int x) {
            return ((s[x >>> 24] + s[256 + ((x >>> 16) & 0xff)]) ^ s[512 + ((x >>> 8) & 0xff)]) + s[768 + (x & 0xff)];
        }

        /** Encrypts the block lr[off], lr[off+1] in place. */
        void encipher(int[] lr, int off) {
            int l = lr[off];
            int r = lr[off + 1];
            l ^= p[0];
            for (int i = 1; i <= 16; i += 2) {
                r ^= f(l) ^ p[i];
                l ^= f(r) ^ p[i + 1];
            }
            lr[off] = r ^ p[17];
            lr[off + 1] = l;
        }

        /** Blowfish_expandstate when data != null, Blowfish_expand0state otherwise. */
        void expand(byte[] data, byte[] key) {
            int[] j = {0};
            for (int i = 0; i < 18; i++) {
                p[i] ^= streamToWord(key, j);
            }
            int[] lr = new int[2];
            j[0] = 0;
            for (int i = 0; i < 18; i += 2) {
                mix(data, j, lr);
                p[i] = lr[0];
                p[i + 1] = lr[1];
            }
            for (int i = 0; i < 1024; i += 2) {
                mix(data, j, lr);
                s[i] = lr[0];
                s[i + 1] = lr[1];
            }
        }

        private void mix(byte[] data, int[] j, int[] lr) {
            if (data != null) {
                lr[0] ^= streamToWord(data, j);
                lr[1] ^= streamToWord(data, j);
            }
            encipher(lr, 0);
        }
    }

    private static int streamToWord(byte[] data, int[] j) {
        int w = 0;
        for (int i = 0; i < 4; i++) {
            if (j[0] >= data.length) {
                j[0] = 0;
            }
            w = (w << 8) | (data[j[0]++] & 0xff);
        }
        return w;
    }

    private static byte[] hash(byte[] sha2pass, byte[] sha2salt) {
        State st = new State();
        st.expand(sha2salt, sha2pass);
        for (int i = 0; i < 64; i++) {
            st.expand(null, sha2salt);
            st.expand(null, sha2pass);
        }
        int[] cdata = new int[8];
        int[] j = {0};
        for (int i = 0; i < 8; i++) {
            cdata[i] = streamToWord(MAGIC, j);
        }
        for (int i = 0; i < 64; i++) {
            for (int b = 0; b < 8; b += 2) {
                st.encipher(cdata, b);
            }
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) { // little-endian words, as bcrypt_hash writes them
            out[4 * i + 3] = (byte) (cdata[i] >>> 24);
            out[4 * i + 2] = (byte) (cdata[i] >>> 16);
            out[4 * i + 1] = (byte) (cdata[i] >>> 8);
            out[4 * i] = (byte) cdata[i];
        }
        return out;
    }

    private static byte[] sha512(byte[]... parts) {
        SHA512Digest d = new SHA512Digest();
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[64];
        d.doFinal(out, 0);
        return out;
    }

    static byte[] derive(byte[] password, byte[] salt, int rounds, int keyLength) {
        if (rounds < 1 || keyLength < 1 || keyLength > 32 * 32 || salt.length == 0 || salt.length > 1 << 20) {
            throw new IllegalArgumentException("bad bcrypt_pbkdf parameters");
        }
        byte[] key = new byte[keyLength];
        int stride = (keyLength + 31) / 32;
        int amt = (keyLength + stride - 1) / stride;
        byte[] sha2pass = sha512(password);
        int remaining = keyLength;
        for (int count = 1; remaining > 0; count++) {
            byte[] countBytes = {(byte) (count >>> 24), (byte) (count >>> 16), (byte) (count >>> 8), (byte) count};
            byte[] tmp = hash(sha2pass, sha512(salt, countBytes));
            byte[] out = tmp.clone();
            for (int r = 1; r < rounds; r++) {
                tmp = hash(sha2pass, sha512(tmp));
                for (int i = 0; i < 32; i++) {
                    out[i] ^= tmp[i];
                }
            }
            amt = Math.min(amt, remaining);
            int i;
            for (i = 0; i < amt; i++) {
                int dest = i * stride + (count - 1);
                if (dest >= keyLength) {
                    break;
                }
                key[dest] = out[i];
            }
            remaining -= i;
        }
        return key;
    }
}
