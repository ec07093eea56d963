package org.sshwire.transport.keys;

import java.math.BigInteger;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshWriter;

/**
 * An {@code ssh-rsa} public key (RFC 4253 §6.6: mpint e, mpint n), usable with
 * {@code rsa-sha2-256}, {@code rsa-sha2-512} (RFC 8332) and legacy {@code ssh-rsa}.
 *
 * <pre>{@code
 * RsaPublicKey k = new RsaPublicKey(BigInteger.valueOf(65537), modulus);
 * }</pre>
 */
public record RsaPublicKey(BigInteger e, BigInteger n) implements SshPublicKey {
    public static final String TYPE = "ssh-rsa";
    /** DESIGN §6: larger moduli are refused on input (they cost the verifier, not the signer). */
    public static final int MAX_BITS = 16384;
    /** OpenSSH's SSH_RSA_MINIMUM_MODULUS_SIZE: smaller keys are refused on input too. */
    public static final int MIN_BITS = 1024;

    public RsaPublicKey {
        if (n.signum() <= 0 || !n.testBit(0)) {
            throw new KeyFormatException("RSA modulus must be positive and odd");
        }
        if (n.bitLength() > MAX_BITS) {
            throw new KeyFormatException("RSA modulus of " + n.bitLength() + " bits exceeds " + MAX_BITS);
        }
        if (n.bitLength() < MIN_BITS) {
            throw new KeyFormatException("RSA modulus of " + n.bitLength() + " bits is below " + MIN_BITS);
        }
        if (e.compareTo(BigInteger.ONE) <= 0 || !e.testBit(0) || e.compareTo(n) >= 0) {
            throw new KeyFormatException("RSA public exponent must be odd, > 1 and < n");
        }
    }

    @Override
    public String keyType() {
        return TYPE;
    }

    /** Modulus size in bits. */
    public int bits() {
        return n.bitLength();
    }

    @Override
    public Bytes blob() {
        return new SshWriter().writeUtf8(TYPE).writeMpint(e).writeMpint(n).toBytes();
    }

    @Override
    public boolean verify(SignatureAlgorithm alg, Bytes signatureBlob, byte[] data, CryptoBackend crypto) {
        Bytes sig = SignatureBlob.expect(alg, TYPE, signatureBlob);
        // RFC 8332 §3: the signature is exactly as long as the modulus (checked by rsaVerify).
        return sig != null && crypto.signatures().rsaVerify(n, e, alg.hash(), data, sig.toArray());
    }
}
