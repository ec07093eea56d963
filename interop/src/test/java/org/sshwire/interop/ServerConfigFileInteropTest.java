package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.cli.Sshwire;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.testvectors.ThrowawayUser;

/**
 * {@code sshwire server -f}: its {@code -T} beside OpenSSH's {@code sshd -T -f} on the sshd_config
 * files of the library's comparison (connection's test data), and a Match User block acting on a
 * live login through OpenSSH's {@code ssh}.
 */
class ServerConfigFileInteropTest {
    static final Path SSHD = Path.of("/usr/sbin/sshd");
    static final Path DATA = Path.of("..", "connection", "src", "test", "resources", "org", "sshwire", "connection",
            "config", "sshd").toAbsolutePath().normalize();
    static final List<String> CONTEXTS = List.of(
            "user=root,host=client.example.org,addr=192.0.2.7,laddr=192.0.2.1,lport=22",
            "user=nobody,host=other.example.net,addr=2001:db8::5,laddr=::1,lport=2222",
            "user=alice,host=h.example.com,addr=192.0.2.8,laddr=192.0.2.1,lport=22");
    /** sshwire's algorithm defaults and key types are its own (SshdConfigComparisonTest.EXPECTED says why). */
    static final Set<String> OWN_DEFAULTS = Set.of("kexalgorithms", "macs", "hostkeyalgorithms", "pubkeyacceptedalgorithms",
            "casignaturealgorithms", "persourcepenalties");

    @TempDir
    Path dir;

    record Out(int exit, String out, String err) {
    }

    static Out sshwire(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Sshwire.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Out(code, out.toString(), err.toString());
    }

