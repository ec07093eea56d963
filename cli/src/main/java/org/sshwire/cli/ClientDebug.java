package org.sshwire.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code ssh -v}, {@code -vv}, {@code -vvv} (or {@code -o LogLevel=VERBOSE|DEBUG1|DEBUG2|DEBUG3}):
 * OpenSSH-style lines on standard error. The client commands' own diagnostics go to the
 * System.Logger {@value #NAME} — INFO is ssh's {@code verbose()} (printed bare), DEBUG is
 * {@code debug1:}; the library's own loggers ({@code org.sshwire.*}) join in at {@code -vv} as
 * {@code debug2:} (DEBUG) and at {@code -vvv} as {@code debug3:} (TRACE). Lines end in CR LF, as
 * ssh's log.c writes them, so they stay readable while a session holds the terminal in raw mode.
 * Only the CLI wires logging: the library just logs.
 *
 * <pre>{@code
 * ClientDebug.configure(ClientDebug.verbosity(3, "INFO"));
 * ClientDebug.LOG.log(System.Logger.Level.DEBUG, "Connecting to {0} port {1}.", host, port);
 * }</pre>
 */
final class ClientDebug {
    static final String NAME = "sshwire.client";
    static final System.Logger LOG = System.getLogger(NAME);
    /** JUL keeps loggers weakly: these hold the levels set on them. */
    private static final Logger CLIENT = Logger.getLogger(NAME);
    private static final Logger LIBRARY = Logger.getLogger("org.sshwire");

    private ClientDebug() {
    }

    /** -v count, else LogLevel: VERBOSE is 0.5 (verbose lines only), DEBUG/DEBUG1 1, DEBUG2 2, DEBUG3 3. */
    static double verbosity(int vFlags, String logLevel) {
        if (vFlags > 0) {
            return Math.min(vFlags, 3);
        }
        return switch (logLevel == null ? "INFO" : logLevel.toUpperCase(Locale.ROOT)) {
            case "VERBOSE" -> 0.5;
            case "DEBUG", "DEBUG1" -> 1;
            case "DEBUG2" -> 2;
            case "DEBUG3" -> 3;
            default -> 0;
        };
    }

    /** The handler this class installed, removed again by the next configure (commands run in-process in tests). */
    private static Handler installed;

    static synchronized void configure(double verbosity) {
        if (installed != null) {
            CLIENT.removeHandler(installed);
            LIBRARY.removeHandler(installed);
            LIBRARY.setUseParentHandlers(true);
            LIBRARY.setLevel(null);
            installed = null;
        }
        CLIENT.setUseParentHandlers(false);
        if (verbosity <= 0) {
            CLIENT.setLevel(Level.OFF);
            return;
        }
        Handler h = new LineHandler(System.err);
        installed = h;
        CLIENT.setLevel(verbosity >= 1 ? Level.FINE : Level.INFO);
        CLIENT.addHandler(h);
        if (verbosity >= 2) {
            LIBRARY.setUseParentHandlers(false);
            LIBRARY.setLevel(verbosity >= 3 ? Level.ALL : Level.FINE);
            LIBRARY.addHandler(h);
        }
    }

    /** Whether anything is shown at all (verbose lines or more): worth watching the packets for. */
    static boolean active() {
        return LOG.isLoggable(System.Logger.Level.INFO);
    }

    static boolean debug() {
        return LOG.isLoggable(System.Logger.Level.DEBUG);
    }

    static void debug1(String message) {
        LOG.log(System.Logger.Level.DEBUG, message);
    }

    /** ssh's verbose(): shown from LogLevel VERBOSE (and -v) on, without a prefix. */
    static void verbose(String message) {
        LOG.log(System.Logger.Level.INFO, message);
    }

    /** "debugN: message" (or the bare message for verbose lines, "Warning: ..." style for warnings). */
    private static final class LineHandler extends Handler {
        private final PrintStream out;

        LineHandler(PrintStream out) {
            this.out = out;
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord r) {
            if (!isLoggable(r)) {
                return;
            }
            boolean ours = NAME.equals(r.getLoggerName());
            int level = r.getLevel().intValue();
            String prefix;
            if (level >= Level.INFO.intValue()) {
                prefix = ours ? "" : r.getLevel().getName().toLowerCase(Locale.ROOT) + ": ";
            } else if (ours) {
                prefix = "debug1: ";
            } else {
                prefix = level >= Level.FINE.intValue() ? "debug2: " : "debug3: ";
            }
            String msg = r.getMessage();
            Object[] params = r.getParameters();
            if (params != null && params.length > 0 && msg != null) {
                try {
                    msg = java.text.MessageFormat.format(msg, params);
                } catch (IllegalArgumentException e) {
                    // a message that is not a pattern: print it as it came
                }
            }
            StringBuilder line = new StringBuilder(prefix).append(msg);
            if (!ours && r.getThrown() != null) {
                line.append(": ").append(r.getThrown());
            }
            synchronized (out) {
                out.print(line.append("\r\n"));
                out.flush();
            }
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
