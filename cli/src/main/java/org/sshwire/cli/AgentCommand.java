package org.sshwire.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sshwire.auth.internal.agent.AgentKeyring;
import org.sshwire.transport.crypto.CryptoBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sshwire agent}: an SSH agent that OpenSSH's {@code ssh-add} and {@code ssh} use as they
 * use {@code ssh-agent}, with its flags: keys in memory only, lifetime ({@code -t}, {@code ssh-add
 * -t}) and confirmation ({@code ssh-add -c}, asked through SSH_ASKPASS) constraints, lock and
 * unlock, and destination constraints ({@code ssh-add -h}) enforced against session-bind@openssh.com
 * bindings as OpenSSH 8.9+ does.
 *
 * <pre>{@code
 * eval "$(sshwire agent -s)"          # starts in the background, sets SSH_AUTH_SOCK and SSH_AGENT_PID
 * ssh-add ~/.ssh/id_ed25519
 * eval "$(sshwire agent -k)"          # stops it
 * sshwire agent -D -a /run/user/1000/agent.sock    # in the foreground
 * }</pre>
 *
 * Differences from ssh-agent: no PKCS#11 or FIDO keys, no {@code command [args]} form, and the
 * background agent is a new JVM started with {@code -D} rather than a fork.
 */
@Command(name = "agent", description = {"An SSH agent compatible with OpenSSH's ssh-add and ssh (as ssh-agent).",
    "Without -D it starts in the background and prints shell commands that set SSH_AUTH_SOCK and SSH_AGENT_PID."})
final class AgentCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    boolean help;
    @Option(names = "-a", paramLabel = "bind_address", description = "Listen on this Unix socket path (default: a new 0700 directory in /tmp).")
    Path socket;
    @Option(names = "-c", description = "Print C-shell commands.")
    boolean csh;
    @Option(names = "-s", description = "Print Bourne-shell commands (the default).")
    boolean sh;
    @Option(names = "-D", description = "Stay in the foreground.")
    boolean foreground;
    @Option(names = "-d", description = "Stay in the foreground, with debug logging.")
    boolean debugForeground;
    @Option(names = "-k", description = "Kill the agent named by SSH_AGENT_PID.")
    boolean kill;
    @Option(names = "-t", paramLabel = "life", description = "Default lifetime of added keys (seconds, or 10m, 1h30m ...).")
    String life;
    /** Set on the background agent we start: the socket's directory is its own, removed with the socket. */
    @Option(names = "--owns-socket-dir", hidden = true)
    boolean ownsSocketDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (csh && sh) {
            throw UserErrors.fail("-c and -s cannot be used together");
        }
        String set = csh ? "setenv %s %s;%n" : "%s=%s; export %s;%n";
        String unset = csh ? "unsetenv %s;%n" : "unset %s;%n";
        if (kill) {
            return kill(out, unset);
        }
        long lifetime = life == null ? 0 : lifetimeSeconds(life);
        if (foreground || debugForeground) {
            if (debugForeground) {
                // As ssh-agent -d: the agent's debug messages on stderr (System.Logger's default backend is JUL).
                java.util.logging.Logger sshwire = java.util.logging.Logger.getLogger("org.sshwire");
                sshwire.setLevel(java.util.logging.Level.FINE);
                java.util.logging.ConsoleHandler h = new java.util.logging.ConsoleHandler();
                h.setLevel(java.util.logging.Level.ALL);
                sshwire.addHandler(h);
            }
            return runForeground(out, set, lifetime);
        }
        return startBackground(out, set);
    }

    private int kill(PrintWriter out, String unset) {
        String pidText = System.getenv("SSH_AGENT_PID");
        if (pidText == null) {
            throw new UserErrors.ExitException("SSH_AGENT_PID not set, cannot kill agent", 1);
        }
        long pid;
        try {
            pid = Long.parseLong(pidText.strip());
        } catch (NumberFormatException e) {
            throw new UserErrors.ExitException("SSH_AGENT_PID=\"" + pidText + "\", which is not a good PID", 1);
        }
        if (pid < 2 || !ProcessHandle.of(pid).map(ProcessHandle::destroy).orElse(false)) {
            throw new UserErrors.ExitException("kill: no such process " + pid, 1);
        }
        out.printf(unset, "SSH_AUTH_SOCK");
        out.printf(unset, "SSH_AGENT_PID");
        out.printf("echo Agent pid %d killed;%n", pid);
        out.flush();
        return 0;
    }

    private int runForeground(PrintWriter out, String set, long lifetime) throws IOException {
        Path ownedDir = ownsSocketDir && socket != null ? socket.toAbsolutePath().getParent() : null;
        Path sock = socket;
        if (sock == null) {
            ownedDir = newSocketDir();
            sock = ownedDir.resolve("agent." + ProcessHandle.current().pid());
        }
        AgentServer server = AgentServer.listen(sock, ownedDir, new AgentKeyring(CryptoBackend.defaultBackend(), lifetime),
                new AskpassConfirmer());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sshwire-agent-cleanup"));
        out.printf(set, "SSH_AUTH_SOCK", sock, "SSH_AUTH_SOCK");
        out.printf("echo Agent pid %d;%n", ProcessHandle.current().pid());
        out.flush();
        server.serve();
        return 0;
    }

    /** ssh-agent's default: a new directory only we can enter, in the temporary directory. */
    private static Path newSocketDir() throws IOException {
        return Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ssh-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** A new JVM runs the agent with -D, detached; we print its socket and pid once it listens. */
    private int startBackground(PrintWriter out, String set) throws IOException {
        Path sock = socket;
        boolean owned = sock == null;
        if (owned) {
            sock = newSocketDir().resolve("agent." + ProcessHandle.current().pid());
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Sshwire.class.getName(), "agent", "-D", "-a", sock.toString()));
        if (owned) {
            cmd.add("--owns-socket-dir");
        }
        if (life != null) {
            cmd.addAll(List.of("-t", life));
        }
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add(0, "/usr/bin/setsid"); // its own session: not hung up with the terminal that started it
        }
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // The agent prints "echo Agent pid N;" once it listens: its pid, whatever setsid did.
        long pid = -1;
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line; pid < 0 && (line = r.readLine()) != null; ) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^echo Agent pid (\\d+);$").matcher(line);
                if (m.matches()) {
                    pid = Long.parseLong(m.group(1));
                }
            }
        }
        if (pid < 0 || !Files.exists(sock)) {
            p.destroy();
            throw UserErrors.fail("the agent did not start listening on " + sock);
        }
        out.printf(set, "SSH_AUTH_SOCK", sock, "SSH_AUTH_SOCK");
        out.printf(set, "SSH_AGENT_PID", pid, "SSH_AGENT_PID");
        out.printf("echo Agent pid %d;%n", pid);
        out.flush();
        return 0;
    }

    /** OpenSSH's convtime: seconds, or a sequence of numbers with s, m, h, d or w (e.g. 1h30m). */
    static long lifetimeSeconds(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([sSmMhHdDwW]?)").matcher(s);
        long total = 0;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            long unit = switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
                case "m" -> 60;
                case "h" -> 3600;
                case "d" -> 86400;
                case "w" -> 604800;
                default -> 1;
            };
            total = Math.addExact(total, Math.multiplyExact(n, unit));
            at = m.end();
        }
        if (s.isEmpty() || at != s.length() || total > 0xffffffffL) {
            throw UserErrors.fail("Invalid lifetime " + s);
        }
        return total;
    }
}
