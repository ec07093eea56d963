package org.sshwire.transport;

import org.sshwire.transport.research.EnginePair;
import org.sshwire.transport.research.ScriptedPeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.internal.kex.KexAlgorithm;
import org.sshwire.transport.internal.packet.CipherAlgorithm;
import org.sshwire.transport.internal.packet.MacAlgorithm;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.internal.VersionExchange;

/** Our client engine against our server engine, in memory, across the algorithm matrix. */
class TransportEngineTest {
    static EnginePair pair(TransportConfig.Builder c, TransportConfig.Builder s) {
        return new EnginePair(c.build(), s.build());
    }

    static TransportConfig.Builder server() {
        return TestHostKeys.server();
    }

    static void assertConnected(EnginePair p) {
        assertFalse(p.client().isClosed(), () -> "client closed: " + p.clientEvents());
        assertFalse(p.server().isClosed(), () -> "server closed: " + p.serverEvents());
        assertEquals(1, p.clientEvents(TransportEvent.KeysExchanged.class).size(), () -> p.clientEvents().toString());
        assertEquals(1, p.serverEvents(TransportEvent.KeysExchanged.class).size(), () -> p.serverEvents().toString());
        assertEquals(p.client().connectionInfo().sessionId(), p.server().connectionInfo().sessionId());
    }

