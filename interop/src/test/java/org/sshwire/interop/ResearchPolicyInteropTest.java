package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.ConnectionInfo;
import org.sshwire.transport.Direction;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.research.ConnectionHooks;
import org.sshwire.transport.research.TransportPolicy;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/**
 * Research policies against this machine's {@code sshd -i} at LogLevel DEBUG3, which logs the
 * KEXINIT it received ("peer client KEXINIT proposal", each name-list, "first_kex_follows"):
 * what we chose is what sshd read, and sshd answers as the RFCs say.
 */
class ResearchPolicyInteropTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static OpenSsh.SshdConfig sshd;

    @BeforeAll
    static void setUp() throws IOException {
        sshd = new OpenSsh.SshdConfig(dir, List.of("LogLevel DEBUG3"));
    }

    /** Runs our client with {@code policy} until service accept; returns the first KeysExchanged and sshd's log. */
    private static Object[] run(TransportPolicy policy, List<ConnectionHooks.WireObserver> wire) throws Exception {
        Path log = dir.resolve("sshd-i.log");
        java.nio.file.Files.deleteIfExists(log);
        Process p = sshd.startInetd();
        ConnectionHooks.Builder h = ConnectionHooks.builder().policy(policy);
        wire.forEach(h::wireObserver);
        TransportEngine client = new TransportEngine(TransportConfig.client().build(), ConnectionInfo.opening(1, null, null), h.build());
        try (EngineStreamDriver d = new EngineStreamDriver(client, p.getInputStream(), p.getOutputStream())) {
            TransportEvent.KeysExchanged k = d.await(TransportEvent.KeysExchanged.class, TIMEOUT);
            d.act(e -> e.requestService("ssh-userauth"));
            assertEquals("ssh-userauth", d.await(TransportEvent.ServiceAccepted.class, TIMEOUT).service());
            return new Object[] {k, sshd.log("sshd-i.log")};
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    /** sshd's DEBUG3 lines for the peer's KEXINIT: "debug2: <list name>: <names> [preauth]" after "peer client KEXINIT proposal". */
    private static String peerProposal(String log) {
        int at = log.indexOf("peer client KEXINIT proposal");
        assertTrue(at >= 0, log);
        return log.substring(at, Math.min(log.length(), at + 4000));
    }

    @Test
    void kexInitWithUnknownNamesInOurOrderAndStrictKexOffIsWhatSshdReads() throws Exception {
        TransportPolicy p = TransportPolicy.builder().strictKex(false).kexInit((ours, initial) -> {
            List<String> kex = new ArrayList<>(List.of("x-research@example.org", "curve25519-sha256"));
            ours.kexAlgorithms().stream().filter(n -> n.startsWith("ext-info") || n.startsWith("kex-strict")).forEach(kex::add);
            return new KexInit(ours.cookie(), kex, List.of("x-unknown-key@example.org", "ssh-ed25519"),
                    List.of("aes256-ctr"), List.of("aes256-ctr"), ours.macClientToServer(), ours.macServerToClient(),
                    ours.compressionClientToServer(), ours.compressionServerToClient(), List.of(), List.of(), false, 0);
        }).build();
        Object[] r = run(p, List.of());
        String proposal = peerProposal((String) r[1]);
        assertTrue(proposal.contains("KEX algorithms: x-research@example.org,curve25519-sha256,ext-info-c ["), proposal);
        assertTrue(proposal.contains("host key algorithms: x-unknown-key@example.org,ssh-ed25519 ["), proposal);
        assertTrue(proposal.contains("ciphers ctos: aes256-ctr ["), proposal);
        assertFalse(proposal.contains("kex-strict-c"), "strict kex off: no marker in the names sshd read");
        TransportEvent.KeysExchanged k = (TransportEvent.KeysExchanged) r[0];
        assertEquals("curve25519-sha256", k.algorithms().kex());
        assertFalse(k.algorithms().strictKex());
    }

    @Test
    void aWrongKexGuessIsIgnoredBySshd() throws Exception {
        // sshd 9.2 prefers sntrup761x25519-sha512@openssh.com; we put curve25519-sha256 first and
        // follow our KEXINIT with a KEX_ECDH_INIT whose public value is a single byte. Taken as
        // real, it would end the exchange; RFC 4253 §7 says the server must ignore a wrong guess.
        TransportPolicy p = TransportPolicy.builder().kexInit((ours, initial) -> {
            List<String> kex = new ArrayList<>(List.of("curve25519-sha256", "sntrup761x25519-sha512@openssh.com"));
            ours.kexAlgorithms().stream().filter(n -> n.startsWith("ext-info") || n.startsWith("kex-strict")).forEach(kex::add);
            return new KexInit(ours.cookie(), kex, ours.serverHostKeyAlgorithms(), ours.encryptionClientToServer(),
                    ours.encryptionServerToClient(), ours.macClientToServer(), ours.macServerToClient(),
                    ours.compressionClientToServer(), ours.compressionServerToClient(), List.of(), List.of(),
                    ours.firstKexPacketFollows(), 0);
        }).guessedKexPacket(new Payload(MessageNumbers.SSH_MSG_KEX_ECDH_INIT, Bytes.fromHex("00000001ff"))).build();
        Object[] r = run(p, List.of());
        String log = (String) r[1];
        assertTrue(peerProposal(log).contains("first_kex_follows 1"), log);
        assertEquals("curve25519-sha256", ((TransportEvent.KeysExchanged) r[0]).algorithms().kex());
    }

    @Test
    void theCookieWeChooseIsOnTheWireAndSshdCompletesTheExchange() throws Exception {
        Bytes cookie = Bytes.fromHex("5e55107c00c1e0005e55107c00c1e000");
        List<byte[]> sentKexInit = new ArrayList<>();
        Object[] r = run(TransportPolicy.builder().cookie(cookie).extraPaddingBlocks(8).build(), List.of((c, d, seq, b) -> {
            if (d == Direction.OUTBOUND && c.sessionId() == null && b.get(5) == MessageNumbers.SSH_MSG_KEXINIT) {
                byte[] copy = new byte[b.remaining()];
                b.get(copy);
                sentKexInit.add(copy);
            }
        }));
        // uint32 packet_length, byte padding_length, byte 20, then the cookie (RFC 4253 §6, §7.1)
        assertEquals(cookie, Bytes.wrap(sentKexInit.get(0)).slice(6, 22));
        assertTrue(((TransportEvent.KeysExchanged) r[0]).algorithms().strictKex(), "sshd accepted it: H covers our cookie");
    }
}
