package org.sshwire.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.connection.config.SshClientSettings;
import org.sshwire.connection.config.SshConfig;
import org.sshwire.connection.config.SshConfigException;

/**
 * How {@code sshwire ssh} and {@code sshwire sftp} read ssh_config, as ssh.c does: the flags that
 * set an option directly ({@code -p}, {@code -l}, {@code -i}, {@code -C}, {@code -J}, ...) first,
 * then the {@code -o} options in order, then {@code -F FILE} alone or {@code ~/.ssh/config} and
 * {@code /etc/ssh/ssh_config}; the first value wins. A user or host name from the command line
 * holding shell metacharacters is refused before any %-token can carry it into a command
 * (OpenSSH 10.1's {@code valid_ruser} / {@code valid_hostname}).
 */
final class ClientConfigFiles {
    private final Path configFile;
    private final List<String> options;

    /**
     * @param configFile {@code -F}, or null
     * @param options    the {@code -o} options as given, {@code Keyword=value} or {@code Keyword value}
     */
    ClientConfigFiles(Path configFile, List<String> options) {
        this.configFile = configFile;
        this.options = List.copyOf(options);
    }

    /** A destination as ssh parses it: {@code ssh://[user@]host[:port]} or {@code [user@]host}. */
    record Destination(String user, String host, Integer port) {
        static Destination parse(String arg) {
            if (arg.regionMatches(true, 0, "ssh://", 0, 6)) {
                JumpHost h = JumpHost.parse(arg);
                return new Destination(h.user(), h.host(), h.port());
            }
            int at = arg.lastIndexOf('@');
            if (at == 0) {
                throw new UserErrors.ExitException("invalid destination '" + arg + "'", 255);
            }
            return at < 0 ? new Destination(null, arg, null) : new Destination(arg.substring(0, at), arg.substring(at + 1), null);
        }
    }

    /**
     * The settings for a destination given on the command line.
     *
     * @param direct  option lines for the flags that set options directly (they win over {@code -o})
     * @param command whether a command was given (RemoteCommand is then refused, as by ssh)
     * @param stdio   whether {@code -W} is in use
     */
    SshClientSettings resolve(Destination d, List<String> direct, boolean command, boolean stdio) {
        return resolve(d, direct, command, stdio, List.of(), List.of(), List.of());
    }

    /** As above, with the {@code -L}, {@code -R} and {@code -D} arguments. */
    SshClientSettings resolve(Destination d, List<String> direct, boolean command, boolean stdio, List<String> local,
            List<String> remote, List<String> dynamic) {
        if (!SshConfig.isSafeHost(d.host())) {
            throw new UserErrors.ExitException("hostname contains invalid characters", 255);
        }
        List<String> lines = new ArrayList<>(direct);
        if (d.port() != null) {
            lines.add("Port " + d.port()); // an ssh:// port, unless -p gave one
        }
        if (d.user() != null) {
            lines.add("User \"" + d.user().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        String user = userOf(direct, d.user());
        if (user != null && !SshConfig.isSafeUser(user)) {
            throw new UserErrors.ExitException("remote username contains invalid characters", 255);
        }
        lines.addAll(options);
        SshConfig.Builder b = builder(command, stdio);
        local.forEach(b::localForward);
        remote.forEach(b::remoteForward);
        dynamic.forEach(b::dynamicForward);
        return resolve(b, d.host(), lines);
    }

    /**
     * A jump host's settings, as ssh resolves them in the {@code ssh -W} it runs for the hop:
     * the same {@code -F}, the hop's own user and port, the earlier hops as its ProxyJump, and no
     * {@code -o} options.
     */
    SshClientSettings resolveHop(JumpHost hop, String earlierHops) {
        List<String> lines = new ArrayList<>();
        if (hop.user() != null) {
            lines.add("User \"" + hop.user().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        if (hop.port() != null) {
            lines.add("Port " + hop.port());
        }
        if (earlierHops != null) {
            lines.add("ProxyJump " + earlierHops);
        }
        return resolve(builder(false, true), hop.host(), lines);
    }

    private SshConfig.Builder builder(boolean command, boolean stdio) {
        SshConfig.Builder b = SshConfig.builder().commandGiven(command).stdioForward(stdio);
        if (configFile != null) {
            b.configFile(configFile);
        }
        return b;
    }

    private static SshClientSettings resolve(SshConfig.Builder b, String host, List<String> lines) {
        lines.forEach(b::option);
        try {
            return b.build().resolve(host);
        } catch (SshConfigException e) {
            throw new UserErrors.ExitException(e.getMessage(), 255);
        }
    }

    /** The user the command line names: {@code -l} (a direct "User" line) wins over {@code user@}. */
    private static String userOf(List<String> direct, String fromDestination) {
        for (String l : direct) {
            if (l.regionMatches(true, 0, "User ", 0, 5)) {
                return unquote(l.substring(5));
            }
        }
        return fromDestination;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return s;
    }

    /**
     * ssh.c's {@code -i}: the path with '~' expanded, added only if it exists; a missing one is a
     * warning ("Warning: Identity file X not accessible: No such file or directory.").
     */
    static List<String> identityFlags(List<String> files, java.io.PrintWriter err) {
        List<String> out = new ArrayList<>();
        String home = System.getProperty("user.home");
        for (String f : files) {
            String p = f.equals("~") ? home : f.startsWith("~/") ? home + f.substring(1) : f;
            if (java.nio.file.Files.exists(Path.of(p))) {
                out.add(line("IdentityFile", p));
            } else {
                err.println("Warning: Identity file " + p + " not accessible: No such file or directory.");
                err.flush();
            }
        }
        return out;
    }

    /** A direct option line with one argument quoted, as ssh.c sets it without re-parsing. */
    static String line(String keyword, String value) {
        return keyword + " \"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
