package org.sshwire.connection.internal.sshd;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.sshwire.auth.AuthorizedKeysVerifier;
import org.sshwire.auth.ConnectionMetadata;
import org.sshwire.auth.Decision;
import org.sshwire.auth.Permissions;
import org.sshwire.auth.PublicKeyVerifier;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.channel.SshConnection;
import org.sshwire.connection.config.SshdConfig;
import org.sshwire.connection.config.SshdSettings;
import org.sshwire.connection.server.UserAccount;
import org.sshwire.connection.server.UserAccounts;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * The sshd_config keywords {@code sshwire server} applies at each login, from the global
 * settings and the Match blocks that apply to this user on this connection (sshd re-reads the
 * Match blocks once the user is known, {@code parse_server_match_config}): AllowUsers and the
 * rest of {@code allowed_user}, PubkeyAuthentication, PasswordAuthentication, AuthorizedKeysFile,
 * PermitRootLogin, then ForceCommand and PermitTTY on the login's permissions. With
 * {@code UseDNS no} (sshd's default, the only one sshwire takes) Match Host sees the address.
 */
public final class LoginRules {
    private static final System.Logger LOG = System.getLogger(LoginRules.class.getName());

    private final ServerConfiguration conf;
    private final UserAccounts accounts;
    private final Function<String, List<String>> groups;
    private final CryptoBackend crypto;
    private final boolean strictModes;
    /** Extra verifier (TrustedUserCAKeys), or null. */
    private final PublicKeyVerifier certificates;
    /** AuthorizedKeysFile when neither the file nor -o sets it: sshwire's own default. */
    private final List<String> keyPatterns;
    private final boolean configuredKeys;
    /** RevokedKeys: refused before any file is read. */
    private final java.util.function.Predicate<SshPublicKey> revoked;
    /**
     * Without -f and without PermitRootLogin in -o, the command's own behaviour: its one-time
     * password is for the server's own account, root included. With them, sshd's rule (default
     * prohibit-password).
     */
    private final boolean rootRule;

    LoginRules(ServerConfiguration conf, UserAccounts accounts, Function<String, List<String>> groups,
            CryptoBackend crypto, boolean strictModes, PublicKeyVerifier certificates, List<String> keyPatterns,
            java.util.function.Predicate<SshPublicKey> revoked) {
        this.revoked = revoked;
        this.keyPatterns = List.copyOf(keyPatterns);
        this.configuredKeys = conf.fromFile || conf.explicit("AuthorizedKeysFile") || conf.inAnyMatch("AuthorizedKeysFile");
        this.rootRule = conf.fromFile || conf.explicit("PermitRootLogin") || conf.inAnyMatch("PermitRootLogin");
        this.conf = conf;
        this.accounts = accounts;
        this.groups = groups;
        this.crypto = crypto;
        this.strictModes = strictModes;
        this.certificates = certificates;
    }

    /** The settings for {@code user} on a connection between these addresses. */
    public SshdSettings settings(InetSocketAddress remote, InetSocketAddress local, String user) {
        if (!conf.hasMatch()) {
            return conf.global;
        }
        String addr = remote == null ? null : remote.getAddress().getHostAddress();
        SshdConfig.MatchContext c = SshdConfig.MatchContext.none().withGroups(groups).withUser(user)
                .withHost(addr).withAddress(addr)
                .withLocalAddress(local == null ? null : local.getAddress().getHostAddress())
                .withLocalPort(local == null ? 0 : local.getPort());
        return conf.config.effective(c);
    }

    /** The settings of an authenticated connection, for its forwarding requests. */
    public SshdSettings settings(SshConnection c) {
        return settings(c.remoteAddress(), c.localAddress(), c.user());
    }

    /** A public key login: the key must be in one of the user's AuthorizedKeysFile (or certified by a trusted CA). */
    public Decision publicKey(ConnectionMetadata conn, String user, SshPublicKey key) {
        if (revoked.test(key)) {
            LOG.log(System.Logger.Level.INFO, "Authentication key is revoked");
            return Decision.reject("key revoked");
        }
        SshdSettings s = settings(conn.remoteAddress(), conn.localAddress(), user);
        Optional<String> no = refusal(s, conn, user, "publickey");
        if (no.isPresent()) {
            return Decision.reject(no.get());
        }
        Optional<Permissions> p = Optional.empty();
        for (String pattern : configuredKeys ? s.authorizedKeysFiles() : keyPatterns) {
            if (pattern.equals("none")) {
                continue;
            }
            p = AuthorizedKeysVerifier.files(u -> AuthorizedKeysFiles.trusted(pattern, accounts, u, strictModes), crypto)
                    .check(user, key, conn.remoteAddress() == null ? null : conn.remoteAddress().getAddress());
            if (p.isPresent()) {
                break;
            }
        }
        if (p.isEmpty() && certificates != null) {
            p = certificates.check(user, key, conn.remoteAddress() == null ? null : conn.remoteAddress().getAddress());
        }
        if (p.isEmpty()) {
            return Decision.reject();
        }
        // sshd's auth_root_allowed: forced-commands-only lets root in with a key only if the key
        // (authorized_keys command= or the certificate's force-command) forces a command.
        if (rootRuleApplies(user) && s.permitRootLogin() == SshdSettings.PermitRootLogin.FORCED_COMMANDS_ONLY
                && p.get().forceCommand().isEmpty()) {
            return Decision.reject("ROOT LOGIN REFUSED");
        }
        return Decision.accept(restrict(s, p.get()));
    }

    /**
     * A password login, checked by {@code check} (null: no password is right) once the
     * configuration allows it; an accepted login's permissions are restricted as the file says.
     */
    public Decision password(ConnectionMetadata conn, String user, String password, ServerAuthPolicy.PasswordCallback check) {
        SshdSettings s = settings(conn.remoteAddress(), conn.localAddress(), user);
        Optional<String> no = refusal(s, conn, user, "password");
        if (no.isPresent()) {
            return Decision.reject(no.get());
        }
        Decision d = check == null ? Decision.reject("wrong password") : check.check(conn, user, password);
        return d instanceof Decision.Accept a ? Decision.accept(restrict(s, a.permissions())) : d;
    }

    /** Why this login may not use {@code method}, checked before its credentials. */
    private Optional<String> refusal(SshdSettings s, ConnectionMetadata conn, String user, String method) {
        String addr = conn.remoteAddress() == null ? null : conn.remoteAddress().getAddress().getHostAddress();
        Optional<String> why = s.userRefusal(user, groups.apply(user), addr, addr);
        if (why.isPresent()) {
            LOG.log(System.Logger.Level.INFO, why.get());
            return why;
        }
        boolean enabled = method.equals("publickey") ? s.pubkeyAuthentication() : s.passwordAuthentication();
        if (!enabled) {
            return Optional.of(method + " authentication is off for " + user);
        }
        if (rootRuleApplies(user)) {
            SshdSettings.PermitRootLogin p = s.permitRootLogin();
            // PermitRootLogin (default prohibit-password): no, or a password where only keys may be used.
            if (p == SshdSettings.PermitRootLogin.NO || !method.equals("publickey") && p != SshdSettings.PermitRootLogin.YES) {
                LOG.log(System.Logger.Level.INFO, "ROOT LOGIN REFUSED FROM " + addr);
                return Optional.of("ROOT LOGIN REFUSED");
            }
        }
        return Optional.empty();
    }

    private boolean rootRuleApplies(String user) {
        return rootRule && accounts.lookup(user).map(UserAccount::isRoot).orElse(false);
    }

    /**
     * ForceCommand replaces any command the key forces (sshd: the configured one is used first);
     * PermitTTY no takes the pty away whatever the key allows. ForceCommand internal-sftp is the
     * server's sftp-only mode, applied outside this.
     */
    static Permissions restrict(SshdSettings s, Permissions p) {
        Permissions r = p;
        Optional<String> force = s.forceCommand().filter(c -> !c.equals("internal-sftp"));
        if (force.isPresent()) {
            r = r.withCriticalOption(Permissions.FORCE_COMMAND, force.get());
            // sshd's do_rc_files: no ~/.ssh/rc under the configuration's ForceCommand.
            r = without(r, Permissions.PERMIT_USER_RC);
        }
        if (!s.permitTty()) {
            r = without(r, Permissions.PERMIT_PTY);
        }
        return r;
    }

    private static Permissions without(Permissions p, String extension) {
        Map<String, String> ext = new LinkedHashMap<>(p.extensions());
        ext.remove(extension);
        return new Permissions(p.criticalOptions(), ext);
    }
}
