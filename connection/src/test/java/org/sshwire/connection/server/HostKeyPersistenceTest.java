package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.files.KnownHosts;
import org.sshwire.connection.client.ChangedHostKeyException;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.SshClient;
import org.sshwire.testvectors.Prerequisites;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * A server's host key outlives the process when it has somewhere to keep it (as sshd's
 * {@code ssh-keygen -A}, MINA's {@code SimpleGeneratorHostKeyProvider}), so clients do not see
 * "host key changed" at every start; without one, the server says loudly that its key is new.
 */
class HostKeyPersistenceTest {
    @TempDir
    Path tmp;
    private SshServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private SshServer start(SshServer.Builder b, int port) throws IOException {
        server = b.listen("127.0.0.1", port).auth(SshServerClientTest.aliceOnly()).perSourcePenalties(PerSourcePenalties.OFF)
                .handler(s -> s.stdout().write("hi".getBytes(StandardCharsets.UTF_8))).build().start();
        return server;
    }

    private SshClient login(HostKeyVerifier verifier) throws IOException {
        return SshClient.builder("alice").identity(SshServerClientTest.ALICE).timeout(Duration.ofSeconds(15))
                .hostKeyVerifier(verifier).connect("127.0.0.1", server.port());
    }

    /** StrictHostKeyChecking=accept-new: an unknown host's key is written to known_hosts and trusted. */
    private static HostKeyVerifier acceptNew(Path knownHosts) {
        return (host, port, key) -> {
            try {
                String known = Files.exists(knownHosts) ? Files.readString(knownHosts) : "";
                KnownHosts.Status s = KnownHosts.parse(known).lookup(host, port, key);
                if (s == KnownHosts.Status.UNKNOWN) {
                    Files.writeString(knownHosts, KnownHosts.formatLine(host, port, key, false, SshServerClientTest.C) + "\n",
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    return true;
                }
                return s == KnownHosts.Status.MATCH;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    @Test
    void aClientThatLearnedTheKeyOnTheFirstStartConnectsToTheSecond() throws Exception {
        Path data = tmp.resolve("state");
        Path knownHosts = tmp.resolve("known_hosts");
        start(SshServer.builder().dataDirectory(data), 0);
        int port = server.port();
        login(acceptNew(knownHosts)).close();
        assertEquals(1, KnownHosts.parse(Files.readString(knownHosts)).entries().size());
        server.close();

        start(SshServer.builder().dataDirectory(data), port);
        login(HostKeyVerifier.knownHosts(knownHosts)).close(); // refused if the key had changed
        server.close();

        // Another directory is another key: the same client refuses it, as ssh would.
        start(SshServer.builder().dataDirectory(tmp.resolve("other")), port);
        ChangedHostKeyException e = assertThrows(ChangedHostKeyException.class, () -> login(HostKeyVerifier.knownHosts(knownHosts)));
        assertEquals(List.of(served(data)), e.knownKeys());
    }

    @Test
    void theGeneratedKeyIsAnOpenSshEd25519KeyOnlyItsOwnerCanRead() throws Exception {
        Path data = tmp.resolve("state");
        start(SshServer.builder().dataDirectory(data), 0);
        Path key = data.resolve("ssh_host_ed25519_key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        SshPublicKey served = server.hostKeys().get(0);
        assertEquals(List.of(served), server.hostKeys(), "one key, ed25519");
        assertEquals("ssh-ed25519", served.keyType());
        assertEquals(served, KeyFiles.readPublicKeyOfPrivateKey(Files.readAllBytes(key)));
        assertEquals(served, KeyFiles.readPublicKeyLine(Files.readString(data.resolve("ssh_host_ed25519_key.pub")).strip()));

        // OpenSSH reads it as a private key file (what sshd's HostKey would load).
        Path keygen = Prerequisites.tool(Path.of("/usr/bin/ssh-keygen"), "openssh-client");
        Process p = new ProcessBuilder(keygen.toString(), "-y", "-f", key.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        assertEquals(served, KeyFiles.readPublicKeyLine(out));
    }

    @Test
    void keysAlreadyInTheDirectoryAreUsedAndAKeyOthersCanReadIsRefused() throws Exception {
        Path data = tmp.resolve("state");
        start(SshServer.builder().dataDirectory(data), 0);
        SshPublicKey first = server.hostKeys().get(0);
        server.close();
        Files.setPosixFilePermissions(data.resolve("ssh_host_ed25519_key"), PosixFilePermissions.fromString("rw-r--r--"));
        // sshd: "Permissions 0644 for '...' are too open ... This private key will be ignored."
        SshServer refusing = SshServer.builder().dataDirectory(data).auth(SshServerClientTest.aliceOnly()).build();
        try {
            IOException e = assertThrows(IOException.class, refusing::start);
            assertTrue(e.getMessage().contains("too open"), e::getMessage);
        } finally {
            refusing.close();
        }
        Files.setPosixFilePermissions(data.resolve("ssh_host_ed25519_key"), PosixFilePermissions.fromString("rw-------"));
        start(SshServer.builder().dataDirectory(data), 0);
        assertEquals(List.of(first), server.hostKeys());
    }

    @Test
    void explicitHostKeysWinOverTheDataDirectory() throws Exception {
        Path data = tmp.resolve("state");
        start(SshServer.builder().hostKey(SshServerClientTest.HOST).dataDirectory(data), 0);
        assertEquals(List.of(SshServerClientTest.HOST.publicKey()), server.hostKeys());
        assertFalse(Files.exists(data.resolve("ssh_host_ed25519_key")), "nothing generated when keys are given");
    }

    @Test
    void withNeitherHostKeysNorADataDirectoryTheServerWarnsThatItsKeyIsNewAtEveryStart() throws Exception {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Logger jul = Logger.getLogger(SshServer.class.getName());
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(h);
        try {
            start(SshServer.builder().hostKey(SshServerClientTest.HOST), 0);
            server.close();
            start(SshServer.builder().dataDirectory(tmp.resolve("state")), 0);
            server.close();
            assertTrue(records.stream().noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()),
                    "no warning with a key or a directory");

            start(SshServer.builder(), 0);
            SshPublicKey ephemeral = server.hostKeys().get(0);
            List<LogRecord> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
            assertEquals(1, warnings.size(), () -> records.toString());
            String text = new java.util.logging.SimpleFormatter().formatMessage(warnings.get(0));
            assertTrue(text.contains("new host key at every start"), text);
            assertTrue(text.contains(ephemeral.fingerprintSha256()), text);
            login((host, port, key) -> key.equals(ephemeral)).close();
        } finally {
            jul.removeHandler(h);
        }
    }

    /** The public host key a data directory holds. */
    private static SshPublicKey served(Path data) throws IOException {
        return KeyFiles.readPublicKeyLine(Files.readString(data.resolve("ssh_host_ed25519_key.pub")).strip());
    }
}
