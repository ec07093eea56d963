package org.sshwire.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the bastion section of the end-to-end harness ({@code bench/run --sections proxy}) with
 * 4 MiB files and one repetition, and checks that every transfer produced a figure both through
 * {@code sshwire proxy} and directly, with the ratio column. It asserts no timing. Without
 * OpenSSH it skips, except under CI=true, where it fails.
 */
class ProxyBenchSmokeTest {
    @Test
    void proxySectionFillsThroughputCpuAndSetupRowsForBothColumns() throws Exception {
        Preconditions.requireToolsUnderCiElseSkip();
        Path out = Path.of("target", "e2e-proxy-smoke");
        BenchOptions o = BenchOptions.parse(new String[] {"--sections", "proxy", "--size", "4", "--reps", "1", "--latency", "2",
            "--small-files", "1", "--no-warmup", "--out", out.toString()}, out);

        String table = Files.readString(EndToEnd.run(o));

        assertTrue(table.contains("| test | metric | better | sshwire proxy | direct | sshwire proxy/direct |"),
                () -> "no bastion table header in\n" + table);
        for (Cipher c : Cipher.ALL) {
            for (Transfer t : Transfer.BIG) {
                String row = "| " + c.label() + " · " + t.label + " |";
                for (String metric : new String[] {"MiB/s", "server side CPU s/GiB", "client CPU s/GiB"}) {
                    List<String> lines = table.lines().filter(l -> l.startsWith(row + " " + metric + " |")).toList();
                    assertEquals(1, lines.size(), () -> row + " " + metric + " in\n" + table);
                    assertTrue(bothValues(lines.get(0)), () -> "a missing value in " + lines.get(0));
                }
            }
        }
        List<String> setup = table.lines().filter(l -> l.startsWith("| connect + auth + exec true (2 sequential) | p50 ms |")).toList();
        assertEquals(1, setup.size(), () -> "no setup row in\n" + table);
        assertTrue(bothValues(setup.get(0)), () -> "a missing value in " + setup.get(0));
    }

    /** Whether both value cells (after test, metric and better) of a two-column row hold a number. */
    private static boolean bothValues(String row) {
        List<String> cells = Arrays.stream(row.split("\\|")).map(String::strip).filter(c -> !c.isEmpty()).toList();
        return cells.size() == 6 && cells.subList(3, 5).stream().allMatch(c -> c.matches("[0-9.]+"));
    }
}
