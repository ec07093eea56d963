package org.sshwire.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.sshwire.auth.AuthenticationException;
import org.sshwire.auth.files.KnownHosts;
import org.sshwire.connection.client.ClientSession;
import org.sshwire.connection.client.SshClient;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshPublicKey;
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

    private final CryptoBackend crypto = CryptoBackend.defaultBackend();

    @Override
    public Integer call() throws Exception {
        if (command.isEmpty()) {
            throw UserErrors.fail("a command is required (interactive shells are not supported yet)");
        }
        String user = loginName != null ? loginName : System.getProperty("user.name");
        String host = destination;
        int at = destination.lastIndexOf('@');
        if (at >= 0) {
            user = destination.substring(0, at);
            host = destination.substring(at + 1);
        }
        String home = System.getProperty("user.home");
        Path knownHosts = Path.of(option("UserKnownHostsFile", Path.of(home, ".ssh", "known_hosts").toString()));
        String strict = option("StrictHostKeyChecking", "yes").toLowerCase(Locale.ROOT);
        AtomicReference<String> hostKeyProblem = new AtomicReference<>();
        SshClient.Builder b = SshClient.builder(user)
                .timeout(Duration.ofSeconds(Long.parseLong(option("ConnectTimeout", "30"))))
                .hostKeyVerifier((h, p, key) -> checkHostKey(h, p, key, knownHosts, strict, hostKeyProblem))
                .transport(t -> algorithms(t));
        List<Path> ids = identities.isEmpty() ? defaultIdentities(home) : identities;
        for (Path id : ids) {
            b.identity(KeyFiles.readPrivateKey(Files.readAllBytes(id), null, crypto));
        }
        SshClient client;
        try {
            client = b.connect(host, port);
        } catch (IOException e) {
            if (e.getCause() instanceof AuthenticationException a) {
                throw new UserErrors.ExitException(user + "@" + host + ": permission denied (" + a.getMessage() + ")", 255);
            }
            if (hostKeyProblem.get() != null) {
                throw new UserErrors.ExitException(hostKeyProblem.get(), 255);
            }
            throw new UserErrors.ExitException(connectionError(host, e), 255);
        }
        try (client) {
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

    private String option(String name, String fallback) {
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return fallback;
    }

    private TransportConfig.Builder algorithms(TransportConfig.Builder t) {
        String kex = option("KexAlgorithms", null);
        String ciphers = option("Ciphers", null);
        String macs = option("MACs", null);
        String hostKeys = option("HostKeyAlgorithms", null);
        if (kex != null) {
            t.kexAlgorithms(ServerOptions.list(TransportConfig.DEFAULT_KEX, kex));
        }
        if (ciphers != null) {
            t.ciphers(ServerOptions.list(TransportConfig.DEFAULT_CIPHERS, ciphers));
        }
        if (macs != null) {
            t.macs(ServerOptions.list(TransportConfig.DEFAULT_MACS, macs));
        }
        if (hostKeys != null) {
            t.hostKeyAlgorithms(ServerOptions.list(TransportConfig.DEFAULT_CLIENT_HOST_KEY_ALGORITHMS, hostKeys));
        }
        return t;
    }

    /** ssh's known_hosts policy; a refusal records the one line to print. */
    private boolean checkHostKey(String host, int p, SshPublicKey key, Path file, String strict, AtomicReference<String> problem) {
        try {
            KnownHosts kh = KnownHosts.parse(Files.exists(file) ? Files.readString(file) : "", crypto);
            KnownHosts.Status status = kh.lookup(host, p, key);
            String name = p == 22 ? host : "[" + host + "]:" + p;
            switch (status) {
                case MATCH, CERT_AUTHORITY:
                    return true;
                case REVOKED:
                    problem.set("host key for " + name + " is revoked in " + file);
                    return false;
                case MISMATCH:
                    problem.set("host key for " + name + " has changed (now " + key.fingerprintSha256()
                            + "); remove the old entry from " + file + " if this is expected");
                    return false;
                default:
                    if (strict.equals("no") || strict.equals("accept-new")) {
                        Files.createDirectories(file.toAbsolutePath().getParent());
                        Files.writeString(file, kh.appendLine(host, p, key, false) + "\n", StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        spec.commandLine().getErr().println("Warning: permanently added " + name + " (" + key.fingerprintSha256() + ") to " + file);
                        spec.commandLine().getErr().flush();
                        return true;
                    }
                    problem.set("host key for " + name + " is not known (" + key.fingerprintSha256()
                            + "); add it to " + file + " or use -o StrictHostKeyChecking=accept-new");
                    return false;
            }
        } catch (IOException e) {
            problem.set("cannot read " + file + ": " + e.getMessage());
            return false;
        }
    }

    private static List<Path> defaultIdentities(String home) {
        List<Path> out = new ArrayList<>();
        for (String n : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
            Path p = Path.of(home, ".ssh", n);
            if (Files.isRegularFile(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** A negotiation failure names the category and both lists; others keep their own words. */
    private static String connectionError(String host, IOException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int kexFailed = m.indexOf("KEY_EXCHANGE_FAILED ");
        if (kexFailed >= 0) {
            return host + ": " + m.substring(kexFailed + "KEY_EXCHANGE_FAILED ".length());
        }
        return host + ": " + UserErrors.describe(e);
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
