package org.sshwire.bench.e2e;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The harness's command line. The defaults fit in ~20 minutes on 2 cores; {@code --full} is issue 9's
 * configuration, {@code --quick} a reduced form (a few minutes); every other option overrides them.
 */
record BenchOptions(int sizeMiB, int reps, List<Cipher> ciphers, int latencyCount, double cpsSeconds,
                    int smallFiles, List<Integer> idleLevels, int idleWaitSeconds, int sshdIdleMax, Set<String> sections, Path out, boolean warmUp) {
    static final Set<String> ALL_SECTIONS = Set.of("server", "latency", "small", "proxy", "idle", "client");

    static final String USAGE = """
            usage: bench/run [--quick] [options]
              --quick              reduced run: --size 32 --reps 1 --latency 10 --cps-seconds 2 --small-files 100 --idle 100 --idle-wait 0
              --full               issue 9's sizes: --size 1024 --reps 5 (about 2 hours on 2 cores)
              --size MiB           big file for the throughput cells (default 128)
              --reps N             repetitions; the table shows medians (default 3)
              --ciphers a,b        suites whose name contains a or b (default all four)
              --latency N          sequential connections per server for p50/p99 (default 200)
              --cps-seconds S      duration of the 4-parallel-clients connection rate (default 10)
              --small-files N      files of 4 KiB for the SFTP small-file cells (default 1000)
              --idle N,M           idle authenticated connection counts (default 1000,10000)
              --idle-wait S        read memory again after the connections stayed idle S seconds (default 30; 0: once)
              --sshd-idle-max N    OpenSSH gets at most N idle connections (default 1000; 2 processes each)
              --sections a,b       of server,latency,small,proxy,idle,client (default all)
              --no-warmup          skip the unrecorded warm-up transfers
              --out DIR            results folder (default bench/results/<timestamp>)
            """;

    static BenchOptions parse(String[] args, Path defaultOut) {
        // Issue 9 asks for 1 GiB × 5; that is ~2 hours on 2 shared cores (bench/README.md), so the
        // default is what fits in ~20 minutes there and --full is the configuration.
        int size = 128;
        int reps = 3;
        String ciphers = "all";
        int latency = 200;
        double cps = 10;
        int small = 1000;
        String idle = "1000,10000";
        int idleWait = 30;
        int sshdMax = 1000;
        String sections = String.join(",", ALL_SECTIONS);
        Path out = defaultOut;
        boolean warmUp = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> {
                    size = 32;
                    reps = 1;
                    latency = 10;
                    cps = 2;
                    small = 100;
                    idle = "100";
                    idleWait = 0;
                    sshdMax = 100;
                }
                case "--full" -> {
                    size = 1024;
                    reps = 5;
                }
                case "--size" -> size = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--ciphers" -> ciphers = args[++i];
                case "--latency" -> latency = Integer.parseInt(args[++i]);
                case "--cps-seconds" -> cps = Double.parseDouble(args[++i]);
                case "--small-files" -> small = Integer.parseInt(args[++i]);
                case "--idle" -> idle = args[++i];
                case "--idle-wait" -> idleWait = Integer.parseInt(args[++i]);
                case "--sshd-idle-max" -> sshdMax = Integer.parseInt(args[++i]);
                case "--sections" -> sections = args[++i];
                case "--no-warmup" -> warmUp = false;
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException((a.equals("--help-only") ? "" : "unknown option " + a + "\n") + USAGE);
            }
        }
        Set<String> chosen = Set.copyOf(Arrays.asList(sections.split(",")));
        if (!ALL_SECTIONS.containsAll(chosen)) {
            throw new IllegalArgumentException("--sections takes " + ALL_SECTIONS + "\n" + USAGE);
        }
        List<Integer> levels = Arrays.stream(idle.split(",")).map(String::trim).map(Integer::parseInt).sorted().toList();
        return new BenchOptions(size, reps, Cipher.select(ciphers), latency, cps, small, levels, idleWait, sshdMax, chosen, out, warmUp);
    }

    String describe() {
        return "size " + sizeMiB + " MiB, " + reps + " rep(s), ciphers " + ciphers.stream().map(Cipher::label).toList()
                + ", latency " + latencyCount + " connections, connection rate " + cpsSeconds + " s, small files " + smallFiles
                + ", idle " + idleLevels + " (OpenSSH ≤ " + sshdIdleMax + ", again after " + idleWaitSeconds + " s), sections " + sections.stream().sorted().toList();
    }
}
