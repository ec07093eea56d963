package org.sshwire.transport;

import org.sshwire.transport.research.EnginePair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.research.ConnectionHooks;
import org.sshwire.transport.research.TransportPolicy;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/**
 * Research policies (DESIGN §5), each shown on the wire between two engines: the peer's wire or
 * message observers, or its reaction, prove what was sent.
 */
class TransportPolicyTest {
    private static final Bytes COOKIE = Bytes.fromHex("00112233445566778899aabbccddeeff");

    private static EnginePair pair(ConnectionHooks clientHooks, ConnectionHooks serverHooks) {
        return new EnginePair(
                new TransportEngine(TransportConfig.client().build(), ConnectionInfo.opening(1, null, null), clientHooks),
                new TransportEngine(TestHostKeys.server().build(), ConnectionInfo.opening(2, null, null), serverHooks));
    }

    private static ConnectionHooks policy(TransportPolicy p) {
        return ConnectionHooks.builder().policy(p).build();
    }

    /** The server's view of the client's KEXINIT, as a decoded record. */
    private static ConnectionHooks kexInitSeenBy(List<KexInit> into) {
        return ConnectionHooks.builder().messageObserver((c, d, seq, m) -> {
            if (d == Direction.INBOUND && m instanceof KexInit k) {
                into.add(k);
            }
        }).build();
    }

    @Test
    void theCookieWeChooseIsTheOneThePeerReceives() {
        List<KexInit> seen = new ArrayList<>();
        EnginePair p = pair(policy(TransportPolicy.builder().cookie(COOKIE).build()), kexInitSeenBy(seen));
        p.pump();
        assertEquals(COOKIE, seen.get(0).cookie());
        assertEquals(1, p.serverEvents(TransportEvent.KeysExchanged.class).size(), "H covers the chosen cookie on both sides");
    }

    @Test
    void kexInitListsAreSentInAnyOrderWithUnknownNamesAndStillNegotiate() {
        List<KexInit> seen = new ArrayList<>();
        TransportPolicy odd = TransportPolicy.builder().kexInit((ours, initial) -> new KexInit(ours.cookie(),
                List.of("x-unknown-kex@example.org", "curve25519-sha256"), List.of("x-unknown-key@example.org", "ssh-ed25519"),
                List.of("aes256-ctr", "aes128-ctr"), List.of("aes128-ctr"), List.of("hmac-sha2-512"), List.of("hmac-sha2-256"),
                List.of("none"), List.of("none"), List.of("en-x-research"), List.of(), false, 7)).build();
        EnginePair p = pair(policy(odd), kexInitSeenBy(seen));
        p.pump();
        KexInit k = seen.get(0);
        assertEquals(List.of("x-unknown-kex@example.org", "curve25519-sha256"), k.kexAlgorithms());
        assertEquals(List.of("x-unknown-key@example.org", "ssh-ed25519"), k.serverHostKeyAlgorithms());
        assertEquals(List.of("en-x-research"), k.languagesClientToServer());
        assertEquals(7, k.reserved());
        TransportEvent.KeysExchanged done = p.clientEvents(TransportEvent.KeysExchanged.class).get(0);
        assertEquals("curve25519-sha256", done.algorithms().kex());
        assertEquals("aes256-ctr", done.algorithms().cipherClientToServer());
        assertEquals("hmac-sha2-256", done.algorithms().macServerToClient());
        assertFalse(done.algorithms().strictKex(), "the rewritten list dropped the strict-kex marker");
    }

