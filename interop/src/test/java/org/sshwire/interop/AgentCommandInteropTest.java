package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.agent.AgentClient;
import org.sshwire.auth.agent.AgentException;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshPublicKey;

/** {@code sshwire agent} used by OpenSSH's {@code ssh-add} and {@code ssh}, as they use ssh-agent. */
class AgentCommandInteropTest {
    static final String USER = System.getProperty("user.name");

    @TempDir
    static Path dir;
    static Process sshd;
    static OpenSsh.SshdConfig sshdConfig;
    static int port;
    static Path key;
    static Path hostKeys;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        key = OpenSshAgent.keygen(dir.resolve("id_ed25519"), "ed25519", "pass phrase");
        Path sshdDir = Files.createDirectories(dir.resolve("sshd"));
        sshdConfig = new OpenSsh.SshdConfig(sshdDir, List.of("AuthorizedKeysFile " + key + ".pub", "PermitRootLogin yes",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no", "SetEnv SHLVL=1"));
        hostKeys = Files.write(dir.resolve("known_hosts_127"), sshdConfig.knownHostsLines("127.0.0.1"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        sshd = sshdConfig.startListening(port);
        TransportInteropTest.connectWithRetry(port).close();
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.destroy();
        }
    }

    /** {@code sshwire agent -D -a socket}, with SSH_ASKPASS for confirmations. */
    static Process agent(Path socket, Path askpass) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ServerCommandTest.LAUNCHER.toString(), "agent", "-D", "-a", socket.toString())
                .redirectOutput(dir.resolve(socket.getFileName() + ".out").toFile())
                .redirectError(dir.resolve(socket.getFileName() + ".log").toFile());
        if (askpass != null) {
            pb.environment().put("SSH_ASKPASS", askpass.toString());
        }
        Process p = pb.start();
        OpenSshAgent.awaitSocket(socket, p);
        return p;
    }

    static OpenSsh.Result ssh(Path socket, String... command) {
        List<String> cmd = new ArrayList<>(List.of("env", "SSH_AUTH_SOCK=" + socket, OpenSsh.SSH.toString(), "-F", "/dev/null",
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-p", String.valueOf(port), USER + "@127.0.0.1"));
        cmd.addAll(List.of(command));
        return OpenSsh.run(cmd, 60);
    }

    static OpenSsh.Result sshAdd(Path socket, String passphrase, String... args) throws IOException {
        return OpenSshAgent.sshAdd(socket, dir, passphrase, args);
    }

    @Test
    void sshAddAddsListsRemovesLocksAndUnlocksAndSshLogsInThroughIt() throws Exception {
        Path socket = dir.resolve("a1.sock");
        Process agent = agent(socket, null);
        try {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(socket));
            assertEquals(USER, Files.getOwner(socket).getName());
            assertEquals(1, sshAdd(socket, null, "-l").exit()); // "The agent has no identities."
            OpenSsh.Result add = sshAdd(socket, "pass phrase", key.toString());
            assertEquals(0, add.exit(), add.stderr());
            OpenSsh.Result list = sshAdd(socket, null, "-L");
            assertEquals(0, list.exit(), list.stderr());
            assertEquals(Files.readString(Path.of(key + ".pub")).trim(), list.stdout().trim());

            OpenSsh.Result login = ssh(socket, "echo", "through-sshwire-agent");
            assertEquals(0, login.exit(), login.stderr() + sshdConfig.log("sshd.log"));
            assertEquals("through-sshwire-agent\n", login.stdout());

            assertEquals(0, sshAdd(socket, "lockpw", "-x").exit());
            assertEquals(1, sshAdd(socket, null, "-l").exit());
            assertNotEquals(0, ssh(socket, "true").exit());
            assertNotEquals(0, sshAdd(socket, "wrong", "-X").exit());
            assertEquals(0, sshAdd(socket, "lockpw", "-X").exit());
            assertEquals(0, sshAdd(socket, null, "-l").exit());

            assertEquals(0, sshAdd(socket, null, "-d", key + ".pub").exit());
            assertEquals(1, sshAdd(socket, null, "-l").exit());
            assertEquals(0, sshAdd(socket, "pass phrase", "-t", "1", key.toString()).exit());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sshAdd(socket, null, "-l").exit() == 0) {
                assertTrue(System.nanoTime() < deadline, "a key added with -t 1 was never forgotten");
                new CompletableFuture<Void>().completeOnTimeout(null, 200, TimeUnit.MILLISECONDS).join();
            }
            assertEquals(0, sshAdd(socket, "pass phrase", key.toString()).exit());
            assertEquals(0, sshAdd(socket, null, "-D").exit());
            assertEquals(1, sshAdd(socket, null, "-l").exit());

            // Another user: the socket is its owner's alone (the kernel refuses them before our SO_PEERCRED check).
            if (USER.equals("root") && Files.isExecutable(Path.of("/usr/sbin/runuser"))) {
                OpenSsh.Result other = OpenSsh.run(List.of("/usr/sbin/runuser", "-u", "nobody", "--", "env",
                        "SSH_AUTH_SOCK=" + socket, OpenSsh.SSH_ADD.toString(), "-l"), 30);
                assertEquals(2, other.exit(), other.stdout() + other.stderr());
            }
        } finally {
            agent.destroy();
            assertTrue(agent.waitFor(20, TimeUnit.SECONDS));
        }
        assertFalse(Files.exists(socket), "the agent removes its socket when it ends");
    }

