package org.sshwire.connection.config;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * What ssh reads about the local side while it applies a configuration: the local user (name,
 * uid, home: %u %i %d and Match localuser), this host's name (%l %L), the environment (${VAR},
 * SendEnv), and how to run a Match exec command ({@code $SHELL -c}, its exit status; -1 if it
 * did not exit normally), and whether a name resolves (hostname canonicalisation).
 */
record ClientContext(String localUser, long uid, String home, String thisHost, Function<String, String> env,
        ToIntFunction<String> exec, Predicate<String> resolves) {

    /** This process's user, host and environment; Match exec runs through {@code $SHELL} or /bin/sh. */
    static ClientContext system() {
        String user = System.getProperty("user.name");
        String home = System.getProperty("user.home");
        return new ClientContext(user, processUid(), home, hostName(), System::getenv, shellExec(System::getenv),
                ClientContext::resolves);
    }

    /** Whether the system resolver knows the name (a trailing dot anchors it, as for getaddrinfo). */
    static boolean resolves(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        try {
            InetAddress.getAllByName(n);
            return true;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    String shortHost() {
        int dot = thisHost.indexOf('.');
        return dot < 0 ? thisHost : thisHost.substring(0, dot);
    }

    private static long processUid() {
        try {
            Object v = java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid");
            return ((Number) v).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    /** gethostname(2): the kernel's name for this host, as ssh's %l. */
    private static String hostName() {
        try {
            String n = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
            if (!n.isEmpty()) {
                return n;
            }
        } catch (IOException e) {
            // not Linux: ask the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** How Match exec runs a command: {@code $SHELL -c cmd} with no input or output, as ssh's {@code execute_in_shell}. */
    static ToIntFunction<String> shellExec(Function<String, String> env) {
        return cmd -> {
            String shell = env.apply("SHELL");
            if (shell == null || shell.isEmpty()) {
                shell = "/bin/sh";
            }
            ProcessBuilder pb = new ProcessBuilder(List.of(shell, "-c", cmd))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            try {
                Process p = pb.start();
                int status = p.waitFor();
                // A shell reports death by signal N as 128+N; ssh calls that abnormal.
                return status > 128 ? -1 : status;
            } catch (IOException e) {
                return 127;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        };
    }
}
