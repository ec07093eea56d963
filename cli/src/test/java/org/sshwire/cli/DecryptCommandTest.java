package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.cli.capture.Captures;
import org.sshwire.connection.message.ChannelData;
import org.sshwire.connection.message.ChannelOpen;
import org.sshwire.connection.message.ChannelRequest;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshWriter;

/**
 * {@code sshwire decrypt} on captures built from sessions our engines ran in memory (a rekey in
 * the middle), written as pcap with the segments cut small, reordered and retransmitted: the
 * transcript shows the exec request and the channel data, as text and as JSON lines.
 */
class DecryptCommandTest {
    @TempDir
    Path dir;

    static final SshKeyPair HOST = SshKeyPair.generate("ssh-ed25519", 0, CryptoBackend.defaultBackend());

    /** The wire bytes of each direction as segments: (client?, bytes) in the order they were sent. */
    record Sent(boolean fromClient, byte[] bytes) {
    }

    static List<Sent> session(String kex, List<String> keyLog, boolean rekey) {
        TransportEngine client = new TransportEngine(TransportConfig.client().kexAlgorithms(List.of(kex)).keyLog(keyLog::add).build());
        TransportEngine server = new TransportEngine(TransportConfig.server(List.of(HOST)).build());
        List<Sent> wire = new ArrayList<>();
        pump(client, server, wire);
        client.requestService("ssh-userauth");
        pump(client, server, wire);
        client.send(new ChannelOpen("session", 0, 65536, 32768, Bytes.EMPTY).toPayload());
        client.send(new ChannelRequest(0, "exec", true, new SshWriter().writeString(Bytes.utf8("echo MARKER")).toBytes()).toPayload());
        pump(client, server, wire);
        if (rekey) {
            server.startRekey();
            pump(client, server, wire);
        }
        server.send(new ChannelData(0, Bytes.wrap("MARKER\n".getBytes())).toPayload());
        server.send(new ChannelData(0, Bytes.of((byte) 0, (byte) 1, (byte) 0xff)).toPayload());
        pump(client, server, wire);
        return wire;
    }

