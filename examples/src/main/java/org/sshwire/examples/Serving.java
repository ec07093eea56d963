package org.sshwire.examples;

import java.util.concurrent.CountDownLatch;
import org.sshwire.connection.server.SshServer;

/** What every server example does once started: say where it listens, then serve until stopped. */
final class Serving {
    private Serving() {
    }

    /** Prints {@code listening on ADDRESS:PORT} and blocks; SIGTERM or Ctrl-C closes the server. */
    static void untilStopped(SshServer server) throws InterruptedException {
        System.out.println("listening on 127.0.0.1:" + server.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
