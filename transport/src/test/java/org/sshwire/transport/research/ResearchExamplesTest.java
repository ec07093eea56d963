package org.sshwire.transport.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.RekeyPolicy;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/**
 * The examples of RESEARCH.md, run as tests: each prints what RESEARCH.md shows as its output
 * (lines starting "example:") and checks it.
 */
class ResearchExamplesTest {
    static final SshKeyPair HOST = SshKeyPair.generate("ssh-ed25519", 0, CryptoBackend.defaultBackend());

    private static void show(List<String> lines) {
        lines.forEach(l -> System.out.println("example: " + l));
    }

    private static String name(Record m) {
        return m instanceof Payload p ? MessageNumbers.name(p.msgId()) : m.getClass().getSimpleName();
    }

    @Test
    void perConnectionHooks() {
        // --- RESEARCH.md: Per-connection hooks
        List<String> log = new ArrayList<>();
        ConnectionHooks hooks = ConnectionHooks.builder()
                .wireObserver((c, dir, seq, sealed) -> log.add("conn " + c.id() + " wire " + dir + " #" + seq + " " + sealed.remaining() + " bytes"))
                .messageObserver((c, dir, seq, m) -> log.add("conn " + c.id() + " msg  " + dir + " #" + seq + " " + name(m)))
                .build();
        EnginePair p = EnginePair.of(TransportConfig.client().build(), ConnectionHooks.NONE,
                TransportConfig.server(List.of(HOST)).build(), hooks);
        p.pump();
        p.client().requestService("ssh-userauth");
        p.pump();
        // ---
        show(log);
        assertTrue(log.contains("conn 2 msg  INBOUND #0 KexInit"), log::toString);
        assertTrue(log.contains("conn 2 msg  INBOUND #0 SSH_MSG_SERVICE_REQUEST"), "strict kex: #0 again after NEWKEYS");
        assertEquals(log.size() / 2, log.stream().filter(l -> l.contains(" wire ")).count(), "one wire line per message");
    }

    @Test
    void policies() {
        // --- RESEARCH.md: Policies
        List<String> log = new ArrayList<>();
        TransportPolicy odd = TransportPolicy.builder()
                .cookie(Bytes.fromHex("5e55107c00c1e0005e55107c00c1e000"))
                .strictKex(false)
                .padding((payloadLength, minimal, block) -> minimal + 4 * block)
                .kexInit((ours, initial) -> new KexInit(ours.cookie(),
                        List.of("x-research@example.org", "curve25519-sha256", "ext-info-c"),
                        ours.serverHostKeyAlgorithms(), ours.encryptionClientToServer(), ours.encryptionServerToClient(),
                        ours.macClientToServer(), ours.macServerToClient(), ours.compressionClientToServer(),
                        ours.compressionServerToClient(), List.of(), List.of(), true, 0))
                .guessedKexPacket(new Payload(MessageNumbers.SSH_MSG_KEX_ECDH_INIT, Bytes.fromHex("00000001ff")))
                .build();
        ConnectionHooks server = ConnectionHooks.builder()
                .wireObserver((c, dir, seq, sealed) -> {
                    if (dir == org.sshwire.transport.Direction.INBOUND && c.sessionId() == null) {
                        log.add("server got packet #" + seq + " with padding_length " + (sealed.get(4) & 0xff));
                    }
                })
                .messageObserver((c, dir, seq, m) -> {
                    if (m instanceof KexInit k && dir == org.sshwire.transport.Direction.INBOUND) {
                        log.add("server got cookie " + k.cookie().toHex() + ", kex " + k.kexAlgorithms()
                                + ", first_kex_packet_follows " + k.firstKexPacketFollows());
                    }
                })
                .build();
        EnginePair p = EnginePair.of(TransportConfig.client().build(), ConnectionHooks.builder().policy(odd).build(),
                TransportConfig.server(List.of(HOST)).build(), server).pump();
        TransportEvent.KeysExchanged k = p.clientEvents(TransportEvent.KeysExchanged.class).get(0);
        log.add("negotiated " + k.algorithms().kex() + ", strict kex " + k.algorithms().strictKex());
        // ---
        show(log);
        assertTrue(log.get(1).contains("cookie 5e55107c00c1e0005e55107c00c1e000"), log::toString);
        assertFalse(k.algorithms().strictKex());
    }

    @Test
    void enginePairAndScriptedPeer() {
        // --- RESEARCH.md: Engine pair and scripted peer
        List<String> log = new ArrayList<>();
        ScriptedPeer peer = ScriptedPeer.against(new TransportEngine(TransportConfig.server(List.of(HOST)).build()))
                .hello("curve25519-sha256")                                   // identification + KEXINIT
                .expect(MessageNumbers.SSH_MSG_KEXINIT)                        // the server's KEXINIT
                .packet(new Payload(MessageNumbers.SSH_MSG_KEX_ECDH_INIT, Bytes.fromHex("00000001ff"))) // 1-byte Q_C
                .expect(MessageNumbers.SSH_MSG_DISCONNECT);
        log.add("scripted peer: " + peer.expectDisconnect(DisconnectReason.KEY_EXCHANGE_FAILED));

        EnginePair p = new EnginePair(TransportConfig.client().rekey(new RekeyPolicy(0, 0, Duration.ofHours(1))).build(),
                TransportConfig.server(List.of(HOST)).build()).pump();
        p.advance(Duration.ofMinutes(59));
        log.add("after 59 min: " + p.clientEvents(TransportEvent.KeysExchanged.class).size() + " key exchange(s)");
        p.advance(Duration.ofMinutes(1));
        log.add("after 60 min: " + p.clientEvents(TransportEvent.KeysExchanged.class).size() + " key exchange(s)");
        // ---
        show(log);
        assertEquals("after 60 min: 2 key exchange(s)", log.get(2));
    }
}
