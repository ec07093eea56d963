package org.sshwire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
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
import org.sshwire.transport.research.KeyLogFile;
import org.sshwire.transport.research.SessionDecoder;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/**
 * The key log (DESIGN §5) holds what the offline decoder needs for every key exchange of a
 * session: sessions recorded between our engines, with rekeys started by either side, decode
 * completely from the client's key log and from the server's, for every key exchange method
 * (the KEM hybrids included), every cipher and MAC, with strict kex on and off.
 */
class KeyLogDecodesEveryExchangeTest {
    static final CryptoBackend CRYPTO = CryptoBackend.defaultBackend();

    /** Both directions' bytes as sent, what was sent, and both key logs. */
    static final class Recording {
        final ByteArrayOutputStream c2s = new ByteArrayOutputStream();
        final ByteArrayOutputStream s2c = new ByteArrayOutputStream();
        final List<Payload> clientSent = new ArrayList<>();
        final List<Payload> serverSent = new ArrayList<>();
        final List<String> clientLog = new ArrayList<>();
        final List<String> serverLog = new ArrayList<>();
        TransportEngine client;
        TransportEngine server;

        void pump() {
            for (int round = 0; round < 1000; round++) {
                boolean moved = move(client, server, c2s) | move(server, client, s2c);
                for (TransportEvent e; (e = client.pollEvent()) != null; ) {
                    if (e instanceof TransportEvent.HostKeyToVerify) {
                        client.acceptHostKey();
                    }
                }
                while (server.pollEvent() != null) {
                    // drained
                }
                if (!moved) {
                    return;
                }
            }
            throw new AssertionError("no quiet");
        }

        static boolean move(TransportEngine from, TransportEngine to, ByteArrayOutputStream record) {
            boolean moved = false;
            for (ByteBuffer b; (b = from.pollTransmit()) != null; ) {
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                record.writeBytes(bytes);
                to.receive(ByteBuffer.wrap(bytes));
                moved = true;
            }
            return moved;
        }

        void exchangeData(int round) {
            Payload fromClient = new Payload(94, Bytes.wrap(("client " + round + " ").repeat(40).getBytes()));
            Payload fromServer = new Payload(94, Bytes.wrap(("server " + round + " ").repeat(40).getBytes()));
            client.send(fromClient);
            clientSent.add(fromClient);
            server.send(fromServer);
            serverSent.add(fromServer);
            pump();
        }
    }

    /** A session with {@code rekeys} rekeys, alternately started by the client and the server. */
    static Recording record(TransportConfig.Builder clientCfg, TransportConfig.Builder serverCfg, int rekeys) {
        Recording r = new Recording();
        r.client = new TransportEngine(clientCfg.keyLog(r.clientLog::add).build());
        r.server = new TransportEngine(serverCfg.keyLog(r.serverLog::add).build());
        r.pump();
        r.client.requestService("ssh-userauth");
        r.pump();
        r.exchangeData(0);
        for (int i = 1; i <= rekeys; i++) {
            (i % 2 == 1 ? r.client : r.server).startRekey();
            r.pump();
            r.exchangeData(i);
        }
        return r;
    }

    static void assertDecodes(Recording r, List<String> keyLog, int exchanges) {
        SessionDecoder.Session s = SessionDecoder.decode(r.c2s.toByteArray(), r.s2c.toByteArray(), KeyLogFile.parse(keyLog), CRYPTO);
        assertNull(s.stoppedAt(), s.stoppedAt());
        assertEquals(exchanges, s.exchanges().size());
        assertEquals(r.clientSent, payloads(s, SessionDecoder.Flow.CLIENT_TO_SERVER, 94));
        assertEquals(r.serverSent, payloads(s, SessionDecoder.Flow.SERVER_TO_CLIENT, 94));
        assertEquals(exchanges, payloads(s, SessionDecoder.Flow.CLIENT_TO_SERVER, MessageNumbers.SSH_MSG_NEWKEYS).size());
        assertTrue(payloads(s, SessionDecoder.Flow.SERVER_TO_CLIENT, MessageNumbers.SSH_MSG_SERVICE_ACCEPT).size() == 1);
    }

    static List<Payload> payloads(SessionDecoder.Session s, SessionDecoder.Flow flow, int msgId) {
        return s.packets().stream().filter(p -> p.flow() == flow && p.payload().msgId() == msgId)
                .map(SessionDecoder.Packet::payload).toList();
    }

