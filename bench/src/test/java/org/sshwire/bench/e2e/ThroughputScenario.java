package org.sshwire.bench.e2e;

import java.util.List;

/**
 * The four big-file transfers per cipher, interleaved: for each repetition, each cipher and
 * each transfer, every pair runs once before the next cell starts. Besides MiB/s it records
 * the CPU seconds per GiB of the client and of the server (with the commands it ran).
 */
final class ThroughputScenario {
    private static final System.Logger LOG = System.getLogger(ThroughputScenario.class.getName());

    private final String section;
    private final String cpuSection;
    private final List<Pair> pairs;
    private final List<Cipher> ciphers;
    private final Workspace ws;
    private final Results results;

    ThroughputScenario(String section, String cpuSection, List<Pair> pairs, List<Cipher> ciphers, Workspace ws, Results results) {
        this.section = section;
        this.cpuSection = cpuSection;
        this.pairs = pairs;
        this.ciphers = ciphers;
        this.ws = ws;
        this.results = results;
    }

    /**
     * One unrecorded run of every transfer per pair and cipher: the JVMs compile the hot loops of
     * each path (exec upload and download, SFTP put and get) before anything is measured, as a
     * long-running server would have. A single download left the upload and SFTP paths to be
     * compiled during the first measured repetition, where the JIT threads' CPU counted as the
     * server's (sshd has nothing to compile).
     */
    void warmUp() {
        for (Pair p : pairs) {
            for (Cipher c : ciphers) {
                for (Transfer t : Transfer.BIG) {
                    p.client().transfer(t, c, p.server().port());
                    Cleanup.after(t, ws);
                }
            }
        }
    }

    void run(int reps) {
        for (int rep = 0; rep < reps; rep++) {
            for (Cipher c : ciphers) {
                for (Transfer t : Transfer.BIG) {
                    for (Pair p : Pair.rotated(pairs, rep)) {
                        measure(p, c, t, rep);
                    }
                }
            }
        }
    }

    private void measure(Pair p, Cipher c, Transfer t, int rep) {
        double cpu0 = p.server().cpuSeconds();
        BenchClient.Sample s = p.client().transfer(t, c, p.server().port());
        double serverCpu = p.server().cpuSeconds() - cpu0;
        Cleanup.after(t, ws);
        double mib = ws.bigBytes / (double) (1 << 20);
        double gib = mib / 1024;
        String row = c.label() + " · " + t.label;
        LOG.log(System.Logger.Level.INFO, "{0} rep {1}: {2}: {3} MiB/s", p.impl(), rep, row, ResultTable.format(mib / s.wallSeconds()));
        results.add(new Measurement(section, row, "MiB/s", true, p.impl(), rep, mib / s.wallSeconds()));
        results.add(new Measurement(cpuSection, row, "server CPU s/GiB", false, p.impl(), rep, serverCpu / gib));
        results.add(new Measurement(cpuSection, row, "client CPU s/GiB", false, p.impl(), rep, s.cpuSeconds() / gib));
    }
}
