package org.sshwire.connection.server;

/** Linux signal numbers and RFC 4254 §6.10's names (without "SIG"). */
final class Signals {
    private static final String[] NAMES = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
        "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
        "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};
    /** What a client may send in a "signal" request: RFC 4254 §6.10's list, as sshd's name2sig. */
    private static final java.util.Set<String> REQUESTABLE = java.util.Set.of("ABRT", "ALRM", "FPE", "HUP", "ILL", "INT",
            "KILL", "PIPE", "QUIT", "SEGV", "TERM", "USR1", "USR2");

    private Signals() {
    }

    /** The name of signal {@code n}, or "SIG" + n for a real-time or unknown one. */
    static String name(int n) {
        return n > 0 && n < NAMES.length ? NAMES[n] : "SIG" + n;
    }

    static boolean requestable(String name) {
        return REQUESTABLE.contains(name);
    }
}
