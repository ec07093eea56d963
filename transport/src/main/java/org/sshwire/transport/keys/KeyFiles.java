package org.sshwire.transport.keys;

import java.util.Base64;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.Bytes;

/**
 * One entry point for key files: detects openssh-key-v1 or PEM/PKCS#8 private keys, writes
 * openssh-key-v1, and reads {@code .pub} lines.
 *
 * <pre>{@code
 * SshKeyPair kp = KeyFiles.readPrivateKey(Files.readAllBytes(Path.of("id_ed25519")), null, crypto);
 * SshPublicKey pub = KeyFiles.readPublicKeyLine("ssh-ed25519 AAAAC3Nz... me@host");
 * }</pre>
 */
public final class KeyFiles {
    private KeyFiles() {
    }

    /**
     * Reads a private key file of any supported format. {@code passphraseOrNull} is used only
     * for encrypted files. Throws {@link WrongPassphraseException} (encrypted, passphrase absent
     * or wrong), {@link UnsupportedKeyTypeException} or {@link KeyFormatException} (corrupt).
     */
    public static SshKeyPair readPrivateKey(byte[] fileBytes, char[] passphraseOrNull, CryptoBackend crypto) {
        try {
            if (OpenSshKeyFile.isOpenSsh(fileBytes)) {
                return OpenSshKeyFile.read(fileBytes, passphraseOrNull, crypto);
            }
            if (PemKeyFile.isPem(fileBytes)) {
                return PemKeyFile.read(fileBytes, passphraseOrNull, crypto);
            }
        } catch (KeyFormatException e) {
            throw e;
        } catch (IllegalArgumentException | ArithmeticException e) {
            // Values that parse but that the primitives refuse (e.g. a scalar or modulus out of range).
            throw new KeyFormatException("invalid key: " + e.getMessage(), e);
        }
        throw new KeyFormatException("not a recognised private key file");
    }

    /**
     * An {@code openssh-key-v1} file holding a FIDO security key (sk-ssh-ed25519@openssh.com or
     * sk-ecdsa-sha2-nistp256@openssh.com), which {@link #readPrivateKey} refuses because signing
     * needs the authenticator. Throws as {@link #readPrivateKey} does.
     */
    public static SecurityKeyFile readSecurityKey(byte[] fileBytes, char[] passphraseOrNull, CryptoBackend crypto) {
        return OpenSshKeyFile.readSecurityKey(fileBytes, passphraseOrNull, crypto);
    }

    /**
     * The public key in an openssh-key-v1 private key file, which it holds in clear, so no
     * passphrase is needed (what {@code ssh-keygen -y} prints for an unencrypted file). Throws
     * {@link KeyFormatException} for other formats, whose public half is not stored apart.
     */
    public static SshPublicKey readPublicKeyOfPrivateKey(byte[] fileBytes) {
        if (!OpenSshKeyFile.isOpenSsh(fileBytes)) {
            throw new KeyFormatException("not an OpenSSH private key file");
        }
        return OpenSshKeyFile.readPublicKey(fileBytes);
    }

    /** The openssh-key-v1 file for {@code kp}, encrypted (bcrypt + aes256-ctr) if a passphrase is given. */
    public static byte[] writeOpenSsh(SshKeyPair kp, char[] passphraseOrNull, String comment, CryptoBackend crypto) {
        return OpenSshKeyFile.write(kp, passphraseOrNull, comment, crypto);
    }

    /**
     * Reads one private key as OpenSSH's {@code sshkey_private_serialize} lays it out (the key of
     * the agent protocol's ADD_IDENTITY, draft-miller-ssh-agent §4.2): a {@code *-cert-v01} type
     * gives the key presented with that certificate. The comment that follows in those messages
     * is not read. Throws {@link KeyFormatException}, {@link UnsupportedKeyTypeException} or
     * {@link org.sshwire.transport.wire.WireFormatException}.
     *
     * <pre>{@code
     * SshKeyPair kp = KeyFiles.readPrivateKeyBlob(reader, crypto);
     * }</pre>
     */
    public static SshKeyPair readPrivateKeyBlob(org.sshwire.transport.wire.SshReader r, CryptoBackend crypto) {
        try {
            return PrivateKeyBlob.read(r, crypto);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new KeyFormatException("invalid key: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code kp} as {@link #readPrivateKeyBlob} reads it; with its certificate (when it has
     * one) in place of the public fields, as {@code ssh-add} sends a key with a certificate.
     */
    public static void writePrivateKeyBlob(org.sshwire.transport.wire.SshWriter w, SshKeyPair kp) {
        PrivateKeyBlob.write(w, kp, true);
    }

    /**
     * Parses {@code TYPE BASE64 [COMMENT]} as in {@code .pub} files; the type must match the blob.
     * Throws {@link KeyFormatException}.
     */
    public static SshPublicKey readPublicKeyLine(String line) {
        return parsePublicKeyLine(line).key();
    }

    /** A parsed {@code .pub} line: the key and its comment ("" when absent). */
    public record PublicKeyLine(SshPublicKey key, String comment) {
    }

    public static PublicKeyLine parsePublicKeyLine(String line) {
        String s = line.strip();
        String[] parts = s.split("[ \t]+", 3);
        if (parts.length < 2) {
            throw new KeyFormatException("public key line needs a type and a base64 blob");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new KeyFormatException("bad base64 in public key line", e);
        }
        SshPublicKey key = SshPublicKey.parse(Bytes.wrap(blob));
        if (!key.keyType().equals(parts[0])) {
            throw new KeyFormatException("key line type " + UnsupportedKeyTypeException.printable(parts[0])
                    + " does not match blob type " + key.keyType());
        }
        return new PublicKeyLine(key, parts.length > 2 ? parts[2] : "");
    }
}
