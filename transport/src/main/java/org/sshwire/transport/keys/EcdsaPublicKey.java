package org.sshwire.transport.keys;

import java.math.BigInteger;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * An {@code ecdsa-sha2-nistp256/384/521} public key (RFC 5656 §3.1): the curve identifier and
 * the uncompressed point Q, which has been checked to lie on the curve.
 *
 * <pre>{@code
 * EcdsaPublicKey k = (EcdsaPublicKey) SshPublicKey.parse(blob);
 * k.curve();   // "nistp256"
 * }</pre>
 */
public record EcdsaPublicKey(String curve, Bytes point) implements SshPublicKey {

    public EcdsaPublicKey {
        if (!isCurve(curve)) {
            throw new UnsupportedKeyTypeException("ecdsa-sha2-" + curve);
        }
    }

    static boolean isCurve(String curve) {
        return curve.equals("nistp256") || curve.equals("nistp384") || curve.equals("nistp521");
    }

    /** The curve for a key type such as {@code ecdsa-sha2-nistp256}, or null. */
    static String curveOf(String keyType) {
        if (keyType.startsWith("ecdsa-sha2-") && isCurve(keyType.substring(11))) {
            return keyType.substring(11);
        }
        return null;
    }

    /** Parses and checks the point (on the curve, not infinity) with {@code crypto}. */
    static EcdsaPublicKey of(String curve, Bytes point, CryptoBackend crypto) {
        if (!crypto.signatures().ecPointValid(curve, point.toArray())) {
            throw new KeyFormatException("ECDSA public point is not a valid point on " + curve);
        }
        return new EcdsaPublicKey(curve, point);
    }

    @Override
    public String keyType() {
        return "ecdsa-sha2-" + curve;
    }

    @Override
    public Bytes blob() {
        return new SshWriter().writeUtf8(keyType()).writeUtf8(curve).writeString(point).toBytes();
    }

    @Override
    public boolean verify(SignatureAlgorithm alg, Bytes signatureBlob, byte[] data, CryptoBackend crypto) {
        Bytes sig = SignatureBlob.expect(alg, keyType(), signatureBlob);
        if (sig == null) {
            return false;
        }
        try {
            // RFC 5656 §3.1.2: the signature is mpint r || mpint s.
            SshReader r = new SshReader(sig);
            BigInteger rr = r.readPositiveMpint();
            BigInteger ss = r.readPositiveMpint();
            r.expectEnd();
            return crypto.signatures().ecdsaVerify(curve, point.toArray(), data, rr, ss);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
