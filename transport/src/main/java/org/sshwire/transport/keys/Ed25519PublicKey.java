package org.sshwire.transport.keys;

import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshWriter;

/**
 * An {@code ssh-ed25519} public key (RFC 8709 §4): the 32-byte encoded point.
 *
 * <pre>{@code
 * Ed25519PublicKey k = new Ed25519PublicKey(Bytes.fromHex("d75a98...")); // 32 bytes
 * }</pre>
 */
public record Ed25519PublicKey(Bytes key) implements SshPublicKey {
    public static final String TYPE = "ssh-ed25519";

    public Ed25519PublicKey {
        if (key.length() != 32) {
            throw new KeyFormatException("ssh-ed25519 key must be 32 bytes, was " + key.length());
        }
    }

    @Override
    public String keyType() {
        return TYPE;
    }

    @Override
    public Bytes blob() {
        return new SshWriter().writeUtf8(TYPE).writeString(key).toBytes();
    }

    @Override
    public boolean verify(SignatureAlgorithm alg, Bytes signatureBlob, byte[] data, CryptoBackend crypto) {
        Bytes sig = SignatureBlob.expect(alg, TYPE, signatureBlob);
        // RFC 8709 §6: the signature is exactly 64 bytes.
        return sig != null && sig.length() == 64
                && crypto.signatures().ed25519Verify(key.toArray(), data, sig.toArray());
    }
}
