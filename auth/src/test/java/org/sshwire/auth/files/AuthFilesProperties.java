package org.sshwire.auth.files;

import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SshKeyPair;

/** authorized_keys and known_hosts parsers are total: a value, null (blank/comment), or KeyFormatException. */
class AuthFilesProperties {
    private static final String KEY = SshKeyPair.generate("ssh-ed25519", 0, CryptoBackend.defaultBackend())
            .publicKey().toOpenSshLine("c");

    @Provide
    Arbitrary<String> optionish() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz-=\",\\ *!?[]:|10Z@#\t").ofMaxLength(80)
                .map(s -> s + " " + KEY);
    }

    private static void total(Runnable r) {
        try {
            r.run();
        } catch (KeyFormatException expected) {
            // the typed error
        }
    }

    @Property(tries = 3000)
    void authorizedKeysLinesParseOrFailTyped(@ForAll("optionish") String line) {
        total(() -> AuthorizedKeys.parseLine(line, 1, ZoneOffset.UTC));
    }

    @Property(tries = 3000)
    void knownHostsLinesParseOrFailTyped(@ForAll("optionish") String line) {
        total(() -> {
            KnownHosts.Entry e = KnownHosts.parseLine(line, 1);
            if (e != null) {
                KnownHosts.parse(line).lookup("host.example", 22, e.key());
            }
        });
    }

    @Property(tries = 2000)
    void arbitraryTextParsesOrFailsTyped(@ForAll String text) {
        total(() -> AuthorizedKeys.parseLine(text, 1, ZoneOffset.UTC));
        total(() -> KnownHosts.parseLine(text, 1));
        AuthorizedKeys.parse(text, ZoneOffset.UTC);
        KnownHosts.parse(text).lookup("x", 22, KnownHostsTest.ED);
    }
}
