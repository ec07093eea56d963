package org.sshwire.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One of the servers the benchmark compares, listening on 127.0.0.1 in a process tree of its own
 * and serving the same {@link Workspace}: {@code sshwire server} (the CLI's main class, not a test
 * double), this machine's OpenSSH {@code sshd} with a configuration of its own ({@code -D}: it
 * stays the root of its process tree, one listener plus two processes per connection), or Apache
 * MINA SSHD ({@link MinaServerMain}) in its own JVM.
 */
final class ServerUnderTest implements AutoCloseable {
    static final Path SSHD = Path.of("/usr/sbin/sshd");

    /** The command that starts a server on {@code port} (writing any configuration it needs). */
    @FunctionalInterface
    interface Launch {
        List<String> command(int port) throws IOException;
    }

    private final String name;
    private final Launch launch;
    private final Path log;
    private ServerProcess process;
    private int port;

    private ServerUnderTest(String name, Path log, Launch launch) {
        this.name = name;
        this.log = log;
        this.launch = launch;
    }

    static ServerUnderTest sshwire(Workspace ws) {
        return new ServerUnderTest("sshwire", ws.root.resolve("sshwire.log"), port -> JavaCommand.sshwireServer("org.sshwire.cli.Sshwire",
                "server", "--listen", "127.0.0.1", "-p", Integer.toString(port), "--data-dir", ws.hostKeys.toString(),
                "--authorized-keys", ws.authorizedKeys.toString(), "--sftp-root", ws.sftpRoot.toString(),
                "-o", "MaxStartups=10000", "-o", "PerSourceMaxStartups=none", // as the sshd below: the idle test opens thousands at once
                "-o", "StrictModes=no", // the workspace's key file is under /tmp, which StrictModes distrusts
                "-o", "SetEnv=SHLVL=1")); // as the sshd below: root's bash then skips ~/.bashrc's pyenv init
    }

    static ServerUnderTest openSsh(Workspace ws) {
        return new ServerUnderTest("OpenSSH", ws.root.resolve("sshd.log"), port -> {
            Path config = ws.root.resolve("sshd_config");
            Files.write(config, List.of(
                    "ListenAddress 127.0.0.1",
                    "Port " + port,
                    "HostKey " + ws.hostKey(),
                    "PidFile none",
                    "UsePAM no",
                    "StrictModes no",
                    "PermitRootLogin prohibit-password",
                    "AuthorizedKeysFile " + ws.authorizedKeys,
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    // root's ~/.bashrc runs `pyenv init` (~100 ms) for every command bash runs for sshd
                    // unless SHLVL is set (DESIGN §7); the JVM servers run /bin/sh -c and never read it.
                    "SetEnv SHLVL=1",
                    // Relative SFTP paths start in the same folder as on the other servers.
                    "Subsystem sftp internal-sftp -d " + ws.sftpRoot,
                    // The idle-connection test opens thousands of connections.
                    "MaxStartups 10000",
                    "MaxSessions 10",
                    "UseDNS no",
                    "PrintMotd no",
                    "PrintLastLog no",
                    "X11Forwarding no",
                    "LogLevel ERROR"));
            Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory
            return List.of(SSHD.toString(), "-D", "-e", "-f", config.toString());
        });
    }

    /**
     * {@code sshwire proxy} (the CLI's bastion) in front of the server on {@code upstreamPort}:
     * it accepts the workspace's client key, logs in upstream with the same key, checks the
     * upstream's host key against a known_hosts it is given, and records into the workspace
     * (audit log, SFTP operations logs) as a deployed bastion would. A client reaches the
     * upstream by logging in as {@code USER@127.0.0.1:upstreamPort} ({@link #proxyLogin}).
     */
    static ServerUnderTest sshwireProxy(Workspace ws, int upstreamPort) {
        return new ServerUnderTest("sshwire proxy", ws.root.resolve("proxy.log"), port -> {
            Path knownHosts = ws.root.resolve("proxy_known_hosts");
            String[] pub = Files.readString(Path.of(ws.hostKey() + ".pub")).trim().split(" ");
            Files.writeString(knownHosts, "[127.0.0.1]:" + upstreamPort + " " + pub[0] + " " + pub[1] + "\n");
            Path records = Files.createDirectories(ws.root.resolve("proxy-records"));
            // The launcher's heap options, as `./sshwire proxy` runs; then
            // -Dsshwire.bench.proxy.jvm="-XX:StartFlightRecording=..." profiles the bastion's JVM alone.
            List<String> jvm = java.util.stream.Stream.concat(JavaCommand.SERVER_GC.stream(),
                    List.of(System.getProperty("sshwire.bench.proxy.jvm", "").trim().split("\\s+")).stream()
                            .filter(a -> !a.isEmpty())).toList();
            return JavaCommand.sshwire(jvm, "org.sshwire.cli.Sshwire", "proxy", "--listen", "127.0.0.1", "-p", Integer.toString(port),
                    "--data-dir", ws.hostKeys.toString(), "--authorized-keys", ws.authorizedKeys.toString(),
                    "--upstream-identity", ws.clientKey.toString(), "--upstream-known-hosts", knownHosts.toString(),
                    "--record-dir", records.toString());
        });
    }

    /** The login name that routes a connection through {@link #sshwireProxy} to the upstream on {@code upstreamPort}. */
    static String proxyLogin(int upstreamPort) {
        return System.getProperty("user.name") + "@127.0.0.1:" + upstreamPort;
    }

    static ServerUnderTest mina(Workspace ws) {
        return new ServerUnderTest("MINA", ws.root.resolve("mina.log"), port -> JavaCommand.of(MinaServerMain.class,
                Integer.toString(port), ws.hostKey().toString(), ws.authorizedKeys.toString(), ws.sftpRoot.toString()));
    }

    /** As it appears in the table: sshwire, OpenSSH, MINA. */
    String name() {
        return name;
    }

    void start() throws IOException {
        port = ServerProcess.freePort();
        process = ServerProcess.start(name, launch.command(port), port, log);
    }

    int port() {
        return port;
    }

    /** The root of the server's process tree (the JVM, or sshd's listener). */
    long pid() {
        return process.pid();
    }

    /** CPU seconds of the server and of everything it ran and reaped (see {@link ProcessStats#cpuSeconds}). */
    double cpuSeconds() {
        ProcessStats.awaitNoDescendants(pid(), 3000);
        return ProcessStats.cpuSeconds(pid());
    }

    ProcessStats.Snapshot memory() {
        return ProcessStats.tree(pid());
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
    }
}
