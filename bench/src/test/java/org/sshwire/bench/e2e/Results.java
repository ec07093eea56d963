package org.sshwire.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where measurements go: every one is appended to {@code raw.csv} as soon as it is taken (a run
 * that fails half-way keeps what it measured); those for the table are also kept in memory.
 */
final class Results {
    private final Path raw;
    private final List<Measurement> table = new ArrayList<>();

    Results(Path folder) throws IOException {
        Files.createDirectories(folder);
        raw = folder.resolve("raw.csv");
        Files.writeString(raw, Measurement.csvHeader() + "\n", StandardCharsets.UTF_8);
    }

    /** A value for the table (its median over repetitions) and for raw.csv. */
    synchronized void add(Measurement m) {
        table.add(m);
        addRaw(m);
    }

    /** A value only for raw.csv (single latency samples, from which the table's percentiles come). */
    synchronized void addRaw(Measurement m) {
        try {
            Files.writeString(raw, m.csv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    synchronized List<Measurement> forTable() {
        return List.copyOf(table);
    }
}
