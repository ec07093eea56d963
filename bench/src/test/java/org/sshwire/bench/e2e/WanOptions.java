package org.sshwire.bench.e2e;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.sshwire.bench.wan.LinkProfile;

/** The WAN benchmark's command line ({@code bench/run --wan ...}). */
record WanOptions(int sizeMiB, int reps, List<LinkProfile> links, List<String> pairs, List<Transfer> transfers,
                  Cipher cipher, Path out, boolean warmUp) {
    static final List<String> ALL_PAIRS = List.of(WanBenchmark.OPENSSH_OPENSSH, WanBenchmark.SSHWIRE_SSHWIRE,
            WanBenchmark.OPENSSH_SSHWIRE, WanBenchmark.SSHWIRE_OPENSSH);
    static final Map<String, Transfer> TRANSFERS = Map.of("cat", Transfer.EXEC_DOWNLOAD, "cat-up", Transfer.EXEC_UPLOAD,
            "get", Transfer.SFTP_GET, "put", Transfer.SFTP_PUT);

    static final String USAGE = """
            usage: bench/run --wan [--quick] [options]
              --quick            reduced run: --size 32 --rtts 100 --rates 1000
              --size MiB         file size (default 256)
              --reps N           repetitions; the table shows medians (default 1)
              --rtts a,b         round trips in ms (default 20,100,200)
              --rates a,b        bottleneck rates in Mbit/s (default 1000,100)
              --pairs a,b        of oo (OpenSSH->sshd), ww (sshwire->sshwire), ow (OpenSSH->sshwire), wo (sshwire->sshd); default all
              --transfers a,b    of cat (ssh host cat file), cat-up (ssh host 'cat > /dev/null' < file), get, put; default cat,get,put
              --cipher NAME      one suite (default aes128-gcm)
              --no-warmup        skip the unrecorded direct transfers that warm the JVMs up
              --out DIR          results folder (default bench/results/wan-<timestamp>)
            """;

    static WanOptions parse(String[] args, Path defaultOut) {
        int size = 256;
        int reps = 1;
        String rtts = "20,100,200";
        String rates = "1000,100";
        String pairs = "oo,ww,ow,wo";
        String transfers = "cat,get,put";
        String cipher = "aes128-gcm";
        Path out = defaultOut;
        boolean warmUp = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> {
                    size = 32;
                    rtts = "100";
                    rates = "1000";
                }
                case "--size" -> size = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--rtts" -> rtts = args[++i];
                case "--rates" -> rates = args[++i];
                case "--pairs" -> pairs = args[++i];
                case "--transfers" -> transfers = args[++i];
                case "--cipher" -> cipher = args[++i];
                case "--no-warmup" -> warmUp = false;
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException((a.equals("--help-only") ? "" : "unknown option " + a + "\n") + USAGE);
            }
        }
        if (size < 1 || reps < 1 || reps > 100) {
            throw new IllegalArgumentException("--size >= 1 and 1 <= --reps <= 100\n" + USAGE);
        }
        List<Integer> roundTrips = ints(rtts);
        List<LinkProfile> links = ints(rates).stream()
                .flatMap(rate -> roundTrips.stream().map(rtt -> LinkProfile.of(rtt, rate))).toList();
        List<String> chosenPairs = words(pairs).stream().map(WanOptions::pair).toList();
        List<Transfer> chosen = words(transfers).stream().map(t -> {
            Transfer x = TRANSFERS.get(t);
            if (x == null) {
                throw new IllegalArgumentException("--transfers takes cat, cat-up, get, put\n" + USAGE);
            }
            return x;
        }).toList();
        List<Cipher> c = Cipher.select(cipher);
        return new WanOptions(size, reps, links, chosenPairs, chosen, c.get(0), out, warmUp);
    }

    private static String pair(String code) {
        return switch (code) {
            case "oo" -> WanBenchmark.OPENSSH_OPENSSH;
            case "ww" -> WanBenchmark.SSHWIRE_SSHWIRE;
            case "ow" -> WanBenchmark.OPENSSH_SSHWIRE;
            case "wo" -> WanBenchmark.SSHWIRE_OPENSSH;
            default -> throw new IllegalArgumentException("--pairs takes oo, ww, ow, wo\n" + USAGE);
        };
    }

    private static List<String> words(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Integer> ints(String csv) {
        return words(csv).stream().map(Integer::parseInt).toList();
    }

    String describe() {
        return "size " + sizeMiB + " MiB, " + reps + " rep(s), cipher " + cipher.label() + ", links "
                + links.stream().map(LinkProfile::label).toList() + ", pairs " + pairs + ", transfers "
                + transfers.stream().map(t -> t.label).toList();
    }
}
