package org.sshwire.bench.e2e;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sshwire.bench.wan.LinkProfile;
import org.sshwire.bench.wan.WanRelay;

/**
 * The WAN benchmark (issue 22, {@code bench/run --wan}, see bench/README.md): the big-file
 * transfers through a {@link WanRelay} that adds a round trip and a bottleneck rate, for each
 * client/server pair of OpenSSH and sshwire. The servers are the end-to-end harness's
 * ({@link ServerUnderTest}) on 127.0.0.1; each transfer gets a fresh relay in front of its
 * server, stopped right after it. Interleaved as the end-to-end harness: every pair runs once per
 * cell and repetition, in an order that rotates; the table shows medians.
 */
public final class WanBenchmark {
    private static final System.Logger LOG = System.getLogger(WanBenchmark.class.getName());
    static final String OPENSSH_OPENSSH = "OpenSSH→sshd";
    static final String SSHWIRE_SSHWIRE = "sshwire→sshwire";
    static final String OPENSSH_SSHWIRE = "OpenSSH→sshwire";
    static final String SSHWIRE_OPENSSH = "sshwire→sshd";
    /** OpenSSH's channel window (channels.h CHAN_SES_WINDOW_DEFAULT), for the window-bound column. */
    static final long OPENSSH_WINDOW = 2L << 20;

    private WanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path defaultOut = Path.of("bench", "results", "wan-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        WanOptions o;
        try {
            o = WanOptions.parse(args, defaultOut);
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
    static Path run(WanOptions o) throws Exception {
        Preconditions.requireTools();
        long start = System.nanoTime();
        Results results = new Results(o.out());
        List<AutoCloseable> open = new ArrayList<>();
        Thread cleanup = new Thread(() -> closeAll(open), "wan-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            LOG.log(System.Logger.Level.INFO, "preparing files on tmpfs: {0}", o.describe());
            Workspace ws = Workspace.create((long) o.sizeMiB() << 20, 0);
            open.add(ws);
            ServerUnderTest sshwire = started(ServerUnderTest.sshwire(ws), open);
            ServerUnderTest sshd = started(ServerUnderTest.openSsh(ws), open);
            OpenSshClient ssh = new OpenSshClient(ws);
            SshwireClientAgent ours = new SshwireClientAgent(ws);
            open.add(ours);
            Map<String, Pair> all = new LinkedHashMap<>();
            all.put(OPENSSH_OPENSSH, new Pair(OPENSSH_OPENSSH, sshd, ssh));
            all.put(SSHWIRE_SSHWIRE, new Pair(SSHWIRE_SSHWIRE, sshwire, ours));
            all.put(OPENSSH_SSHWIRE, new Pair(OPENSSH_SSHWIRE, sshwire, ssh));
            all.put(SSHWIRE_OPENSSH, new Pair(SSHWIRE_OPENSSH, sshd, ours));
            List<Pair> pairs = o.pairs().stream().map(all::get).toList();
            if (o.warmUp()) { // direct, unrecorded: the JVMs compile each path before it is measured
                for (Pair p : pairs) {
                    for (Transfer t : o.transfers()) {
                        p.client().transfer(t, o.cipher(), p.server().port());
                        Cleanup.after(t, ws);
                    }
                }
            }
            double mib = ws.bigBytes / (double) (1 << 20);
            for (int rep = 0; rep < o.reps(); rep++) {
                for (LinkProfile link : o.links()) {
                    for (Transfer t : o.transfers()) {
                        for (Pair p : Pair.rotated(pairs, rep)) {
                            BenchClient.Sample s;
                            try (WanRelay relay = WanRelay.start(new InetSocketAddress("127.0.0.1", p.server().port()), link)) {
                                s = p.client().transfer(t, o.cipher(), relay.port());
                            }
                            Cleanup.after(t, ws);
                            double rate = mib / s.wallSeconds();
                            LOG.log(System.Logger.Level.INFO, "{0} rep {1}: {2} · {3}: {4} MiB/s", p.impl(), rep, link.label(), t.label,
                                    ResultTable.format(rate));
                            results.add(new Measurement("WAN", link.label() + " · " + t.label, "MiB/s", true, p.impl(), rep, rate));
                        }
                    }
                }
            }
            double minutes = (System.nanoTime() - start) / 60e9;
            String md = "## WAN results\n\n" + Preconditions.machine() + "\nOptions: " + o.describe()
                    + String.format(Locale.ROOT, ". Run took %.1f min.%n%n", minutes) + table(results.forTable(), o);
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

    /**
     * Medians in MiB/s (connection setup included), a column per pair, then each pair's ratio to
     * OpenSSH↔sshd, and the window bound: what OpenSSH's 2 MiB channel window allows over the
     * round trip at steady state ({@code 2 MiB / RTT}), the figure the relay is checked against.
     */
    static String table(List<Measurement> ms, WanOptions o) {
        StringBuilder out = new StringBuilder("| path · transfer | 2 MiB window bound |");
        o.pairs().forEach(p -> out.append(' ').append(p).append(" |"));
        List<String> others = o.pairs().stream().filter(p -> !p.equals(OPENSSH_OPENSSH)).toList();
        boolean ratios = o.pairs().contains(OPENSSH_OPENSSH);
        if (ratios) {
            others.forEach(p -> out.append(' ').append(p).append(" / ").append(OPENSSH_OPENSSH).append(" |"));
        }
        out.append("\n|---|---:|");
        o.pairs().forEach(p -> out.append("---:|"));
        if (ratios) {
            others.forEach(p -> out.append("---:|"));
        }
        out.append('\n');
        for (LinkProfile link : o.links()) {
            for (Transfer t : o.transfers()) {
                String row = link.label() + " · " + t.label;
                double bound = link.rttMillis() == 0 ? Double.NaN : OPENSSH_WINDOW / (double) (1 << 20) * 1000.0 / link.rttMillis();
                out.append("| ").append(row).append(" | ").append(ResultTable.format(Math.min(bound,
                        link.bytesPerSecond() / (double) (1 << 20)))).append(" |");
                for (String p : o.pairs()) {
                    out.append(' ').append(ResultTable.format(median(ms, row, p))).append(" |");
                }
                if (ratios) {
                    double base = median(ms, row, OPENSSH_OPENSSH);
                    for (String p : others) {
                        double r = median(ms, row, p) / base;
                        out.append(' ').append(Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f×", r) : "—").append(" |");
                    }
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static double median(List<Measurement> ms, String row, String impl) {
        return ResultTable.median(ms.stream().filter(m -> m.row().equals(row) && m.impl().equals(impl)).map(Measurement::value).toList());
    }

    private static ServerUnderTest started(ServerUnderTest s, List<AutoCloseable> open) throws java.io.IOException {
        open.add(s);
        s.start();
        return s;
    }

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
