package org.sshwire.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sshwire.testvectors.OpenSsh;

/**
 * Runs an example as a user would: its own JVM on the class path this module's tests have
 * (the protocol modules and Bouncy Castle, no cli, no pty4j), with arguments on the command line.
 */
final class ExamplePrograms {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private ExamplePrograms() {
    }

    private static List<String> command(Class<?> main, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        return cmd;
    }

    /** Runs a client example to its end (bounded), returning its exit code and output. */
    static OpenSsh.Result run(Class<?> main, String... args) {
        return OpenSsh.run(command(main, List.of(args)), 120);
    }

    /** A server example, running until {@link #close}; its standard output goes to a log file. */
    static final class Server implements AutoCloseable {
        final Process process;
        final int port;
        final Path log;

        Server(Class<?> main, Path dir, String... args) throws IOException, InterruptedException {
            this.log = dir.resolve(main.getSimpleName() + ".log");
            this.process = new ProcessBuilder(command(main, List.of(args))).redirectErrorStream(true).start();
            BlockingQueue<String> firstLines = new ArrayBlockingQueue<>(64);
            Thread pump = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                                java.nio.file.StandardOpenOption.APPEND);
                        firstLines.offer(line);
                    }
                } catch (IOException e) {
                    firstLines.offer("output ended: " + e);
                }
            }, "example-output");
            pump.setDaemon(true);
            pump.start();
            int found = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (found < 0 && System.nanoTime() < deadline && process.isAlive()) {
                String line = firstLines.poll(1, TimeUnit.SECONDS);
                Matcher m = line == null ? null : LISTENING.matcher(line);
                if (m != null && m.find()) {
                    found = Integer.parseInt(m.group(1));
                }
            }
            if (found < 0) {
                close();
            }
            assertTrue(found > 0, main.getSimpleName() + " did not start: " + logText());
            this.port = found;
        }

        String logText() {
            try {
                return Files.exists(log) ? Files.readString(log) : "(no output)";
            } catch (IOException e) {
                return e.toString();
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy(); // SIGTERM: the example's shutdown hook closes its server
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }
}
