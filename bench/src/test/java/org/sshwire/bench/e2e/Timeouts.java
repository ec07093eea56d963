package org.sshwire.bench.e2e;

import java.time.Duration;

/** Upper bounds for single operations: generous, only there so a hung run cannot hang the harness. */
final class Timeouts {
    private Timeouts() {
    }

    /** One transfer of the big file or of all small files: 2 minutes plus 1 s per 2 MiB. */
    static Duration transfer(Workspace ws) {
        return Duration.ofSeconds(120 + ws.bigBytes / (2L << 20) + ws.smallFiles / 10L);
    }
}
