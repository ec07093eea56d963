package org.sshwire.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The controlling terminal on standard input, driven through {@code stty} (Java has no termios
 * and no isatty): its size, raw mode for an interactive session, and the saved modes restored on
 * close. {@link #open()} is empty when standard input is not a terminal.
 */
final class Terminal implements AutoCloseable {
    static final int DEFAULT_COLUMNS = 80;
    private final String savedModes;
    private boolean raw;

    private Terminal(String savedModes) {
        this.savedModes = savedModes;
    }

    static Optional<Terminal> open() {
        try {
            Stty r = stty("-g");
            return r.ok() ? Optional.of(new Terminal(r.out().strip())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a prompt and a progress meter make sense: {@link System#console()} is non-null
     * only when both stdin and stdout are terminals.
     */
    static boolean isInteractive() {
        return System.console() != null;
    }

    /** The width of an {@link #isInteractive() interactive} terminal, else 80 (sftp's default). */
    static int columns() {
        return isInteractive() ? size()[0] : DEFAULT_COLUMNS;
    }

    /** {columns, rows} of the terminal on standard input; 80x24 when it does not say (as ssh and sftp). */
    static int[] size() {
        try {
            Stty r = stty("size");
            String[] rc = r.out().strip().split("\\s+");
            if (r.ok() && rc.length == 2) {
                int cols = Integer.parseInt(rc[1]);
                int rows = Integer.parseInt(rc[0]);
                if (cols > 0 && rows > 0) {
                    return new int[] {cols, rows};
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall back to the classic size, as sftp when ioctl(TIOCGWINSZ) fails
        }
        return new int[] {DEFAULT_COLUMNS, 24};
    }

    /** No line editing, echo or signals: every key goes to the remote pty, as ssh does. */
    void enterRaw() throws IOException {
        if (!stty("raw", "-echo").ok()) {
            throw new IOException("cannot put the terminal in raw mode");
        }
        raw = true;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "sshwire-tty-restore"));
    }

    /** Calls {@code listener} on SIGWINCH; false where the JVM does not deliver it. */
    static boolean onResize(Runnable listener) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), s -> listener.run());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (raw) {
            raw = false;
            try {
                stty(savedModes);
            } catch (IOException e) {
                // nothing more to do: the terminal is the user's to reset
            }
        }
    }

    private record Stty(boolean ok, String out) {
    }

    /** Runs stty on our own standard input, the terminal it inspects or changes. */
    private static Stty stty(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Stty(false, out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Stty(false, out);
        }
        return new Stty(p.exitValue() == 0, out);
    }
}
