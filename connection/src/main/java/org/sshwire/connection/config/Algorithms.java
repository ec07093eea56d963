package org.sshwire.connection.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.sshwire.connection.config.Keyword.Handler;
import org.sshwire.transport.TransportConfig;
import org.sshwire.transport.internal.kex.KexAlgorithm;
import org.sshwire.transport.internal.packet.CipherAlgorithm;
import org.sshwire.transport.internal.packet.MacAlgorithm;
import org.sshwire.transport.keys.SignatureAlgorithm;

/**
 * Algorithm lists: validated when read as sshd does ({@code ciphers_valid}, {@code mac_valid},
 * {@code kex_names_valid}, {@code sshkey_names_valid2}) and assembled as {@code kex_assemble_names}
 * — {@code +} appends to the default, {@code -} removes patterns from it, {@code ^} puts names in
 * front, a plain list replaces it — against sshwire's defaults and the algorithms sshwire
 * implements, not OpenSSH's.
 */
enum Algorithms {
    CIPHERS("ciphers", "Bad SSH2 cipher spec", false, TransportConfig.DEFAULT_CIPHERS,
            names(CipherAlgorithm.ALL.stream().map(CipherAlgorithm::name).filter(n -> !n.equals("none")).toList())),
    MACS("macs", "Bad SSH2 mac spec", false, TransportConfig.DEFAULT_MACS,
            names(MacAlgorithm.ALL.stream().map(MacAlgorithm::name).filter(n -> !n.equals("none")).toList())),
    KEX("kexalgorithms", "Bad SSH2 KexAlgorithms", false, TransportConfig.DEFAULT_KEX,
            names(KexAlgorithm.ALL.stream().map(KexAlgorithm::name).toList())),
    HOST_KEY("hostkeyalgorithms", "Bad key types", true, TransportConfig.DEFAULT_CLIENT_HOST_KEY_ALGORITHMS,
            Keys.ALL),
    PUBKEY("pubkeyacceptedalgorithms", "Bad key types", true, Keys.DEFAULT_PK_ALG, Keys.ALL),
    CA_SIGNATURE("casignaturealgorithms", "Bad key types", true, TransportConfig.DEFAULT_HOST_KEY_ALGORITHMS,
            Keys.PLAIN);

    final String option;
    final String badSpec;
    final boolean keyTypes;
    final List<String> defaults;
    final List<String> all;

    Algorithms(String option, String badSpec, boolean keyTypes, List<String> defaults, List<String> all) {
        this.option = option;
        this.badSpec = badSpec;
        this.keyTypes = keyTypes;
        this.defaults = defaults;
        this.all = all;
    }

    private static List<String> names(List<String> l) {
        return List.copyOf(l);
    }

    /** Key algorithm names in OpenSSH's table order (sshkey.c), so wildcards expand in sshd's order. */
    private static final class Keys {
        static final List<String> ALL;
        static final List<String> PLAIN;
        /**
         * OpenSSH's KEX_DEFAULT_PK_ALG (myproposal.h): the default PubkeyAcceptedAlgorithms and
         * HostbasedAcceptedAlgorithms, FIDO (sk-*) types included, as far as sshwire implements them.
         */
        static final List<String> DEFAULT_PK_ALG;

