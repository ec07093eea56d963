package org.sshwire.connection.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.VectorFiles;

/**
 * The same sshd_config files through this machine's {@code sshd -T -f FILE -C ...} and through
 * {@link SshdConfig}: every keyword sshwire implements must print the same, except the
 * differences listed in {@link #EXPECTED} with their reasons. Files that sshd refuses must be
 * refused here too, with sshd's message. Skips without OpenSSH's sshd, fails under CI=true.
 */
class SshdConfigComparisonTest {
    static final Path SSHD = Path.of("/usr/sbin/sshd");
    static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");
    static final String RESOURCES = "/org/sshwire/connection/config/sshd";

    /** Connections each file is tested for, unless its first line says {@code # contexts: a | b}. */
    static final List<String> CONTEXTS = List.of(
            "user=root,host=client.example.org,addr=192.0.2.7,laddr=192.0.2.1,lport=22",
            "user=nobody,host=other.example.net,addr=2001:db8::5,laddr=::1,lport=2222",
            "user=alice,host=h.example.com,addr=192.0.2.8,laddr=192.0.2.1,lport=22");

    /**
     * Keywords whose values differ by design, unless the file sets them to a plain list (then
     * they must agree): sshwire's algorithm defaults and implemented algorithms are its own.
     */
    static final Map<String, String> EXPECTED = Map.of(
            "kexalgorithms", "sshwire's default (TransportConfig.DEFAULT_KEX) starts with mlkem768x25519-sha256,"
                    + " which OpenSSH 9.2 does not have",
            "macs", "sshwire's default (TransportConfig.DEFAULT_MACS) has no umac-* and no hmac-sha1*: both are"
                    + " implemented but legacy, offered only when named (DESIGN §6, issue 16 item 4)",
            "hostkeyalgorithms", "sshwire implements no sk-* (FIDO) key types",
            "pubkeyacceptedalgorithms", "sshwire implements no sk-* (FIDO) key types",
            "casignaturealgorithms", "sshwire implements no sk-* (FIDO) key types",
            "persourcepenalties", "OpenSSH 9.8's keyword (printed as 10.x does): sshd 9.2 neither knows nor prints it");

    static Path dir;

