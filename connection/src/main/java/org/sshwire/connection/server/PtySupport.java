package org.sshwire.connection.server;

/**
 * Whether pseudo-terminals can be made here. pty4j is an optional dependency, so a client-only
 * user does not carry it (nor JNA and kotlin-stdlib); without it a ProcessHandler session's
 * pty-req is refused, as sshd refuses a pty it cannot allocate. This class names no pty4j type,
 * so asking never loads one ({@link PtyProcesses} does, and fails to load without it).
 */
final class PtySupport {
    private static final System.Logger LOG = System.getLogger(PtySupport.class.getName());
    private static final boolean AVAILABLE = probe();

    private PtySupport() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    private static boolean probe() {
        try {
            Class.forName("com.pty4j.PtyProcessBuilder", false, PtySupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "pseudo-terminals are off: pty-req is refused until "
                    + "org.jetbrains.pty4j:pty4j is on the class path (an optional dependency of sshwire-connection)");
            return false;
        }
    }
}
