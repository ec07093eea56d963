package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.sshwire.testvectors.OpenSsh;

/**
 * A real terminal for interactive tests: a detached tmux server on its own socket, one session
 * of a given size running a command, typed into and read back by screen captures.
 */
final class Tmux implements AutoCloseable {
    private static final Path TMUX = Path.of("/usr/bin/tmux");
    private final String sock;
    private final String session;

    private Tmux(String sock, String session) {
        this.sock = sock;
        this.session = session;
    }

    /** Starts {@code command} (a shell command line) in a {@code columns}x{@code rows} terminal. */
    static Tmux start(Path dir, int columns, int rows, String command) throws Exception {
        if (!Files.isExecutable(TMUX)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("tmux missing; .ci/run installs it");
            }
            org.junit.jupiter.api.Assumptions.abort("tmux is not installed");
        }
        Tmux t = new Tmux(Files.createTempFile(dir, "tmux", ".sock").toString(), "sshwire-" + ProcessHandle.current().pid());
        Files.delete(Path.of(t.sock));
        t.run("new-session", "-d", "-s", t.session, "-x", String.valueOf(columns), "-y", String.valueOf(rows), command);
        return t;
    }

    /** Quotes each word for the shell tmux runs the command with. */
    static String shellLine(List<String> words) {
        return String.join(" ", words.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
    }

    void type(String... keys) throws Exception {
        String[] cmd = new String[keys.length + 3];
        cmd[0] = "send-keys";
        cmd[1] = "-t";
        cmd[2] = session;
        System.arraycopy(keys, 0, cmd, 3, keys.length);
        run(cmd);
    }

    void resize(int columns, int rows) throws Exception {
        run("resize-window", "-t", session, "-x", String.valueOf(columns), "-y", String.valueOf(rows));
    }

    String screen() throws Exception {
        return run("capture-pane", "-p", "-t", session);
    }

    /** Waits (up to 30 s) until some line of the screen satisfies {@code line}. */
    String awaitLine(Predicate<String> line, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = screen();
            if (screen.lines().anyMatch(line)) {
                return screen;
            }
            Thread.sleep(100); // the remote side answers asynchronously
        }
        throw new AssertionError("the terminal never showed " + what + ":\n" + screen);
    }

    /** Types {@code command} until the screen shows {@code expected} as a whole line. */
    void awaitAnswer(String command, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String screen = "";
        while (System.nanoTime() < deadline) {
            type(command, "Enter");
            for (int i = 0; i < 20; i++) {
                screen = screen();
                if (screen.lines().anyMatch(l -> l.strip().equals(expected))) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the terminal never showed '" + expected + "':\n" + screen);
    }

    private String run(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(TMUX.toString(), "-S", sock));
        cmd.addAll(List.of(args));
        OpenSsh.Result r = OpenSsh.run(cmd, 20);
        assertEquals(0, r.exit(), () -> String.join(" ", cmd) + ": " + r.stderr());
        return r.stdout();
    }

    @Override
    public void close() throws Exception {
        new ProcessBuilder(TMUX.toString(), "-S", sock, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
    }
}
