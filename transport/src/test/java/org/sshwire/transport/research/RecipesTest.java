package org.sshwire.transport.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.Direction;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;

/**
 * The recipes of RESEARCH.md ("Recipes"), run as tests: attacks and hostile peers built from
 * the research kit, each asserting the outcome RESEARCH.md shows (lines starting "recipe:").
 */
class RecipesTest {
    static final SshKeyPair HOST = SshKeyPair.generate("ssh-ed25519", 0, CryptoBackend.defaultBackend());

    private static void show(List<String> lines) {
        lines.forEach(l -> System.out.println("recipe: " + l));
    }

    // --- RESEARCH.md: Terrapin
    /** A cleartext SSH_MSG_IGNORE packet with an empty string, as the attacker forges it (RFC 4253 §6). */
    static ByteBuffer forgedIgnore() {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putInt(12).put((byte) 6);                          // packet_length, padding_length
        b.put((byte) MessageNumbers.SSH_MSG_IGNORE).putInt(0); // payload: IGNORE, string ""
        b.put(new byte[6]).flip();                           // padding: 4+1+5+6 = 16, a multiple of 8
        return b;
    }

    /**
     * The attacker on the server-to-client path: sees each packet the server seals, with the
     * message number the server's payload observer saw just before (the engine frames payloads
     * in order). Before the server's NEWKEYS it adds a forged IGNORE, so the client's receive
     * sequence number runs one ahead; it deletes the first encrypted packet (EXT_INFO), so the
     * numbers line up again.
     */
    static ConnectionHooks terrapin(List<String> log) {
        Deque<Integer> numbers = new ArrayDeque<>();
        return ConnectionHooks.builder()
                .payloadObserver((c, dir, seq, p) -> {
                    if (dir == Direction.OUTBOUND) {
                        numbers.add(p.msgId());
                    }
                })
                .wireInterceptor((c, dir, seq, sealed) -> {
                    if (dir != Direction.OUTBOUND) {
                        return List.of(sealed);
                    }
                    int msg = numbers.remove();
                    if (msg == MessageNumbers.SSH_MSG_NEWKEYS) {
                        log.add("attacker: IGNORE injected before server NEWKEYS (#" + seq + ")");
                        return List.of(forgedIgnore(), sealed);
                    }
                    if (msg == MessageNumbers.SSH_MSG_EXT_INFO) {
                        log.add("attacker: deleted encrypted packet #" + seq + " (" + sealed.remaining() + " bytes, EXT_INFO)");
                        return List.of();
                    }
                    return List.of(sealed);
                })
                .build();
    }

    static EnginePair terrapinAgainst(boolean clientStrictKex, List<String> log) {
        ConnectionHooks victim = ConnectionHooks.builder()
                .policy(TransportPolicy.builder().strictKex(clientStrictKex).build()).build();
        EnginePair p = EnginePair.of(TransportConfig.client().build(), victim,
                TransportConfig.server(List.of(HOST)).build(), terrapin(log)).pump();
        if (!p.client().isClosed()) {
            p.client().requestService("ssh-userauth");   // does the connection go on?
            p.pump();
        }
        p.clientEvents(TransportEvent.KeysExchanged.class).forEach(k -> log.add("client: keys exchanged, "
                + k.algorithms().cipherServerToClient() + ", strict kex " + k.algorithms().strictKex()));
        log.add("client: EXT_INFO received " + !p.clientEvents(TransportEvent.ExtInfoReceived.class).isEmpty()
                + ", service accepted " + !p.clientEvents(TransportEvent.ServiceAccepted.class).isEmpty());
        p.clientEvents(TransportEvent.Disconnected.class).forEach(d -> log.add("client: " + d));
        return p;
    }
    // ---