    @Test
    void anUnknownNameBothSidesOfferEndsTheExchangeWithKeyExchangeFailed() {
        TransportPolicy unknown = TransportPolicy.builder().kexInit((ours, initial) -> new KexInit(ours.cookie(),
                List.of("x-shared@example.org"), ours.serverHostKeyAlgorithms(), ours.encryptionClientToServer(),
                ours.encryptionServerToClient(), ours.macClientToServer(), ours.macServerToClient(),
                ours.compressionClientToServer(), ours.compressionServerToClient(), List.of(), List.of(), false, 0)).build();
        EnginePair p = pair(policy(unknown), policy(unknown));
        p.pump();
        TransportEvent.Disconnected d = p.clientEvents(TransportEvent.Disconnected.class).get(0);
        assertEquals(DisconnectReason.KEY_EXCHANGE_FAILED, d.reason());
        assertTrue(d.description().contains("x-shared@example.org"), d::description);
    }

    @Test
    void anUnknownCompressionNameBothSidesOfferEndsTheExchangeWithKeyExchangeFailed() {
        TransportPolicy unknown = TransportPolicy.builder().kexInit((ours, initial) -> new KexInit(ours.cookie(),
                ours.kexAlgorithms(), ours.serverHostKeyAlgorithms(), ours.encryptionClientToServer(),
                ours.encryptionServerToClient(), ours.macClientToServer(), ours.macServerToClient(),
                List.of("x-zstd@example.org"), List.of("x-zstd@example.org"), List.of(), List.of(), false, 0)).build();
        EnginePair p = pair(policy(unknown), policy(unknown));
        p.pump();
        TransportEvent.Disconnected d = p.clientEvents(TransportEvent.Disconnected.class).get(0);
        assertEquals(DisconnectReason.KEY_EXCHANGE_FAILED, d.reason());
        assertTrue(d.description().contains("x-zstd@example.org"), d::description);
    }

    @Test
    void aWrongKexGuessIsSentAfterKexInitAndThePeerIgnoresIt() {
        List<Record> serverSaw = new ArrayList<>();
        // Our first kex choice differs from the server's (mlkem768x25519-sha256): the guess is wrong.
        TransportPolicy guess = TransportPolicy.builder()
                .kexInit((ours, initial) -> withKex(ours, List.of("curve25519-sha256", "mlkem768x25519-sha256")))
                .guessedKexPacket(new Payload(MessageNumbers.SSH_MSG_KEX_ECDH_INIT, Bytes.fromHex("00000001ff"))).build();
        EnginePair p = pair(policy(guess), ConnectionHooks.builder().messageObserver((c, d, seq, m) -> {
            if (d == Direction.INBOUND) {
                serverSaw.add(m);
            }
        }).build());
        p.pump();
        assertTrue(((KexInit) serverSaw.get(0)).firstKexPacketFollows());
        assertEquals(MessageNumbers.SSH_MSG_KEX_ECDH_INIT, ((Payload) serverSaw.get(1)).msgId());
        assertEquals(Bytes.fromHex("00000001ff"), ((Payload) serverSaw.get(1)).body(), "the guess, on the wire");
        assertEquals(1, p.serverEvents(TransportEvent.KeysExchanged.class).size(), "a 1-byte public value would fail: it was ignored");
    }

    private static KexInit withKex(KexInit k, List<String> kex) {
        List<String> names = new ArrayList<>(kex);
        k.kexAlgorithms().stream().filter(n -> n.startsWith("ext-info") || n.startsWith("kex-strict")).forEach(names::add);
        return new KexInit(k.cookie(), names, k.serverHostKeyAlgorithms(), k.encryptionClientToServer(),
                k.encryptionServerToClient(), k.macClientToServer(), k.macServerToClient(), k.compressionClientToServer(),
                k.compressionServerToClient(), k.languagesClientToServer(), k.languagesServerToClient(),
                k.firstKexPacketFollows(), k.reserved());
    }

    /** padding_length of each packet the server received, read from the cleartext packets. */
    private static ConnectionHooks paddingSeenBy(List<Integer> into) {
        return ConnectionHooks.builder().wireObserver((c, d, seq, b) -> {
            if (d == Direction.INBOUND && c.sessionId() == null) {
                into.add(b.get(4) & 0xff);
            }
        }).build();
    }

