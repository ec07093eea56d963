package org.sshwire.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.auth.AuthMethod;
import org.sshwire.auth.AuthenticationException;
import org.sshwire.auth.files.KnownHosts;
import org.sshwire.connection.client.ChangedHostKeyException;
import org.sshwire.connection.client.HostKeyException;
import org.sshwire.connection.client.RevokedHostKeyException;
import org.sshwire.connection.client.SshClient;
import org.sshwire.connection.client.UnknownHostKeyException;
import org.sshwire.connection.config.SshClientSettings;
import org.sshwire.connection.internal.client.ConfiguredClient;
import org.sshwire.connection.internal.client.KnownHostsCheck;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.CertChecker;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * How the {@code ssh} and {@code sftp} subcommands log in, the way OpenSSH's clients do, from the
 * destination's ssh_config settings ({@link ClientConfigFiles}): identities (agent keys first,
 * then IdentityFile), the algorithm lists, ConnectTimeout and ServerAlive*, ProxyCommand run
 * through the shell, and known_hosts checking (UserKnownHostsFile and GlobalKnownHostsFile,
 * HostKeyAlias, {@code StrictHostKeyChecking=ask|yes|accept-new|no}, HashKnownHosts,
 * UpdateHostKeys). Every failure becomes one {@link UserErrors.ExitException} line with exit code
 * 255, as ssh.
 */
final class ClientLogin {
    private final PrintWriter err;
    private final CryptoBackend crypto = CryptoBackend.defaultBackend();
    /** Research: where each connection's key exchange secrets are appended ({@code --keylog}), or null. */
    private java.nio.file.Path keyLog;
    /** Research: where the destination's connection is recorded ({@code --record}), or null. */
    private Path record;
    private SshClientSettings recordTarget;
    /** ProxyCommand processes started, stopped when the command ends. */
    private final List<Process> proxies = new ArrayList<>();

    ClientLogin(PrintWriter err) {
        this.err = err;
    }

    /** Appends every connection's key log lines to {@code file} (see {@link org.sshwire.transport.KeyLog}). */
    ClientLogin keyLog(java.nio.file.Path file) {
        this.keyLog = file;
        return this;
    }

    /** Records the connection to {@code target} (not the jump hosts on the way) to {@code file}, when not null. */
    ClientLogin record(Path file, SshClientSettings target) {
        this.record = file;
        this.recordTarget = target;
        return this;
    }

    private org.sshwire.transport.TransportConfig.Builder withKeyLog(org.sshwire.transport.TransportConfig.Builder t) {
        return keyLog == null ? t : t.keyLog(KeyLogAppender.to(keyLog));
    }

    /**
     * Connects and authenticates as {@code s} says, through {@code via} (the previous jump host)
     * when not null, else through ProxyCommand when set, else directly: the same known_hosts
     * rules, under this host's own name (or its HostKeyAlias).
     */
    SshClient connect(SshClientSettings s, SshClient via) throws IOException {
        String user = s.user();
        String host = s.hostName();
        int port = s.port();
        List<Path> userFiles = s.userKnownHostsFiles();
        Path knownHosts = userFiles.isEmpty() ? Path.of(System.getProperty("user.home"), ".ssh", "known_hosts") : userFiles.get(0);
        List<Path> files = new ArrayList<>(userFiles);
        files.addAll(s.globalKnownHostsFiles());
        String alias = s.hostKeyAlias().orElse(null);
        SshClient.Builder b = SshClient.builder(user)
                .timeout(s.connectTimeout().orElse(Duration.ofSeconds(30)))
                .hostKeyVerifier((h, p, key) -> checkHostKey(alias != null ? alias : h, alias != null ? 22 : p, key, files,
                        knownHosts, s))
                .transport(t -> withKeyLog(ClientDebug.active() ? ConfiguredClient.algorithms(t, s).observer(new DebugObserver(host, port)) : ConfiguredClient.algorithms(t, s)))
                .banner(AuthBanner.printer(err, s.logLevel()));
        if (record != null && s == recordTarget) {
            b.research(info -> SessionRecords.client(record));
            // The probe's keepalives go out as the clock says; without them what the client sends
            // follows from what it receives, so sshwire replay can repeat it.
            b.roundTripProbe(false);
        }
        if (ClientDebug.debug()) {
            ClientDebug.debug1(via != null ? "Connecting to " + host + " port " + port + " through the previous jump host."
                    : s.proxyCommand().isPresent() ? "Executing proxy command: exec " + s.proxyCommand().get()
                    : "Connecting to " + host + " [" + address(host) + "] port " + port + ".");
            ClientDebug.debug1("Authenticating to " + host + ":" + port + " as '" + user + "'");
        }
        if (s.updateHostKeys().equals("yes")) {
            // OpenSSH PROTOCOL §2.5: learn the keys the server proved it holds (key rotation).
            b.hostKeysAnnounced(update -> {
                for (SshPublicKey k : update.appendNewKeys(knownHosts, s.hashKnownHosts())) {
                    err.println("Learned new host key " + k.keyType() + " " + k.fingerprintSha256() + " into " + knownHosts);
                }
                err.flush();
            });
        }
        // OpenSSH's list syntax; naming ssh-rsa (e.g. "+ssh-rsa") is what enables SHA-1 RSA signatures.
        List<String> accepted = s.pubkeyAcceptedAlgorithms();
        b.auth(a -> a.publicKeyAlgorithms(accepted).methods(authMethods(s))
                .passwordAttempts(s.numberOfPasswordPrompts()).keyboardInteractiveAttempts(s.numberOfPasswordPrompts()));
        if (s.serverAliveInterval() > 0) {
            b.keepalive(Duration.ofSeconds(s.serverAliveInterval()), s.serverAliveCountMax());
        }
        List<Path> ids = identityFiles(s);
        AgentLogin agent = s.pubkeyAuthentication()
                ? AgentLogin.open(s.identityAgent().orElse(null), s.identitiesOnly() ? "yes" : "no", ids)
                : AgentLogin.open("none", "no", List.of());
        agent.identities().forEach(b::identity);
        for (Path id : ids) {
            if (!agent.holds(id)) {
                byte[] file = Files.readAllBytes(id);
                if (SecurityKeySigner.isSecurityKeyFile(file)) { // FIDO sk key: signs through ssh-sk-helper
                    b.identity(SecurityKeySigner.identity(id, file, skProvider(s), crypto));
                } else {
                    b.identity(KeyFiles.readPrivateKey(file, null, crypto));
                }
            }
        }
        try (agent) {
            if (via != null) {
                return b.connectVia(via, host, port);
            }
            if (s.proxyCommand().isPresent()) {
                Process p = proxy(s.proxyCommand().get());
                return b.connect(p.getInputStream(), p.getOutputStream(), host, port);
            }
            return connectAttempts(b, host, port, s.connectionAttempts());
        } catch (HostKeyException e) {
            throw new UserErrors.ExitException(hostKeyProblem(e, knownHosts), 255);
        } catch (IOException e) {
            if (e.getCause() instanceof AuthenticationException a) {
                throw new UserErrors.ExitException(user + "@" + host + ": permission denied (" + a.getMessage() + ")", 255);
            }
            throw new UserErrors.ExitException(connectionError(host, e), 255);
        }
    }

