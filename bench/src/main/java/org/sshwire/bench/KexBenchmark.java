package org.sshwire.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.internal.kex.KexAlgorithm;
import org.sshwire.transport.internal.kex.KexContext;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.internal.kex.KexResult;
import org.sshwire.transport.internal.kex.KeyExchange;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.Payload;

/**
 * The public-key work of one key exchange, per method and per side, through the same
 * {@link KeyExchange} objects the transport drives (no sockets, no packet protection).
 *
 * <ul>
 * <li>{@code server}: one server side of an exchange: its ephemeral key pair (or the KEM
 *     encapsulation), the shared secret K, the exchange hash H and the host key's signature over
 *     H (RFC 4253 §8), answering a client's first message recorded at setup. For group exchange
 *     (RFC 4419) it also answers the group request.</li>
 * <li>{@code client}: one client side: a fresh ephemeral key pair, K and H from the server's
 *     reply, and the host key check the transport makes (parse K_S, verify its signature). The
 *     reply is the one recorded at setup, signed over the H of the setup's client; a fresh key
 *     pair gives a fresh H that no recorded signature covers, so the signature is verified over
 *     the H it was made for (verification costs the same whatever H is). For a KEM hybrid the
 *     fresh key decapsulates a ciphertext made for another key, which ML-KEM and sntrup761 answer
 *     by implicit rejection at the same cost.</li>
 * <li>{@code hostKeySign} / {@code hostKeyVerify}: one signature over a 64-byte H, and one
 *     parse + verify, per host key algorithm. The exchanges above sign with ssh-ed25519 (OpenSSH's
 *     default host key); for another host key add the difference between its sign (or verify) and
 *     ssh-ed25519's.</li>
 * </ul>
 *
 * <p>Run with {@code java -jar bench/target/benchmarks.jar KexBenchmark}. Scores are average
 * microseconds per operation (lower is better); one handshake costs roughly client + server.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class KexBenchmark {
    static final CryptoBackend CRYPTO = CryptoBackend.defaultBackend();

    /** One method's exchange, recorded once at setup, with an ssh-ed25519 host key. */
    @State(Scope.Thread)
    public static class Exchange {
        @Param({"mlkem768x25519-sha256", "sntrup761x25519-sha512", "curve25519-sha256",
            "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
            "diffie-hellman-group-exchange-sha256", "diffie-hellman-group14-sha256",
            "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512"})
        public String kex;

        KexAlgorithm alg;
        KexContext clientCtx;
        KexContext serverCtx;
        /** What each side received, in order, in the recorded exchange. */
        List<Payload> toServer;
        List<Payload> toClient;
        /** The recorded client, left waiting for the server's last message. */
        KeyExchange recordedClient;
        KexResult recorded;

        @Setup
        public void setup() {
            alg = KexAlgorithm.byName(kex);
            SignatureAlgorithm hostAlg = SignatureAlgorithm.SSH_ED25519;
            SshKeyPair hostKey = SshKeyPair.generate(hostAlg.keyType(), 0, CRYPTO);
            // Realistic I_C and I_S (RFC 4253 §7.1), hashed into H by every method.
            Bytes ic = kexInit(hostAlg).toPayload().toBytes();
            Bytes is = kexInit(hostAlg).toPayload().toBytes();
            clientCtx = new KexContext(true, "SSH-2.0-sshwire_bench", "SSH-2.0-sshwire_bench", ic, is, CRYPTO,
                    null, hostAlg, 3072);
            serverCtx = new KexContext(false, "SSH-2.0-sshwire_bench", "SSH-2.0-sshwire_bench", ic, is, CRYPTO,
                    hostKey, hostAlg, 0);
            // Run one exchange, keeping each message; the client does not get the server's last.
            KeyExchange client = alg.create(clientCtx);
            KeyExchange server = alg.create(serverCtx);
            server.start();
            toServer = new ArrayList<>();
            toClient = new ArrayList<>();
            List<Payload> out = client.start();
            while (server.result() == null) {
                if (out.isEmpty()) {
                    throw new IllegalStateException(kex + ": the exchange stalled");
                }
                List<Payload> replies = new ArrayList<>();
                for (Payload p : out) {
                    toServer.add(p);
                    replies.addAll(server.receive(p));
                }
                toClient.addAll(replies);
                out = new ArrayList<>();
                for (int i = 0; i < replies.size() && server.result() == null; i++) {
                    out.addAll(client.receive(replies.get(i)));
                }
            }
            recordedClient = client;
            recorded = server.result();
        }

        private static KexInit kexInit(SignatureAlgorithm hostAlg) {
            byte[] cookie = new byte[KexInit.COOKIE_LENGTH];
            CRYPTO.random().nextBytes(cookie);
            List<String> kexNames = KexAlgorithm.ALL.stream().map(KexAlgorithm::name).toList();
            return KexInit.of(Bytes.wrap(cookie), kexNames, List.of(hostAlg.name()),
                    List.of("chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com"),
                    List.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com"));
        }
    }

    /** One host key and a 64-byte H it signed at setup. */
    @State(Scope.Thread)
    public static class HostKey {
        @Param({"ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-256"})
        public String hostKey;

        SignatureAlgorithm alg;
        SshKeyPair key;
        Bytes blob;
        final byte[] h = new byte[64];
        Bytes signature;

        @Setup
        public void setup() {
            alg = SignatureAlgorithm.byName(hostKey);
            // 3072 bits: ssh-keygen's default RSA size.
            key = SshKeyPair.generate(alg.keyType(), alg.keyType().equals("ssh-rsa") ? 3072 : 0, CRYPTO);
            blob = key.publicKey().blob();
            CRYPTO.random().nextBytes(h);
            signature = key.sign(alg, h, CRYPTO);
        }
    }

    /** The client's part, ending when the transport would accept the host key. */
    @Benchmark
    public KexResult client(Exchange x) {
        KeyExchange kx = x.alg.create(x.clientCtx);
        kx.start();
        for (Payload p : x.toClient) {
            kx.receive(p);
        }
        KexResult r = kx.result();
        // What the transport's host key check does (RFC 4253 §8), over the recorded H (see class comment).
        if (!SshPublicKey.parse(r.hostKeyBlob()).verify(x.clientCtx.hostKeyAlgorithm(), r.signature(), x.recorded.h(), CRYPTO)) {
            throw new IllegalStateException("host key signature does not verify");
        }
        return r;
    }

    /** The server's part, up to and including its signed reply. */
    @Benchmark
    public List<Payload> server(Exchange x) {
        KeyExchange kx = x.alg.create(x.serverCtx);
        kx.start();
        List<Payload> last = null;
        for (Payload p : x.toServer) {
            last = kx.receive(p);
        }
        return last;
    }

    @Benchmark
    public Bytes hostKeySign(HostKey k) {
        return k.key.sign(k.alg, k.h, CRYPTO);
    }

    @Benchmark
    public boolean hostKeyVerify(HostKey k) {
        return SshPublicKey.parse(k.blob).verify(k.alg, k.signature, k.h, CRYPTO);
    }
}
