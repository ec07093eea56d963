package org.sshwire.connection.config;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * {@code sshd -T} output (servconf.c {@code dump_config} of OpenSSH 9.2, in its order) for the
 * keywords sshwire implements: lowercase keywords, yes/no words, times in seconds, {@code none}
 * for unset, one line per entry of an accumulating keyword.
 */
final class DumpConfig {
    private DumpConfig() {
    }

    static String dump(SshdSettings s, Options o) {
        StringBuilder b = new StringBuilder();
        for (int p : s.ports()) {
            line(b, "port", p);
        }
        line(b, "addressfamily", o.get("addressfamily"));
        for (InetSocketAddress a : s.listenAddresses()) {
            line(b, "listenaddress", Listen.format(a));
        }
        for (String k : List.of("usepam", "logingracetime", "maxauthtries", "maxsessions", "clientaliveinterval",
                "clientalivecountmax")) {
            line(b, k, o.get(k));
        }
        line(b, "streamlocalbindmask", String.format("0%o", (Integer) o.get("streamlocalbindmask")));
        int unused = (Integer) o.get("unusedconnectiontimeout");
        line(b, "unusedconnectiontimeout", unused == 0 ? "none" : unused);
        for (String k : List.of("permitrootlogin", "ignorerhosts", "hostbasedauthentication", "pubkeyauthentication",
                "kerberosauthentication", "gssapiauthentication", "passwordauthentication",
                "kbdinteractiveauthentication", "printmotd", "printlastlog", "x11forwarding", "permittty",
                "strictmodes", "tcpkeepalive", "permitemptypasswords", "compression", "gatewayports", "usedns",
                "allowtcpforwarding", "allowagentforwarding", "disableforwarding", "allowstreamlocalforwarding",
                "streamlocalbindunlink")) {
            line(b, k, o.get(k));
        }
        string(b, o, "pidfile");
        line(b, "ciphers", String.join(",", s.ciphers()));
        line(b, "macs", String.join(",", s.macs()));
        for (String k : List.of("banner", "forcecommand", "chrootdirectory", "trustedusercakeys", "revokedkeys",
                "authorizedprincipalsfile")) {
            string(b, o, k);
        }
        String addendum = (String) o.get("versionaddendum");
        line(b, "versionaddendum", addendum.isEmpty() ? "none" : addendum);
        line(b, "kexalgorithms", String.join(",", s.kexAlgorithms()));
        line(b, "casignaturealgorithms", String.join(",", s.caSignatureAlgorithms()));
        line(b, "hostkeyalgorithms", String.join(",", s.hostKeyAlgorithms()));
        line(b, "pubkeyacceptedalgorithms", String.join(",", s.pubkeyAcceptedAlgorithms()));
        line(b, "loglevel", o.get("loglevel"));
        oneLine(b, o, "authorizedkeysfile");
        for (String k : List.of("hostkey", "hostcertificate", "allowusers", "denyusers", "allowgroups", "denygroups",
                "acceptenv", "setenv")) {
            for (String v : o.<String>list(k)) {
                line(b, k, v);
            }
        }
        List<String> methods = o.list("authenticationmethods");
        line(b, "authenticationmethods", methods.isEmpty() ? "any" : String.join(" ", methods));
        oneLine(b, o, "channeltimeout"); // 9.2 prints it only when set
        for (Options.Subsystem sub : o.subsystems().values()) {
            line(b, "subsystem", sub.name() + " " + sub.commandLine());
        }
        int[] ms = (int[]) o.get("maxstartups");
        line(b, "maxstartups", ms[0] + ":" + ms[1] + ":" + ms[2]);
        int psm = (Integer) o.get("persourcemaxstartups");
        line(b, "persourcemaxstartups", psm == Integer.MAX_VALUE ? "none" : psm);
        int[] nb = (int[]) o.get("persourcenetblocksize");
        line(b, "persourcenetblocksize", nb[0] + ":" + nb[1]);
        line(b, "persourcepenalties", penalties(s.perSourcePenalties()));
        line(b, "permittunnel", o.get("permittunnel"));
        line(b, "rekeylimit", o.get("rekeylimit") + " " + o.get("rekeyinterval"));
        line(b, "permitopen", String.join(" ", s.permitOpen()));
        line(b, "permitlisten", String.join(" ", s.permitListen()));
        line(b, "permituserenvironment", o.get("permituserenvironment"));
        return b.toString();
    }

    /** As OpenSSH 10.x prints it (times with C's %f). */
    private static String penalties(SshdSettings.PerSourcePenalties p) {
        if (!p.enabled()) {
            return "no";
        }
        return String.format(java.util.Locale.ROOT, "crash:%d.000000 authfail:%d.000000 noauth:%d.000000"
                + " invaliduser:%d.000000 grace-exceeded:%d.000000 refuseconnection:%d.000000 max:%d.000000"
                + " min:%d.000000 max-sources4:%d max-sources6:%d overflow:%s overflow6:%s", p.crash(), p.authfail(),
                p.noauth(), p.invalidUser(), p.graceExceeded(), p.refuseConnection(), p.max(), p.min(),
                p.maxSources4(), p.maxSources6(), p.overflow(), p.overflow6());
    }

    private static void string(StringBuilder b, Options o, String k) {
        Object v = o.get(k);
        line(b, k, v == null ? "none" : v);
    }

    private static void oneLine(StringBuilder b, Options o, String k) {
        List<String> l = o.list(k);
        if (!l.isEmpty()) {
            line(b, k, String.join(" ", l));
        }
    }

    private static void line(StringBuilder b, String k, Object v) {
        b.append(k).append(' ').append(v).append('\n');
    }
}
