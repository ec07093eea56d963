package org.sshwire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.internal.packet.PacketFramer;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshWriter;

/**
 * Terrapin (CVE-2023-48795): a man in the middle injects a cleartext IGNORE before NEWKEYS and
 * drops the first encrypted packet, so sequence numbers still line up. Strict kex must stop it.
 */
class StrictKexTest {

    /** The wire between two engines, one packet per buffer, server → client open to tampering. */
    static final class Wire {
        final TransportEngine client;
        final TransportEngine server;
        final List<Integer> serverMsgIds = new ArrayList<>();

        Wire(boolean strict) {
            client = new TransportEngine(TransportConfig.client().strictKex(strict).build());
            server = new TransportEngine(TestHostKeys.server().strictKex(strict)
                    .observer((d, seq, p) -> {
                        if (d == Direction.OUTBOUND) {
                            serverMsgIds.add(p.msgId());
                        }
                    }).build());
        }

        /**
         * Moves bytes until quiet. {@code tamper} sees each server→client packet with its message
         * number (-1 for the identification line) and returns what to deliver instead.
         */
        private int serverPackets;

        void pump(java.util.function.BiFunction<Integer, ByteBuffer, List<ByteBuffer>> tamper) {
            for (int round = 0; round < 1000; round++) {
                boolean moved = false;
                for (ByteBuffer b; (b = client.pollTransmit()) != null; moved = true) {
                    server.receive(b);
                }
                for (ByteBuffer b; (b = server.pollTransmit()) != null; moved = true) {
                    int id = serverPackets == 0 ? -1 : serverMsgIds.get(serverPackets - 1);
                    serverPackets++;
                    for (ByteBuffer out : tamper.apply(id, b)) {
                        client.receive(out);
                    }
                }
                drainClient();
                if (!moved) {
                    return;
                }
            }
        }

        final List<TransportEvent> clientEvents = new ArrayList<>();

        private void drainClient() {
            for (TransportEvent e; (e = client.pollEvent()) != null; ) {
                clientEvents.add(e);
                if (e instanceof TransportEvent.HostKeyToVerify) {
                    client.acceptHostKey();
                }
            }
        }

        boolean clientGotExtInfo() {
            return clientEvents.stream().anyMatch(e -> e instanceof TransportEvent.ExtInfoReceived);
        }

        TransportEvent.Disconnected clientDisconnect() {
            return clientEvents.stream().filter(e -> e instanceof TransportEvent.Disconnected)
                    .map(e -> (TransportEvent.Disconnected) e).findFirst().orElse(null);
        }
    }

    /** A cleartext IGNORE packet, as an attacker can forge before NEWKEYS. */
    static ByteBuffer forgedIgnore() {
        byte[] payload = new Payload(MessageNumbers.SSH_MSG_IGNORE, new SshWriter().writeString(Bytes.EMPTY).toBytes()).toByteArray();
        return ByteBuffer.wrap(new PacketFramer(new SecureRandom()).frame(payload, 0, payload.length));
    }

    /** Inject IGNORE before the server's NEWKEYS and drop the EXT_INFO that follows it. */
    static List<ByteBuffer> terrapin(int msgId, ByteBuffer packet) {
        if (msgId == MessageNumbers.SSH_MSG_NEWKEYS) {
            return List.of(forgedIgnore(), packet);
        }
        if (msgId == MessageNumbers.SSH_MSG_EXT_INFO) {
            return List.of();
        }
        return List.of(packet);
    }

    @Test
    void withoutStrictKexTheTerrapinPrefixTruncationGoesUnnoticed() {
        // The control experiment: this is the attack strict kex exists to stop.
        Wire w = new Wire(false);
        w.pump(StrictKexTest::terrapin);
        assertFalse(w.client.isClosed(), () -> "attack should go unnoticed without strict kex: " + w.clientEvents);
        assertFalse(w.clientGotExtInfo(), "EXT_INFO silently deleted");
    }

    @Test
    void strictKexAbortsOnAnIgnoreInjectedBeforeNewKeys() {
        Wire w = new Wire(true);
        w.pump(StrictKexTest::terrapin);
        TransportEvent.Disconnected d = w.clientDisconnect();
        assertEquals(DisconnectReason.PROTOCOL_ERROR, d.reason());
        assertTrue(d.description().startsWith("strict KEX violation"), d.description());
        assertFalse(w.clientGotExtInfo());
    }

    @Test
    void strictKexDetectsADroppedFirstEncryptedPacket() {
        Wire w = new Wire(true);
        w.pump((id, b) -> id == MessageNumbers.SSH_MSG_EXT_INFO ? List.of() : List.of(b));
        assertFalse(w.client.isClosed(), "nothing seen yet: the next packet tells");
        w.client.requestService("ssh-userauth");
        w.pump((id, b) -> List.of(b));
        TransportEvent.Disconnected d = w.clientDisconnect();
        assertTrue(d != null, () -> "dropped packet not detected: " + w.clientEvents);
        assertTrue(w.clientEvents.stream().noneMatch(e -> e instanceof TransportEvent.ServiceAccepted));
    }

    @Test
    void strictKexRequiresKexInitToBeTheFirstPacket() {
        Wire w = new Wire(true);
        w.pump((id, b) -> id == MessageNumbers.SSH_MSG_KEXINIT ? List.of(forgedIgnore(), b) : List.of(b));
        TransportEvent.Disconnected d = w.clientDisconnect();
        assertEquals("strict KEX violation: KEXINIT was not the first packet", d.description());
    }
}
