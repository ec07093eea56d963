package org.sshwire.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sshwire ssh [user@]host [command...]}: OpenSSH's client flags for a command, an
 * interactive shell on a pseudo-terminal (raw local terminal, window-size changes, {@code ~.}
 * escapes), and {@code -L} / {@code -R} forwards ({@code -N} for forwards only). Exits with the
 * remote exit status, or 255 for connection errors as ssh. Host keys are checked against
 * known_hosts ({@code StrictHostKeyChecking=ask|yes|accept-new|no}).
 *
 * <pre>{@code
 * sshwire ssh -p 2222 -i ~/.ssh/id_ed25519 alice@127.0.0.1 uname -a
 * sshwire ssh -N -L 8080:127.0.0.1:80 alice@example.org
 * }</pre>
 */
@Command(name = "ssh", mixinStandardHelpOptions = true,
        description = "Run a command or an interactive shell on an SSH server; forward ports.")
final class SshCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "[user@]host", description = "Server to connect to.")
    String destination;
    @Parameters(index = "1..*", paramLabel = "command", description = "Command to run; without one, an interactive shell.")
    List<String> command = new ArrayList<>();
    @Option(names = "-p", description = "Port (default 22).")
    int port = 22;
    @Option(names = "-l", description = "User name.")
    String loginName;
    @Option(names = "-i", paramLabel = "FILE", description = "Identity (private key) file.")
    List<Path> identities = new ArrayList<>();
    @Option(names = "-o", paramLabel = "Name=value", description = "ssh_config option: StrictHostKeyChecking, UserKnownHostsFile, "
            + "KexAlgorithms, Ciphers, MACs, HostKeyAlgorithms, ConnectTimeout, ServerAliveInterval, ServerAliveCountMax, SetEnv, "
            + "UpdateHostKeys, PubkeyAcceptedAlgorithms, Compression. Legacy algorithms are off and enabled by name only, "
            + "e.g. -o Ciphers=+aes128-cbc, -o MACs=+hmac-sha1, -o KexAlgorithms=+diffie-hellman-group1-sha1, "
            + "-o HostKeyAlgorithms=+ssh-rsa, -o PubkeyAcceptedAlgorithms=+ssh-rsa.")
    Map<String, String> options = new LinkedHashMap<>();
    @Option(names = "-C", description = "Compression (zlib@openssh.com, zlib), as -o Compression=yes.")
    boolean compress;
    @Option(names = "-t", description = "Force a pseudo-terminal; twice (-tt) even when standard input is not a terminal.")
    boolean[] forceTty = new boolean[0];
    @Option(names = "-T", description = "Never allocate a pseudo-terminal.")
    boolean noTty;
    @Option(names = "-N", description = "Run no command (forwards only).")
    boolean noCommand;
    @Option(names = "-L", paramLabel = "[bind:]port:host:hostport", description = "Local forward: a local port reaches host:hostport "
            + "through the server; or local_socket:remote_socket for Unix sockets.")
    List<String> localForwards = new ArrayList<>();
    @Option(names = "-R", paramLabel = "[bind:]port:host:hostport", description = "Remote forward: a port on the server reaches "
            + "host:hostport from here; or remote_socket:local_socket for Unix sockets.")
    List<String> remoteForwards = new ArrayList<>();
    @Option(names = "-e", paramLabel = "char", description = "Escape character (default ~; 'none' disables).")
    String escapeChar = "~";
    @Mixin
    AgentForwardOption agentForward = new AgentForwardOption();
    @Option(names = "-q", description = "Quiet: no warnings or diagnostics.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        List<ForwardSpec> locals = localForwards.stream().map(ForwardSpec::parse).toList();
        List<ForwardSpec> remotes = remoteForwards.stream().map(ForwardSpec::parse).toList();
        PrintWriter err = spec.commandLine().getErr();
        String user = ClientLogin.user(destination, loginName);
        String host = ClientLogin.host(destination);
        if (compress && ServerOptions.find(options, "Compression") == null) {
            options.put("Compression", "yes");
        }
        ClientLogin login = new ClientLogin(options, identities, quiet ? new PrintWriter(OutputStream.nullOutputStream()) : err);
        Optional<Terminal> terminal = wantsPty() ? Terminal.open() : Optional.empty();
        boolean pty = wantsPty() && (terminal.isPresent() || forceTty.length >= 2);
        if (wantsPty() && !pty && !quiet) {
            err.println("Pseudo-terminal will not be allocated because stdin is not a terminal.");
            err.flush();
        }
        try (SshClient client = login.connect(user, host, port)) {
            agentForward.enable(client, options);
            for (ForwardSpec f : locals) {
                if (f.isUnixSocket()) {
                    client.localStreamForward(Path.of(f.bindSocket()), f.targetSocket());
                } else {
                    client.localForward(f.bindAddress(), f.bindPort(), f.host(), f.hostPort());
                }
            }
            for (ForwardSpec f : remotes) {
                if (f.isUnixSocket()) {
                    client.remoteStreamForward(f.bindSocket(), Path.of(f.targetSocket()));
                    continue;
                }
                // ssh's channel_rfwd_bind_host: "*" (or an empty bind_address) asks for every address, sent as "".
                String bind = f.bindAddress().equals("*") ? "" : f.bindAddress();
                int bound = client.remoteForward(bind, f.bindPort(), f.host(), f.hostPort()).boundPort();
                if (f.bindPort() == 0 && !quiet) {
                    err.println("Allocated port " + bound + " for remote forward to " + f.host() + ":" + f.hostPort());
                    err.flush();
                }
            }
            if (noCommand) {
                client.connection().awaitClose();
                return 0;
            }
            return runSession(client, host, pty, terminal, err);
        } finally {
            terminal.ifPresent(Terminal::close);
        }
    }

    /** ssh(1): a pty for an interactive shell, or with -t; never with -T. */
    private boolean wantsPty() {
        if (noTty || noCommand) {
            return false;
        }
        return forceTty.length > 0 || command.isEmpty();
    }

    private int runSession(SshClient client, String host, boolean pty, Optional<Terminal> terminal, PrintWriter err)
            throws IOException, InterruptedException {
        ClientSession s = client.openSession();
        agentForward.request(s);
        for (Map.Entry<String, String> e : setEnv().entrySet()) {
            s.setenv(e.getKey(), e.getValue());
        }
        if (pty) {
            int[] size = terminal.isPresent() ? Terminal.size() : new int[] {Terminal.DEFAULT_COLUMNS, 24};
            String term = System.getenv().getOrDefault("TERM", "vt100");
            if (!s.requestPty(term, size[0], size[1]) && !quiet) {
                err.println("PTY allocation request failed");
                err.flush();
            }
        }
        if (command.isEmpty()) {
            s.shell();
        } else {
            s.exec(String.join(" ", command));
        }
        SessionStreams streams = new SessionStreams(s, new FileOutputStream(FileDescriptor.out), System.err);
        if (pty && terminal.isPresent()) {
            Terminal.onResize(() -> {
                int[] size = Terminal.size();
                try {
                    s.windowChange(size[0], size[1]);
                } catch (IOException e) {
                    // the session is ending
                }
            });
            terminal.get().enterRaw();
            streams.startInput(System.in, new EscapeSequences(escape()));
        } else {
            streams.startInput(System.in, null);
        }
        boolean disconnected = streams.copyOutputUntilClosed();
        if (disconnected) {
            client.close();
            terminal.ifPresent(Terminal::close);
            if (!quiet) {
                err.println("Connection to " + host + " closed.");
                err.flush();
            }
            return 255;
        }
        int status = s.waitFor();
        return s.exitSignal() != null ? 255 : status;
    }

    private int escape() {
        if (escapeChar.equals("none")) {
            return -1;
        }
        if (escapeChar.length() == 2 && escapeChar.charAt(0) == '^') {
            return escapeChar.charAt(1) & 0x1f; // ^X: the control character
        }
        if (escapeChar.length() != 1) {
            throw UserErrors.fail("bad escape character '" + escapeChar + "'");
        }
        return escapeChar.charAt(0);
    }

    /** {@code -o SetEnv="NAME=value OTHER=value"}, sent as env requests before the command. */
    private Map<String, String> setEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, String> o : options.entrySet()) {
            if (o.getKey().equalsIgnoreCase("SetEnv")) {
                for (String pair : o.getValue().trim().split("\\s+")) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw UserErrors.fail("bad SetEnv '" + pair + "' (want NAME=value)");
                    }
                    env.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return env;
    }
}
