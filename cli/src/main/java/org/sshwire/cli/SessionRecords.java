package org.sshwire.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.sshwire.connection.research.ConnectionResearch;
import org.sshwire.transport.ConnectionInfo;
import org.sshwire.transport.research.ConnectionHooks;
import org.sshwire.transport.research.SeededRandom;
import org.sshwire.transport.research.SessionRecorder;

/**
 * The research options {@code --record} and {@code --random-seed} of {@code sshwire server} and
 * {@code --record} of {@code sshwire ssh}, as per-connection research hooks.
 */
final class SessionRecords {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private SessionRecords() {
    }

    /** The seed of {@code --random-seed}: at least 16 bytes, as hex. */
    static byte[] seed(String hex) {
        byte[] seed;
        try {
            seed = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw UserErrors.fail("--random-seed: not hex: " + hex);
        }
        if (seed.length < 16) {
            throw UserErrors.fail("--random-seed: give at least 16 bytes (32 hex digits), not " + seed.length);
        }
        return seed;
    }

    /**
     * The server's per-connection research: the n-th connection since start draws from stream n
     * of {@code seed} (when given), and is recorded to its own file in {@code dir} (when given).
     * Null when neither is given.
     */
    static Function<ConnectionInfo, ConnectionResearch> server(Path dir, byte[] seed) throws IOException {
        if (dir == null && seed == null) {
            return null;
        }
        if (dir != null) {
            Files.createDirectories(dir);
        }
        AtomicLong connections = new AtomicLong();
        return info -> {
            long n = connections.incrementAndGet();
            SecureRandom source = seed != null ? SeededRandom.of(seed, n) : new SecureRandom();
            if (dir == null) {
                return ConnectionResearch.of(ConnectionHooks.builder().randomness(source).build());
            }
            Path file = dir.resolve("session-" + LocalDateTime.now().format(STAMP) + "-" + info.id() + ".pcapng");
            try {
                return ConnectionResearch.of(SessionRecorder.toFile(file, false, source).hooks());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the recording " + file, e);
            }
        };
    }

    /** {@code sshwire ssh --record FILE}: the destination connection, recorded with its randomness. */
    static ConnectionResearch client(Path file) {
        try {
            return ConnectionResearch.of(SessionRecorder.toFile(file, true).hooks());
        } catch (IOException e) {
            throw UserErrors.fail("--record: cannot create " + file + ": " + e.getMessage());
        }
    }
}
