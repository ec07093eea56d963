package org.sshwire.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The harness's handle on {@link SshwireClientMain}: sshwire's {@code SshClient} and
 * {@code SftpClient} in a JVM of their own, driven one operation at a time.
 */
final class SshwireClientAgent implements BenchClient {
    private final Workspace ws;
    private final Process process;
    private final PrintStream commands;
    private final BlockingQueue<String> replies = new ArrayBlockingQueue<>(16);

    SshwireClientAgent(Workspace ws) throws IOException {
        this.ws = ws;
        this.process = new ProcessBuilder(JavaCommand.sshwire(SshwireClientMain.class.getName(), ws.clientKey.toString(),
                System.getProperty("user.name")))
                .redirectError(ws.root.resolve("sshwire-client.log").toFile()).start();
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    replies.put(line);
                }
            } catch (IOException | InterruptedException e) {
                // the agent has gone; the next call times out or sees the dead process
            }
        }, "sshwire-client-agent-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public String name() {
        return "sshwire";
    }

    @Override
    public Sample transfer(Transfer t, Cipher c, int port) {
        String client = ws.clientDir.toString();
        String op = switch (t) {
            case EXEC_UPLOAD -> "exec-up " + ws.bigFile();
            case EXEC_DOWNLOAD -> "exec-down " + ws.bigFile();
            case SFTP_PUT -> "sftp-put " + ws.bigFile() + " " + Transfer.UPLOADED;
            case SFTP_GET -> "sftp-get " + Workspace.BIG + " " + client + "/" + Transfer.DOWNLOADED;
            case SMALL_PUT -> "sftp-put-tree " + client + "/" + Workspace.SMALL + " " + Transfer.SMALL_UPLOADED;
            case SMALL_GET -> "sftp-get-tree " + Workspace.SMALL + " " + client + "/" + Transfer.SMALL_DOWNLOADED;
        };
        String[] w = op.split(" ", 2);
        return call(w[0] + " " + c.cipher() + " " + c.macOrDefault() + " " + port + " " + w[1], Timeouts.transfer(ws));
    }

    @Override
    public Sample connectExecTrue(int port) {
        return call("true - - " + port, Duration.ofSeconds(60));
    }

    private Sample call(String line, Duration timeout) {
        if (!process.isAlive()) {
            throw new IllegalStateException("the sshwire client JVM has exited (" + process.exitValue() + ")");
        }
        commands.println(line);
        String reply;
        try {
            reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (reply == null) {
            close();
            throw new IllegalStateException("no answer within " + timeout + " to " + line);
        }
        String[] w = reply.split(" ");
        if (!w[0].equals("OK")) {
            throw new IllegalStateException("sshwire client: " + line + ": " + reply);
        }
        return new Sample(Double.parseDouble(w[1]), Double.parseDouble(w[2]));
    }

    @Override
    public void close() {
        commands.close(); // EOF: the agent's loop ends
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
