package org.sshwire.bench.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One column of a comparison: a client talking to a server, labelled by the side being compared. */
record Pair(String impl, ServerUnderTest server, BenchClient client) {
    /**
     * The pairs in a different order for each repetition, so that no implementation always runs
     * first (right after the previous cell) or last.
     */
    static List<Pair> rotated(List<Pair> pairs, int by) {
        List<Pair> out = new ArrayList<>(pairs);
        Collections.rotate(out, -by);
        return out;
    }
}