    /**
     * SecurityKeyProvider for sk keys: the configured library, a {@code $VAR} from the
     * environment, or, for ssh's default "internal" (its built-in USB HID support, which sshwire
     * does not have), SSH_SK_PROVIDER.
     */
    private static String skProvider(SshClientSettings s) {
        String p = s.securityKeyProvider().orElse("internal");
        if (p.startsWith("$") && p.length() > 1) {
            return System.getenv(p.substring(1));
        }
        return p.equals("internal") ? System.getenv("SSH_SK_PROVIDER") : p;
    }

    /** The address ssh -v shows in brackets after the name. */
    private static String address(String host) {
        try {
            return java.net.InetAddress.getByName(host).getHostAddress();
        } catch (IOException e) {
            return host;
        }
    }

    /** ConnectionAttempts: a refused or unreachable TCP connection is tried again once a second, as ssh does. */
    private static SshClient connectAttempts(SshClient.Builder b, String host, int port, int attempts) throws IOException {
        for (int i = 1;; i++) {
            try {
                return b.connect(host, port);
            } catch (java.net.ConnectException | java.net.NoRouteToHostException e) {
                if (i >= attempts) {
                    throw e;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * The identity files to use: those of the settings that exist. A missing default is skipped
     * silently and a missing configured one with ssh's warning; none at all under
     * PubkeyAuthentication no.
     */
    private List<Path> identityFiles(SshClientSettings s) {
        if (!s.pubkeyAuthentication()) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        for (Path p : s.identityFiles()) {
            if (Files.isRegularFile(p)) {
                out.add(p);
            } else if (!s.identityFilesAreDefaults() && !s.logLevel().equals("SILENT")) {
                err.println("Warning: Identity file " + p + " not accessible: No such file or directory.");
                err.flush();
            }
        }
        return out;
    }

    /**
     * ProxyCommand as ssh runs it ({@code sshconnect.c ssh_proxy_connect}): {@code exec COMMAND}
     * through {@code $SHELL} (or /bin/sh), its standard error passed through, stopped when the
     * login's command ends.
     */
    private Process proxy(String command) throws IOException {
        if (command.equals("-")) {
            throw new UserErrors.ExitException("ProxyCommand=- is not supported by sshwire (it needs ProxyUseFdpass)", 255);
        }
        String shell = System.getenv("SHELL");
        if (shell == null || shell.isEmpty()) {
            shell = "/bin/sh";
        }
        Process p = new ProcessBuilder(shell, "-c", "exec " + command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        proxies.add(p);
        return p;
    }

    /** Stops the ProxyCommand processes this login started. */
    void stopProxies() {
        proxies.forEach(Process::destroy);
    }

    /**
     * ssh's method order (PreferredAuthentications, by default
     * "gssapi-with-mic,hostbased,publickey,keyboard-interactive,password") less the methods the
     * settings switch off and those sshwire's client does not do here (GSSAPI; hostbased, which
     * needs ssh-keysign).
     */
    static List<String> authMethods(SshClientSettings s) {
        List<String> preferred = s.preferredAuthentications()
                .orElse(List.of("gssapi-with-mic", "hostbased", "publickey", "keyboard-interactive", "password"));
        List<String> out = new ArrayList<>();
        for (String m : preferred) {
            boolean on = switch (m) {
                case AuthMethod.PUBLICKEY -> s.pubkeyAuthentication();
                case AuthMethod.KEYBOARD_INTERACTIVE -> s.kbdInteractiveAuthentication();
                case AuthMethod.PASSWORD -> s.passwordAuthentication();
                default -> false;
            };
            if (on && !out.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * ssh's known_hosts policy: the library's check (plain keys, {@code @cert-authority},
     * {@code @revoked}, a refused certificate retried as its plain key), then
     * StrictHostKeyChecking for an unknown key. A refusal is a typed {@link HostKeyException}.
     */
    private boolean checkHostKey(String host, int p, SshPublicKey key, List<Path> files, Path file, SshClientSettings s)
            throws HostKeyException {
        KnownHosts kh;
        try {
            kh = KnownHostsCheck.read(files, crypto);
        } catch (IOException e) {
            throw new HostKeyException(host, p, key, "cannot read known_hosts: " + e.getMessage(), e);
        }
        // ssh's check_host_cert: a certificate from a @cert-authority is checked (principals,
        // validity, CASignatureAlgorithms); one that fails is retried as its plain key.
        CertChecker checker = CertChecker.create(crypto).withCaSignatureAlgorithms(s.caSignatureAlgorithms());
        String strict = s.strictHostKeyChecking();
        ClientDebug.debug1("Server host key: " + key.keyType() + " " + key.fingerprintSha256());
        try {
            KnownHostsCheck.check(kh, host, p, key, checker, why -> {
                err.println("Warning: " + why);
                err.flush();
            });
            ClientDebug.debug1("Host '" + KnownHostsCheck.displayName(host, p) + "' is known and matches the "
                    + KeyNames.sshType(key.keyType()) + " host key.");
            return true;
        } catch (UnknownHostKeyException unknown) {
            String name = KnownHostsCheck.displayName(host, p);
            boolean accept = strict.equals("no") || strict.equals("accept-new")
                    || strict.equals("ask") && !s.batchMode() && askUser(unknown);
            if (!accept) {
                throw unknown;
            }
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, kh.appendLine(host, p, unknown.key(), s.hashKnownHosts()) + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new HostKeyException(host, p, key, "cannot write " + file + ": " + e.getMessage(), e);
            }
            if (AuthBanner.infoShown(s.logLevel())) {
                // ssh 9.2's words exactly (sshconnect.c, logit(): hidden by -q and LogLevel ERROR and below).
                err.println("Warning: Permanently added '" + name + "' (" + KeyNames.sshType(unknown.key().keyType()) + ") to the list of known hosts.");
                err.flush();
            }
            return true;
        }
    }

    /** The one line ssh's user needs for a refused host key. */
    private static String hostKeyProblem(HostKeyException e, Path file) {
        String name = KnownHostsCheck.displayName(e.host(), e.port());
        String fp = e.key().fingerprintSha256();
        if (e instanceof UnknownHostKeyException) {
            return "host key for " + name + " is not known (" + fp + "); add it to " + file
                    + " or use -o StrictHostKeyChecking=accept-new";
        }
        if (e instanceof ChangedHostKeyException) {
            return "host key for " + name + " has changed (now " + fp + "); remove the old entry from " + file
                    + " if this is expected";
        }
        if (e instanceof RevokedHostKeyException) {
            return "host key for " + name + " is revoked in " + file;
        }
        return e.getMessage();
    }

    /**
     * ssh's {@code StrictHostKeyChecking=ask} (its default): on a terminal, ask whether to trust an
     * unknown key; "yes" or the key's fingerprint accepts it. Without a terminal there is nobody to
     * ask, so the key is refused as with {@code yes}.
     */
    private static boolean askUser(UnknownHostKeyException unknown) throws HostKeyException {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        SshPublicKey key = unknown.key();
        String name = KnownHostsCheck.displayName(unknown.host(), unknown.port());
        String fp = key.fingerprintSha256();
        String answer = console.readLine("The authenticity of host '%s' can't be established.%n%s key fingerprint is %s.%n"
                + "Are you sure you want to continue connecting (yes/no/[fingerprint])? ", name, key.keyType(), fp);
        while (answer != null) {
            String a = answer.strip();
            if (a.equalsIgnoreCase("yes") || a.equals(fp)) {
                return true;
            }
            if (a.equalsIgnoreCase("no")) {
                break;
            }
            answer = console.readLine("Please type 'yes', 'no' or the fingerprint: ");
        }
        throw new HostKeyException(unknown.host(), unknown.port(), key, "host key verification failed for " + name + " (" + fp + ")");
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
}
