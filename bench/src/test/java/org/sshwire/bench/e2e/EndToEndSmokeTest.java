package org.sshwire.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the end-to-end harness in a very reduced form (tiny files, one repetition) and checks that
 * every cell of the table is there and the raw runs were written. It asserts no timing: the
 * figures of a run this small mean nothing. Without OpenSSH it skips, except under CI=true
 * (which installs it), where it fails.
 */
class EndToEndSmokeTest {
    @Test
    void reducedRunFillsEveryRowAndWritesRawRuns() throws Exception {
        Preconditions.requireToolsUnderCiElseSkip();
        Path out = Path.of("target", "e2e-smoke");
        BenchOptions o = BenchOptions.parse(new String[] {"--quick", "--size", "4", "--latency", "3", "--cps-seconds", "1",
            "--small-files", "10", "--idle", "10", "--sshd-idle-max", "10", "--no-warmup", "--out", out.toString(),
            // every section but the bastion's, which ProxyBenchSmokeTest runs
            "--sections", "server,latency,small,idle,client"}, out);

        String table = Files.readString(EndToEnd.run(o));

        for (Cipher c : Cipher.ALL) {
            for (Transfer t : Transfer.BIG) {
                String row = "| " + c.label() + " · " + t.label + " |";
                // once in each throughput table, twice (server and client CPU) in each CPU table
                assertTrue(count(table, row + " MiB/s |") == 2, () -> "throughput row " + row + " in\n" + table);
                assertTrue(count(table, row + " server CPU s/GiB |") == 2, () -> "CPU row " + row + " in\n" + table);
            }
        }
        for (String row : new String[] {"| p50 ms |", "| p99 ms |", "| connections/s |", "| files/s |", "| p50 wall ms |", "| p50 CPU ms |",
            "| 10 idle authenticated connections | RSS MiB |", "| 10 idle authenticated connections | threads |"}) {
            assertTrue(table.contains(row), () -> "no row " + row + " in\n" + table);
        }
        // Every throughput and CPU cell has a value for every implementation ("—" marks a missing
        // one). The ratio columns may say "—": a 4 MiB transfer can take under the 10 ms that
        // /usr/bin/time resolves, and a ratio to 0.000 is undefined.
        table.lines().filter(l -> l.contains("| MiB/s |") || l.contains("CPU s/GiB |"))
                .forEach(l -> assertTrue(!valueCells(l).contains("—"), () -> "a missing value in " + l));
        List<String> raw = Files.readAllLines(out.resolve("raw.csv"));
        assertTrue(raw.size() > 200, () -> "raw.csv has only " + raw.size() + " lines");
    }

    /** A table row's implementation columns: after test, metric and better; before the n-1 ratios. */
    private static List<String> valueCells(String row) {
        List<String> cells = java.util.Arrays.stream(row.split("\\|")).map(String::strip).filter(c -> !c.isEmpty()).toList();
        List<String> numbers = cells.subList(3, cells.size());
        return numbers.subList(0, (numbers.size() + 1) / 2);
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
