package org.sshwire.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Memory and threads of each server holding many idle authenticated connections (no channel
 * open), taken from /proc once the connections are up and the server has settled. OpenSSH forks
 * two processes per connection, so its figure is the sum over the tree, capped at
 * {@code sshdMax} connections: 10 000 sshd connections are 20 000 processes.
 */
final class IdleScenario {
    private static final System.Logger LOG = System.getLogger(IdleScenario.class.getName());
    private static final long SETTLE_MILLIS = 2000;

    private final String section;
    private final List<ServerUnderTest> servers;
    private final Workspace ws;
    private final Results results;

    IdleScenario(String section, List<ServerUnderTest> servers, Workspace ws, Results results) {
        this.section = section;
        this.servers = servers;
        this.ws = ws;
        this.results = results;
    }

    /**
     * Reads each server's memory 2 s after the connections are up and, if {@code idleWaitSeconds}
     * is above 0, again after they stayed idle that long: a heap sized for the burst of logins may
     * be given back by then (sshwire's server JVM runs G1's periodic collection after 15 s
     * without one, as {@code ./sshwire server} ships it).
     */
    void run(List<Integer> levels, int idleWaitSeconds, int sshdMax) throws IOException, InterruptedException {
        for (ServerUnderTest s : servers) {
            record(s, 0, 0, "");
            List<Integer> mine = levels.stream().filter(n -> !s.name().equals("OpenSSH") || n <= sshdMax).toList(); // sshd forks per connection
            if (mine.isEmpty()) {
                continue;
            }
            Process p = new ProcessBuilder(JavaCommand.of(IdleClientsMain.class, ws.clientKey.toString(),
                    System.getProperty("user.name"), Integer.toString(s.port())))
                    .redirectError(ws.root.resolve("idle-clients-" + s.name() + ".log").toFile()).start();
            try (PrintStream cmd = new PrintStream(p.getOutputStream(), true, StandardCharsets.UTF_8);
                 BufferedReader replies = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (int level : mine) {
                    cmd.println("open " + level);
                    String reply = replies.readLine(); // IdleClientsMain bounds each open by time
                    if (reply == null || !reply.startsWith("READY")) {
                        throw new IOException("idle clients for " + s.name() + " ended: " + reply);
                    }
                    int opened = Integer.parseInt(reply.split(" ")[1]);
                    LOG.log(System.Logger.Level.INFO, "{0}: {1}", s.name(), reply);
                    ProcessStats.sleep(SETTLE_MILLIS);
                    record(s, level, opened, "");
                    if (idleWaitSeconds > 0) {
                        ProcessStats.sleep(idleWaitSeconds * 1000L);
                        record(s, level, opened, ", " + idleWaitSeconds + " s later");
                    }
                }
                cmd.println("quit");
            } finally {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            ProcessStats.awaitNoDescendants(s.pid(), 10_000); // sshd's connection processes end
        }
    }

    private void record(ServerUnderTest s, int level, int opened, String when) {
        ProcessStats.Snapshot m = s.memory();
        String row = level == 0 ? "no connection" : String.format("%,d idle authenticated connections", level) + when;
        results.add(new Measurement(section, row, "RSS MiB", false, s.name(), 0, m.rssMiB()));
        results.add(new Measurement(section, row, "PSS MiB", false, s.name(), 0, m.pssMiB()));
        results.add(new Measurement(section, row, "threads", false, s.name(), 0, m.threads()));
        if (level > 0) {
            results.add(new Measurement(section, row, "connections open", true, s.name(), 0, opened));
        }
    }
}
