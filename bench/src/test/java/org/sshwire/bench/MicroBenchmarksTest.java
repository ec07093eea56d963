package org.sshwire.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;
import org.sshwire.sftp.internal.SftpPacket;
import org.sshwire.sftp.StatusCode;
import org.sshwire.transport.internal.kex.KexAlgorithm;
import org.sshwire.transport.internal.kex.KexResult;
import org.sshwire.transport.internal.kex.KeyExchange;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.Payload;

/**
 * Runs every micro-benchmark once per {@code @Param} value, without JMH, and checks it does the
 * work its Javadoc says: a benchmark that silently measured a failure would still give numbers.
 */
class MicroBenchmarksTest {
    /** The {@code @Param} values JMH will run, read from the annotation so new ones are covered. */
    private static String[] params(Class<?> state, String field) throws NoSuchFieldException {
        return state.getField(field).getAnnotation(Param.class).value();
    }

    private static KexBenchmark.Exchange exchange(String kex) throws Exception {
        KexBenchmark.Exchange x = new KexBenchmark.Exchange();
        x.kex = kex;
        x.setup();
        return x;
    }

    private static int hashLength(KexAlgorithm alg) {
        return KexBenchmark.CRYPTO.digest(alg.hash()).digest().length;
    }

    @Test
    void serverSideOfEveryKexAnswersWithAReplyTheClientAcceptsAndDerivesTheSameH() throws Exception {
        KexBenchmark bench = new KexBenchmark();
        for (String kex : params(KexBenchmark.Exchange.class, "kex")) {
            KexBenchmark.Exchange x = exchange(kex);
            List<Payload> reply = bench.server(x);
            assertEquals(1, reply.size(), kex);
            // The client the recorded exchange left waiting takes this reply instead of the recorded one.
            KeyExchange client = x.recordedClient;
            client.receive(reply.get(0));
            KexResult r = client.result();
            assertNotNull(r, kex);
            assertEquals(hashLength(x.alg), r.h().length, kex);
            assertTrue(SshPublicKey.parse(r.hostKeyBlob()).verify(x.clientCtx.hostKeyAlgorithm(), r.signature(), r.h(),
                    KexBenchmark.CRYPTO), kex + ": the server's signature covers the H the client derived");
            // A fresh server key pair: not the recorded K.
            assertFalse(Arrays.equals(x.recorded.encodedK(), r.encodedK()), kex);
        }
    }

    @Test
    void clientSideOfEveryKexDerivesAFreshSecretAndVerifiesTheHostSignature() throws Exception {
        KexBenchmark bench = new KexBenchmark();
        for (String kex : params(KexBenchmark.Exchange.class, "kex")) {
            KexBenchmark.Exchange x = exchange(kex);
            // The recorded exchange itself: both sides agree on K and H.
            x.recordedClient.receive(x.toClient.get(x.toClient.size() - 1));
            assertArrayEquals(x.recorded.encodedK(), x.recordedClient.result().encodedK(), kex);
            assertArrayEquals(x.recorded.h(), x.recordedClient.result().h(), kex);
            KexResult r = bench.client(x); // throws if the host signature does not verify
            assertEquals(x.recorded.hostKeyBlob(), r.hostKeyBlob(), kex);
            assertEquals(hashLength(x.alg), r.h().length, kex);
            assertFalse(Arrays.equals(x.recorded.encodedK(), r.encodedK()), kex + ": a fresh client key pair");
        }
    }

    @Test
    void everyHostKeySignsAndVerifies() throws Exception {
        KexBenchmark bench = new KexBenchmark();
        for (String alg : params(KexBenchmark.HostKey.class, "hostKey")) {
            KexBenchmark.HostKey k = new KexBenchmark.HostKey();
            k.hostKey = alg;
            k.setup();
            assertTrue(bench.hostKeyVerify(k), alg);
            k.signature = bench.hostKeySign(k);
            assertTrue(bench.hostKeyVerify(k), alg);
            k.h[0] ^= 1;
            assertFalse(bench.hostKeyVerify(k), alg + ": verify rejects another H");
            if (alg.startsWith("rsa-")) {
                // string "ssh-rsa", mpint e, mpint n: n of 3072 bits is 385 bytes with its sign byte.
                assertEquals(4 + 7 + 4 + 3 + 4 + 385, k.blob.length(), "a 3072-bit RSA key");
            }
        }
    }

