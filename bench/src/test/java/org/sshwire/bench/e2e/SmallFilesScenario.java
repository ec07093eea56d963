package org.sshwire.bench.e2e;

import java.util.List;

/** SFTP put and get of the workspace's small files (1 000 × 4 KiB by default), interleaved per repetition. */
final class SmallFilesScenario {
    private final String section;
    private final List<Pair> pairs;
    private final Cipher cipher;
    private final Workspace ws;
    private final Results results;

    SmallFilesScenario(String section, List<Pair> pairs, Cipher cipher, Workspace ws, Results results) {
        this.section = section;
        this.pairs = pairs;
        this.cipher = cipher;
        this.ws = ws;
        this.results = results;
    }

    void run(int reps) {
        for (int rep = 0; rep < reps; rep++) {
            for (Transfer t : new Transfer[] {Transfer.SMALL_PUT, Transfer.SMALL_GET}) {
                for (Pair p : Pair.rotated(pairs, rep)) {
                    BenchClient.Sample s = p.client().transfer(t, cipher, p.server().port());
                    Cleanup.after(t, ws);
                    String row = t.label + " (" + ws.smallFiles + " × 4 KiB, " + cipher.label() + ")";
                    results.add(new Measurement(section, row, "files/s", true, p.impl(), rep, ws.smallFiles / s.wallSeconds()));
                }
            }
        }
    }
}
