package org.sshwire.transport;

import org.sshwire.transport.research.EnginePair;
import org.sshwire.transport.research.ScriptedPeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.internal.kex.DhGroup;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshWriter;

/**
 * Every peer-controlled length and count of the transport layer, sent hostile: each ends in a
 * clean DISCONNECT with the right reason, and nothing is allocated for the claimed size (the
 * readers check lengths against what arrived before allocating).
 */
class HostileInputTest {

    private static ScriptedPeer clientAgainstOurServer() {
        return ScriptedPeer.against(new TransportEngine(TestHostKeys.server()
                .kexAlgorithms(java.util.List.of("curve25519-sha256", "diffie-hellman-group14-sha256",
                        "diffie-hellman-group-exchange-sha256", "mlkem768x25519-sha256")).build()));
    }

    private static void assertDisconnect(ScriptedPeer peer, DisconnectReason reason, String startOfDescription) {
        TransportEvent.Disconnected d = peer.outcome();
        assertNotNull(d, "still connected");
        assertEquals(reason, d.reason(), d.description());
        assertTrue(d.description().startsWith(startOfDescription), d.description());
        assertTrue(peer.engine().isClosed());
        java.util.List<Payload> sent = peer.received();
        if (!sent.isEmpty()) { // past the identifications: KEXINIT, then the DISCONNECT with the reason (RFC 4253 §11.1)
            Payload last = sent.get(sent.size() - 1);
            assertEquals(org.sshwire.transport.wire.MessageNumbers.SSH_MSG_DISCONNECT, last.msgId());
            assertEquals(reason.code(), last.reader().readUint32());
        }
    }

    @Test
    void aScriptedPeerSeesOurKexInitThenTheDisconnectForAOneBytePublicValue() {
        ScriptedPeer p = clientAgainstOurServer().hello("curve25519-sha256")
                .expect(org.sshwire.transport.wire.MessageNumbers.SSH_MSG_KEXINIT)
                .packet(new Payload(30, Bytes.fromHex("00000001ff")))
                .expect(org.sshwire.transport.wire.MessageNumbers.SSH_MSG_DISCONNECT);
        assertEquals(DisconnectReason.KEY_EXCHANGE_FAILED, p.expectDisconnect(DisconnectReason.KEY_EXCHANGE_FAILED).reason());
    }

    @Test
    void identificationOver255Bytes() {
        ScriptedPeer p = clientAgainstOurServer().line("SSH-2.0-" + "x".repeat(300));
        assertDisconnect(p, DisconnectReason.PROTOCOL_ERROR, "identification line longer than 255");
    }

    @Test
    void clientSendingLinesBeforeItsIdentification() {
        ScriptedPeer p = clientAgainstOurServer().line("hello");
        assertDisconnect(p, DisconnectReason.PROTOCOL_ERROR, "client sent data that is not an SSH identification");
    }

