package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.Permissions;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.auth.files.KnownHosts;
import org.sshwire.connection.channel.GlobalReply;
import org.sshwire.connection.internal.channel.HostKeysProof;
import org.sshwire.connection.client.HostKeyUpdate;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;

/** hostkeys-00 / hostkeys-prove-00 (OpenSSH PROTOCOL §2.5) between our SshServer and SshClient. */
class HostKeyAnnouncementTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final SshKeyPair ED = SshKeyPair.generate("ssh-ed25519", 0, C);
    static final SshKeyPair EC = SshKeyPair.generate("ecdsa-sha2-nistp256", 0, C);
    static final SshKeyPair RSA = SshKeyPair.generate("ssh-rsa", 2048, C);
    static final SshKeyPair ALICE = SshKeyPair.generate("ssh-ed25519", 0, C);

    @TempDir
    Path dir;
    SshServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    SshServer.Builder base() {
        return SshServer.builder().listen("127.0.0.1", 0).hostKey(ED).hostKey(EC).hostKey(RSA)
                .auth(ServerAuthPolicy.builder().publicKeys((u, k, a) -> Optional.of(Permissions.DEFAULT)).build());
    }

    SshClient.Builder client() {
        return SshClient.builder("alice").identity(ALICE).timeout(Duration.ofSeconds(20))
                .hostKeyVerifier((h, p, k) -> k.equals(ED.publicKey()));
    }

    @Test
    void everyHostKeyIsAnnouncedAndProvenToTheClient() throws Exception {
        server = base().build().start();
        CompletableFuture<HostKeyUpdate> got = new CompletableFuture<>();
        try (SshClient c = client().hostKeysAnnounced(got::complete).connect("127.0.0.1", server.port())) {
            HostKeyUpdate u = got.get(20, TimeUnit.SECONDS);
            assertEquals(Set.of(ED.publicKey(), EC.publicKey(), RSA.publicKey()), Set.copyOf(u.provenKeys()));
            assertEquals(3, u.provenKeys().size());
            assertEquals(List.of(), u.unprovenKeys());
            assertEquals(List.of(), u.unsupportedKeys());
            assertEquals("127.0.0.1", u.host());
            assertEquals(server.port(), u.port());
        }
    }

    @Test
    void rsaProofsFollowTheNegotiatedRsaAlgorithm() throws Exception {
        server = base().build().start();
        CompletableFuture<HostKeyUpdate> got = new CompletableFuture<>();
        try (SshClient c = client().hostKeyVerifier((h, p, k) -> k.equals(RSA.publicKey()))
                .transport(t -> t.hostKeyAlgorithms(List.of("rsa-sha2-256")))
                .hostKeysAnnounced(got::complete).connect("127.0.0.1", server.port())) {
            assertEquals("rsa-sha2-256", c.info().algorithms().hostKey());
            HostKeyUpdate u = got.get(20, TimeUnit.SECONDS);
            assertEquals(3, u.provenKeys().size(), u.toString());
        }
    }

    @Test
    void noAnnouncementWhenTurnedOff() throws Exception {
        server = base().announceHostKeys(false).handler(s -> s.exit(0)).build().start();
        CompletableFuture<HostKeyUpdate> got = new CompletableFuture<>();
        try (SshClient c = client().hostKeysAnnounced(got::complete).connect("127.0.0.1", server.port())) {
            assertEquals(0, c.exec("x").waitFor()); // a round trip after authentication: an announcement would have arrived
            // with announcements on, the proven update arrives well within this
            assertThrows(java.util.concurrent.TimeoutException.class, () -> got.get(2, TimeUnit.SECONDS));
        }
    }

    @Test
    void theServerRefusesToProveKeysItDoesNotHold() throws Exception {
        server = base().build().start();
        SshKeyPair stranger = SshKeyPair.generate("ssh-ed25519", 0, C);
        try (SshClient c = client().connect("127.0.0.1", server.port())) {
            GlobalReply mixed = prove(c, List.of(EC.publicKey().blob(), stranger.publicKey().blob()));
            assertFalse(mixed.success());
            GlobalReply tooMany = prove(c, List.of(EC.publicKey().blob(), EC.publicKey().blob(), EC.publicKey().blob(),
                    EC.publicKey().blob()));
            assertFalse(tooMany.success(), "more keys than the server holds");
            GlobalReply ok = prove(c, List.of(RSA.publicKey().blob(), EC.publicKey().blob()));
            assertTrue(ok.success());
            List<Bytes> sigs = GlobalRequestBody.HostKeysProve.proofs(ok.data());
            Bytes sid = c.connection().sessionId();
            String alg = c.info().algorithms().hostKey();
            assertTrue(HostKeysProof.verify(RSA.publicKey(), sigs.get(0), sid, alg, C));
            assertTrue(HostKeysProof.verify(EC.publicKey(), sigs.get(1), sid, alg, C));
            assertFalse(HostKeysProof.verify(EC.publicKey(), sigs.get(0), sid, alg, C), "order matters");
            assertTrue(c.connection().isOpen());
        }
    }

    private static GlobalReply prove(SshClient c, List<Bytes> keys) throws IOException {
        GlobalRequestBody b = new GlobalRequestBody.HostKeysProve(keys);
        return c.connection().sendGlobalRequest(b.requestName(), true, b.toBytes());
    }

    @Test
    void knownHostsComparisonFindsNewAndRetiredKeysAndAppendsOnlyProvenOnes() throws Exception {
        SshKeyPair retired = SshKeyPair.generate("ecdsa-sha2-nistp384", 0, C);
        server = base().build().start();
        int port = server.port();
        Path kh = dir.resolve("known_hosts");
        Files.write(kh, List.of(KnownHosts.formatLine("127.0.0.1", port, ED.publicKey(), false, C),
                KnownHosts.formatLine("127.0.0.1", port, retired.publicKey(), false, C),
                KnownHosts.formatLine("other.example", 22, RSA.publicKey(), false, C)));
        CompletableFuture<HostKeyUpdate> got = new CompletableFuture<>();
        try (SshClient c = client().hostKeysAnnounced(got::complete).connect("127.0.0.1", port)) {
            HostKeyUpdate u = got.get(20, TimeUnit.SECONDS);
            KnownHosts before = KnownHosts.parse(Files.readString(kh));
            assertEquals(Set.of(EC.publicKey(), RSA.publicKey()), Set.copyOf(u.newKeys(before)));
            assertEquals(List.of(retired.publicKey()), u.noLongerOffered(before));
            assertEquals(2, u.appendNewKeys(kh, false).size());
            KnownHosts after = KnownHosts.parse(Files.readString(kh));
            for (SshPublicKey k : List.of(ED.publicKey(), EC.publicKey(), RSA.publicKey())) {
                assertEquals(KnownHosts.Status.MATCH, after.lookup("127.0.0.1", port, k));
            }
            assertEquals(List.of(), u.newKeys(after));
            assertEquals(0, u.appendNewKeys(kh, false).size(), "idempotent");
            assertEquals(5, after.entries().size());
        }
        // An unproven key is reported and never appended.
        SshKeyPair forged = SshKeyPair.generate("ssh-ed25519", 0, C);
        HostKeyUpdate u = new HostKeyUpdate("127.0.0.1", port, List.of(ED.publicKey()), List.of(forged.publicKey()), List.of());
        Path fresh = dir.resolve("fresh");
        assertEquals(List.of(ED.publicKey()), u.appendNewKeys(fresh, true));
        assertEquals(1, KnownHosts.parse(Files.readString(fresh)).entries().size());
        assertEquals(KnownHosts.Status.MISMATCH, KnownHosts.parse(Files.readString(fresh)).lookup("127.0.0.1", port, forged.publicKey()));
        assertEquals(KnownHosts.Status.MATCH, KnownHosts.parse(Files.readString(fresh)).lookup("127.0.0.1", port, ED.publicKey()));
    }
}
