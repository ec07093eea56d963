package org.sshwire.transport.keys;

import org.sshwire.transport.wire.Bytes;

/**
 * A FIDO security key's private key file (PROTOCOL.u2f, made by {@code ssh-keygen -t ed25519-sk}
 * or {@code ecdsa-sk}): the public key, and the private key as {@code sshkey_private_serialize}
 * writes it (type, public fields, application, flags, key handle, reserved), which is what a
 * security-key provider ({@code ssh-sk-helper}) signs with. The key handle alone signs nothing:
 * signing needs the authenticator.
 *
 * <pre>{@code
 * SecurityKeyFile f = KeyFiles.readSecurityKey(Files.readAllBytes(Path.of("id_ed25519_sk")), null, crypto);
 * f.publicKey().application();   // "ssh:"
 * }</pre>
 *
 * @param serialized the private key blob to hand to the provider
 * @param flags      the enrolment flags (0x01 user presence required, 0x04 verification required)
 */
public record SecurityKeyFile(SecurityKeyPublicKey publicKey, Bytes serialized, int flags, String comment) {
    @Override
    public String toString() {
        return "SecurityKeyFile[" + publicKey.keyType() + " " + publicKey.fingerprintSha256() + "]";
    }
}
