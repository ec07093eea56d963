package org.sshwire.bench.e2e;

import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user feels when typing a command (issue 22 item 5): {@code sshwire ssh host true} as a
 * new process through the {@code ./sshwire} launcher (JVM start-up, its class-data-sharing
 * archive, the command line, the key exchange, exit) beside {@code ssh host true}, both against
 * sshd, interleaved one by one: p50 wall time and CPU. Once with each client's default key
 * exchange (what users get: against sshd 9.2 both end on sntrup761x25519), once with
 * curve25519-sha256 pinned (start-up without the post-quantum key generation).
 */
final class StartupScenario {
    /** The repository's launcher: bench/run runs from the root, the smoke test from bench/. */
    static final Path LAUNCHER = (java.nio.file.Files.isRegularFile(Path.of("sshwire")) ? Path.of("sshwire")
            : Path.of("..", "sshwire")).toAbsolutePath().normalize();

    private final String section;
    private final Workspace ws;
    private final Results results;
    private final String user = System.getProperty("user.name");

    StartupScenario(String section, Workspace ws, Results results) {
        this.section = section;
        this.ws = ws;
        this.results = results;
    }

    void run(int port, int count) {
        // The first run after a build makes the launcher's archive; not a start-up anyone repeats.
        Proc.run(command(true, port, null), Redirect.from(new File("/dev/null")),
                Redirect.DISCARD, Duration.ofMinutes(5), true).requireSuccess(List.of("sshwire ssh"));
        for (String kex : new String[] {null, OpenSshClient.KEX}) {
            String row = "ssh host true, a new process (" + (kex == null ? "each client's default KEX" : kex) + ", "
                    + count + " sequential)";
            Map<String, List<Double>> wall = new LinkedHashMap<>();
            Map<String, List<Double>> cpu = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                for (int k = 0; k < 2; k++) {
                    boolean ours = (i + k) % 2 == 0;
                    String impl = ours ? "sshwire" : "OpenSSH";
                    List<String> cmd = command(ours, port, kex);
                    Proc.Result r = Proc.run(cmd, Redirect.from(new File("/dev/null")), Redirect.DISCARD, Duration.ofSeconds(60), true)
                            .requireSuccess(cmd);
                    wall.computeIfAbsent(impl, x -> new ArrayList<>()).add(r.wallSeconds() * 1000);
                    cpu.computeIfAbsent(impl, x -> new ArrayList<>()).add(r.cpuSeconds() * 1000);
                    results.addRaw(new Measurement(section, row, "ms (one process)", false, impl, i, r.wallSeconds() * 1000));
                }
            }
            for (String impl : wall.keySet()) {
                results.add(new Measurement(section, row, "p50 wall ms", false, impl, 0, ResultTable.percentile(wall.get(impl), 0.50)));
                results.add(new Measurement(section, row, "p50 CPU ms", false, impl, 0, ResultTable.percentile(cpu.get(impl), 0.50)));
            }
        }
    }

    /** The same arguments for both: OpenSSH's client syntax, no configuration file. */
    private List<String> command(boolean sshwire, int port, String kex) {
        List<String> cmd = new ArrayList<>(sshwire ? List.of(LAUNCHER.toString(), "ssh")
                : List.of(OpenSshClient.SSH.toString()));
        cmd.addAll(List.of("-T", "-p", Integer.toString(port), "-F", "/dev/null", "-i", ws.clientKey.toString()));
        for (String o : new String[] {"IdentitiesOnly=yes", "BatchMode=yes", "StrictHostKeyChecking=no",
            "UserKnownHostsFile=/dev/null", "LogLevel=ERROR"}) {
            cmd.addAll(List.of("-o", o));
        }
        if (kex != null) {
            cmd.addAll(List.of("-o", "KexAlgorithms=" + kex));
        }
        cmd.addAll(List.of(user + "@127.0.0.1", "true"));
        return cmd;
    }
}
