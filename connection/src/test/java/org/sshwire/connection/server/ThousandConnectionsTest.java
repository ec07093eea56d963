package org.sshwire.connection.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.IoThreads;

/**
 * 1 000 connections open at once against one server, each running an exec, with a bounded
 * executor: no thread per connection, so the process stays below 100 threads.
 */
class ThousandConnectionsTest {
    static final int CONNECTIONS = 1000;
    static final int CLIENT_THREADS = 16;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void thousandConcurrentExecsCompleteWithCorrectOutputUnderAHundredThreads() throws Exception {
        ExecutorService serverWork = Executors.newFixedThreadPool(8, SshServer.daemon("load-server"));
        ExecutorService clientWork = Executors.newFixedThreadPool(8, SshServer.daemon("load-client"));
        ExecutorService drivers = Executors.newFixedThreadPool(CLIENT_THREADS, SshServer.daemon("load-driver"));
        AtomicInteger peakThreads = new AtomicInteger();
        try (IoThreads clientLoops = IoThreads.create(2, "load-client-nio");
             SshServer server = new SshServerClientTest().base()
                     // 16 clients log in at once: above sshd's MaxStartups 10:30:100 start, raised as sshd users do
                     .maxStartups(MaxStartups.parse("1000:30:2000")).perSourceMaxStartups(0)
                     .executor(serverWork)
                     .handler(s -> {
                         s.stdout().write(("hello " + s.rawCommand()).getBytes(StandardCharsets.UTF_8));
                         s.exit(0);
                     }).build().start()) {
            List<SshClient> clients = new ArrayList<>();
            List<Future<List<SshClient>>> connects = new ArrayList<>();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                int share = CONNECTIONS / CLIENT_THREADS + (t < CONNECTIONS % CLIENT_THREADS ? 1 : 0);
                connects.add(drivers.submit(() -> {
                    List<SshClient> mine = new ArrayList<>();
                    for (int i = 0; i < share; i++) {
                        mine.add(SshClient.builder("alice").identity(SshServerClientTest.ALICE).ioThreads(clientLoops)
                                .executor(clientWork).timeout(Duration.ofSeconds(120))
                                .hostKeyVerifier((h, p, k) -> k.equals(SshServerClientTest.HOST.publicKey()))
                                .connect("127.0.0.1", server.port()));
                        peakThreads.accumulateAndGet(Thread.getAllStackTraces().size(), Math::max);
                    }
                    return mine;
                }));
            }
            for (Future<List<SshClient>> f : connects) {
                clients.addAll(f.get(200, TimeUnit.SECONDS));
            }
            assertEquals(CONNECTIONS, server.connections().size(), "all connections open at once");
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                int from = t;
                runs.add(drivers.submit(() -> {
                    List<ClientSession> sessions = new ArrayList<>();
                    for (int i = from; i < CONNECTIONS; i += CLIENT_THREADS) {
                        sessions.add(clients.get(i).exec("n" + i));
                    }
                    int k = 0;
                    for (int i = from; i < CONNECTIONS; i += CLIENT_THREADS, k++) {
                        ClientSession s = sessions.get(k);
                        String out = new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8);
                        if (!out.equals("hello n" + i) || s.waitFor() != 0) {
                            return false;
                        }
                    }
                    peakThreads.accumulateAndGet(Thread.getAllStackTraces().size(), Math::max);
                    return true;
                }));
            }
            for (Future<Boolean> f : runs) {
                assertTrue(f.get(200, TimeUnit.SECONDS), "every exec printed its own output");
            }
            System.out.println("ThousandConnectionsTest: " + CONNECTIONS + " connections, peak JVM threads (server + client + test) "
                    + peakThreads.get());
            assertTrue(peakThreads.get() < 100, "threads: " + peakThreads.get());
            clients.forEach(SshClient::close);
        } finally {
            drivers.shutdownNow();
            serverWork.shutdownNow();
            clientWork.shutdownNow();
        }
    }
}
