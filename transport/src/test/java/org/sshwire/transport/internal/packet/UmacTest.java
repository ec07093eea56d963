package org.sshwire.transport.internal.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.Bytes;

/**
 * UMAC known answers. The 32-, 64- and 96-bit tags are RFC 4418 Appendix "Test Vectors" (key
 * "abcdefghijklmnop", nonce "bcdefghi"), typed in from the RFC. The RFC has no 128-bit column; the
 * 128-bit tags are nettle's testsuite/umac-test.c values for the same inputs, whose first 12 bytes
 * are the RFC's 96-bit tags (the fourth UHASH iteration only appends). The 'a' * 2^25 row is
 * RFC 4418 erratum 3507's corrected 64-bit value (the published one came from code that mishandled
 * the switch to POLY-128 past 2^24 bytes; SSH packets never get near it).
 */
class UmacTest {
    static final byte[] KEY = "abcdefghijklmnop".getBytes(StandardCharsets.US_ASCII);
    static final long NONCE = bytesToLong("bcdefghi");

    static long bytesToLong(String s) {
        long v = 0;
        for (byte b : s.getBytes(StandardCharsets.US_ASCII)) {
            v = (v << 8) | (b & 0xff);
        }
        return v;
    }

    static byte[] repeat(String s, int times) {
        return s.repeat(times).getBytes(StandardCharsets.US_ASCII);
    }

    static Stream<Arguments> rfc4418() {
        return Stream.of(
                Arguments.of("<empty>", new byte[0], "113145FB", "6E155FAD26900BE1", "32FEDB100C79AD58F07FF764"),
                Arguments.of("'a' * 3", repeat("a", 3), "3B91D102", "44B5CB542F220104", "185E4FE905CBA7BD85E4C2DC"),
                Arguments.of("'a' * 2^10", repeat("a", 1 << 10), "599B350B", "26BF2F5D60118BD9", "7A54ABE04AF82D60FB298C3C"),
                Arguments.of("'a' * 2^15", repeat("a", 1 << 15), "58DCF532", "27F8EF643B0D118D", "7B136BD911E4B734286EF2BE"),
                Arguments.of("'a' * 2^20", repeat("a", 1 << 20), "DB6364D1", "A4477E87E9F55853", "F8ACFA3AC31CFEEA047F7B11"),
                Arguments.of("'abc' * 1", repeat("abc", 1), "ABF3A3A0", "D4D7B9F6BD4FBFCF", "883C3D4B97A61976FFCF2323"),
                Arguments.of("'abc' * 500", repeat("abc", 500), "ABEB3C8B", "D4CF26DDEFD5C01A", "8824A260C53C66A36C9260A6"));
    }

    static Stream<Arguments> rfc4418BothBackends() {
        return rfc4418().flatMap(a -> Stream.of(CryptoBackend.defaultBackend(), CryptoBackend.bcOnly())
                .map(b -> Arguments.of(b, a.get()[0], a.get()[1], a.get()[2], a.get()[3], a.get()[4])));
    }

    static String tag(CryptoBackend backend, byte[] m, int tagLength) {
        return Bytes.of(new Umac(backend::aes, KEY, tagLength).tag(m, 0, m.length, NONCE)).toHex().toUpperCase();
    }

    @ParameterizedTest(name = "{1} / {0}")
    @MethodSource("rfc4418BothBackends")
    void rfc4418Vectors(CryptoBackend backend, String name, byte[] m, String t32, String t64, String t96) {
        assertEquals(t32, tag(backend, m, 4));
        assertEquals(t64, tag(backend, m, 8));
        assertEquals(t96, tag(backend, m, 12));
    }

    static Stream<Arguments> nettle128() {
        return Stream.of(
                Arguments.of(new byte[0], "32FEDB100C79AD58F07FF7643CC60465"),
                Arguments.of(repeat("a", 3), "185E4FE905CBA7BD85E4C2DC3D117D8D"),
                Arguments.of(repeat("a", 1 << 10), "7A54ABE04AF82D60FB298C3CBD195BCB"),
                Arguments.of(repeat("a", 1 << 15), "7B136BD911E4B734286EF2BE501F2C3C"),
                Arguments.of(repeat("a", 1 << 20), "F8ACFA3AC31CFEEA047F7B115B03BEF5"));
    }

    @ParameterizedTest
    @MethodSource("nettle128")
    void umac128Vectors(byte[] m, String t128) {
        assertEquals(t128, tag(CryptoBackend.defaultBackend(), m, 16));
    }

    @org.junit.jupiter.api.Test
    void pastTwoToTheTwentyFourBytesPoly128TakesOverAsErratum3507Says() {
        assertEquals("FACA46F856E9B45F", tag(CryptoBackend.defaultBackend(), repeat("a", 1 << 25), 8));
    }

    /** OpenSSH's nonce is the sequence number, 8 bytes big-endian: the packet MAC equals tag() with it. */
    @org.junit.jupiter.api.Test
    void packetMacUsesTheSequenceNumberAsNonce() {
        byte[] m = repeat("abc", 100);
        Umac u = new Umac(CryptoBackend.defaultBackend()::aes, KEY, 8);
        for (int seq : new int[] {0, 1, 2, 7, -1}) {
            byte[] out = new byte[8];
            u.compute(seq, m, 0, m.length, out, 0);
            assertEquals(Bytes.of(new Umac(CryptoBackend.bcOnly()::aes, KEY, 8).tag(m, 0, m.length,
                    Integer.toUnsignedLong(seq))), Bytes.of(out));
        }
    }
}
