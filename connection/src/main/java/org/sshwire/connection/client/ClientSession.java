package org.sshwire.connection.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.connection.internal.channel.ChannelInternals;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.connection.message.TerminalModes;
import org.sshwire.transport.wire.Bytes;

/**
 * A session channel from the client side (Go's {@code ssh.Session}): environment, pty, then one
 * command, shell or subsystem; streams; exit status or signal.
 *
 * <p>To run a command and keep what it printed, {@link #collect()}: it reads stdout and stderr
 * together (each up to {@link #DEFAULT_COLLECT_LIMIT}) and waits for the exit.
 *
 * <pre>{@code
 * ClientSession s = client.openSession();
 * s.setenv("LANG", "C");
 * s.exec("uname -a");
 * CommandResult r = s.collect();
 * System.out.print(r.stdoutText());
 * if (!r.exit().isSuccess()) {
 *     System.err.print(r.exit() + ": " + r.stderrText());
 * }
 * }</pre>
 *
 * <p>To stream the output instead, read the streams. stdout and stderr share one flow-control
 * window (RFC 4254 §5.2), so each buffers up to {@link #DEFAULT_READ_AHEAD} unread bytes while the
 * other is read ({@link Channel#setReadAhead}): reading one to its end first works as long as the
 * other stays within that; past it the remote command pauses until the other is read too
 * (nothing is lost). For output that may be larger, read both at once, one on another thread.
 *
 * <pre>{@code
 * ClientSession s = client.exec("tar cf - /srv");
 * try (OutputStream file = Files.newOutputStream(Path.of("srv.tar"))) {
 *     s.stdout().transferTo(file); // meanwhile up to 8 MiB of stderr wait unread
 * }
 * String errors = new String(s.stderr().readAllBytes(), StandardCharsets.UTF_8);
 * ExitStatus exit = s.waitForExit();
 * }</pre>
 */
public final class ClientSession implements AutoCloseable {
    /**
     * The read-ahead each session starts with: unread bytes per stream (stdout, stderr) buffered
     * so that the other stream keeps flowing (see {@link Channel#setReadAhead}). 8 MiB: four
     * times the 2 MiB window a client announces by default, so a command's usual diagnostics
     * never hold up its output, while a session that nobody reads still holds little memory.
     */
    public static final long DEFAULT_READ_AHEAD = 8L << 20;
    /** What {@link #collect()} keeps of each stream at most: 16 MiB. */
    public static final long DEFAULT_COLLECT_LIMIT = 16L << 20;
    /** The most {@link #collect(long)} can keep of one stream: the largest Java array. */
    private static final long MAX_COLLECT_LIMIT = Integer.MAX_VALUE - 8;

    private final Channel channel;
    private volatile Long exitStatus;
    private volatile ChannelRequestBody.ExitSignal exitSignal;
    private volatile String started; // what ran, for messages: "command 'ls'", "shell", ...

    ClientSession(Channel channel) {
        this.channel = channel;
        channel.setReadAhead(DEFAULT_READ_AHEAD);
        channel.onRequest(this::onRequest);
    }

    private void onRequest(ConnectionEvent.ChannelRequestReceived r) {
        if (r.body() instanceof ChannelRequestBody.ExitStatus s) {
            exitStatus = s.exitStatus();
        } else if (r.body() instanceof ChannelRequestBody.ExitSignal s) {
            exitSignal = s;
        }
        if (r.wantReply()) {
            channel.replyRequest(false);
        }
    }

    public Channel channel() {
        return channel;
    }

    /** Sends {@code env}; false if the server refused it (OpenSSH needs AcceptEnv). */
    public boolean setenv(String name, String value) throws IOException {
        return request(new ChannelRequestBody.Env(name, value));
    }

    /**
     * Asks the server to forward the agent to this session ({@code auth-agent-req@openssh.com});
     * false when it refuses (sshd's AllowAgentForwarding, {@code no-agent-forwarding}). The
     * connection must forward one: {@link SshClient#forwardAgent}.
     */
    public boolean requestAgentForwarding() throws IOException {
        return request(new ChannelRequestBody.AuthAgentReq());
    }

