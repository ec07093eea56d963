package org.sshwire.transport.research;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sshwire.transport.ConnectionInfo;
import org.sshwire.transport.Direction;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;

/**
 * Re-runs the client side of a {@link SessionRecording} against a live server, sans-IO
 * (DESIGN §5; unstable API): a client engine configured as the recorded client was (its
 * identification and KEXINIT name lists), drawing the recorded randomness, sends what the
 * recorded client sent — its own key exchange messages, and the recorded authentication and
 * connection payloads each once the server packets that preceded it in the recording have
 * arrived. Every byte each way is compared with the recording, and the replay ends at the first
 * that differs, with a {@link Divergence} naming the packet and the message on both sides.
 *
 * <p>Against a server that draws the same randomness ({@link SeededRandom}, e.g. {@code sshwire
 * server --random-seed}) and is configured the same, the whole session repeats byte for byte,
 * encrypted packets included; a configuration change shows as the first packet it changes. A
 * live server with fresh randomness diverges at its KEXINIT cookie.
 *
 * <pre>{@code
 * SessionReplay replay = SessionReplay.client(SessionRecording.read(file), CryptoBackend.defaultBackend());
 * while (!replay.isFinished()) {
 *     ByteBuffer out = replay.pollTransmit();   // write it to the server
 *     ...                                      // read, then replay.receive(bytes), replay.receiveEof() or replay.stalled()
 * }
 * System.out.println(replay.report());
 * }</pre>
 */
public final class SessionReplay {
    /**
     * The first difference: which way, where in that direction's stream, and what the recording
     * and the replay had there.
     */
    public record Divergence(SessionDecoder.Flow flow, long streamOffset, String description) {
    }

    private final TransportEngine engine;
    private final byte[] c2s;
    private final byte[] s2c;
    private final List<SessionDecoder.Packet> clientPackets = new ArrayList<>();
    private final List<SessionDecoder.Packet> serverPackets = new ArrayList<>();
    /** For each client packet, how many server packets the recorded client had seen before sending it. */
    private final int[] serverPacketsBefore;
    private final Map<Integer, Payload> replayedServerPayloads = new HashMap<>();
    private final long clientVersionEnd;
    private final long serverVersionEnd;
    private int nextClientPacket;
    private long sent;
    private long received;
    private int serverPacketsReceived;
    private int kexInitsSent;
    private int kexInitsRecorded;
    private Divergence divergence;
    /** Server packet index whose replayed message is awaited before the report is final; -1 if none. */
    private int awaitingServerPacket = -1;
    private boolean finished;

    private SessionReplay(SessionRecording rec, CryptoBackend crypto) {
        this.c2s = rec.clientToServer();
        this.s2c = rec.serverToClient();
        SessionDecoder.Session session = rec.decode(crypto);
        if (session.stoppedAt() != null) {
            throw new IllegalArgumentException("the recording cannot be decoded to its end with its own key log: "
                    + session.stoppedAt());
        }
        for (SessionDecoder.Packet p : session.packets()) {
            (p.flow() == SessionDecoder.Flow.CLIENT_TO_SERVER ? clientPackets : serverPackets).add(p);
        }
        SessionDecoder.Transcript t = session.transcript();
        clientVersionEnd = t.clientVersion().length() + 2L;
        serverVersionEnd = indexOfLineEnd(s2c, t.serverVersion());
        clientPackets.sort((a, b) -> Long.compare(a.endOffset(), b.endOffset()));
        serverPackets.sort((a, b) -> Long.compare(a.endOffset(), b.endOffset()));
        serverPacketsBefore = timeline(rec);
        engine = new TransportEngine(configFor(t, crypto), ConnectionInfo.opening(1, null, null), ConnectionHooks.builder()
                .randomness(RecordedRandomness.replaying(rec.randomness()))
                .wireObserver((c, d, seq, sealed) -> {
                    if (d == Direction.INBOUND) {
                        serverPacketsReceived++;
                    }
                })
                .payloadObserver((c, d, seq, p) -> {
                    if (d == Direction.INBOUND) {
                        replayedServerPayloads.put(seq, p);
                    } else if (p.msgId() == MessageNumbers.SSH_MSG_KEXINIT) {
                        kexInitsSent++;
                    }
                })
                .build());
    }