    @Test
    void terrapinTruncatesExtInfoUnnoticedWithoutStrictKex() {
        List<String> log = new ArrayList<>();
        EnginePair p = terrapinAgainst(false, log);
        show(log);
        assertFalse(p.clientEvents(TransportEvent.KeysExchanged.class).get(0).algorithms().strictKex());
        assertTrue(p.clientEvents(TransportEvent.ExtInfoReceived.class).isEmpty(), "EXT_INFO was deleted");
        assertEquals(1, p.clientEvents(TransportEvent.ServiceAccepted.class).size(), "the connection went on");
        assertTrue(p.clientEvents(TransportEvent.Disconnected.class).isEmpty(), log::toString);
        assertFalse(p.client().isClosed());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("attacker: deleted")), "the cut happened");
    }

    @Test
    void terrapinIsRefusedWithStrictKex() {
        List<String> log = new ArrayList<>();
        EnginePair p = terrapinAgainst(true, log);
        show(log);
        TransportEvent.Disconnected d = p.clientEvents(TransportEvent.Disconnected.class).get(0);
        assertEquals(DisconnectReason.PROTOCOL_ERROR, d.reason());
        assertTrue(d.description().startsWith("strict KEX violation"), d::description);
        assertTrue(p.client().isClosed());
        assertTrue(p.clientEvents(TransportEvent.ServiceAccepted.class).isEmpty());
        // The server read the client's DISCONNECT: the victim told its peer why it left.
        TransportEvent.Disconnected atServer = p.serverEvents(TransportEvent.Disconnected.class).get(0);
        assertNotNull(atServer);
        assertTrue(atServer.byPeer(), atServer::toString);
    }

    @Test
    void malformedKexInitIsAProtocolError() {
        List<String> log = new ArrayList<>();
        // --- RESEARCH.md: Malformed KEXINIT
        // The first name-list claims 1000 bytes and 8 follow; then a KEXINIT cut after its ten
        // name-lists (no first_kex_packet_follows, no reserved field).
        Payload lengthPastTheEnd = new Payload(MessageNumbers.SSH_MSG_KEXINIT,
                new SshWriter().writeRaw(new byte[16]).writeUint32(1000).writeRaw(Bytes.utf8("curve255")).toBytes());
        SshWriter cut = new SshWriter().writeRaw(new byte[16]);
        for (String names : List.of("curve25519-sha256", "ssh-ed25519", "aes128-ctr", "aes128-ctr",
                "hmac-sha2-256", "hmac-sha2-256", "none", "none", "", "")) {
            cut.writeUtf8(names);
        }
        Payload truncated = new Payload(MessageNumbers.SSH_MSG_KEXINIT, cut.toBytes());
        List<TransportEvent.Disconnected> outcomes = new ArrayList<>();
        for (Payload kexInit : List.of(lengthPastTheEnd, truncated)) {
            ScriptedPeer peer = ScriptedPeer.against(new TransportEngine(TransportConfig.server(List.of(HOST)).build()))
                    .line("SSH-2.0-Recipe_1.0")
                    .packet(kexInit)
                    .expect(MessageNumbers.SSH_MSG_KEXINIT, MessageNumbers.SSH_MSG_DISCONNECT);
            List<Payload> sent = peer.received();
            long reasonOnTheWire = sent.get(sent.size() - 1).reader().readUint32();
            log.add("server sent " + sent.stream().map(x -> MessageNumbers.name(x.msgId())).toList()
                    + ", DISCONNECT reason " + reasonOnTheWire + ": " + peer.outcome().description());
            outcomes.add(peer.expectDisconnect(DisconnectReason.PROTOCOL_ERROR));
        }
        // ---
        show(log);
        assertEquals(2, outcomes.size());
        outcomes.forEach(d -> assertTrue(d.description().startsWith("malformed message"), d::description));
        assertTrue(log.stream().allMatch(l -> l.contains("DISCONNECT reason " + DisconnectReason.PROTOCOL_ERROR.code())), log::toString);
    }

    @Test
    void aWrongKexGuessIsIgnoredAndTheExchangeCompletes() {
        List<String> log = new ArrayList<>();
        // --- RESEARCH.md: A wrong KEX guess
        // The client puts curve25519-sha256 first (the server prefers mlkem768x25519-sha256), sets
        // first_kex_packet_follows and sends a guessed KEX_ECDH_INIT whose 1-byte public value the
        // server would refuse with KEY_EXCHANGE_FAILED if it read it.
        TransportPolicy guessing = TransportPolicy.builder()
                .kexInit((ours, initial) -> {
                    List<String> kex = new ArrayList<>(ours.kexAlgorithms());
                    kex.remove("curve25519-sha256");
                    kex.add(0, "curve25519-sha256");
                    return new KexInit(ours.cookie(), kex, ours.serverHostKeyAlgorithms(),
                            ours.encryptionClientToServer(), ours.encryptionServerToClient(),
                            ours.macClientToServer(), ours.macServerToClient(),
                            ours.compressionClientToServer(), ours.compressionServerToClient(),
                            ours.languagesClientToServer(), ours.languagesServerToClient(), true, 0);
                })
                .guessedKexPacket(new Payload(MessageNumbers.SSH_MSG_KEX_ECDH_INIT, Bytes.fromHex("00000001ff")))
                .build();
        EnginePair p = EnginePair.of(TransportConfig.client().build(), ConnectionHooks.builder().policy(guessing).build(),
                TransportConfig.server(List.of(HOST)).build(), ConnectionHooks.NONE).pump();
        p.client().requestService("ssh-userauth");
        p.pump();
        p.receivedByServer().stream().takeWhile(x -> x.msgId() != MessageNumbers.SSH_MSG_NEWKEYS)
                .forEach(x -> log.add("server received " + MessageNumbers.name(x.msgId()) + ", " + x.body().length() + " body bytes"));
        TransportEvent.KeysExchanged k = p.serverEvents(TransportEvent.KeysExchanged.class).get(0);
        log.add("server: keys exchanged with " + k.algorithms().kex() + ", first choices differ " + k.algorithms().firstChoicesDiffer());
        log.add("client: service accepted " + !p.clientEvents(TransportEvent.ServiceAccepted.class).isEmpty());
        // ---
        show(log);
        assertTrue(k.algorithms().firstChoicesDiffer());
        assertEquals("curve25519-sha256", k.algorithms().kex());
        List<Payload> inits = p.receivedByServer().stream().filter(x -> x.msgId() == MessageNumbers.SSH_MSG_KEX_ECDH_INIT).toList();
        assertEquals(2, inits.size(), "the guess and the real KEX_ECDH_INIT");
        assertEquals(5, inits.get(0).body().length(), "the guess arrived");
        assertEquals(36, inits.get(1).body().length(), "then a 32-byte Q_C");
        assertEquals(1, p.clientEvents(TransportEvent.KeysExchanged.class).size());
        assertEquals(1, p.clientEvents(TransportEvent.ServiceAccepted.class).size());
        assertTrue(p.serverEvents(TransportEvent.Disconnected.class).isEmpty());
    }
}
