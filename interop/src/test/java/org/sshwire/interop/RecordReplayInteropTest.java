package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.testvectors.Prerequisites;

/**
 * Record and replay with the real binaries (issue: research toolkit, item 5): {@code sshwire ssh
 * --record} against {@code sshwire server --random-seed}; the recording opens in tshark and
 * decrypts with {@code sshwire decrypt} from its own key log; {@code sshwire replay} repeats the
 * session byte for byte against a restarted server with the same seed, and names the first
 * packet that differs when the server's configuration has changed.
 */
class RecordReplayInteropTest {
    static final Path LAUNCHER = ServerCommandTest.LAUNCHER;
    static final String SEED = "00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    ServerCommandTest helper() {
        ServerCommandTest h = new ServerCommandTest();
        h.dir = dir;
        return h;
    }

    OpenSsh.Result sshwire(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        return OpenSsh.run(cmd, 120);
    }

    @Test
    void aRecordedSessionDecryptsAndReplaysByteForByteUntilTheServerChanges() throws Exception {
        ServerCommandTest h = helper();
        Path key = h.newKey();
        Path recording = dir.resolve("echo.pcapng");
        Path serverRecords = dir.resolve("server-records");
        String user = System.getProperty("user.name");
        try (ServerCommandTest.Running s = h.start("--authorized-keys", key + ".pub", "--random-seed", SEED,
                "--record", serverRecords.toString())) {
            OpenSsh.Result r = sshwire("ssh", "-F", "/dev/null", "-i", key.toString(), "-o", "StrictHostKeyChecking=no",
                    "-o", "UserKnownHostsFile=/dev/null", "--record", recording.toString(), "-p", String.valueOf(s.port()),
                    user + "@127.0.0.1", "echo MARKER");
            assertEquals(0, r.exit(), r.stderr());
            assertEquals("MARKER\n", r.stdout());
        }

        // Both sides' recordings decrypt with the key log they carry: no --keylog.
        OpenSsh.Result clientSide = sshwire("decrypt", recording.toString());
        assertEquals(0, clientSide.exit(), clientSide.stdout() + clientSide.stderr());
        assertTrue(DecryptCaptureInteropTest.CHANNEL_DATA_MARKER.matcher(clientSide.stdout()).find(), clientSide.stdout());
        Path serverSide;
        try (var files = Files.list(serverRecords)) {
            serverSide = files.filter(f -> f.getFileName().toString().endsWith(".pcapng")).findFirst().orElseThrow();
        }
        OpenSsh.Result server = sshwire("decrypt", serverSide.toString());
        assertEquals(0, server.exit(), server.stdout() + server.stderr());
        assertTrue(DecryptCaptureInteropTest.CHANNEL_DATA_MARKER.matcher(server.stdout()).find(), server.stdout());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(recording)),
                "a recording holds the session's secrets");

        // Wireshark's reader opens it as the TCP session it was, identification lines included.
        OpenSsh.Result tshark = OpenSsh.run(List.of(Prerequisites.tool(KeyLogWiresharkTest.TSHARK, "tshark").toString(), "-r", recording.toString(), "-d",
                "tcp.port==" + serverPort(recording) + ",ssh", "-T", "fields", "-e", "ssh.protocol"), 60);
        assertEquals(0, tshark.exit(), tshark.stderr());
        assertTrue(tshark.stdout().contains("SSH-2.0-sshwire"), tshark.stdout());

        // The same server (same seed, host key and configuration) answers the replay with the same bytes.
        for (int run = 0; run < 2; run++) {
            try (ServerCommandTest.Running s = h.start("--authorized-keys", key + ".pub", "--random-seed", SEED)) {
                OpenSsh.Result replay = sshwire("replay", "-p", String.valueOf(s.port()), recording.toString());
                assertEquals(0, replay.exit(), replay.stdout() + replay.stderr());
                assertTrue(replay.stdout().startsWith("identical: "), replay.stdout());
                assertTrue(replay.stdout().contains("byte for byte"), replay.stdout());
            }
        }

        // Another cipher preference: the server's KEXINIT is where it shows first.
        try (ServerCommandTest.Running s = h.start("--authorized-keys", key + ".pub", "--random-seed", SEED,
                "-o", "Ciphers=aes256-gcm@openssh.com,chacha20-poly1305@openssh.com")) {
            OpenSsh.Result replay = sshwire("replay", "-p", String.valueOf(s.port()), recording.toString());
            assertEquals(1, replay.exit(), replay.stdout() + replay.stderr());
            assertTrue(replay.stdout().startsWith("diverged, server to client at byte "), replay.stdout());
            assertTrue(replay.stdout().contains("server packet 1 (sequence 0)"), replay.stdout());
            assertTrue(replay.stdout().contains("recorded SSH_MSG_KEXINIT, replayed SSH_MSG_KEXINIT (payloads differ from byte"),
                    replay.stdout());
        }

        // Another seed: the same configuration, but the KEXINIT cookie differs from its first byte.
        try (ServerCommandTest.Running s = h.start("--authorized-keys", key + ".pub", "--random-seed", SEED.replace('0', '9'))) {
            OpenSsh.Result replay = sshwire("replay", "-p", String.valueOf(s.port()), recording.toString());
            assertEquals(1, replay.exit(), replay.stdout() + replay.stderr());
            assertTrue(replay.stdout().contains("(payloads differ from byte 1)"), replay.stdout());
        }
    }

    /** sshwire sftp records too; the recording and its own key log show the subsystem and the SFTP bytes. */
    @Test
    void anSftpSessionRecordsAndDecrypts() throws Exception {
        ServerCommandTest h = helper();
        Path key = h.newKey();
        Path recording = dir.resolve("sftp.pcapng");
        Path keyLog = dir.resolve("keys.txt");
        try (ServerCommandTest.Running s = h.start("--authorized-keys", key + ".pub")) {
            OpenSsh.Result r = OpenSsh.run(List.of(LAUNCHER.toString(), "sftp", "-i", key.toString(), "-o", "StrictHostKeyChecking=no",
                    "-o", "UserKnownHostsFile=/dev/null", "--record", recording.toString(), "--keylog", keyLog.toString(),
                    "-P", String.valueOf(s.port()), System.getProperty("user.name") + "@127.0.0.1"),
                    "pwd\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), 120);
            assertEquals(0, r.exit(), r.stderr());
            assertTrue(r.stdout().contains("Remote working directory: "), r.stdout());
        }
        OpenSsh.Result text = sshwire("decrypt", recording.toString());
        assertEquals(0, text.exit(), text.stdout() + text.stderr());
        assertTrue(text.stdout().contains("request_type=\"subsystem\" want_reply=true subsystem=\"sftp\""), text.stdout());
        // The SFTP inside the channel data: the client's INIT and REALPATH of ".", the server's VERSION and NAME.
        assertTrue(text.stdout().lines().anyMatch(l -> l.startsWith("             sftp Init[")), text.stdout());
        assertTrue(text.stdout().lines().anyMatch(l -> l.startsWith("             sftp Version[")), text.stdout());
        assertTrue(text.stdout().lines().anyMatch(l -> l.startsWith("             sftp Realpath[") && l.contains(", path=.")), text.stdout());
        assertTrue(text.stdout().lines().anyMatch(l -> l.startsWith("             sftp Name[")), text.stdout());
        assertTrue(Files.readString(keyLog).contains(" SHARED_SECRET "), "--keylog wrote the same exchange");
    }

    @Test
    void replayRefusesAServersRecordingAndAFileThatIsNoRecording() throws Exception {
        Path notPcapng = Files.writeString(dir.resolve("x.pcapng"), "hello");
        OpenSsh.Result r = sshwire("replay", "-p", "1", notPcapng.toString());
        assertEquals(1, r.exit(), r.stdout() + r.stderr());
        assertTrue(r.stderr().contains("not a pcapng file"), r.stderr());
    }

    /** The server's port, from the recording's first TCP segment (the client's SYN). */
    static int serverPort(Path recording) throws Exception {
        byte[] f = Files.readAllBytes(recording);
        // The first Enhanced Packet Block follows the section header and interface blocks; find its IPv4 header.
        for (int i = 0; i + 24 < f.length; i++) {
            if (f[i] == 0x45 && f[i + 9] == 6) { // IPv4, 20-byte header, TCP
                return ((f[i + 22] & 0xff) << 8) | (f[i + 23] & 0xff);
            }
        }
        throw new AssertionError("no IPv4 TCP frame in " + recording);
    }
}
