package org.sshwire.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.sshwire.auth.files.AuthorizedKeys;
import org.sshwire.auth.files.KeyRestrictions;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.CertChecker;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * OpenSSH {@code authorized_keys} semantics for each user's file: plain keys, and
 * {@code cert-authority} lines for certificates (with {@code principals=}, or else the
 * certificate must name the user). Options are honoured: {@code from=} against the client
 * address, {@code expiry-time=}, {@code command=} as {@link Permissions#FORCE_COMMAND}, and
 * {@code restrict}/{@code no-*} as missing {@code permit-*} extensions.
 *
 * <pre>{@code
 * PublicKeyVerifier v = AuthorizedKeysVerifier.files(user -> Path.of("/home", user, ".ssh/authorized_keys"), crypto);
 * }</pre>
 */
public final class AuthorizedKeysVerifier implements PublicKeyVerifier {
    private static final System.Logger LOG = System.getLogger(AuthorizedKeysVerifier.class.getName());
    /** An authorized_keys file larger than this is refused (sshd has no limit; we need one). */
    static final long MAX_FILE = 1 << 20;

    private final Function<String, AuthorizedKeys> perUser;
    private final CryptoBackend crypto;
    private final Clock clock;
    private final List<String> caSignatureAlgorithms;

    public AuthorizedKeysVerifier(Function<String, AuthorizedKeys> perUser, CryptoBackend crypto, Clock clock) {
        this(perUser, crypto, clock, CertChecker.DEFAULT_CA_SIGNATURE_ALGORITHMS);
    }

    private AuthorizedKeysVerifier(Function<String, AuthorizedKeys> perUser, CryptoBackend crypto, Clock clock,
                                   List<String> caSignatureAlgorithms) {
        this.perUser = perUser;
        this.crypto = crypto;
        this.clock = clock;
        this.caSignatureAlgorithms = List.copyOf(caSignatureAlgorithms);
    }

    /**
     * A copy accepting certificates whose CA signed with one of {@code algorithms} (sshd's
     * {@code CASignatureAlgorithms}; the default is OpenSSH's, without {@code ssh-rsa}).
     */
    public AuthorizedKeysVerifier caSignatureAlgorithms(List<String> algorithms) {
        return new AuthorizedKeysVerifier(perUser, crypto, clock, algorithms);
    }

    /** Reads {@code fileOf(user)} at each check, as sshd does; a missing file allows nothing. */
    public static AuthorizedKeysVerifier files(Function<String, Path> fileOf, CryptoBackend crypto) {
        return new AuthorizedKeysVerifier(user -> {
            Path f = fileOf.apply(user);
            try {
                if (f == null || !Files.isRegularFile(f) || Files.size(f) > MAX_FILE) {
                    return null;
                }
                return AuthorizedKeys.parse(Files.readString(f, StandardCharsets.UTF_8));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot read " + f + ": " + e);
                return null;
            }
        }, crypto, Clock.systemUTC());
    }

    @Override
    public Optional<Permissions> check(String user, SshPublicKey key, InetAddress client) {
        AuthorizedKeys ak = perUser.apply(user);
        if (ak == null) {
            return Optional.empty();
        }
        if (key instanceof SshCertificate cert) {
            return ak.findAuthority(cert).flatMap(e -> certificate(user, cert, e.restrictions(), e.key(), client));
        }
        return ak.find(key).filter(e -> usable(e.restrictions(), client))
                .map(e -> CertificatePermissions.of(e.restrictions()));
    }

    private boolean usable(KeyRestrictions r, InetAddress client) {
        return r.validAt(clock.instant()) && AddressPatterns.fromAllows(r.from(), client);
    }

    private Optional<Permissions> certificate(String user, SshCertificate cert, KeyRestrictions r, SshPublicKey ca,
                                              InetAddress client) {
        if (!usable(r, client)) {
            return Optional.empty();
        }
        CertChecker checker = CertChecker.userAuthority(ca::equals, crypto).withClock(clock)
                .withCaSignatureAlgorithms(caSignatureAlgorithms);
        try {
            if (r.principals() != null) {
                // principals=: the certificate must carry one of these names (sshd(8)), each
                // compared whole: a certificate principal "a,b" is one name and matches neither
                // "a" nor "b" of principals="a,b" (OpenSSH 10.3 fixed match_list splitting it).
                boolean any = false;
                for (String p : r.principals()) {
                    if (cert.principals().contains(p)) {
                        checker.checkUserCert(p, cert);
                        any = true;
                        break;
                    }
                }
                if (!any) {
                    return Optional.empty();
                }
            } else {
                if (!cert.principals().contains(user)) {
                    return Optional.empty();
                }
                checker.checkUserCert(user, cert);
            }
        } catch (KeyFormatException e) {
            LOG.log(System.Logger.Level.DEBUG, "certificate refused for {0}: {1}", user, e.getMessage());
            return Optional.empty();
        }
        // Both restrict: critical options of both, extensions only where both grant them.
        return CertificatePermissions.of(cert, client).map(p -> CertificatePermissions.of(r).merge(p));
    }
}
