package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.agent.AgentClient;
import org.sshwire.auth.agent.AgentConstraints;
import org.sshwire.auth.agent.AgentException;
import org.sshwire.auth.agent.AgentKey;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;

/** Our {@link AgentClient} against OpenSSH's {@code ssh-agent}, with keys put there by {@code ssh-add}. */
class AgentClientInteropTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();

    @TempDir
    Path dir;

    static SshPublicKey pub(Path file) throws Exception {
        return KeyFiles.readPublicKeyLine(Files.readString(file, StandardCharsets.UTF_8).trim());
    }

    @Test
    void listsAndSignsWithAPassphraseProtectedKeyAndACertificateAddedBySshAdd() throws Exception {
        Path ca = OpenSshAgent.keygen(dir.resolve("ca"), "ed25519", "");
        Path ed = OpenSshAgent.keygen(dir.resolve("id_ed25519"), "ed25519", "secret phrase");
        Path rsa = OpenSshAgent.keygen(dir.resolve("id_rsa"), "rsa", "");
        Path cert = OpenSshAgent.certify(ca, ed, "alice");
        try (OpenSshAgent agent = OpenSshAgent.start(dir); AgentClient client = AgentClient.connect(agent.socket)) {
            OpenSsh.Result add = agent.sshAdd("secret phrase", ed.toString());
            assertEquals(0, add.exit(), add.stderr());
            assertTrue(add.stderr().contains("Certificate added"), add.stderr());
            assertEquals(0, agent.sshAdd(null, rsa.toString()).exit());

            List<AgentKey> keys = client.identities();
            List<SshPublicKey> listed = keys.stream().map(AgentKey::publicKey).toList();
            SshPublicKey edKey = pub(Path.of(ed + ".pub"));
            SshCertificate edCert = (SshCertificate) pub(cert);
            SshPublicKey rsaKey = pub(Path.of(rsa + ".pub"));
            assertEquals(List.of(edKey, edCert, rsaKey), listed, agent.log());
            assertTrue(keys.get(0).comment().endsWith("id_ed25519"), keys.get(0).comment());

            byte[] data = "to be signed".getBytes(StandardCharsets.UTF_8);
            Bytes sig = client.sign(edKey, SignatureAlgorithm.SSH_ED25519, data);
            assertTrue(edKey.verify(SignatureAlgorithm.SSH_ED25519, sig, data, C));
            Bytes certSig = client.sign(edCert, SignatureAlgorithm.SSH_ED25519_CERT, data);
            assertTrue(edCert.verify(SignatureAlgorithm.SSH_ED25519_CERT, certSig, data, C));
            for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.RSA_SHA2_256, SignatureAlgorithm.RSA_SHA2_512)) {
                Bytes s = client.sign(rsaKey, alg, data);
                assertTrue(rsaKey.verify(alg, s, data, C), alg.name());
                assertFalse(rsaKey.verify(alg, s, "other".getBytes(StandardCharsets.UTF_8), C));
            }
            assertThrows(AgentException.class, () -> client.sign(SshKeyPair.generate("ssh-ed25519", 0, C).publicKey(),
                    SignatureAlgorithm.SSH_ED25519, data));
        }
    }

    @Test
    void addsRemovesLocksAndUnlocksAsSshAddSeesIt() throws Exception {
        SshKeyPair ca = SshKeyPair.generate("ssh-ed25519", 0, C);
        SshKeyPair key = SshKeyPair.generate("ecdsa-sha2-nistp256", 0, C);
        SshCertificate cert = new org.sshwire.transport.keys.CertificateBuilder(key.publicKey(), SshCertificate.CertType.USER)
                .keyId("ours").principals(List.of("bob")).sign(ca, SignatureAlgorithm.SSH_ED25519, C);
        SshKeyPair rsa = SshKeyPair.generate("ssh-rsa", 2048, C);
        try (OpenSshAgent agent = OpenSshAgent.start(dir); AgentClient client = AgentClient.connect(agent.socket)) {
            client.add(key, "plain", AgentConstraints.none());
            client.add(key.withCertificate(cert), "with-cert", AgentConstraints.none().withLifetime(Duration.ofHours(1)));
            client.add(rsa, "rsa-confirm", AgentConstraints.none().withConfirm());
            OpenSsh.Result l = agent.sshAdd(null, "-L");
            assertEquals(0, l.exit(), l.stderr());
            assertEquals(List.of(key.publicKey().toOpenSshLine("plain"), cert.toOpenSshLine("with-cert"),
                    rsa.publicKey().toOpenSshLine("rsa-confirm")), l.stdout().lines().toList());
            byte[] data = {1, 2, 3};
            assertTrue(cert.verify(SignatureAlgorithm.ECDSA_SHA2_NISTP256_CERT,
                    client.sign(cert, SignatureAlgorithm.ECDSA_SHA2_NISTP256_CERT, data), data, C));

            client.remove(cert);
            assertEquals(2, client.identities().size());
            assertThrows(AgentException.class, () -> client.remove(cert));

            client.lock("pw".toCharArray());
            assertEquals(List.of(), client.identities());
            assertThrows(AgentException.class, () -> client.sign(key.publicKey(), SignatureAlgorithm.ECDSA_SHA2_NISTP256, data));
            assertThrows(AgentException.class, () -> client.unlock("wrong".toCharArray()));
            client.unlock("pw".toCharArray());
            assertEquals(2, client.identities().size());

            client.removeAll();
            assertEquals(1, agent.sshAdd(null, "-l").exit()); // "The agent has no identities."
            assertThrows(AgentException.class, () -> client.extension("no-such-extension@sshwire", Bytes.EMPTY));
        }
    }
}
