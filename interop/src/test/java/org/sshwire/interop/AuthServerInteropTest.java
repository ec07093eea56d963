package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.CertificateAuthorityVerifier;
import org.sshwire.auth.PasswordTable;
import org.sshwire.auth.Permissions;
import org.sshwire.auth.ServerAuthConfig;
import org.sshwire.auth.ServerAuthEvent;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.CertChecker;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.DisconnectReason;

/** OpenSSH {@code ssh} against our TransportEngine + ServerAuthenticator behind a socket. */
class AuthServerInteropTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final String PASSWORD = "s3cret-" + Long.toHexString(System.nanoTime());

    @TempDir
    static Path dir;
    static List<SshKeyPair> hostKeys;
    static ServerAuthPolicy policy;

    @BeforeAll
    static void setUp() throws IOException {
        OpenSsh.require(OpenSsh.SSH);
        OpenSsh.require(OpenSsh.SSH_KEYGEN);
        hostKeys = List.of(SshKeyPair.generate("ssh-ed25519", 0, C));
        StringBuilder ak = new StringBuilder();
        for (String[] t : new String[][] {{"ed25519", "0"}, {"ecdsa", "256"}, {"rsa", "3072"}, {"ca", "0"}, {"certuser", "0"}, {"stranger", "0"}}) {
            String type = t[0].equals("ecdsa") || t[0].equals("rsa") ? t[0] : "ed25519";
            List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", type, "-N", "", "-C", t[0],
                    "-f", dir.resolve("id_" + t[0]).toString()));
            if (!t[1].equals("0")) {
                cmd.addAll(List.of("-b", t[1]));
            }
            assertEquals(0, OpenSsh.run(cmd, 60).exit());
            if (List.of("ed25519", "ecdsa", "rsa").contains(t[0])) {
                ak.append(Files.readString(dir.resolve("id_" + t[0] + ".pub")));
            }
        }
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-s", dir.resolve("id_ca").toString(),
                "-I", "sshwire-test", "-n", "test", "-V", "-5m:+1h", "-O", "force-command=/bin/true",
                dir.resolve("id_certuser.pub").toString()), 60);
        assertEquals(0, r.exit(), r.stderr());
        Files.writeString(dir.resolve("authorized_keys"), ak.toString());
        SshPublicKey ca = KeyFiles.readPublicKeyLine(Files.readString(dir.resolve("id_ca.pub")).trim());
        PasswordTable table = PasswordTable.of(Map.of("test", PASSWORD), C);
        policy = ServerAuthPolicy.builder()
                .publicKeys(AuthorizedKeysVerifier.files(u -> u.equals("test") ? dir.resolve("authorized_keys") : null, C)
                        .or(new CertificateAuthorityVerifier(CertChecker.userAuthority(ca::equals, C))))
                .passwords(table::matches)
                .build();
    }

    record Run(String sshLog, List<Object> serverEvents) {
        ServerAuthEvent.Authenticated authenticated() {
            return serverEvents.stream().filter(ServerAuthEvent.Authenticated.class::isInstance)
                    .map(ServerAuthEvent.Authenticated.class::cast).findFirst()
                    .orElseThrow(() -> new AssertionError("not authenticated: " + serverEvents + "\nssh:\n" + sshLog));
        }
    }

    /** Runs ssh (optionally under sshpass) against our server until it authenticates or gives up. */
    static Run run(List<String> prefix, List<String> options, String name) throws Exception {
        TransportEngine server = new TransportEngine(TransportConfig.server(hostKeys).build());
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(List.of(OpenSsh.SSH.toString(), "-v", "-F", "/dev/null", "-p", String.valueOf(listener.getLocalPort()),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=20",
                    "-o", "IdentitiesOnly=yes", "-o", "NumberOfPasswordPrompts=1"));
            cmd.addAll(options);
            cmd.addAll(List.of("test@127.0.0.1", "true"));
            Path log = dir.resolve("ssh-" + name + ".log");
            Process ssh = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            List<Object> events;
            try (Socket s = listener.accept()) {
                s.setTcpNoDelay(true);
                InetAddress client = s.getInetAddress();
                try (AuthDriver d = AuthDriver.server(server, s.getInputStream(), s.getOutputStream(),
                        ServerAuthConfig.builder().build(), q -> policy.decide(q, client))) {
                    while (true) {
                        Object e = d.await(Object.class, TIMEOUT);
                        if (e instanceof ServerAuthEvent.Authenticated) {
                            // Success proven by ssh's "Authenticated to"; the connection layer is not ours to run.
                            d.act(() -> server.disconnect(DisconnectReason.BY_APPLICATION, "auth test ends here"));
                            break;
                        }
                        if (e instanceof TransportEvent.Disconnected) {
                            break;
                        }
                    }
                    events = d.seen;
                }
            }
            assertTrue(ssh.waitFor(30, TimeUnit.SECONDS), "ssh exited");
            return new Run(Files.readString(log), events);
        }
    }

    static List<String> key(String name) {
        return List.of("-i", dir.resolve("id_" + name).toString(), "-o", "PreferredAuthentications=publickey", "-o", "BatchMode=yes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
    void opensshLogsIntoOurServerWithEachKeyType(String type) throws Exception {
        Run r = run(List.of(), key(type), "key-" + type);
        assertTrue(r.sshLog().contains("Authenticated to 127.0.0.1"), r.sshLog());
        ServerAuthEvent.Authenticated ok = r.authenticated();
        assertEquals(KeyFiles.readPublicKeyLine(Files.readString(dir.resolve("id_" + type + ".pub")).trim()), ok.key());
        assertEquals(List.of("publickey"), ok.methods());
    }

    @Test
    void opensshLogsIntoOurServerWithACertificateSignedByATrustedCa() throws Exception {
        Run r = run(List.of(), key("certuser"), "cert");
        assertTrue(r.sshLog().contains("Authenticated to 127.0.0.1"), r.sshLog());
        ServerAuthEvent.Authenticated ok = r.authenticated();
        assertInstanceOf(SshCertificate.class, ok.key());
        assertEquals("/bin/true", ok.permissions().forceCommand().orElseThrow(), "the certificate's force-command reaches Permissions");
        assertTrue(ok.permissions().hasExtension(Permissions.PERMIT_PTY));
    }

    @Test
    void anUntrustedKeyIsRefusedAndSshShowsTheMethodsWeAdvertise() throws Exception {
        Run r = run(List.of(), key("stranger"), "stranger");
        assertTrue(r.sshLog().contains("Authentications that can continue: publickey,keyboard-interactive,password"), r.sshLog());
        assertTrue(r.sshLog().contains("Permission denied (publickey,keyboard-interactive,password)"), r.sshLog());
    }

    static List<String> sshpass() {
        Path sshpass = Path.of("/usr/bin/sshpass");
        OpenSsh.require(sshpass);
        return List.of(sshpass.toString(), "-p", PASSWORD);
    }

    @Test
    void opensshLogsIntoOurServerWithAPassword() throws Exception {
        Run r = run(sshpass(), List.of("-o", "PreferredAuthentications=password", "-o", "BatchMode=no"), "password");
        assertTrue(r.sshLog().contains("Authenticated to 127.0.0.1"), r.sshLog());
        assertEquals(List.of("password"), r.authenticated().methods());
    }

    @Test
    void opensshLogsIntoOurServerWithKeyboardInteractive() throws Exception {
        Run r = run(sshpass(), List.of("-o", "PreferredAuthentications=keyboard-interactive", "-o", "BatchMode=no"), "kbdint");
        assertTrue(r.sshLog().contains("Authenticated to 127.0.0.1"), r.sshLog());
        assertEquals(List.of("keyboard-interactive"), r.authenticated().methods());
    }

    @Test
    void aPreferredMethodWeDoNotOfferFailsShowingWhatWeAdvertise() throws Exception {
        Run r = run(List.of(), List.of("-o", "PreferredAuthentications=hostbased", "-o", "BatchMode=yes"), "hostbased");
        assertTrue(r.sshLog().contains("Authentications that can continue: publickey,keyboard-interactive,password"), r.sshLog());
        assertTrue(r.sshLog().contains("No more authentication methods to try"), r.sshLog());
    }
}
