package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.agent.AgentClient;
import org.sshwire.auth.agent.AgentException;
import org.sshwire.connection.client.CommandResult;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.SshClient;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.testvectors.Prerequisites;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * Logging in to OpenSSH's sshd with keys held by OpenSSH's ssh-agent: a passphrase-protected key
 * and a certificate, through {@link SshClient} and through {@code sshwire ssh}; and a key that
 * {@code ssh-add -h} restricted to this sshd, which signs only on a connection bound with
 * session-bind@openssh.com and only for the permitted host.
 */
class AgentLoginInteropTest {
    static final String USER = System.getProperty("user.name");
    static final String PASS = "agent passphrase";

    @TempDir
    static Path dir;
    static OpenSsh.SshdConfig sshd;
    static Process listening;
    static int port;
    static Path ca;
    static Path idPass;
    static Path idCert;
    static Path idDest;
    static Path unauthorized;
    static Path hostKeys;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        ca = OpenSshAgent.keygen(dir.resolve("ca"), "ed25519", "");
        idPass = OpenSshAgent.keygen(dir.resolve("id_pass"), "ed25519", PASS);
        idCert = OpenSshAgent.keygen(dir.resolve("id_cert"), "ecdsa", PASS);
        OpenSshAgent.certify(ca, idCert, USER);
        idDest = OpenSshAgent.keygen(dir.resolve("id_dest"), "rsa", "");
        unauthorized = OpenSshAgent.keygen(dir.resolve("id_unauthorized"), "ed25519", "");
        Path authorized = dir.resolve("authorized_keys");
        Files.write(authorized, List.of(Files.readString(Path.of(idPass + ".pub")).trim(), Files.readString(Path.of(idDest + ".pub")).trim()));
        Path sshdDir = Files.createDirectories(dir.resolve("sshd"));
        sshd = new OpenSsh.SshdConfig(sshdDir, List.of("AuthorizedKeysFile " + authorized, "TrustedUserCAKeys " + ca + ".pub",
                "PermitRootLogin yes", "PasswordAuthentication no", "KbdInteractiveAuthentication no", "SetEnv SHLVL=1",
                "Subsystem sftp internal-sftp"));
        hostKeys = Files.write(dir.resolve("known_hosts_127"), sshd.knownHostsLines("127.0.0.1"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        listening = sshd.startListening(port);
        TransportInteropTest.connectWithRetry(port).close();
    }

    @AfterAll
    static void stop() {
        if (listening != null) {
            listening.destroy();
        }
    }

    static SshPublicKey pub(Path file) throws IOException {
        return KeyFiles.readPublicKeyLine(Files.readString(file, StandardCharsets.UTF_8).trim());
    }

    static OpenSshAgent agentWith(String name, String passphrase, String... sshAddArgs) throws IOException {
        OpenSshAgent agent = OpenSshAgent.start(Files.createDirectories(dir.resolve(name)));
        OpenSsh.Result r = agent.sshAdd(passphrase, sshAddArgs);
        assertEquals(0, r.exit(), r.stderr());
        return agent;
    }

    static String loginOverAgent(Path socket) throws IOException {
        try (AgentClient agent = AgentClient.connect(socket);
             SshClient c = SshClient.builder(USER).agent(agent).timeout(Duration.ofSeconds(30))
                     .hostKeyVerifier(HostKeyVerifier.acceptAny()).connect("127.0.0.1", port)) {
            CommandResult r = c.exec("echo logged-in").collect();
            return r.stdoutText();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
        }
    }

    static OpenSsh.Result sshwireSsh(Path socket, String... args) {
        List<String> cmd = new ArrayList<>(List.of("env", "SSH_AUTH_SOCK=" + socket, ServerCommandTest.LAUNCHER.toString(), "ssh", "-F", "/dev/null",
                "-p", String.valueOf(port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=" + dir.resolve("kh-sshwire")));
        cmd.addAll(List.of(args));
        return OpenSsh.run(cmd, 120);
    }

    @Test
    void aPassphraseProtectedKeyInTheAgentLogsIn() throws Exception {
        try (OpenSshAgent agent = agentWith("agent-pass", PASS, idPass.toString())) {
            assertEquals("logged-in\n", loginOverAgent(agent.socket), sshd.log("sshd.log"));
            String fp = pub(Path.of(idPass + ".pub")).fingerprintSha256();
            assertTrue(sshd.log("sshd.log").contains("Accepted publickey for " + USER), sshd.log("sshd.log"));
            assertTrue(sshd.log("sshd.log").contains(fp), sshd.log("sshd.log"));

            // sshwire ssh with SSH_AUTH_SOCK: the encrypted -i file is held by the agent, so it is not read.
            OpenSsh.Result r = sshwireSsh(agent.socket, "-i", idPass.toString(), USER + "@127.0.0.1", "echo", "via-cli");
            assertEquals(0, r.exit(), r.stderr());
            assertEquals("via-cli\n", r.stdout());
            // IdentitiesOnly: an agent key that matches no identity file is not offered.
            OpenSsh.Result only = sshwireSsh(agent.socket, "-i", unauthorized.toString(), "-o", "IdentitiesOnly=yes",
                    USER + "@127.0.0.1", "true");
            assertEquals(255, only.exit(), only.stderr());
            OpenSsh.Result notOnly = sshwireSsh(agent.socket, "-i", unauthorized.toString(), USER + "@127.0.0.1", "true");
            assertEquals(0, notOnly.exit(), notOnly.stderr());
        }
    }

    /**
     * A FIDO key (ed25519-sk from OpenSSH's software authenticator sk-dummy.so) held by ssh-agent,
     * which signs through the provider: the library and {@code sshwire ssh} log in with it.
     */
    @Test
    void aFidoKeyInTheAgentLogsIn() throws Exception {
        Path skDummy = SecurityKeyInteropTest.SK_DUMMY;
        if (!Files.isRegularFile(skDummy)) {
            Prerequisites.missing(skDummy + " is missing: install openssh-tests");
        }
        Path idSk = dir.resolve("id_agent_sk");
        OpenSsh.Result gen = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519-sk", "-w", skDummy.toString(),
                "-N", "", "-f", idSk.toString()), 60);
        assertEquals(0, gen.exit(), gen.stderr());
        Files.writeString(dir.resolve("authorized_keys"), Files.readString(Path.of(idSk + ".pub")), java.nio.file.StandardOpenOption.APPEND);
        try (OpenSshAgent agent = OpenSshAgent.start(Files.createDirectories(dir.resolve("agent-sk")), "-P", skDummy.toString())) {
            OpenSsh.Result add = agent.sshAdd(null, "-S", skDummy.toString(), idSk.toString());
            assertEquals(0, add.exit(), add.stderr());
            assertEquals("logged-in\n", loginOverAgent(agent.socket), agent.log() + sshd.log("sshd.log"));
            assertTrue(sshd.log("sshd.log").contains("Accepted publickey for " + USER) && sshd.log("sshd.log").contains("ED25519-SK"),
                    sshd.log("sshd.log"));
            OpenSsh.Result r = sshwireSsh(agent.socket, USER + "@127.0.0.1", "echo", "sk-via-cli");
            assertEquals(0, r.exit(), r.stderr());
            assertEquals("sk-via-cli\n", r.stdout());
        }
    }

    @Test
    void aCertificateInTheAgentLogsIn() throws Exception {
        try (OpenSshAgent agent = agentWith("agent-cert", PASS, idCert.toString())) {
            assertEquals("logged-in\n", loginOverAgent(agent.socket), sshd.log("sshd.log"));
            assertTrue(sshd.log("sshd.log").contains("ECDSA-CERT"), sshd.log("sshd.log"));
            OpenSsh.Result r = sshwireSsh(agent.socket, "-i", idCert.toString(), USER + "@127.0.0.1", "echo", "cert-cli");
            assertEquals(0, r.exit(), r.stderr());
            assertEquals("cert-cli\n", r.stdout());
            // sshwire sftp logs in the same way (ClientLogin).
            Path batch = Files.writeString(dir.resolve("batch"), "cd " + dir + "\npwd\n");
            OpenSsh.Result sftp = OpenSsh.run(List.of("env", "SSH_AUTH_SOCK=" + agent.socket, ServerCommandTest.LAUNCHER.toString(),
                    "sftp", "-P", String.valueOf(port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=" + dir.resolve("kh-sftp"),
                    "-b", batch.toString(), USER + "@127.0.0.1"), 120);
            assertEquals(0, sftp.exit(), sftp.stderr());
            assertTrue(sftp.stdout().contains(dir.toString()), sftp.stdout());
        }
    }

    @Test
    void aDestinationConstrainedKeySignsOnlyOnABoundConnectionToItsHost() throws Exception {
        try (OpenSshAgent agent = agentWith("agent-dest", null, "-H", hostKeys.toString(), "-h", "127.0.0.1", idDest.toString())) {
            // SshClient binds its agent connection with session-bind@openssh.com, so the key works.
            assertEquals("logged-in\n", loginOverAgent(agent.socket), agent.log() + sshd.log("sshd.log"));
            // Unbound, ssh-agent refuses it ("refusing use of destination-constrained key to sign on unbound connection").
            try (AgentClient unbound = AgentClient.connect(agent.socket)) {
                assertThrows(AgentException.class, () -> unbound.sign(pub(Path.of(idDest + ".pub")), SignatureAlgorithm.RSA_SHA2_256, new byte[] {1}));
            }
        }
        Path otherHost = dir.resolve("known_hosts_other");
        Path otherKey = OpenSshAgent.keygen(dir.resolve("other_host"), "ed25519", "");
        Files.write(otherHost, List.of("other.example " + Files.readString(Path.of(otherKey + ".pub")).trim()));
        try (OpenSshAgent agent = agentWith("agent-dest-wrong", null, "-H", otherHost.toString(), "-h", "other.example", idDest.toString())) {
            IOException e = assertThrows(IOException.class, () -> loginOverAgent(agent.socket));
            assertTrue(String.valueOf(e.getCause()).contains("publickey") || e.getMessage().contains("publickey")
                    || e.getMessage().contains("authentication"), String.valueOf(e));
        }
    }
}
