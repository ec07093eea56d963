package org.sshwire.transport.keys;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Digest;
import org.sshwire.transport.crypto.Mac;
import org.sshwire.transport.wire.Bytes;

/**
 * PEM private keys as OpenSSL and {@code ssh-keygen -m PEM/PKCS8} write them: PKCS#1
 * {@code RSA PRIVATE KEY} (RFC 8017 A.1.2), SEC1 {@code EC PRIVATE KEY} (RFC 5915), PKCS#8
 * {@code PRIVATE KEY} (RFC 5208/8410) and {@code ENCRYPTED PRIVATE KEY} (RFC 5958, PBES2 with
 * PBKDF2 and AES-CBC, RFC 8018), plus the legacy OpenSSL encryption of the first two
 * ({@code Proc-Type: 4,ENCRYPTED} with {@code DEK-Info: AES-128-CBC,...}).
 *
 * <pre>{@code
 * SshKeyPair kp = PemKeyFile.read(Files.readAllBytes(Path.of("id_rsa")), null, crypto);
 * }</pre>
 */
final class PemKeyFile {
    /** Bound on PBKDF2 iterations read from a file (OpenSSL's default is 2048). */
    public static final int MAX_PBKDF2_ITERATIONS = 1 << 22;

    private static final String RSA_OID = "1.2.840.113549.1.1.1";
    private static final String EC_OID = "1.2.840.10045.2.1";
    private static final String ED25519_OID = "1.3.101.112";
    private static final String PBES2_OID = "1.2.840.113549.1.5.13";
    private static final String PBKDF2_OID = "1.2.840.113549.1.5.12";

    private PemKeyFile() {
    }

    /** Whether {@code file} starts with one of the PEM labels this class reads. */
    public static boolean isPem(byte[] file) {
        String label = Armor.firstLabel(file);
        return label != null && switch (label) {
            case "RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> true;
            default -> false;
        };
    }

    /** Reads a PEM private key; errors as for {@link KeyFiles#readPrivateKey}. */
    public static SshKeyPair read(byte[] file, char[] passphrase, CryptoBackend crypto) {
        Armor a = Armor.decode(file);
        byte[] der = a.der();
        String procType = a.headers().get("Proc-Type");
        if (procType != null && procType.replace(" ", "").equals("4,ENCRYPTED")) {
            der = decryptLegacy(a, passphrase, crypto);
            return parseDecrypted(a.label(), der, crypto, true);
        }
        switch (a.label()) {
            case "RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY" -> {
                return parse(a.label(), der, crypto);
            }
            case "ENCRYPTED PRIVATE KEY" -> {
                return parseDecrypted("PRIVATE KEY", decryptPkcs8(der, passphrase, crypto), crypto, true);
            }
            default -> throw new KeyFormatException("not a private key PEM label: "
                    + UnsupportedKeyTypeException.printable(a.label()));
        }
    }

    /** After decryption, garbage means the passphrase was wrong (padding alone is a weak check). */
    private static SshKeyPair parseDecrypted(String label, byte[] der, CryptoBackend crypto, boolean encrypted) {
        try {
            return parse(label, der, crypto);
        } catch (UnsupportedKeyTypeException e) {
            throw e;
        } catch (KeyFormatException e) {
            if (encrypted) {
                throw new WrongPassphraseException("wrong passphrase (decrypted key does not parse)");
            }
            throw e;
        }
    }

    private static SshKeyPair parse(String label, byte[] der, CryptoBackend crypto) {
        return switch (label) {
            case "RSA PRIVATE KEY" -> rsa(new Der(der), crypto);
            case "EC PRIVATE KEY" -> ec(new Der(der), null, crypto);
            case "PRIVATE KEY" -> pkcs8(new Der(der), crypto);
            default -> throw new KeyFormatException("unsupported PEM label: " + UnsupportedKeyTypeException.printable(label));
        };
    }

    /** RFC 8017 A.1.2 RSAPrivateKey. */
    private static SshKeyPair rsa(Der outer, CryptoBackend crypto) {
        Der d = outer.read(Der.SEQUENCE);
        outer.expectEnd();
        BigInteger version = d.integer();
        if (version.signum() != 0) {
            throw new KeyFormatException("unsupported RSAPrivateKey version " + version);
        }
        BigInteger n = d.integer();
        BigInteger e = d.integer();
        BigInteger dd = d.integer();
        BigInteger p = d.integer();
        BigInteger q = d.integer();
        if (n.signum() <= 0 || e.signum() <= 0 || dd.signum() <= 0 || p.signum() <= 0 || q.signum() <= 0
                || n.bitLength() > RsaPublicKey.MAX_BITS) {
            throw new KeyFormatException("malformed RSA private key");
        }
        return SshKeyPair.rsa(OpenSshKeyFile.rsaPrivate(n, e, dd, p, q), null);
    }