    static void pump(TransportEngine client, TransportEngine server, List<Sent> wire) {
        for (int round = 0; round < 1000; round++) {
            boolean moved = move(client, server, true, wire) | move(server, client, false, wire);
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

    static boolean move(TransportEngine from, TransportEngine to, boolean fromClient, List<Sent> wire) {
        boolean moved = false;
        for (ByteBuffer b; (b = from.pollTransmit()) != null; ) {
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            wire.add(new Sent(fromClient, bytes));
            to.receive(ByteBuffer.wrap(bytes));
            moved = true;
        }
        return moved;
    }

    /** A pcap of the session over IPv4 loopback: handshake, then segments of at most 100 bytes, some out of order and repeated. */
    static byte[] pcap(List<Sent> wire, long seed) {
        Random r = new Random(seed);
        List<byte[]> frames = new ArrayList<>();
        long cSeq = 1000;
        long sSeq = 5000;
        frames.add(frame(true, Captures.tcp(40000, 2222, cSeq - 1, 0x02, new byte[0])));
        frames.add(frame(false, Captures.tcp(2222, 40000, sSeq - 1, 0x12, new byte[0])));
        for (Sent s : wire) {
            List<byte[]> pieces = new ArrayList<>();
            for (int off = 0; off < s.bytes().length; off += 100) {
                byte[] piece = java.util.Arrays.copyOfRange(s.bytes(), off, Math.min(s.bytes().length, off + 100));
                long seq = (s.fromClient() ? cSeq : sSeq) + off;
                pieces.add(s.fromClient() ? frame(true, Captures.tcp(40000, 2222, seq, 0x18, piece))
                        : frame(false, Captures.tcp(2222, 40000, seq, 0x18, piece)));
            }
            if (pieces.size() > 1 && r.nextBoolean()) {
                Collections.swap(pieces, 0, 1); // reordered within one send
            }
            if (r.nextInt(4) == 0) {
                pieces.add(pieces.get(0)); // a retransmission
            }
            frames.addAll(pieces);
            if (s.fromClient()) {
                cSeq += s.bytes().length;
            } else {
                sSeq += s.bytes().length;
            }
        }
        return Captures.pcap(ByteOrder.LITTLE_ENDIAN, 113, frames.toArray(byte[][]::new));
    }

    static byte[] frame(boolean fromClient, byte[] tcp) {
        byte[] ip = fromClient ? Captures.ipv4(Captures.CLIENT_V4, Captures.SERVER_V4, tcp)
                : Captures.ipv4(Captures.SERVER_V4, Captures.CLIENT_V4, tcp);
        return Captures.sll(ip, 0x0800);
    }

    /** A recording (sshwire ssh --record) carries its key log in Decryption Secrets Blocks: no --keylog needed. */
    @Test
    void aRecordingDecryptsWithTheKeyLogItCarries() throws Exception {
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        org.sshwire.transport.research.SessionRecorder recorder =
                new org.sshwire.transport.research.SessionRecorder(file, true, new java.security.SecureRandom());
        TransportEngine client = new TransportEngine(TransportConfig.client().build(),
                org.sshwire.transport.ConnectionInfo.opening(1, null, null), recorder.hooks());
        TransportEngine server = new TransportEngine(TransportConfig.server(List.of(HOST)).build());
        List<Sent> wire = new ArrayList<>();
        pump(client, server, wire);
        client.requestService("ssh-userauth");
        client.send(new ChannelOpen("session", 0, 65536, 32768, Bytes.EMPTY).toPayload());
        pump(client, server, wire);
        recorder.close();
        Path rec = dir.resolve("r.pcapng");
        Files.write(rec, file.toByteArray());
        CliRun.Result r = CliRun.ok("decrypt", rec.toString());
        assertTrue(r.out().contains("C>S      0 SSH_MSG_SERVICE_REQUEST (5) service=\"ssh-userauth\""), r.out());
        assertTrue(r.out().contains("S>C      1 SSH_MSG_SERVICE_ACCEPT (6) service=\"ssh-userauth\""), r.out());
        assertTrue(r.out().contains("SSH_MSG_CHANNEL_OPEN (90) channel_type=\"session\""), r.out());
    }

    /** RFC 4253 §8 / RFC 5656 §7.1 / RFC 4419 §3: messages 30–34 are named and decoded by the exchange's method. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "curve25519-sha256, SSH_MSG_KEX_ECDH_INIT (30) q_c_hex=, SSH_MSG_KEX_ECDH_REPLY (31) host_key_hex=",
        "ecdh-sha2-nistp256, SSH_MSG_KEX_ECDH_INIT (30) q_c_hex=, SSH_MSG_KEX_ECDH_REPLY (31) host_key_hex=",
        "diffie-hellman-group14-sha256, SSH_MSG_KEXDH_INIT (30) e=, SSH_MSG_KEXDH_REPLY (31) host_key_hex=",
        "diffie-hellman-group-exchange-sha256, SSH_MSG_KEX_DH_GEX_REQUEST (34) min=2048 n=, SSH_MSG_KEX_DH_GEX_REPLY (33) host_key_hex=",
        "mlkem768x25519-sha256, SSH_MSG_KEX_HYBRID_INIT (30) c_init_hex=, SSH_MSG_KEX_HYBRID_REPLY (31) host_key_hex="})
    void keyExchangeMessagesAreNamedByTheMethodInUse(String kex, String init, String reply) throws Exception {
        List<String> keyLog = new ArrayList<>();
        Path cap = dir.resolve("k.pcap");
        Files.write(cap, pcap(session(kex, keyLog, false), 5));
        Path keys = dir.resolve("keys.txt");
        Files.write(keys, keyLog);
        String out = CliRun.ok("decrypt", "--keylog", keys.toString(), cap.toString()).out();
        assertTrue(out.lines().anyMatch(l -> l.startsWith("C>S") && l.contains(" " + init)), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("S>C") && l.contains(" " + reply)), out);
        assertFalse(out.contains("SSH_MSG_KEX_3"), "no message left unnamed: " + out);
    }

    /** SFTP frames inside an sftp subsystem channel's data, a frame split over two packets, are shown decoded. */
    @Test
    void sftpInsideTheSubsystemChannelIsDecoded() throws Exception {
        List<String> keyLog = new ArrayList<>();
        TransportEngine client = new TransportEngine(TransportConfig.client().keyLog(keyLog::add).build());
        TransportEngine server = new TransportEngine(TransportConfig.server(List.of(HOST)).build());
        List<Sent> wire = new ArrayList<>();
        pump(client, server, wire);
        client.requestService("ssh-userauth");
        client.send(new ChannelOpen("session", 3, 65536, 32768, Bytes.EMPTY).toPayload());
        pump(client, server, wire);
        server.send(new org.sshwire.connection.message.ChannelOpenConfirmation(3, 7, 65536, 32768, Bytes.EMPTY).toPayload());
        client.send(new ChannelRequest(7, "subsystem", true, new SshWriter().writeString(Bytes.utf8("sftp")).toBytes()).toPayload());
        byte[] init = {0, 0, 0, 5, 1, 0, 0, 0, 3};                                   // SSH_FXP_INIT version 3
        byte[] realpath = {0, 0, 0, 10, 16, 0, 0, 0, 1, 0, 0, 0, 1, '.'};          // SSH_FXP_REALPATH id 1 "."
        byte[] both = new byte[init.length + realpath.length];
        System.arraycopy(init, 0, both, 0, init.length);
        System.arraycopy(realpath, 0, both, init.length, realpath.length);
        client.send(new ChannelData(7, Bytes.of(both, 0, 12)).toPayload());        // INIT and a piece of REALPATH
        client.send(new ChannelData(7, Bytes.of(both, 12, both.length - 12)).toPayload());
        server.send(new ChannelData(3, Bytes.of(new byte[] {0, 0, 0, 5, 2, 0, 0, 0, 3})).toPayload()); // VERSION 3
        server.send(new ChannelData(9, Bytes.of(new byte[] {0, 0, 0, 5, 2, 0, 0, 0, 3})).toPayload()); // not an sftp channel
        pump(client, server, wire);
        Path cap = dir.resolve("sftp.pcap");
        Files.write(cap, pcap(wire, 11));
        Path keys = Files.write(dir.resolve("keys.txt"), keyLog);
        List<String> sftp = CliRun.ok("decrypt", "--keylog", keys.toString(), cap.toString()).out().lines()
                .filter(l -> l.startsWith("             sftp ")).toList();
        assertEquals(List.of("             sftp Init[version=3, extensions=[]]",
                "             sftp Realpath[id=1, path=.]",
                "             sftp Version[version=3, extensions=[]]"), sftp);
    }

    @Test
    void aCaptureWithoutAKeyLogAsksForOne() throws Exception {
        Path cap = dir.resolve("s.pcap");
        Files.write(cap, pcap(session("curve25519-sha256", new ArrayList<>(), false), 3));
        CliRun.Result r = CliRun.sshwire("decrypt", cap.toString());
        assertEquals(1, r.exit());
        assertEquals("sshwire: " + cap + " carries no SSH key log; give one with --keylog FILE", r.err().strip());
    }

    @Test
    void transcriptShowsTheExecAndTheChannelDataAcrossARekey() throws Exception {
        List<String> keyLog = new ArrayList<>();
        List<Sent> wire = session("sntrup761x25519-sha512@openssh.com", keyLog, true);
        Path cap = dir.resolve("s.pcap");
        Files.write(cap, pcap(wire, 7));
        Path keys = dir.resolve("keys.txt");
        Files.write(keys, keyLog);

        CliRun.Result text = CliRun.ok("decrypt", "--keylog", keys.toString(), cap.toString());
        assertTrue(text.out().contains("connection 1: 127.0.0.1:40000 -> 127.0.0.2:2222"), text.out());
        assertTrue(text.out().contains("exchange 1: sntrup761x25519-sha512@openssh.com"), text.out());
        assertTrue(text.out().contains("C>S      2 SSH_MSG_CHANNEL_REQUEST (98) recipient_channel=0 request_type=\"exec\" want_reply=true command=\"echo MARKER\""), text.out());
        assertTrue(text.out().contains("SSH_MSG_CHANNEL_DATA (94) recipient_channel=0 data=\"MARKER\\n\""), text.out());
        assertTrue(text.out().contains("SSH_MSG_CHANNEL_DATA (94) recipient_channel=0 data_hex=\"0001ff\""), text.out());
        assertEquals(2, text.out().lines().filter(l -> l.startsWith("S>C") && l.contains("SSH_MSG_KEXINIT")).count());
        // 30 and 31 named as the exchange's method has them (sntrup761x25519: the hybrid messages), both exchanges.
        assertEquals(2, text.out().lines().filter(l -> l.startsWith("C>S") && l.contains(" SSH_MSG_KEX_HYBRID_INIT (30) c_init_hex=\"")).count());
        assertEquals(2, text.out().lines().filter(l -> l.startsWith("S>C") && l.contains(" SSH_MSG_KEX_HYBRID_REPLY (31) host_key_hex=\"")
                && l.contains(" s_reply_hex=\"") && l.contains(" signature_hex=\"")).count());

        CliRun.Result json = CliRun.ok("decrypt", "--json", "--keylog", keys.toString(), cap.toString());
        List<String> lines = json.out().lines().toList();
        assertTrue(lines.get(0).startsWith("{\"type\":\"connection\",\"connection\":1,\"client\":\"127.0.0.1:40000\""), lines.get(0));
        assertTrue(lines.contains("{\"type\":\"message\",\"connection\":1,\"direction\":\"server-to-client\",\"sequence\":0,"
                + "\"number\":94,\"name\":\"SSH_MSG_CHANNEL_DATA\",\"fields\":{\"recipient_channel\":0,\"data\":\"MARKER\\n\"}}"),
                json.out());
        assertEquals(text.out().lines().filter(l -> l.startsWith("C>S") || l.startsWith("S>C")).count(),
                lines.stream().filter(l -> l.startsWith("{\"type\":\"message\"")).count());
    }

    @Test
    void aKeyLogWithoutTheSessionNamesTheCookiesItNeeded() throws Exception {
        List<String> keyLog = new ArrayList<>();
        Path cap = dir.resolve("s.pcap");
        Files.write(cap, pcap(session("curve25519-sha256", keyLog, false), 3));
        Path other = dir.resolve("other.txt");
        List<String> unrelated = new ArrayList<>();
        session("curve25519-sha256", unrelated, false);
        Files.write(other, unrelated);
        CliRun.Result r = CliRun.sshwire("decrypt", "--keylog", other.toString(), cap.toString());
        assertEquals(1, r.exit());
        String cookie = keyLog.get(0).split(" ")[0];
        assertTrue(r.err().contains("exchange 0: the key log has no line for the client's cookie " + cookie), r.err());
        assertTrue(r.out().contains("SSH_MSG_KEXINIT (20) cookie=\"" + cookie + "\""), "the cleartext part is still shown: " + r.out());
    }

    /** Whatever follows the identification lines, decrypt reports on it and never fails otherwise. */
    @net.jqwik.api.Property(tries = 60)
    void garbageAfterTheIdentificationIsReportedNotThrown(@net.jqwik.api.ForAll @net.jqwik.api.constraints.Size(max = 200) byte[] c,
                                                         @net.jqwik.api.ForAll @net.jqwik.api.constraints.Size(max = 200) byte[] s)
            throws Exception {
        Path tmp = Files.createTempDirectory("decrypt-garbage");
        byte[] client = concat("SSH-2.0-x\r\n".getBytes(), c);
        byte[] server = concat("SSH-2.0-y\r\n".getBytes(), s);
        Path cap = Files.write(tmp.resolve("g.pcap"), pcap(List.of(new Sent(true, client), new Sent(false, server)), 1));
        Path keys = Files.writeString(tmp.resolve("k"), "");
        CliRun.Result r = CliRun.sshwire("decrypt", "--keylog", keys.toString(), cap.toString());
        assertTrue(r.exit() == 0 || r.exit() == 1, r.err());
        assertTrue(r.exit() == 0 || r.err().startsWith("sshwire decrypt: connection 1 "), r.err());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void notACaptureIsAClearError() throws Exception {
        Path junk = dir.resolve("junk");
        Files.writeString(junk, "this is not a capture");
        Path keys = dir.resolve("k");
        Files.writeString(keys, "");
        CliRun.Result r = CliRun.sshwire("decrypt", "--keylog", keys.toString(), junk.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("not a pcap or pcapng file"), r.err());
        Files.writeString(keys, "00112233 nothex!\n");
        r = CliRun.sshwire("decrypt", "--keylog", keys.toString(), junk.toString());
        assertTrue(r.err().contains("key log line 1"), r.err());
        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        empty.writeBytes(Captures.pcap(ByteOrder.BIG_ENDIAN, 1));
        Files.write(junk, empty.toByteArray());
        Files.writeString(keys, "");
        r = CliRun.sshwire("decrypt", "--keylog", keys.toString(), junk.toString());
        assertTrue(r.err().contains("no SSH session among its 0 TCP connections"), r.err());
    }
}
