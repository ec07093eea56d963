package org.sshwire.sftp.internal;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sshwire.sftp.RootedFileSystem;
import org.sshwire.sftp.SftpServerConfig;
import org.sshwire.sftp.SftpStreamServer;

/**
 * SFTP over stdin/stdout, like OpenSSH's sftp-server.
 *
 * <pre>
 * java -cp ... org.sshwire.sftp.internal.SftpServerMain [-ehR] [-d start_directory] [-f log_facility]
 *      [-l log_level] [-P denied_requests] [-p allowed_requests] [-u umask] [-r root_directory]
 * </pre>
 *
 * <p>The flags are OpenSSH sftp-server's; {@code -r} is ours. By default it serves as OpenSSH's
 * does: the whole file system with the rights of the user running it, paths as they are,
 * starting in the current directory or in {@code -d} ({@code %d} the home directory,
 * {@code %u} the user name, {@code ~} the home, as OpenSSH expands them; relative to the
 * current directory). With {@code -r root_directory} the client is confined to that directory,
 * which it sees as "/", and {@code -d} names the start directory inside it (default "/").
 * {@code -f} is accepted and ignored (we log to stderr, never syslog); {@code -e} is the default.
 */
public final class SftpServerMain {
    private SftpServerMain() {
    }

    static final String USAGE = "usage: sftp-server [-ehR] [-d start_directory] [-f log_facility] "
            + "[-l log_level]\n\t[-P denied_requests] [-p allowed_requests] [-u umask] [-r root_directory]\n"
            + "       sftp-server -Q protocol_feature\n"
            + "Without -r, the whole file system, starting in the current directory or -d (as OpenSSH's).\n"
            + "-r root_directory: confine the client to root_directory, shown as /; -d is then inside it.";

    /** Parsed command line. */
    public record Options(Path root, String start, boolean readOnly, Set<String> allowed, Set<String> denied,
                   int umask, Level logLevel) {
    }

