package org.sshwire.connection.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.sshwire.auth.Permissions;
import org.sshwire.connection.channel.Channel;
import org.sshwire.connection.channel.ConnectionContext;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.connection.internal.server.ShellWords;

/**
 * A session channel as a handler sees it (gliderlabs/ssh's {@code Session}): who, what was asked
 * (command, shell or subsystem), environment, pty and its size changes, signals, break, the three
 * streams and the exit status.
 *
 * <pre>{@code
 * SessionHandler h = s -> {
 *     s.onSignal(sig -> log("got " + sig));
 *     s.stdout().write(("hello " + s.user() + "\n").getBytes());
 *     s.exit(0);
 * };
 * }</pre>
 */
public final class Session {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());
    /** Signals kept until a listener registers; more are dropped (the oldest stay). */
    public static final int MAX_BUFFERED_SIGNALS = 32;
    /** Environment variables kept per session. */
    public static final int MAX_ENV = 256;
    /** Bytes of names and values kept per session; later variables are refused. */
    public static final int MAX_ENV_BYTES = 64 * 1024;

    private final Channel channel;
    private final Map<String, String> env = Collections.synchronizedMap(new LinkedHashMap<>());
    private final ArrayDeque<String> signals = new ArrayDeque<>(); // guarded by this
    private Consumer<String> signalListener; // guarded by this
    private volatile Consumer<Pty> windowListener;
    private volatile LongConsumer breakListener;
    private volatile Pty pty;
    private volatile String requestType;
    private volatile String rawCommand;
    private volatile String subsystem;
    private volatile String originalCommand;
    private final java.util.function.Supplier<Optional<UserAccount>> account;
    private int envBytes; // guarded by env
    private volatile boolean exited;
    private volatile java.nio.file.Path agentSocket;

    Session(Channel channel, java.util.function.Supplier<Optional<UserAccount>> account) {
        this.channel = channel;
        this.account = account;
    }

    /**
     * The OS account this login stands for, when the server ties logins to accounts
     * ({@link SshServer.Builder#accounts}); empty otherwise.
     */
    public Optional<UserAccount> account() {
        return account.get();
    }

    public SshConnection connection() {
        return channel.connection();
    }

    public Channel channel() {
        return channel;
    }

    public String user() {
        return connection().user();
    }

    public InetSocketAddress remoteAddress() {
        return connection().remoteAddress();
    }

    public Permissions permissions() {
        return connection().permissions();
    }

    /** Cancelled when the connection closes. */
    public ConnectionContext context() {
        return connection().context();
    }

    /** Variables from {@code env} requests, in arrival order. */
    /**
     * The forwarded agent's socket, once the client asked for agent forwarding and it was
     * allowed ({@link ForwardingPolicy#withAgentForwarding}); it is also the session's
     * {@code SSH_AUTH_SOCK}. A handler may use the client's agent through it, e.g. to sign a
     * login to a next hop:
     *
     * <pre>{@code
     * try (AgentClient agent = AgentClient.connect(session.agentSocket().orElseThrow())) {
     *     SshClient next = SshClient.builder(session.user()).agent(agent).hostKeyVerifier(v).connect("next", 22);
     * }
     * }</pre>
     */
    public Optional<java.nio.file.Path> agentSocket() {
        return Optional.ofNullable(agentSocket);
    }

    void setAgentSocket(java.nio.file.Path p) {
        agentSocket = p;
    }

    public Map<String, String> environment() {
        synchronized (env) {
            return Map.copyOf(env);
        }
    }

    /** "exec", "shell" or "subsystem". */
    public String requestType() {
        return requestType;
    }

    /** The exec command as sent (or a forced command), null for a shell or subsystem. */
    public String rawCommand() {
        return rawCommand;
    }

    /** The command the client asked for when a forced command replaced it (SSH_ORIGINAL_COMMAND), else null. */
    public String originalCommand() {
        return originalCommand;
    }

    /** The command split into words as a POSIX shell would, empty for a shell. */
    public List<String> command() {
        return rawCommand == null ? List.of() : ShellWords.split(rawCommand);
    }

    public Optional<String> subsystem() {
        return Optional.ofNullable(subsystem);
    }

    public Optional<Pty> pty() {
        return Optional.ofNullable(pty);
    }

    /** Called with the new size on every window-change. */
    public void onWindowChange(Consumer<Pty> listener) {
        this.windowListener = listener;
    }

    /** Called with each signal name ("INT", "TERM", ...); signals that came earlier are delivered first. */
    public void onSignal(Consumer<String> listener) {
        List<String> buffered;
        synchronized (this) {
            signalListener = listener;
            buffered = List.copyOf(signals);
            signals.clear();
        }
        buffered.forEach(listener);
    }

    /** Called with the break length in milliseconds (RFC 4335). */
    public void onBreak(LongConsumer listener) {
        this.breakListener = listener;
    }

    public InputStream stdin() {
        return channel.getInputStream();
    }

    public OutputStream stdout() {
        return channel.getOutputStream();
    }

    public OutputStream stderr() {
        return channel.getErrorOutputStream();
    }

    /** Sends EOF, exit-status and CLOSE. Later calls do nothing. */
    public void exit(int status) {
        end(new ChannelRequestBody.ExitStatus(status & 0xFFFFFFFFL));
    }

    /** Sends EOF, exit-signal ({@code signal} without "SIG") and CLOSE. */
    public void exitSignal(String signal, boolean coreDumped, String message) {
        end(new ChannelRequestBody.ExitSignal(signal, coreDumped, message == null ? "" : message, ""));
    }

    public boolean hasExited() {
        return exited;
    }

    private void end(ChannelRequestBody exit) {
        synchronized (this) {
            if (exited) {
                return;
            }
            exited = true;
        }
        try {
            channel.closeWrite();
            channel.sendRequest(exit.requestType(), false, exit.toBytes());
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.DEBUG, "session ended while exiting", e);
        }
        channel.close();
    }

    // ---------------------------------------------------------------- from SessionRequests

    /** Keeps a variable if the session's count and byte limits allow it. */
    boolean putEnv(String name, String value) {
        int size = name.length() + value.length();
        synchronized (env) {
            String old = env.get(name);
            int after = envBytes + size - (old == null ? 0 : name.length() + old.length());
            if ((old == null && env.size() >= MAX_ENV) || after > MAX_ENV_BYTES) {
                return false;
            }
            env.put(name, value);
            envBytes = after;
            return true;
        }
    }

    void setPty(Pty p) {
        pty = p;
    }

    void resize(Pty p) {
        pty = p;
        Consumer<Pty> l = windowListener;
        if (l != null) {
            l.accept(p);
        }
    }

    void started(String type, String command, String subsystemName, String original) {
        requestType = type;
        rawCommand = command;
        subsystem = subsystemName;
        originalCommand = original;
    }

    void signal(String name) {
        Consumer<String> l;
        synchronized (this) {
            l = signalListener;
            if (l == null) {
                if (signals.size() < MAX_BUFFERED_SIGNALS) {
                    signals.add(name);
                }
                return;
            }
        }
        l.accept(name);
    }

    /** Whether someone handles breaks (sshd answers a break without a terminal with failure). */
    boolean breakReceived(long millis) {
        LongConsumer l = breakListener;
        if (l != null) {
            l.accept(millis);
        }
        return l != null;
    }
}