    /**
     * A replay of {@code recording}'s client side.
     *
     * @throws IllegalArgumentException if a server recorded it (a client's randomness is not in
     *         it) or it cannot be decoded with its own key log
     */
    public static SessionReplay client(SessionRecording recording, CryptoBackend crypto) {
        if (!recording.recordedByClient()) {
            throw new IllegalArgumentException("a server recorded this session; a replay re-runs the client side and "
                    + "needs a client's recording (sshwire ssh --record)");
        }
        return new SessionReplay(recording, crypto);
    }

    /** The engine configuration that makes the recorded client's identification and KEXINIT again. */
    private static TransportConfig configFor(SessionDecoder.Transcript t, CryptoBackend crypto) {
        KexInit k = KexInit.decode(t.clientKexInit());
        List<String> kex = new ArrayList<>(k.kexAlgorithms());
        boolean strict = kex.remove("kex-strict-c-v00@openssh.com");
        boolean extInfo = kex.remove("ext-info-c");
        return TransportConfig.client()
                .identification(t.clientVersion())
                .crypto(crypto)
                .kexAlgorithms(kex)
                .hostKeyAlgorithms(k.serverHostKeyAlgorithms())
                .ciphers(k.encryptionClientToServer())
                .macs(k.macClientToServer())
                .compression(k.compressionClientToServer())
                .strictKex(strict)
                .extInfo(extInfo)
                .build();
    }

