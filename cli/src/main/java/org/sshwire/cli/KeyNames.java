package org.sshwire.cli;

/**
 * The short key type names ssh prints (sshkey.c's keytypes table, e.g. in "Permanently added
 * 'host' (ED25519)" and in -v lines): ED25519, ECDSA, RSA, DSA, their -SK and -CERT forms.
 *
 * <pre>{@code
 * KeyNames.sshType("ecdsa-sha2-nistp256") // "ECDSA"
 * }</pre>
 */
final class KeyNames {
    private KeyNames() {
    }

    static String sshType(String keyType) {
        boolean cert = keyType.contains("-cert-v01@openssh.com");
        String base;
        if (keyType.startsWith("sk-ssh-ed25519")) {
            base = "ED25519-SK";
        } else if (keyType.startsWith("sk-ecdsa")) {
            base = "ECDSA-SK";
        } else if (keyType.startsWith("ssh-ed25519")) {
            base = "ED25519";
        } else if (keyType.startsWith("ecdsa-sha2-")) {
            base = "ECDSA";
        } else if (keyType.startsWith("ssh-rsa") || keyType.startsWith("rsa-sha2-")) {
            base = "RSA";
        } else if (keyType.startsWith("ssh-dss")) {
            base = "DSA";
        } else {
            return keyType;
        }
        return cert ? base + "-CERT" : base;
    }
}
