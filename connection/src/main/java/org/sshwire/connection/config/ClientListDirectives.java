package org.sshwire.connection.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sshwire.auth.internal.Wildcards;

/**
 * The ssh_config keywords that take lists (readconf.c): IdentityFile and CertificateFile, which
 * accumulate; the known-hosts files and LogVerbose, set once while empty; SendEnv, which appends
 * and removes with "-pattern"; SetEnv, PermitRemoteOpen, CanonicalDomains and
 * CanonicalizePermittedCNAMEs, set whole by their first active line. "none" must stand alone.
 */
final class ClientListDirectives {
    private ClientListDirectives() {
    }

    static void identityFile(ClientLine l, ClientKeyword k) {
        String a = l.required();
        if (!l.active()) {
            return;
        }
        boolean user = (l.flags & ClientParser.USERCONF) != 0;
        if (l.o.array(k).size() >= ClientParser.MAX_IDENTITY_FILES) {
            throw l.bad(l.at() + ": Too many " + (k == ClientKeyword.IDENTITY_FILE ? "identity" : "certificate")
                    + " files specified (max " + ClientParser.MAX_IDENTITY_FILES + ").");
        }
        if (k == ClientKeyword.IDENTITY_FILE) {
            l.o.addIdentityFile(a, user);
        } else {
            l.o.addCertificateFile(a, user);
        }
    }

    /** {@code parse_char_array}: a list set only while empty; "none" only alone. */
    static void charArray(ClientLine l, ClientKeyword k, int max, boolean bounded) {
        List<String> list = l.o.arrays.get(k);
        boolean wasEmpty = list == null || list.isEmpty();
        int i = 0;
        String a;
        while ((a = l.arg()) != null) {
            if (a.isEmpty()) {
                throw l.bad(l.file + " line " + l.num + ": keyword " + l.keyword + " empty argument");
            }
            if (a.equalsIgnoreCase("none") && (i > 0 || l.remaining() > 0)) {
                throw l.bad(l.at() + ": keyword " + l.keyword + " \"none\" argument must appear alone.");
            }
            i++;
            if (l.active() && wasEmpty) {
                List<String> target = l.o.array(k);
                if (k == ClientKeyword.LOG_VERBOSE) {
                    if (target.isEmpty()) {
                        target.add(a);
                    }
                    continue;
                }
                if (bounded && target.size() >= max) {
                    throw l.bad(l.at() + ": too many " + l.keyword + " entries.");
                }
                target.add(a);
            }
        }
    }

    static void permitRemoteOpen(ClientLine l) {
        List<String> list = l.o.array(ClientKeyword.PERMIT_REMOTE_OPEN);
        boolean found = list.isEmpty();
        List<String> strs = new ArrayList<>();
        String a;
        while ((a = l.arg()) != null) {
            if (a.equalsIgnoreCase("none") || a.equalsIgnoreCase("any")) {
                if (!strs.isEmpty() || l.remaining() > 0) {
                    throw l.bad(l.at() + ": keyword " + l.keyword + " \"" + a + "\" argument must appear alone.");
                }
            } else {
                String[] hp = HostSyntax.hpdelim(a);
                if (hp == null) {
                    throw l.fatal(l.file + " line " + l.num + ": missing host in permitremoteopen");
                }
                if (hp[1] == null || (!hp[1].equals("*") && Scalars.a2port(hp[1]) <= 0)) {
                    throw l.fatal(l.file + " line " + l.num + ": bad port number in permitremoteopen");
                }
            }
            strs.add(a);
        }
        if (strs.isEmpty()) {
            throw l.fatal(l.file + " line " + l.num + ": missing permitremoteopen specification");
        }
        if (found && l.active()) {
            list.addAll(strs);
        }
    }

    /** SendEnv appends (not first-match), and "-pattern" removes what is listed so far. */
    static void sendEnv(ClientLine l) {
        boolean found = false;
        String a;
        while ((a = l.arg()) != null) {
            if (a.isEmpty() || a.indexOf('=') >= 0) {
                throw l.bad(l.file + " line " + l.num + ": Invalid environment name.");
            }
            found = true;
            if (!l.active()) {
                continue;
            }
            List<String> env = l.o.array(ClientKeyword.SEND_ENV);
            if (a.startsWith("-")) {
                String pattern = a.substring(1);
                env.removeIf(e -> Wildcards.match(e, pattern));
                continue;
            }
            env.add(a);
        }
        if (!found) {
            throw l.fatal(l.file + " line " + l.num + ": no " + l.keyword + " specified");
        }
    }

    static void setEnv(ClientLine l) {
        List<String> list = l.o.array(ClientKeyword.SET_ENV);
        boolean found = list.isEmpty();
        List<String> strs = new ArrayList<>();
        String a;
        while ((a = l.arg()) != null) {
            if (a.indexOf('=') < 0) {
                throw l.bad(l.file + " line " + l.num + ": Invalid SetEnv.");
            }
            String name = a.substring(0, a.indexOf('='));
            if (strs.stream().anyMatch(s -> s.substring(0, s.indexOf('=')).equals(name))) {
                continue; // ssh: "ignoring duplicate env name"
            }
            strs.add(a);
        }
        if (strs.isEmpty()) {
            throw l.fatal(l.file + " line " + l.num + ": no " + l.keyword + " specified");
        }
        if (found && l.active()) {
            list.addAll(strs);
        }
    }

    static void canonicalDomains(ClientLine l) {
        List<String> list = l.o.array(ClientKeyword.CANONICAL_DOMAINS);
        boolean found = list.isEmpty();
        List<String> strs = new ArrayList<>();
        String a;
        while ((a = l.arg()) != null) {
            if (a.equalsIgnoreCase("none") && (!strs.isEmpty() || l.remaining() > 0)) {
                throw l.bad(l.file + " line " + l.num + ": keyword " + l.keyword + " \"none\" argument must appear alone.");
            }
            String[] err = new String[1];
            String d = HostSyntax.validDomain(a, true, err);
            if (d == null) {
                throw l.bad(l.file + " line " + l.num + ": " + err[0]);
            }
            strs.add(d);
        }
        if (strs.isEmpty()) {
            throw l.fatal(l.file + " line " + l.num + ": no " + l.keyword + " specified");
        }
        if (found && l.active()) {
            list.addAll(strs);
        }
    }

    static void permittedCnames(ClientLine l) {
        boolean found = l.o.permittedCnames.isEmpty();
        List<String[]> cnames = new ArrayList<>();
        String a;
        while ((a = l.arg()) != null) {
            if (a.equalsIgnoreCase("none")) {
                if (!cnames.isEmpty() || l.remaining() > 0) {
                    throw l.bad(l.file + " line " + l.num + ": keyword " + l.keyword
                            + " \"none\" argument must appear alone.");
                }
                cnames.add(new String[] {a, ""});
            } else if (a.equals("*")) {
                cnames.add(new String[] {a, a});
            } else {
                String lower = a.toLowerCase(Locale.ROOT);
                int colon = lower.indexOf(':');
                if (colon < 0 || colon == lower.length() - 1) {
                    throw l.bad(l.file + " line " + l.num + ": Invalid permitted CNAME \"" + lower + "\"");
                }
                cnames.add(new String[] {lower.substring(0, colon), lower.substring(colon + 1)});
            }
        }
        if (cnames.isEmpty()) {
            throw l.fatal(l.file + " line " + l.num + ": no " + l.keyword + " specified");
        }
        if (found && l.active()) {
            l.o.permittedCnames.addAll(cnames);
        }
    }
}
