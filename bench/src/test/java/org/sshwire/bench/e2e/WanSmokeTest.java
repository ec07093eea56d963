package org.sshwire.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the WAN harness in its smallest form (1 MiB, one 20 ms path, every pair and transfer) and
 * checks that it produced a table with a value in every cell. It asserts no figure: a run this
 * small measures connection setup, nothing else. Without OpenSSH it skips, except under CI=true,
 * where it fails.
 */
class WanSmokeTest {
    @Test
    void smallestRunFillsEveryCell() throws Exception {
        Preconditions.requireToolsUnderCiElseSkip();
        Path out = Path.of("target", "wan-smoke");
        WanOptions o = WanOptions.parse(new String[] {"--quick", "--size", "1", "--rtts", "20", "--no-warmup",
            "--out", out.toString()}, out);

        String table = Files.readString(WanBenchmark.run(o));

        List<String> rows = table.lines().filter(l -> l.startsWith("| 20 ms, 1 Gbit/s · ")).toList();
        assertEquals(3, rows.size(), () -> "cat, get and put rows in\n" + table);
        for (String row : rows) {
            // path, window bound, 4 pairs, 3 ratios: every cell filled
            List<String> cells = java.util.Arrays.stream(row.split("\\|")).map(String::strip).filter(c -> !c.isEmpty()).toList();
            assertEquals(9, cells.size(), () -> "cells of " + row);
            assertFalse(cells.contains("—"), () -> "a missing value in " + row);
        }
        assertTrue(Files.readAllLines(out.resolve("raw.csv")).size() == 1 + 3 * 4, "raw.csv has one line per transfer");
    }
}