        static {
            List<String> order = List.of("ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256",
                    "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384",
                    "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521",
                    "ecdsa-sha2-nistp521-cert-v01@openssh.com", "ssh-rsa", "ssh-rsa-cert-v01@openssh.com",
                    "rsa-sha2-256", "rsa-sha2-256-cert-v01@openssh.com", "rsa-sha2-512",
                    "rsa-sha2-512-cert-v01@openssh.com");
            List<String> all = new ArrayList<>();
            for (String n : order) {
                if (SignatureAlgorithm.byName(n) != null) {
                    all.add(n);
                }
            }
            for (SignatureAlgorithm a : SignatureAlgorithm.ALL) {
                if (!all.contains(a.name())) {
                    all.add(a.name());
                }
            }
            ALL = List.copyOf(all);
            PLAIN = all.stream().filter(n -> !n.endsWith("-cert-v01@openssh.com")).toList();
            DEFAULT_PK_ALG = List.of("ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
                    "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com",
                    "sk-ssh-ed25519-cert-v01@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
                    "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com", "ssh-ed25519",
                    "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
                    "sk-ecdsa-sha2-nistp256@openssh.com", "rsa-sha2-512", "rsa-sha2-256").stream()
                    .filter(ALL::contains).toList();
        }
    }

    /** The keyword's handler: the first list given wins; it is kept as written and assembled later. */
    Handler handler() {
        return l -> {
            String a = l.arg();
            if (a == null || a.isEmpty()) {
                throw l.fatal(l.at() + ": " + (keyTypes ? "Missing argument." : l.keyword + " missing argument."));
            }
            if (a.charAt(0) != '-' && !valid(a.charAt(0) == '+' || a.charAt(0) == '^' ? a.substring(1) : a)) {
                throw l.fatal(l.at() + ": " + badSpec + " '" + a + "'.");
            }
            if (keyTypes) {
                l.o.first(l, option, a);
            } else {
                // sshd sets Ciphers/MACs/KexAlgorithms without its usual active-section check.
                l.o.values.putIfAbsent(option, a);
            }
        };
    }

    /** The names are known: exactly, or (key types) as a wildcard matching at least one. Stops at an empty name, as sshd. */
    boolean valid(String names) {
        if (this == KEX && names.isEmpty()) {
            return false;
        }
        for (String p : names.split(",", -1)) {
            if (p.isEmpty()) {
                break;
            }
            if (!keyTypes) {
                if (!all.contains(p)) {
                    return false;
                }
            } else if (Keys.ALL.contains(p)) {
                if (!all.contains(p)) {
                    return false; // a certificate type where only plain signature types are allowed
                }
            } else if (Keys.ALL.stream().noneMatch(n -> Patterns.matchList(n, p, false) != 0)) {
                return false; // neither a known type nor a pattern matching one
            }
        }
        return true;
    }

    /**
     * {@code kex_assemble_names}: the effective list for a configured value (null: the default).
     *
     * @return the names, or null when a positive list matches nothing (sshd: invalid argument)
     */
    List<String> assemble(String configured) {
        if (configured == null || configured.isEmpty()) {
            return defaults;
        }
        List<String> list;
        char c = configured.charAt(0);
        if (c == '-') {
            String patterns = configured.substring(1);
            List<String> left = defaults.stream().filter(n -> Patterns.matchList(n, patterns, false) != 1).toList();
            // sshd assembles twice (at startup and after Match): an emptied list reads as unset the
            // second time, so "-*" ends as the default list.
            return left.isEmpty() ? defaults : left;
        } else if (c == '+') {
            list = cat(defaults, commaNames(configured.substring(1)));
        } else if (c == '^') {
            list = cat(commaNames(configured.substring(1)), defaults);
        } else {
            list = List.of(configured.split(",", -1));
        }
        Set<String> out = new LinkedHashSet<>();
        for (String p : list) {
            if (p.startsWith("!")) {
                return null;
            }
            for (String n : all) {
                if (Patterns.matchList(n, p, false) == 1) {
                    out.add(n);
                }
            }
        }
        return out.isEmpty() ? null : List.copyOf(out);
    }

    private static List<String> commaNames(String s) {
        List<String> out = new ArrayList<>();
        for (String p : s.split(",", -1)) {
            if (p.isEmpty()) {
                break;
            }
            out.add(p);
        }
        return out;
    }

    /** {@code kex_names_cat}: a, then the names of b not already in a. */
    private static List<String> cat(List<String> a, List<String> b) {
        Set<String> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
