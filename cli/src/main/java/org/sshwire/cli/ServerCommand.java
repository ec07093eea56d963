package org.sshwire.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.PasswordTable;
import org.sshwire.auth.ServerAuthConfig;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.server.ProcessHandler;
import org.sshwire.connection.server.SshServer;
import org.sshwire.sftp.SftpServerConfig;
import org.sshwire.sftp.SftpSubsystem;
import org.sshwire.transport.Direction;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.MessageNumbers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sshwire server}: an SSH + SFTP server in one command. Host keys are generated into the
 * data folder on first start; the current user logs in with {@code ~/.ssh/authorized_keys}, or
 * with a one-time password printed at start-up; exec and shell run real processes.
 *
 * <pre>{@code
 * sshwire server                       # 127.0.0.1:2222
 * sshwire server -p 0 --sftp-root /srv/files --read-only
 * }</pre>
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run an SSH and SFTP server (127.0.0.1:2222 by default).")
final class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "ADDR", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String listen = "127.0.0.1";
    @Option(names = {"-p", "--port"}, description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 2222;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Host keys and state (default ~/.sshwire).")
    Path dataDir;
    @Option(names = "--authorized-keys", paramLabel = "FILE", description = "authorized_keys for the current user (default ~/.ssh/authorized_keys if it exists).")
    Path authorizedKeys;
    @Option(names = "--passwords", paramLabel = "FILE", description = "Lines user:password allowed to log in with a password.")
    Path passwords;
    @Option(names = "--sftp-root", paramLabel = "DIR", description = "Root of the sftp subsystem (default: the home directory).")
    Path sftpRoot;
    @Option(names = "--read-only", description = "SFTP is read-only.")
    boolean readOnly;
    @Option(names = "-o", paramLabel = "Name=value", description = "sshd_config option: KexAlgorithms, Ciphers, MACs, HostKeyAlgorithms, PubkeyAcceptedAlgorithms, MaxAuthTries, LoginGraceTime, MaxStartups, PerSourceMaxStartups, PerSourceNetBlockSize, PerSourcePenalties, PerSourcePenaltyExemptList, MaxSessions, ChannelTimeout, UnusedConnectionTimeout, RekeyLimit, AllowTcpForwarding, GatewayPorts, AllowStreamLocalForwarding, StreamLocalBindUnlink; sshwire's own RoundTripProbe (yes: send a few hundred KiB ahead on short round trips).")
    Map<String, String> options = new LinkedHashMap<>();
    @Option(names = "--keylog", paramLabel = "FILE", description = "Append each session's key exchange secret for Wireshark (anyone with it can read the sessions).")
    Path keyLog;
    @Option(names = {"-v", "--verbose"}, description = "More output; -vvv traces every packet.")
    boolean[] verbose = new boolean[0];

    private final CryptoBackend crypto = CryptoBackend.defaultBackend();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String home = System.getProperty("user.home");
        String user = System.getProperty("user.name");
        Path data = dataDir != null ? dataDir : Path.of(home, ".sshwire");
        Path root = sftpRoot != null ? sftpRoot : Path.of(home);
        if (!Files.isDirectory(root)) {
            throw UserErrors.fail("sftp root " + root + " is not a directory");
        }
        configureLogging();
        List<SshKeyPair> hostKeys = HostKeyStore.loadOrGenerate(data, crypto);

        ServerAuthPolicy.Builder policy = ServerAuthPolicy.builder();
        Path keys = authorizedKeys != null ? authorizedKeys : Path.of(home, ".ssh", "authorized_keys");
        boolean keyLogin = Files.isRegularFile(keys);
        if (authorizedKeys != null && !keyLogin) {
            throw UserErrors.fail("authorized keys file " + authorizedKeys + " does not exist");
        }
        if (keyLogin) {
            policy.publicKeys(AuthorizedKeysVerifier.files(u -> u.equals(user) ? keys : null, crypto));
        }
        String oneTimePassword = null;
        Map<String, String> table = passwords != null ? readPasswords(passwords) : new HashMap<>();
        if (!keyLogin && passwords == null) {
            oneTimePassword = oneTimePassword();
            table.put(user, oneTimePassword);
        }
        if (!table.isEmpty()) {
            PasswordTable pt = PasswordTable.of(table, crypto);
            policy.passwords(pt::matches);
        }

        ServerOptions.check(options);
        ServerAuthConfig.Builder authConfig = ServerAuthConfig.builder();
        ServerOptions.applyAuth(options, authConfig);
        List<String> hostAlgs = hostKeys.stream().flatMap(k -> TransportConfig.DEFAULT_HOST_KEY_ALGORITHMS.stream()
                .filter(a -> org.sshwire.transport.keys.SignatureAlgorithm.byName(a).keyType().equals(k.publicKey().keyType()))).toList();
        SshServer.Builder builder = ServerOptions.applyLimits(options, SshServer.builder());
        hostKeys.forEach(builder::hostKey);
        SshServer server = builder.listen(listen, port)
                .transport(t -> {
                    ServerOptions.applyTransport(options, t, hostAlgs);
                    if (keyLog != null) {
                        t.keyLog(this::appendKeyLog);
                    }
                    if (verbose.length >= 3) {
                        t.observer((d, seq, p) -> System.err.println((d == Direction.INBOUND ? "<- " : "-> ") + "#" + seq
                                + " " + MessageNumbers.name(p.msgId()) + " " + p.body().length() + " bytes"));
                    }
                    return t;
                })
                .authConfig(authConfig.build())
                .auth(policy.build())
                .handler(new ProcessHandler())
                .forwarding(ServerOptions.forwarding(options))
                .roundTripProbe(ServerOptions.roundTripProbe(options))
                .subsystem("sftp", SftpSubsystem.rootedAt(root).withConfig(SftpServerConfig.defaults().withReadOnly(readOnly)))
                .build().start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close(); // SIGINT / SIGTERM: stop accepting, close connections
            stopped.countDown();
        }, "sshwire-shutdown"));

        String host = server.address().getAddress().getHostAddress();
        int bound = server.port();
        for (SshKeyPair k : hostKeys) {
            out.println("host key " + KeyDescriptions.bits(k.publicKey()) + " " + k.publicKey().fingerprintSha256()
                    + " (" + KeyDescriptions.typeLabel(k.publicKey()) + ")");
        }
        if (oneTimePassword != null) {
            out.println("no authorized_keys: " + user + " logs in with the one-time password " + oneTimePassword
                    + " (new at every start)");
        }
        out.println("sftp root: " + root + (readOnly ? " (read-only)" : ""));
        out.println("connect with:  ssh -p " + bound + " " + user + "@" + host);
        out.println("               sftp -P " + bound + " " + user + "@" + host);
        out.println("listening on " + host + ":" + bound);
        out.flush();
        stopped.await();
        return 0;
    }

    /** JUL holds loggers weakly: a level set on one nobody references would be forgotten. */
    private static final Logger PTY4J = Logger.getLogger("com.pty4j");

    private void configureLogging() {
        // pty4j (through SLF4J -> JUL) reports routine things such as extracting its native
        // library at INFO; they are not the server's news.
        PTY4J.setLevel(verbose.length >= 2 ? Level.INFO : Level.WARNING);
        if (verbose.length == 0) {
            return;
        }
        // System.Logger's default backend is java.util.logging: raise the sshwire loggers' level.
        Logger sshwire = Logger.getLogger("org.sshwire");
        sshwire.setLevel(verbose.length == 1 ? Level.INFO : Level.FINE);
        java.util.logging.ConsoleHandler h = new java.util.logging.ConsoleHandler();
        h.setLevel(Level.ALL);
        sshwire.addHandler(h);
    }

    private static Map<String, String> readPasswords(Path file) throws IOException {
        Map<String, String> table = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int colon = line.indexOf(':');
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (colon <= 0) {
                throw UserErrors.fail(file + ": lines must be user:password");
            }
            table.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return table;
    }

    private String oneTimePassword() {
        byte[] b = new byte[12];
        crypto.random().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private void appendKeyLog(String line) {
        try {
            Files.writeString(keyLog, line + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