    private static String curveForOid(String oid) {
        return switch (oid) {
            case "1.2.840.10045.3.1.7" -> "nistp256";
            case "1.3.132.0.34" -> "nistp384";
            case "1.3.132.0.35" -> "nistp521";
            default -> throw new UnsupportedKeyTypeException("ecdsa curve " + oid);
        };
    }

    /** RFC 5915 ECPrivateKey; the curve comes from [0] or, in PKCS#8, from the algorithm parameters. */
    private static SshKeyPair ec(Der outer, String curve, CryptoBackend crypto) {
        Der d = outer.read(Der.SEQUENCE);
        outer.expectEnd();
        if (!d.integer().equals(BigInteger.ONE)) {
            throw new KeyFormatException("unsupported ECPrivateKey version");
        }
        byte[] priv = d.octetString();
        byte[] pub = null;
        while (d.hasRemaining()) {
            int tag = d.peekTag();
            if (tag == 0xa0) {
                String c = curveForOid(d.read(0xa0).oid());
                if (curve != null && !curve.equals(c)) {
                    throw new KeyFormatException("EC private key curve differs from its algorithm parameters");
                }
                curve = c;
            } else if (tag == 0xa1) {
                pub = d.read(0xa1).bitString();
            } else {
                d.skip();
            }
        }
        if (curve == null) {
            throw new KeyFormatException("EC private key without a named curve");
        }
        SshKeyPair kp = SshKeyPair.ecdsa(curve, new BigInteger(1, priv), null, crypto);
        if (pub != null && !((EcdsaPublicKey) kp.publicKey()).point().equals(Bytes.wrap(pub))) {
            throw new KeyFormatException("EC public key does not match the private key");
        }
        return kp;
    }

    /** RFC 5208 PrivateKeyInfo / RFC 5958 OneAsymmetricKey. */
    private static SshKeyPair pkcs8(Der outer, CryptoBackend crypto) {
        Der d = outer.read(Der.SEQUENCE);
        outer.expectEnd();
        BigInteger version = d.integer();
        if (version.signum() != 0 && !version.equals(BigInteger.ONE)) {
            throw new KeyFormatException("unsupported PrivateKeyInfo version " + version);
        }
        Der alg = d.read(Der.SEQUENCE);
        String oid = alg.oid();
        byte[] key = d.octetString();
        switch (oid) {
            case RSA_OID -> {
                return rsa(new Der(key), crypto);
            }
            case EC_OID -> {
                return ec(new Der(key), curveForOid(alg.oid()), crypto);
            }
            case ED25519_OID -> {
                // RFC 8410 §7: CurvePrivateKey ::= OCTET STRING (the 32-byte seed).
                Der k = new Der(key);
                byte[] seed = k.octetString();
                k.expectEnd();
                if (seed.length != 32) {
                    throw new KeyFormatException("Ed25519 private key must be 32 bytes");
                }
                return SshKeyPair.ed25519(Bytes.wrap(seed), null, crypto);
            }
            default -> throw new UnsupportedKeyTypeException("PKCS#8 algorithm " + oid);
        }
    }

    private static int aesKeyLength(String oid) {
        return switch (oid) {
            case "2.16.840.1.101.3.4.1.2" -> 16;
            case "2.16.840.1.101.3.4.1.22" -> 24;
            case "2.16.840.1.101.3.4.1.42" -> 32;
            default -> throw new KeyFormatException("unsupported PKCS#8 encryption scheme " + oid);
        };
    }

    private static String prfHash(String oid) {
        return switch (oid) {
            case "1.2.840.113549.2.7" -> "SHA-1";
            case "1.2.840.113549.2.9" -> "SHA-256";
            case "1.2.840.113549.2.10" -> "SHA-384";
            case "1.2.840.113549.2.11" -> "SHA-512";
            default -> throw new KeyFormatException("unsupported PBKDF2 PRF " + oid);
        };
    }

