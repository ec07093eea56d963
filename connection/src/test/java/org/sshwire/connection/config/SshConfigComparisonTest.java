package org.sshwire.connection.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.connection.config.SshdConfigComparisonTest.Result;
import org.sshwire.testvectors.VectorFiles;

/**
 * The same ssh_config files through this machine's {@code ssh -F FILE -G HOST} and through
 * {@link SshConfig}: every keyword sshwire prints must print the same for every destination,
 * except the differences in {@link #EXPECTED} with their reasons. Files ssh refuses are refused
 * here with ssh's messages. Skips without OpenSSH's ssh, fails under CI=true.
 */
class SshConfigComparisonTest {
    static final Path SSH = Path.of("/usr/bin/ssh");
    static final String RESOURCES = "/org/sshwire/connection/config/ssh";
    /** Destinations each file is resolved for, unless its first line says {@code # hosts: a | b}. */
    static final List<String> HOSTS = List.of("foo", "bar.example.com", "BAR", "192.0.2.10", "secret.example.com");

    /** Keywords whose values differ by design unless the file sets them to a plain list. */
    static final Map<String, String> EXPECTED = Map.of(
            "kexalgorithms", "sshwire's default (TransportConfig.DEFAULT_KEX) starts with mlkem768x25519-sha256,"
                    + " which OpenSSH 9.2 does not have",
            "macs", "sshwire's default has no umac-* and no hmac-sha1*: legacy, offered only when named",
            "hostkeyalgorithms", "sshwire implements no sk-* (FIDO) key types",
            "pubkeyacceptedalgorithms", "sshwire implements no sk-* (FIDO) key types",
            "hostbasedacceptedalgorithms", "sshwire implements no sk-* (FIDO) key types",
            "casignaturealgorithms", "sshwire implements no sk-* (FIDO) key types");

    static Path dir;

