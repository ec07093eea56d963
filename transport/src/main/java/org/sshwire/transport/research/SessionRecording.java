package org.sshwire.transport.research;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.internal.pcapng.PcapngRecordingReader;
import org.sshwire.transport.internal.pcapng.PcapngWriter;
import org.sshwire.transport.wire.Bytes;

/**
 * A session recorded by {@link SessionRecorder}, read back (DESIGN §5; unstable API): which side
 * recorded it, both byte streams in the order they went over the wire, the key log and the
 * recording side's randomness.
 *
 * <pre>{@code
 * SessionRecording r = SessionRecording.read(Path.of("session.pcapng"));
 * SessionDecoder.Session s = r.decode(CryptoBackend.defaultBackend());
 * }</pre>
 */
public final class SessionRecording {
    /** A run of bytes one side sent, in recorded order. */
    public record Chunk(SessionDecoder.Flow flow, long micros, Bytes data) {
    }

    private final boolean byClient;
    private final List<Chunk> chunks;
    private final List<Bytes> randomness;
    private final List<String> keyLogLines;
    private final byte[] clientToServer;
    private final byte[] serverToClient;

    private SessionRecording(boolean byClient, List<Chunk> chunks, List<Bytes> randomness, List<String> keyLogLines) {
        this.byClient = byClient;
        this.chunks = List.copyOf(chunks);
        this.randomness = List.copyOf(randomness);
        this.keyLogLines = List.copyOf(keyLogLines);
        ByteArrayOutputStream c2s = new ByteArrayOutputStream();
        ByteArrayOutputStream s2c = new ByteArrayOutputStream();
        for (Chunk c : chunks) {
            byte[] b = c.data().toArray();
            (c.flow() == SessionDecoder.Flow.CLIENT_TO_SERVER ? c2s : s2c).write(b, 0, b.length);
        }
        this.clientToServer = c2s.toByteArray();
        this.serverToClient = s2c.toByteArray();
    }

    /** @throws IllegalArgumentException when the file is not a recording sshwire wrote */
    public static SessionRecording read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    /** @throws IllegalArgumentException when {@code file} is not a recording sshwire wrote */
    public static SessionRecording parse(byte[] file) {
        PcapngRecordingReader.Contents c = PcapngRecordingReader.read(file);
        boolean byClient;
        if (SessionRecorder.CLIENT_COMMENT.equals(c.comment())) {
            byClient = true;
        } else if (SessionRecorder.SERVER_COMMENT.equals(c.comment())) {
            byClient = false;
        } else {
            throw new IllegalArgumentException("not a session recording of sshwire (its section comment is "
                    + (c.comment() == null ? "missing" : "\"" + c.comment() + "\"") + ")");
        }
        List<Chunk> chunks = new ArrayList<>();
        List<Bytes> draws = new ArrayList<>();
        for (PcapngRecordingReader.Packet p : c.packets()) {
            if (p.comment() != null && p.comment().startsWith(SessionRecorder.RANDOM_PREFIX)) {
                for (String token : p.comment().substring(SessionRecorder.RANDOM_PREFIX.length()).trim().split(" ")) {
                    draws.add(RecordedRandomness.decode(token));
                }
            }
            if (p.tcpPayload().length == 0) {
                continue;
            }
            if (p.direction() != PcapngWriter.INBOUND && p.direction() != PcapngWriter.OUTBOUND) {
                throw new IllegalArgumentException("a packet of the recording has no direction flag");
            }
            boolean fromClient = (p.direction() == PcapngWriter.OUTBOUND) == byClient;
            chunks.add(new Chunk(fromClient ? SessionDecoder.Flow.CLIENT_TO_SERVER : SessionDecoder.Flow.SERVER_TO_CLIENT,
                    p.micros(), Bytes.of(p.tcpPayload())));
        }
        return new SessionRecording(byClient, chunks, draws, c.keyLogLines());
    }

    /** True if the client recorded it (and {@link SessionReplay} can re-run it). */
    public boolean recordedByClient() {
        return byClient;
    }

    public List<Chunk> chunks() {
        return chunks;
    }

    /** The recording side's randomness, draw by draw. */
    public List<Bytes> randomness() {
        return randomness;
    }

    public List<String> keyLogLines() {
        return keyLogLines;
    }

    public KeyLogFile keyLog() {
        return KeyLogFile.parse(keyLogLines);
    }

    public byte[] clientToServer() {
        return clientToServer.clone();
    }

    public byte[] serverToClient() {
        return serverToClient.clone();
    }

    /** Both streams decrypted with the recording's own key log. */
    public SessionDecoder.Session decode(CryptoBackend crypto) {
        return SessionDecoder.decode(clientToServer, serverToClient, keyLog(), crypto);
    }
}