    static Stream<Arguments> kexMatrix() {
        List<Arguments> out = new ArrayList<>();
        for (CryptoBackend b : List.of(CryptoBackend.defaultBackend(), CryptoBackend.bcOnly())) {
            for (KexAlgorithm k : KexAlgorithm.ALL) {
                out.add(Arguments.of(k.name(), b));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("kexMatrix")
    void everyKeyExchangeMethodCompletesAndAgreesOnTheSessionId(String kex, CryptoBackend backend) {
        EnginePair p = pair(TransportConfig.client().crypto(backend).kexAlgorithms(List.of(kex)).gexPreferredBits(2048),
                server().crypto(backend).kexAlgorithms(List.of(kex)));
        p.pump();
        assertConnected(p);
        assertEquals(kex, p.client().connectionInfo().algorithms().kex());
        assertTrue(p.client().connectionInfo().algorithms().strictKex());
    }

    static Stream<Arguments> cipherMatrix() {
        List<Arguments> out = new ArrayList<>();
        for (CipherAlgorithm c : CipherAlgorithm.ALL) {
            if (c == CipherAlgorithm.NONE) {
                continue;
            }
            for (MacAlgorithm m : MacAlgorithm.ALL) {
                if (m == MacAlgorithm.NONE || (c.isAead() && m != MacAlgorithm.HMAC_SHA2_256)) {
                    continue;
                }
                // Every host key with one MAC; the other MACs (legacy included) with one host key.
                for (String hostKey : m == MacAlgorithm.HMAC_SHA2_256 ? TransportConfig.DEFAULT_HOST_KEY_ALGORITHMS
                        : List.of("ssh-ed25519")) {
                    out.add(Arguments.of(c.name(), m.name(), hostKey));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cipherMatrix")
    void everyCipherMacAndHostKeyCarriesAServiceRequest(String cipher, String mac, String hostKey) {
        EnginePair p = pair(TransportConfig.client().ciphers(List.of(cipher)).macs(List.of(mac))
                        .hostKeyAlgorithms(List.of(hostKey)).kexAlgorithms(List.of("curve25519-sha256")),
                server().ciphers(List.of(cipher)).macs(List.of(mac)));
        p.pump();
        assertConnected(p);
        p.client().requestService("ssh-userauth");
        p.pump();
        assertEquals(List.of(new TransportEvent.ServiceAccepted("ssh-userauth")), p.clientEvents(TransportEvent.ServiceAccepted.class));
        assertEquals(hostKey, p.client().connectionInfo().algorithms().hostKey());
        // Upper-layer messages flow both ways once the service is accepted.
        p.client().send(new Payload(50, Bytes.fromHex("01020304")));
        p.pump();
        assertEquals(Bytes.fromHex("01020304"), p.serverEvents(TransportEvent.PayloadReceived.class).get(0).payload().body());
    }

    @Test
    void serverSendsServerSigAlgsInExtInfoRightAfterNewKeys() {
        EnginePair p = pair(TransportConfig.client(), server());
        p.pump();
        List<TransportEvent.ExtInfoReceived> ext = p.clientEvents(TransportEvent.ExtInfoReceived.class);
        assertEquals(1, ext.size());
        assertEquals(String.join(",", TransportEngine.SERVER_SIG_ALGS), ext.get(0).extensions().get("server-sig-algs").asUtf8());
    }

    @Test
    void clientWaitsForTheHostKeyDecisionAndRejectionDisconnects() {
        EnginePair p = pair(TransportConfig.client(), server());
        p.autoAcceptHostKey(false);
        p.pump();
        TransportEvent.HostKeyToVerify q = p.clientEvents(TransportEvent.HostKeyToVerify.class).get(0);
        assertEquals(TestHostKeys.ED25519.publicKey(), q.hostKey());
        assertTrue(p.clientEvents(TransportEvent.KeysExchanged.class).isEmpty(), "no keys before the decision");
        p.client().rejectHostKey("not in known_hosts");
        p.pump();
        TransportEvent.Disconnected d = p.serverEvents(TransportEvent.Disconnected.class).get(0);
        assertEquals(DisconnectReason.HOST_KEY_NOT_VERIFIABLE, d.reason());
        assertTrue(d.byPeer());
    }

    @Test
    void eitherSideCanRekeyAndQueuedPayloadsArriveInOrderAfterIt() {
        EnginePair p = pair(TransportConfig.client(), server());
        p.pump();
        p.client().requestService("ssh-userauth");
        p.pump();
        Bytes sessionId = p.client().connectionInfo().sessionId();
        p.client().startRekey();
        // Sent while our KEXINIT is out: must be queued, then delivered after NEWKEYS, in order.
        for (int i = 0; i < 5; i++) {
            p.client().send(new Payload(80, Bytes.of((byte) i)));
        }
        p.pump();
        p.server().startRekey();
        p.pump();
        assertConnected3(p);
        assertEquals(sessionId, p.server().connectionInfo().sessionId(), "session id survives rekeys");
        List<TransportEvent.PayloadReceived> got = p.serverEvents(TransportEvent.PayloadReceived.class);
        assertEquals(5, got.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(Bytes.of((byte) i), got.get(i).payload().body());
        }
    }

    private static void assertConnected3(EnginePair p) {
        assertFalse(p.client().isClosed());
        assertFalse(p.server().isClosed());
        assertEquals(3, p.clientEvents(TransportEvent.KeysExchanged.class).size());
        assertEquals(3, p.serverEvents(TransportEvent.KeysExchanged.class).size());
    }

    @Test
    void rekeyStartsByItselfAfterTheByteLimit() {
        EnginePair p = pair(TransportConfig.client().rekey(new RekeyPolicy(64 * 1024, 0, java.time.Duration.ZERO)), server());
        p.pump();
        p.client().requestService("ssh-userauth");
        p.pump();
        for (int i = 0; i < 40; i++) {
            p.client().send(new Payload(94, Bytes.wrap(new byte[4096])));
            p.pump();
        }
        assertTrue(p.clientEvents(TransportEvent.KeysExchanged.class).size() >= 3, "rekeyed at least twice");
        assertEquals(40, p.serverEvents(TransportEvent.PayloadReceived.class).size());
        assertFalse(p.server().isClosed());
    }

    @Test
    void rekeyByTimeFollowsTheDeadline() {
        EnginePair p = pair(TransportConfig.client().rekey(new RekeyPolicy(0, 0, java.time.Duration.ofSeconds(10))), server());
        p.advance(java.time.Duration.ofNanos(1_000)); // keyed, the engine asks for the time: the fake clock's 1000
        assertEquals(1_000 + 10_000_000_000L, p.client().nextDeadlineNanos());
        p.advance(java.time.Duration.ofSeconds(5));
        assertEquals(1, p.clientEvents(TransportEvent.KeysExchanged.class).size(), "not yet");
        p.advance(java.time.Duration.ofSeconds(5));
        assertEquals(2, p.clientEvents(TransportEvent.KeysExchanged.class).size());
    }

    @Test
    void negotiationFailureDisconnectsWithKeyExchangeFailedNamingBothLists() {
        EnginePair p = pair(TransportConfig.client().ciphers(List.of("aes128-ctr")),
                server().ciphers(List.of("aes256-gcm@openssh.com")));
        p.pump();
        TransportEvent.Disconnected d = p.clientEvents(TransportEvent.Disconnected.class).get(0);
        assertEquals(DisconnectReason.KEY_EXCHANGE_FAILED, d.reason());
        assertEquals("no matching cipher found: client aes128-ctr server aes256-gcm@openssh.com", d.description());
        // The server negotiates independently and fails the same way.
        assertEquals(DisconnectReason.KEY_EXCHANGE_FAILED, p.serverEvents(TransportEvent.Disconnected.class).get(0).reason());
    }

    @Test
    void upperLayerMessageBeforeServiceAcceptIsAProtocolError() {
        EnginePair p = pair(TransportConfig.client(), server());
        p.pump();
        p.client().sendRaw(new Payload(90, Bytes.EMPTY)); // CHANNEL_OPEN before any service
        p.pump();
        assertEquals(DisconnectReason.PROTOCOL_ERROR, p.serverEvents(TransportEvent.Disconnected.class).get(0).reason());
    }

    @Test
    void unknownTransportMessageIsAnsweredWithUnimplemented() {
        EnginePair p = pair(TransportConfig.client(), server());
        p.pump();
        p.client().sendRaw(new Payload(15, Bytes.EMPTY));
        p.pump();
        assertEquals(1, p.clientEvents(TransportEvent.UnimplementedReceived.class).size());
        assertFalse(p.server().isClosed());
        assertNull(p.client().pollTransmit());
    }

    @Test
    void pingNeedsAuthenticationAndThePeersAnnouncement() {
        EnginePair p = pair(TransportConfig.client(), server());
        p.pump();
        p.client().requestService("ssh-userauth");
        p.pump();
        assertThrows(IllegalStateException.class, () -> p.client().sendPing(Bytes.fromHex("01")), "not before auth");
        p.client().markAuthenticated();
        p.client().sendPing(Bytes.fromHex("01")); // the server announced ping@openssh.com in EXT_INFO
        EnginePair noExtInfo = pair(TransportConfig.client(), server().extInfo(false));
        noExtInfo.pump();
        noExtInfo.client().requestService("ssh-userauth");
        noExtInfo.pump();
        noExtInfo.client().markAuthenticated();
        assertThrows(IllegalStateException.class, () -> noExtInfo.client().sendPing(Bytes.fromHex("01")), "peer did not announce it");
    }

    @Test
    void pongCarriesThePingDataBack() {
        List<Payload> clientIn = new ArrayList<>();
        EnginePair p = pair(TransportConfig.client().observer((d, seq, payload) -> {
            if (d == Direction.INBOUND) {
                clientIn.add(payload);
            }
        }), server());
        p.pump();
        p.client().requestService("ssh-userauth");
        p.pump();
        p.client().sendRaw(new Payload(192, new org.sshwire.transport.wire.SshWriter().writeString(Bytes.fromHex("aa")).toBytes()));
        p.pump();
        assertTrue(clientIn.stream().noneMatch(x -> x.msgId() == 193), "no PONG before authentication");
        p.client().markAuthenticated();
        p.server().markAuthenticated();
        p.client().sendPing(Bytes.fromHex("0102"));
        p.pump();
        Payload pong = clientIn.stream().filter(x -> x.msgId() == 193).findFirst().orElseThrow();
        assertEquals(new org.sshwire.transport.wire.SshWriter().writeString(Bytes.fromHex("0102")).toBytes(), pong.body());
    }

    @Test
    void wrongFirstKexGuessIsDiscardedAndTheExchangeCompletes() {
        // The client guesses ecdh-sha2-nistp256 and sends that packet at once; the server prefers
        // curve25519, so the guess is wrong and must be ignored (RFC 4253 §7).
        TransportEngine server = new TransportEngine(server().kexAlgorithms(List.of("curve25519-sha256")).build());
        ScriptedPeer client = ScriptedPeer.against(server);
        client.line("SSH-2.0-Guesser");
        client.packet(new org.sshwire.transport.kex.KexInit(Bytes.wrap(new byte[16]),
                List.of("ecdh-sha2-nistp256", "curve25519-sha256"), List.of("ssh-ed25519"),
                List.of("aes128-ctr"), List.of("aes128-ctr"), List.of("hmac-sha2-256"), List.of("hmac-sha2-256"),
                List.of("none"), List.of("none"), List.of(), List.of(), true, 0).toPayload());
        client.packet(new Payload(30, new org.sshwire.transport.wire.SshWriter().writeString(new byte[65]).toBytes()));
        byte[] x25519 = new byte[32];
        x25519[0] = 9; // the base point: a valid public key
        client.packet(new Payload(30, new org.sshwire.transport.wire.SshWriter().writeString(x25519).toBytes()));
        List<Integer> sent = new ArrayList<>();
        org.sshwire.transport.internal.packet.PacketDeframer in = new org.sshwire.transport.internal.packet.PacketDeframer();
        VersionExchange v = new VersionExchange(true);
        for (java.nio.ByteBuffer b; (b = server.pollTransmit()) != null; ) {
            if (!v.isDone()) {
                v.receive(b);
            }
            for (Bytes raw; b.hasRemaining() && (raw = in.poll(b)) != null; ) {
                sent.add(raw.get(0) & 0xff);
            }
        }
        assertFalse(server.isClosed(), () -> String.valueOf(client.outcome()));
        assertEquals(List.of(20, 31, 21), sent, "KEXINIT, ECDH_REPLY to the second INIT, NEWKEYS");
    }

    @Test
    void interceptorsCanDropDuplicateAndReplacePayloads() {
        List<Integer> serverIn = new ArrayList<>();
        EnginePair p = pair(TransportConfig.client().interceptor((d, payload) -> {
            if (d == Direction.OUTBOUND && payload.msgId() == 94) {
                return List.of(payload, payload); // duplicate
            }
            if (d == Direction.OUTBOUND && payload.msgId() == 95) {
                return List.of(); // drop
            }
            if (d == Direction.OUTBOUND && payload.msgId() == 96) {
                return List.of(new Payload(97, Bytes.EMPTY)); // replace
            }
            return List.of(payload);
        }), server().observer((d, seq, payload) -> {
            if (d == Direction.INBOUND && payload.msgId() >= 90) {
                serverIn.add(payload.msgId());
            }
        }));
        p.pump();
        p.client().requestService("ssh-userauth");
        p.pump();
        p.client().send(new Payload(94, Bytes.EMPTY));
        p.client().send(new Payload(95, Bytes.EMPTY));
        p.client().send(new Payload(96, Bytes.EMPTY));
        p.pump();
        assertEquals(List.of(94, 94, 97), serverIn);
    }

    @Test
    void hostCertificateIsPreferredAndHandedToTheApplicationToCheck() {
        org.sshwire.transport.keys.SshKeyPair ca = org.sshwire.transport.keys.SshKeyPair.generate("ssh-ed25519", 0, CryptoBackend.defaultBackend());
        org.sshwire.transport.keys.SshCertificate cert = new org.sshwire.transport.keys.CertificateBuilder(
                TestHostKeys.ED25519.publicKey(), org.sshwire.transport.keys.SshCertificate.CertType.HOST)
                .principals(List.of("server.example")).sign(ca, org.sshwire.transport.keys.SignatureAlgorithm.SSH_ED25519,
                        CryptoBackend.defaultBackend());
        EnginePair p = pair(TransportConfig.client(),
                TransportConfig.server(List.of(TestHostKeys.ED25519.withCertificate(cert), TestHostKeys.RSA)));
        p.pump();
        assertConnected(p);
        assertEquals("ssh-ed25519-cert-v01@openssh.com", p.client().connectionInfo().algorithms().hostKey());
        TransportEvent.HostKeyToVerify q = p.clientEvents(TransportEvent.HostKeyToVerify.class).get(0);
        assertEquals(cert, q.hostKey());
        org.sshwire.transport.keys.CertChecker.hostAuthority(k -> k.equals(ca.publicKey()), CryptoBackend.defaultBackend())
                .checkHostCert("server.example", (org.sshwire.transport.keys.SshCertificate) q.hostKey());
        // A client that only takes plain keys still gets one from the same server.
        EnginePair plain = pair(TransportConfig.client().hostKeyAlgorithms(List.of("ssh-ed25519")),
                TransportConfig.server(List.of(TestHostKeys.ED25519.withCertificate(cert))));
        plain.pump();
        assertEquals(TestHostKeys.ED25519.publicKey(), plain.clientEvents(TransportEvent.HostKeyToVerify.class).get(0).hostKey());
    }
}
