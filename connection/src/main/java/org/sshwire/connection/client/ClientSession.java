package org.sshwire.connection.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.engine.ConnectionEvent;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.connection.message.TerminalModes;
import org.sshwire.transport.wire.Bytes;

/**
 * A session channel from the client side (Go's {@code ssh.Session}): environment, pty, then one
 * command, shell or subsystem; streams; exit status or signal.
 *
 * <pre>{@code
 * ClientSession s = client.openSession();
 * s.setenv("LANG", "C");
 * s.exec("uname -a");
 * String out = new String(s.stdout().readAllBytes());
 * int status = s.waitFor();
 * }</pre>
 */
public final class ClientSession implements AutoCloseable {
    private final Channel channel;
    private volatile Long exitStatus;
    private volatile ChannelRequestBody.ExitSignal exitSignal;

    ClientSession(Channel channel) {
        this.channel = channel;
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

    public boolean requestPty(String term, int columns, int rows) throws IOException {
        return request(new ChannelRequestBody.PtyReq(term, columns, rows, 0, 0, TerminalModes.NONE));
    }

    public void exec(String command) throws IOException {
        if (!start(new ChannelRequestBody.Exec(Bytes.utf8(command)))) {
            throw new IOException("the server refused to run: " + command);
        }
    }

    public void shell() throws IOException {
        if (!start(new ChannelRequestBody.Shell())) {
            throw new IOException("the server refused a shell");
        }
    }

    public void subsystem(String name) throws IOException {
        if (!start(new ChannelRequestBody.Subsystem(name))) {
            throw new IOException("the server refused subsystem " + name);
        }
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
     * Waits for the channel to close and returns the exit status, or -1 if the command was killed
     * by a signal ({@link #exitSignal()}) or the server sent none.
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

    /** The signal that killed the command ("TERM", ...), or null. */
    public String exitSignal() {
        ChannelRequestBody.ExitSignal s = exitSignal;
        return s == null ? null : s.signalName();
    }

    @Override
    public void close() {
        channel.close();
    }
}
