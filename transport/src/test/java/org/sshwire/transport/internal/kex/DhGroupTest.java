package org.sshwire.transport.internal.kex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The MODP groups are the RFC's safe primes, and the DH arithmetic validates what it gets. */
class DhGroupTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Group, bit length and the offset k of p = 2^s − 2^(s−64) − 1 + 2^64·(⌊2^(s−130)·π⌋ + k). */
    static Stream<Arguments> groups() {
        return Stream.of(
            Arguments.of(DhGroup.GROUP1, 1024, 129093), // RFC 2409 §6.2
            Arguments.of(DhGroup.GROUP14, 2048, 124476), // RFC 3526 §3
            Arguments.of(DhGroup.GROUP15, 3072, 1690314), // §4
            Arguments.of(DhGroup.GROUP16, 4096, 240904), // §5
            Arguments.of(DhGroup.GROUP17, 6144, 929484), // §6
            Arguments.of(DhGroup.GROUP18, 8192, 4743158)); // §7
    }

    @ParameterizedTest
    @MethodSource("groups")
    void primeIsTheRfcFormulaFromPi(DhGroup group, int bits, int offset) {
        BigInteger floorPi = piTimesPowerOfTwo(bits - 130);
        BigInteger expected = BigInteger.ONE.shiftLeft(bits)
            .subtract(BigInteger.ONE.shiftLeft(bits - 64))
            .subtract(BigInteger.ONE)
            .add(floorPi.add(BigInteger.valueOf(offset)).shiftLeft(64));
        assertEquals(expected, group.p(), group.name());
    }

    @ParameterizedTest
    @MethodSource("groups")
    void primeIsASafePrimeOfTheRightSizeWithGenerator2(DhGroup group, int bits, int offset) {
        assertEquals(bits, group.p().bitLength(), group.name());
        assertEquals(bits, group.bits());
        assertEquals(BigInteger.TWO, group.g());
        assertTrue(group.p().isProbablePrime(64), group.name() + " p");
        BigInteger q = group.p().subtract(BigInteger.ONE).shiftRight(1);
        assertTrue(q.isProbablePrime(64), group.name() + " (p-1)/2");
        // p ≡ 7 (mod 8) makes 2 a quadratic residue, so g = 2 generates the order-q subgroup.
        assertEquals(BigInteger.ONE, BigInteger.TWO.modPow(q, group.p()), group.name());
    }

    @Test
    void gexGroupsAreTheRfc3526SetOfAtLeast2048Bits() {
        assertEquals(List.of(DhGroup.GROUP14, DhGroup.GROUP15, DhGroup.GROUP16, DhGroup.GROUP17, DhGroup.GROUP18),
            DhGroup.GEX_GROUPS);
        DhGroup.GEX_GROUPS.forEach(g -> assertTrue(g.bits() >= 2048)); // RFC 8270 §3
    }

    @ParameterizedTest(name = "min {0}, preferred {1}, max {2} -> {3}")
    @CsvSource({
        "2048, 2048, 8192, 2048",
        "1024, 1024, 8192, 2048", // nothing under 2048: the smallest above (RFC 8270)
        "2048, 3072, 8192, 3072",
        "2048, 3000, 8192, 3072", // smallest at least preferred (RFC 4419 §3)
        "2048, 4097, 8192, 6144",
        "2048, 7680, 8192, 8192", // OpenSSH's usual request
        "2048, 8192, 8192, 8192",
        "2048, 8192, 9000, 8192",
        "2048, 9000, 9000, 8192", // none that large: the largest below preferred
        "2048, 5000, 5000, 4096", // max caps the choice
        "3072, 3072, 3072, 3072",
        "1024, 1024, 1024, 0", // nothing within [min, max]
        "2049, 2049, 3071, 0",
        "8193, 8193, 16384, 0",
        "4096, 2048, 8192, 0", // min > preferred: inconsistent
        "2048, 8192, 4096, 0", // preferred > max: inconsistent
    })
    void chooseForGex(int min, int preferred, int max, int expectedBits) {
        DhGroup chosen = DhGroup.chooseForGex(min, preferred, max);
        if (expectedBits == 0) {
            assertEquals(null, chosen);
        } else {
            assertEquals(expectedBits, chosen.bits());
            assertTrue(DhGroup.GEX_GROUPS.contains(chosen));
        }
    }

    @ParameterizedTest
    @MethodSource("groups")
    void twoPartiesAgree(DhGroup group, int bits, int offset) {
        BigInteger[] a = group.generate(RANDOM, 256);
        BigInteger[] b = group.generate(RANDOM, 256);
        assertEquals(group.g().modPow(a[0], group.p()), a[1]);
        BigInteger k = group.agree(a[0], b[1]);
        assertEquals(k, group.agree(b[0], a[1]));
        assertNotEquals(a[1], b[1]);
        // The exponent has at least twice the group's security strength (SP 800-56A).
        assertTrue(a[0].bitLength() >= 2 * group.securityBits() - 8, group.name() + " x bits " + a[0].bitLength());
        assertTrue(a[0].compareTo(group.p()) < 0);
    }

    @Test
    void exponentHonoursALargerRequest() {
        BigInteger[] xe = DhGroup.GROUP14.generate(RANDOM, 1024);
        assertTrue(xe[0].bitLength() > 1000 && xe[0].bitLength() <= 1024);
    }

    @ParameterizedTest
    @MethodSource("groups")
    void agreeRejectsPeerValuesOutsideTwoToPMinusTwo(DhGroup group, int bits, int offset) {
        BigInteger x = group.generate(RANDOM, 256)[0];
        BigInteger p = group.p();
        for (BigInteger bad : List.of(BigInteger.ZERO, BigInteger.ONE, p.subtract(BigInteger.ONE), p,
                p.add(BigInteger.ONE), BigInteger.ONE.negate(), BigInteger.TWO.negate(), p.negate())) {
            assertThrows(IllegalArgumentException.class, () -> group.agree(x, bad), group.name() + " " + bad);
            assertThrows(IllegalArgumentException.class, () -> group.checkPublic(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> group.agree(x, null));
        group.agree(x, BigInteger.TWO); // the bounds themselves are valid
        group.agree(x, p.subtract(BigInteger.TWO));
    }

    @Test
    void agreeRejectsAResultOfOne() {
        // An exponent that is a multiple of the subgroup order q sends 2 to 1: never a valid K.
        DhGroup group = DhGroup.GROUP14;
        BigInteger q = group.p().subtract(BigInteger.ONE).shiftRight(1);
        assertThrows(IllegalArgumentException.class, () -> group.agree(q, BigInteger.TWO));
    }

    @Test
    void constantsAreDistinctAndNamed() {
        assertSame(DhGroup.GROUP14, DhGroup.chooseForGex(2048, 2048, 2048));
        assertEquals("group14", DhGroup.GROUP14.name());
        assertThrows(IllegalArgumentException.class, () -> new DhGroup("x", BigInteger.ZERO, BigInteger.TWO));
    }

    /** ⌊2^e · π⌋ from Machin's formula π = 16·atan(1/5) − 4·atan(1/239), with guard bits. */
    private static BigInteger piTimesPowerOfTwo(int e) {
        int guard = 64;
        BigInteger one = BigInteger.ONE.shiftLeft(e + guard);
        BigInteger pi = arctanInverse(5, one).shiftLeft(4).subtract(arctanInverse(239, one).shiftLeft(2));
        return pi.shiftRight(guard);
    }

    /** atan(1/x) · one, by its Taylor series in fixed point. */
    private static BigInteger arctanInverse(int x, BigInteger one) {
        BigInteger xx = BigInteger.valueOf((long) x * x);
        BigInteger term = one.divide(BigInteger.valueOf(x));
        BigInteger sum = term;
        for (int n = 3; term.signum() != 0; n += 2) {
            term = term.divide(xx);
            BigInteger t = term.divide(BigInteger.valueOf(n));
            sum = ((n / 2) % 2 == 1) ? sum.subtract(t) : sum.add(t);
        }
        return sum;
    }
}
