package org.sshwire.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.Identity;
import org.sshwire.auth.PasswordTable;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.client.HostKeyVerifier;
import org.sshwire.connection.internal.server.HostKeyDirectory;
import org.sshwire.connection.server.SshServer;
import org.sshwire.proxy.AccessPolicy;
import org.sshwire.proxy.CommandPolicy;
import org.sshwire.proxy.ControlSocket;
import org.sshwire.proxy.Recordings;
import org.sshwire.proxy.Relay;
import org.sshwire.proxy.Router;
import org.sshwire.proxy.UpstreamCertificates;
import org.sshwire.proxy.UpstreamLogin;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.connection.internal.server.SshdTime;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.WrongPassphraseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sshwire proxy}: an auditing SSH bastion. Users log in to it with their keys (or
 * passwords); it connects them upstream where their login name says ({@code USER@HOST[:PORT]})
 * or a routes file maps them, checks the upstream host key against its own known_hosts, and
 * records what goes through (see {@link Recordings}).
 *
 * <pre>{@code
 * sshwire proxy --port 2200 --data-dir /var/lib/bastion --authorized-keys /etc/bastion/users \
 *     --upstream-identity /etc/bastion/id_ed25519 --upstream-known-hosts /etc/bastion/known_hosts \
 *     --record-dir /var/log/bastion
 * ssh -l 'alice@db1:22' -p 2200 bastion
 * # or with short-lived certificates from a user CA that db1's sshd trusts (TrustedUserCAKeys):
 * sshwire proxy ... --upstream-ca /etc/bastion/user_ca --upstream-cert-validity 5m
 * }</pre>
 */
@Command(name = "proxy", mixinStandardHelpOptions = true, subcommands = ProxySessionsCommand.class,
        description = "Run an auditing SSH bastion: log in as USER@HOST[:PORT] to reach HOST as USER; sessions, SFTP and forwards are recorded. "
                + "'sshwire proxy sessions' lists (and ends) the live sessions of the bastions with that --data-dir.")
