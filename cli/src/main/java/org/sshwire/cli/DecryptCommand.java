package org.sshwire.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sshwire.cli.capture.CaptureException;
import org.sshwire.cli.capture.CaptureReader;
import org.sshwire.cli.capture.TcpConnections;
import org.sshwire.cli.capture.TcpSegment;
import org.sshwire.cli.capture.TcpStream;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.kex.Negotiated;
import org.sshwire.transport.research.KeyLogFile;
import org.sshwire.transport.research.SessionDecoder;
import org.sshwire.transport.wire.MessageNumbers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sshwire decrypt --keylog FILE CAPTURE}: reads a pcap or pcapng capture, finds the SSH
 * sessions among its TCP connections, decrypts each with the key log ({@code --keylog} of
 * {@code sshwire server} / {@code sshwire ssh}, or any Wireshark SSH key log) and prints every
 * message of both directions in the order they were captured: direction, sequence number,
 * message number and name, decoded fields. Exit status 1 when a session could not be decoded to
 * the end of its capture (a missing key log line names the cookies it needed).
 *
 * <pre>{@code
 * sshwire decrypt --keylog keys.txt session.pcapng
 * sshwire decrypt --json --keylog keys.txt session.pcap | jq .
 * }</pre>
 */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = "Decrypt the SSH sessions of a pcap/pcapng capture with a key log and print every message.")