    /** RFC 5958 EncryptedPrivateKeyInfo with RFC 8018 PBES2 (PBKDF2 + AES-CBC). */
    private static byte[] decryptPkcs8(byte[] der, char[] passphrase, CryptoBackend crypto) {
        Der outer = new Der(der);
        Der epki = outer.read(Der.SEQUENCE);
        outer.expectEnd();
        Der alg = epki.read(Der.SEQUENCE);
        if (!alg.oid().equals(PBES2_OID)) {
            throw new KeyFormatException("unsupported PKCS#8 encryption (only PBES2)");
        }
        Der pbes2 = alg.read(Der.SEQUENCE);
        Der kdf = pbes2.read(Der.SEQUENCE);
        if (!kdf.oid().equals(PBKDF2_OID)) {
            throw new KeyFormatException("unsupported PBES2 key derivation (only PBKDF2)");
        }
        Der kdfParams = kdf.read(Der.SEQUENCE);
        byte[] salt = kdfParams.octetString();
        BigInteger iterations = kdfParams.integer();
        String hash = "SHA-1";
        while (kdfParams.hasRemaining()) {
            if (kdfParams.peekTag() == Der.INTEGER) {
                kdfParams.integer(); // keyLength: implied by the cipher
            } else {
                hash = prfHash(kdfParams.read(Der.SEQUENCE).oid());
            }
        }
        Der scheme = pbes2.read(Der.SEQUENCE);
        int keyLen = aesKeyLength(scheme.oid());
        byte[] iv = scheme.octetString();
        byte[] encrypted = epki.octetString();
        if (iterations.signum() <= 0 || iterations.compareTo(BigInteger.valueOf(MAX_PBKDF2_ITERATIONS)) > 0) {
            throw new KeyFormatException("PBKDF2 iteration count outside 1.." + MAX_PBKDF2_ITERATIONS);
        }
        if (iv.length != 16 || encrypted.length == 0 || encrypted.length % 16 != 0) {
            throw new KeyFormatException("malformed PKCS#8 ciphertext");
        }
        requirePassphrase(passphrase);
        byte[] pass = OpenSshKeyFile.utf8(passphrase);
        byte[] key = pbkdf2(crypto, hash, pass, salt, iterations.intValue(), keyLen);
        Arrays.fill(pass, (byte) 0);
        return unpad(crypto.signatures().aesCbc(false, key, iv, encrypted));
    }

    private static void requirePassphrase(char[] passphrase) {
        if (passphrase == null || passphrase.length == 0) {
            throw new WrongPassphraseException("key is encrypted and no passphrase was given");
        }
    }

    /** RFC 8018 §5.2. */
    static byte[] pbkdf2(CryptoBackend crypto, String hash, byte[] password, byte[] salt, int iterations, int keyLen) {
        Mac mac = crypto.hmac(hash, password);
        int hLen = mac.length();
        byte[] out = new byte[keyLen];
        byte[] u = new byte[hLen];
        byte[] t = new byte[hLen];
        for (int block = 1, off = 0; off < keyLen; block++, off += hLen) {
            mac.update(salt, 0, salt.length);
            mac.updateInt(block);
            mac.doFinal(u, 0);
            System.arraycopy(u, 0, t, 0, hLen);
            for (int i = 1; i < iterations; i++) {
                mac.update(u, 0, hLen);
                mac.doFinal(u, 0);
                for (int j = 0; j < hLen; j++) {
                    t[j] ^= u[j];
                }
            }
            System.arraycopy(t, 0, out, off, Math.min(hLen, keyLen - off));
        }
        return out;
    }

    /** OpenSSL's PEM encryption: EVP_BytesToKey(MD5, salt = IV[0..8], 1 iteration). */
    private static byte[] decryptLegacy(Armor a, char[] passphrase, CryptoBackend crypto) {
        String dek = a.headers().get("DEK-Info");
        if (dek == null || dek.indexOf(',') < 0) {
            throw new KeyFormatException("encrypted PEM without DEK-Info");
        }
        String algo = dek.substring(0, dek.indexOf(',')).strip();
        int keyLen = switch (algo) {
            case "AES-128-CBC" -> 16;
            case "AES-192-CBC" -> 24;
            case "AES-256-CBC" -> 32;
            default -> throw new KeyFormatException("unsupported PEM encryption " + UnsupportedKeyTypeException.printable(algo));
        };
        byte[] iv;
        try {
            iv = HexFormat.of().parseHex(dek.substring(dek.indexOf(',') + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new KeyFormatException("bad DEK-Info IV", e);
        }
        byte[] ct = a.der();
        if (iv.length != 16 || ct.length == 0 || ct.length % 16 != 0) {
            throw new KeyFormatException("malformed encrypted PEM");
        }
        requirePassphrase(passphrase);
        byte[] pass = OpenSshKeyFile.utf8(passphrase);
        byte[] key = new byte[keyLen];
        byte[] prev = new byte[0];
        for (int off = 0; off < keyLen; off += prev.length) {
            Digest md5 = crypto.digest("MD5");
            md5.update(prev);
            md5.update(pass);
            md5.update(iv, 0, 8);
            prev = md5.digest();
            System.arraycopy(prev, 0, key, off, Math.min(prev.length, keyLen - off));
        }
        Arrays.fill(pass, (byte) 0);
        return unpad(crypto.signatures().aesCbc(false, key, iv, ct));
    }

    /** PKCS#7 padding; wrong padding after decryption almost always means a wrong passphrase. */
    private static byte[] unpad(byte[] p) {
        int n = p[p.length - 1] & 0xff;
        if (n < 1 || n > 16) {
            throw new WrongPassphraseException("wrong passphrase (bad padding after decryption)");
        }
        for (int i = p.length - n; i < p.length; i++) {
            if ((p[i] & 0xff) != n) {
                throw new WrongPassphraseException("wrong passphrase (bad padding after decryption)");
            }
        }
        return Arrays.copyOf(p, p.length - n);
    }
}
