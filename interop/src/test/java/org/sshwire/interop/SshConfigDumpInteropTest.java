package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.OpenSsh;

/**
 * {@code sshwire ssh -F FILE -G HOST} against {@code ssh -F FILE -G HOST}, both binaries on the
 * same files (the connection module's ssh_config set, at least 30 files), with the command-line
 * flags ssh sets directly ({@code -p -l -i -C -J -L -D}) and {@code -o}: every keyword sshwire
 * prints must equal ssh's, except the algorithm lists, whose defaults are sshwire's own (the
 * library test compares those where a file names them).
 */
class SshConfigDumpInteropTest {
    static final Path FILES = Path.of("..", "connection", "src", "test", "resources", "org", "sshwire", "connection",
            "config", "ssh").toAbsolutePath().normalize();
    static final Set<String> OWN_DEFAULTS = Set.of("ciphers", "macs", "kexalgorithms", "hostkeyalgorithms",
            "pubkeyacceptedalgorithms", "hostbasedacceptedalgorithms", "casignaturealgorithms");

    @TempDir
    static Path dir;

    @BeforeAll
    static void copy() throws IOException {
        OpenSsh.require(OpenSsh.SSH);
        try (Stream<Path> files = Files.walk(FILES)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Path dst = dir.resolve(FILES.relativize(p).toString());
                Files.createDirectories(dst.getParent());
                Files.writeString(dst, Files.readString(p).replace("@DIR@", dir.toString()));
            }
        }
    }

    private static Map<String, List<String>> dump(List<String> command) {
        OpenSsh.Result r = OpenSsh.run(command, 60);
        assertEquals(0, r.exit(), command + ": " + r.stderr());
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                m.computeIfAbsent(line.substring(0, sp).toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(sp + 1));
            }
        }
        return m;
    }

    private static List<String> compare(String what, List<String> args) {
        List<String> ssh = new ArrayList<>(List.of(OpenSsh.SSH.toString()));
        ssh.addAll(args);
        List<String> ours = new ArrayList<>(List.of(ServerCommandTest.LAUNCHER.toString(), "ssh"));
        ours.addAll(args);
        Map<String, List<String>> theirs = dump(ssh);
        Map<String, List<String>> mine = dump(ours);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : mine.entrySet()) {
            if (!OWN_DEFAULTS.contains(e.getKey()) && !e.getValue().equals(theirs.get(e.getKey()))) {
                failures.add(what + " " + e.getKey() + ": sshwire " + e.getValue() + ", ssh " + theirs.get(e.getKey()));
            }
        }
        return failures;
    }

    @Test
    void sshwireSshDashGPrintsWhatSshDashGPrints() throws IOException {
        List<Path> confs;
        try (Stream<Path> s = Files.list(dir)) {
            confs = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        assertTrue(confs.size() >= 30, "at least 30 ssh_config files");
        List<String> failures = new ArrayList<>();
        for (Path conf : confs) {
            String first = Files.readString(conf).lines().findFirst().orElse("");
            String host = first.startsWith("# hosts:") ? first.substring(8).split("\\|")[0].trim() : "foo";
            failures.addAll(compare(conf.getFileName().toString(), List.of("-F", conf.toString(), "-G", host)));
        }
        failures.forEach(System.out::println);
        assertEquals(List.of(), failures);
    }

    @Test
    void directFlagsWinOverDashOAndTheFileAsInSsh() throws IOException {
        Path conf = dir.resolve("02-host-patterns.conf");
        List<String> failures = compare("flags", List.of("-F", conf.toString(), "-p", "2345", "-l", "flag-user", "-i",
                "/tmp/id_flag", "-C", "-J", "hop@jump.example.com:2200", "-L", "7000:localhost:7001", "-D", "127.0.0.1:1090",
                "-R", "9100", "-o", "Port=3456", "-o", "User=option-user", "-o", "SendEnv=FOO", "-G", "alias@foo"));
        assertEquals(List.of(), failures);
    }
}
