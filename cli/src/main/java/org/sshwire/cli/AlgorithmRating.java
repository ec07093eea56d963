package org.sshwire.cli;

import java.util.List;

/**
 * How {@code sshwire scan} flags an algorithm name: weak (broken or trivially attackable) or
 * legacy (SHA-1, CBC, short MAC tags: acceptable only for old peers), after OpenSSH's own
 * deprecations and RFC 9142.
 */
enum AlgorithmRating {
    OK(""), LEGACY("legacy"), WEAK("weak");

    private static final List<String> WEAK_MARKS = List.of("arcfour", "3des", "des-cbc", "blowfish", "cast128",
            "md5", "ssh-dss", "diffie-hellman-group1-", "rijndael");
    private static final List<String> LEGACY_MARKS = List.of("sha1", "-cbc", "umac-64", "-96", "ssh-rsa-cert", "group-exchange-sha1");

    final String label;

    AlgorithmRating(String label) {
        this.label = label;
    }

    static AlgorithmRating of(String name) {
        if (name.equals("none") || WEAK_MARKS.stream().anyMatch(name::contains)) {
            return WEAK;
        }
        if (name.equals("ssh-rsa") || LEGACY_MARKS.stream().anyMatch(name::contains)) {
            return LEGACY;
        }
        return OK;
    }
}
