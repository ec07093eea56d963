package org.sshwire.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sshwire ssh [user@]host command...}: runs a command on an SSH server with OpenSSH's
 * flags, streams stdin/stdout/stderr, and exits with the command's exit status (255 for
 * connection errors, as ssh). Host keys are checked against known_hosts
 * ({@code StrictHostKeyChecking=yes|accept-new|no}).
 *
 * <pre>{@code
 * sshwire ssh -p 2222 -i ~/.ssh/id_ed25519 alice@127.0.0.1 uname -a
 * }</pre>
 */
@Command(name = "ssh", mixinStandardHelpOptions = true,
        description = "Run a command on an SSH server (exit status passed through).")
final class SshCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "[user@]host", description = "Server to connect to.")
    String destination;
    @Parameters(index = "1..*", paramLabel = "command", description = "Command to run (required: interactive shells come later).")
    List<String> command = new ArrayList<>();
    @Option(names = "-p", description = "Port (default 22).")
    int port = 22;
    @Option(names = "-l", description = "User name.")
    String loginName;
    @Option(names = "-i", paramLabel = "FILE", description = "Identity (private key) file.")
    List<Path> identities = new ArrayList<>();
    @Option(names = "-o", paramLabel = "Name=value", description = "ssh_config option: StrictHostKeyChecking, UserKnownHostsFile, KexAlgorithms, Ciphers, MACs, HostKeyAlgorithms, ConnectTimeout.")
    Map<String, String> options = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (command.isEmpty()) {
            throw UserErrors.fail("a command is required (interactive shells are not supported yet)");
        }
        String user = ClientLogin.user(destination, loginName);
        String host = ClientLogin.host(destination);
        ClientLogin login = new ClientLogin(options, identities, spec.commandLine().getErr());
        try (SshClient client = login.connect(user, host, port)) {
            ClientSession s = client.exec(String.join(" ", command));
            Thread in = new Thread(() -> pump(System.in, s.stdin(), true), "sshwire-stdin");
            in.setDaemon(true);
            in.start();
            Thread err = new Thread(() -> pump(s.stderr(), System.err, false), "sshwire-stderr");
            err.start();
            pump(s.stdout(), System.out, false);
            err.join();
            int status = s.waitFor();
            return s.exitSignal() != null ? 255 : status;
        }
    }

    private static void pump(InputStream in, OutputStream out, boolean closeOut) {
        byte[] buf = new byte[32 * 1024];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the session ended
        } finally {
            if (closeOut) {
                try {
                    out.close(); // EOF to the remote command
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }
    }
}
