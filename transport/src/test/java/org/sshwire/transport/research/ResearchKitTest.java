package org.sshwire.transport.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.RekeyPolicy;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/** The exported engine pair, fake clock and scripted peer do what their documentation says. */
class ResearchKitTest {
    static final SshKeyPair HOST = SshKeyPair.generate("ssh-ed25519", 0, CryptoBackend.defaultBackend());

    @Test
    void anEnginePairRecordsWhatEachSideReceivedInOrder() {
        EnginePair p = EnginePair.of(TransportConfig.client().build(), ConnectionHooks.NONE,
                TransportConfig.server(List.of(HOST)).build(), ConnectionHooks.NONE).pump();
        p.client().requestService("ssh-userauth");
        p.pump();
        assertEquals(List.of(MessageNumbers.SSH_MSG_KEXINIT, MessageNumbers.SSH_MSG_KEX_ECDH_INIT, MessageNumbers.SSH_MSG_NEWKEYS,
                        MessageNumbers.SSH_MSG_SERVICE_REQUEST),
                p.receivedByServer().stream().map(Payload::msgId).toList());
        assertEquals(MessageNumbers.SSH_MSG_SERVICE_ACCEPT, p.receivedByClient().get(p.receivedByClient().size() - 1).msgId());
    }

    @Test
    void withoutAutoAcceptTheHostKeyQuestionWaitsForTheTest() {
        EnginePair p = new EnginePair(TransportConfig.client().build(), TransportConfig.server(List.of(HOST)).build())
                .autoAcceptHostKey(false).pump();
        assertEquals(1, p.clientEvents(TransportEvent.HostKeyToVerify.class).size());
        assertTrue(p.clientEvents(TransportEvent.KeysExchanged.class).isEmpty());
        p.client().acceptHostKey();
        p.pump();
        assertEquals(1, p.clientEvents(TransportEvent.KeysExchanged.class).size());
    }

    @Test
    void theFakeClockDrivesTimersAndNeverRunsBackwards() {
        EnginePair p = new EnginePair(TransportConfig.client().rekey(new RekeyPolicy(0, 0, Duration.ofHours(1))).build(),
                TransportConfig.server(List.of(HOST)).build()).pump();
        p.advance(Duration.ofMinutes(59));
        assertEquals(1, p.clientEvents(TransportEvent.KeysExchanged.class).size());
        p.advance(Duration.ofMinutes(1));
        assertEquals(2, p.clientEvents(TransportEvent.KeysExchanged.class).size());
        assertEquals(Duration.ofHours(1).toNanos(), p.clock().nanos());
        assertThrows(IllegalArgumentException.class, () -> p.clock().advance(Duration.ofSeconds(-1)));
    }

    @Test
    void aScriptedPeerReportsWhatCameInsteadOfWhatItExpected() {
        ScriptedPeer peer = ScriptedPeer.against(new TransportEngine(TransportConfig.server(List.of(HOST)).build()))
                .hello("curve25519-sha256");
        AssertionError e = assertThrows(AssertionError.class, () -> peer.expect(MessageNumbers.SSH_MSG_NEWKEYS));
        assertEquals("expected SSH_MSG_NEWKEYS, got SSH_MSG_KEXINIT", e.getMessage());
        peer.packet(new Payload(MessageNumbers.SSH_MSG_SERVICE_REQUEST, Bytes.EMPTY));
        assertEquals(DisconnectReason.PROTOCOL_ERROR, peer.expectDisconnect(DisconnectReason.PROTOCOL_ERROR).reason());
        assertThrows(AssertionError.class, () -> peer.expectDisconnect(DisconnectReason.MAC_ERROR));
    }
}
