package org.sshwire.bench.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A started server process: its log, waiting until its port accepts connections, and stopping
 * it with its whole tree. Each {@link ServerUnderTest} holds one.
 */
final class ServerProcess {
    private static final System.Logger LOG = System.getLogger(ServerProcess.class.getName());
    private static final long START_TIMEOUT_MILLIS = 60_000;

    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** A free port on 127.0.0.1 right now (the server binds it a moment later). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts {@code command} through bash so that the open-files limit can be raised to the hard
     * limit first (10 000 idle connections need 10 000 descriptors), and waits for the port.
     */
    static ServerProcess start(String name, List<String> command, int port, Path log) throws IOException {
        StringBuilder shell = new StringBuilder("ulimit -n $(ulimit -Hn); exec");
        for (String c : command) {
            shell.append(" '").append(c.replace("'", "'\\''")).append('\'');
        }
        Process p = new ProcessBuilder("bash", "-c", shell.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess sp = new ServerProcess(p, log);
        long deadline = System.nanoTime() + START_TIMEOUT_MILLIS * 1_000_000;
        while (true) { // bounded by the deadline
            if (!p.isAlive()) {
                throw new IOException(name + " exited at start (" + p.exitValue() + "): " + sp.logText());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                LOG.log(System.Logger.Level.INFO, "{0} listening on 127.0.0.1:{1,number,#} (pid {2,number,#})", name, port, p.pid());
                return sp;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    sp.stop();
                    throw new IOException(name + " did not listen on " + port + " within 60 s: " + sp.logText());
                }
                ProcessStats.sleep(50);
            }
        }
    }

    long pid() {
        return process.pid();
    }

    String logText() {
        try {
            String s = Files.readString(log);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** SIGTERM to the tree (the JVMs run their shutdown hooks), SIGKILL after 5 s. */
    void stop() {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
