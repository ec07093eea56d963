package org.sshwire.bench.e2e;

import java.util.List;

/**
 * The bastion's cost (issue 20: "throughput through the proxy is at least 0.5× a direct
 * connection to sshd"): OpenSSH's {@code ssh}/{@code sftp} moving the big file to and from sshd
 * once through {@code sshwire proxy} and once directly, interleaved per cell as the other
 * scenarios are. MiB/s include connection setup, which through the bastion is two handshakes
 * and two logins in a row. Server-side CPU is sshd's alone for the direct column, the bastion's
 * JVM plus sshd for the proxied one; the ratio column is proxied / direct.
 */
final class ProxyScenario {
    static final String SECTION = "Bastion: OpenSSH client to sshd through sshwire proxy vs directly (MiB/s)";
    static final String CPU_SECTION = "Bastion: CPU seconds per GiB (server side: sshd, plus the proxy's JVM when proxied; client: ssh/sftp)";
    static final String LATENCY_SECTION = "Bastion: connection setup through sshwire proxy vs directly to sshd";
    static final String PROXIED = "sshwire proxy";
    static final String DIRECT = "direct";
    /** Setup latency through the bastion takes at most this many connections per column (two handshakes each). */
    static final int LATENCY_MAX = 50;

    private static final System.Logger LOG = System.getLogger(ProxyScenario.class.getName());

    private final ServerUnderTest proxy;
    private final ServerUnderTest sshd;
    private final Pair proxied;
    private final Pair direct;
    private final List<Cipher> ciphers;
    private final Workspace ws;
    private final Results results;

    /** {@code proxy} is a started {@link ServerUnderTest#sshwireProxy} in front of {@code sshd}. */
    ProxyScenario(ServerUnderTest proxy, ServerUnderTest sshd, List<Cipher> ciphers, Workspace ws, Results results) {
        this.proxy = proxy;
        this.sshd = sshd;
        this.proxied = new Pair(PROXIED, proxy, new OpenSshClient(ws, ServerUnderTest.proxyLogin(sshd.port()), PROXIED));
        this.direct = new Pair(DIRECT, sshd, new OpenSshClient(ws));
        this.ciphers = ciphers;
        this.ws = ws;
        this.results = results;
    }

    /** One unrecorded run of every transfer and cipher through the bastion, so that its JVM is compiled before it is measured. */
    void warmUp() {
        for (Cipher c : ciphers) {
            for (Transfer t : Transfer.BIG) {
                proxied.client().transfer(t, c, proxy.port());
                Cleanup.after(t, ws);
            }
        }
    }

    void run(int reps) {
        for (int rep = 0; rep < reps; rep++) {
            for (Cipher c : ciphers) {
                for (Transfer t : Transfer.BIG) {
                    for (Pair p : Pair.rotated(List.of(proxied, direct), rep)) {
                        measure(p, c, t, rep);
                    }
                }
            }
        }
    }

    /** Sequential connect + login + {@code exec true}, {@code count} per column, interleaved. */
    void latency(int count) {
        new LatencyScenario(LATENCY_SECTION, List.of(proxied, direct), results).latency(count);
    }

    private void measure(Pair p, Cipher c, Transfer t, int rep) {
        boolean viaProxy = p == proxied;
        double cpu0 = sshd.cpuSeconds() + (viaProxy ? proxy.cpuSeconds() : 0);
        BenchClient.Sample s = p.client().transfer(t, c, p.server().port());
        double serverCpu = sshd.cpuSeconds() + (viaProxy ? proxy.cpuSeconds() : 0) - cpu0;
        Cleanup.after(t, ws);
        double mib = ws.bigBytes / (double) (1 << 20);
        double gib = mib / 1024;
        String row = c.label() + " · " + t.label;
        LOG.log(System.Logger.Level.INFO, "{0} rep {1}: {2}: {3} MiB/s", p.impl(), rep, row, ResultTable.format(mib / s.wallSeconds()));
        results.add(new Measurement(SECTION, row, "MiB/s", true, p.impl(), rep, mib / s.wallSeconds()));
        results.add(new Measurement(CPU_SECTION, row, "server side CPU s/GiB", false, p.impl(), rep, serverCpu / gib));
        results.add(new Measurement(CPU_SECTION, row, "client CPU s/GiB", false, p.impl(), rep, s.cpuSeconds() / gib));
    }
}
