package org.sshwire.connection.internal.sshd;

import org.sshwire.connection.config.SshdConfigException;
import java.nio.file.Path;
import java.util.Optional;
import org.sshwire.auth.internal.StrictModes;
import org.sshwire.connection.server.UserAccount;
import org.sshwire.connection.server.UserAccounts;

/**
 * sshd_config's {@code AuthorizedKeysFile} for {@code sshwire server}: one pattern for every
 * account, with sshd's tokens ({@code %h} home, {@code %u} user, {@code %%}), relative to the
 * account's home unless absolute, and the file used only when {@link StrictModes} trusts it.
 */
public final class AuthorizedKeysFiles {
    private static final System.Logger LOG = System.getLogger(AuthorizedKeysFiles.class.getName());

    private AuthorizedKeysFiles() {
    }

    public static Path path(String pattern, String user, Path home) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '%' && i + 1 < pattern.length()) {
                char t = pattern.charAt(++i);
                switch (t) {
                    case 'h' -> b.append(home);
                    case 'u' -> b.append(user);
                    case '%' -> b.append('%');
                    default -> throw new SshdConfigException("unknown token %" + t + " in authorized keys file " + pattern);
                }
            } else {
                b.append(c);
            }
        }
        Path p = Path.of(b.toString());
        return p.isAbsolute() ? p : home.resolve(p);
    }

    /** The account's file when it exists and StrictModes trusts it; null otherwise (no key logs in). */
    static Path trusted(String pattern, UserAccounts accounts, String user, boolean strictModes) {
        Optional<UserAccount> a = accounts.lookup(user);
        if (a.isEmpty()) {
            return null;
        }
        Path file = path(pattern, user, a.get().home());
        if (!file.toFile().exists()) {
            return null;
        }
        Optional<String> problem = strictModes ? StrictModes.problem(file, a.get().uid(), a.get().home()) : Optional.empty();
        if (problem.isPresent()) {
            LOG.log(System.Logger.Level.WARNING, "Authentication refused: " + problem.get());
            return null;
        }
        return file;
    }
}
