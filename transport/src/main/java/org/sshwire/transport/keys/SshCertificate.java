package org.sshwire.transport.keys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.WireFormatException;

/**
 * An OpenSSH certificate ({@code *-cert-v01@openssh.com}, PROTOCOL.certkeys): a public key with
 * a serial, a type, a key id, principals, a validity window, options and extensions, signed by
 * a CA key. It is itself an {@link SshPublicKey} (usable as host key or user key); signatures by
 * the certified key are verified with the certificate algorithm names.
 *
 * <pre>{@code
 * SshCertificate cert = (SshCertificate) KeyFiles.readPublicKeyLine(line);
 * cert.verifySignature(crypto);          // the CA's signature
 * cert.principals();                     // [alice]
 * cert.criticalOption("force-command");  // Optional[/bin/ls]
 * }</pre>
 */
public record SshCertificate(String keyType, Bytes nonce, SshPublicKey key, long serial, CertType certType,
                             String keyId, List<String> principals, long validAfter, long validBefore,
                             List<CertOption> criticalOptions, List<CertOption> extensions, Bytes reserved,
                             SshPublicKey signatureKey, Bytes signature, Bytes blob, Bytes signedData)
        implements SshPublicKey {

    static final String SUFFIX = "-cert-v01@openssh.com";
    /** valid before = 2^64-1 means "forever" (PROTOCOL.certkeys). */
    public static final long FOREVER = -1L;

    /** SSH_CERT_TYPE_USER = 1, SSH_CERT_TYPE_HOST = 2. */
    public enum CertType {
        USER, HOST
    }

    /** A critical option or extension: a name and its data (usually empty, or a string). */
    public record CertOption(String name, Bytes data) {
        /** The data as the single string it holds for options such as {@code force-command}, or "" when empty. */
        public String value() {
            if (data.isEmpty()) {
                return "";
            }
            try {
                SshReader r = new SshReader(data);
                String s = r.readUtf8();
                r.expectEnd();
                return s;
            } catch (WireFormatException e) {
                throw new KeyFormatException("certificate option " + name + " is not a string", e);
            }
        }
    }

    public SshCertificate {
        principals = List.copyOf(principals);
        criticalOptions = List.copyOf(criticalOptions);
        extensions = List.copyOf(extensions);
    }

    /** Parses a certificate blob. Throws {@link KeyFormatException}. */
    public static SshCertificate parse(Bytes blob) {
        return parse(blob, CryptoBackend.defaultBackend());
    }

    static SshCertificate parse(Bytes blob, CryptoBackend crypto) {
        try {
            byte[] raw = blob.toArray();
            SshReader r = new SshReader(raw);
            String type = r.readUtf8();
            if (!type.endsWith(SUFFIX)) {
                throw new KeyFormatException("not a certificate type: " + UnsupportedKeyTypeException.printable(type));
            }
            String plainType = plainKeyType(type);
            if (!plainType.equals("ssh-ed25519") && !plainType.equals("ssh-rsa")
                    && EcdsaPublicKey.curveOf(plainType) == null && !SecurityKeyPublicKey.isType(plainType)) {
                throw new UnsupportedKeyTypeException(type);
            }
            Bytes nonce = r.readString();
            SshPublicKey key = PublicKeyBlobs.readKeyBody(plainType, r, crypto);
            long serial = r.readUint64();
            long t = r.readUint32();
            CertType certType = t == 1 ? CertType.USER : t == 2 ? CertType.HOST : null;
            if (certType == null) {
                throw new KeyFormatException("unknown certificate type " + t);
            }
            String keyId = r.readUtf8();
            List<String> principals = readPrincipals(r.readString());
            long validAfter = r.readUint64();
            long validBefore = r.readUint64();
            List<CertOption> critical = readOptions(r.readString(), "critical option");
            List<CertOption> extensions = readOptions(r.readString(), "extension");
            Bytes reserved = r.readString();
            SshPublicKey caKey = PublicKeyBlobs.parse(r.readString(), crypto);
            if (caKey instanceof SshCertificate) {
                throw new KeyFormatException("certificate signed by a certificate");
            }
            int signedLength = r.position();
            Bytes signature = r.readString();
            r.expectEnd();
            return new SshCertificate(type, nonce, key, serial, certType, keyId, principals, validAfter,
                    validBefore, critical, extensions, reserved, caKey, signature, blob,
                    Bytes.of(raw, 0, signedLength));
        } catch (WireFormatException e) {
            throw new KeyFormatException("malformed certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The certified key's type for a certificate type: the suffix removed, and for the security
     * keys (PROTOCOL.u2f) the {@code @openssh.com} the plain names carry put back.
     */
    static String plainKeyType(String certType) {
        String base = certType.substring(0, certType.length() - SUFFIX.length());
        return base.startsWith("sk-") ? base + "@openssh.com" : base;
    }

    private static List<String> readPrincipals(Bytes packed) {
        SshReader r = new SshReader(packed);
        List<String> out = new ArrayList<>();
        while (r.hasRemaining()) {
            out.add(r.readUtf8());
        }
        return out;
    }

    /** Options are name/data pairs in strictly increasing name order, as OpenSSH requires (cert_parse_options). */
    private static List<CertOption> readOptions(Bytes packed, String what) {
        SshReader r = new SshReader(packed);
        List<CertOption> out = new ArrayList<>();
        String last = null;
        while (r.hasRemaining()) {
            String name = r.readUtf8();
            Bytes data = r.readString();
            if (last != null && name.compareTo(last) <= 0) {
                throw new KeyFormatException("certificate " + what + "s out of order or repeated: "
                        + UnsupportedKeyTypeException.printable(name));
            }
            last = name;
            out.add(new CertOption(name, data));
        }
        return out;
    }

    /** The value of a critical option such as {@code force-command} or {@code source-address}. */
    public Optional<String> criticalOption(String name) {
        return criticalOptions.stream().filter(o -> o.name().equals(name)).findFirst().map(CertOption::value);
    }

    /** Whether an extension such as {@code permit-pty} is present. */
    public boolean hasExtension(String name) {
        return extensions.stream().anyMatch(o -> o.name().equals(name));
    }

    /** Valid-after as an instant (uint64 seconds since the epoch, clamped). */
    public Instant validAfterInstant() {
        return toInstant(validAfter);
    }

    public Instant validBeforeInstant() {
        return toInstant(validBefore);
    }

    private static Instant toInstant(long unsignedSeconds) {
        return unsignedSeconds < 0 || unsignedSeconds > Instant.MAX.getEpochSecond()
                ? Instant.MAX : Instant.ofEpochSecond(unsignedSeconds);
    }

    /** The signature algorithm named in the CA signature blob, or null if the blob is malformed. */
    public String signatureAlgorithmName() {
        try {
            return SignatureBlob.parse(signature).algorithm();
        } catch (KeyFormatException e) {
            return null;
        }
    }

    /**
     * Verifies the CA's signature over the certificate. The algorithm is the one named in the
     * signature blob (for an RSA CA: rsa-sha2-256, rsa-sha2-512 or legacy ssh-rsa); it must sign
     * with the CA key's type. Fails closed.
     */
    public boolean verifySignature(CryptoBackend crypto) {
        SignatureAlgorithm alg = SignatureAlgorithm.byName(signatureAlgorithmName());
        return alg != null && !alg.isCertificate()
                && signatureKey.verify(alg, signature, signedData.toArray(), crypto);
    }

    @Override
    public boolean verify(SignatureAlgorithm alg, Bytes signatureBlob, byte[] data, CryptoBackend crypto) {
        return alg != null && alg.keyType().equals(keyType) && key.verify(alg.plain(), signatureBlob, data, crypto);
    }

    @Override
    public String toString() {
        return "SshCertificate[" + keyType + " " + certType + " id=" + keyId + " serial=" + Long.toUnsignedString(serial)
                + " principals=" + principals + " key=" + key.fingerprintSha256() + " ca=" + signatureKey.fingerprintSha256() + "]";
    }
}
