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
import org.sshwire.transport.TransportEvent;
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
}