    public static void main(String[] args) throws IOException {
        // stdout carries the protocol: nothing else may ever be printed to it.
        OutputStream protocolOut = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        if (args.length == 2 && args[0].equals("-Q")) {
            System.exit(query(args[1], new PrintStream(protocolOut, true, java.nio.charset.StandardCharsets.UTF_8)));
            return;
        }
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage().isEmpty() ? USAGE : e.getMessage() + "\n" + USAGE);
            System.exit(1);
            return;
        }
        Logger root = Logger.getLogger("");
        Arrays.stream(root.getHandlers()).forEach(root::removeHandler);
        ConsoleHandler h = new ConsoleHandler();
        h.setLevel(o.logLevel());
        root.addHandler(h);
        root.setLevel(o.logLevel());

        RootedFileSystem fs = RootedFileSystem.builder(o.root()).startDirectory(o.start()).umask(o.umask()).build();
        SftpServerConfig config = SftpServerConfig.defaults().withReadOnly(o.readOnly())
                .withAllowed(o.allowed()).withDenied(o.denied());
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "sftp-fs");
            t.setDaemon(true);
            return t;
        });
        try {
            new SftpStreamServer(fs, config, pool).serve(System.in, protocolOut);
        } finally {
            pool.shutdown();
        }
        System.exit(0);
    }

    /** {@code -Q requests}: the request names -P / -p accept, one per line (as OpenSSH prints them). */
    public static int query(String feature, PrintStream out) {
        if (!feature.equals("requests")) {
            System.err.println("invalid query feature \"" + feature + "\"");
            return 1;
        }
        for (String r : REQUESTS) {
            out.println(r);
        }
        out.flush();
        return 0;
    }

    public static final java.util.List<String> REQUESTS = java.util.List.of("open", "close", "read", "write", "lstat",
            "fstat", "setstat", "fsetstat", "opendir", "readdir", "remove", "mkdir", "rmdir", "realpath", "stat",
            "rename", "readlink", "symlink", "posix-rename", "statvfs", "fstatvfs", "hardlink", "fsync", "lsetstat",
            "limits", "expand-path", "copy-data", "home-directory", "users-groups-by-id");

    public static Options parse(String[] args) {
        Path root = null;
        String start = null;
        boolean ro = false;
        Set<String> allowed = null;
        Set<String> denied = new HashSet<>();
        int umask = 022;
        Level level = Level.WARNING;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-") || a.length() < 2) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            for (int j = 1; j < a.length(); j++) {
                char f = a.charAt(j);
                if ("dflPpur".indexOf(f) >= 0) {
                    String v = j + 1 < a.length() ? a.substring(j + 1) : (++i < args.length ? args[i] : null);
                    if (v == null) {
                        throw new IllegalArgumentException("option -" + f + " needs an argument");
                    }
                    switch (f) {
                        case 'd': start = v; break;
                        case 'r': root = Path.of(v); break;
                        case 'f': break;
                        case 'l': level = level(v); break;
                        case 'P': denied.addAll(Arrays.asList(v.split(","))); break;
                        case 'p': allowed = new HashSet<>(Arrays.asList(v.split(","))); break;
                        default: umask = parseUmask(v); break;
                    }
                    break;
                }
                switch (f) {
                    case 'R': ro = true; break;
                    case 'e': break;
                    case 'h': throw new IllegalArgumentException("");
                    default: throw new IllegalArgumentException("unknown option -" + f);
                }
            }
        }
        if (root == null) {
            // OpenSSH's: the whole file system, starting where sftp-server runs, or -d.
            root = Path.of("/");
            start = startDirectory(start);
        }
        return new Options(root, start == null ? "/" : start, ro, allowed, denied, umask, level);
    }

    /**
     * The start directory without {@code -r}, as OpenSSH's sftp-server gets there: {@code -d}
     * tilde- and %-expanded, then chdir(2), whose failure is only logged; realpath(".") then
     * names the directory without symlinks.
     */
    static String startDirectory(String d) {
        Path cwd = Path.of("").toAbsolutePath();
        Path dir = cwd;
        if (d != null) {
            String home = System.getProperty("user.home");
            String expanded = d.equals("~") ? home : d.startsWith("~/") ? home + d.substring(1) : d;
            dir = cwd.resolve(percentExpand(expanded, home, System.getProperty("user.name")));
        }
        try {
            return dir.toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            System.Logger log = System.getLogger(SftpServerMain.class.getName());
            log.log(System.Logger.Level.ERROR, "chdir to \"{0}\" failed: {1}", dir, e.getMessage());
            try {
                return cwd.toRealPath().toString();
            } catch (IOException e2) {
                return cwd.toString();
            }
        }
    }

    /** OpenSSH's percent_expand for -d: %d the home directory, %u the user, %% a percent sign. */
    public static String percentExpand(String s, String home, String user) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            char k = s.charAt(++i);
            switch (k) {
                case 'd': b.append(home); break;
                case 'u': b.append(user); break;
                case '%': b.append('%'); break;
                default: throw new IllegalArgumentException("unknown key %" + k);
            }
        }
        return b.toString();
    }

    private static int parseUmask(String v) {
        try {
            int m = Integer.parseInt(v, 8);
            if (m < 0 || m > 0777) {
                throw new NumberFormatException();
            }
            return m;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid umask \"" + v + "\"");
        }
    }

    private static Level level(String v) {
        switch (v.toUpperCase(java.util.Locale.ROOT)) {
            case "QUIET": return Level.OFF;
            case "FATAL": return Level.SEVERE;
            case "ERROR": return Level.SEVERE;
            case "INFO": return Level.INFO;
            case "VERBOSE": return Level.CONFIG;
            case "DEBUG": case "DEBUG1": return Level.FINE;
            case "DEBUG2": return Level.FINER;
            case "DEBUG3": return Level.FINEST;
            default: throw new IllegalArgumentException("Invalid log level \"" + v + "\"");
        }
    }
}
