package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.testvectors.Prerequisites;

/**
 * Scale-out of {@code sshwire proxy} (issue 20, item 4): real HAProxy in TCP mode with
 * {@code send-proxy-v2} in front of two proxy instances that share one record directory, OpenSSH's
 * ssh connecting through HAProxy from 127.0.0.2. The shared audit log names 127.0.0.2 and the
 * client's own source port (not HAProxy's), from both instances; {@code sshwire server} behind
 * HAProxy's {@code send-proxy} (v1) gives its session that client in {@code SSH_CLIENT}; a PROXY
 * header from an address not listed in {@code --proxy-protocol-from} is not believed, and a listed
 * one that sends no header is closed without an SSH byte.
 */
class ProxyProtocolInteropTest {
    static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    @TempDir
    static Path dir;
    static Process sshd;
    static int sshdPort;
    static Path userKey;
    static Path records;
    static final List<Process> proxies = new ArrayList<>();
    static final List<Integer> proxyPorts = new ArrayList<>();
    static Process haproxy;
    static int haproxyPort;
    static int haproxyV1Port;
    static int serverPort;

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.tool(HAPROXY, "haproxy");
        OpenSsh.require(OpenSsh.SSHD);
        OpenSsh.require(OpenSsh.SSH);
        userKey = keygen("user");
        Path upstreamKey = keygen("upstream");
        OpenSsh.SshdConfig cfg = new OpenSsh.SshdConfig(Files.createDirectories(dir.resolve("sshd")), List.of(
                "AuthorizedKeysFile " + upstreamKey + ".pub", "PermitRootLogin yes",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no"));
        sshdPort = freePort();
        sshd = cfg.startListening(sshdPort);
        TransportInteropTest.connectWithRetry(sshdPort).close();
        Path knownHosts = Files.write(dir.resolve("known_hosts"), cfg.knownHostsLines("[127.0.0.1]:" + sshdPort));
        records = dir.resolve("records"); // shared by both instances
        for (String name : List.of("a", "b")) {
            startProxy(name, List.of("--upstream-identity", upstreamKey.toString(), "--upstream-known-hosts",
                    knownHosts.toString(), "--proxy-protocol-from", "127.0.0.1,::1"));
        }
        // sshwire server behind HAProxy too, with PROXY v1 (send-proxy): SSH_CLIENT names the client.
        serverPort = launch("server", List.of(ServerCommandTest.LAUNCHER.toString(), "server", "-p", "0",
                "--data-dir", dir.resolve("data-server").toString(), "--authorized-keys", userKey + ".pub",
                "-o", "StrictModes=no", "-o", "PermitRootLogin=yes", "--proxy-protocol-from", "127.0.0.1"));
        haproxyPort = freePort();
        haproxyV1Port = freePort();
        Path conf = Files.writeString(dir.resolve("haproxy.cfg"), String.join("\n",
                "global",
                "    maxconn 64",
                "defaults",
                "    mode tcp",
                "    timeout connect 5s",
                "    timeout client 60s",
                "    timeout server 60s",
                "frontend ssh",
                "    bind 127.0.0.1:" + haproxyPort,
                "    default_backend bastions",
                "backend bastions",
                "    balance roundrobin",
                "    server a 127.0.0.1:" + proxyPorts.get(0) + " send-proxy-v2",
                "    server b 127.0.0.1:" + proxyPorts.get(1) + " send-proxy-v2",
                "frontend direct",
                "    bind 127.0.0.1:" + haproxyV1Port,
                "    default_backend server",
                "backend server",
                "    server s 127.0.0.1:" + serverPort + " send-proxy",
                ""));
        haproxy = new ProcessBuilder(HAPROXY.toString(), "-f", conf.toString(), "-db")
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        TransportInteropTest.connectWithRetry(haproxyPort).close(); // HAProxy listens (that probe reaches a proxy and ends)
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        for (Process p : proxies) {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
        if (sshd != null) {
            sshd.destroy();
        }
    }

    static Path keygen(String name) {
        return OpenSshAgent.keygen(dir.resolve(name), "ed25519", "");
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void startProxy(String name, List<String> extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ServerCommandTest.LAUNCHER.toString(), "proxy", "--listen", "127.0.0.1",
                "--port", "0", "--data-dir", dir.resolve("data-" + name).toString(), "--authorized-keys", userKey + ".pub",
                "--record-dir", records.toString(), "-v"));
        cmd.addAll(extra);
        proxyPorts.add(launch(name, cmd));
    }

    /** Starts an sshwire command that prints {@code listening on ADDR:PORT}; returns the port. */
    static int launch(String name, List<String> cmd) throws Exception {
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        proxies.add(p);
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos(); // may build the CLI first
        while (System.nanoTime() < deadline) {
            String line = r.readLine();
            if (line == null) {
                throw new AssertionError("proxy exited: " + lines);
            }
            lines.add(line);
            if (line.startsWith("listening on ")) {
                Thread drain = new Thread(() -> r.lines().forEach(l -> append(log, l)), "output-" + name);
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
            }
        }
        throw new AssertionError("no 'listening on' line: " + lines);
    }

    static void append(Path file, String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The logs, for failure messages: the audit log, both proxies', HAProxy's and ssh's stderr. */
    static String logs() {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("records/audit.jsonl", "a.log", "b.log", "haproxy.log", "server.log", "ssh-0.err", "ssh-1.err", "ssh-server.err")) {
            Path p = dir.resolve(f);
            try {
                sb.append("\n--- ").append(f).append(":\n").append(Files.exists(p) ? Files.readString(p) : "(none)");
            } catch (java.io.IOException e) {
                sb.append(e);
            }
        }
        return sb.toString();
    }

    /**
     * The source port of ssh's connection from 127.0.0.2 to HAProxy, from the kernel's table
     * (/proc/net/tcp: little-endian IPv4, big-endian port, state 01 ESTABLISHED), while it is open.
     */
    static int clientPort(int frontend) throws Exception {
        String local = "0200007F:";
        String remote = String.format("0100007F:%04X", frontend);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 3 && f[1].startsWith(local) && f[2].equals(remote) && f[3].equals("01")) {
                    return Integer.parseInt(f[1].substring(local.length()), 16);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no connection from 127.0.0.2 to HAProxy in /proc/net/tcp");
    }

    static String awaitAudit(Pattern line, String what) throws Exception {
        Path audit = records.resolve("audit.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String log = Files.exists(audit) ? Files.readString(audit) : "";
            if (log.lines().anyMatch(l -> line.matcher(l).find())) {
                return log;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the audit log never showed " + what + logs());
    }

    @Test
    void sshThroughHaproxyToTwoProxiesIsAuditedWithTheClientsOwnAddressAndPort() throws Exception {
        String route = "root@127.0.0.1:" + sshdPort;
        Set<String> instances = new java.util.TreeSet<>();
        for (int i = 0; i < 2; i++) { // round robin: one connection to each instance
            List<String> ssh = List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-b", "127.0.0.2", "-i", userKey.toString(),
                    "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                    "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-p", String.valueOf(haproxyPort), "-l", route,
                    "127.0.0.1", "echo through-haproxy-" + i + "; read line");
            Process p = new ProcessBuilder(ssh).redirectError(dir.resolve("ssh-" + i + ".err").toFile()).start();
            try {
                InputStream out = p.getInputStream();
                BufferedReader r = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8));
                assertEquals("through-haproxy-" + i, r.readLine(), ProxyProtocolInteropTest::logs);
                int port = clientPort(haproxyPort); // the session is open (the command waits for a line): its socket too
                String audit = awaitAudit(Pattern.compile("\"event\":\"login\".*\"client\":\"127\\.0\\.0\\.2:" + port + "\""),
                        "a login from 127.0.0.2:" + port);
                Matcher m = Pattern.compile("\"connection\":\"[0-9TZ]+-(\\d+)-\\d+\".*\"client\":\"127\\.0\\.0\\.2:" + port + "\"")
                        .matcher(audit);
                assertTrue(m.find(), audit);
                instances.add(m.group(1));
                p.getOutputStream().write('\n');
                p.getOutputStream().close();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), ProxyProtocolInteropTest::logs);
            } finally {
                p.destroyForcibly();
            }
        }
        assertEquals(2, instances.size(), () -> "both instances wrote to the shared audit log: " + instances + logs());
        String audit = Files.readString(records.resolve("audit.jsonl"));
        assertFalse(audit.contains("\"client\":\"127.0.0.1:"), () -> "HAProxy's own address was logged" + logs());
    }

    static List<String> ssh(int port, String login, String command) {
        return List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-b", "127.0.0.2", "-i", userKey.toString(),
                "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-p", String.valueOf(port), "-l", login, "127.0.0.1", command);
    }

    @Test
    void sshwireServerBehindHaproxyWithProxyV1GivesTheSessionTheClientsAddressInSshClient() throws Exception {
        Process p = new ProcessBuilder(ssh(haproxyV1Port, "root", "echo $SSH_CLIENT; read line"))
                .redirectError(dir.resolve("ssh-server.err").toFile()).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String sshClient = r.readLine();
            int port = clientPort(haproxyV1Port);
            // SSH_CLIENT is "client-address client-port server-port"; the server port is the socket's own.
            assertEquals("127.0.0.2 " + port + " " + serverPort, sshClient, ProxyProtocolInteropTest::logs);
            p.getOutputStream().write('\n');
            p.getOutputStream().close();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), ProxyProtocolInteropTest::logs);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aProxyHeaderFromAnAddressNotListedIsNotBelieved() throws Exception {
        // v2 PROXY, TCP over IPv4: 198.51.100.9:4242 -> 127.0.0.1:22, sent by 127.0.0.3 straight to instance a.
        byte[] forged = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "21" + "11" + "000c"
                + "c6336409" + "7f000001" + "1092" + "0016");
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress("127.0.0.3", 0));
            s.connect(new InetSocketAddress("127.0.0.1", proxyPorts.get(0)));
            s.setSoTimeout(30_000);
            s.getOutputStream().write(forged);
            s.getOutputStream().write("SSH-2.0-Forger\r\n".getBytes(StandardCharsets.US_ASCII));
            // Served as any client: the proxy's identification, then the header is a bad identification.
            String first = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertTrue(first.startsWith("SSH-2.0-"), first);
        }
        Thread.sleep(500);
        String audit = Files.exists(records.resolve("audit.jsonl")) ? Files.readString(records.resolve("audit.jsonl")) : "";
        assertFalse(audit.contains("198.51.100.9"), audit);
    }

    @Test
    void aListedBalancerThatSendsNoHeaderIsClosedWithoutAnSshByte() throws Exception {
        try (Socket s = new Socket("127.0.0.1", proxyPorts.get(1))) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, s.getInputStream().read(), "no identification to a connection without its PROXY header");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // its log reaches the file through a pipe
        Path log = dir.resolve("b.log");
        while (!(Files.exists(log) && Files.readString(log).contains("not a PROXY protocol header")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Files.readString(log).contains("not a PROXY protocol header"), () -> "the refusal is logged" + logs());
    }
}
