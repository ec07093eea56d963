package org.sshwire.bench.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-to-end benchmark (issue 9; run it with {@code bench/run}, see bench/README.md).
 * Starts sshwire's server, OpenSSH's sshd and MINA SSHD on 127.0.0.1 with the same keys and
 * files on tmpfs, then measures: OpenSSH's client against each server (throughput per cipher,
 * CPU per GiB, setup latency and rate, small files, idle connections), OpenSSH's client to sshd
 * through {@code sshwire proxy} against directly, and sshwire's client against OpenSSH's client,
 * both talking to sshd. Writes {@code raw.csv} and {@code table.md}
 * into the results folder and prints the table.
 */
public final class EndToEnd {
    private static final System.Logger LOG = System.getLogger(EndToEnd.class.getName());

    private EndToEnd() {
    }

    public static void main(String[] args) throws Exception {
        Path defaultOut = Path.of("bench", "results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        BenchOptions o;
        try {
            o = BenchOptions.parse(args, defaultOut);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path table = run(o);
        System.out.println(Files.readString(table));
        System.out.println("raw runs and table: " + table.getParent().toAbsolutePath());
    }

    /** Runs the benchmark and returns the path of the table it wrote. */
    static Path run(BenchOptions o) throws Exception {
        Preconditions.requireTools();
        long start = System.nanoTime();
        Results results = new Results(o.out());
        List<AutoCloseable> open = new ArrayList<>();
        // Whatever happens (failure, Ctrl-C), every server and client JVM this run started is stopped.
        Thread cleanup = new Thread(() -> closeAll(open), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            LOG.log(System.Logger.Level.INFO, "preparing files on tmpfs: {0}", o.describe());
            Workspace ws = Workspace.create((long) o.sizeMiB() << 20, o.smallFiles());
            open.add(ws);
            ServerUnderTest sshwire = started(ServerUnderTest.sshwire(ws), open);
            ServerUnderTest sshd = started(ServerUnderTest.openSsh(ws), open); // also the server of the client comparison
            ServerUnderTest mina = started(ServerUnderTest.mina(ws), open);
            OpenSshClient ssh = new OpenSshClient(ws);
            List<Pair> servers = List.of(new Pair(sshwire.name(), sshwire, ssh), new Pair(sshd.name(), sshd, ssh),
                    new Pair(mina.name(), mina, ssh));

            if (o.sections().contains("server")) {
                ThroughputScenario t = new ThroughputScenario("Servers: throughput, OpenSSH client (MiB/s)",
                        "Servers: CPU seconds per GiB (server includes the commands it ran; client is ssh/sftp)",
                        servers, o.ciphers(), ws, results);
                if (o.warmUp()) {
                    t.warmUp();
                }
                t.run(o.reps());
            }
            if (o.sections().contains("latency")) {
                LatencyScenario l = new LatencyScenario("Servers: connection setup, OpenSSH client", servers, results);
                l.latency(o.latencyCount());
                l.connectionsPerSecond(o.cpsSeconds(), 10_000);
            }
            if (o.sections().contains("small")) {
                new SmallFilesScenario("Servers: small files, OpenSSH sftp", servers, o.ciphers().get(0), ws, results).run(o.reps());
            }
            if (o.sections().contains("proxy")) {
                ServerUnderTest proxy = started(ServerUnderTest.sshwireProxy(ws, sshd.port()), open);
                ProxyScenario p = new ProxyScenario(proxy, sshd, o.ciphers(), ws, results);
                if (o.warmUp()) {
                    p.warmUp();
                }
                p.run(o.reps());
                p.latency(Math.min(o.latencyCount(), ProxyScenario.LATENCY_MAX));
                open.remove(proxy);
                proxy.close();
            }
            if (o.sections().contains("idle")) {
                // Fresh servers: a JVM's heap keeps the high-water mark of the transfers before,
                // which would be counted as the cost of the idle connections.
                List<AutoCloseable> earlier = new ArrayList<>(open.subList(1, open.size()));
                open.removeAll(earlier);
                closeAll(earlier);
                List<ServerUnderTest> fresh = List.of(started(ServerUnderTest.sshwire(ws), open), started(ServerUnderTest.openSsh(ws), open),
                        started(ServerUnderTest.mina(ws), open));
                new IdleScenario("Servers: idle authenticated connections (server process tree, fresh servers)",
                        fresh, ws, results).run(o.idleLevels(), o.idleWaitSeconds(), o.sshdIdleMax());
                sshd = fresh.get(1);
            }
            if (o.sections().contains("client")) {
                SshwireClientAgent ours = new SshwireClientAgent(ws);
                open.add(ours);
                List<Pair> clients = List.of(new Pair(ours.name(), sshd, ours), new Pair(ssh.name(), sshd, ssh));
                ThroughputScenario t = new ThroughputScenario("Clients: throughput against OpenSSH sshd (MiB/s)",
                        "Clients: CPU seconds per GiB against OpenSSH sshd (sshwire client: its whole JVM)",
                        clients, o.ciphers(), ws, results);
                if (o.warmUp()) {
                    t.warmUp();
                }
                t.run(o.reps());
                new LatencyScenario("Clients: connection setup against OpenSSH sshd (sshwire: in a running JVM; OpenSSH: a new ssh process)",
                        clients, results).latency(o.latencyCount());
                new StartupScenario("Clients: start-up, a new process per command against OpenSSH sshd", ws, results)
                        .run(sshd.port(), o.latencyCount());
            }
            double minutes = (System.nanoTime() - start) / 60e9;
            String md = "## End-to-end results\n\n" + Preconditions.machine() + "\nOptions: " + o.describe()
                    + String.format(". Run took %.1f min.%n%n", minutes) + new ResultTable(results.forTable()).markdown();
            Path table = o.out().resolve("table.md");
            Files.writeString(table, md, StandardCharsets.UTF_8);
            return table;
        } finally {
            closeAll(open);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
    }

    private static ServerUnderTest started(ServerUnderTest s, List<AutoCloseable> open) throws java.io.IOException {
        open.add(s); // before start: a half-started server is stopped too
        s.start();
        return s;
    }

    /** Newest first: clients, then servers, then the files they used. */
    private static synchronized void closeAll(List<AutoCloseable> open) {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + open.get(i), e);
            }
        }
        open.clear();
    }
}
