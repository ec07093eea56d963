package org.sshwire.connection.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The reader is total: any text gives a configuration or an {@link SshdConfigException}, nothing else. */
class SshdConfigPropertiesTest {
    static final List<String> CONTEXTS = List.of("user=root,host=h.example,addr=192.0.2.7,laddr=192.0.2.1,lport=22",
            "user=nobody,addr=2001:db8::5,lport=2222", "");

    @Property(tries = 400)
    void parsingThrowsOnlyTheConfigError(@ForAll("configs") String text) {
        SshdConfig cfg;
        try {
            cfg = SshdConfig.parse(text, "p", Path.of("/nonexistent-sshwire-base"));
        } catch (SshdConfigException e) {
            return;
        }
        for (String c : CONTEXTS) {
            try {
                SshdSettings s = cfg.effective(SshdConfig.MatchContext.parse(c, u -> List.of(u)));
                s.ciphers();
                s.pubkeyAcceptedAlgorithms();
                s.authenticationMethods();
                s.channelTimeouts();
                s.setEnv();
            } catch (SshdConfigException e) {
                // e.g. Match LocalPort without a port in the context
            }
        }
    }

    @Property(tries = 300)
    void arbitraryCharactersThrowOnlyTheConfigError(@ForAll("noise") String text) {
        try {
            SshdConfig.parse(text, "p", Path.of("/nonexistent-sshwire-base")).global();
        } catch (SshdConfigException e) {
            // refused: fine
        }
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.strings().withChars("aAzZ09 \t\r\n\"'\\#=,!*?/:[]@%-+^.").ofMaxLength(300)
                .map(SshdConfigPropertiesTest::noInclude);
    }

    @Provide
    Arbitrary<String> configs() {
        List<String> names = Keywords.all().stream().map(Keyword::name)
                .filter(n -> !n.equalsIgnoreCase("Include")).toList();
        Arbitrary<String> keyword = Arbitraries.oneOf(Arbitraries.of(names),
                Arbitraries.of(names).map(n -> n.toLowerCase(Locale.ROOT)), Arbitraries.of("Match", "Bogus", "#x"));
        Arbitrary<String> arg = Arbitraries.oneOf(
                Arbitraries.of("yes", "no", "none", "any", "all", "User", "Group", "Address", "LocalPort", "Host",
                        "root", "!root,*", "192.0.2.0/24", "192.0.2.1/33", "2001:db8::/32", "22", "0", "-1",
                        "65536", "1h30m", "5x", "1G", "1.5M", "+aes128-ctr", "-*", "^ssh-ed25519", "ssh-ed25519*",
                        "a=b", "session=5m", "internal-sftp", "/etc/x", "~/k", "\"q u\"", "'q", "\\", "#c", "=",
                        "crash:5", "host:22", "[::1]:80", "*:*", "clientspecified", "1:2:3", "10:30:100", "24:64"),
                Arbitraries.strings().withChars("ab1:*!,=\"'\\#").ofMaxLength(8));
        Arbitrary<String> line = Combinators.combine(keyword, arg.list().ofMaxSize(4),
                Arbitraries.of(" ", "=", " = ", "\t")).as((k, a, sep) -> k + sep + String.join(" ", a));
        return line.list().ofMaxSize(25).map(l -> String.join("\n", l) + "\n")
                .map(SshdConfigPropertiesTest::noInclude);
    }

    /** Include reads the file system; it is tested with files of its own. */
    private static String noInclude(String s) {
        return s.replaceAll("(?i)include", "inc");
    }
}
