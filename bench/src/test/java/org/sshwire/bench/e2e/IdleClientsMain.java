package org.sshwire.bench.e2e;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sshwire.auth.Identity;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.IoThreads;
import org.sshwire.transport.crypto.CryptoBackend;

/**
 * Holds many idle authenticated connections to one server, cheaply: sshwire's SshClient on two
 * shared selector loops, so the connections cost this JVM memory but no threads. Reads
 * {@code open N} (grow to N connections, then answer {@code READY open failed}) and ends, closing
 * everything, on {@code quit} or end of input.
 *
 * <p>Arguments: {@code clientKeyFile user port}.
 */
public final class IdleClientsMain {
    /** Connections being set up at once: enough to keep a server busy, below sshd's default MaxStartups. */
    private static final int IN_FLIGHT = 8;
    /** Each {@code open} gives up after this long and reports what it has. */
    private static final Duration OPEN_LIMIT = Duration.ofMinutes(5);

    private IdleClientsMain() {
    }

    public static void main(String[] args) throws Exception {
        CryptoBackend crypto = CryptoBackend.defaultBackend();
        Identity id = Identity.fromFile(Path.of(args[0]), null, crypto);
        String user = args[1];
        int port = Integer.parseInt(args[2]);
        ConcurrentLinkedQueue<SshClient> open = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService verifiers = Executors.newFixedThreadPool(2);
        ExecutorService connectors = Executors.newFixedThreadPool(IN_FLIGHT);
        try (IoThreads loops = IoThreads.create(2, "idle-clients")) {
            SshClient.Builder builder = SshClient.builder(user).identity(id).hostKeyVerifier(HostKeyVerifier.acceptAny())
                    .ioThreads(loops).executor(verifiers).timeout(Duration.ofSeconds(60))
                    .transport(t -> t.kexAlgorithms(List.of(OpenSshClient.KEX))
                            .hostKeyAlgorithms(List.of(OpenSshClient.HOST_KEY_ALGORITHM)));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                int target = Integer.parseInt(line.split(" ")[1]);
                long deadline = System.nanoTime() + OPEN_LIMIT.toNanos();
                AtomicInteger next = new AtomicInteger(open.size());
                // Bounded: each worker stops at the target, at the deadline, or after too many failures.
                Runnable worker = () -> {
                    while (next.getAndIncrement() < target && System.nanoTime() < deadline && failed.get() < 100) {
                        try {
                            open.add(builder.connect("127.0.0.1", port));
                        } catch (Exception e) {
                            if (failed.incrementAndGet() <= 3) {
                                System.err.println("idle connect failed: " + e);
                            }
                        }
                    }
                };
                var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
                for (int i = 0; i < IN_FLIGHT; i++) {
                    futures.add(connectors.submit(worker));
                }
                for (var f : futures) {
                    f.get(OPEN_LIMIT.toSeconds() + 120, TimeUnit.SECONDS);
                }
                System.out.println("READY " + open.size() + " " + failed.get());
                System.out.flush();
            }
        } finally {
            open.forEach(SshClient::close);
            connectors.shutdownNow();
            verifiers.shutdownNow();
        }
    }
}
