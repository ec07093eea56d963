package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.testvectors.Prerequisites;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.wire.DisconnectReason;

/**
 * {@code sshwire decrypt} on real captures ({@code tcpdump -i lo}) of real peers, with the key
 * log {@code --keylog} wrote: OpenSSH 9.2's {@code ssh} with its default algorithms
 * (sntrup761x25519 and chacha20-poly1305) against {@code sshwire server}; {@code sshwire ssh}
 * against {@code sshd} with every cipher both implement; OpenSSH rekeying every few kilobytes;
 * and, where tshark 4.0 can decrypt a session, the same message list as tshark's.
 */
class DecryptCaptureInteropTest {
    static final Path LAUNCHER = ServerCommandTest.LAUNCHER;
    static final Pattern CHANNEL_DATA_MARKER = Pattern.compile("(?m)^S>C +\\d+ SSH_MSG_CHANNEL_DATA \\(94\\) recipient_channel=\\d+ data=\"MARKER\\\\n\"$");

    @TempDir
    Path dir;

    /** {@code ./sshwire decrypt} on the capture; exit 0 expected. */
    OpenSsh.Result decrypt(Path keyLog, Path capture, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString(), "decrypt", "--keylog", keyLog.toString()));
        cmd.addAll(List.of(extra));
        cmd.add(capture.toString());
        OpenSsh.Result r = OpenSsh.run(cmd, 180);
        assertEquals(0, r.exit(), r.stdout() + r.stderr());
        return r;
    }

    ServerCommandTest serverHelper() {
        ServerCommandTest h = new ServerCommandTest();
        h.dir = dir;
        return h;
    }

    /** The "done when": OpenSSH's defaults against our server, decrypted, MARKER in CHANNEL_DATA. */
    @Test
    void opensshDefaultsAgainstSshwireServerDecryptToMarker() throws Exception {
        ServerCommandTest h = serverHelper();
        Path key = h.newKey();
        Path keyLog = dir.resolve("keylog.txt");
        Path capture = dir.resolve("session.pcap");
        try (ServerCommandTest.Running s = h.start("--authorized-keys", key + ".pub", "--keylog", keyLog.toString())) {
            try (LoopbackCapture c = LoopbackCapture.start(s.port(), capture)) {
                List<String> ssh = h.opensshArgs("/usr/bin/ssh", key);
                ssh.addAll(List.of("-p", String.valueOf(s.port()), System.getProperty("user.name") + "@127.0.0.1", "echo MARKER"));
                OpenSsh.Result r = OpenSsh.run(ssh, 60);
                assertEquals(0, r.exit(), r.stderr());
                assertEquals("MARKER\n", r.stdout());
            }
        }
        String text = decrypt(keyLog, capture).stdout();
        assertTrue(text.contains("exchange 0: sntrup761x25519-sha512"), text);
        assertTrue(text.contains(", chacha20-poly1305@openssh.com, "), text);
        assertTrue(text.contains("client SSH-2.0-OpenSSH_9.2"), text);
        assertTrue(CHANNEL_DATA_MARKER.matcher(text).find(), text);
        assertTrue(text.contains("request_type=\"exec\" want_reply=true command=\"echo MARKER\""), text);
        // 30, 31 and 60 named by context: the hybrid exchange, and PK_OK answering a publickey query (RFC 4252 §7).
        assertTrue(text.contains(" SSH_MSG_KEX_HYBRID_INIT (30) c_init_hex=\""), text);
        assertTrue(text.contains(" SSH_MSG_KEX_HYBRID_REPLY (31) host_key_hex=\""), text);
        assertTrue(text.contains(" SSH_MSG_USERAUTH_PK_OK (60) algorithm=\"ssh-ed25519\" key_hex=\""), text);

        String json = decrypt(keyLog, capture, "--json").stdout();
        assertTrue(json.lines().anyMatch(l -> l.startsWith("{\"type\":\"message\",\"connection\":1,\"direction\":\"server-to-client\",")
                && l.endsWith("\"number\":94,\"name\":\"SSH_MSG_CHANNEL_DATA\",\"fields\":{\"recipient_channel\":0,\"data\":\"MARKER\\n\"}}")
                || l.contains("\"name\":\"SSH_MSG_CHANNEL_DATA\",\"fields\":{\"recipient_channel\":") && l.contains("\"data\":\"MARKER\\n\"}")
                && l.contains("server-to-client")), json);
    }

    /** A rekey every few kilobytes, started by OpenSSH: every exchange's secrets are in our server's key log. */
    @Test
    void opensshRekeyingOftenDecryptsAcrossEveryRekey() throws Exception {
        ServerCommandTest h = serverHelper();
        Path key = h.newKey();
        Path keyLog = dir.resolve("keylog.txt");
        Path capture = dir.resolve("rekey.pcap");
        try (ServerCommandTest.Running s = h.start("--authorized-keys", key + ".pub", "--keylog", keyLog.toString())) {
            try (LoopbackCapture c = LoopbackCapture.start(s.port(), capture)) {
                List<String> ssh = h.opensshArgs("/usr/bin/ssh", key);
                ssh.addAll(List.of("-o", "RekeyLimit=16K", "-p", String.valueOf(s.port()), System.getProperty("user.name") + "@127.0.0.1",
                        "seq 1 100000; echo MARKER"));
                OpenSsh.Result r = OpenSsh.run(ssh, 120);
                assertEquals(0, r.exit(), r.stderr());
                assertTrue(r.stdout().endsWith("100000\nMARKER\n"));
            }
        }
        String text = decrypt(keyLog, capture).stdout();
        long exchanges = text.lines().filter(l -> l.startsWith("  exchange ")).count();
        assertTrue(exchanges >= 3, "OpenSSH rekeyed at least twice: " + exchanges + "\n" + text.lines().limit(20).toList());
        // The server logs an exchange when it has K; the client may hang up before finishing it.
        assertTrue(Files.readAllLines(keyLog).stream().filter(l -> l.contains(" SHARED_SECRET ")).count() >= exchanges);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("S>C") && l.contains("SSH_MSG_CHANNEL_DATA") && l.endsWith("MARKER\\n\"")),
                "the data after the last rekey decrypted");
        assertTrue(text.contains("data=\"1\\n2\\n3\\n"), "the data before the first rekey decrypted");
    }

    static Stream<String> ciphers() {
        List<String> ours = List.of("chacha20-poly1305@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr",
                "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes128-cbc", "aes192-cbc", "aes256-cbc", "3des-cbc");
        List<String> sshd = OpenSsh.query("cipher");
        return ours.stream().filter(sshd::contains);
    }

    /** Our client against sshd with each cipher both implement (sshd configured to offer them all), sshd rekeying. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ciphers")
    void sshwireSshAgainstSshdWithEveryCipherDecrypts(String cipher) throws Exception {
        Path key = dir.resolve("id");
        assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f", key.toString()), 30).exit());
        Path sshdDir = Files.createDirectories(dir.resolve("sshd"));
        OpenSsh.SshdConfig sshd = new OpenSsh.SshdConfig(sshdDir, List.of("AuthorizedKeysFile " + key + ".pub",
                "Ciphers " + String.join(",", ciphers().toList()), "PermitRootLogin yes", "RekeyLimit 16K"));
        int port = freePort();
        Path keyLog = dir.resolve("keylog.txt");
        Path capture = dir.resolve("client.pcap");
        Process server = sshd.startListening(port);
        try (LoopbackCapture c = LoopbackCapture.start(port, capture)) {
            TransportInteropTest.connectWithRetry(port).close(); // sshd is up (this connection is its own, apart)
            OpenSsh.Result r = OpenSsh.run(List.of(LAUNCHER.toString(), "ssh", "-F", "/dev/null", "-i", key.toString(),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "Ciphers=" + cipher,
                    "--keylog", keyLog.toString(), "-p", String.valueOf(port),
                    System.getProperty("user.name") + "@127.0.0.1", "seq 1 100000; echo MARKER"), 120);
            assertEquals(0, r.exit(), r.stderr() + sshd.log("sshd.log"));
            assertTrue(r.stdout().endsWith("MARKER\n"));
        } finally {
            server.destroy();
        }
        String text = decrypt(keyLog, capture).stdout();
        assertTrue(text.contains("exchange 0: ") && text.contains(", " + cipher + ", "), text.lines().limit(12).toList().toString());
        assertTrue(text.contains("exchange 1: "), "a rekey: " + text.lines().limit(12).toList());
        assertTrue(CHANNEL_DATA_MARKER.matcher(text).find() || text.contains("0000\\nMARKER\\n\""), text.lines().limit(40).toList().toString());
    }

    /**
     * tshark 4.0 decrypts our client's session with sshd (curve25519, no strict kex, which it
     * predates; each cipher it can decrypt) with the same key log: its decrypted messages —
     * direction, sequence number, message number — are ours.
     */
    @ParameterizedTest(name = "{0}")
    // The ciphers tshark 4.0 decrypts: with aes*-ctr and aes*-cbc it shows the key exchange and
    // nothing after NEWKEYS (tried here).
    @org.junit.jupiter.params.provider.ValueSource(strings = {"chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com",
            "aes256-gcm@openssh.com"})
    void tsharkAndSshwireDecryptTheSameMessages(String cipher) throws Exception {
        Path tshark = Prerequisites.tool(KeyLogWiresharkTest.TSHARK, "tshark");
        OpenSsh.SshdConfig sshd = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")), List.of("Ciphers " + cipher));
        int port = freePort();
        Path keyLog = dir.resolve("keylog.txt");
        Path capture = dir.resolve("tshark.pcap");
        Process server = sshd.startListening(port);
        try (LoopbackCapture c = LoopbackCapture.start(port, capture)) {
            Socket s = TransportInteropTest.connectWithRetry(port);
            TransportEngine client = new TransportEngine(TransportConfig.client().kexAlgorithms(List.of("curve25519-sha256"))
                    .ciphers(List.of(cipher)).strictKex(false)
                    .keyLog(line -> append(keyLog, line)).build());
            try (EngineStreamDriver d = new EngineStreamDriver(client, s.getInputStream(), s.getOutputStream())) {
                d.await(TransportEvent.KeysExchanged.class, TransportInteropTest.TIMEOUT);
                d.act(e -> e.requestService("ssh-userauth"));
                d.await(TransportEvent.ServiceAccepted.class, TransportInteropTest.TIMEOUT);
                d.act(e -> e.disconnect(DisconnectReason.BY_APPLICATION, "done"));
            }
        } finally {
            server.destroy();
        }
        OpenSsh.Result t = OpenSsh.run(List.of(tshark.toString(), "-r", capture.toString(), "-o", "ssh.keylog_file:" + keyLog,
                "-o", "tcp.desegment_tcp_streams:TRUE", "-d", "tcp.port==" + port + ",ssh", "-Y", "ssh.message_code",
                "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=;", "-e", "ssh.direction", "-e", "ssh.seq_num",
                "-e", "ssh.message_code"), 120);
        assertEquals(0, t.exit(), t.stderr());
        List<String> theirs = new ArrayList<>();
        for (String line : t.stdout().lines().toList()) {
            String[] f = line.split("\t", -1);
            String[] dirs = f[0].split(";");
            String[] seqs = f[1].split(";");
            String[] codes = f[2].split(";");
            for (int i = 0; i < codes.length; i++) {
                theirs.add((dirs[Math.min(i, dirs.length - 1)].equals("0") ? "C>S" : "S>C") + " " + seqs[Math.min(i, seqs.length - 1)]
                        + " " + codes[i]);
            }
        }
        List<String> ours = new ArrayList<>();
        Matcher m = Pattern.compile("\"direction\":\"([a-z-]+)\",\"sequence\":(\\d+),\"number\":(\\d+)").matcher(decrypt(keyLog, capture, "--json").stdout());
        while (m.find()) {
            ours.add((m.group(1).equals("client-to-server") ? "C>S" : "S>C") + " " + m.group(2) + " " + m.group(3));
        }
        assertTrue(theirs.size() >= 8 && theirs.stream().anyMatch(x -> x.endsWith(" 6")), "tshark decrypted SERVICE_ACCEPT: " + theirs);
        assertEquals(sorted(theirs), sorted(ours), "tshark: " + theirs + "\nours: " + ours);
    }

    static List<String> sorted(List<String> l) {
        return l.stream().sorted().toList();
    }

    static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    static void append(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", java.nio.charset.StandardCharsets.US_ASCII,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
