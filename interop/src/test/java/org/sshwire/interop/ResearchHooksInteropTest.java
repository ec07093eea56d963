package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.AuthMessage;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.message.ChannelData;
import org.sshwire.connection.research.ConnectionResearch;
import org.sshwire.connection.server.SshServer;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.ConnectionInfo;
import org.sshwire.transport.Direction;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.research.ConnectionHooks;

/**
 * Per-connection research hooks on our server with OpenSSH's {@code ssh} as the peer: the
 * message observer sees ssh's KEXINIT, its publickey login and the channel data of the command
 * as records, the wire observer each sealed packet, and both learn the connection's versions.
 */
class ResearchHooksInteropTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();

    @TempDir
    Path dir;

    record Seen(Direction direction, Record message) {
    }

    @Test
    void theHooksOfAnSshConnectionSeeItsMessagesAsRecordsAndItsSealedPackets() throws Exception {
        OpenSsh.require(OpenSsh.SSH);
        OpenSsh.require(OpenSsh.SSH_KEYGEN);
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f",
                dir.resolve("id").toString()), 60);
        assertEquals(0, r.exit(), r.stderr());
        Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"));
        List<Seen> messages = new CopyOnWriteArrayList<>();
        List<Integer> sealedBytes = new CopyOnWriteArrayList<>();
        List<ConnectionInfo> infos = new CopyOnWriteArrayList<>();
        try (SshServer server = SshServer.builder().listen("127.0.0.1", 0).hostKey(SshKeyPair.generate("ssh-ed25519", 0, C))
                .auth(ServerAuthPolicy.builder().publicKeys(AuthorizedKeysVerifier.files(u -> dir.resolve("authorized_keys"), C)).build())
                .handler(s -> {
                    s.stdout().write((String.join(" ", s.command()).replace("echo ", "") + "\n").getBytes(StandardCharsets.UTF_8));
                    s.exit(0);
                })
                .research(info -> ConnectionResearch.of(ConnectionHooks.builder()
                        .messageObserver((c, d, seq, m) -> {
                            messages.add(new Seen(d, m));
                            infos.add(c);
                        })
                        .wireObserver((c, d, seq, sealed) -> sealedBytes.add(sealed.remaining()))
                        .build()))
                .build().start()) {
            r = OpenSsh.run(List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-i", dir.resolve("id").toString(),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                    "-p", Integer.toString(server.port()), "test@127.0.0.1", "echo MARKER"), 60);
        }
        assertEquals("MARKER\n", r.stdout(), r.stderr());
        KexInit theirs = messages.stream().filter(s -> s.direction() == Direction.INBOUND && s.message() instanceof KexInit)
                .map(s -> (KexInit) s.message()).findFirst().orElseThrow();
        assertTrue(theirs.kexAlgorithms().contains("kex-strict-c-v00@openssh.com"), theirs::toString);
        assertTrue(messages.stream().anyMatch(s -> s.message() instanceof AuthMessage.Request q
                && q.user().equals("test") && q.method().name().equals("publickey")), messages::toString);
        assertTrue(messages.stream().anyMatch(s -> s.direction() == Direction.OUTBOUND && s.message() instanceof ChannelData d
                && d.data().asUtf8().equals("MARKER\n")), messages::toString);
        ConnectionInfo last = infos.get(infos.size() - 1);
        assertTrue(last.clientVersion().startsWith("SSH-2.0-OpenSSH_"), last::clientVersion);
        assertTrue(last.sessionId().length() >= 32, "H of the exchange (sha256 or sha512) once known");
        assertEquals(messages.size(), sealedBytes.size(), "one sealed packet per message");
    }
}
