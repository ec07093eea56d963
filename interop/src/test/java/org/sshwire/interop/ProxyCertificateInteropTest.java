package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.OpenSsh;

/**
 * {@code sshwire proxy --upstream-ca}: OpenSSH's ssh through the bastion to an OpenSSH sshd that
 * trusts the bastion's user CA ({@code TrustedUserCAKeys}) and has no authorized keys at all. The
 * bastion logs in with a fresh certificate whose key id sshd logs (LogLevel VERBOSE), naming the
 * bastion user and connection, with the serial the audit log records; the same login from a
 * bastion without the CA is refused upstream and the user is told why.
 */
class ProxyCertificateInteropTest {
    static final Path LAUNCHER = ServerCommandTest.LAUNCHER;

    @TempDir
    static Path dir;
    static OpenSsh.SshdConfig cfg;
    static Process sshd;
    static int sshdPort;
    static Path userKey;
    static Path ca;
    static Path otherKey;
    static Path knownHosts;
    static Path routes;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.require(OpenSsh.SSHD);
        OpenSsh.require(OpenSsh.SSH);
        userKey = keygen("user");
        ca = keygen("user_ca");
        otherKey = keygen("not_trusted"); // a key upstream knows nothing of
        // SshdConfig adds "AuthorizedKeysFile none": only a certificate from the CA can log in.
        cfg = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")), List.of(
                "TrustedUserCAKeys " + ca + ".pub", "PermitRootLogin yes",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            sshdPort = s.getLocalPort();
        }
        sshd = cfg.startListening(sshdPort);
        TransportInteropTest.connectWithRetry(sshdPort).close();
        knownHosts = Files.write(dir.resolve("known_hosts"), cfg.knownHostsLines("[127.0.0.1]:" + sshdPort));
        // alice on the bastion is root upstream: the certificate's principal is root, its key id names alice.
        routes = Files.write(dir.resolve("routes"), List.of("alice root@127.0.0.1:" + sshdPort));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.destroy();
            sshd.waitFor();
        }
    }

    static Path keygen(String name) {
        return OpenSshAgent.keygen(dir.resolve(name), "ed25519", "");
    }

    static ProxyInteropTest.Proxy startProxy(String name, List<String> upstream) throws Exception {
        Path records = dir.resolve("records-" + name);
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString(), "proxy", "--listen", "127.0.0.1", "--port", "0",
                "--data-dir", dir.resolve("data-" + name).toString(), "--authorized-keys", userKey + ".pub",
                "--upstream-known-hosts", knownHosts.toString(), "--record-dir", records.toString(),
                "--routes", routes.toString(), "-v"));
        cmd.addAll(upstream);
        return ProxyInteropTest.startProxyProcess(new ProcessBuilder(cmd), dir.resolve("proxy-" + name + ".log"), records);
    }

    static List<String> ssh(ProxyInteropTest.Proxy p, String command) {
        return List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-i", userKey.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-p", String.valueOf(p.port()), "-l", "alice", "127.0.0.1", command);
    }

    @Test
    void withTheUserCaTheBastionLogsInUpstreamWithACertificateWhoseKeyIdSshdLogs() throws Exception {
        try (ProxyInteropTest.Proxy proxy = startProxy("ca", List.of("--upstream-ca", ca.toString(), "--upstream-cert-validity", "2m"))) {
            OpenSsh.Result r = OpenSsh.run(ssh(proxy, "echo logged-in-as-$(id -un) with-a-certificate"), 120);
            assertEquals(0, r.exit(), () -> r.stdout() + r.stderr() + proxy.logs() + cfg.log("sshd.log"));
            assertEquals("logged-in-as-root with-a-certificate\n", r.stdout());

            String audit = ProxyInteropTest.awaitAudit(proxy, l -> l.contains("\"event\":\"login\""), "the login");
            String login = audit.lines().filter(l -> l.contains("\"event\":\"login\"")).findFirst().orElseThrow();
            Matcher m = Pattern.compile("\"connection\":\"([^\"]+)\".*\"certKeyId\":\"([^\"]+)\",\"certSerial\":\"(\\d+)\"").matcher(login);
            assertTrue(m.find(), login);
            String connection = m.group(1);
            String keyId = m.group(2);
            String serial = m.group(3);
            assertEquals("sshwire-proxy user=alice client=127.0.0.1:", keyId.substring(0, keyId.indexOf(':') + 1), keyId);
            assertTrue(keyId.contains(" connection=" + connection + " route=root@127.0.0.1:" + sshdPort), keyId);

            // sshd (auth2-pubkey.c, VERBOSE): Accepted certificate ID "..." (serial N) signed by ED25519 CA ...
            String sshdLog = cfg.log("sshd.log");
            assertTrue(sshdLog.contains("Accepted certificate ID \"" + keyId + "\" (serial " + serial + ") signed by ED25519 CA"), sshdLog);
            assertTrue(sshdLog.lines().anyMatch(l -> l.contains("Accepted publickey for root") && l.contains("ED25519-CERT")
                    && l.contains("ID " + keyId + " (serial " + serial + ")")), sshdLog);
            // The ephemeral key is never written: the bastion's directories hold no key but its host keys.
            try (Stream<Path> files = Stream.concat(Files.walk(dir.resolve("data-ca")), Files.walk(proxy.records()))) {
                List<String> keyFiles = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                        .filter(n -> !n.startsWith("ssh_host_") && (n.contains("key") || n.contains("cert") || n.startsWith("id_"))).toList();
                assertEquals(List.of(), keyFiles);
            }
        }
    }

    @Test
    void withoutTheUserCaTheSameLoginIsRefusedUpstreamAndTheUserIsToldWhy() throws Exception {
        try (ProxyInteropTest.Proxy proxy = startProxy("no-ca", List.of("--upstream-identity", otherKey.toString()))) {
            OpenSsh.Result r = OpenSsh.run(ssh(proxy, "echo should-not-run"), 120);
            assertEquals(255, r.exit(), () -> r.stdout() + r.stderr() + proxy.logs());
            assertFalse(r.stdout().contains("should-not-run"), r.stdout());
            assertTrue(r.stderr().contains("sshwire proxy: cannot log in to root@127.0.0.1:" + sshdPort
                    + ": authentication failed for user 'root'"), r.stderr());
            String audit = ProxyInteropTest.awaitAudit(proxy, l -> l.contains("\"event\":\"refused\""), "the refusal");
            assertTrue(audit.lines().anyMatch(l -> l.contains("\"event\":\"refused\"") && l.contains("cannot log in to root@127.0.0.1")), audit);
            assertFalse(audit.contains("certKeyId"), audit);
        }
    }

    @Test
    void aCertificateFromACaTheHostDoesNotTrustIsRefusedAndTheUserIsToldWhatTheHostNeeds() throws Exception {
        Path otherCa = keygen("other_ca");
        try (ProxyInteropTest.Proxy proxy = startProxy("other-ca", List.of("--upstream-ca", otherCa.toString()))) {
            OpenSsh.Result r = OpenSsh.run(ssh(proxy, "echo should-not-run"), 120);
            assertEquals(255, r.exit(), () -> r.stdout() + r.stderr() + proxy.logs());
            assertFalse(r.stdout().contains("should-not-run"), r.stdout());
            assertTrue(r.stderr().contains("sshwire proxy: cannot log in to root@127.0.0.1:" + sshdPort
                    + ": authentication failed for user 'root'"), r.stderr());
            assertTrue(r.stderr().contains("(the bastion's certificate for root was not accepted: the host must trust the bastion's user CA,"
                    + " sshd_config TrustedUserCAKeys)"), r.stderr());
        }
    }
}
