package org.sshwire.transport.crypto.internal.bc;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.sshwire.transport.crypto.Signatures;

/** Signature primitives from Bouncy Castle's lightweight API. */
final class BcSignatures implements Signatures {
    private final SecureRandom random;

    BcSignatures(SecureRandom random) {
        this.random = random;
    }

    private record Curve(ECDomainParameters domain, int fieldBytes, String hash) {
    }

    private static final Curve P256 = curve("secp256r1", "SHA-256");
    private static final Curve P384 = curve("secp384r1", "SHA-384");
    private static final Curve P521 = curve("secp521r1", "SHA-512");

    private static Curve curve(String name, String hash) {
        X9ECParameters x9 = CustomNamedCurves.getByName(name);
        return new Curve(new ECDomainParameters(x9), (x9.getCurve().getFieldSize() + 7) / 8, hash);
    }

    private static Curve curve(String sshName) {
        return switch (sshName) {
            case "nistp256" -> P256;
            case "nistp384" -> P384;
            case "nistp521" -> P521;
            default -> throw new IllegalArgumentException("unsupported curve: " + sshName);
        };
    }

    private static org.bouncycastle.crypto.Digest digest(String hash) {
        return switch (hash) {
            case "SHA-1" -> new SHA1Digest();
            case "SHA-256" -> new SHA256Digest();
            case "SHA-384" -> new SHA384Digest();
            case "SHA-512" -> new SHA512Digest();
            default -> throw new IllegalArgumentException("unsupported hash: " + hash);
        };
    }

    private static byte[] hash(String hash, byte[] data) {
        org.bouncycastle.crypto.Digest d = digest(hash);
        d.update(data, 0, data.length);
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return out;
    }

    @Override
    public byte[] ed25519PublicFromSeed(byte[] seed) {
        requireLength(seed, 32, "Ed25519 seed");
        byte[] pk = new byte[32];
        Ed25519.generatePublicKey(seed, 0, pk, 0);
        return pk;
    }

    @Override
    public byte[] ed25519Sign(byte[] seed, byte[] data) {
        requireLength(seed, 32, "Ed25519 seed");
        byte[] sig = new byte[64];
        Ed25519.sign(seed, 0, data, 0, data.length, sig, 0);
        return sig;
    }