    @BeforeAll
    static void setUp(@TempDir Path tmp) throws Exception {
        for (Path b : List.of(SSHD, SSH_KEYGEN)) {
            if (!Files.isExecutable(b)) {
                String msg = b + " is missing: install openssh-server";
                if (VectorFiles.inCi()) {
                    throw new AssertionError(msg + " (CI=true requires it)");
                }
                Assumptions.abort(msg);
            }
        }
        if (!Files.isDirectory(Path.of("/run/sshd"))) {
            try {
                Files.createDirectories(Path.of("/run/sshd")); // sshd -T checks its privilege separation directory
            } catch (IOException e) {
                if (VectorFiles.inCi()) {
                    throw new AssertionError("sshd -T needs /run/sshd", e);
                }
                Assumptions.abort("sshd -T needs /run/sshd: " + e);
            }
        }
        dir = tmp;
        for (String k : List.of("hostkey", "hostkey2")) {
            Result r = run(List.of(SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-f",
                    tmp.resolve(k).toString()));
            assertEquals(0, r.exit, r.err);
        }
        Path src = Path.of(SshdConfigComparisonTest.class.getResource(RESOURCES).toURI());
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Path dst = tmp.resolve(src.relativize(p).toString());
                Files.createDirectories(dst.getParent());
                Files.writeString(dst, Files.readString(p).replace("@HOSTKEY2@", tmp.resolve("hostkey2").toString())
                        .replace("@HOSTKEY@", tmp.resolve("hostkey").toString()).replace("@DIR@", tmp.toString()));
            }
        }
    }

    @Test
    void sameAsSshdOnEverySupportedKeyword() throws IOException {
        int files = 0;
        int comparisons = 0;
        int equal = 0;
        Map<String, Integer> expected = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<Path> confs;
        try (Stream<Path> s = Files.list(dir)) {
            confs = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        for (Path conf : confs) {
            files++;
            String text = Files.readString(conf);
            SshdConfig cfg = SshdConfig.load(conf);
            for (String ctx : contexts(text)) {
                Result r = run(List.of(SSHD.toString(), "-T", "-f", conf.toString(), "-C", ctx));
                assertEquals(0, r.exit, conf.getFileName() + " " + ctx + ": " + r.err);
                Map<String, List<String>> theirs = lines(r.out);
                Map<String, List<String>> ours = lines(cfg.effective(SshdConfig.MatchContext.parse(ctx,
                        SshdConfig.systemGroups())).dump());
                for (Map.Entry<String, List<String>> e : ours.entrySet()) {
                    String k = e.getKey();
                    comparisons++;
                    if (e.getValue().equals(theirs.getOrDefault(k, List.of()))) {
                        equal++;
                    } else if (EXPECTED.containsKey(k) && !setsPlainList(text, k)) {
                        expected.merge(k, 1, Integer::sum);
                    } else {
                        failures.add(conf.getFileName() + " [" + ctx + "] " + k + ": ours " + e.getValue()
                                + ", sshd " + theirs.get(k));
                    }
                }
            }
        }
        System.out.printf("sshd_config comparison: %d files, %d keyword comparisons, %d equal, expected"
                + " differences %s, unexpected %d%n", files, comparisons, equal, expected, failures.size());
        failures.forEach(System.out::println);
        assertTrue(files >= 30, "at least 30 sshd_config files");
        assertEquals(List.of(), failures);
    }

    @Test
    void refusedAsSshdRefusesThem() throws IOException {
        List<Path> confs;
        try (Stream<Path> s = Files.list(dir.resolve("errors"))) {
            confs = s.sorted().toList();
        }
        List<String> failures = new ArrayList<>();
        for (Path conf : confs) {
            Result r = run(List.of(SSHD.toString(), "-T", "-f", conf.toString(), "-C", CONTEXTS.get(0)));
            assertNotEquals(0, r.exit, conf + " is accepted by sshd");
            SshdConfigException e = assertThrows(SshdConfigException.class, () -> SshdConfig.load(conf)
                    .effective(SshdConfig.MatchContext.parse(CONTEXTS.get(0), SshdConfig.systemGroups())));
            String theirs = r.err.replace("\r", "").strip(); // sshd ends stderr lines with CRLF
            if (!e.getMessage().startsWith(theirs)) {
                failures.add(conf.getFileName() + ":\n  sshd:  " + theirs.replace("\n", "\n         ")
                        + "\n  ours:  " + e.getMessage().replace("\n", "\n         "));
            }
        }
        System.out.printf("sshd_config refusals: %d files refused by both, %d with other messages%n", confs.size(),
                failures.size());
        failures.forEach(System.out::println);
        assertEquals(List.of(), failures);
    }

    private static List<String> contexts(String text) {
        String first = text.lines().findFirst().orElse("");
        if (first.startsWith("# contexts:")) {
            return List.of(first.substring("# contexts:".length()).trim().split("\\s*\\|\\s*"));
        }
        return CONTEXTS;
    }

    /** The file sets this keyword (or an alias) to a list without +, - or ^: then it must agree with sshd. */
    private static boolean setsPlainList(String text, String keyword) {
        String names = keyword.equals("pubkeyacceptedalgorithms") ? "(pubkeyacceptedalgorithms|pubkeyacceptedkeytypes)"
                : keyword;
        return Pattern.compile("(?im)^\\s*" + names + "\\s*[=\\s]\\s*[^+\\-^\\s]").matcher(text).find();
    }

    /** -T output as keyword to its lines' values, in order. */
    static Map<String, List<String>> lines(String dump) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String line : dump.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int sp = line.indexOf(' ');
            String k = (sp < 0 ? line : line.substring(0, sp)).toLowerCase(Locale.ROOT);
            m.computeIfAbsent(k, x -> new ArrayList<>()).add(sp < 0 ? "" : line.substring(sp + 1));
        }
        return m;
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                    "/dev/null"))).start();
            byte[] out;
            byte[] err;
            try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
                out = o.readAllBytes();
                err = e.readAllBytes();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Path resources() throws URISyntaxException {
        return Path.of(SshdConfigComparisonTest.class.getResource(RESOURCES).toURI());
    }
}
