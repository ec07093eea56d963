package org.sshwire.connection.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.Permissions;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.channel.ChannelOpenException;
import org.sshwire.connection.server.ForwardingPolicy;
import org.sshwire.connection.server.SshServer;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;

/** {@link SshClient.Builder#connectVia}: a connection carried by a previous hop's direct-tcpip channel (ssh -J). */
class ConnectViaTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final SshKeyPair JUMP_HOST = SshKeyPair.generate("ssh-ed25519", 0, C);
    static final SshKeyPair TARGET_HOST = SshKeyPair.generate("ssh-ed25519", 0, C);
    static final SshKeyPair ALICE = SshKeyPair.generate("ssh-ed25519", 0, C);

    SshServer jump;
    SshServer target;
    /** "host:port keytype" of every verification, in order. */
    final List<String> verified = new CopyOnWriteArrayList<>();

    SshServer server(SshKeyPair hostKey, String greeting, boolean forwards) throws IOException {
        return SshServer.builder().listen("127.0.0.1", 0).hostKey(hostKey)
                .auth(ServerAuthPolicy.builder().publicKeys((u, k, a) -> k.equals(ALICE.publicKey())
                        ? Optional.of(Permissions.DEFAULT) : Optional.empty()).build())
                .forwarding(ForwardingPolicy.of((c, h, p) -> forwards && h.equals("127.0.0.1"), (c, h, p) -> false))
                .handler(s -> {
                    s.stdout().write((greeting + " " + s.rawCommand() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    s.exit(0);
                }).build().start();
    }

    @BeforeEach
    void start() throws IOException {
        jump = server(JUMP_HOST, "jump", true);
        target = server(TARGET_HOST, "target", false);
    }

    @AfterEach
    void stop() throws IOException {
        jump.close();
        target.close();
    }

    SshClient.Builder builder(SshKeyPair expected) {
        return SshClient.builder("alice").identity(ALICE).timeout(Duration.ofSeconds(20)).hostKeyVerifier((h, p, k) -> {
            verified.add(h + ":" + p);
            return k.equals(expected.publicKey());
        });
    }

    @Test
    void theTargetIsReachedThroughTheHopAndVerifiedByItsOwnName() throws Exception {
        try (SshClient hop = builder(JUMP_HOST).connect("127.0.0.1", jump.port());
             SshClient c = builder(TARGET_HOST).connectVia(hop, "127.0.0.1", target.port())) {
            assertEquals("target hostname\n", c.exec("hostname").collect().stdoutText());
            // The hop still works beside the tunnel it carries.
            assertEquals("jump x\n", hop.exec("x").collect().stdoutText());
        }
        assertEquals(List.of("127.0.0.1:" + jump.port(), "127.0.0.1:" + target.port()), verified);
    }

    @Test
    void aTargetKeyTheVerifierRefusesFailsTheTunnelledLogin() throws Exception {
        try (SshClient hop = builder(JUMP_HOST).connect("127.0.0.1", jump.port())) {
            // The target presents TARGET_HOST; a verifier expecting the jump host's key must refuse it.
            HostKeyException e = assertThrows(HostKeyException.class,
                    () -> builder(JUMP_HOST).connectVia(hop, "127.0.0.1", target.port()).close());
            assertEquals(target.port(), e.port());
            assertEquals("jump x\n", hop.exec("x").collect().stdoutText());
        }
    }

    @Test
    void aHopThatRefusesTheForwardIsAChannelOpenFailure() throws Exception {
        try (SshClient hop = builder(TARGET_HOST).connect("127.0.0.1", target.port())) {
            assertThrows(ChannelOpenException.class, () -> builder(TARGET_HOST).connectVia(hop, "127.0.0.1", jump.port()));
            assertTrue(hop.connection().isOpen());
        }
    }

    @Test
    void threeHopsChain() throws Exception {
        try (SshClient hop1 = builder(JUMP_HOST).connect("127.0.0.1", jump.port());
             SshClient hop2 = builder(JUMP_HOST).connectVia(hop1, "127.0.0.1", jump.port());
             SshClient c = builder(TARGET_HOST).connectVia(hop2, "127.0.0.1", target.port())) {
            assertEquals("target t\n", c.exec("t").collect().stdoutText());
        }
    }
}
