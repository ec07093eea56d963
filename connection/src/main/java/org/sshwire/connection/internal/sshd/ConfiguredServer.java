package org.sshwire.connection.internal.sshd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sshwire.auth.ServerAuthConfig;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.config.SshdConfig;
import org.sshwire.connection.config.SshdConfigException;
import org.sshwire.connection.config.SshdSettings;
import org.sshwire.connection.server.ProcessHandler;
import org.sshwire.connection.server.SessionHandler;
import org.sshwire.connection.server.SshServer;
import org.sshwire.connection.server.UserAccounts;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * An {@link SshServer.Builder} set up from a checked sshd_config ({@link ServerConfiguration}):
 * the one place that turns sshd's keywords into the server's settings, used by
 * {@code SshServer.builder(SshdConfig)} and by {@code sshwire server}.
 */
public final class ConfiguredServer {
    private static final System.Logger LOG = System.getLogger(ConfiguredServer.class.getName());

    private ConfiguredServer() {
    }

    /**
     * The library's entry: every keyword applied or refused, host keys from HostKey (and their
     * HostCertificate), OS accounts, sessions run as the login's account, passwords checked by
     * {@code passwords} (none: every password is wrong). {@code Subsystem ... internal-sftp}
     * needs a handler the caller registers with {@link SshServer.Builder#subsystem}, checked at
     * {@code build()}.
     */
    public static SshServer.Builder builder(SshdConfig config, ServerAuthPolicy.PasswordCallback passwords, CryptoBackend crypto) {
        ServerConfiguration conf = ServerConfiguration.of(config, true, java.util.Map.of());
        conf.warnings.forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
        UserAccounts accounts = UserAccounts.system();
        LoginRules rules = rules(conf, accounts, crypto, conf.global.authorizedKeysFiles());
        List<SshKeyPair> hostKeys = hostKeys(conf, crypto, w -> LOG.log(System.Logger.Level.WARNING, w));
        SshServer.Builder b = SshServer.builder().crypto(crypto);
        InetSocketAddress listen = conf.listenAddress();
        b.listen(listen.getAddress().getHostAddress(), listen.getPort());
        apply(conf, b, hostKeys, rules, accounts, passwords, new InternalSftp());
        return b;
    }

    /** Who may log in and how, per login with the Match blocks that apply to it. */
    public static LoginRules rules(ServerConfiguration conf, UserAccounts accounts, CryptoBackend crypto, List<String> keyPatterns) {
        return new LoginRules(conf, accounts, SshdConfig.systemGroups(), crypto, ServerOptions.strictModes(conf.options),
                TrustedUserCaKeys.verifier(conf.global, crypto), keyPatterns, RevokedKeys.of(conf.global.revokedKeys()));
    }

    /**
     * Everything but the listening address and the host keys' source: limits, host keys,
     * keepalive, transport algorithms, authentication methods and banner, the login rules,
     * accounts, AcceptEnv, sessions as the account's processes, forwarding, ForceCommand
     * internal-sftp and the Subsystem lines ({@code internalSftp} serves {@code internal-sftp}).
     */
    public static SshServer.Builder apply(ServerConfiguration conf, SshServer.Builder builder, List<SshKeyPair> hostKeys,
            LoginRules rules, UserAccounts accounts, ServerAuthPolicy.PasswordCallback passwords, SessionHandler internalSftp) {
        ServerOptions.applyLimits(conf.options, builder);
        hostKeys.forEach(builder::hostKey);
        if (conf.explicit("ClientAliveInterval") && !conf.global.clientAliveInterval().isZero()) {
            // sshd: ClientAliveInterval seconds of silence, then a keepalive; CountMax unanswered ends it.
            builder.keepalive(conf.global.clientAliveInterval(), conf.global.clientAliveCountMax());
        }
        ServerAuthConfig.Builder auth = ServerAuthConfig.builder();
        ServerOptions.applyAuth(conf.options, auth);
        applyAuthentication(conf, auth);
        ServerAuthPolicy.Builder policy = ServerAuthPolicy.builder()
                .publicKeyCallback(rules::publicKey)
                .passwordCallback((conn, u, pw) -> rules.password(conn, u, pw, passwords));
        // ForceCommand internal-sftp outside Match: every session is SFTP or nothing.
        boolean onlySftp = conf.global.forceCommand().filter("internal-sftp"::equals).isPresent();
        builder.transport(t -> transport(conf, hostKeys, t))
                .authConfig(auth.build())
                .auth(policy.build())
                .accounts(accounts)
                .acceptEnv(conf.fromFile || conf.explicit("AcceptEnv") ? conf.global.acceptEnv() : ServerOptions.acceptEnv(conf.options))
                .handler(new ProcessHandler().withPrintMotd(conf.global.printMotd()).withSetEnv(conf.global.setEnv()))
                .forwarding(ServerOptions.forwarding(rules::settings, conf.global.streamLocalBindUnlink()))
                .roundTripProbe(ServerOptions.roundTripProbe(conf.options));
        if (onlySftp) {
            sftpOnly(builder);
        }
        if (!conf.fromFile && !conf.explicit("Subsystem")) {
            builder.subsystem("sftp", internalSftp); // sshwire server's own default: sftp served in-process
        } else {
            // sshd: only the Subsystem lines (none for sftp: no sftp); commands run as the login's account.
            for (SshdSettings.Subsystem sub : conf.global.subsystems().values()) {
                builder.subsystem(sub.name(), sub.isInternalSftp() ? internalSftp : ProcessHandler.subsystem(sub.commandLine()));
            }
        }
        return builder;
    }

