package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.OpenSsh;

/**
 * Issue 16 item 3: real peers that tripped over sshwire, run live — rclone 1.60 and paramiko 2.12
 * against {@code sshwire server}, {@code sshwire ssh} against a paramiko server, and a bad
 * identification line sent to sshd and to our server. Each fix also has a test with the peer's
 * exact bytes in its module (sftp PeerRequestBytesTest, transport PeerQuirksTest, connection
 * HostilePeerTest).
 */
class RealPeersInteropTest {
    @TempDir
    Path dir;

    private final String user = System.getProperty("user.name");

    private Path keygen(String name) {
        Path key = dir.resolve(name);
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "",
                "-f", key.toString()), 30);
        assertEquals(0, r.exit(), r.stderr());
        return key;
    }

    private ServerCommandTest.Running server(String... extra) throws Exception {
        ServerCommandTest t = new ServerCommandTest();
        t.dir = dir;
        return t.startServer(List.of(extra));
    }

    /**
     * rclone 1.60 uploads 300000 bytes (not a multiple of its 32 KiB chunk, so pkg/sftp's last
     * WRITE carries stale bytes after its data) and downloads them again. It failed with
     * {@code Update ReadFrom failed: sftp: "Bad message" (SSH_FX_BAD_MESSAGE)}.
     */
    @Test
    void rcloneCopiesToAndFromOurServer() throws Exception {
        Peers.requireRclone();
        OpenSsh.require(OpenSsh.SSH_KEYGEN);
        Path key = keygen("id");
        byte[] data = new byte[300_000];
        new Random(16).nextBytes(data);
        Path src = Files.write(dir.resolve("src.bin"), data);
        Path remote = Files.createDirectories(dir.resolve("remote")).resolve("up.bin");
        Path back = dir.resolve("back.bin");
        try (ServerCommandTest.Running s = server("--authorized-keys", key + ".pub")) {
            for (String[] copy : new String[][] {{src.toString(), ":sftp:" + remote}, {":sftp:" + remote, back.toString()}}) {
                OpenSsh.Result r = OpenSsh.run(List.of(Peers.RCLONE.toString(), "copyto", copy[0], copy[1],
                        "--config", dir.resolve("rclone.conf").toString(), "--retries", "1", "--low-level-retries", "1",
                        "--sftp-host", "127.0.0.1", "--sftp-port", String.valueOf(s.port()), "--sftp-user", user,
                        "--sftp-key-file", key.toString()), 180);
                assertEquals(0, r.exit(), String.join(" ", copy) + ": " + r.stdout() + r.stderr());
            }
        }
        assertArrayEquals(data, Files.readAllBytes(remote));
        assertArrayEquals(data, Files.readAllBytes(back));
    }

    private static final String TWO_KEYS = """
            import sys, paramiko
            port, user, refused, accepted = sys.argv[1:5]
            c = paramiko.SSHClient()
            c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
            # paramiko tries the keys in turn and sends SERVICE_REQUEST ssh-userauth before each
            c.connect('127.0.0.1', port=int(port), username=user, key_filename=[refused, accepted],
                      look_for_keys=False, allow_agent=False, timeout=60)
            _, out, _ = c.exec_command('echo logged in')
            print(out.read().decode(), end='')
            c.close()
            """;

    /**
     * paramiko 2.12 with two keys, the first not authorized: it asks for ssh-userauth again
     * before trying the second, which sshd accepts and we disconnected for.
     */
    @Test
    void paramikoLogsInWithItsSecondKey() throws Exception {
        Peers.requireParamiko();
        OpenSsh.require(OpenSsh.SSH_KEYGEN);
        Path refused = keygen("refused");
        Path accepted = keygen("accepted");
        try (ServerCommandTest.Running s = server("--authorized-keys", accepted + ".pub")) {
            OpenSsh.Result r = Peers.python(dir, "two_keys.py", TWO_KEYS, 120, String.valueOf(s.port()), user,
                    refused.toString(), accepted.toString());
            assertEquals(0, r.exit(), r.stdout() + r.stderr());
            assertEquals("logged in\n", r.stdout());
        }
    }

    private static final String IGNORE_AND_APPEND = """
            import sys, paramiko
            port, user, key, path = sys.argv[1:5]
            t = paramiko.Transport(('127.0.0.1', int(port)))
            t.connect()
            t.send_ignore()     # byte 2 and 10-41 random bytes, no string length
            t.send_ignore(0)    # no string at all
            t.send_ignore(2)    # two bytes: a truncated length
            t.auth_publickey(user, paramiko.Ed25519Key.from_private_key_file(key))
            t.send_ignore()
            sftp = paramiko.SFTPClient.from_transport(t)
            with sftp.open(path, 'w') as f:
                f.write(b'one\\n')
            with sftp.open(path, 'a') as f:
                f.write(b'two\\n')
            with sftp.open(path, 'a+') as f:
                f.write(b'three\\n')
            t.send_ignore()
            with sftp.open(path, 'r') as f:
                print(f.read().decode(), end='')
            t.close()
            """;

    /**
     * paramiko's {@code Transport.send_ignore()} (its IGNORE has no string length; we
     * disconnected) before and after authentication, then SFTP {@code open(path, 'a')} and
     * {@code 'a+'} (the latter was SSH_FX_FAILURE), which append as with OpenSSH.
     */
    @Test
    void paramikoSendIgnoreAndSftpAppend() throws Exception {
        Peers.requireParamiko();
        OpenSsh.require(OpenSsh.SSH_KEYGEN);
        Path key = keygen("id");
        Path file = dir.resolve("appended.txt");
        try (ServerCommandTest.Running s = server("--authorized-keys", key + ".pub")) {
            OpenSsh.Result r = Peers.python(dir, "ignore_append.py", IGNORE_AND_APPEND, 120, String.valueOf(s.port()), user,
                    key.toString(), file.toString());
            assertEquals(0, r.exit(), r.stdout() + r.stderr());
            assertEquals("one\ntwo\nthree\n", r.stdout());
        }
        assertEquals("one\ntwo\nthree\n", Files.readString(file));
    }

    private static final String CLOSE_THEN_REPLY_SERVER = """
            # A paramiko 2.12 server whose exec handler writes output and the exit status and closes
            # the channel; paramiko answers the exec request only after the handler returns, so the
            # client gets CLOSE first and SUCCESS for the closed channel after it.
            import socket, sys, threading, paramiko
            host_key = paramiko.Ed25519Key.from_private_key_file(sys.argv[1])
            class Server(paramiko.ServerInterface):
                def check_channel_request(self, kind, chanid):
                    return paramiko.OPEN_SUCCEEDED
                def get_allowed_auths(self, username):
                    return 'publickey'
                def check_auth_publickey(self, username, key):
                    return paramiko.AUTH_SUCCESSFUL
                def check_channel_exec_request(self, channel, command):
                    channel.sendall(b'ran: ' + command + b'\\n')
                    channel.send_exit_status(3)
                    channel.close()
                    return True
            sock = socket.socket()
            sock.bind(('127.0.0.1', 0))
            sock.listen(5)
            print(sock.getsockname()[1], flush=True)
            def serve(conn):
                t = paramiko.Transport(conn)
                t.add_server_key(host_key)
                t.start_server(server=Server())
                t.join()
            while True:
                conn, _ = sock.accept()
                threading.Thread(target=serve, args=(conn,), daemon=True).start()
            """;

    /**
     * {@code sshwire ssh} against that paramiko server: it disconnected with "SSH_MSG_CHANNEL_SUCCESS
     * for nonexistent channel 0", or called the command refused. Now it prints and exits as
     * OpenSSH's ssh does against the same server.
     */
    @Test
    void sshwireSshCarriesOnWhenAParamikoServerRepliesAfterClosing() throws Exception {
        Peers.requireParamiko();
        OpenSsh.require(OpenSsh.SSH);
        Path hostKey = keygen("host");
        Path key = keygen("id");
        Path script = Files.writeString(dir.resolve("server.py"), CLOSE_THEN_REPLY_SERVER);
        Process server = new ProcessBuilder(Peers.PYTHON3.toString(), script.toString(), hostKey.toString())
                .redirectError(dir.resolve("server.err").toFile()).start();
        try {
            String portLine = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertTrue(portLine != null, () -> "paramiko server did not start: " + read(dir.resolve("server.err")));
            String port = portLine.strip();
            List<String> common = List.of("-p", port, "-i", key.toString(), "-o", "StrictHostKeyChecking=no",
                    "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", user + "@127.0.0.1", "echo x");
            List<String> openssh = new ArrayList<>(List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-o", "BatchMode=yes"));
            openssh.addAll(common);
            OpenSsh.Result theirs = OpenSsh.run(openssh, 60);
            assertEquals(3, theirs.exit(), theirs.stderr());
            assertEquals("ran: echo x\n", theirs.stdout());
            for (int i = 0; i < 3; i++) {
                List<String> ours = new ArrayList<>(List.of(ServerCommandTest.LAUNCHER.toString(), "ssh", "-F", "/dev/null"));
                ours.addAll(common);
                OpenSsh.Result r = OpenSsh.run(ours, 120);
                assertEquals(theirs.exit(), r.exit(), r.stdout() + r.stderr());
                assertEquals(theirs.stdout(), r.stdout(), r.stderr());
            }
        } finally {
            server.destroy();
        }
    }

    /** Sends {@code bytes} and reads what the server writes until it closes. */
    private static String exchange(int port, String bytes) throws Exception {
        try (Socket s = TransportInteropTest.connectWithRetry(port)) {
            s.setSoTimeout(60_000);
            s.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * A client that is not SSH, or speaks SSH-1, gets sshd's identification and one line of text
     * from sshd ("Invalid SSH identification string." / "Protocol major versions differ.") and
     * the same from our server; only the identification lines differ.
     */
    @Test
    void aBadIdentificationGetsTheSameAnswerFromSshdAndFromOurServer() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        OpenSsh.SshdConfig sshd = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")), List.of());
        int sshdPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            sshdPort = probe.getLocalPort();
        }
        Process p = sshd.startListening(sshdPort);
        try (ServerCommandTest.Running ours = server()) {
            TransportInteropTest.connectWithRetry(sshdPort).close();
            // One line each: sshd reads the identification a byte at a time and closes with the
            // rest unread, so the kernel resets the connection and the reader may lose what sshd
            // wrote (seen here with "GET / HTTP/1.0\r\n\r\n"); PeerQuirksTest has that one.
            for (String hello : List.of("GET / HTTP/1.0\r\n", "SSH-1.5-OpenSSH_3.0\r\n", "SSH-2.0-\r\n", "SSH-\r\n")) {
                String theirs = exchange(sshdPort, hello);
                String mine = exchange(ours.port(), hello);
                assertTrue(theirs.startsWith("SSH-2.0-OpenSSH") && mine.startsWith("SSH-2.0-"), theirs + " / " + mine);
                assertEquals(theirs.substring(theirs.indexOf("\r\n") + 2), mine.substring(mine.indexOf("\r\n") + 2),
                        "for " + hello.strip() + "; sshd: " + sshd.log("sshd.log"));
            }
            assertEquals("Invalid SSH identification string.\r\n",
                    exchange(ours.port(), "GET / HTTP/1.0\r\n").replaceFirst("^SSH-2.0-[^\r]*\r\n", ""));
        } finally {
            p.destroy();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(" + e + ")";
        }
    }
}