    public boolean requestPty(String term, int columns, int rows) throws IOException {
        return request(new ChannelRequestBody.PtyReq(term, columns, rows, 0, 0, TerminalModes.NONE));
    }

    public void exec(String command) throws IOException {
        if (!start(new ChannelRequestBody.Exec(Bytes.utf8(command)))) {
            throw new IOException("the server refused to run: " + command);
        }
        started = "command '" + command + "'";
    }

    public void shell() throws IOException {
        if (!start(new ChannelRequestBody.Shell())) {
            throw new IOException("the server refused a shell");
        }
        started = "shell";
    }

    public void subsystem(String name) throws IOException {
        if (!start(new ChannelRequestBody.Subsystem(name))) {
            throw new IOException("the server refused subsystem " + name);
        }
        started = "subsystem " + name;
    }

    /**
     * Asks for subsystem {@code name} and returns at once; the future says whether it started
     * (false: refused, or the channel closed without an exit status). What is written to
     * {@link #stdin()} meanwhile goes right behind the request, as ssh sends sftp's INIT, one
     * round trip sooner than after {@link #subsystem}. A server that refuses drops that input,
     * so a refusal closes this session: a read waiting for the subsystem's first answer ends
     * instead of waiting for good.
     *
     * <pre>{@code
     * CompletableFuture<Boolean> started = session.requestSubsystem("sftp");
     * session.stdin().write(init);
     * int first = session.stdout().read();   // -1 if it was refused
     * }</pre>
     */
    public CompletableFuture<Boolean> requestSubsystem(String name) throws IOException {
        ChannelRequestBody.Subsystem body = new ChannelRequestBody.Subsystem(name);
        CompletableFuture<Boolean> answer = channel.sendRequestAsync(body.requestType(), true, body.toBytes()).thenApply(ok -> {
            boolean ran = ok || channel.isClosed() && (exitStatus != null || exitSignal != null);
            if (ran) {
                started = "subsystem " + name;
            }
            return ran;
        });
        // Closed only once the answer is complete: whoever sees its input fail then sees why.
        answer.thenAccept(ran -> {
            if (!ran) {
                close();
            }
        });
        return answer;
    }

    public void windowChange(int columns, int rows) throws IOException {
        channel.sendRequest(ChannelRequestBody.WINDOW_CHANGE, false, new ChannelRequestBody.WindowChange(columns, rows, 0, 0).toBytes());
    }

    /** Sends a signal by name without "SIG" ("TERM", "INT", "KILL"). */
    public void signal(String name) throws IOException {
        channel.sendRequest(ChannelRequestBody.SIGNAL, false, new ChannelRequestBody.Signal(name).toBytes());
    }

    private boolean request(ChannelRequestBody body) throws IOException {
        return channel.sendRequest(body.requestType(), true, body.toBytes());
    }

    /**
     * exec, shell or subsystem: refused only by CHANNEL_FAILURE, or by a close without a word.
     * A server may run the command and close the channel before it answers the request (a
     * paramiko 2.12 server does); the reply then never comes, and OpenSSH's ssh drops the
     * expectation with the channel and reports the command's exit. So do we: a channel that
     * closed with an exit status or signal ran its command.
     */
    private boolean start(ChannelRequestBody body) throws IOException {
        return request(body) || channel.isClosed() && (exitStatus != null || exitSignal != null);
    }

    /** The command's input; closing it sends EOF. */
    public OutputStream stdin() {
        return channel.getOutputStream();
    }

    public InputStream stdout() {
        return channel.getInputStream();
    }

    public InputStream stderr() {
        return channel.getErrorStream();
    }

    /**
     * Runs the started command to its end and returns all it printed and how it ended (Go's
     * {@code Session.Output}, with stderr kept too): sends EOF on stdin, as {@code ssh -n} does,
     * then reads stdout and stderr together as they arrive, so neither can hold up the other,
     * and waits for the channel to close. Each stream is kept up to
     * {@link #DEFAULT_COLLECT_LIMIT}; see {@link #collect(long)}. What was read from the streams
     * before is not included.
     *
     * <pre>{@code
     * CommandResult r = client.exec("id -un").collect();
     * String user = r.stdoutText().strip();
     * }</pre>
     *
     * @throws IOException when a stream goes over the limit (the session is then closed)
     * @throws IllegalStateException before {@link #exec}, {@link #shell} or {@link #subsystem}
     * @throws InterruptedException if interrupted while waiting; the session stays open
     */
    public CommandResult collect() throws IOException, InterruptedException {
        return collect(DEFAULT_COLLECT_LIMIT);
    }

