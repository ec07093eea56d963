package org.sshwire.transport.keys;

import java.math.BigInteger;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.WireFormatException;

/** Decoding of public-key blobs (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 §4, PROTOCOL.certkeys, PROTOCOL.u2f). */
final class PublicKeyBlobs {
    private PublicKeyBlobs() {
    }

    static SshPublicKey parse(Bytes blob, CryptoBackend crypto) {
        try {
            SshReader r = new SshReader(blob);
            String type = r.readUtf8();
            if (type.endsWith("-cert-v01@openssh.com")) {
                return SshCertificate.parse(blob, crypto);
            }
            SshPublicKey key = readKeyBody(type, r, crypto);
            r.expectEnd();
            return key;
        } catch (WireFormatException e) {
            throw new KeyFormatException("malformed public key blob: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the fields that follow the type name of a plain key. Shared with certificates,
     * whose key fields sit between the nonce and the serial (PROTOCOL.certkeys).
     */
    static SshPublicKey readKeyBody(String type, SshReader r, CryptoBackend crypto) {
        if (type.equals(Ed25519PublicKey.TYPE)) {
            return new Ed25519PublicKey(r.readString());
        }
        if (type.equals(RsaPublicKey.TYPE)) {
            BigInteger e = r.readPositiveMpint();
            BigInteger n = r.readPositiveMpint();
            return new RsaPublicKey(e, n);
        }
        if (SecurityKeyPublicKey.isType(type)) {
            return SecurityKeyPublicKey.readBody(type, r, crypto);
        }
        String curve = EcdsaPublicKey.curveOf(type);
        if (curve != null) {
            String id = r.readUtf8();
            if (!id.equals(curve)) {
                throw new KeyFormatException("ECDSA curve " + UnsupportedKeyTypeException.printable(id)
                        + " does not match key type " + type);
            }
            return EcdsaPublicKey.of(curve, r.readString(), crypto);
        }
        throw new UnsupportedKeyTypeException(type);
    }
}