    @Test
    void dashTPrintsWhatSshdDashTPrintsForEveryKeywordSshwireApplies() throws Exception {
        OpenSsh.require(SSHD);
        Files.createDirectories(Path.of("/run/sshd")); // sshd -T checks its privilege separation directory
        for (String k : List.of("hostkey", "hostkey2")) {
            assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f",
                    dir.resolve(k).toString()), 30).exit());
        }
        try (Stream<Path> files = Files.walk(DATA)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Path dst = dir.resolve(DATA.relativize(p).toString());
                Files.createDirectories(dst.getParent());
                Files.writeString(dst, Files.readString(p).replace("@HOSTKEY2@", dir.resolve("hostkey2").toString())
                        .replace("@HOSTKEY@", dir.resolve("hostkey").toString()).replace("@DIR@", dir.toString()));
            }
        }
        List<Path> confs;
        try (Stream<Path> s = Files.list(dir)) {
            confs = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        int compared = 0;
        int lines = 0;
        Map<String, String> refused = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Path conf : confs) {
            String text = Files.readString(conf);
            Out check = sshwire("server", "-T", "-f", conf.toString(), "-C", CONTEXTS.get(0));
            if (check.exit() != 0) {
                // a keyword sshwire server does not apply: refused naming its line, never ignored
                assertEquals(255, check.exit(), conf + ": " + check.err());
                assertTrue(Pattern.compile("^sshwire: unsupported (keyword|value) .* at " + Pattern.quote(dir.toString())
                        + "/[^ ]+:\\d+( .*)?\\n$").matcher(check.err()).matches(), conf + ": " + check.err());
                refused.put(conf.getFileName().toString(), check.err().strip());
                continue;
            }
            compared++;
            for (String ctx : CONTEXTS) {
                OpenSsh.Result theirs = OpenSsh.run(List.of(SSHD.toString(), "-T", "-f", conf.toString(), "-C", ctx), 30);
                assertEquals(0, theirs.exit(), conf + " " + ctx + ": " + theirs.stderr());
                Out ours = sshwire("server", "-T", "-f", conf.toString(), "-C", ctx);
                assertEquals(0, ours.exit(), conf + " " + ctx + ": " + ours.err());
                Map<String, List<String>> t = keywords(theirs.stdout());
                for (Map.Entry<String, List<String>> e : keywords(ours.out()).entrySet()) {
                    lines++;
                    boolean own = OWN_DEFAULTS.contains(e.getKey()) && !setsPlainList(text, e.getKey());
                    if (!own && !e.getValue().equals(t.getOrDefault(e.getKey(), List.of()))) {
                        failures.add(conf.getFileName() + " [" + ctx + "] " + e.getKey() + ": ours " + e.getValue()
                                + ", sshd " + t.get(e.getKey()));
                    }
                }
            }
        }
        System.out.printf("sshwire server -T vs sshd -T: %d files compared (%d keyword lines), %d refused: %s%n",
                compared, lines, refused.size(), refused);
        assertEquals(List.of(), failures);
        assertTrue(compared >= 20, "at least 20 files compared, not " + compared + "; refused " + refused);
    }

    /** The launcher itself, as a user runs it: -T on a file with a Match block. */
    @Test
    void theLauncherPrintsTheMatchContextOfDashC() throws Exception {
        Path conf = Files.writeString(dir.resolve("sshd_config"), "Match User alice\n  ForceCommand echo forced\n");
        OpenSsh.Result r = OpenSsh.run(List.of(ServerCommandTest.LAUNCHER.toString(), "server", "-T", "-f", conf.toString(),
                "-C", "user=alice,addr=192.0.2.7,laddr=192.0.2.1,lport=22"), 120);
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("\nforcecommand echo forced\n"), r.stdout());
    }

    @Test
    void aMatchUserBlockForcesTheCommandForThatUserOnly() throws Exception {
        OpenSsh.require(OpenSsh.SSH);
        Path sshpass = Path.of("/usr/bin/sshpass");
        OpenSsh.require(sshpass);
        ThrowawayUser.requireRoot();
        Path hostKey = dir.resolve("hostkey");
        assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f",
                hostKey.toString()), 30).exit());
        ServerCommandTest servers = new ServerCommandTest();
        servers.dir = dir;
        try (ThrowawayUser forced = ThrowawayUser.create(); ThrowawayUser free = ThrowawayUser.create()) {
            Path banner = Files.writeString(dir.resolve("banner"), "Authorized use only (from sshd_config)\n");
            Path pidFile = dir.resolve("sshwire.pid");
            Path conf = Files.writeString(dir.resolve("sshd_config"), "HostKey " + hostKey + "\n"
                    + "Banner " + banner + "\nPidFile " + pidFile + "\n"
                    + "ListenAddress 127.0.0.1\nPasswordAuthentication yes\nSubsystem sftp internal-sftp\nPrintMotd no\n"
                    + "Match User " + forced.name() + "\n    ForceCommand echo forced: $SSH_ORIGINAL_COMMAND\n");
            Path pw = Files.writeString(dir.resolve("pw"), forced.name() + ":pw-f\n" + free.name() + ":pw-g\n");
            try (ServerCommandTest.Running s = servers.startServer(List.of("-f", conf.toString(), "--passwords", pw.toString()))) {
                assertEquals("forced: echo asked\n", login(sshpass, s.port(), forced.name(), "pw-f").stdout());
                OpenSsh.Result free1 = login(sshpass, s.port(), free.name(), "pw-g");
                assertEquals("asked\n", free1.stdout());
                assertEquals(s.process().pid() + "\n", Files.readString(pidFile));
                // ssh shows the banner at its default LogLevel (login() asks for ERROR only)
                List<String> info = List.of(sshpass.toString(), "-p", "pw-g", OpenSsh.SSH.toString(), "-F", "/dev/null",
                        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no",
                        "-p", String.valueOf(s.port()), free.name() + "@127.0.0.1", "true");
                OpenSsh.Result withBanner = OpenSsh.run(info, 60);
                assertTrue(withBanner.stderr().contains("Authorized use only (from sshd_config)"), withBanner.stderr());
                // PrintMotd no: a login shell on a pty does not show /etc/motd (Debian's sshd_config says so).
                List<String> shell = List.of(sshpass.toString(), "-p", "pw-g", OpenSsh.SSH.toString(), "-F", "/dev/null", "-tt",
                        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                        "-o", "PubkeyAuthentication=no", "-p", String.valueOf(s.port()), free.name() + "@127.0.0.1");
                OpenSsh.Result r = OpenSsh.run(shell, "echo shell-ran; exit\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), 60);
                assertTrue(r.stdout().contains("shell-ran"), r.stdout() + r.stderr());
                String motd = Files.readString(Path.of("/etc/motd")).strip();
                assertTrue(motd.isEmpty() || !r.stdout().contains(motd.lines().findFirst().orElseThrow()), r.stdout());
            }
            assertTrue(!Files.exists(pidFile), "the PID file is removed at shutdown");
        }
    }

    @Test
    void aHostCertificateLetsSshTrustTheServerThroughItsCertAuthority() throws Exception {
        OpenSsh.require(OpenSsh.SSH);
        Path sshpass = Path.of("/usr/bin/sshpass");
        OpenSsh.require(sshpass);
        ThrowawayUser.requireRoot();
        Path ca = dir.resolve("ca");
        Path hostKey = dir.resolve("hostkey");
        for (Path k : List.of(ca, hostKey)) {
            assertEquals(0, OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f",
                    k.toString()), 30).exit());
        }
        OpenSsh.Result sign = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-s", ca.toString(), "-I", "test host",
                "-h", "-n", "127.0.0.1", dir.resolve("hostkey.pub").toString()), 30);
        assertEquals(0, sign.exit(), sign.stderr());
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "@cert-authority * "
                + Files.readString(dir.resolve("ca.pub")));
        ServerCommandTest servers = new ServerCommandTest();
        servers.dir = dir;
        try (ThrowawayUser u = ThrowawayUser.create()) {
            Path conf = Files.writeString(dir.resolve("sshd_config"), "HostKey " + hostKey + "\nHostCertificate "
                    + dir.resolve("hostkey-cert.pub") + "\nListenAddress 127.0.0.1\nPasswordAuthentication yes\n");
            Path pw = Files.writeString(dir.resolve("pw"), u.name() + ":pw-c\n");
            try (ServerCommandTest.Running s = servers.startServer(List.of("-f", conf.toString(), "--passwords", pw.toString()))) {
                OpenSsh.Result r = OpenSsh.run(List.of(sshpass.toString(), "-p", "pw-c", OpenSsh.SSH.toString(), "-F", "/dev/null",
                        "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + knownHosts,
                        "-o", "GlobalKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no", "-o", "LogLevel=ERROR",
                        "-p", String.valueOf(s.port()), u.name() + "@127.0.0.1", "echo trusted"), 60);
                assertEquals(0, r.exit(), r.stderr());
                assertEquals("trusted\n", r.stdout());
            }
        }
    }

    private static OpenSsh.Result login(Path sshpass, int port, String user, String password) {
        List<String> cmd = List.of(sshpass.toString(), "-p", password, OpenSsh.SSH.toString(), "-F", "/dev/null",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "PubkeyAuthentication=no", "-o", "BatchMode=no", "-p", String.valueOf(port), user + "@127.0.0.1",
                "echo asked");
        OpenSsh.Result r = OpenSsh.run(cmd, 60);
        assertEquals(0, r.exit(), user + ": " + r.stderr());
        return r;
    }

    static Map<String, List<String>> keywords(String dump) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String line : dump.replace("\r", "").split("\n")) {
            if (!line.isEmpty()) {
                int sp = line.indexOf(' ');
                m.computeIfAbsent((sp < 0 ? line : line.substring(0, sp)).toLowerCase(Locale.ROOT), x -> new ArrayList<>())
                        .add(sp < 0 ? "" : line.substring(sp + 1));
            }
        }
        return m;
    }

    private static boolean setsPlainList(String text, String keyword) {
        String names = keyword.equals("pubkeyacceptedalgorithms") ? "(pubkeyacceptedalgorithms|pubkeyacceptedkeytypes)"
                : keyword;
        return Pattern.compile("(?im)^\\s*" + names + "\\s*[=\\s]\\s*[^+\\-^\\s]").matcher(text).find();
    }
}
