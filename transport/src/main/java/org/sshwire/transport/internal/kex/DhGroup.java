package org.sshwire.transport.internal.kex;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;

/**
 * A finite-field Diffie-Hellman group (safe prime p, generator g) and the arithmetic SSH does
 * with it (RFC 4253 §8). Plain {@link BigInteger}, no crypto backend: only the private exponent
 * is secret, and it comes from the caller's {@link SecureRandom} (the backend's).
 *
 * <pre>{@code
 * BigInteger[] xe = DhGroup.GROUP14.generate(crypto.random(), 512);  // {x, e}
 * send(xe[1]);
 * BigInteger k = DhGroup.GROUP14.agree(xe[0], f);  // throws IllegalArgumentException on a bad f
 * }</pre>
 */
public record DhGroup(String name, BigInteger p, BigInteger g) {

    /** RFC 2409 §6.2 Second Oakley Group, 1024 bits: legacy diffie-hellman-group1-sha1 only. */
    public static final DhGroup GROUP1 = of("group1", ModpPrimes.P1024);
    /** RFC 3526 §3, 2048-bit MODP group (id 14). */
    public static final DhGroup GROUP14 = of("group14", ModpPrimes.P2048);
    /** RFC 3526 §4, 3072-bit MODP group (id 15). */
    public static final DhGroup GROUP15 = of("group15", ModpPrimes.P3072);
    /** RFC 3526 §5, 4096-bit MODP group (id 16). */
    public static final DhGroup GROUP16 = of("group16", ModpPrimes.P4096);
    /** RFC 3526 §6, 6144-bit MODP group (id 17). */
    public static final DhGroup GROUP17 = of("group17", ModpPrimes.P6144);
    /** RFC 3526 §7, 8192-bit MODP group (id 18). */
    public static final DhGroup GROUP18 = of("group18", ModpPrimes.P8192);

    /**
     * The groups a group-exchange server offers (RFC 4419), smallest first; all at least the
     * 2048 bits RFC 8270 §3 requires.
     */
    public static final List<DhGroup> GEX_GROUPS = List.of(GROUP14, GROUP15, GROUP16, GROUP17, GROUP18);

    public DhGroup {
        if (name == null || p == null || g == null || p.signum() <= 0 || g.signum() <= 0) {
            throw new IllegalArgumentException("DH group needs a name, p and g");
        }
    }

    private static DhGroup of(String name, String hex) {
        return new DhGroup(name, new BigInteger(hex, 16), BigInteger.TWO); // RFC 3526: generator 2
    }

    /** The size of p in bits. */
    public int bits() {
        return p.bitLength();
    }

    /**
     * Estimated security strength in bits (NIST SP 800-57 Part 1 table 2 for 1024/2048/3072; the
     * SP 800-56B rev. 2 appendix D formula for 4096/6144/8192), used to size the exponent.
     */
    public int securityBits() {
        int bits = bits();
        if (bits >= 8192) {
            return 200;
        } else if (bits >= 6144) {
            return 176;
        } else if (bits >= 4096) {
            return 152;
        } else if (bits >= 3072) {
            return 128;
        } else if (bits >= 2048) {
            return 112;
        }
        return 80;
    }

    /**
     * The server's choice for a group-exchange request (RFC 4419 §3): among {@link #GEX_GROUPS}
     * within [min, max], the smallest that is at least {@code preferred}, or else the largest
     * below it — what OpenSSH does too. Null when no group fits or the request is inconsistent
     * (min &gt; preferred or preferred &gt; max).
     *
     * <pre>{@code
     * DhGroup g = DhGroup.chooseForGex(2048, 3072, 8192);  // GROUP15
     * }</pre>
     */
    public static DhGroup chooseForGex(int min, int preferred, int max) {
        if (min > preferred || preferred > max) {
            return null;
        }
        DhGroup below = null;
        for (DhGroup group : GEX_GROUPS) { // ascending size
            int bits = group.bits();
            if (bits < min || bits > max) {
                continue;
            }
            if (bits >= preferred) {
                return group;
            }
            below = group;
        }
        return below;
    }

    /**
     * A private exponent x and the public value e = g^x mod p. x has at least
     * {@code exponentBits} bits and never fewer than twice {@link #securityBits()} (SP 800-56A
     * §5.6.1.1.1; OpenSSH uses 2 × the needed symmetric bits), and stays below p.
     *
     * @return {@code {x, e}}
     */
    public BigInteger[] generate(SecureRandom random, int exponentBits) {
        int bits = Math.min(Math.max(exponentBits, 2 * securityBits()), bits() - 1);
        while (true) {
            BigInteger x = new BigInteger(bits, random);
            if (x.bitLength() < bits - 8) {
                continue; // keep the full strength; a rare redraw
            }
            BigInteger e = g.modPow(x, p);
            if (isValidPublic(e)) {
                return new BigInteger[] {x, e};
            }
        }
    }

    /**
     * The shared secret K = peer^x mod p after checking peer ∈ [2, p−2] (RFC 4253 §8: "values
     * that are not in the range [1, p-1] MUST NOT be sent or accepted"; 1 and p−1 are the trivial
     * subgroup, excluded per SP 800-56A §5.6.2.3.1). A result of 1 is rejected too.
     *
     * @throws IllegalArgumentException for a bad peer value or a degenerate result
     */
    public BigInteger agree(BigInteger x, BigInteger peer) {
        checkPublic(peer);
        BigInteger k = peer.modPow(x, p);
        if (k.compareTo(BigInteger.ONE) <= 0) {
            throw new IllegalArgumentException("DH shared secret is degenerate");
        }
        return k;
    }

    /** Throws {@link IllegalArgumentException} unless 2 ≤ y ≤ p−2 (see {@link #agree}). */
    public void checkPublic(BigInteger y) {
        if (!isValidPublic(y)) {
            throw new IllegalArgumentException("DH public value outside [2, p-2] for " + name);
        }
    }

    private boolean isValidPublic(BigInteger y) {
        return y != null && y.compareTo(BigInteger.TWO) >= 0 && y.compareTo(p.subtract(BigInteger.TWO)) <= 0;
    }
}