    static Stream<String> everyKex() {
        return KexAlgorithm.ALL.stream().map(KexAlgorithm::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyKex")
    void everyKexAndTwoRekeysDecodeFromEitherSidesKeyLog(String kex) {
        Recording r = record(TransportConfig.client().kexAlgorithms(List.of(kex)).gexPreferredBits(2048),
                TestHostKeys.server().kexAlgorithms(List.of(kex)), 2);
        assertEquals(3, r.clientLog.stream().filter(l -> l.contains(" SHARED_SECRET ")).count(), "one K per exchange");
        assertDecodes(r, r.clientLog, 3);
        assertDecodes(r, r.serverLog, 3);
    }

    static Stream<Arguments> everyCipherAndMac() {
        List<Arguments> out = new ArrayList<>();
        for (CipherAlgorithm c : CipherAlgorithm.ALL) {
            if (c.isAead()) {
                out.add(Arguments.of(c.name(), "hmac-sha2-256", true));
                continue;
            }
            for (MacAlgorithm m : MacAlgorithm.ALL) {
                if (!m.name().equals("none") || c.name().equals("none")) {
                    out.add(Arguments.of(c.name(), m.name(), !c.name().endsWith("-cbc")));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} strict={2}")
    @MethodSource("everyCipherAndMac")
    void everyCipherAndMacAcrossRekeys(String cipher, String mac, boolean strict) {
        Recording r = record(TransportConfig.client().kexAlgorithms(List.of("sntrup761x25519-sha512@openssh.com"))
                        .ciphers(List.of(cipher)).macs(List.of(mac)).strictKex(strict),
                TestHostKeys.server().ciphers(List.of(cipher)).macs(List.of(mac)).strictKex(strict), 2);
        assertDecodes(r, r.clientLog, 3);
    }

    @Test
    void zlibCompressionContinuesAcrossRekeys() {
        Recording r = record(TransportConfig.client().compression(List.of("zlib")), TestHostKeys.server().compression(List.of("zlib")), 3);
        assertDecodes(r, r.serverLog, 4);
    }

    @Test
    void aKeyLogWithoutARekeySaysWhichCookieIsMissing() {
        Recording r = record(TransportConfig.client(), TestHostKeys.server(), 1);
        List<String> firstOnly = r.clientLog.subList(0, r.clientLog.size() - 1);
        SessionDecoder.Session s = SessionDecoder.decode(r.c2s.toByteArray(), r.s2c.toByteArray(), KeyLogFile.parse(firstOnly), CRYPTO);
        String cookie = r.clientLog.get(r.clientLog.size() - 1).split(" ")[0];
        assertTrue(s.stoppedAt().startsWith("exchange 1: the key log has no line for the client's cookie " + cookie), s.stoppedAt());
        assertEquals(List.of(r.clientSent.get(0)), payloads(s, SessionDecoder.Flow.CLIENT_TO_SERVER, 94), "what came before is decoded");
    }

    @Test
    void aTamperedPacketAfterARekeyStopsItsDirectionWithTheReason() {
        Recording r = record(TransportConfig.client(), TestHostKeys.server(), 1);
        byte[] s2c = r.s2c.toByteArray();
        s2c[s2c.length - 1] ^= 1; // the last packet's tag
        SessionDecoder.Session s = SessionDecoder.decode(r.c2s.toByteArray(), s2c, KeyLogFile.parse(r.clientLog), CRYPTO);
        assertTrue(s.stoppedAt().startsWith("SERVER_TO_CLIENT: packet ") && s.stoppedAt().contains(" does not open: "), s.stoppedAt());
        assertEquals(List.of(r.serverSent.get(0)), payloads(s, SessionDecoder.Flow.SERVER_TO_CLIENT, 94), "the packets before it decode");
    }

    @Test
    void theKeyLogWritesTheWiresharkPrivateKeyFormOnlyWhereOneKeyDecidesK() {
        Recording x = record(TransportConfig.client().kexAlgorithms(List.of("curve25519-sha256")), TestHostKeys.server(), 0);
        assertEquals(2, x.clientLog.size());
        assertTrue(x.clientLog.get(0).matches("[0-9a-f]{32} [0-9a-f]{64}"), x.clientLog.get(0));
        assertTrue(x.clientLog.get(1).matches("[0-9a-f]{32} SHARED_SECRET [0-9a-f]+"), x.clientLog.get(1));
        Recording h = record(TransportConfig.client().kexAlgorithms(List.of("mlkem768x25519-sha256")), TestHostKeys.server(), 0);
        assertEquals(1, h.clientLog.size());
        // The hybrids' K is string(SHA-256(...)): 32 bytes.
        assertTrue(h.clientLog.get(0).matches("[0-9a-f]{32} SHARED_SECRET [0-9a-f]{64}"), h.clientLog.get(0));
    }
}