final class DecryptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--keylog", paramLabel = "FILE",
            description = "Key log written by --keylog of sshwire server / sshwire ssh (Wireshark's SSH key log format); "
                    + "not needed for a pcapng that carries its key log (sshwire --record).")
    Path keyLog;

    @Option(names = "--json", description = "One JSON object per line: a connection, each message, and where decoding stopped.")
    boolean json;

    @Parameters(paramLabel = "CAPTURE", description = "pcap or pcapng file (tcpdump -w, dumpcap -w).")
    Path capture;

    @Override
    public Integer call() throws IOException {
        List<String> lines = new ArrayList<>(keyLog == null ? List.of() : Files.readAllLines(keyLog, StandardCharsets.US_ASCII));
        try {
            KeyLogFile.parse(lines); // the file's own mistakes are named before the capture is read
        } catch (IllegalArgumentException e) {
            throw UserErrors.fail(keyLog + ": " + e.getMessage());
        }
        TcpConnections all = new TcpConnections();
        try (InputStream in = Files.newInputStream(capture)) {
            CaptureReader.read(in, frame -> {
                TcpSegment s = TcpSegment.of(frame);
                if (s != null) {
                    all.add(s);
                }
            }, lines::add);
        } catch (CaptureException e) {
            throw UserErrors.fail(capture + ": " + e.getMessage());
        }
        if (keyLog == null && lines.isEmpty()) {
            throw UserErrors.fail(capture + " carries no SSH key log; give one with --keylog FILE");
        }
        KeyLogFile keys;
        try {
            keys = KeyLogFile.parse(lines);
        } catch (IllegalArgumentException e) {
            throw UserErrors.fail(capture + ": its embedded key log: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int sessions = 0;
        boolean incomplete = false;
        for (TcpConnections.Connection c : all.connections()) {
            byte[] c2s = c.clientToServer().bytes();
            byte[] s2c = c.serverToClient().bytes();
            if (!startsWith(c2s, "SSH-") || s2c.length == 0) {
                continue;
            }
            sessions++;
            String problem = decodeOne(sessions, c, c2s, s2c, keys, out);
            if (problem != null) {
                incomplete = true;
                err.println("sshwire decrypt: connection " + sessions + " (" + c + "): " + problem);
            }
        }
        out.flush();
        err.flush();
        if (sessions == 0) {
            throw UserErrors.fail(capture + ": no SSH session among its " + all.connections().size() + " TCP connections");
        }
        return incomplete ? 1 : 0;
    }

    /** Prints one session; returns why it could not be decoded to its end, or null. */
    private String decodeOne(int number, TcpConnections.Connection c, byte[] c2s, byte[] s2c, KeyLogFile keys, PrintWriter out) {
        SessionDecoder.Session s;
        try {
            s = SessionDecoder.decode(c2s, s2c, keys, CryptoBackend.defaultBackend());
        } catch (RuntimeException e) {
            // Garbage where the cleartext opening should be (a bad identification, a packet length
            // or KEXINIT that cannot be): this connection only; the others are still decoded.
            return "not an SSH session this can decode: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
        connectionLine(number, c, s, out);
        MessageContext context = new MessageContext(s.exchanges());
        SftpInChannels sftp = new SftpInChannels();
        for (SessionDecoder.Packet p : inCaptureOrder(s.packets(), c)) {
            MessageContext.Message m = context.describe(p);
            Map<String, Object> fields = m.fields();
            if (json) {
                JsonWriter w = new JsonWriter().beginObject().name("type").value("message").name("connection").value(number)
                        .name("direction").value(direction(p.flow())).name("sequence").value(Integer.toUnsignedLong(p.sequence()))
                        .name("number").value(p.payload().msgId()).name("name").value(m.name())
                        .name("fields").beginObject();
                MessageFields.json(fields, w);
                out.println(w.endObject().endObject());
            } else {
                out.printf("%s %6d %s (%d)%s%n", p.flow() == SessionDecoder.Flow.CLIENT_TO_SERVER ? "C>S" : "S>C",
                        Integer.toUnsignedLong(p.sequence()), m.name(), p.payload().msgId(),
                        MessageFields.text(fields));
            }
            for (String packet : sftp.describe(p)) {
                if (json) {
                    out.println(new JsonWriter().beginObject().name("type").value("sftp").name("connection").value(number)
                            .name("direction").value(direction(p.flow())).name("sequence").value(Integer.toUnsignedLong(p.sequence()))
                            .name("packet").value(packet).endObject());
                } else {
                    out.println("             sftp " + packet);
                }
            }
        }
        String stopped = stoppedProblem(s.stoppedAt(), c);
        if (s.stoppedAt() != null) {
            if (json) {
                out.println(new JsonWriter().beginObject().name("type").value("stopped").name("connection").value(number)
                        .name("reason").value(s.stoppedAt()).endObject());
            } else {
                out.println("stopped: " + s.stoppedAt());
            }
        }
        return stopped;
    }

    /** A stream that merely ends (the capture stopped, or the peer hung up) is not a failure. */
    private static String stoppedProblem(String stoppedAt, TcpConnections.Connection c) {
        for (TcpStream t : List.of(c.clientToServer(), c.serverToClient())) {
            if (t.gapAt() >= 0) {
                return "the capture lacks bytes at offset " + t.gapAt() + " of a direction" + (stoppedAt == null ? "" : "; " + stoppedAt);
            }
        }
        if (stoppedAt == null || stoppedAt.endsWith("ends inside a packet") || stoppedAt.endsWith("ends before NEWKEYS")
                || stoppedAt.contains("ends before its KEXINIT") || stoppedAt.contains("ends before this key exchange completes")) {
            return null;
        }
        return stoppedAt;
    }

    private void connectionLine(int number, TcpConnections.Connection c, SessionDecoder.Session s, PrintWriter out) {
        SessionDecoder.Transcript t = s.transcript();
        if (json) {
            JsonWriter w = new JsonWriter().beginObject().name("type").value("connection").name("connection").value(number)
                    .name("client").value(c.client().toString()).name("server").value(c.server().toString())
                    .name("client_version").value(t.clientVersion()).name("server_version").value(t.serverVersion())
                    .name("session_id").value(s.sessionId() == null ? null : s.sessionId().toHex())
                    .name("exchanges").beginArray();
            for (SessionDecoder.Exchange e : s.exchanges()) {
                Negotiated n = e.algorithms();
                w.beginObject().name("number").value(e.number()).name("kex").value(n.kex()).name("host_key").value(n.hostKey())
                        .name("cipher_client_to_server").value(n.cipherClientToServer())
                        .name("cipher_server_to_client").value(n.cipherServerToClient())
                        .name("mac_client_to_server").value(n.macClientToServer())
                        .name("mac_server_to_client").value(n.macServerToClient())
                        .name("compression_client_to_server").value(n.compressionClientToServer())
                        .name("compression_server_to_client").value(n.compressionServerToClient())
                        .name("strict_kex").value(n.strictKex()).endObject();
            }
            out.println(w.endArray().endObject());
            return;
        }
        out.println("connection " + number + ": " + c.client() + " -> " + c.server() + (c.clientKnown() ? "" : " (client guessed from ports)"));
        out.println("  client " + t.clientVersion());
        out.println("  server " + t.serverVersion());
        if (s.sessionId() != null) {
            out.println("  session id " + s.sessionId().toHex());
        }
        for (SessionDecoder.Exchange e : s.exchanges()) {
            Negotiated n = e.algorithms();
            out.println("  exchange " + e.number() + ": " + n.kex() + ", " + n.hostKey() + ", "
                    + algorithms(n.cipherClientToServer(), n.cipherServerToClient()) + ", "
                    + algorithms(n.macClientToServer(), n.macServerToClient()) + ", "
                    + algorithms(n.compressionClientToServer(), n.compressionServerToClient())
                    + (n.strictKex() ? ", strict kex" : ""));
        }
    }

    private static String algorithms(String c2s, String s2c) {
        return c2s.equals(s2c) ? c2s : c2s + " / " + s2c;
    }

    /**
     * Both directions merged by when each packet's last byte was captured; each direction keeps
     * its own order whatever the clocks say.
     */
    static List<SessionDecoder.Packet> inCaptureOrder(List<SessionDecoder.Packet> packets, TcpConnections.Connection c) {
        List<SessionDecoder.Packet> fromClient = packets.stream().filter(p -> p.flow() == SessionDecoder.Flow.CLIENT_TO_SERVER).toList();
        List<SessionDecoder.Packet> fromServer = packets.stream().filter(p -> p.flow() == SessionDecoder.Flow.SERVER_TO_CLIENT).toList();
        List<SessionDecoder.Packet> out = new ArrayList<>(packets.size());
        int i = 0;
        int j = 0;
        while (i < fromClient.size() || j < fromServer.size()) {
            boolean takeClient = j >= fromServer.size() || i < fromClient.size()
                    && c.clientToServer().timeAt(fromClient.get(i).endOffset() - 1) <= c.serverToClient().timeAt(fromServer.get(j).endOffset() - 1);
            out.add(takeClient ? fromClient.get(i++) : fromServer.get(j++));
        }
        return out;
    }

    private static String direction(SessionDecoder.Flow f) {
        return f == SessionDecoder.Flow.CLIENT_TO_SERVER ? "client-to-server" : "server-to-client";
    }

    private static boolean startsWith(byte[] b, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        return b.length >= p.length && java.util.Arrays.equals(b, 0, p.length, p, 0, p.length);
    }
}
