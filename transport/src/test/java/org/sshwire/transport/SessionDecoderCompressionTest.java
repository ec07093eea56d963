package org.sshwire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.kex.RecordedKeyExchange;
import org.sshwire.transport.research.SessionDecoder;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/**
 * The offline decoder (research surface) on sessions our engines record with a key log: CBC
 * ciphers, UMAC, and both compression methods, where zlib@openssh.com starts in the middle of
 * each direction (after the USERAUTH_SUCCESS, which answers the second of two requests here).
 */
class SessionDecoderCompressionTest {
    final ByteArrayOutputStream c2s = new ByteArrayOutputStream();
    final ByteArrayOutputStream s2c = new ByteArrayOutputStream();

    void pump(TransportEngine client, TransportEngine server) {
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

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource({"curve25519-sha256, aes128-cbc, hmac-sha1, zlib@openssh.com",
            "curve25519-sha256, 3des-cbc, umac-64@openssh.com, zlib",
            "diffie-hellman-group1-sha1, aes256-cbc, umac-128-etm@openssh.com, zlib@openssh.com",
            "diffie-hellman-group-exchange-sha1, aes128-ctr, hmac-md5, none"})
    void decodesCbcUmacAndCompressedSessions(String kex, String cipher, String mac, String compression) {
        List<String> keyLog = new ArrayList<>();
        TransportEngine client = new TransportEngine(TransportConfig.client().kexAlgorithms(List.of(kex)).gexPreferredBits(2048)
                .ciphers(List.of(cipher)).macs(List.of(mac)).compression(List.of(compression)).keyLog(keyLog::add).build());
        TransportEngine server = new TransportEngine(TestHostKeys.server().kexAlgorithms(List.of(kex)).ciphers(List.of(cipher)).macs(List.of(mac))
                .compression(List.of(compression)).build());
        pump(client, server);
        client.requestService("ssh-userauth");
        pump(client, server);
        List<Payload> sent = new ArrayList<>();
        // Two authentication requests: FAILURE answers the first, SUCCESS the second.
        for (int i = 0; i < 2; i++) {
            send(client, new Payload(MessageNumbers.SSH_MSG_USERAUTH_REQUEST, Bytes.of((byte) i)), sent);
            pump(client, server);
            send(server, new Payload(i == 0 ? MessageNumbers.SSH_MSG_USERAUTH_FAILURE : MessageNumbers.SSH_MSG_USERAUTH_SUCCESS,
                    Bytes.EMPTY), sent);
            pump(client, server);
        }
        for (int i = 0; i < 5; i++) {
            send(client, new Payload(94, Bytes.wrap(("client data " + i).repeat(500).getBytes())), sent);
            send(server, new Payload(94, Bytes.wrap(("server data " + i).repeat(500).getBytes())), sent);
            pump(client, server);
        }

        SessionDecoder.Transcript t = SessionDecoder.transcript(c2s.toByteArray(), s2c.toByteArray());
        String secretHex = keyLog.get(0).split(" ")[1];
        RecordedKeyExchange.Secret secret = kex.startsWith("curve25519")
                ? new RecordedKeyExchange.X25519Key(Bytes.fromHex(secretHex).toArray())
                : new RecordedKeyExchange.DhExponent(new java.math.BigInteger(secretHex, 16));
        SessionDecoder.Session s = SessionDecoder.decode(t, true, secret, CryptoBackend.defaultBackend());
        assertNull(s.stoppedAt());
        List<Payload> decoded = s.packets().stream().map(SessionDecoder.Packet::payload)
                .filter(p -> p.msgId() >= 50).toList();
        List<Payload> expectedC = sent.stream().filter(p -> p.msgId() == 50 || p.msgId() == 94 && isClient(p)).toList();
        assertEquals(sent.stream().filter(SessionDecoderCompressionTest::isClient).toList(),
                decoded.stream().filter(SessionDecoderCompressionTest::isClient).toList());
        assertEquals(sent.stream().filter(p -> !isClient(p)).toList(), decoded.stream().filter(p -> !isClient(p)).toList());
        assertEquals(7, expectedC.size());
    }

    static boolean isClient(Payload p) {
        return p.msgId() == 50 || p.msgId() == 94 && p.body().toHex().startsWith(Bytes.wrap("client".getBytes()).toHex());
    }

    static void send(TransportEngine e, Payload p, List<Payload> log) {
        e.send(p);
        log.add(p);
    }
}
