package org.sshwire.transport.internal.kex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMExtractor;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPublicKeyParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sshwire.transport.TransportException;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * {@code mlkem768nistp256-sha256} against answers computed here, independently of the exchange
 * under test, from the construction of draft-ietf-sshm-mlkem-hybrid-kex §2: C_INIT = ek ||
 * Q_C, S_REPLY = ct || Q_S, K_CL = the x-coordinate of the shared P-256 point as 32 fixed-length
 * bytes, K = string(SHA-256(K_PQ || K_CL)), H = SHA-256(V_C || V_S || I_C || I_S || K_S ||
 * string(C_INIT) || string(S_REPLY) || K). The ECDH half is computed with the JDK's SunEC
 * provider, the KEM half with Bouncy Castle's ML-KEM used directly (seeded deterministically), the
 * hashes with {@link MessageDigest}. OpenSSH 9.2 here has no ML-KEM/P-256 hybrid to talk to.
 *
 * <p>The ECDH scalars are chosen so that K_CL starts with a zero byte: an implementation that
 * wrote K_CL as an mpint (RFC 5656's form for plain ECDH) or stripped leading zeros gets a
 * different K and H.
 */
class MlKem768Nistp256KnownAnswerTest {
    private static final KexAlgorithm ALG = KexAlgorithm.MLKEM768NISTP256_SHA256;
    private static final byte[] SEED = sha256("mlkem768nistp256 client seed d", "z"); // 32 bytes, doubled below
    private static final SshKeyPair HOST_KEY = SshKeyPair.generate("ssh-ed25519", 0, CryptoBackend.defaultBackend());

    static Stream<CryptoBackend> backends() {
        return Stream.of(CryptoBackend.defaultBackend(), CryptoBackend.bcOnly());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void clientSendsEkThenUncompressedPointAndDerivesTheIndependentKAndH(CryptoBackend crypto) throws Exception {
        Scalars s = Scalars.withLeadingZeroSecret();
        byte[] seed = mlkemSeed();
        HybridKemExchange client = new HybridKemExchange(context(true, crypto), ALG,
                HybridKemExchange.Kem.MLKEM768, HybridKemExchange.Classical.NISTP256);
        client.useEphemeralKeys(fixed32(s.client), seed);
        List<Payload> sent = client.start();
        assertEquals(1, sent.size());
        assertEquals(HybridKemExchange.INIT, sent.get(0).msgId());

        byte[] ek = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, seed).getPublicKey();
        byte[] cInit = concat(ek, publicPoint(s.client));
        assertEquals(1184 + 65, cInit.length);
        assertArrayEquals(new SshWriter().writeString(cInit).toByteArray(), sent.get(0).body().toArray());

        // The server's half, computed without the code under test.
        SecretWithEncapsulation enc = new MLKEMGenerator(fixedRandom("encaps"))
                .generateEncapsulated(new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, ek));
        byte[] sReply = concat(enc.getEncapsulation(), publicPoint(s.server));
        byte[] kCl = jdkEcdh(s.server, s.client);
        assertEquals(0, kCl[0], "the chosen scalars give a K_CL with a leading zero byte");
        byte[] k = expectedK(enc.getSecret(), kCl);
        Bytes hostKey = HOST_KEY.publicBlobFor(SignatureAlgorithm.byName("ssh-ed25519"));
        byte[] h = expectedH(hostKey, cInit, sReply, k);

        byte[] reply = new SshWriter().writeString(hostKey).writeString(sReply).writeString(new byte[] {1}).toByteArray();
        assertEquals(List.of(), client.receive(new Payload(HybridKemExchange.REPLY, Bytes.of(reply))));
        assertArrayEquals(k, client.result().encodedK());
        assertArrayEquals(h, client.result().h());
        assertEquals(4 + 32, k.length, "K is a string of 32 bytes, never an mpint");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void serverRepliesCiphertextThenItsPointAndDerivesTheIndependentKAndH(CryptoBackend crypto) throws Exception {
        Scalars s = Scalars.withLeadingZeroSecret();
        byte[] seed = mlkemSeed();
        MLKEMPrivateKeyParameters dk = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, seed);
        byte[] cInit = concat(dk.getPublicKey(), publicPoint(s.client));

        HybridKemExchange server = new HybridKemExchange(context(false, crypto), ALG,
                HybridKemExchange.Kem.MLKEM768, HybridKemExchange.Classical.NISTP256);
        server.useEphemeralKeys(fixed32(s.server), null);
        assertEquals(List.of(), server.start());
        List<Payload> out = server.receive(new Payload(HybridKemExchange.INIT,
                Bytes.of(new SshWriter().writeString(cInit).toByteArray())));
        assertEquals(1, out.size());
        SshReader r = out.get(0).reader();
        Bytes hostKey = r.readString();
        byte[] sReply = r.readStringArray();
        r.readString();
        r.expectEnd();
        assertEquals(1088 + 65, sReply.length);
        byte[] ct = Arrays.copyOf(sReply, 1088);
        assertArrayEquals(publicPoint(s.server), Arrays.copyOfRange(sReply, 1088, sReply.length));

        byte[] kPq = new MLKEMExtractor(dk).extractSecret(ct);
        byte[] k = expectedK(kPq, jdkEcdh(s.client, s.server));
        assertArrayEquals(k, server.result().encodedK());
        assertArrayEquals(expectedH(hostKey, cInit, sReply, k), server.result().h());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void malformedClientInitIsAKeyExchangeFailure(CryptoBackend crypto) throws Exception {
        Scalars s = Scalars.withLeadingZeroSecret();
        byte[] ek = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, mlkemSeed()).getPublicKey();
        byte[] good = concat(ek, publicPoint(s.client));
        byte[] offCurve = good.clone();
        offCurve[offCurve.length - 1] ^= 1; // y no longer matches x
        byte[] compressed = concat(ek, Arrays.copyOf(publicPoint(s.client), 33));
        byte[] x25519Sized = concat(ek, new byte[32]);
        for (byte[] bad : List.of(offCurve, compressed, x25519Sized, Arrays.copyOf(good, good.length - 1))) {
            HybridKemExchange server = new HybridKemExchange(context(false, crypto), ALG,
                    HybridKemExchange.Kem.MLKEM768, HybridKemExchange.Classical.NISTP256);
            server.start();
            TransportException e = assertThrows(TransportException.class, () -> server.receive(
                    new Payload(HybridKemExchange.INIT, Bytes.of(new SshWriter().writeString(bad).toByteArray()))));
            assertEquals(DisconnectReason.KEY_EXCHANGE_FAILED, e.reason());
        }
    }

    // --- independent computation ---

    /** Two P-256 scalars, derived from fixed labels, whose shared x-coordinate starts with 0x00. */
    record Scalars(BigInteger client, BigInteger server) {
        static Scalars withLeadingZeroSecret() throws Exception {
            BigInteger n = NISTNamedCurves.getByName("P-256").getN();
            BigInteger a = new BigInteger(1, sha256("client scalar", "0")).mod(n);
            for (int i = 0; i < 100_000; i++) {
                BigInteger b = new BigInteger(1, sha256("server scalar", Integer.toString(i))).mod(n);
                if (jdkEcdh(a, b)[0] == 0) {
                    return new Scalars(a, b);
                }
            }
            throw new AssertionError("no scalar pair with a leading zero secret");
        }
    }

    private static byte[] mlkemSeed() {
        return concat(SEED, sha256("mlkem768nistp256 client seed z", "z"));
    }

    private static byte[] expectedK(byte[] kPq, byte[] kCl) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(kPq);
        d.update(kCl);
        return new SshWriter().writeString(d.digest()).toByteArray();
    }

    private static byte[] expectedH(Bytes hostKey, byte[] cInit, byte[] sReply, byte[] k) throws Exception {
        SshWriter w = new SshWriter();
        w.writeUtf8("SSH-2.0-client").writeUtf8("SSH-2.0-server");
        w.writeString(Bytes.utf8("I_C")).writeString(Bytes.utf8("I_S")).writeString(hostKey);
        w.writeString(cInit).writeString(sReply).writeRaw(k);
        return MessageDigest.getInstance("SHA-256").digest(w.toByteArray());
    }

    private static KexContext context(boolean client, CryptoBackend crypto) {
        return new KexContext(client, "SSH-2.0-client", "SSH-2.0-server", Bytes.utf8("I_C"), Bytes.utf8("I_S"),
                crypto, client ? null : HOST_KEY, client ? null : SignatureAlgorithm.byName("ssh-ed25519"), 0);
    }

    /** x(d_self · Q_peer) by SunEC, 32 bytes. */
    static byte[] jdkEcdh(BigInteger self, BigInteger peer) throws Exception {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC", "SunEC");
        p.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
        KeyFactory kf = KeyFactory.getInstance("EC", "SunEC");
        ECPrivateKey priv = (ECPrivateKey) kf.generatePrivate(new ECPrivateKeySpec(self, spec));
        byte[] q = publicPoint(peer);
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(q, 1, 33)), new BigInteger(1, Arrays.copyOfRange(q, 33, 65)));
        KeyAgreement ka = KeyAgreement.getInstance("ECDH", "SunEC");
        ka.init(priv);
        ka.doPhase(kf.generatePublic(new ECPublicKeySpec(w, spec)), true);
        return ka.generateSecret();
    }

    /** d·G uncompressed (0x04 || X || Y). */
    static byte[] publicPoint(BigInteger d) {
        return NISTNamedCurves.getByName("P-256").getG().multiply(d).normalize().getEncoded(false);
    }

    private static byte[] fixed32(BigInteger v) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return out;
    }

    private static SecureRandom fixedRandom(String label) {
        return new SecureRandom() {
            private int counter;

            @Override
            public void nextBytes(byte[] bytes) {
                for (int off = 0; off < bytes.length; off += 32) {
                    byte[] block = sha256(label, Integer.toString(counter++));
                    System.arraycopy(block, 0, bytes, off, Math.min(32, bytes.length - off));
                }
            }
        };
    }

    private static byte[] sha256(String a, String b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest((a + "/" + b).getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
