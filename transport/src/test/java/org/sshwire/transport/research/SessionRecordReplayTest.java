package org.sshwire.transport.research;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.ConnectionInfo;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.internal.pcapng.PcapngRecordingReader;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/**
 * Record and replay in memory: a client recorded against a server with seeded randomness is
 * replayed byte for byte against the same server, and a changed server shows as the first
 * packet it changes.
 */
class SessionRecordReplayTest {
    private static final CryptoBackend CRYPTO = CryptoBackend.defaultBackend();
    private static final byte[] SEED = "replay-test-seed".getBytes(StandardCharsets.US_ASCII);
    private static final SshKeyPair HOST_KEY = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO.withRandom(SeededRandom.of(SEED, 0)));
    private static final int PING = 210;
    private static final int PONG = 211;

    private static TransportConfig server(UnaryOperator<TransportConfig.Builder> change) {
        return change.apply(TransportConfig.server(List.of(HOST_KEY)).crypto(CRYPTO)).build();
    }

    private static ConnectionHooks seeded(long stream) {
        return ConnectionHooks.builder().randomness(SeededRandom.of(SEED, stream)).build();
    }

    /** What the server's application does: answers each PING with a PONG of the same body. */
    private static void answer(TransportEngine server, List<TransportEvent> events) {
        for (TransportEvent e : events) {
            if (e instanceof TransportEvent.PayloadReceived p && p.payload().msgId() == PING) {
                server.send(new Payload(PONG, p.payload().body()));
            }
        }
    }

    /** A client session: key exchange, a service request, two pings, a rekey, a ping, DISCONNECT. */
    private static byte[] record(TransportConfig serverConfig, ConnectionHooks serverHooks, List<String> keyLog) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        SessionRecorder recorder = new SessionRecorder(file, true, new SecureRandom());
        ConnectionHooks clientHooks = recorder.hooks().and(ConnectionHooks.builder().keyLog(keyLog::add).build());
        EnginePair pair = EnginePair.of(TransportConfig.client().crypto(CRYPTO).build(), clientHooks, serverConfig, serverHooks);
        pair.pump();
        pair.client().requestService("ssh-userauth");
        pair.pump();
        for (String text : List.of("ping one", "ping two", "rekey", "ping three")) {
            assertFalse(pair.client().isClosed(), pair.clientEvents() + " / " + pair.serverEvents());
            if (text.equals("rekey")) {
                pair.client().startRekey();
            } else {
                pair.client().send(new Payload(PING, Bytes.utf8(text)));
            }
            int before = pair.serverEvents().size();
            pair.pump();
            answer(pair.server(), pair.serverEvents().subList(before, pair.serverEvents().size()));
            pair.pump();
        }
        pair.client().disconnect(DisconnectReason.BY_APPLICATION, "bye");
        pair.pump();
        recorder.close();
        return file.toByteArray();
    }

    /** Runs {@code replay} against {@code server} until it finishes; the server's application answers pings. */
    private static SessionReplay replay(SessionReplay replay, TransportEngine server) {
        for (int round = 0; round < 10_000 && !replay.isFinished(); round++) {
            boolean moved = false;
            for (ByteBuffer b; (b = replay.pollTransmit()) != null; ) {
                server.receive(b);
                moved = true;
            }
            List<TransportEvent> events = new ArrayList<>();
            for (TransportEvent e; (e = server.pollEvent()) != null; ) {
                events.add(e);
            }
            answer(server, events);
            for (ByteBuffer b; (b = server.pollTransmit()) != null; ) {
                replay.receive(b.duplicate());
                server.releaseTransmit(b);
                moved = true;
            }
            if (!moved && !replay.isFinished()) {
                if (server.isClosed()) {
                    replay.receiveEof();
                } else {
                    replay.stalled();
                }
            }
        }
        assertTrue(replay.isFinished());
        return replay;
    }

    private static TransportEngine liveServer(TransportConfig config, ConnectionHooks hooks) {
        return new TransportEngine(config, ConnectionInfo.opening(9, null, null), hooks);
    }

    @Test
    void replayAgainstTheSameSeededServerIsIdenticalByteForByte() throws IOException {
        List<String> keyLog = new ArrayList<>();
        byte[] file = record(server(b -> b), seeded(1), keyLog);
        SessionRecording rec = SessionRecording.parse(file);
        assertTrue(rec.recordedByClient());
        assertEquals(keyLog, rec.keyLogLines());
        assertEquals(2, rec.decode(CRYPTO).exchanges().size(), "the first exchange and the rekey");
        assertFalse(rec.randomness().isEmpty());

        SessionReplay r = replay(SessionReplay.client(rec, CRYPTO), liveServer(server(b -> b), seeded(1)));
        assertTrue(r.divergence().isEmpty(), r.report());
        assertTrue(r.report().startsWith("identical: "), r.report());
        List<Payload> pongs = rec.decode(CRYPTO).packets().stream().map(SessionDecoder.Packet::payload)
                .filter(p -> p.msgId() == PONG).toList();
        assertEquals(List.of("ping one", "ping two", "ping three"), pongs.stream().map(p -> p.body().asUtf8()).toList());
    }

    @Test
    void aServerWithADifferentCipherPreferenceDivergesAtItsKexinit() throws IOException {
        byte[] file = record(server(b -> b), seeded(1), new ArrayList<>());
        SessionReplay r = replay(SessionReplay.client(SessionRecording.parse(file), CRYPTO),
                liveServer(server(b -> b.ciphers(List.of("aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com"))), seeded(1)));
        SessionReplay.Divergence d = r.divergence().orElseThrow();
        assertEquals(SessionDecoder.Flow.SERVER_TO_CLIENT, d.flow());
        assertTrue(d.description().startsWith("server packet 1 (sequence 0)"), d.description());
        assertTrue(d.description().contains("recorded SSH_MSG_KEXINIT, replayed SSH_MSG_KEXINIT (payloads differ from byte"),
                d.description());
    }

    @Test
    void aServerWithFreshRandomnessDivergesAtItsKexinitCookie() throws IOException {
        byte[] file = record(server(b -> b), seeded(1), new ArrayList<>());
        SessionReplay r = replay(SessionReplay.client(SessionRecording.parse(file), CRYPTO), liveServer(server(b -> b), ConnectionHooks.NONE));
        String d = r.divergence().orElseThrow().description();
        assertTrue(d.contains("(payloads differ from byte 1)"), d); // byte 0 is the message number, the cookie follows
    }

    @Test
    void aServerWithAnotherIdentificationDivergesAtItsFirstLine() throws IOException {
        byte[] file = record(server(b -> b), seeded(1), new ArrayList<>());
        SessionReplay r = replay(SessionReplay.client(SessionRecording.parse(file), CRYPTO),
                liveServer(server(b -> b.identification("SSH-2.0-other_1.0")), seeded(1)));
        assertEquals("server identification: recorded \"" + TransportConfig.DEFAULT_IDENTIFICATION
                + "\", replayed \"SSH-2.0-other_1.0\"", r.divergence().orElseThrow().description());
    }

    @Test
    void aServersRecordingCannotBeReplayedAsAClient() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        SessionRecorder recorder = new SessionRecorder(file, false, new SecureRandom());
        EnginePair pair = EnginePair.of(TransportConfig.client().crypto(CRYPTO).build(), ConnectionHooks.NONE,
                server(b -> b), recorder.hooks());
        pair.pump();
        recorder.close();
        SessionRecording rec = SessionRecording.parse(file.toByteArray());
        assertFalse(rec.recordedByClient());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SessionReplay.client(rec, CRYPTO));
        assertTrue(e.getMessage().contains("needs a client's recording"), e.getMessage());
        assertFalse(rec.keyLogLines().isEmpty());
        assertEquals(1, rec.decode(CRYPTO).exchanges().size());
    }

    @Test
    void theRecordingIsATcpSessionOpeningWithAHandshakeAndTheIdentifications() throws IOException {
        byte[] file = record(server(b -> b), seeded(1), new ArrayList<>());
        PcapngRecordingReader.Contents c = PcapngRecordingReader.read(file);
        assertEquals(SessionRecorder.CLIENT_COMMENT, c.comment());
        assertEquals(0, c.packets().get(0).tcpPayload().length); // SYN, SYN-ACK, ACK
        assertEquals(0, c.packets().get(2).tcpPayload().length);
        assertArrayEquals((TransportConfig.DEFAULT_IDENTIFICATION + "\r\n").getBytes(StandardCharsets.US_ASCII),
                c.packets().get(3).tcpPayload());
        assertTrue(c.packets().get(3).comment().startsWith(SessionRecorder.RANDOM_PREFIX + " "),
                "the cookie drawn before the first packet rides on it: " + c.packets().get(3).comment());
        SessionRecording rec = SessionRecording.parse(file);
        List<SessionDecoder.Packet> fromClient = rec.decode(CRYPTO).packets().stream()
                .filter(p -> p.flow() == SessionDecoder.Flow.CLIENT_TO_SERVER).toList();
        assertEquals(MessageNumbers.SSH_MSG_DISCONNECT, fromClient.get(fromClient.size() - 1).payload().msgId(),
                "recorded up to the client's DISCONNECT, then closed");
    }

    /** pcapng (draft-ietf-opsawg-pcapng §3.1): every block ends with its length again, after its padding. */
    @Test
    void everyBlockEndsWithItsLengthAfterItsPadding() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        org.sshwire.transport.internal.pcapng.PcapngWriter w = new org.sshwire.transport.internal.pcapng.PcapngWriter(out);
        w.sectionHeader("odd");
        w.rawIpInterface();
        w.sshKeyLog("abcde\n");
        w.packet(1, new byte[] {0x45, 1, 2}, org.sshwire.transport.internal.pcapng.PcapngWriter.INBOUND, "x");
        ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int blocks = 0;
        while (b.hasRemaining()) {
            int total = b.getInt(b.position() + 4);
            assertEquals(0, total % 4);
            assertEquals(total, b.getInt(b.position() + total - 4), "block " + blocks);
            b.position(b.position() + total);
            blocks++;
        }
        assertEquals(4, blocks);
    }

    @Test
    void replayedRandomnessRefusesADrawOfAnotherLengthOrBeyondTheRecording() {
        SecureRandom r = RecordedRandomness.replaying(List.of(Bytes.fromHex("0102"), Bytes.fromHex("030405")));
        byte[] two = new byte[2];
        r.nextBytes(two);
        assertArrayEquals(new byte[] {1, 2}, two);
        RecordedRandomness.Diverged e = assertThrows(RecordedRandomness.Diverged.class, () -> r.nextBytes(new byte[4]));
        assertEquals("randomness draw 2 asks for 4 bytes where the recording drew 3", e.getMessage());
        r.nextBytes(new byte[3]);
        assertEquals("randomness draw 3 (1 bytes) is beyond the 2 the recording holds",
                assertThrows(RecordedRandomness.Diverged.class, () -> r.nextBytes(new byte[1])).getMessage());
    }

    @Test
    void seededStreamsRepeatAndDoNotOverlap() {
        byte[] a = new byte[100];
        byte[] b = new byte[100];
        byte[] c = new byte[100];
        SeededRandom.of(SEED, 1).nextBytes(a);
        SecureRandom again = SeededRandom.of(SEED, 1);
        again.nextBytes(java.util.Arrays.copyOf(b, 0)); // an empty draw takes nothing
        byte[] first = new byte[37];
        byte[] rest = new byte[63];
        again.nextBytes(first);
        again.nextBytes(rest);
        System.arraycopy(first, 0, b, 0, 37);
        System.arraycopy(rest, 0, b, 37, 63);
        assertArrayEquals(a, b, "the stream does not depend on how it is cut into draws");
        SeededRandom.of(SEED, 2).nextBytes(c);
        assertFalse(java.util.Arrays.equals(a, c));
    }
}