    /** Where the identification line ends in a stream (lines a server sends before it included). */
    private static long indexOfLineEnd(byte[] stream, String identification) {
        byte[] id = identification.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + id.length <= stream.length; i++) {
            for (int j = 0; j < id.length; j++) {
                if (stream[i + j] != id[j]) {
                    continue outer;
                }
            }
            int end = i + id.length;
            return end < stream.length && stream[end] == '\r' ? end + 2 : end + 1;
        }
        return 0;
    }

    private int[] timeline(SessionRecording rec) {
        int[] before = new int[clientPackets.size()];
        long c = 0;
        long s = 0;
        int i = 0;
        for (SessionRecording.Chunk chunk : rec.chunks()) {
            long len = chunk.data().length();
            if (chunk.flow() == SessionDecoder.Flow.SERVER_TO_CLIENT) {
                s += len;
                continue;
            }
            while (i < clientPackets.size() && startOf(i) < c + len) {
                before[i++] = serverPacketsEndingBy(s);
            }
            c += len;
        }
        while (i < clientPackets.size()) {
            before[i++] = serverPacketsEndingBy(s);
        }
        return before;
    }

    private long startOf(int clientPacket) {
        return clientPacket == 0 ? clientVersionEnd : clientPackets.get(clientPacket - 1).endOffset();
    }

    private int serverPacketsEndingBy(long offset) {
        int n = 0;
        for (SessionDecoder.Packet p : serverPackets) {
            if (p.endOffset() <= offset) {
                n++;
            }
        }
        return n;
    }

    /** Key exchange and the engine's own replies: the engine sends these itself, as the recorded one did. */
    private static boolean engineSends(int msgId) {
        return msgId == MessageNumbers.SSH_MSG_KEXINIT || msgId == MessageNumbers.SSH_MSG_NEWKEYS
                || msgId >= 30 && msgId <= 49 || msgId == MessageNumbers.SSH_MSG_UNIMPLEMENTED;
    }

    /** Bytes to send to the server now, or null; compared with the recording before they are handed out. */
    public ByteBuffer pollTransmit() {
        if (finished) {
            return null;
        }
        step();
        if (finished) {
            return null;
        }
        ByteBuffer out = engine.pollTransmit();
        if (out == null) {
            return null;
        }
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        engine.releaseTransmit(out);
        for (int i = 0; i < bytes.length; i++) {
            long at = sent + i;
            if (at >= c2s.length || bytes[i] != c2s[(int) at]) {
                diverge(SessionDecoder.Flow.CLIENT_TO_SERVER, at, describeClient(at, bytes, i));
                return null;
            }
        }
        sent += bytes.length;
        checkDone();
        return ByteBuffer.wrap(bytes);
    }

    /** Bytes from the server. */
    public void receive(ByteBuffer in) {
        if (finished) {
            return;
        }
        byte[] bytes = new byte[in.remaining()];
        in.get(bytes);
        if (divergence == null) {
            for (int i = 0; i < bytes.length; i++) {
                long at = received + i;
                if (at >= s2c.length || bytes[i] != s2c[(int) at]) {
                    onServerDivergence(at, bytes, i);
                    break;
                }
            }
        }
        received += bytes.length;
        try {
            engine.receive(ByteBuffer.wrap(bytes));
            step();
        } catch (RecordedRandomness.Diverged e) {
            diverge(SessionDecoder.Flow.CLIENT_TO_SERVER, sent, e.getMessage());
        }
        if (awaitingServerPacket >= 0 && (replayedServerPayloads.containsKey(serverPackets.get(awaitingServerPacket).sequence())
                || engine.isClosed())) {
            finishServerDivergence();
        }
        checkDone();
    }

    /** The server closed the connection. */
    public void receiveEof() {
        if (finished) {
            return;
        }
        if (awaitingServerPacket >= 0) {
            finishServerDivergence();
            return;
        }
        if (received < s2c.length) {
            diverge(SessionDecoder.Flow.SERVER_TO_CLIENT, received, "the server closed the connection after "
                    + received + " of the recording's " + s2c.length + " bytes; the recording goes on with " + nextServerMessage());
            return;
        }
        finished = true;
    }

    /** The driver waited long enough for the server and nothing came. */
    public void stalled() {
        if (finished) {
            return;
        }
        if (awaitingServerPacket >= 0) {
            finishServerDivergence();
            return;
        }
        if (received < s2c.length) {
            diverge(SessionDecoder.Flow.SERVER_TO_CLIENT, received, "the server sent " + received + " of the recording's "
                    + s2c.length + " bytes and then nothing; the recording goes on with " + nextServerMessage());
        } else {
            diverge(SessionDecoder.Flow.CLIENT_TO_SERVER, sent, "the replayed client sent " + sent + " of the recording's "
                    + c2s.length + " bytes and has nothing more to send");
        }
    }

    public boolean isFinished() {
        return finished;
    }

    /** The first difference, once finished; empty if the replay matched the recording throughout. */
    public Optional<Divergence> divergence() {
        return Optional.ofNullable(divergence);
    }

    /** One line: the match, or the divergence. */
    public String report() {
        if (divergence == null) {
            return (finished ? "identical" : "so far identical") + ": " + clientPackets.size() + " client and "
                    + serverPackets.size() + " server packets, " + sent + " + " + received + " bytes, byte for byte";
        }
        return "diverged, " + (divergence.flow() == SessionDecoder.Flow.CLIENT_TO_SERVER ? "client to server" : "server to client")
                + " at byte " + divergence.streamOffset() + ": " + divergence.description();
    }

    /** Handles the engine's events and sends each recorded client payload once its turn has come. */
    private void step() {
        for (TransportEvent e; (e = engine.pollEvent()) != null; ) {
            if (e instanceof TransportEvent.HostKeyToVerify) {
                engine.acceptHostKey(); // a changed key shows as a divergence in the server's reply already
            } else if (e instanceof TransportEvent.PayloadReceived p
                    && p.payload().msgId() == MessageNumbers.SSH_MSG_USERAUTH_SUCCESS) {
                engine.markAuthenticated();
            }
        }
        while (divergence == null && !engine.isClosed() && nextClientPacket < clientPackets.size()
                && serverPacketsReceived >= serverPacketsBefore[nextClientPacket]) {
            Payload p = clientPackets.get(nextClientPacket++).payload();
            if (p.msgId() == MessageNumbers.SSH_MSG_KEXINIT && ++kexInitsRecorded > kexInitsSent) {
                engine.startRekey(); // the recorded client started this exchange (one answering the server's is sent already)
                continue;
            }
            if (engineSends(p.msgId())) {
                continue;
            }
            if (p.msgId() == MessageNumbers.SSH_MSG_SERVICE_REQUEST) {
                SshReader r = p.reader();
                engine.requestService(r.readUtf8());
            } else {
                engine.sendRaw(p);
            }
        }
    }

    private void checkDone() {
        if (divergence == null && sent == c2s.length && received == s2c.length && nextClientPacket == clientPackets.size()) {
            finished = true;
        }
    }

    private void diverge(SessionDecoder.Flow flow, long offset, String what) {
        if (divergence == null) {
            divergence = new Divergence(flow, offset, what);
        }
        finished = true;
    }

    private void onServerDivergence(long at, byte[] bytes, int i) {
        if (at < serverVersionEnd) {
            diverge(SessionDecoder.Flow.SERVER_TO_CLIENT, at, "server identification: recorded \"" + lineAt(s2c, 0)
                    + "\", replayed \"" + lineAt(bytes, 0) + "\"");
            return;
        }
        int k = packetAt(serverPackets, at);
        if (k < 0) {
            diverge(SessionDecoder.Flow.SERVER_TO_CLIENT, at, "the server sent more than the " + s2c.length
                    + " bytes recorded");
            return;
        }
        divergence = new Divergence(SessionDecoder.Flow.SERVER_TO_CLIENT, at, null);
        awaitingServerPacket = k;
    }

    /** The divergence in server packet {@code awaitingServerPacket}, with the replayed message if the engine opened it. */
    private void finishServerDivergence() {
        int k = awaitingServerPacket;
        SessionDecoder.Packet recorded = serverPackets.get(k);
        Payload replayed = replayedServerPayloads.get(recorded.sequence());
        long start = k == 0 ? serverVersionEnd : serverPackets.get(k - 1).endOffset();
        String what = "server packet " + (k + 1) + " (sequence " + recorded.sequence() + "), byte "
                + (divergence.streamOffset() - start) + " of it: recorded " + MessageNumbers.name(recorded.payload().msgId())
                + ", replayed " + (replayed == null ? "a packet the client could not open" : MessageNumbers.name(replayed.msgId()))
                + (replayed == null ? "" : replayed.equals(recorded.payload()) ? " (same payload; the sealed bytes differ)"
                        : " (payloads differ from byte " + firstDifference(recorded.payload().toByteArray(), replayed.toByteArray()) + ")");
        divergence = new Divergence(divergence.flow(), divergence.streamOffset(), what);
        awaitingServerPacket = -1;
        finished = true;
    }

    private String describeClient(long at, byte[] bytes, int i) {
        if (at < clientVersionEnd) {
            return "client identification: recorded \"" + lineAt(c2s, 0) + "\", replayed \"" + lineAt(bytes, 0) + "\"";
        }
        int k = packetAt(clientPackets, at);
        if (k < 0) {
            return "the replayed client sent more than the " + c2s.length + " bytes recorded";
        }
        SessionDecoder.Packet p = clientPackets.get(k);
        long start = startOf(k);
        return "client packet " + (k + 1) + " (sequence " + p.sequence() + ", recorded "
                + MessageNumbers.name(p.payload().msgId()) + "), byte " + (at - start) + " of it";
    }

    private static int packetAt(List<SessionDecoder.Packet> packets, long offset) {
        for (int k = 0; k < packets.size(); k++) {
            if (offset < packets.get(k).endOffset()) {
                return k;
            }
        }
        return -1;
    }

    private String nextServerMessage() {
        int k = packetAt(serverPackets, received);
        return k < 0 ? "bytes it could not decode" : "server packet " + (k + 1) + " ("
                + MessageNumbers.name(serverPackets.get(k).payload().msgId()) + ")";
    }

    private static String lineAt(byte[] b, int from) {
        int end = from;
        while (end < b.length && end - from < 255 && b[end] != '\r' && b[end] != '\n') {
            end++;
        }
        return new String(b, from, end - from, StandardCharsets.US_ASCII);
    }

    private static int firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return n;
    }
}