    @Test
    void aDestinationConstraintFromSshAddHIsHonoured() throws Exception {
        Path socket = dir.resolve("a2.sock");
        Process agent = agent(socket, null);
        try {
            OpenSsh.Result add = sshAdd(socket, "pass phrase", "-H", hostKeys.toString(), "-h", "127.0.0.1", key.toString());
            assertEquals(0, add.exit(), add.stderr());
            OpenSsh.Result login = ssh(socket, "echo", "permitted");
            assertEquals(0, login.exit(), login.stderr());
            assertEquals("permitted\n", login.stdout());
            // Unbound (no session-bind), the key signs nothing.
            try (AgentClient unbound = AgentClient.connect(socket)) {
                SshPublicKey pub = KeyFiles.readPublicKeyLine(Files.readString(Path.of(key + ".pub")));
                assertThrows(AgentException.class, () -> unbound.sign(pub, SignatureAlgorithm.SSH_ED25519, new byte[] {1}));
            }

            Path otherKey = OpenSshAgent.keygen(dir.resolve("other_host"), "ed25519", "");
            Path otherHosts = Files.write(dir.resolve("known_hosts_other"),
                    List.of("other.example " + Files.readString(Path.of(otherKey + ".pub")).trim()));
            assertEquals(0, sshAdd(socket, null, "-D").exit());
            assertEquals(0, sshAdd(socket, "pass phrase", "-H", otherHosts.toString(), "-h", "other.example", key.toString()).exit());
            OpenSsh.Result refused = ssh(socket, "true");
            assertEquals(255, refused.exit(), refused.stderr());
            assertTrue(refused.stderr().contains("Permission denied"), refused.stderr());
        } finally {
            agent.destroy();
        }
    }

    @Test
    void confirmationIsAskedThroughSshAskpass() throws Exception {
        Path answer = dir.resolve("answer");
        Path prompts = dir.resolve("prompts");
        Path askpass = dir.resolve("confirm-askpass.sh");
        Files.writeString(askpass, "#!/bin/sh\necho \"$SSH_ASKPASS_PROMPT:$1\" >> '" + prompts + "'\ncat '" + answer + "'\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        Path socket = dir.resolve("a3.sock");
        Process agent = agent(socket, askpass);
        try (AgentClient client = AgentClient.connect(socket)) {
            assertEquals(0, sshAdd(socket, "pass phrase", "-c", key.toString()).exit());
            SshPublicKey pub = KeyFiles.readPublicKeyLine(Files.readString(Path.of(key + ".pub")));
            byte[] data = {4, 5, 6};
            Files.writeString(answer, "no\n");
            assertThrows(AgentException.class, () -> client.sign(pub, SignatureAlgorithm.SSH_ED25519, data));
            Files.writeString(answer, "yes\n");
            assertTrue(pub.verify(SignatureAlgorithm.SSH_ED25519, client.sign(pub, SignatureAlgorithm.SSH_ED25519, data), data,
                    org.sshwire.transport.crypto.CryptoBackend.defaultBackend()));
            String asked = Files.readString(prompts);
            assertTrue(asked.startsWith("confirm:Allow use of key "), asked);
            assertTrue(asked.contains(pub.fingerprintSha256()), asked);
        } finally {
            agent.destroy();
        }
    }

    @Test
    void shellOutputAndKillAsSshAgent() throws Exception {
        Path socket = dir.resolve("bg.sock");
        OpenSsh.Result start = OpenSsh.run(List.of(ServerCommandTest.LAUNCHER.toString(), "agent", "-s", "-a", socket.toString()), 120);
        assertEquals(0, start.exit(), start.stderr());
        Matcher m = Pattern.compile("SSH_AUTH_SOCK=" + Pattern.quote(socket.toString()) + "; export SSH_AUTH_SOCK;\n"
                + "SSH_AGENT_PID=(\\d+); export SSH_AGENT_PID;\necho Agent pid \\1;\n").matcher(start.stdout());
        assertTrue(m.matches(), start.stdout());
        String pid = m.group(1);
        assertEquals(1, sshAdd(socket, null, "-l").exit()); // alive, empty
        OpenSsh.Result kill = OpenSsh.run(List.of("env", "SSH_AGENT_PID=" + pid, ServerCommandTest.LAUNCHER.toString(), "agent", "-k"), 120);
        assertEquals(0, kill.exit(), kill.stderr());
        assertEquals("unset SSH_AUTH_SOCK;\nunset SSH_AGENT_PID;\necho Agent pid " + pid + " killed;\n", kill.stdout());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false) || Files.exists(socket)) {
            assertTrue(System.nanoTime() < deadline, "agent " + pid + " still running or its socket still there");
            new CompletableFuture<Void>().completeOnTimeout(null, 100, TimeUnit.MILLISECONDS).join();
        }
    }
}