    private static SftpPacket decodeFrame(ByteBuffer frame) {
        byte[] b = new byte[frame.remaining()];
        frame.get(b);
        assertEquals(b.length - 4, ByteBuffer.wrap(b).getInt(), "frame length");
        return SftpPacket.decode(SftpCodecBenchmark.unframe(b));
    }

    @Test
    void serverWritesThenReadsBackTheSame32KiB() {
        SftpCodecBenchmark b = new SftpCodecBenchmark();
        b.setup();
        assertEquals(SftpPacket.Status.of(3, StatusCode.OK), decodeFrame(b.serverWrite()));
        assertArrayEquals(b.payload, b.fs.content);
        byte[] reply = b.serverRead();
        assertEquals(new SftpPacket.Data(4, Bytes.wrap(b.payload)), decodeFrame(ByteBuffer.wrap(reply)));
        // Again, from a recycled frame.
        Arrays.fill(reply, (byte) 0);
        assertEquals(new SftpPacket.Data(4, Bytes.wrap(b.payload)), decodeFrame(ByteBuffer.wrap(b.serverRead())));
    }

    @Test
    void serverAnswersStatAndReaddirWithFullAttributes() {
        SftpCodecBenchmark b = new SftpCodecBenchmark();
        b.setup();
        assertEquals(new SftpPacket.Attrs(5, SftpCodecBenchmark.ATTRS), decodeFrame(b.serverStat()));
        SftpPacket name = decodeFrame(b.serverReaddir());
        assertEquals(new SftpPacket.Name(6, b.fs.entries), name);
        assertEquals(SftpCodecBenchmark.ENTRIES, ((SftpPacket.Name) name).entries().size());
    }

    @Test
    void clientDecodesWhatWasEncoded() {
        SftpCodecBenchmark b = new SftpCodecBenchmark();
        b.setup();
        assertEquals(b.write, decodeFrame(ByteBuffer.wrap(b.clientEncodeWrite())));
        assertEquals(new SftpPacket.Data(4, Bytes.wrap(b.payload)), b.clientDecodeData());
        assertEquals(new SftpPacket.Name(6, b.fs.entries), b.clientDecodeName());
        assertEquals(new SftpPacket.Attrs(5, SftpCodecBenchmark.ATTRS), b.clientDecodeAttrs());
    }

    @Test
    void curve25519ImplementationsAgreeWithEachOther() throws Exception {
        java.util.Map<String, Object[]> results = new java.util.LinkedHashMap<>();
        for (String impl : params(Curve25519Benchmark.class, "impl")) {
            Curve25519Benchmark b = new Curve25519Benchmark();
            b.impl = impl;
            b.setup();
            // the same inputs for every implementation
            Curve25519Benchmark first = new Curve25519Benchmark();
            first.setup();
            b.priv = first.priv.clone();
            b.peerPublic = first.peerPublic.clone();
            b.seed = first.seed.clone();
            b.edPublic = first.edPublic.clone();
            b.data = first.data.clone();
            b.signature = first.signature.clone();
            assertTrue(b.ed25519Verify(), impl + ": a valid signature verifies");
            b.data[0] ^= 1;
            assertFalse(b.ed25519Verify(), impl + ": a changed message does not verify");
            b.data[0] ^= 1;
            byte[] pub = b.x25519Public();
            byte[] k = b.x25519Agree();
            byte[] sig = b.ed25519Sign();
            assertEquals(32, pub.length, impl);
            assertEquals(32, k.length, impl);
            // Ed25519 is deterministic (RFC 8032 §5.1.6): the same seed and message, the same signature.
            assertArrayEquals(first.signature, sig, impl + ": signature");
            assertArrayEquals(Curve25519Benchmark.BC.keyAgreements().x25519Public(first.priv), pub, impl + ": X25519 public key");
            assertArrayEquals(Curve25519Benchmark.BC.keyAgreements().x25519Agree(first.priv, first.peerPublic), k, impl + ": X25519 secret");
            results.put(impl, new Object[] {pub, k, sig});
        }
        assertEquals(2, results.size());
    }
}
