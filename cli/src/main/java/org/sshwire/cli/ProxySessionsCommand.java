package org.sshwire.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sshwire.proxy.ControlSocket;
import org.sshwire.proxy.LiveSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sshwire proxy sessions}: the live sessions of the bastions running with a data
 * directory, asked over their control sockets ({@link ControlSocket}); {@code --terminate ID}
 * ends one.
 *
 * <pre>{@code
 * sshwire proxy sessions --data-dir /var/lib/bastion
 * sshwire proxy sessions --data-dir /var/lib/bastion --terminate 20261207T183151Z-4242-7
 * }</pre>
 */
@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = "List the live sessions of the sshwire proxy instances using --data-dir (one control socket each), or end one with --terminate ID.")
final class ProxySessionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The bastions' --data-dir (default ~/.sshwire/proxy).")
    Path dataDir;
    @Option(names = "--terminate", paramLabel = "ID", description = "End this session: its user is told on stderr and disconnected.")
    String terminate;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = ProxyCommand.dataDir(dataDir);
        try {
            if (terminate != null) {
                if (!ControlSocket.terminate(dir, terminate)) {
                    throw UserErrors.fail("no live session " + terminate + " in the bastions using " + dir);
                }
                out.println("terminated " + terminate);
                out.flush();
                return 0;
            }
            List<LiveSession> sessions = ControlSocket.sessions(dir);
            out.println(String.format("%-32s %-24s %-22s %-28s %-20s %4s %12s %12s", "ID", "LOGIN", "CLIENT", "ROUTE", "STARTED",
                    "CHAN", "BYTES-UP", "BYTES-DOWN"));
            for (LiveSession s : sessions) {
                out.println(String.format("%-32s %-24s %-22s %-28s %-20s %4d %12d %12d", s.id(), s.login(), s.client(),
                        s.route().isEmpty() ? "-" : s.route(), s.started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        s.channels(), s.bytesToUpstream(), s.bytesToClient()));
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            throw UserErrors.fail(e.getMessage());
        }
    }
}