    /** Every session is SFTP or nothing: sshd's {@code ForceCommand internal-sftp}, {@code sshwire server --sftp-only}. */
    public static SshServer.Builder sftpOnly(SshServer.Builder builder) {
        return builder.sessionRequestPolicy((session, type) ->
                        type.equals("subsystem") && session.subsystem().filter("sftp"::equals).isPresent())
                .ptyPolicy((session, pty) -> false);
    }

    /** The transport as the file sets it: algorithm lists, RekeyLimit, Compression, server-sig-algs. */
    public static TransportConfig.Builder transport(ServerConfiguration conf, List<SshKeyPair> hostKeys, TransportConfig.Builder t) {
        ServerOptions.applyTransport(conf.options, t, hostKeyAlgorithms(hostKeys));
        return t;
    }

    /**
     * What these keys can sign with, the base of HostKeyAlgorithms edits: the certificate
     * algorithms of keys that carry a HostCertificate first (OpenSSH's order), then the plain ones.
     */
    static List<String> hostKeyAlgorithms(List<SshKeyPair> hostKeys) {
        List<String> algs = new ArrayList<>(TransportConfig.DEFAULT_CLIENT_HOST_KEY_ALGORITHMS.stream()
                .filter(a -> SignatureAlgorithm.byName(a).isCertificate())
                .filter(a -> hostKeys.stream().anyMatch(k -> k.certificate()
                        .map(c -> c.keyType().equals(SignatureAlgorithm.byName(a).keyType())).orElse(false)))
                .toList());
        algs.addAll(hostKeys.stream().flatMap(k -> TransportConfig.DEFAULT_HOST_KEY_ALGORITHMS.stream()
                .filter(a -> SignatureAlgorithm.byName(a).keyType().equals(k.publicKey().keyType()))).toList());
        return algs;
    }

    /**
     * sshd's HostKey files: one that is missing or unreadable is skipped with sshd's message, as
     * sshd does; none usable ends the start. Each HostCertificate goes to the key it certifies;
     * one that cannot be read, is no certificate, or matches no key is skipped with sshd's message.
     */
    public static List<SshKeyPair> hostKeys(ServerConfiguration conf, CryptoBackend crypto, java.util.function.Consumer<String> warn) {
        List<SshKeyPair> keys = new ArrayList<>();
        for (Path p : conf.global.hostKeys()) {
            try {
                keys.add(KeyFiles.readPrivateKey(Files.readAllBytes(p), null, crypto));
            } catch (IOException | RuntimeException e) {
                warn.accept("Unable to load host key: " + p);
            }
        }
        if (keys.isEmpty()) {
            throw new SshdConfigException("sshd: no hostkeys available -- exiting.");
        }
        for (Path p : conf.global.hostCertificates()) {
            SshCertificate cert;
            try {
                SshPublicKey k = KeyFiles.readPublicKeyLine(Files.readString(p, StandardCharsets.UTF_8).strip());
                if (!(k instanceof SshCertificate c)) {
                    warn.accept("Certificate file is not a certificate: " + p);
                    continue;
                }
                cert = c;
            } catch (IOException | RuntimeException e) {
                warn.accept("Could not load host certificate \"" + p + "\": " + FileProblems.describe(e));
                continue;
            }
            int i = 0;
            while (i < keys.size() && !keys.get(i).publicKey().equals(cert.key())) {
                i++;
            }
            if (i == keys.size()) {
                warn.accept("No matching private key for certificate: " + p);
                continue;
            }
            keys.set(i, keys.get(i).withCertificate(cert));
        }
        return keys;
    }

    /**
     * PubkeyAuthentication, PasswordAuthentication and KbdInteractiveAuthentication choose the
     * methods offered (one a Match block may turn on stays offered: the login's own settings
     * decide, LoginRules); AuthenticationMethods the chains; Banner the text sent before
     * authentication (read at start).
     */
    private static void applyAuthentication(ServerConfiguration conf, ServerAuthConfig.Builder auth) {
        SshdSettings s = conf.global;
        boolean set = conf.fromFile || conf.explicit("PubkeyAuthentication") || conf.explicit("PasswordAuthentication")
                || conf.explicit("KbdInteractiveAuthentication");
        if (set) {
            List<String> methods = new ArrayList<>();
            if (s.pubkeyAuthentication() || conf.inAnyMatch("PubkeyAuthentication")) {
                methods.add("publickey");
            }
            if (s.kbdInteractiveAuthentication()) {
                methods.add("keyboard-interactive");
            }
            if (s.passwordAuthentication() || conf.inAnyMatch("PasswordAuthentication")) {
                methods.add("password");
            }
            auth.methods(methods);
        }
        if (conf.explicit("CASignatureAlgorithms")) {
            auth.caSignatureAlgorithms(s.caSignatureAlgorithms());
        }
        List<List<String>> chains = s.authenticationMethods();
        if (!chains.isEmpty()) {
            auth.requiredMethods(u -> chains);
        }
        Optional<Path> banner = s.banner();
        if (banner.isPresent()) {
            try {
                auth.banner(Files.readString(banner.get(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new SshdConfigException("Banner " + banner.get() + ": " + FileProblems.describe(e));
            }
        }
    }

    /**
     * Stands for {@code internal-sftp} until the program registers its SFTP handler: the
     * connection module cannot serve SFTP itself (the sftp module builds on it).
     */
    public static final class InternalSftp implements SessionHandler {
        @Override
        public void handle(org.sshwire.connection.server.Session session) {
            throw new IllegalStateException("internal-sftp has no handler");
        }
    }
}
