package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sshwire.auth.AuthenticationException;
import org.sshwire.auth.ClientAuthConfig;
import org.sshwire.auth.ClientAuthEvent;
import org.sshwire.auth.Identity;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.wire.Bytes;

/** Our ClientAuthenticator against this machine's sshd (OpenSSH 9.2) over {@code sshd -i}. */
class AuthClientInteropTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final String USER = "sshwireauth";
    static final String PASSWORD = "Corr3ct-h0rse-" + Long.toHexString(System.nanoTime());

    @TempDir
    static Path dir;
    static OpenSsh.SshdConfig keys;
    static OpenSsh.SshdConfig passwords;
    static OpenSsh.SshdConfig pam;
    static boolean userCreated;

    @BeforeAll
    static void setUp() throws IOException {
        OpenSsh.require(OpenSsh.SSHD);
        OpenSsh.require(OpenSsh.SSH_KEYGEN);
        StringBuilder ak = new StringBuilder();
        for (String[] t : new String[][] {{"ed25519", "0"}, {"ecdsa", "256"}, {"rsa", "3072"}, {"ca", "0"}, {"user", "0"}, {"stranger", "0"}}) {
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
        // An OpenSSH user certificate for root, signed by our CA (ssh-keygen -s).
        OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-s", dir.resolve("id_ca").toString(),
                "-I", "sshwire-test", "-n", "root", "-V", "-5m:+1h", dir.resolve("id_user.pub").toString()), 60);
        assertEquals(0, r.exit(), r.stderr());
        Files.writeString(dir.resolve("authorized_keys"), ak.toString());
        Path keyDir = Files.createDirectories(dir.resolve("sshd-keys"));
        keys = new OpenSsh.SshdConfig(keyDir, List.of("PermitRootLogin yes", "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "TrustedUserCAKeys " + dir.resolve("id_ca.pub"), "PasswordAuthentication no", "KbdInteractiveAuthentication no"));

        // A throwaway local user for password and keyboard-interactive (the tests run as root).
        OpenSsh.run(List.of("userdel", "-r", USER), 30);
        OpenSsh.Result add = OpenSsh.run(List.of("useradd", "-m", "-s", "/bin/sh", USER), 30);
        assertEquals(0, add.exit(), "useradd: " + add.stderr());
        userCreated = true;
        Process chpasswd = new ProcessBuilder("chpasswd").start();
        chpasswd.getOutputStream().write((USER + ":" + PASSWORD + "\n").getBytes());
        chpasswd.getOutputStream().close();
        try {
            assertEquals(0, chpasswd.waitFor());
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        passwords = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd-pw")),
                List.of("PasswordAuthentication yes", "KbdInteractiveAuthentication no", "PubkeyAuthentication no"));
        pam = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd-pam")),
                List.of("UsePAM yes", "KbdInteractiveAuthentication yes", "PasswordAuthentication no", "PubkeyAuthentication no"));
    }

    @AfterAll
    static void removeUser() {
        if (userCreated) {
            OpenSsh.run(List.of("userdel", "-r", USER), 30);
        }
    }

    record Outcome(List<Object> events, String sshdLog) {
        <T> T find(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + events + "\nsshd:\n" + sshdLog));
        }
    }

    static Outcome login(OpenSsh.SshdConfig sshd, ClientAuthConfig cfg, Function<ClientAuthEvent, Object> answers,
                         Function<Map<String, Bytes>, Map<String, Bytes>> extFilter) throws Exception {
        Process p = sshd.startInetd();
        try {
            TransportEngine engine = new TransportEngine(TransportConfig.client().build());
            try (AuthDriver d = AuthDriver.client(engine, p.getInputStream(), p.getOutputStream(), cfg, answers)) {
                d.extInfoFilter = extFilter::apply;
                while (true) {
                    Object e = d.await(Object.class, TIMEOUT);
                    if (e instanceof ClientAuthEvent.Authenticated || e instanceof ClientAuthEvent.Failed) {
                        return new Outcome(d.seen, sshd.log("sshd-i.log"));
                    }
                }
            }
        } finally {
            p.destroy();
        }
    }

    static Outcome login(OpenSsh.SshdConfig sshd, ClientAuthConfig cfg) throws Exception {
        return login(sshd, cfg, e -> null, m -> m);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
    void ourClientLogsIntoSshdWithEachKeyType(String type) throws Exception {
        Identity id = Identity.fromFile(dir.resolve("id_" + type), null, C);
        Outcome o = login(keys, ClientAuthConfig.builder("root").identity(Identity.fromFile(dir.resolve("id_stranger"), null, C))
                .identity(id).build());
        ClientAuthEvent.Authenticated ok = o.find(ClientAuthEvent.Authenticated.class);
        assertEquals(id.publicKey(), ok.key());
        assertEquals(List.of("publickey"), ok.methods());
        if (type.equals("rsa")) {
            assertEquals("rsa-sha2-512", ok.algorithm(), "sshd 9.2 lists both rsa-sha2 algorithms; 512 is preferred");
        }
    }

    @Test
    void rsaSignatureAlgorithmFollowsServerSigAlgs() throws Exception {
        Identity id = Identity.fromFile(dir.resolve("id_rsa"), null, C);
        // sshd 9.2 always announces both; narrow what the client sees to rsa-sha2-256 only.
        Outcome o = login(keys, ClientAuthConfig.builder("root").identity(id).build(), e -> null,
                m -> Map.of("server-sig-algs", Bytes.utf8("ssh-ed25519,rsa-sha2-256")));
        assertEquals("rsa-sha2-256", o.find(ClientAuthEvent.Authenticated.class).algorithm());
    }

    @Test
    void ourClientLogsIntoSshdWithAnOpenSshUserCertificate() throws Exception {
        Identity id = Identity.fromFile(dir.resolve("id_user"), null, C);
        assertInstanceOf(SshCertificate.class, id.publicKey(), "id_user-cert.pub was picked up");
        Outcome o = login(keys, ClientAuthConfig.builder("root").identity(id).build());
        ClientAuthEvent.Authenticated ok = o.find(ClientAuthEvent.Authenticated.class);
        assertEquals("ssh-ed25519-cert-v01@openssh.com", ok.algorithm());
    }

    @Test
    void ourClientLogsIntoSshdWithAPassword() throws Exception {
        Outcome o = login(passwords, ClientAuthConfig.builder(USER).password(PASSWORD).build());
        assertEquals(List.of("password"), o.find(ClientAuthEvent.Authenticated.class).methods());
    }

    @Test
    void ourClientLogsIntoSshdWithKeyboardInteractiveThroughPam() throws Exception {
        List<List<String>> prompts = new ArrayList<>();
        Outcome o = login(pam, ClientAuthConfig.builder(USER).methods(List.of("keyboard-interactive")).build(), e -> {
            if (e instanceof ClientAuthEvent.InfoRequested q) {
                prompts.add(q.prompts().stream().map(pr -> pr.text() + (pr.echo() ? "(echo)" : "")).toList());
                return q.prompts().stream().map(pr -> PASSWORD).toList();
            }
            return null;
        }, m -> m);
        assertEquals(List.of("keyboard-interactive"), o.find(ClientAuthEvent.Authenticated.class).methods());
        assertTrue(prompts.get(0).get(0).startsWith("Password"), prompts.toString());
    }

    @Test
    void aWrongKeyFailsWithAClearError() throws Exception {
        Outcome o = login(keys, ClientAuthConfig.builder("root").identity(Identity.fromFile(dir.resolve("id_stranger"), null, C)).build());
        AuthenticationException e = o.find(ClientAuthEvent.Failed.class).error();
        assertEquals(List.of("none", "publickey"), e.tried());
        assertEquals(List.of("publickey"), e.allowedByServer());
        assertTrue(e.getMessage().contains("authentication failed for user 'root'"), e.getMessage());
    }

    @Test
    void aWrongPasswordFailsWithAClearError() throws Exception {
        Outcome o = login(passwords, ClientAuthConfig.builder(USER).methods(List.of("password")).password("wrong").build());
        AuthenticationException e = o.find(ClientAuthEvent.Failed.class).error();
        assertEquals(List.of("none", "password"), e.tried());
        assertTrue(e.allowedByServer().contains("password"), e.getMessage());
    }
}
