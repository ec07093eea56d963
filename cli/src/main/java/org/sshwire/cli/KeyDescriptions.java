package org.sshwire.cli;

import org.sshwire.transport.keys.EcdsaPublicKey;
import org.sshwire.transport.keys.RsaPublicKey;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshPublicKey;

/** How ssh-keygen names key types and sizes in its output ("256 SHA256:... comment (ED25519)"). */
final class KeyDescriptions {
    private KeyDescriptions() {
    }

    static int bits(SshPublicKey key) {
        SshPublicKey k = key instanceof SshCertificate c ? c.key() : key;
        if (k instanceof RsaPublicKey r) {
            return r.bits();
        }
        if (k instanceof EcdsaPublicKey e) {
            return Integer.parseInt(e.curve().substring("nistp".length()));
        }
        return 256;
    }

    static String typeLabel(SshPublicKey key) {
        SshPublicKey k = key instanceof SshCertificate c ? c.key() : key;
        // ssh-keygen -l's labels; FIDO keys are "ED25519-SK" and "ECDSA-SK" (sshkey.c keytypes).
        String sk = k instanceof org.sshwire.transport.keys.SecurityKeyPublicKey s ? "-SK" : "";
        if (!sk.isEmpty()) {
            k = ((org.sshwire.transport.keys.SecurityKeyPublicKey) k).key();
        }
        String base = (k instanceof RsaPublicKey ? "RSA" : k instanceof EcdsaPublicKey ? "ECDSA" : "ED25519") + sk;
        return key instanceof SshCertificate ? base + "-CERT" : base;
    }

    /** The key type for ssh-keygen's {@code -t} names. */
    static String keyTypeFor(String t, int bits) {
        return switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "ed25519", "ssh-ed25519" -> "ssh-ed25519";
            case "rsa", "ssh-rsa" -> "ssh-rsa";
            case "ecdsa" -> "ecdsa-sha2-nistp" + (bits == 0 ? 256 : bits);
            default -> {
                if (t.startsWith("ecdsa-sha2-nistp")) {
                    yield t;
                }
                throw UserErrors.fail("unknown key type " + t + " (ed25519, ecdsa or rsa)");
            }
        };
    }

    /** ssh-keygen's default file name for a key type. */
    static String defaultFileName(String keyType) {
        return keyType.equals("ssh-ed25519") ? "id_ed25519" : keyType.equals("ssh-rsa") ? "id_rsa" : "id_ecdsa";
    }
}
