package org.sshwire.transport.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshWriter;

/** Every key parser is total: arbitrary input gives a value or a KeyFormatException, nothing else. */
class KeyParsersProperties {
    private static final CryptoBackend CRYPTO = CryptoBackend.defaultBackend();
    private static final SshKeyPair ED = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO);
    private static final SshKeyPair EC = SshKeyPair.generate("ecdsa-sha2-nistp256", 0, CRYPTO);
    private static final SshKeyPair RSA = SshKeyPair.generate("ssh-rsa", 2048, CRYPTO);
    private static final List<SshKeyPair> PAIRS = List.of(ED, EC, RSA);

    /** A real certificate, signed by us, to mutate. */
    private static final Bytes CERT = certBlob();

    private static Bytes certBlob() {
        SshWriter w = new SshWriter().writeUtf8("ssh-ed25519-cert-v01@openssh.com").writeString(new byte[32])
                .writeString(((Ed25519PublicKey) ED.publicKey()).key())
                .writeUint64(7).writeUint32(1).writeUtf8("id")
                .writeString(new SshWriter().writeUtf8("alice").toByteArray())
                .writeUint64(0).writeUint64(-1)
                .writeString(new SshWriter().writeUtf8("force-command").writeString(new SshWriter().writeUtf8("/bin/ls").toByteArray()).toByteArray())
                .writeString(new SshWriter().writeUtf8("permit-pty").writeUint32(0).toByteArray())
                .writeString(new byte[0]).writeString(EC.publicKey().blob());
        byte[] signed = w.toByteArray();
        return Bytes.wrap(w.writeString(EC.sign(SignatureAlgorithm.ECDSA_SHA2_NISTP256, signed, CRYPTO)).toByteArray());
    }

    private static void total(Runnable r) {
        try {
            r.run();
        } catch (KeyFormatException expected) {
            // the typed error
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedBlobs() {
        List<Bytes> seeds = List.of(ED.publicKey().blob(), EC.publicKey().blob(), RSA.publicKey().blob(), CERT);
        return Combinators.combine(Arbitraries.of(seeds), Arbitraries.integers().between(0, 5000),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 6000))
                .as((seed, at, value, cut) -> {
                    byte[] b = seed.toArray();
                    b[at % b.length] = (byte) value.intValue();
                    return java.util.Arrays.copyOf(b, Math.min(b.length, cut));
                });
    }

    @net.jqwik.api.Example
    void certificateTestBlobIsValid() {
        SshCertificate c = SshCertificate.parse(CERT);
        assertTrue(c.verifySignature(CRYPTO));
    }

    @Property(tries = 2000)
    void publicKeyBlobParserIsTotal(@ForAll @Size(max = 600) byte[] bytes) {
        total(() -> SshPublicKey.parse(Bytes.wrap(bytes)));
        total(() -> SshCertificate.parse(Bytes.wrap(bytes)));
        total(() -> SignatureBlob.parse(Bytes.wrap(bytes)));
    }

    @Property(tries = 3000)
    void mutatedKeyAndCertificateBlobsParseOrFailTyped(@ForAll("mutatedBlobs") byte[] bytes) {
        total(() -> {
            SshPublicKey k = SshPublicKey.parse(Bytes.wrap(bytes));
            if (k instanceof SshCertificate c) {
                c.verifySignature(CRYPTO);
                c.criticalOptions().forEach(SshCertificate.CertOption::value);
                c.toString();
            }
            k.fingerprintSha256();
            k.toOpenSshLine("c");
        });
    }

    @Property(tries = 1000)
    void verifyIsFailClosedOnArbitrarySignatureBlobs(@ForAll @Size(max = 600) byte[] sig, @ForAll @IntRange(max = 17) int alg,
                                                     @ForAll @IntRange(max = 2) int key) {
        SignatureAlgorithm a = SignatureAlgorithm.ALL.get(alg);
        Bytes blob = new SshWriter().writeUtf8(a.signatureName()).writeString(sig).toBytes();
        assertFalse(PAIRS.get(key).publicKey().verify(a, blob, new byte[] {1, 2, 3}, CRYPTO));
        assertFalse(PAIRS.get(key).publicKey().verify(a, Bytes.wrap(sig), new byte[] {1, 2, 3}, CRYPTO));
    }

    @Property(tries = 100)
    void signaturesVerifyAndAnyChangeToTheDataFails(@ForAll @Size(max = 200) byte[] data, @ForAll @IntRange(max = 2) int key) {
        SshKeyPair kp = PAIRS.get(key);
        for (SignatureAlgorithm a : SignatureAlgorithm.forKeyType(kp.publicKey().keyType())) {
            Bytes sig = kp.sign(a, data, CRYPTO);
            assertTrue(kp.publicKey().verify(a, sig, data, CRYPTO));
            byte[] other = java.util.Arrays.copyOf(data, data.length + 1);
            assertFalse(kp.publicKey().verify(a, sig, other, CRYPTO));
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedKeyFiles() {
        List<byte[]> seeds = List.of(
                KeyFiles.writeOpenSsh(ED, null, "c", CRYPTO), KeyFiles.writeOpenSsh(EC, null, "c", CRYPTO),
                KeyFiles.writeOpenSsh(RSA, null, "c", CRYPTO));
        return Combinators.combine(Arbitraries.of(seeds), Arbitraries.integers().between(0, 3000),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 3000))
                .as((seed, at, value, cut) -> {
                    String text = new String(seed, StandardCharsets.US_ASCII);
                    String body = text.substring(text.indexOf('\n') + 1, text.indexOf("-----END")).replace("\n", "");
                    byte[] der = Base64.getDecoder().decode(body);
                    der[at % der.length] = (byte) value.intValue();
                    der = java.util.Arrays.copyOf(der, Math.max(1, Math.min(der.length, cut)));
                    return armor("OPENSSH PRIVATE KEY", der);
                });
    }

    private static byte[] armor(String label, byte[] der) {
        return ("-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + label + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Property(tries = 2000)
    void mutatedOpenSshKeyFilesParseOrFailTyped(@ForAll("mutatedKeyFiles") byte[] file) {
        total(() -> KeyFiles.readPrivateKey(file, null, CRYPTO));
    }

    @Property(tries = 2000)
    void armoredArbitraryBytesParseOrFailTyped(@ForAll @Size(max = 400) byte[] der,
                                               @ForAll @IntRange(max = 4) int label) {
        String l = List.of("OPENSSH PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY").get(label);
        total(() -> KeyFiles.readPrivateKey(armor(l, der), null, CRYPTO));
    }

    @Property(tries = 2000)
    void arbitraryFilesAndLinesParseOrFailTyped(@ForAll @Size(max = 400) byte[] file, @ForAll String line) {
        total(() -> KeyFiles.readPrivateKey(file, "pw".toCharArray(), CRYPTO));
        total(() -> KeyFiles.readPublicKeyLine(line));
        total(() -> KeyFiles.readPublicKeyLine("ssh-ed25519 " + line));
    }
}
