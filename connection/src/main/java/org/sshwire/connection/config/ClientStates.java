package org.sshwire.connection.config;

/**
 * readconf.c's multistate tables: the words a keyword takes and the numbers they stand for.
 * {@code ssh -G} prints a number as the first word of its table that maps to it ("yes" is
 * printed "true"), so the tables keep OpenSSH's order.
 */
final class ClientStates {
    static final int STRICT_OFF = 0;
    static final int STRICT_NEW = 1;
    static final int STRICT_YES = 2;
    static final int STRICT_ASK = 3;
    static final int TTY_AUTO = 0;
    static final int TTY_NO = 1;
    static final int TTY_YES = 2;
    static final int TTY_FORCE = 3;
    static final int SESSION_NONE = 0;
    static final int SESSION_SUBSYSTEM = 1;
    static final int SESSION_DEFAULT = 2;
    static final int CANON_NO = 0;
    static final int CANON_YES = 1;
    static final int CANON_ALWAYS = 2;
    static final int PUBKEY_NO = 0;
    static final int PUBKEY_UNBOUND = 1;
    static final int PUBKEY_HBOUND = 2;
    static final int PUBKEY_ALL = 3;
    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int TUN_NO = 0;
    static final int TUN_POINTOPOINT = 1;
    static final int TUN_ETHERNET = 2;
    /** ssh's SSH_TUNID_ANY. */
    static final int TUNID_ANY = 0x7fffffff;
    /** ssh's SSH_ESCAPECHAR_NONE. */
    static final int ESCAPE_NONE = -2;

    /** One multistate table: words (case-insensitive on input) and their numbers. */
    record Table(String[] words, int[] values) {
        int parse(String arg) {
            for (int i = 0; i < words.length; i++) {
                if (words[i].equalsIgnoreCase(arg)) {
                    return values[i];
                }
            }
            return -1;
        }

        String format(int value) {
            for (int i = 0; i < words.length; i++) {
                if (values[i] == value) {
                    return words[i];
                }
            }
            return "UNKNOWN";
        }
    }

    static final Table FLAG = new Table(new String[] {"true", "false", "yes", "no"}, new int[] {1, 0, 1, 0});
    static final Table YES_NO_ASK = new Table(new String[] {"true", "false", "yes", "no", "ask"},
            new int[] {1, 0, 1, 0, 2});
    static final Table STRICT_HOST_KEY = new Table(
            new String[] {"true", "false", "yes", "no", "ask", "off", "accept-new"},
            new int[] {STRICT_YES, STRICT_OFF, STRICT_YES, STRICT_OFF, STRICT_ASK, STRICT_OFF, STRICT_NEW});
    static final Table YES_NO_ASK_CONFIRM = new Table(new String[] {"true", "false", "yes", "no", "ask", "confirm"},
            new int[] {1, 0, 1, 0, 2, 3});
    static final Table ADDRESS_FAMILY = new Table(new String[] {"inet", "inet6", "any"},
            new int[] {AF_INET, AF_INET6, AF_UNSPEC});
    static final Table CONTROL_MASTER = new Table(new String[] {"true", "yes", "false", "no", "auto", "ask", "autoask"},
            new int[] {1, 1, 0, 0, 2, 3, 4});
    static final Table TUNNEL = new Table(new String[] {"ethernet", "point-to-point", "true", "yes", "false", "no"},
            new int[] {TUN_ETHERNET, TUN_POINTOPOINT, TUN_POINTOPOINT, TUN_POINTOPOINT, TUN_NO, TUN_NO});
    static final Table REQUEST_TTY = new Table(new String[] {"true", "yes", "false", "no", "force", "auto"},
            new int[] {TTY_YES, TTY_YES, TTY_NO, TTY_NO, TTY_FORCE, TTY_AUTO});
    static final Table SESSION_TYPE = new Table(new String[] {"none", "subsystem", "default"},
            new int[] {SESSION_NONE, SESSION_SUBSYSTEM, SESSION_DEFAULT});
    static final Table CANONICALIZE_HOSTNAME = new Table(new String[] {"true", "false", "yes", "no", "always"},
            new int[] {CANON_YES, CANON_NO, CANON_YES, CANON_NO, CANON_ALWAYS});
    static final Table PUBKEY_AUTH = new Table(new String[] {"true", "false", "yes", "no", "unbound", "host-bound"},
            new int[] {PUBKEY_ALL, PUBKEY_NO, PUBKEY_ALL, PUBKEY_NO, PUBKEY_UNBOUND, PUBKEY_HBOUND});
    /** Compression: "yes" is printed by the plain yes/no formatter, as ssh does. */
    static final Table COMPRESSION = new Table(new String[] {"yes", "no"}, new int[] {1, 0});
    /** digest.c's names, as FingerprintHash takes and prints them. */
    static final Table FINGERPRINT_HASH = new Table(new String[] {"MD5", "SHA1", "SHA256", "SHA384", "SHA512"},
            new int[] {0, 1, 2, 3, 4});
    /** log.c's levels in order of verbosity; as ssh -G prints them, QUIET is SILENT and DEBUG1 is DEBUG. */
    static final Table LOG_LEVEL = new Table(
            new String[] {"SILENT", "QUIET", "FATAL", "ERROR", "INFO", "VERBOSE", "DEBUG", "DEBUG1", "DEBUG2", "DEBUG3"},
            new int[] {0, 0, 1, 2, 3, 4, 5, 5, 6, 7});
    static final int LOG_INFO = 3;
    static final int LOG_VERBOSE = 4;
    /** log.c's syslog facilities. */
    static final Table LOG_FACILITY = new Table(new String[] {"DAEMON", "USER", "AUTH", "AUTHPRIV", "LOCAL0", "LOCAL1",
        "LOCAL2", "LOCAL3", "LOCAL4", "LOCAL5", "LOCAL6", "LOCAL7"}, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});

    private ClientStates() {
    }

    /** IPQoS names (misc.c {@code ipqos[]}) and their values. */
    static final Table IPQOS = new Table(new String[] {"none", "af11", "af12", "af13", "af21", "af22", "af23", "af31",
        "af32", "af33", "af41", "af42", "af43", "cs0", "cs1", "cs2", "cs3", "cs4", "cs5", "cs6", "cs7", "ef", "le",
        "lowdelay", "throughput", "reliability"},
            new int[] {Integer.MAX_VALUE, 0x28, 0x30, 0x38, 0x48, 0x50, 0x58, 0x68, 0x70, 0x78, 0x88, 0x90, 0x98, 0x00,
                0x20, 0x40, 0x60, 0x80, 0xa0, 0xc0, 0xe0, 0xb8, 0x01, 0x10, 0x08, 0x04});

    /** misc.c {@code parse_ipqos}: a name or a number 0..255; -1 if neither. */
    static int parseIpqos(String cp) {
        if (cp == null) {
            return -1;
        }
        int v = IPQOS.parse(cp);
        if (v != -1) {
            return v;
        }
        try {
            long n = Long.decode(cp);
            return n >= 0 && n <= 255 ? (int) n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** misc.c {@code iptos2str}: the first name for the value, else its hex. */
    static String iptos2str(int v) {
        for (int i = 0; i < IPQOS.words().length; i++) {
            if (IPQOS.values()[i] == v) {
                return IPQOS.words()[i];
            }
        }
        return String.format("0x%02x", v);
    }
}
