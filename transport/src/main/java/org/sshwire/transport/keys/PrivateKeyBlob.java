package org.sshwire.transport.keys;

import java.math.BigInteger;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Signatures;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * One private key as OpenSSH's {@code sshkey_private_serialize} lays it out: the key type, then
 * the type's fields. It is the private section of openssh-key-v1 files (PROTOCOL.key) and the key
 * of the agent protocol's ADD_IDENTITY (draft-miller-ssh-agent §4.2). Certificate types carry the
 * certificate blob and then only the private fields, the public ones being in the certificate.
 */
final class PrivateKeyBlob {
    private PrivateKeyBlob() {
    }

    /** Reads one key (no comment); a certificate type gives a key pair presented with that certificate. */
    static SshKeyPair read(SshReader r, CryptoBackend crypto) {
        String type = r.readUtf8();
        if (type.endsWith(SshCertificate.SUFFIX)) {
            SshPublicKey parsed = PublicKeyBlobs.parse(r.readString(), crypto);
            if (!(parsed instanceof SshCertificate cert) || !cert.keyType().equals(type)) {
                throw new KeyFormatException("certificate blob does not match key type " + UnsupportedKeyTypeException.printable(type));
            }
            SshKeyPair kp = readCertified(r, cert.key(), crypto);
            return kp.withCertificate(cert);
        }
        if (type.equals(Ed25519PublicKey.TYPE)) {
            return ed25519(r, r.readString(), crypto);
        }
        if (type.equals(RsaPublicKey.TYPE)) {
            BigInteger n = r.readPositiveMpint();
            BigInteger e = r.readPositiveMpint();
            return rsa(r, n, e);
        }
        String curve = EcdsaPublicKey.curveOf(type);
        if (curve != null) {
            if (!r.readUtf8().equals(curve)) {
                throw new KeyFormatException("ECDSA curve does not match key type " + type);
            }
            return ecdsa(r, curve, r.readString(), crypto);
        }
        throw new UnsupportedKeyTypeException(type);
    }

    /** The private fields that follow a certificate, checked against the certified key. */
    private static SshKeyPair readCertified(SshReader r, SshPublicKey key, CryptoBackend crypto) {
        if (key instanceof Ed25519PublicKey ed) {
            Bytes pk = r.readString();
            if (!pk.equals(ed.key())) {
                throw new KeyFormatException("ssh-ed25519 private key is not the certified key");
            }
            return ed25519(r, pk, crypto);
        }
        if (key instanceof RsaPublicKey rsa) {
            SshKeyPair kp = rsa(r, rsa.n(), rsa.e());
            return kp;
        }
        EcdsaPublicKey ec = (EcdsaPublicKey) key;
        return ecdsa(r, ec.curve(), ec.point(), crypto);
    }

    private static SshKeyPair ed25519(SshReader r, Bytes pk, CryptoBackend crypto) {
        Bytes sk = r.readString();
        if (pk.length() != 32 || sk.length() != 64 || !sk.slice(32, 64).equals(pk)) {
            throw new KeyFormatException("malformed ssh-ed25519 private key");
        }
        SshKeyPair kp = SshKeyPair.ed25519(sk.slice(0, 32), null, crypto);
        if (!kp.publicKey().equals(new Ed25519PublicKey(pk))) {
            throw new KeyFormatException("ssh-ed25519 public key does not match its seed");
        }
        return kp;
    }

    private static SshKeyPair rsa(SshReader r, BigInteger n, BigInteger e) {
        BigInteger d = r.readPositiveMpint();
        r.readPositiveMpint(); // iqmp: recomputed from p and q
        BigInteger p = r.readPositiveMpint();
        BigInteger q = r.readPositiveMpint();
        if (p.signum() == 0 || q.signum() == 0 || n.bitLength() > RsaPublicKey.MAX_BITS) {
            throw new KeyFormatException("malformed ssh-rsa private key");
        }
        return SshKeyPair.rsa(OpenSshKeyFile.rsaPrivate(n, e, d, p, q), null);
    }

    private static SshKeyPair ecdsa(SshReader r, String curve, Bytes q, CryptoBackend crypto) {
        BigInteger d = r.readPositiveMpint();
        SshKeyPair kp = SshKeyPair.ecdsa(curve, d, null, crypto);
        if (!((EcdsaPublicKey) kp.publicKey()).point().equals(q)) {
            throw new KeyFormatException("ECDSA public point does not match the private scalar");
        }
        return kp;
    }

    /**
     * Writes {@code kp} (no comment). With {@code withCertificate} and a certificate attached to
     * {@code kp}, the certificate type and blob replace the public fields.
     */
    static void write(SshWriter w, SshKeyPair kp, boolean withCertificate) {
        PrivateKey k = kp.privateKey();
        SshCertificate cert = withCertificate ? kp.certificate().orElse(null) : null;
        if (cert != null) {
            w.writeUtf8(cert.keyType()).writeString(cert.blob());
        } else {
            w.writeUtf8(kp.publicKey().keyType());
        }
        if (k instanceof PrivateKey.Ed25519 ed) {
            Bytes pk = ((Ed25519PublicKey) kp.publicKey()).key();
            w.writeString(pk).writeString(ed.seed().concat(pk));
        } else if (k instanceof PrivateKey.Ecdsa ec) {
            if (cert == null) {
                w.writeUtf8(ec.curve()).writeString(((EcdsaPublicKey) kp.publicKey()).point());
            }
            w.writeMpint(ec.d());
        } else {
            Signatures.RsaPrivate rsa = ((PrivateKey.Rsa) k).key();
            if (cert == null) {
                w.writeMpint(rsa.n()).writeMpint(rsa.e());
            }
            w.writeMpint(rsa.d()).writeMpint(rsa.qinv()).writeMpint(rsa.p()).writeMpint(rsa.q());
        }
    }
}
