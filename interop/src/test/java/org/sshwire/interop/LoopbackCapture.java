package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.sshwire.testvectors.Prerequisites;

/**
 * {@code tcpdump -i lo} writing one TCP port's packets to a pcap file, each packet flushed as it
 * is captured ({@code -U}); closing it sends SIGTERM and waits for tcpdump to finish the file.
 * tcpdump prints "listening on" after its filter is installed, so packets sent after {@link
 * #start} returns are captured. Capturing needs root (the interop tests run as root).
 */
final class LoopbackCapture implements AutoCloseable {
    static final Path TCPDUMP = Path.of("/usr/bin/tcpdump");

    private final Process process;
    private final StringBuilder output = new StringBuilder();

    private final Path file;

    private LoopbackCapture(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    static LoopbackCapture start(int port, Path file) throws Exception {
        Prerequisites.tool(TCPDUMP, "tcpdump");
        // --immediate-mode: each packet reaches tcpdump as it arrives, not when a ring-buffer block
        // fills or times out; else SIGTERM can lose the last packets still in the kernel's block.
        Process p = new ProcessBuilder(TCPDUMP.toString(), "-i", "lo", "--immediate-mode", "-U", "-s", "0", "-n", "-w", file.toString(),
                "tcp port " + port).redirectErrorStream(true).start();
        LoopbackCapture c = new LoopbackCapture(p, file);
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String line = r.readLine();
            if (line == null) {
                break;
            }
            c.output.append(line).append('\n');
            if (line.contains("listening on lo")) {
                Thread t = new Thread(() -> r.lines().forEach(l -> { }), "tcpdump-output");
                t.setDaemon(true);
                t.start();
                return c;
            }
        }
        p.destroyForcibly();
        throw new AssertionError("tcpdump did not start: " + c.output);
    }

    @Override
    public void close() throws Exception {
        // Let the last packets (FIN, ACK) reach the file: wait until it has stopped growing.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long size = -1;
        while (System.nanoTime() < deadline && java.nio.file.Files.size(file) != size) {
            size = java.nio.file.Files.size(file);
            Thread.sleep(300);
        }
        process.destroy(); // SIGTERM: tcpdump writes what it holds and exits
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("tcpdump did not stop within 20 s of SIGTERM");
        }
        assertTrue(List.of(0, 143).contains(process.exitValue()), "tcpdump exit " + process.exitValue() + ": " + output);
    }
}
