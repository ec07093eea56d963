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
import org.sshwire.auth.PasswordTable;
import org.sshwire.auth.Decision;
import org.sshwire.connection.config.SshdConfig;
import org.sshwire.connection.config.SshdConfigException;
import org.sshwire.connection.internal.sshd.AuthorizedKeysFiles;
import org.sshwire.connection.internal.sshd.ConfiguredServer;
import org.sshwire.connection.internal.sshd.LoginRules;
import org.sshwire.connection.internal.sshd.ServerConfiguration;
import org.sshwire.connection.internal.server.HostKeyDirectory;
import java.net.InetSocketAddress;
import org.sshwire.connection.server.ProcessHandler;
import org.sshwire.connection.server.SessionHandler;
import org.sshwire.connection.server.UserAccounts;
import org.sshwire.connection.server.SshServer;
import org.sshwire.sftp.SftpServerConfig;
import org.sshwire.sftp.SftpSubsystem;
import org.sshwire.transport.Direction;
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

    @Option(names = "--listen", paramLabel = "ADDR", description = "Address to listen on (default 127.0.0.1; with -f, the file's ListenAddress).")
    String listen;
    @Option(names = {"-p", "--port"}, description = "Port (default 2222; with -f, the file's Port; 0 picks a free one).")
    Integer port;
    @Option(names = "-f", paramLabel = "FILE", description = "Read an sshd_config file (Include, Match, sshd's defaults for what it leaves out); -o options win over it. Every keyword is applied or refused with its file and line (README: Run the server).")
    Path configFile;
    @Option(names = "-T", description = "Print the effective configuration as sshd -T does, and exit.")
    boolean printConfig;
    @Option(names = "-t", description = "Check the configuration and the host keys, and exit (0 if good).")
    boolean testConfig;
    @Option(names = "-C", paramLabel = "SPEC", description = "With -T: the connection Match blocks are tested for, as sshd: user=,host=,addr=,laddr=,lport=")
    String matchSpec;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Host keys and state (default ~/.sshwire).")
    Path dataDir;
    @Option(names = "--authorized-keys", paramLabel = "FILE", description = "sshd's AuthorizedKeysFile: each account's authorized_keys, relative to its home, %%h and %%u expanded (default .ssh/authorized_keys).")
    String authorizedKeys;
    @Option(names = "--passwords", paramLabel = "FILE", description = "Lines user:password allowed to log in with a password.")
    Path passwords;
    @Option(names = "--sftp-root", paramLabel = "DIR", description = "Confine SFTP to DIR, shown as / (default: the whole filesystem, starting in the login's home, as OpenSSH).")
    Path sftpRoot;
    @Option(names = "--read-only", description = "SFTP is read-only.")
    boolean readOnly;
    @Option(names = "--sftp-only", description = "Only the sftp subsystem: no shells, commands or terminals (sshd's ForceCommand internal-sftp).")
    boolean sftpOnly;
    @Option(names = "-o", paramLabel = "Name=value", description = "sshd_config option (wins over -f's file); the keywords of README's list, e.g. Port, ListenAddress, HostKey, AuthorizedKeysFile, PasswordAuthentication, PubkeyAuthentication, AuthenticationMethods, PermitRootLogin, AllowUsers, DenyUsers, AllowGroups, DenyGroups, ForceCommand, PermitTTY, Banner, Subsystem, ClientAliveInterval, LogLevel, PidFile, TrustedUserCAKeys, KexAlgorithms, Ciphers, MACs, HostKeyAlgorithms, PubkeyAcceptedAlgorithms, MaxAuthTries, LoginGraceTime, MaxStartups, PerSourceMaxStartups, PerSourceNetBlockSize, PerSourcePenalties, PerSourcePenaltyExemptList, MaxSessions, ChannelTimeout, UnusedConnectionTimeout, RekeyLimit, AllowTcpForwarding, GatewayPorts, AllowStreamLocalForwarding, StreamLocalBindUnlink, AcceptEnv, SetEnv, StrictModes, Compression (yes|delayed|no, default yes: zlib@openssh.com after login); sshwire's own RoundTripProbe (yes: send a few hundred KiB ahead on short round trips). Legacy algorithms are off and enabled by name only, as in sshd: Ciphers=+aes128-cbc,aes192-cbc,aes256-cbc,3des-cbc, MACs=+hmac-sha1,hmac-md5,umac-64@openssh.com (and -etm forms), KexAlgorithms=+diffie-hellman-group1-sha1,diffie-hellman-group-exchange-sha1, HostKeyAlgorithms=+ssh-rsa, PubkeyAcceptedAlgorithms=+ssh-rsa.")
    Map<String, String> dashO = new LinkedHashMap<>();
    @Option(names = "--proxy-protocol-from", paramLabel = "CIDR", split = ",", description = "Load balancers (addresses or CIDR blocks, comma-separated) whose connections begin with a PROXY protocol v1/v2 header (HAProxy send-proxy / send-proxy-v2); the client address it names is the one logged and matched. Others are served as usual.")
    List<String> proxyProtocolFrom = List.of();
    @Option(names = "--record", paramLabel = "DIR", description = "Research: record each connection to DIR/session-TIME-ID.pcapng "
            + "(Wireshark opens it; its key log and the server's randomness are inside).")
    Path record;
    @Option(names = "--random-seed", paramLabel = "HEX", description = "Research, never for real use: the n-th connection "
            + "draws all its randomness from stream n of this seed (32+ hex digits), so sshwire replay can repeat a "
            + "recorded session byte for byte (implies -o RoundTripProbe=no, whose probes follow the clock). Anyone who knows the seed can read every session.")
    String randomSeed;
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
        if (sftpRoot != null && !Files.isDirectory(sftpRoot)) {
            throw UserErrors.fail("sftp root " + sftpRoot + " is not a directory");
        }
        if (matchSpec != null && !printConfig) {
            throw new UserErrors.ExitException("-C needs -T", 255);
        }
        // --authorized-keys is AuthorizedKeysFile on the command line: one code path with -o and -f.
        Map<String, String> commandLine = new LinkedHashMap<>(dashO);
        if (authorizedKeys != null && commandLine.keySet().stream().noneMatch("AuthorizedKeysFile"::equalsIgnoreCase)) {
            commandLine.put("AuthorizedKeysFile", authorizedKeys);
        }
        for (String name : commandLine.keySet()) {
            if (!ServerConfiguration.known().contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.equalsIgnoreCase("compression")) {
                throw UserErrors.fail("unsupported option " + name + " (see sshwire server --help)");
            }
        }
        ServerConfiguration conf;
        try {
            conf = ServerConfiguration.read(configFile, commandLine);
            if (printConfig) {
                // sshd -T [-C spec]: the global settings, or those of the connection -C describes.
                out.print(matchSpec == null ? conf.global.dump()
                        : conf.config.effective(SshdConfig.MatchContext.parse(matchSpec, SshdConfig.systemGroups())).dump());
                out.flush();
                return 0;
            }
            return serve(out, conf, home, user, data);
        } catch (SshdConfigException e) {
            throw new UserErrors.ExitException(e.getMessage(), 255);
        }
    }

    private int serve(PrintWriter out, ServerConfiguration conf, String home, String user, Path data) throws Exception {
        conf.warnings.forEach(System.err::println); // sshd's own "Deprecated option" lines; it goes on, and so do we
        configureLogging(conf);

        boolean asRoot = UserAccounts.canRunAsAnyAccount();
        UserAccounts accounts = UserAccounts.system();
        // sshd's AuthorizedKeysFile: relative to the account's home, %h and %u expanded; with
        // StrictModes a file others could write is ignored. Without -f or the option, sshwire's
        // default is the first of sshd's two.
        List<String> keyPatterns = conf.fromFile || conf.explicit("AuthorizedKeysFile") || conf.inAnyMatch("AuthorizedKeysFile")
                ? conf.global.authorizedKeysFiles() : List.of(".ssh/authorized_keys");
        boolean keyLogin = keyPatterns.stream().filter(k -> !k.equals("none"))
                .anyMatch(k -> Files.isRegularFile(AuthorizedKeysFiles.path(k, user, Path.of(home))));
        if (authorizedKeys != null && !keyLogin && !authorizedKeys.contains("%")) {
            throw UserErrors.fail("authorized keys file " + authorizedKeys + " does not exist");
        }
        String oneTimePassword = null;
        Map<String, String> table = passwords != null ? readPasswords(passwords) : new HashMap<>();
        if (!keyLogin && passwords == null && !conf.fromFile) {
            oneTimePassword = oneTimePassword();
            table.put(user, oneTimePassword);
        }
        for (String name : table.keySet()) {
            if (accounts.lookup(name).isEmpty()) {
                out.println("warning: " + name + " in " + passwords + " cannot log in: "
                        + (asRoot ? "no such account" : "this server is not root, so only " + user + " can log in"));
            }
        }
        PasswordTable pt = table.isEmpty() ? null : PasswordTable.of(table, crypto);
        LoginRules rules = ConfiguredServer.rules(conf, accounts, crypto, keyPatterns);

        // After the arguments were checked, so a mistake costs no key generation. Without -f, the
        // library's data directory, with every type ssh-keygen -A makes (clients without ed25519
        // still find a key): generated once, 0600, reused at every start. With -f (or -o
        // HostKey), the HostKey files, as sshd.
        List<SshKeyPair> hostKeys = conf.fromFile || conf.explicit("HostKey")
                ? ConfiguredServer.hostKeys(conf, crypto, System.err::println)
                : HostKeyDirectory.loadOrGenerate(data, HostKeyDirectory.ALL_TYPES, crypto);
        if (testConfig) {
            return 0; // sshd -t: the configuration and the host keys are good
        }

        SshServer.Builder builder = SshServer.builder();
        try {
            builder.proxyProtocol(proxyProtocolFrom);
        } catch (IllegalArgumentException e) {
            throw UserErrors.fail("--proxy-protocol-from: " + e.getMessage());
        }
        ConfiguredServer.apply(conf, builder, hostKeys, rules, accounts,
                pt == null ? null : (conn, u, pw) -> pt.matches(u, pw) ? Decision.accept() : Decision.reject("wrong password"),
                sftp(asRoot));
        InetSocketAddress configured = conf.listenAddress();
        String bindHost = listen != null ? listen : configured != null ? configured.getAddress().getHostAddress() : "127.0.0.1";
        int bindPort = port != null ? port : configured != null ? configured.getPort() : 2222;
        // ForceCommand internal-sftp outside Match, or --sftp-only: every session is SFTP or nothing.
        boolean onlySftp = sftpOnly || conf.global.forceCommand().filter("internal-sftp"::equals).isPresent();
        if (sftpOnly) {
            ConfiguredServer.sftpOnly(builder);
        }
        builder.listen(bindHost, bindPort)
                .transport(t -> {
                    ConfiguredServer.transport(conf, hostKeys, t);
                    if (keyLog != null) {
                        t.keyLog(this::appendKeyLog);
                    }
                    if (verbosity(conf) >= 3) {
                        t.observer((d, seq, p) -> System.err.println((d == Direction.INBOUND ? "<- " : "-> ") + "#" + seq
                                + " " + MessageNumbers.name(p.msgId()) + " " + p.body().length() + " bytes"));
                    }
                    return t;
                });
        var research = SessionRecords.server(record, randomSeed == null ? null : SessionRecords.seed(randomSeed));
        if (research != null) {
            builder.research(research);
        }
        if (randomSeed != null) {
            // The round-trip probe's keepalives go out as the clock says, not as the client's packets
            // do: a seeded server leaves them out so that what it sends follows from what it receives.
            builder.roundTripProbe(false);
            System.err.println("sshwire server: --random-seed: every session's keys follow from the seed; research only");
        }
        SshServer server = builder.build().start();
        Path pidFile = conf.explicit("PidFile") ? conf.global.pidFile().orElse(null) : null;
        if (pidFile != null) {
            // sshd writes its PID file after binding; only when the configuration names one, so a
            // test server never overwrites the system sshd's /run/sshd.pid.
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close(); // SIGINT / SIGTERM: stop accepting, close connections
            if (pidFile != null) {
                try {
                    Files.deleteIfExists(pidFile);
                } catch (IOException e) {
                    // as sshd, a PID file that cannot be removed is left behind
                }
            }
            if (inProcessSftp != null) {
                inProcessSftp.close(); // then the in-process SFTP sessions and their file-work pool
            }
            stopped.countDown();
        }, "sshwire-shutdown"));

        String host = server.address().getAddress().getHostAddress();
        int bound = server.port();
        printHostKeys(out, hostKeys);
        if (oneTimePassword != null) {
            out.println("no authorized_keys: " + user + " logs in with the one-time password " + oneTimePassword
                    + " (new at every start)");
        }
        out.println(asRoot
                ? "sessions run as each login's own account (uid, groups, home, shell); sftp with the account's rights"
                : "not root: only " + user + " can log in");
        out.println("sftp root: " + (sftpRoot != null ? sftpRoot : "/ (each login starts in its home directory)")
                + (readOnly ? " (read-only)" : "") + (onlySftp ? "; sftp only: no shells or commands" : ""));
        out.println("connect with:  ssh -p " + bound + " " + user + "@" + host);
        out.println("               sftp -P " + bound + " " + user + "@" + host);
        out.println("listening on " + host + ":" + bound);
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * As root, SFTP for another account runs as a child process under that account, so the
     * kernel decides what it may touch (sshd runs OpenSSH's sftp-server so); a login as this
     * JVM's own account has the same rights in this JVM, and is served here without a second
     * JVM. Without root every login is this account.
     */
    private SessionHandler sftp(boolean asRoot) {
        SftpServerConfig config = SftpServerConfig.defaults().withReadOnly(readOnly);
        SftpSubsystem inProcess = (sftpRoot != null ? SftpSubsystem.rootedAt(sftpRoot) : SftpSubsystem.wholeFileSystem())
                .withConfig(config);
        inProcessSftp = inProcess;
        if (!asRoot) {
            return inProcess;
        }
        ProcessHandler child = ProcessHandler.subsystem(SftpChildCommand.of(sftpRoot, readOnly));
        return s -> {
            if (s.account().map(a -> a.uid() == 0).orElse(false)) {
                inProcess.handle(s);
            } else {
                child.handle(s);
            }
        };
    }

    /** The in-process SFTP subsystem, closed after the server at shutdown. */
    private volatile SftpSubsystem inProcessSftp;

    /** JUL holds loggers weakly: a level set on one nobody references would be forgotten. */
    private static final Logger PTY4J = Logger.getLogger("com.pty4j");
    private static final Logger HOST_KEYS = Logger.getLogger(HostKeyDirectory.class.getName());

    /**
     * -v, -vv, -vvv; else LogLevel when set: VERBOSE as -v, DEBUG/DEBUG1/DEBUG2 as -vv, DEBUG3
     * as -vvv (every packet); QUIET, FATAL, ERROR and INFO as no -v (warnings only).
     */
    private int verbosity(ServerConfiguration conf) {
        if (verbose.length > 0 || !conf.explicit("LogLevel")) {
            return verbose.length;
        }
        return switch (conf.global.logLevel()) {
            case "VERBOSE" -> 1;
            case "DEBUG", "DEBUG1", "DEBUG2" -> 2;
            case "DEBUG3" -> 3;
            default -> 0;
        };
    }

    private void configureLogging(ServerConfiguration conf) {
        int v = verbosity(conf);
        // pty4j (through SLF4J -> JUL) reports routine things such as extracting its native
        // library at INFO; they are not the server's news.
        PTY4J.setLevel(v >= 2 ? Level.INFO : Level.WARNING);
        // A generated host key is: but the command prints every host key itself at start.
        HOST_KEYS.setLevel(v >= 1 ? Level.INFO : Level.WARNING);
        if (v == 0) {
            return;
        }
        // System.Logger's default backend is java.util.logging: raise the sshwire loggers' level.
        Logger sshwire = Logger.getLogger("org.sshwire");
        sshwire.setLevel(v == 1 ? Level.INFO : Level.FINE);
        java.util.logging.ConsoleHandler h = new java.util.logging.ConsoleHandler();
        h.setLevel(Level.ALL);
        sshwire.addHandler(h);
    }

    /** The start-up lines naming each host key, as both servers print them. */
    static void printHostKeys(PrintWriter out, List<SshKeyPair> hostKeys) {
        for (SshKeyPair k : hostKeys) {
            out.println("host key " + KeyDescriptions.bits(k.publicKey()) + " " + k.publicKey().fingerprintSha256()
                    + " (" + KeyDescriptions.typeLabel(k.publicKey()) + ")");
        }
    }

    /** A {@code --passwords} file: lines {@code user:password}, {@code #} comments. */
    static Map<String, String> readPasswords(Path file) throws IOException {
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