final class ProxyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "ADDR", description = "Address to listen on (default 127.0.0.1).")
    String listen = "127.0.0.1";
    @Option(names = {"-p", "--port"}, description = "Port (default 2200; 0 picks a free one).")
    int port = 2200;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "The bastion's host keys, generated on first start (default ~/.sshwire/proxy).")
    Path dataDir;
    @Option(names = "--authorized-keys", paramLabel = "FILE", description = "authorized_keys of the users who may log in to the bastion (cert-authority lines admit certificates); %%u is the login's user, before its last @.")
    String authorizedKeys;
    @Option(names = "--passwords", paramLabel = "FILE", description = "Lines user:password of users who may log in to the bastion with a password.")
    Path passwords;
    @Option(names = "--upstream-identity", paramLabel = "FILE", description = "The private key the bastion logs in upstream with (besides the agent of a user who forwards one with ssh -A).")
    Path upstreamIdentity;
    @Option(names = "--upstream-ca", paramLabel = "FILE", description = "A user CA private key (OpenSSH format, unencrypted) the upstream sshd trusts (TrustedUserCAKeys): each upstream login uses a fresh in-memory key with a short-lived certificate for the route's user, whose key id names the bastion user, address and connection. Offered before --upstream-identity and the user's agent.")
    Path upstreamCa;
    @Option(names = "--upstream-cert-validity", paramLabel = "TIME", description = "How long an --upstream-ca certificate is valid after the login, as sshd times: 90, 5m, 1h (default 5m; at most 24h).")
    String upstreamCertValidity;
    // Checked in call(), not by picocli: "sshwire proxy sessions" would be refused for want of them.
    @Option(names = "--upstream-known-hosts", paramLabel = "FILE", description = "known_hosts for the upstream hosts: an unknown or changed host key is refused.")
    Path upstreamKnownHosts;
    @Option(names = "--routes", paramLabel = "FILE", description = "Lines 'LOGIN USER@HOST[:PORT]': only these logins, to these routes (default: the login name is the route).")
    Path routes;
    @Option(names = "--allow-command", paramLabel = "REGEX", description = "Only exec commands this matches in full may run; interactive shells are refused (sftp still works).")
    java.util.regex.Pattern allowCommand;
    @Option(names = "--policy", paramLabel = "FILE", description = "Per-user policy: 'User PATTERN' blocks with Target, Forwarding, MaxSessionTime and AllowCommand lines (see README); a user no block matches is refused.")
    Path policyFile;
    @Option(names = "--record-dir", paramLabel = "DIR", description = "Where audit.jsonl, the asciicast files of terminal sessions and the SFTP logs are written.")
    Path recordDir;
    @Option(names = "--record-max-bytes", paramLabel = "N", description = "Size at which a recording or the audit log is rotated (default 64 MiB).")
    long recordMaxBytes = 64L << 20;
    @Option(names = "--record-keep", paramLabel = "N", description = "Rotated parts kept of each file (default 10).")
    int recordKeep = 10;
    // Contents are off by default: they hold what users put in files and tunnels (credentials,
    // personal data) and take as much disk as the transfers; the logs above are metadata only.
    @Option(names = "--record-sftp-contents", description = "Also save the bytes of every file written or read through SFTP, one file per handle under CONNECTION/N-sftp/, named with its SHA-256 in the SFTP log.")
    boolean recordSftpContents;
    @Option(names = "--record-forwarded-bytes", description = "Also save each forwarded connection's bytes both ways (CONNECTION/N-TYPE.from-client, .from-upstream), named in the audit log.")
    boolean recordForwardedBytes;
    @Option(names = "--record-contents-max-bytes", paramLabel = "N", description = "At most this many bytes of contents saved per connection; past it saving stops and the logs say so (default 1 GiB).")
    long recordContentsMaxBytes = 1L << 30;
    @Option(names = "--proxy-protocol-from", paramLabel = "CIDR", split = ",", description = "Load balancers (addresses or CIDR blocks, comma-separated) whose connections begin with a PROXY protocol v1/v2 header (HAProxy send-proxy / send-proxy-v2); the client address it names is the one logged and matched. Others are served as usual.")
    List<String> proxyProtocolFrom = List.of();
    @Option(names = {"-v", "--verbose"}, description = "More output.")
    boolean[] verbose = new boolean[0];

    private final CryptoBackend crypto = CryptoBackend.defaultBackend();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (verbose.length > 0) {
            Logger.getLogger("org.sshwire").setLevel(verbose.length == 1 ? Level.INFO : Level.FINE);
        }
        if (upstreamKnownHosts == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--upstream-known-hosts=FILE'");
        }
        if (recordDir == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--record-dir=DIR'");
        }
        if (authorizedKeys == null && passwords == null) {
            throw UserErrors.fail("no user could log in: give --authorized-keys or --passwords");
        }
        if (authorizedKeys != null && !authorizedKeys.contains("%") && !Files.isRegularFile(Path.of(authorizedKeys))) {
            throw UserErrors.fail("authorized keys file " + authorizedKeys + " does not exist");
        }
        if (!Files.isRegularFile(upstreamKnownHosts)) {
            throw UserErrors.fail("upstream known hosts file " + upstreamKnownHosts + " does not exist");
        }
        Identity identity = null;
        if (upstreamIdentity != null) {
            try {
                identity = Identity.fromFile(upstreamIdentity, null, crypto);
            } catch (IOException e) {
                throw UserErrors.fail("cannot read the upstream identity " + upstreamIdentity + ": " + e.getMessage());
            }
        }
        UpstreamCertificates.Builder certificates = upstreamCertificates();
        Router router;
        try {
            router = routes != null ? Router.routesFile(routes) : Router.loginName();
        } catch (IOException e) {
            throw UserErrors.fail(e.getMessage());
        }

        AccessPolicy access;
        try {
            access = policyFile != null ? AccessPolicy.parse(policyFile) : AccessPolicy.allowAll();
        } catch (java.nio.file.NoSuchFileException e) {
            throw UserErrors.fail("policy file " + policyFile + " does not exist");
        } catch (IOException e) {
            throw UserErrors.fail(e.getMessage());
        }

        ServerAuthPolicy.Builder policy = ServerAuthPolicy.builder();
        if (authorizedKeys != null) {
            String pattern = authorizedKeys;
            policy.publicKeys(AuthorizedKeysVerifier.files(login -> Path.of(pattern.replace("%u", bastionUser(login))), crypto));
        }
        if (passwords != null) {
            PasswordTable table = PasswordTable.of(ServerCommand.readPasswords(passwords), crypto);
            policy.passwords((login, password) -> table.matches(bastionUser(login), password));
        }

        Identity id = identity;
        HostKeyVerifier known = HostKeyVerifier.knownHosts(upstreamKnownHosts);
        UpstreamLogin keys = (route, b, agent) -> {
            if (id != null) {
                b.identity(id);
            }
            if (agent.isPresent()) {
                b.agent(agent.get());
            }
            b.hostKeyVerifier(known);
        };
        Relay relay = Relay.builder()
                .router(router)
                .upstreamLogin(certificates == null ? keys : certificates.andThen(keys).build())
                .commandPolicy(allowCommand == null ? CommandPolicy.allowAll() : CommandPolicy.commandsMatching(allowCommand))
                .accessPolicy(access)
                .tap(recordings())
                .build();

        Path data = dataDir(dataDir);
        List<SshKeyPair> hostKeys = HostKeyDirectory.loadOrGenerate(data, HostKeyDirectory.ALL_TYPES, crypto);
        SshServer.Builder builder = SshServer.builder().listen(listen, port).auth(policy.build());
        try {
            builder.proxyProtocol(proxyProtocolFrom);
        } catch (IllegalArgumentException e) {
            throw UserErrors.fail("--proxy-protocol-from: " + e.getMessage());
        }
        hostKeys.forEach(builder::hostKey);
        SshServer server = relay.installOn(builder).build().start();
        ControlSocket control;
        try {
            control = ControlSocket.open(relay, data);
        } catch (IOException e) {
            server.close();
            throw UserErrors.fail("no live view: " + e.getMessage());
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.close();
            server.close();
            stopped.countDown();
        }, "sshwire-proxy-shutdown"));
        ServerCommand.printHostKeys(out, hostKeys);
        InetSocketAddress a = server.address();
        String host = a.getAddress().getHostAddress();
        out.println("recording to " + recordDir.toAbsolutePath());
        out.println("live sessions:  sshwire proxy sessions --data-dir " + data.toAbsolutePath());
        out.println("connect with:  ssh -p " + server.port() + " -l USER@HOST[:PORT] " + host);
        out.println("listening on " + host + ":" + server.port());
        out.flush();
        stopped.await();
        return 0;
    }

    /** The {@code --upstream-ca} login's options, or null without that option. */
    private UpstreamCertificates.Builder upstreamCertificates() {
        if (upstreamCa == null) {
            if (upstreamCertValidity != null) {
                throw UserErrors.fail("--upstream-cert-validity needs --upstream-ca");
            }
            return null;
        }
        SshKeyPair ca;
        try {
            ca = KeyFiles.readPrivateKey(Files.readAllBytes(upstreamCa), null, crypto);
        } catch (java.nio.file.NoSuchFileException e) {
            throw UserErrors.fail("upstream CA key " + upstreamCa + " does not exist");
        } catch (WrongPassphraseException e) {
            throw UserErrors.fail("the upstream CA key " + upstreamCa + " is encrypted: the bastion signs unattended, so it needs an unencrypted key");
        } catch (IOException | RuntimeException e) {
            throw UserErrors.fail("cannot read the upstream CA key " + upstreamCa + ": " + e.getMessage());
        }
        UpstreamCertificates.Builder b;
        try {
            b = UpstreamCertificates.builder(ca).crypto(crypto);
        } catch (IllegalArgumentException e) {
            throw UserErrors.fail("--upstream-ca " + upstreamCa + ": " + e.getMessage());
        }
        if (upstreamCertValidity != null) {
            try {
                b.validity(SshdTime.parse(upstreamCertValidity));
            } catch (IllegalArgumentException e) {
                throw UserErrors.fail("--upstream-cert-validity: " + e.getMessage());
            }
        }
        return b;
    }

    private org.sshwire.proxy.RelayTap recordings() throws IOException {
        if (recordContentsMaxBytes < 0) {
            throw UserErrors.fail("--record-contents-max-bytes must not be negative: " + recordContentsMaxBytes);
        }
        if (recordMaxBytes < 4096) {
            throw UserErrors.fail("--record-max-bytes must be at least 4096: " + recordMaxBytes);
        }
        try {
            return Recordings.builder(recordDir).maxBytes(recordMaxBytes).keep(recordKeep)
                    .sftpContents(recordSftpContents).forwardedBytes(recordForwardedBytes)
                    .contentsMaxBytes(recordContentsMaxBytes).build();
        } catch (IllegalArgumentException e) {
            throw UserErrors.fail("recording: " + e.getMessage());
        }
    }

    /** {@code --data-dir}, or its default: where host keys and the control sockets are. */
    static Path dataDir(Path given) {
        return given != null ? given : Path.of(System.getProperty("user.home"), ".sshwire", "proxy");
    }

    /** The bastion account of a login: {@code alice} of {@code alice@db1:22} (a routes-file login is itself). */
    static String bastionUser(String login) {
        int at = login.lastIndexOf('@');
        return at > 0 ? login.substring(0, at) : login;
    }
}
