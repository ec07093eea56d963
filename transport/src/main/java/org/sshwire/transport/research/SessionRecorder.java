package org.sshwire.transport.research;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.sshwire.transport.ConnectionInfo;
import org.sshwire.transport.Direction;
import org.sshwire.transport.internal.pcapng.PcapngWriter;
import org.sshwire.transport.internal.pcapng.TcpFrames;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/**
 * Records one connection as a pcapng file that Wireshark opens directly (DESIGN §5; unstable
 * API): the TCP session as it went over the wire (a synthetic handshake, then both sides' bytes
 * with their times), the key log of every exchange in Decryption Secrets Blocks, and every draw
 * of this side's randomness as a {@code sshwire-random} comment on the next packet. The key log
 * and the recorded randomness are what {@link SessionReplay} needs to re-run a client
 * recording; they are also secrets, so the file is created readable by its owner only.
 *
 * <p>Blocks are written as the session runs and flushed packet by packet, so a crash loses no
 * more than the packet in hand. The file is closed after a DISCONNECT is sent or received, or
 * by {@link #close}. A write that fails ends the connection (a hook that throws, DESIGN §5):
 * a recording asked for is not silently lost. Identification lines are recorded as the
 * engine knows them; lines a server sends before its identification are not.
 *
 * <pre>{@code
 * SshClient.builder("alice").research(info -> ConnectionResearch.of(
 *         SessionRecorder.toFile(Path.of("session.pcapng"), true).hooks()));
 * }</pre>
 */
public final class SessionRecorder implements Closeable {
    static final String CLIENT_COMMENT = "sshwire client recording";
    static final String SERVER_COMMENT = "sshwire server recording";
    static final String RANDOM_PREFIX = "sshwire-random";

    private final OutputStream stream;
    private final PcapngWriter out;
    private final boolean client;
    private final SecureRandom randomness;
    private final long startMicros;
    private final long startNanos = System.nanoTime();
    private final StringBuilder draws = new StringBuilder();
    private TcpFrames tcp;
    private boolean sentIdentification;
    private boolean receivedIdentification;
    private boolean closeAfterOutbound;
    private boolean closed;

    /**
     * Records to {@code out}, the client's side if {@code client}; randomness is drawn from
     * {@code source} (the crypto backend's, usually) and recorded.
     */
    public SessionRecorder(OutputStream out, boolean client, SecureRandom source) throws IOException {
        this.stream = out;
        this.out = new PcapngWriter(out);
        this.client = client;
        this.randomness = RecordedRandomness.recording(source, this::drew);
        Instant now = Instant.now();
        this.startMicros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        this.out.sectionHeader(client ? CLIENT_COMMENT : SERVER_COMMENT);
        this.out.rawIpInterface();
        this.out.flush();
    }

    /** Records to a new file {@code file} (replaced if it exists), mode 0600 where the file system has modes. */
    public static SessionRecorder toFile(Path file, boolean client) throws IOException {
        return toFile(file, client, new SecureRandom());
    }

    /** As {@link #toFile(Path, boolean)}, the connection drawing its randomness from {@code source} (a {@link SeededRandom}, say). */
    public static SessionRecorder toFile(Path file, boolean client, SecureRandom source) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        OutputStream os = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.WRITE), 1 << 16);
        return new SessionRecorder(os, client, source);
    }

    /** The hooks to install on the connection: wire and payload observers, its key log and its randomness. */
    public ConnectionHooks hooks() {
        return ConnectionHooks.builder()
                .wireObserver(this::onPacket)
                .payloadObserver(this::onPayload)
                .keyLog(this::onKeyLogLine)
                .randomness(randomness)
                .build();
    }

    private synchronized void drew(byte[] draw) {
        draws.append(draws.length() == 0 ? RANDOM_PREFIX : "").append(' ').append(RecordedRandomness.encode(draw));
    }

    private synchronized void onPacket(ConnectionInfo info, Direction d, int sequence, ByteBuffer sealed) {
        if (closed) {
            return;
        }
        try {
            if (tcp == null) {
                InetSocketAddress us = info.localAddress();
                InetSocketAddress peer = info.remoteAddress();
                tcp = client ? new TcpFrames(us, peer) : new TcpFrames(peer, us);
                for (byte[] f : tcp.handshake()) {
                    out.packet(now(), f, PcapngWriter.OUTBOUND, null);
                }
            }
            boolean outbound = d == Direction.OUTBOUND;
            if (outbound && !sentIdentification) {
                sentIdentification = true;
                write(true, line(client ? info.clientVersion() : info.serverVersion()));
            } else if (!outbound && !receivedIdentification) {
                receivedIdentification = true;
                write(false, line(client ? info.serverVersion() : info.clientVersion()));
            }
            byte[] bytes = new byte[sealed.remaining()];
            sealed.get(bytes);
            write(outbound, bytes);
            out.flush();
            if (outbound && closeAfterOutbound) {
                close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the session recording", e);
        }
    }

    private synchronized void onPayload(ConnectionInfo info, Direction d, int sequence, Payload p) {
        if (p.msgId() != MessageNumbers.SSH_MSG_DISCONNECT) {
            return;
        }
        if (d == Direction.OUTBOUND) {
            closeAfterOutbound = true; // the wire observer sees it after it is sealed
        } else {
            close(); // inbound: its sealed bytes were recorded before it was opened
        }
    }

    private synchronized void onKeyLogLine(String line) {
        if (closed) {
            return;
        }
        try {
            out.sshKeyLog(line + "\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the session recording", e);
        }
    }

    private void write(boolean outbound, byte[] bytes) throws IOException {
        boolean fromClient = outbound == client;
        String comment = null;
        if (outbound && draws.length() > 0) {
            comment = draws.toString();
            draws.setLength(0);
        }
        for (byte[] f : tcp.data(fromClient, bytes)) {
            out.packet(now(), f, outbound ? PcapngWriter.OUTBOUND : PcapngWriter.INBOUND, comment);
            comment = null;
        }
    }

    private static byte[] line(String identification) {
        return ((identification == null ? "" : identification) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private long now() {
        return startMicros + (System.nanoTime() - startNanos) / 1000;
    }

    /** Flushes and closes the file; the hooks record nothing more. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stream.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the session recording", e);
        }
    }
}