    @Test
    void packetClaiming2GiB() {
        ScriptedPeer p = clientAgainstOurServer().line("SSH-2.0-x").raw(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0});
        assertDisconnect(p, DisconnectReason.PROTOCOL_ERROR, "packet length 2147483632 exceeds the maximum");
    }

    @Test
    void kexInitWithTenThousandNames() {
        String names = String.join(",", Collections.nCopies(10_000, "a"));
        SshWriter w = new SshWriter().writeRaw(new byte[16]);
        for (int i = 0; i < 10; i++) {
            w.writeString(Bytes.utf8(i == 0 ? names : "x"));
        }
        w.writeBoolean(false).writeUint32(0);
        ScriptedPeer p = clientAgainstOurServer().line("SSH-2.0-x").packet(new Payload(20, w.toBytes()));
        assertDisconnect(p, DisconnectReason.PROTOCOL_ERROR, "malformed message: name-list has 10000 names");
    }

    @Test
    void stringLengthBeyondThePacket() {
        // KEX_ECDH_INIT claiming a 4 GiB Q_C in a small packet.
        ScriptedPeer p = clientAgainstOurServer().hello("curve25519-sha256")
                .packet(new Payload(30, Bytes.fromHex("ffffffff0102")));
        assertDisconnect(p, DisconnectReason.PROTOCOL_ERROR, "malformed message: string length 4294967295 exceeds");
    }

    @Test
    void x25519PublicKeyOfTheWrongLength() {
        ScriptedPeer p = clientAgainstOurServer().hello("curve25519-sha256")
                .packet(new Payload(30, new SshWriter().writeString(new byte[1000]).toBytes()));
        assertDisconnect(p, DisconnectReason.KEY_EXCHANGE_FAILED, "invalid curve25519-sha256 public value");
    }

    @Test
    void x25519AllZeroSharedSecret() {
        // The all-zero point: every shared secret is zero (RFC 8731 §3 requires aborting).
        ScriptedPeer p = clientAgainstOurServer().hello("curve25519-sha256")
                .packet(new Payload(30, new SshWriter().writeString(new byte[32]).toBytes()));
        assertDisconnect(p, DisconnectReason.KEY_EXCHANGE_FAILED, "invalid curve25519-sha256 public value");
    }

    @Test
    void dhPublicValueOutsideTwoToPMinusTwo() {
        BigInteger p = DhGroup.GROUP14.p();
        for (BigInteger e : new BigInteger[] {BigInteger.ONE, p.subtract(BigInteger.ONE), p}) {
            ScriptedPeer peer = clientAgainstOurServer().hello("diffie-hellman-group14-sha256")
                    .packet(new Payload(30, new SshWriter().writeMpint(e).toBytes()));
            assertDisconnect(peer, DisconnectReason.KEY_EXCHANGE_FAILED, "invalid DH public value");
        }
    }

    @Test
    void groupExchangeRequestsThatCannotBeMet() {
        ScriptedPeer inverted = clientAgainstOurServer().hello("diffie-hellman-group-exchange-sha256")
                .packet(new Payload(34, new SshWriter().writeUint32(8192).writeUint32(4096).writeUint32(2048).toBytes()));
        assertDisconnect(inverted, DisconnectReason.PROTOCOL_ERROR, "invalid group exchange request");
        ScriptedPeer huge = clientAgainstOurServer().hello("diffie-hellman-group-exchange-sha256")
                .packet(new Payload(34, new SshWriter().writeUint32(0xfffffff0L).writeUint32(0xfffffff0L).writeUint32(0xffffffffL).toBytes()));
        assertDisconnect(huge, DisconnectReason.KEY_EXCHANGE_FAILED, "no DH group of");
    }

    @Test
    void hybridInitOfTheWrongLength() {
        ScriptedPeer p = clientAgainstOurServer().hello("mlkem768x25519-sha256")
                .packet(new Payload(30, new SshWriter().writeString(new byte[1184]).toBytes()));
        assertDisconnect(p, DisconnectReason.KEY_EXCHANGE_FAILED, "invalid mlkem768x25519-sha256 value from peer: C_INIT of 1184 bytes");
    }

    @Test
    void keyExchangeMessageOutsideAnExchangeAndNewKeysOutOfOrder() {
        ScriptedPeer early = clientAgainstOurServer().line("SSH-2.0-x").packet(new Payload(30, Bytes.EMPTY));
        assertDisconnect(early, DisconnectReason.PROTOCOL_ERROR, "key exchange message 30 outside a key exchange");
        ScriptedPeer newKeys = clientAgainstOurServer().hello("curve25519-sha256").packet(new Payload(21, Bytes.EMPTY));
        assertDisconnect(newKeys, DisconnectReason.PROTOCOL_ERROR, "unexpected NEWKEYS");
    }

    @Test
    void extInfoClaimingFourBillionExtensions() {
        EnginePair pair = new EnginePair(TransportConfig.client().build(), TestHostKeys.server().build());
        pair.pump();
        pair.client().sendRaw(new Payload(7, new SshWriter().writeUint32(0xffffffffL).toBytes()));
        pair.pump();
        TransportEvent.Disconnected d = pair.serverEvents(TransportEvent.Disconnected.class).get(0);
        assertEquals(DisconnectReason.PROTOCOL_ERROR, d.reason());
        assertEquals("EXT_INFO claims 4294967295 extensions", d.description());
    }

    @Test
    void localQueueDuringKeyExchangeIsBounded() {
        TransportEngine client = new TransportEngine(TransportConfig.client().maxQueuedBytes(64 * 1024).build());
        client.send(new Payload(94, Bytes.wrap(new byte[60 * 1024])));
        assertThrows(IllegalStateException.class, () -> client.send(new Payload(94, Bytes.wrap(new byte[8 * 1024]))));
    }

    @Test
    void unassignedTransportNumbersDuringAPlainKeyExchangeGetUnimplementedAndTheExchangeGoesOn() {
        // RFC 4253 §7.1 lets a peer send 1-19 and 20-29 between KEXINIT and NEWKEYS; §11.4 answers
        // the unrecognised ones with their sequence number (OpenSSH's kex_protocol_error, outside strict kex).
        for (int n : new int[] {8, 19, 22, 29}) {
            ScriptedPeer p = clientAgainstOurServer().hello("curve25519-sha256")
                    .packet(new Payload(n, Bytes.EMPTY))
                    .expect(org.sshwire.transport.wire.MessageNumbers.SSH_MSG_KEXINIT,
                            org.sshwire.transport.wire.MessageNumbers.SSH_MSG_UNIMPLEMENTED);
            java.util.List<Payload> sent = p.received();
            assertEquals(1, sent.get(1).reader().readUint32(), "the probe was packet #1");
            assertTrue(!p.engine().isClosed(), "message " + n);
            p.packet(new Payload(30, new SshWriter().writeString(Bytes.fromHex("09" + "00".repeat(31))).toBytes()))
                    .expect(31, org.sshwire.transport.wire.MessageNumbers.SSH_MSG_NEWKEYS);
        }
        // 0 is in no range §7.1 allows (strict kex refuses all of them: StrictKexTest, RESEARCH.md's recipe).
        assertDisconnect(clientAgainstOurServer().hello("curve25519-sha256").packet(new Payload(0, Bytes.EMPTY)),
                DisconnectReason.PROTOCOL_ERROR, "SSH_MSG_UNKNOWN_0 is not allowed during key exchange");
    }
}