    @Test
    void anExplicitPaddingLengthIsWhatThePeerReceives() {
        List<Integer> padding = new ArrayList<>();
        EnginePair p = pair(policy(TransportPolicy.builder().padding((len, minimal, block) -> minimal + 10 * block).build()),
                paddingSeenBy(padding));
        p.pump();
        assertFalse(padding.isEmpty());
        assertTrue(padding.stream().allMatch(x -> x >= 4 + 80 && x < 4 + 88), padding::toString);
        assertEquals(1, p.serverEvents(TransportEvent.KeysExchanged.class).size(), "legal padding: the exchange goes on");
    }

    @Test
    void paddingBelowTheMinimumIsSentWhenAskedAndRefusedByThePeer() {
        EnginePair p = pair(policy(TransportPolicy.builder().padding((len, minimal, block) -> 2).build()), ConnectionHooks.NONE);
        p.pump();
        TransportEvent.Disconnected d = p.serverEvents(TransportEvent.Disconnected.class).get(0);
        assertEquals(DisconnectReason.PROTOCOL_ERROR, d.reason());
        assertTrue(d.description().contains("packet length") || d.description().contains("padding"), d::description);
    }

    @Test
    void extraPaddingBlocksAddRandomWholeBlocks() {
        List<Integer> padding = new ArrayList<>();
        EnginePair p = pair(policy(TransportPolicy.builder().extraPaddingBlocks(30).build()), paddingSeenBy(padding));
        p.pump();
        assertTrue(padding.stream().allMatch(x -> x >= 4 && x <= 255), padding::toString);
        assertTrue(padding.stream().anyMatch(x -> x > 11), () -> "some packet got extra blocks: " + padding);
    }

    @Test
    void strictKexCanBeTurnedOffForOneConnection() {
        List<KexInit> seen = new ArrayList<>();
        EnginePair p = pair(policy(TransportPolicy.builder().strictKex(false).build()), kexInitSeenBy(seen));
        p.pump();
        assertFalse(seen.get(0).kexAlgorithms().contains("kex-strict-c-v00@openssh.com"));
        assertFalse(p.clientEvents(TransportEvent.KeysExchanged.class).get(0).algorithms().strictKex());
        EnginePair normal = pair(ConnectionHooks.NONE, ConnectionHooks.NONE);
        normal.pump();
        assertTrue(normal.clientEvents(TransportEvent.KeysExchanged.class).get(0).algorithms().strictKex());
    }

    @Test
    void extInfoContentsAreExactlyThePolicys() {
        Map<String, Bytes> ext = new LinkedHashMap<>();
        ext.put("x-research@example.org", Bytes.utf8("1"));
        ext.put("server-sig-algs", Bytes.utf8("ssh-ed25519"));
        EnginePair p = pair(ConnectionHooks.NONE, policy(TransportPolicy.builder().extInfo(ext).build()));
        p.pump();
        assertEquals(ext, p.clientEvents(TransportEvent.ExtInfoReceived.class).get(0).extensions());
        assertEquals(List.of("x-research@example.org", "server-sig-algs"),
                List.copyOf(p.clientEvents(TransportEvent.ExtInfoReceived.class).get(0).extensions().keySet()));
    }

    private static void sendIgnores(EnginePair p, int n) {
        for (int i = 0; i < n; i++) {
            p.client().send(new Payload(MessageNumbers.SSH_MSG_IGNORE, Bytes.fromHex("00000000")));
            p.pump();
        }
    }

    @Test
    void rekeyAfterAPacketCount() {
        EnginePair p = pair(policy(TransportPolicy.builder().rekey(new RekeyPolicy(0, 5, Duration.ZERO)).build()), ConnectionHooks.NONE);
        p.pump();
        sendIgnores(p, 12);
        assertTrue(p.clientEvents(TransportEvent.KeysExchanged.class).size() >= 3, "a rekey every 5 packets");
    }

