package org.sshwire.bench.e2e;

import java.util.Arrays;
import java.util.List;

/** A cipher suite the throughput cells use: the cipher and, for non-AEAD ciphers, the MAC. */
record Cipher(String cipher, String mac) {
    static final List<Cipher> ALL = List.of(
            new Cipher("chacha20-poly1305@openssh.com", null),
            new Cipher("aes128-gcm@openssh.com", null),
            new Cipher("aes256-gcm@openssh.com", null),
            new Cipher("aes128-ctr", "hmac-sha2-256-etm@openssh.com"));

    /** AEAD ciphers ignore the MAC list; any MAC the peer knows keeps negotiation simple. */
    String macOrDefault() {
        return mac != null ? mac : "hmac-sha2-256-etm@openssh.com";
    }

    /** Short names for the table: chacha20-poly1305, aes128-gcm, aes128-ctr+hmac-sha2-256-etm. */
    String label() {
        String c = cipher.replace("@openssh.com", "");
        return mac == null ? c : c + "+" + mac.replace("@openssh.com", "");
    }

    /** {@code --ciphers chacha,aes128-gcm}: the suites whose label contains one of the words. */
    static List<Cipher> select(String csv) {
        if (csv == null || csv.isBlank() || csv.equals("all")) {
            return ALL;
        }
        List<String> words = Arrays.asList(csv.split(","));
        List<Cipher> out = ALL.stream().filter(c -> words.stream().anyMatch(w -> c.label().contains(w.trim()))).toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no cipher matches " + csv + "; known: " + ALL.stream().map(Cipher::label).toList());
        }
        return out;
    }
}
