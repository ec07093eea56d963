package org.sshwire.auth.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.CertificateBuilder;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshWriter;

/** PROTOCOL.krl: what each section revokes, and that malformed KRLs fail cleanly. */
class KrlTest {
    private static final CryptoBackend C = CryptoBackend.defaultBackend();
    private static final SshKeyPair CA = SshKeyPair.generate("ssh-ed25519", 0, C);
    private static final SshKeyPair OTHER_CA = SshKeyPair.generate("ssh-ed25519", 0, C);
    private static final SshKeyPair A = SshKeyPair.generate("ssh-ed25519", 0, C);
    private static final SshKeyPair B = SshKeyPair.generate("ecdsa-sha2-nistp256", 256, C);

    private static SshCertificate cert(SshKeyPair ca, long serial, String id) {
        return new CertificateBuilder(A.publicKey(), SshCertificate.CertType.USER).keyId(id).serial(serial)
                .principals(List.of("u")).sign(ca, org.sshwire.transport.keys.SignatureAlgorithm.SSH_ED25519, C);
    }

    private static Krl roundTrip(Krl.Builder b) {
        return Krl.parse(b.build().encode(Instant.ofEpochSecond(1_700_000_000L)));
    }

    @Test
    void explicitKeysAndFingerprintsRevokeTheKeyAndItsCertificates() {
        Krl k = roundTrip(Krl.builder().revokeKey(A.publicKey()));
        assertTrue(k.isRevoked(A.publicKey()));
        assertTrue(k.isRevoked(cert(CA, 5, "x")), "a certificate of a revoked key");
        assertFalse(k.isRevoked(B.publicKey()));
        Krl sha256 = roundTrip(Krl.builder().revokeSha256(Krl.digest("SHA-256", B.publicKey().blob())));
        assertTrue(sha256.isRevoked(B.publicKey()));
        assertFalse(sha256.isRevoked(A.publicKey()));
        Krl sha1 = roundTrip(Krl.builder().revokeSha1(Krl.digest("SHA-1", B.publicKey().blob())));
        assertTrue(sha1.isRevoked(B.publicKey()));
        Krl caRevoked = roundTrip(Krl.builder().revokeKey(CA.publicKey()));
        assertTrue(caRevoked.isRevoked(cert(CA, 9, "y")), "a certificate signed by a revoked CA key");
    }

    @Test
    void serialsAndKeyIdsApplyUnderTheirCaOrAnyCa() {
        Krl k = roundTrip(Krl.builder().version(3).revokeSerials(CA.publicKey(), 10, 20).revokeSerials(CA.publicKey(), 21, 21)
                .revokeSerials(CA.publicKey(), 50, 50).revokeKeyId(CA.publicKey(), "bad").revokeKeyId(null, "bad-anywhere"));
        assertEquals(3, k.version());
        for (long s : new long[] {10, 15, 20, 21, 50}) {
            assertTrue(k.isRevoked(cert(CA, s, "fine")), "serial " + s);
        }
        for (long s : new long[] {9, 22, 49, 51}) {
            assertFalse(k.isRevoked(cert(CA, s, "fine")), "serial " + s);
        }
        assertFalse(k.isRevoked(cert(OTHER_CA, 15, "fine")), "another CA's serial 15");
        assertTrue(k.isRevoked(cert(CA, 99, "bad")));
        assertFalse(k.isRevoked(cert(OTHER_CA, 99, "bad")));
        assertTrue(k.isRevoked(cert(OTHER_CA, 99, "bad-anywhere")), "wildcard CA");
        assertFalse(k.isRevoked(cert(CA, 0, "fine")), "serial 0 is never revoked by number");
    }

    @Test
    void aSerialBitmapRevokesEachSetBit() {
        // offset 100, bits 0, 1, 2 and 5: serials 100-102 and 105.
        Bytes bitmap = new SshWriter().writeUint64(100).writeMpint(BigInteger.valueOf(0b100111)).toBytes();
        Krl k = Krl.parse(krl(certSection(0x22, bitmap)));
        for (long s = 98; s < 108; s++) {
            assertEquals(s >= 100 && s <= 102 || s == 105, k.isRevoked(cert(CA, s, "i")), "serial " + s);
        }
    }