    @Test
    void rekeyAfterAByteCount() {
        EnginePair p = pair(policy(TransportPolicy.builder().rekey(new RekeyPolicy(1024, 0, Duration.ZERO)).build()), ConnectionHooks.NONE);
        p.pump();
        p.client().send(new Payload(MessageNumbers.SSH_MSG_IGNORE, new org.sshwire.transport.wire.SshWriter().writeString(new byte[2000]).toBytes()));
        p.pump();
        assertEquals(2, p.clientEvents(TransportEvent.KeysExchanged.class).size());
    }

    @Test
    void rekeyAfterTimeOnTheFakeClock() {
        EnginePair p = pair(policy(TransportPolicy.builder().rekey(new RekeyPolicy(0, 0, Duration.ofSeconds(10))).build()), ConnectionHooks.NONE);
        p.pump(); // the engine asked for the time once keyed: the pair gave it the fake clock's 0
        assertEquals(10_000_000_000L, p.client().nextDeadlineNanos());
        p.advance(Duration.ofMillis(9_999));
        assertEquals(1, p.clientEvents(TransportEvent.KeysExchanged.class).size());
        p.advance(Duration.ofMillis(1));
        assertEquals(2, p.clientEvents(TransportEvent.KeysExchanged.class).size());
    }

    @Test
    void rekeyNever() {
        EnginePair p = pair(policy(TransportPolicy.builder().rekey(RekeyPolicy.NEVER).build()), policy(TransportPolicy.builder().rekey(RekeyPolicy.NEVER).build()));
        p.pump();
        sendIgnores(p, 50);
        assertEquals(Long.MAX_VALUE, p.client().nextDeadlineNanos(), "no timer");
        p.advance(Duration.ofDays(365));
        assertEquals(1, p.clientEvents(TransportEvent.KeysExchanged.class).size(), "neither packets nor time rekey");
    }

    @Test
    void outboundNumbersAreRemappedOnTheWire() {
        List<Integer> serverSaw = new ArrayList<>();
        EnginePair p = pair(policy(TransportPolicy.builder().outboundNumbers(n -> n == 200 ? MessageNumbers.SSH_MSG_IGNORE : n).build()),
                ConnectionHooks.builder().payloadObserver((c, d, seq, x) -> {
                    if (d == Direction.INBOUND) {
                        serverSaw.add(x.msgId());
                    }
                }).build());
        p.pump();
        p.client().sendRaw(new Payload(200, Bytes.fromHex("00000000")));
        p.pump();
        assertEquals(MessageNumbers.SSH_MSG_IGNORE, serverSaw.get(serverSaw.size() - 1));
        assertFalse(p.server().isClosed(), "an IGNORE, not a 200 before authentication");
    }

    @Test
    void inboundNumbersAreRemappedBeforeTheEngineReadsThem() {
        EnginePair p = pair(ConnectionHooks.NONE, policy(TransportPolicy.builder()
                .inboundNumbers(n -> n == MessageNumbers.SSH_MSG_IGNORE ? MessageNumbers.SSH_MSG_UNIMPLEMENTED : n).build()));
        p.pump();
        p.client().sendRaw(new Payload(MessageNumbers.SSH_MSG_IGNORE, Bytes.fromHex("0000002a")));
        p.pump();
        assertEquals(List.of(42L), p.serverEvents(TransportEvent.UnimplementedReceived.class).stream()
                .map(TransportEvent.UnimplementedReceived::sequence).toList(), "the IGNORE was read as UNIMPLEMENTED 42");
    }

    @Test
    void theDefaultPolicyChangesNothing() {
        assertTrue(TransportPolicy.DEFAULT.isDefault());
        assertTrue(ConnectionHooks.NONE.isEmpty());
        EnginePair p = pair(ConnectionHooks.NONE, ConnectionHooks.NONE);
        p.pump();
        assertTrue(p.client().sendChannelData(0, ByteBuffer.allocate(4), 0, 4), "no hooks: the fast path is open");
    }
}
