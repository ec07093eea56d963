package org.sshwire.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.config.SshClientSettings;
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
 * sshwire ssh -J alice@bastion:2222 alice@10.0.0.5 hostname
 * }</pre>
 */
@Command(name = "ssh", mixinStandardHelpOptions = true,
        description = "Run a command or an interactive shell on an SSH server; forward ports.",
        footer = {"", "Not supported: -O check|exit|forward|cancel|stop and ControlMaster/ControlPath multiplexing "
                + "(sshwire keeps no control socket; every command makes its own connection)."})
final class SshCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "[user@]host", description = "Server to connect to: [user@]host or ssh://[user@]host[:port].")
    String destination;
    @Parameters(index = "1..*", paramLabel = "command", description = "Command to run; without one, an interactive shell.")
    List<String> command = new ArrayList<>();
    @Option(names = "-p", description = "Port (default 22, or the configuration's Port).")
    Integer port;
    @Option(names = "-l", description = "User name.")
    String loginName;
    @Option(names = "-i", paramLabel = "FILE", description = "Identity (private key) file; may be repeated.")
    List<String> identities = new ArrayList<>();
    @Option(names = "-F", paramLabel = "FILE", description = "Read this ssh_config file only ('none': no file); by default "
            + "~/.ssh/config, then /etc/ssh/ssh_config.")
    Path configFile;
    @Option(names = "-G", description = "Print the configuration that applies to the destination, as ssh -G, and exit.")
    boolean printConfig;
    @Option(names = "-o", paramLabel = "Keyword=value", description = "Any ssh_config option (README: Client configuration); "
            + "earlier ones win, and they win over the files. Legacy algorithms are off and enabled by name only, "
            + "e.g. -o Ciphers=+aes128-cbc, -o MACs=+hmac-sha1, -o KexAlgorithms=+diffie-hellman-group1-sha1, "
            + "-o HostKeyAlgorithms=+ssh-rsa, -o PubkeyAcceptedAlgorithms=+ssh-rsa.")
    List<String> options = new ArrayList<>();
    @Option(names = "-C", description = "Compression (zlib@openssh.com, zlib), as -o Compression=yes.")
    boolean compress;
    @Option(names = "-t", description = "Force a pseudo-terminal; twice (-tt) even when standard input is not a terminal.")
    boolean[] forceTty = new boolean[0];
    @Option(names = "-T", description = "Never allocate a pseudo-terminal.")
    boolean noTty;
    @Option(names = "-N", description = "Run no command (forwards only), as -o SessionType=none.")
    boolean noCommand;
    @Option(names = "-L", paramLabel = "[bind:]port:host:hostport", description = "Local forward: a local port reaches host:hostport "
            + "through the server; or local_socket:remote_socket for Unix sockets.")
    List<String> localForwards = new ArrayList<>();
    @Option(names = "-R", paramLabel = "[bind:]port:host:hostport", description = "Remote forward: a port on the server reaches "
            + "host:hostport from here; or remote_socket:local_socket for Unix sockets.")
    List<String> remoteForwards = new ArrayList<>();
    @Option(names = "-e", paramLabel = "char", description = "Escape character (default ~; 'none' disables).")
    String escapeChar;
    @Mixin
    AgentForwardOption agentForward = new AgentForwardOption();
    @Option(names = "-q", description = "Quiet: no warnings or diagnostics, as -o LogLevel=QUIET.")
    boolean quiet;
    @Option(names = "-D", paramLabel = "[bind_address:]port", description = "Dynamic forward: a SOCKS4/4a/5 proxy (CONNECT, "
            + "host names resolved by the server) listening here on the loopback address unless bind_address is given.")
    List<String> dynamicForwards = new ArrayList<>();
    @Option(names = "-v", description = "Verbose: OpenSSH-style debug1 lines on stderr; -vv and -vvv add the library's "
            + "debug2/debug3 logging.")
    boolean[] verbose = new boolean[0];
    @Option(names = "-J", paramLabel = "[user@]host[:port][,...]", description = "Jump hosts (ProxyJump): connect through "
            + "each in turn (also ssh://[user@]host[:port]); every hop's host key is checked against known_hosts under its own name.")
    String jumpHosts;
    @Option(names = "--record", paramLabel = "FILE", description = "Research: record the session to FILE as a pcapng "
            + "(Wireshark opens it; its key log and this client's randomness are inside) for sshwire decrypt and sshwire replay (no round-trip probe, whose keepalives follow the clock).")
    Path record;
    @Option(names = "--keylog", paramLabel = "FILE", description = "Research: append each key exchange's secrets (every rekey too) "
            + "to FILE, for sshwire decrypt and Wireshark; anyone with the file can read the session.")
    Path keyLog;
    @Option(names = "-W", paramLabel = "host:port", description = "Forward standard input and output to host:port through the "
            + "server, e.g. as OpenSSH's ProxyCommand. No command runs.")
    String stdioForward;

    /** The flags ssh.c applies to its options directly: they come before -o, so they win. */
    private List<String> directOptions() {
        List<String> d = new ArrayList<>();
        if (port != null) {
            if (port < 1 || port > 65535) {
                throw new UserErrors.ExitException("Bad port '" + port + "'", 255);
            }
            d.add("Port " + port);
        }
        if (loginName != null) {
            d.add(ClientConfigFiles.line("User", loginName));
        }
        ClientConfigFiles.identityFlags(identities, spec.commandLine().getErr()).forEach(d::add);
        if (compress) {
            d.add("Compression yes");
        }
        if (quiet) {
            d.add("LogLevel QUIET");
        } else if (verbose.length > 0) {
            d.add("LogLevel DEBUG" + Math.min(verbose.length, 3)); // ssh.c: each -v one level up from INFO
        }
        if (escapeChar != null) {
            d.add(ClientConfigFiles.line("EscapeChar", escapeChar));
        }
        if (noTty) {
            d.add("RequestTTY no");
        } else if (forceTty.length > 0) {
            d.add(forceTty.length >= 2 ? "RequestTTY force" : "RequestTTY yes");
        }
        if (noCommand) {
            d.add("SessionType none");
        }
        if (agentForward.forward) {
            d.add("ForwardAgent yes");
        }
        if (jumpHosts != null) {
            JumpHost.parseList(jumpHosts); // ssh: "Invalid -J argument" before anything else
            d.add("ProxyJump " + jumpHosts); // ProxyJump takes the rest of the line as it is
        }
        return d;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ClientConfigFiles files = new ClientConfigFiles(configFile, options);
        SshClientSettings s = files.resolve(ClientConfigFiles.Destination.parse(destination), directOptions(),
                !command.isEmpty(), stdioForward != null, localForwards, remoteForwards, dynamicForwards);
        if (printConfig) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(s.dump());
            out.flush();
            return 0;
        }
        ClientDebug.configure(ClientDebug.verbosity(0, s.logLevel()));
        boolean silent = s.logLevel().equals("SILENT");
        PrintWriter diag = silent ? new PrintWriter(OutputStream.nullOutputStream()) : err;
        String sessionType = s.sessionType();
        boolean wants = wantsPty(s);
        Optional<Terminal> terminal = wants ? Terminal.open() : Optional.empty();
        boolean pty = wants && (terminal.isPresent() || s.requestTty().equals("force"));
        if (wants && !pty) {
            diag.println("Pseudo-terminal will not be allocated because stdin is not a terminal.");
            diag.flush();
        }
        HostPort stdio = stdioForward == null ? null : StdioForward.parse(stdioForward);
        ClientLogin login = new ClientLogin(diag).keyLog(keyLog).record(record, s);
        try (JumpChain chain = JumpChain.connect(login, files, s)) {
            SshClient client = chain.target();
            agentForward.enable(client, s);
            if (stdio != null) {
                return StdioForward.run(client, stdio);
            }
            ConfiguredForwards.open(client, s, diag);
            if (sessionType.equals("none")) {
                client.connection().awaitClose();
                return 0;
            }
            return runSession(client, s, pty, terminal, diag);
        } finally {
            terminal.ifPresent(Terminal::close);
        }
    }

    /** ssh.c: a pty for an interactive shell, or with RequestTTY yes/force; never with no, -N or -W. */
    private boolean wantsPty(SshClientSettings settings) {
        String tty = settings.requestTty();
        if (tty.equals("no") || settings.sessionType().equals("none") || stdioForward != null) {
            return false;
        }
        return tty.equals("yes") || tty.equals("force") || command.isEmpty() && settings.remoteCommand().isEmpty();
    }

    private int runSession(SshClient client, SshClientSettings settings, boolean pty, Optional<Terminal> terminal,
            PrintWriter err) throws IOException, InterruptedException {
        String host = settings.hostName();
        ClientSession s = client.openSession();
        agentForward.request(s);
        for (Map.Entry<String, String> e : SessionEnvironment.of(settings, System.getenv()).entrySet()) {
            s.setenv(e.getKey(), e.getValue());
        }
        if (pty) {
            int[] size = terminal.isPresent() ? Terminal.size() : new int[] {Terminal.DEFAULT_COLUMNS, 24};
            String term = System.getenv().getOrDefault("TERM", "vt100");
            if (!s.requestPty(term, size[0], size[1])) {
                err.println("PTY allocation request failed");
                err.flush();
            }
        }
        String remote = command.isEmpty() ? settings.remoteCommand().orElse(null) : String.join(" ", command);
        if (settings.sessionType().equals("subsystem")) {
            s.subsystem(remote == null ? "" : remote);
        } else if (remote == null) {
            s.shell();
        } else {
            s.exec(remote);
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
            streams.startInput(ProcessExit.standardInput(), new EscapeSequences(settings.escapeChar()));
        } else {
            streams.startInput(ProcessExit.standardInput(), null);
        }
        boolean disconnected = streams.copyOutputUntilClosed();
        if (disconnected) {
            client.close();
            terminal.ifPresent(Terminal::close);
            err.println("Connection to " + host + " closed.");
            err.flush();
            return 255;
        }
        int status = s.waitFor();
        return s.exitSignal() != null ? 255 : status;
    }
}