    @Override
    public boolean ed25519Verify(byte[] publicKey, byte[] data, byte[] signature) {
        if (publicKey.length != 32 || signature.length != 64) {
            return false;
        }
        try {
            return Ed25519.verify(signature, 0, publicKey, 0, data, 0, data.length);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static ECPoint decodePoint(Curve c, byte[] point) {
        // Only the uncompressed form: RFC 5656 §3.1 uses SEC1 2.3.3 and OpenSSH rejects compressed.
        if (point.length != 1 + 2 * c.fieldBytes() || point[0] != 4) {
            return null;
        }
        try {
            ECPoint p = c.domain().getCurve().decodePoint(point);
            return p.isInfinity() || !p.isValid() ? null : p.normalize();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public boolean ecPointValid(String curve, byte[] point) {
        return decodePoint(curve(curve), point) != null;
    }

    @Override
    public byte[] ecPublicFromPrivate(String curve, BigInteger d) {
        Curve c = curve(curve);
        checkScalar(c, d);
        return c.domain().getG().multiply(d).normalize().getEncoded(false);
    }

    private static void checkScalar(Curve c, BigInteger d) {
        if (d.signum() <= 0 || d.compareTo(c.domain().getN()) >= 0) {
            throw new IllegalArgumentException("EC private scalar out of range");
        }
    }

    @Override
    public BigInteger ecGeneratePrivate(String curve) {
        BigInteger n = curve(curve).domain().getN();
        while (true) {
            BigInteger d = new BigInteger(n.bitLength(), random);
            if (d.signum() > 0 && d.compareTo(n) < 0) {
                return d;
            }
        }
    }

    @Override
    public BigInteger ecOrder(String curve) {
        return curve(curve).domain().getN();
    }

    @Override
    public BigInteger[] ecdsaSign(String curve, BigInteger d, byte[] data) {
        Curve c = curve(curve);
        checkScalar(c, d);
        // Deterministic k (RFC 6979): no dependence on the quality of the random source at signing time.
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(digest(c.hash())));
        signer.init(true, new ECPrivateKeyParameters(d, c.domain()));
        return signer.generateSignature(hash(c.hash(), data));
    }

    @Override
    public boolean ecdsaVerify(String curve, byte[] point, byte[] data, BigInteger r, BigInteger s) {
        try {
            Curve c = curve(curve);
            ECPoint q = decodePoint(c, point);
            if (q == null) {
                return false;
            }
            BigInteger n = c.domain().getN();
            if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
                return false;
            }
            ECDSASigner signer = new ECDSASigner();
            signer.init(false, new ECPublicKeyParameters(q, c.domain()));
            return signer.verifySignature(hash(c.hash(), data), r, s);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public byte[] rsaSign(RsaPrivate k, String hash, byte[] data) {
        RSADigestSigner signer = new RSADigestSigner(digest(hash));
        CipherParameters params = new RSAPrivateCrtKeyParameters(k.n(), k.e(), k.d(), k.p(), k.q(),
                k.dp(), k.dq(), k.qinv());
        signer.init(true, params);
        signer.update(data, 0, data.length);
        try {
            return leftPad(signer.generateSignature(), (k.n().bitLength() + 7) / 8);
        } catch (org.bouncycastle.crypto.CryptoException e) {
            throw new IllegalStateException("RSA signing failed", e);
        }
    }

    private static byte[] leftPad(byte[] b, int len) {
        if (b.length >= len) {
            return b;
        }
        byte[] out = new byte[len];
        System.arraycopy(b, 0, out, len - b.length, b.length);
        return out;
    }

    @Override
    public boolean rsaVerify(BigInteger n, BigInteger e, String hash, byte[] data, byte[] signature) {
        try {
            // RFC 8017 §8.2.2 step 1: the signature is exactly k octets.
            if (signature.length != (n.bitLength() + 7) / 8) {
                return false;
            }
            RSADigestSigner signer = new RSADigestSigner(digest(hash));
            signer.init(false, new RSAKeyParameters(false, n, e));
            signer.update(data, 0, data.length);
            return signer.verifySignature(signature);
        } catch (RuntimeException ex) {
            return false;
        }
    }

    @Override
    public RsaPrivate rsaGenerate(int bits) {
        RSAKeyPairGenerator gen = new RSAKeyPairGenerator();
        gen.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), random, bits, 112));
        RSAPrivateCrtKeyParameters k = (RSAPrivateCrtKeyParameters) gen.generateKeyPair().getPrivate();
        return new RsaPrivate(k.getModulus(), k.getPublicExponent(), k.getExponent(), k.getP(), k.getQ(),
                k.getDP(), k.getDQ(), k.getQInv());
    }

    @Override
    public byte[] bcryptPbkdf(byte[] password, byte[] salt, int rounds, int keyLength) {
        return BcryptPbkdf.derive(password, salt, rounds, keyLength);
    }

    @Override
    public byte[] aesCbc(boolean encrypt, byte[] key, byte[] iv, byte[] data) {
        if (data.length % 16 != 0) {
            throw new IllegalArgumentException("AES-CBC data is not a multiple of 16 bytes");
        }
        org.bouncycastle.crypto.modes.CBCModeCipher cbc = CBCBlockCipher.newInstance(AESEngine.newInstance());
        cbc.init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i += 16) {
            cbc.processBlock(data, i, out, i);
        }
        return out;
    }

    private static void requireLength(byte[] b, int len, String what) {
        if (b.length != len) {
            throw new IllegalArgumentException(what + " must be " + len + " bytes");
        }
    }
}