    /**
     * Like {@link #collect()}, keeping at most {@code maxBytesPerStream} of stdout and of stderr
     * each. Output over the limit is not truncated silently: collection stops at once, the
     * session is closed (the server then closes the command's pipes, as sshd does when ssh
     * goes away, so it ends at its next write) and an {@link IOException} names the stream.
     * Memory use stays within the limits plus the channel's window, whatever the command prints.
     *
     * @throws IllegalArgumentException if {@code maxBytesPerStream} is negative or above
     *         {@code Integer.MAX_VALUE - 8} (the largest array)
     */
    public CommandResult collect(long maxBytesPerStream) throws IOException, InterruptedException {
        if (maxBytesPerStream < 0 || maxBytesPerStream > MAX_COLLECT_LIMIT) {
            throw new IllegalArgumentException("collect limit out of range 0.." + MAX_COLLECT_LIMIT + ": " + maxBytesPerStream);
        }
        String what = started;
        if (what == null) {
            throw new IllegalStateException("nothing to collect: start a command, shell or subsystem first");
        }
        stdin().close(); // EOF: a command that reads its input must not wait for ours
        ChannelInternals.Drained d = ChannelInternals.drainBoth(channel, maxBytesPerStream);
        if (d.overflowed() >= 0) {
            channel.close();
            throw new IOException((d.overflowed() == 0 ? "stdout" : "stderr") + " of " + what + " went over the "
                    + maxBytesPerStream + "-byte limit of collect(); the session was closed. Raise the limit or read "
                    + "stdout() and stderr() as they arrive");
        }
        return new CommandResult(d.data(), d.extended(), waitForExit());
    }

    /**
     * Waits for the channel to close and returns the exit status; -1 if the command was killed by
     * a signal or the server reported nothing — {@link #waitForExit()} tells those apart.
     */
    public int waitFor() throws InterruptedException {
        channel.awaitClose(Duration.ofDays(365));
        return exitStatus == null ? -1 : (int) (long) exitStatus;
    }

    /** Like {@link #waitFor()}, bounded; null if still running. */
    public Integer waitFor(Duration timeout) throws InterruptedException {
        if (!channel.awaitClose(timeout)) {
            return null;
        }
        return exitStatus == null ? -1 : (int) (long) exitStatus;
    }

    /**
     * Waits for the channel to close and returns how the command ended: its exit code, the signal
     * that killed it, or {@link ExitStatus#NONE} when the server reported neither (RFC 4254 §6.10
     * allows that; it is also what a connection lost before the report gives). Should a server
     * send both, the signal wins: a killed process has no exit code of its own.
     *
     * <pre>{@code
     * if (session.waitForExit() instanceof ExitStatus.Signal s) { log("killed by " + s.name()); }
     * }</pre>
     */
    public ExitStatus waitForExit() throws InterruptedException {
        channel.awaitClose(Duration.ofDays(365));
        return exit();
    }

    /** Like {@link #waitForExit()}, bounded; null if still running. */
    public ExitStatus waitForExit(Duration timeout) throws InterruptedException {
        return channel.awaitClose(timeout) ? exit() : null;
    }

    private ExitStatus exit() {
        ChannelRequestBody.ExitSignal s = exitSignal;
        if (s != null) {
            return new ExitStatus.Signal(s.signalName(), s.coreDumped(), s.errorMessage());
        }
        Long code = exitStatus;
        return code == null ? ExitStatus.NONE : new ExitStatus.Code((int) (long) code);
    }

    /** The signal that killed the command ("TERM", ...), or null; see also {@link #waitForExit()}. */
    public String exitSignal() {
        ChannelRequestBody.ExitSignal s = exitSignal;
        return s == null ? null : s.signalName();
    }

    @Override
    public void close() {
        channel.close();
    }
}
