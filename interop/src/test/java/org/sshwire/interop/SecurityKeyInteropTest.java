package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.testvectors.Prerequisites;

/**
 * Issue 16 item 6: FIDO security keys (PROTOCOL.u2f) live against OpenSSH 9.2, with real sk keys
 * and signatures from {@code sk-dummy.so}, OpenSSH's software authenticator (Debian
 * openssh-tests): {@code ssh -o SecurityKeyProvider=} logs in to {@code sshwire server};
 * {@code sshwire ssh} signs through {@code ssh-sk-helper} into {@code sshd} and our server; sk
 * certificates both ways; and a key enrolled with {@code no-touch-required} (its signatures lack
 * the user-presence flag) is refused as sshd refuses it, unless authorized_keys says
 * {@code no-touch-required}, and then again under {@code PubkeyAuthOptions touch-required}.
 */
class SecurityKeyInteropTest {
    static final Path SK_DUMMY = Path.of("/usr/lib/openssh/regress/misc/sk-dummy/sk-dummy.so");

    @TempDir
    static Path dir;
    static Process sshd;
    static int sshdPort;
    static OpenSsh.SshdConfig sshdConfig;
    static Path authorized;
    static Path noTouchAuthorized;

    @BeforeAll
    static void setUp() throws Exception {
        OpenSsh.require(OpenSsh.SSH);
        OpenSsh.require(OpenSsh.SSHD);
        if (!Files.isRegularFile(SK_DUMMY)) { // a library, not an executable: Prerequisites.tool does not fit
            Prerequisites.missing(SK_DUMMY + " is missing: install openssh-tests");
        }
        Prerequisites.tool(Path.of("/usr/lib/openssh/ssh-sk-helper"), "openssh-client");
        keygen("-t", "ed25519", "-N", "", "-f", dir.resolve("ca").toString());
        List<String> lines = new ArrayList<>();
        List<String> noTouch = new ArrayList<>();
        for (String t : List.of("ed25519-sk", "ecdsa-sk")) {
            keygen("-t", t, "-w", SK_DUMMY.toString(), "-N", "", "-f", dir.resolve("id_" + t).toString());
            keygen("-t", t, "-w", SK_DUMMY.toString(), "-N", "", "-O", "no-touch-required", "-f", dir.resolve("nt_" + t).toString());
            // A key not in authorized_keys with a certificate beside it, which ssh (and we) then present.
            keygen("-t", t, "-w", SK_DUMMY.toString(), "-N", "", "-f", dir.resolve("cert_" + t).toString());
            keygen("-s", dir.resolve("ca").toString(), "-I", "sk-" + t, "-n", user(), dir.resolve("cert_" + t + ".pub").toString());
            lines.add(Files.readString(dir.resolve("id_" + t + ".pub")).strip());
            lines.add(Files.readString(dir.resolve("nt_" + t + ".pub")).strip());
            noTouch.add("no-touch-required " + Files.readString(dir.resolve("nt_" + t + ".pub")).strip());
        }
        lines.add("cert-authority " + Files.readString(dir.resolve("ca.pub")).strip());
        authorized = Files.write(dir.resolve("authorized_keys"), lines);
        noTouchAuthorized = Files.write(dir.resolve("authorized_keys_nt"), noTouch);
        sshdConfig = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")), List.of("LogLevel DEBUG1",
                "AuthorizedKeysFile " + authorized, "PermitRootLogin prohibit-password"));
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            sshdPort = probe.getLocalPort();
        }
        sshd = sshdConfig.startListening(sshdPort);
        TransportInteropTest.connectWithRetry(sshdPort).close();
    }

    @AfterAll
    static void tearDown() {
        if (sshd != null) {
            sshd.destroy();
        }
    }

    static void keygen(String... args) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q"));
        cmd.addAll(List.of(args));
        OpenSsh.Result r = OpenSsh.run(cmd, 60);
        assertEquals(0, r.exit(), r.stderr());
    }

    static String user() {
        return System.getProperty("user.name");
    }

    ServerCommandTest.Running ourServer(Path keys, String... options) throws Exception {
        ServerCommandTest launcher = new ServerCommandTest();
        launcher.dir = Files.createTempDirectory(dir, "server");
        List<String> args = new ArrayList<>(List.of("--authorized-keys", keys.toString()));
        args.addAll(List.of(options));
        return launcher.startServer(args);
    }

    static OpenSsh.Result openssh(int port, String key, String command) {
        return OpenSsh.run(List.of(OpenSsh.SSH.toString(), "-v", "-F", "/dev/null", "-i", dir.resolve(key).toString(),
                "-o", "SecurityKeyProvider=" + SK_DUMMY, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-p", String.valueOf(port), user() + "@127.0.0.1", command), 60);
    }

    static OpenSsh.Result ours(int port, String key, String command) {
        return OpenSsh.run(List.of(ServerCommandTest.LAUNCHER.toString(), "ssh", "-p", String.valueOf(port),
                "-i", dir.resolve(key).toString(), "-o", "SecurityKeyProvider=" + SK_DUMMY,
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=" + dir.resolve("kh"),
                user() + "@127.0.0.1", command), 120);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519-sk", "ecdsa-sk"})
    void opensshLogsInToOurServerWithAnSkKeyAndItsCertificate(String type) throws Exception {
        try (ServerCommandTest.Running s = ourServer(authorized)) {
            OpenSsh.Result r = openssh(s.port(), "id_" + type, "echo sk ok");
            assertEquals(0, r.exit(), r.stderr());
            assertEquals("sk ok\n", r.stdout());
            assertTrue(r.stderr().contains("provider " + SK_DUMMY), r.stderr());
            OpenSsh.Result c = openssh(s.port(), "cert_" + type, "echo sk cert ok");
            assertEquals(0, c.exit(), c.stderr());
            assertEquals("sk cert ok\n", c.stdout());
            assertTrue(c.stderr().contains("Server accepts key: " + dir.resolve("cert_" + type)) && c.stderr().contains("-SK-CERT SHA256:"), c.stderr());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519-sk", "ecdsa-sk"})
    void ourClientSignsThroughTheHelperIntoSshdAndOurServer(String type) throws Exception {
        String before = sshdConfig.log("sshd.log");
        OpenSsh.Result r = ours(sshdPort, "id_" + type, "echo sk to sshd ok");
        assertEquals(0, r.exit(), r.stderr() + "\nsshd:\n" + sshdConfig.log("sshd.log"));
        assertEquals("sk to sshd ok\n", r.stdout());
        OpenSsh.Result c = ours(sshdPort, "cert_" + type, "echo sk cert to sshd ok");
        assertEquals(0, c.exit(), c.stderr() + "\nsshd:\n" + sshdConfig.log("sshd.log"));
        String log = sshdConfig.log("sshd.log").substring(before.length());
        String label = type.equals("ed25519-sk") ? "ED25519-SK" : "ECDSA-SK";
        assertTrue(log.contains("Accepted publickey for " + user() + " from 127.0.0.1") && log.contains(label + " SHA256:"), log);
        assertTrue(log.contains(label + "-CERT"), log);
        try (ServerCommandTest.Running s = ourServer(authorized)) {
            OpenSsh.Result o = ours(s.port(), "id_" + type, "echo sk to ours ok");
            assertEquals(0, o.exit(), o.stderr());
            assertEquals("sk to ours ok\n", o.stdout());
            OpenSsh.Result oc = ours(s.port(), "cert_" + type, "echo sk cert to ours ok");
            assertEquals(0, oc.exit(), oc.stderr());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519-sk", "ecdsa-sk"})
    void aSignatureWithoutUserPresenceIsRefusedUnlessNoTouchRequired(String type) throws Exception {
        String key = "nt_" + type;
        // sshd refuses it (auth2-pubkey.c), from our client as from its own.
        String before = sshdConfig.log("sshd.log");
        OpenSsh.Result bySshd = ours(sshdPort, key, "echo should not run");
        assertEquals(255, bySshd.exit(), bySshd.stdout() + bySshd.stderr());
        assertTrue(sshdConfig.log("sshd.log").substring(before.length()).contains("user presence"), sshdConfig.log("sshd.log"));
        try (ServerCommandTest.Running s = ourServer(authorized)) {
            OpenSsh.Result r = openssh(s.port(), key, "echo should not run");
            assertEquals(255, r.exit(), r.stderr());
            assertTrue(r.stderr().contains("Permission denied"), r.stderr());
            OpenSsh.Result o = ours(s.port(), key, "echo should not run");
            assertEquals(255, o.exit(), o.stderr());
        }
        try (ServerCommandTest.Running s = ourServer(noTouchAuthorized)) {
            OpenSsh.Result r = openssh(s.port(), key, "echo no touch ok");
            assertEquals(0, r.exit(), r.stderr());
            assertEquals("no touch ok\n", r.stdout());
        }
        try (ServerCommandTest.Running s = ourServer(noTouchAuthorized, "-o", "PubkeyAuthOptions=touch-required")) {
            OpenSsh.Result r = openssh(s.port(), key, "echo should not run");
            assertEquals(255, r.exit(), r.stderr());
        }
    }
}
