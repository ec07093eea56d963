package org.sshwire.transport.crypto.internal.bc;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.sshwire.transport.crypto.KeyAgreements.EcKeyPair;

/** ECDH on one NIST prime curve with SSH's encodings (RFC 5656 §3.1, §4). */
final class BcEcdh {
    private static final BcEcdh P256 = new BcEcdh("secp256r1");
    private static final BcEcdh P384 = new BcEcdh("secp384r1");
    private static final BcEcdh P521 = new BcEcdh("secp521r1");

    private final ECCurve curve;
    private final ECPoint g;
    private final BigInteger n;
    private final int fieldBytes;

    private BcEcdh(String secName) {
        X9ECParameters params = CustomNamedCurves.getByName(secName);
        this.curve = params.getCurve();
        this.g = params.getG();
        this.n = params.getN();
        this.fieldBytes = (curve.getFieldSize() + 7) / 8;
    }

    /** The SSH curve names of RFC 5656 §10.1. */
    static BcEcdh forName(String sshCurve) {
        if (sshCurve == null) {
            throw new IllegalArgumentException("curve name is null");
        }
        return switch (sshCurve) {
            case "nistp256" -> P256;
            case "nistp384" -> P384;
            case "nistp521" -> P521;
            default -> throw new IllegalArgumentException("unsupported curve " + sshCurve);
        };
    }

    EcKeyPair generate(SecureRandom random) {
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), random);
        return keyPair(d);
    }

    EcKeyPair fromPrivate(byte[] scalar) {
        return keyPair(scalar(scalar));
    }

    byte[] agree(byte[] privateScalar, byte[] peerPoint) {
        BigInteger d = scalar(privateScalar);
        ECPoint q = decodeUncompressed(peerPoint);
        // Cofactor 1 for the NIST curves, so a valid point is in the prime-order group and
        // d·Q is never infinity; check anyway, cheaply (SP 800-56A §5.7.1.2).
        ECPoint s = q.multiply(d).normalize();
        if (s.isInfinity()) {
            throw new IllegalArgumentException("ECDH result is the point at infinity");
        }
        return BigIntegers.asUnsignedByteArray(fieldBytes, s.getAffineXCoord().toBigInteger());
    }

    private EcKeyPair keyPair(BigInteger d) {
        ECPoint q = g.multiply(d).normalize();
        return new EcKeyPair(BigIntegers.asUnsignedByteArray((n.bitLength() + 7) / 8, d), q.getEncoded(false));
    }

    private BigInteger scalar(byte[] scalar) {
        if (scalar == null || scalar.length == 0 || scalar.length > fieldBytes + 1) {
            throw new IllegalArgumentException("bad ECDH private scalar length");
        }
        BigInteger d = new BigInteger(1, scalar);
        if (d.signum() == 0 || d.compareTo(n) >= 0) {
            throw new IllegalArgumentException("ECDH private scalar out of range [1, n-1]");
        }
        return d;
    }

    /**
     * SSH sends only uncompressed points (RFC 5656 §3.1); reject every other form and check the
     * point per SP 800-56A §5.6.2.3.4: coordinates in [0, p−1], on the curve, not infinity.
     */
    private ECPoint decodeUncompressed(byte[] encoded) {
        if (encoded == null || encoded.length != 1 + 2 * fieldBytes || encoded[0] != 0x04) {
            throw new IllegalArgumentException("ECDH public key is not an uncompressed point of this curve");
        }
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1, 1 + fieldBytes));
        BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(encoded, 1 + fieldBytes, encoded.length));
        BigInteger p = curve.getField().getCharacteristic();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            throw new IllegalArgumentException("ECDH public key coordinate not below the field prime");
        }
        ECPoint q;
        try {
            q = curve.createPoint(x, y);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("ECDH public key rejected: " + e.getMessage(), e);
        }
        if (q.isInfinity() || !q.isValid()) {
            throw new IllegalArgumentException("ECDH public key is not on the curve");
        }
        return q;
    }
}
