package org.sshwire.bench.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connection setup + publickey login + {@code exec true}: sequential latency (p50, p99 over
 * {@code count} connections per pair, interleaved one by one) and the connections per second
 * that {@code PARALLEL} clients manage together.
 */
final class LatencyScenario {
    static final int PARALLEL = 4;

    private final String section;
    private final List<Pair> pairs;
    private final Results results;

    LatencyScenario(String section, List<Pair> pairs, Results results) {
        this.section = section;
        this.pairs = pairs;
        this.results = results;
    }

    void latency(int count) {
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            for (Pair p : Pair.rotated(pairs, i)) {
                double ms = p.client().connectExecTrue(p.server().port()).wallSeconds() * 1000;
                millis.computeIfAbsent(p.impl(), k -> new ArrayList<>()).add(ms);
                results.addRaw(new Measurement(section, "connect + auth + exec true", "ms (one connection)", false, p.impl(), i, ms));
            }
        }
        String row = "connect + auth + exec true (" + count + " sequential)";
        for (Pair p : pairs) {
            List<Double> v = millis.getOrDefault(p.impl(), List.of());
            results.add(new Measurement(section, row, "p50 ms", false, p.impl(), 0, ResultTable.percentile(v, 0.50)));
            results.add(new Measurement(section, row, "p99 ms", false, p.impl(), 0, ResultTable.percentile(v, 0.99)));
        }
    }

    /**
     * {@link #PARALLEL} workers connect back to back for {@code seconds} (and at most
     * {@code maxPerWorker} connections each); the rate is completed connections per second.
     */
    void connectionsPerSecond(double seconds, int maxPerWorker) throws Exception {
        String row = "connect + auth + exec true (" + PARALLEL + " parallel clients)";
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            for (Pair p : pairs) {
                AtomicInteger done = new AtomicInteger();
                long start = System.nanoTime();
                long deadline = start + (long) (seconds * 1e9);
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < PARALLEL; w++) {
                    workers.add(pool.submit(() -> {
                        for (int i = 0; i < maxPerWorker && System.nanoTime() < deadline; i++) {
                            p.client().connectExecTrue(p.server().port());
                            done.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : workers) {
                    f.get((long) seconds + 120, TimeUnit.SECONDS);
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                results.add(new Measurement(section, row, "connections/s", true, p.impl(), 0, done.get() / elapsed));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
