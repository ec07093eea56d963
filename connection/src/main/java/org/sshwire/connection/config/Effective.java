package org.sshwire.connection.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * sshd's {@code fill_default_server_options} (the defaults of everything left unset) and
 * {@code copy_set_server_options} (what the matching Match blocks override).
 */
final class Effective {
    /** Debian's _PATH_SSH_DAEMON_PID_FILE. */
    static final String PID_FILE = "/run/sshd.pid";
    /** OpenSSH 10.x's PerSourcePenalties defaults, in its {@code -T} field order (overflow6 follows overflow). */
    static final Object[] PENALTY_DEFAULTS = {90, 5, 1, 5, 10, 10, 600, 15, 65536, 65536, "permissive", null};

    private Effective() {
    }

    static Options fill(Options parsed, Path baseDir) {
        Options o = parsed.copy();
        Map<String, Object> v = o.values;
        v.putIfAbsent("usepam", "no");
        if (o.<String>list("hostkey").isEmpty()) {
            for (String t : List.of("rsa", "ecdsa", "ed25519")) {
                o.<String>list("hostkey").add(baseDir + "/ssh_host_" + t + "_key");
            }
        }
        if (o.<Integer>list("port").isEmpty()) {
            o.<Integer>list("port").add(22);
        }
        v.putIfAbsent("addressfamily", "any");
        v.putIfAbsent("pidfile", PID_FILE);
        v.putIfAbsent("logingracetime", 120);
        v.putIfAbsent("permitrootlogin", "without-password");
        v.putIfAbsent("ignorerhosts", "yes");
        v.putIfAbsent("printmotd", "yes");
        v.putIfAbsent("printlastlog", "yes");
        v.putIfAbsent("x11forwarding", "no");
        v.putIfAbsent("permittty", "yes");
        v.putIfAbsent("strictmodes", "yes");
        v.putIfAbsent("tcpkeepalive", "yes");
        v.putIfAbsent("loglevel", "INFO");
        v.putIfAbsent("hostbasedauthentication", "no");
        v.putIfAbsent("pubkeyauthentication", "yes");
        v.putIfAbsent("kerberosauthentication", "no");
        v.putIfAbsent("gssapiauthentication", "no");
        v.putIfAbsent("passwordauthentication", "yes");
        v.putIfAbsent("kbdinteractiveauthentication", "yes");
        v.putIfAbsent("permitemptypasswords", "no");
        v.putIfAbsent("permituserenvironment", "no");
        v.putIfAbsent("compression", "yes");
        v.putIfAbsent("rekeylimit", 0L);
        v.putIfAbsent("rekeyinterval", 0);
        v.putIfAbsent("allowtcpforwarding", "yes");
        v.putIfAbsent("allowstreamlocalforwarding", "yes");
        v.putIfAbsent("allowagentforwarding", "yes");
        v.putIfAbsent("gatewayports", "no");
        int[] ms = (int[]) v.getOrDefault("maxstartups", new int[] {10, 30, 100});
        v.put("maxstartups", new int[] {ms[0], ms[1] == -1 ? 30 : ms[1], ms[2]});
        v.putIfAbsent("persourcemaxstartups", Integer.MAX_VALUE);
        v.putIfAbsent("persourcenetblocksize", new int[] {32, 128});
        v.putIfAbsent("maxauthtries", 6);
        v.putIfAbsent("maxsessions", 10);
        v.putIfAbsent("usedns", "no");
        v.putIfAbsent("clientaliveinterval", 0);
        v.putIfAbsent("clientalivecountmax", 3);
        if (o.<String>list("authorizedkeysfile").isEmpty()) {
            v.put("authorizedkeysfile", new ArrayList<>(List.of(".ssh/authorized_keys", ".ssh/authorized_keys2")));
        }
        v.putIfAbsent("permittunnel", "no");
        v.putIfAbsent("versionaddendum", "");
        v.putIfAbsent("streamlocalbindmask", 0177);
        v.putIfAbsent("streamlocalbindunlink", "no");
        v.putIfAbsent("disableforwarding", "no");
        v.putIfAbsent("unusedconnectiontimeout", 0);
        v.putIfAbsent("persourcepenalties", Boolean.TRUE);
        for (int i = 0; i < Directives.PENALTY_FIELDS.length - 1; i++) {
            v.putIfAbsent("persourcepenalties." + Directives.PENALTY_FIELDS[i], PENALTY_DEFAULTS[i]);
        }
        v.putIfAbsent("persourcepenalties.overflow6", v.get("persourcepenalties.overflow"));
        for (String k : List.of("pidfile", "banner", "trustedusercakeys", "revokedkeys", "authorizedprincipalsfile",
                "forcecommand", "chrootdirectory")) {
            clearOnNone(o, k);
        }
        o.<String>list("hostkey").removeIf(s -> s.equalsIgnoreCase("none"));
        o.<String>list("hostcertificate").removeIf(s -> s.equalsIgnoreCase("none"));
        clearArrayOnNone(o, "channeltimeout", "none");
        clearArrayOnNone(o, "authenticationmethods", "any");
        return o;
    }

    /** The global options (filled) with what the matching Match blocks set laid over them. */
    static Options merge(Options global, Options match) {
        Options r = global.copy();
        match.values.forEach((k, val) -> {
            if (val instanceof List<?> list) {
                if (!list.isEmpty()) {
                    r.values.put(k, new ArrayList<>(list)); // arrays are replaced, not appended to
                }
            } else {
                r.values.put(k, val);
            }
        });
        // "none" in a Match block clears a global ForceCommand or ChrootDirectory.
        clearOnNone(r, "forcecommand");
        clearOnNone(r, "chrootdirectory");
        return r;
    }

    private static void clearOnNone(Options o, String k) {
        if (o.get(k) instanceof String s && s.equalsIgnoreCase("none")) {
            o.values.remove(k);
        }
    }

    private static void clearArrayOnNone(Options o, String k, String word) {
        if (o.get(k) instanceof List<?> l && l.size() == 1 && word.equalsIgnoreCase((String) l.get(0))) {
            o.values.remove(k);
        }
    }
}
