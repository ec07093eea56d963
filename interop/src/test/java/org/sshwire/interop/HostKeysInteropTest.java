package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.Permissions;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.auth.files.KnownHosts;
import org.sshwire.connection.client.HostKeyUpdate;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.server.ProcessHandler;
import org.sshwire.connection.server.SshServer;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * Host key rotation (OpenSSH PROTOCOL §2.5) against the real binaries: {@code ssh -o
 * UpdateHostKeys=yes} learns all of our server's keys (which it only does when our
 * hostkeys-prove-00 answers verify), and our client proves {@code sshd}'s announced keys.
 */
class HostKeysInteropTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();

    @TempDir
    Path dir;

    @Test
    void sshWithUpdateHostKeysLearnsAllThreeOfOurKeys() throws Exception {
        OpenSsh.require(OpenSsh.SSH);
        OpenSsh.require(OpenSsh.SSH_KEYGEN);
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f",
                dir.resolve("id").toString()), 60);
        assertEquals(0, r.exit(), r.stderr());
        Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"));
        SshKeyPair ed = SshKeyPair.generate("ssh-ed25519", 0, C);
        SshKeyPair ec = SshKeyPair.generate("ecdsa-sha2-nistp256", 0, C);
        SshKeyPair rsa = SshKeyPair.generate("ssh-rsa", 3072, C);
        try (SshServer server = SshServer.builder().listen("127.0.0.1", 0).hostKey(ed).hostKey(ec).hostKey(rsa)
                .auth(ServerAuthPolicy.builder().publicKeys(AuthorizedKeysVerifier.files(u -> dir.resolve("authorized_keys"), C)).build())
                .handler(ProcessHandler.asServerAccount()).build().start()) {
            int port = server.port();
            Path kh = dir.resolve("known_hosts");
            Files.write(kh, List.of(KnownHosts.formatLine("127.0.0.1", port, ed.publicKey(), false, C)));
            // The session lasts long enough for ssh to send hostkeys-prove-00 and handle our answer.
            r = OpenSsh.run(List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-i", dir.resolve("id").toString(),
                    "-o", "UpdateHostKeys=yes", "-o", "UserKnownHostsFile=" + kh, "-o", "GlobalKnownHostsFile=/dev/null",
                    "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "HashKnownHosts=no", "-v",
                    "-p", Integer.toString(port), "test@127.0.0.1", "sleep 1; echo done"), 60);
            assertEquals("done\n", r.stdout(), r.stderr());
            KnownHosts after = KnownHosts.parse(Files.readString(kh));
            for (SshKeyPair k : List.of(ed, ec, rsa)) {
                assertEquals(KnownHosts.Status.MATCH, after.lookup("127.0.0.1", port, k.publicKey()),
                        k.publicKey().keyType() + " not learned:\n" + Files.readString(kh) + "\n" + r.stderr());
            }
            assertEquals(3, after.entries().size(), Files.readString(kh));
        }
    }

    @Test
    void inAnRsaSha2256SessionOurSecondRsaKeyIsProvenWithRsaSha2256() throws Exception {
        // ssh verifies an RSA proof with the negotiated rsa-sha2-* algorithm, so a second RSA key is
        // learned only if our answer signs with exactly that algorithm (as sshd does).
        OpenSsh.require(OpenSsh.SSH);
        OpenSsh.require(OpenSsh.SSH_KEYGEN);
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f",
                dir.resolve("id").toString()), 60);
        assertEquals(0, r.exit(), r.stderr());
        SshKeyPair user = KeyFiles.readPrivateKey(Files.readAllBytes(dir.resolve("id")), null, C);
        SshKeyPair rsa1 = SshKeyPair.generate("ssh-rsa", 2048, C);
        SshKeyPair rsa2 = SshKeyPair.generate("ssh-rsa", 2048, C);
        SshKeyPair ed = SshKeyPair.generate("ssh-ed25519", 0, C);
        try (SshServer server = SshServer.builder().listen("127.0.0.1", 0).hostKey(rsa1).hostKey(rsa2).hostKey(ed)
                .auth(ServerAuthPolicy.builder().publicKeys((u, k, a) -> k.equals(user.publicKey())
                        ? Optional.of(Permissions.DEFAULT) : Optional.empty()).build())
                .handler(ProcessHandler.asServerAccount()).build().start()) {
            int port = server.port();
            Path kh = dir.resolve("known_hosts");
            Files.write(kh, List.of(KnownHosts.formatLine("127.0.0.1", port, rsa1.publicKey(), false, C)));
            r = OpenSsh.run(List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-i", dir.resolve("id").toString(),
                    "-o", "UpdateHostKeys=yes", "-o", "UserKnownHostsFile=" + kh, "-o", "GlobalKnownHostsFile=/dev/null",
                    "-o", "HostKeyAlgorithms=rsa-sha2-256,ssh-ed25519", "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
                    "-o", "HashKnownHosts=no", "-v", "-p", Integer.toString(port), "test@127.0.0.1", "sleep 1; echo done"), 60);
            assertEquals("done\n", r.stdout(), r.stderr());
            assertTrue(r.stderr().contains("host key algorithm: rsa-sha2-256"), r.stderr());
            KnownHosts after = KnownHosts.parse(Files.readString(kh));
            for (SshKeyPair k : List.of(rsa1, rsa2, ed)) {
                assertEquals(KnownHosts.Status.MATCH, after.lookup("127.0.0.1", port, k.publicKey()),
                        Files.readString(kh) + "\n" + r.stderr());
            }
        }
    }

    @Test
    void ourClientProvesSshdsAnnouncedKeysAndComparesThemWithKnownHosts() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        SshKeyPair key = SshKeyPair.generate("ssh-ed25519", 0, C);
        Files.write(dir.resolve("authorized_keys"), List.of(SshClientInteropTest.authorizedLine(key)));
        OpenSsh.SshdConfig sshd = new OpenSsh.SshdConfig(dir, List.of("AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PermitRootLogin yes"));
        List<SshPublicKey> hostKeys = new ArrayList<>();
        for (String name : List.of("host_ed255190", "host_ecdsa256", "host_ecdsa384", "host_ecdsa521", "host_rsa3072")) {
            hostKeys.add(KeyFiles.parsePublicKeyLine(Files.readString(dir.resolve(name + ".pub")).strip()).key());
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SshPublicKey stale = SshKeyPair.generate("ecdsa-sha2-nistp256", 0, C).publicKey();
        Path kh = dir.resolve("known_hosts");
        Files.write(kh, List.of(KnownHosts.formatLine("127.0.0.1", port, hostKeys.get(0), false, C),
                KnownHosts.formatLine("127.0.0.1", port, stale, false, C)));
        Process listening = sshd.startListening(port);
        CompletableFuture<HostKeyUpdate> got = new CompletableFuture<>();
        try (SshClient c = StreamLocalInteropTest.connectWith(key, port, sshd,
                b -> b.hostKeyVerifier(HostKeyVerifier.knownHosts(kh)).hostKeysAnnounced(got::complete))) {
            HostKeyUpdate u = got.get(30, TimeUnit.SECONDS);
            assertEquals(List.of(), u.unprovenKeys(), sshd.log("sshd.log"));
            assertEquals(Set.copyOf(hostKeys), Set.copyOf(u.provenKeys()));
            KnownHosts before = KnownHosts.parse(Files.readString(kh));
            assertEquals(Set.copyOf(hostKeys.subList(1, 5)), Set.copyOf(u.newKeys(before)));
            assertEquals(List.of(stale), u.noLongerOffered(before));
            assertEquals(4, u.appendNewKeys(kh, true).size());
            KnownHosts after = KnownHosts.parse(Files.readString(kh));
            for (SshPublicKey k : hostKeys) {
                assertEquals(KnownHosts.Status.MATCH, after.lookup("127.0.0.1", port, k));
            }
            assertTrue(c.connection().isOpen());
        } finally {
            listening.destroy();
        }
    }
}