    @BeforeAll
    static void setUp(@TempDir Path tmp) throws Exception {
        if (!Files.isExecutable(SSH)) {
            if (VectorFiles.inCi()) {
                throw new AssertionError(SSH + " is missing: install openssh-client (CI=true requires it)");
            }
            Assumptions.abort(SSH + " is missing: install openssh-client");
        }
        dir = tmp;
        Path src = Path.of(SshConfigComparisonTest.class.getResource(RESOURCES).toURI());
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Path dst = tmp.resolve(src.relativize(p).toString());
                Files.createDirectories(dst.getParent());
                Files.writeString(dst, Files.readString(p).replace("@DIR@", tmp.toString()));
            }
        }
    }

    @Test
    void sameAsSshOnEverySupportedKeyword() throws IOException {
        int files = 0;
        int comparisons = 0;
        int equal = 0;
        Map<String, Integer> expected = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Path conf : confs(dir)) {
            files++;
            String text = Files.readString(conf);
            for (String host : header(text, "hosts", HOSTS)) {
                Result r = SshdConfigComparisonTest.run(List.of(SSH.toString(), "-F", conf.toString(), "-G", host));
                assertEquals(0, r.exit(), conf.getFileName() + " " + host + ": " + r.err());
                Map<String, List<String>> theirs = SshdConfigComparisonTest.lines(r.out());
                Map<String, List<String>> ours = SshdConfigComparisonTest.lines(
                        SshConfig.builder().configFile(conf).build().resolve(host).dump());
                for (Map.Entry<String, List<String>> e : ours.entrySet()) {
                    String k = e.getKey();
                    comparisons++;
                    if (e.getValue().equals(theirs.getOrDefault(k, List.of()))) {
                        equal++;
                    } else if (EXPECTED.containsKey(k) && !setsPlainList(text, k)) {
                        expected.merge(k, 1, Integer::sum);
                    } else {
                        failures.add(conf.getFileName() + " [" + host + "] " + k + ": ours " + e.getValue() + ", ssh "
                                + theirs.get(k));
                    }
                }
                for (String k : theirs.keySet()) {
                    if (!ours.containsKey(k) && !k.startsWith("gssapi")) {
                        failures.add(conf.getFileName() + " [" + host + "] " + k + " printed by ssh only");
                    }
                }
            }
        }
        System.out.printf("ssh_config comparison: %d files, %d keyword comparisons, %d equal, expected differences"
                + " %s, unexpected %d%n", files, comparisons, equal, expected, failures.size());
        failures.forEach(System.out::println);
        assertTrue(files >= 30, "at least 30 ssh_config files");
        assertEquals(List.of(), failures);
    }

    @Test
    void commandLineOptionsComeFirstAsInSsh() throws IOException {
        Path conf = dir.resolve("02-host-patterns.conf");
        List<String> opts = List.of("Port=2999", "User cmdline", "Compression=yes", "LocalForward=7000 localhost:7001");
        List<String> cmd = new ArrayList<>(List.of(SSH.toString(), "-F", conf.toString()));
        SshConfig.Builder b = SshConfig.builder().configFile(conf);
        for (String o : opts) {
            cmd.add("-o");
            cmd.add(o);
            b.option(o);
        }
        cmd.addAll(List.of("-G", "foo"));
        Result r = SshdConfigComparisonTest.run(cmd);
        assertEquals(0, r.exit(), r.err());
        Map<String, List<String>> theirs = SshdConfigComparisonTest.lines(r.out());
        Map<String, List<String>> ours = SshdConfigComparisonTest.lines(b.build().resolve("foo").dump());
        for (String k : List.of("port", "user", "compression", "localforward", "hostname")) {
            assertEquals(theirs.get(k), ours.get(k), k);
        }
        assertEquals(List.of("2999"), ours.get("port"));
    }

    @Test
    void refusedAsSshRefusesThem() throws IOException {
        List<String> failures = new ArrayList<>();
        List<Path> confs;
        try (Stream<Path> s = Files.list(dir.resolve("errors"))) {
            confs = s.sorted().toList();
        }
        for (Path conf : confs) {
            Result r = SshdConfigComparisonTest.run(List.of(SSH.toString(), "-F", conf.toString(), "-G", "foo"));
            assertNotEquals(0, r.exit(), conf + " is accepted by ssh");
            SshConfigException e = assertThrows(SshConfigException.class,
                    () -> SshConfig.builder().configFile(conf).build().resolve("foo"), conf.toString());
            String theirs = r.err().replace("\r", "").strip();
            if (!e.getMessage().equals(theirs)) {
                failures.add(conf.getFileName() + ":\n  ssh:   " + theirs.replace("\n", "\n         ") + "\n  ours:  "
                        + e.getMessage().replace("\n", "\n         "));
            }
        }
        System.out.printf("ssh_config refusals: %d files refused by both, %d with other messages%n", confs.size(),
                failures.size());
        failures.forEach(System.out::println);
        assertTrue(confs.size() >= 10);
        assertEquals(List.of(), failures);
    }

    static List<Path> confs(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
    }

    static List<String> header(String text, String name, List<String> dflt) {
        String first = text.lines().findFirst().orElse("");
        String prefix = "# " + name + ":";
        if (first.startsWith(prefix)) {
            return List.of(first.substring(prefix.length()).trim().split("\\s*\\|\\s*"));
        }
        return dflt;
    }

    /** The file sets this keyword (or an alias) to a list without +, - or ^: then it must agree with ssh. */
    private static boolean setsPlainList(String text, String keyword) {
        String names = switch (keyword) {
            case "pubkeyacceptedalgorithms" -> "(pubkeyacceptedalgorithms|pubkeyacceptedkeytypes)";
            case "hostbasedacceptedalgorithms" -> "(hostbasedacceptedalgorithms|hostbasedkeytypes)";
            default -> keyword;
        };
        return Pattern.compile("(?im)^\\s*" + names + "\\s*[=\\s]\\s*[^+\\-^\\s]").matcher(text).find();
    }
}