    @Test
    void malformedKrlsAreRefusedWithAReason() {
        byte[] good = Krl.builder().revokeKey(A.publicKey()).build().encode(Instant.EPOCH);
        assertThrows(IllegalArgumentException.class, () -> Krl.parse(new byte[] {1, 2, 3}));
        int headerLength = header(1).length; // cut there, it is a valid KRL revoking nothing
        for (int cut = 1; cut < good.length; cut++) {
            if (cut == headerLength) {
                assertFalse(Krl.parse(Arrays.copyOf(good, cut)).isRevoked(A.publicKey()));
                continue;
            }
            byte[] t = Arrays.copyOf(good, cut);
            assertThrows(IllegalArgumentException.class, () -> Krl.parse(t), "truncated at " + cut);
        }
        List<byte[]> bad = List.of(
                krl(certSection(0x20, new SshWriter().writeUint64(0).toBytes())),          // serial 0
                krl(certSection(0x21, new SshWriter().writeUint64(9).writeUint64(3).toBytes())), // reversed range
                krl(certSection(0x22, new SshWriter().writeUint64(-2L).writeMpint(BigInteger.valueOf(7)).toBytes())), // overflow
                krl(certSection(0x77, Bytes.EMPTY)),                                        // unknown subsection
                krl(section(3, new SshWriter().writeString(new byte[19]).toBytes())),       // short SHA-1
                krl(section(5, new SshWriter().writeString(new byte[33]).toBytes())),       // long SHA-256
                krl(section(9, Bytes.EMPTY)),                                               // unknown section
                krl(section(4, Bytes.EMPTY), section(2, new SshWriter().writeString(A.publicKey().blob()).toBytes())),
                header(2));                                                                 // format version 2
        for (byte[] b : bad) {
            assertThrows(IllegalArgumentException.class, () -> Krl.parse(b));
        }
        // A signature section last is skipped, unverified, as sshd does.
        assertTrue(Krl.parse(krl(section(2, new SshWriter().writeString(A.publicKey().blob()).toBytes()),
                section(4, new SshWriter().writeString(CA.publicKey().blob()).toBytes()))).isRevoked(A.publicKey()));
    }

    @Test
    void arbitraryBytesAfterTheHeaderOnlyEverFailCleanly() {
        Random r = new Random(16);
        for (int i = 0; i < 2000; i++) {
            byte[] tail = new byte[r.nextInt(200)];
            r.nextBytes(tail);
            byte[] h = header(1);
            byte[] b = Arrays.copyOf(h, h.length + tail.length);
            System.arraycopy(tail, 0, b, h.length, tail.length);
            try {
                Krl.parse(b).isRevoked(A.publicKey());
            } catch (IllegalArgumentException expected) {
                // a reason, never another exception
            }
        }
    }

    private static byte[] header(int format) {
        return new SshWriter().writeUint64(KrlFormat.MAGIC).writeUint32(format).writeUint64(1).writeUint64(0).writeUint64(0)
                .writeString(Bytes.EMPTY).writeUtf8("").toByteArray();
    }

    private static Bytes section(int type, Bytes data) {
        return new SshWriter().writeByte(type).writeString(data).toBytes();
    }

    private static Bytes certSection(int subtype, Bytes data) {
        Bytes body = new SshWriter().writeString(CA.publicKey().blob()).writeString(Bytes.EMPTY)
                .writeByte(subtype).writeString(data).toBytes();
        return section(1, body);
    }

    private static byte[] krl(Bytes... sections) {
        SshWriter w = new SshWriter().writeRaw(header(1));
        for (Bytes s : sections) {
            w.writeRaw(s);
        }
        return w.toByteArray();
    }
}
