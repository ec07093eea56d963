package org.sshwire.transport.keys;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.sshwire.transport.crypto.Aead;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.Signatures;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;

/**
 * The {@code openssh-key-v1} private key format (OpenSSH PROTOCOL.key), as {@code ssh-keygen}
 * writes by default: read unencrypted or encrypted with bcrypt-pbkdf and aes{128,192,256}-ctr,
 * -cbc or aes{128,256}-gcm@openssh.com; written unencrypted or with bcrypt + aes256-ctr.
 *
 * <pre>{@code
 * SshKeyPair kp = OpenSshKeyFile.read(Files.readAllBytes(path), "secret".toCharArray(), crypto);
 * byte[] file = OpenSshKeyFile.write(kp, null, "me@host", crypto);
 * }</pre>
 */
final class OpenSshKeyFile {
    static final String LABEL = "OPENSSH PRIVATE KEY";
    private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
    /** Bound on bcrypt rounds read from a file: each costs ~1 ms per 32 bytes of key (ssh-keygen's default is 16). */
    public static final int MAX_KDF_ROUNDS = 10_000;
    /** ssh-keygen's default rounds (-a 16). */
    public static final int DEFAULT_KDF_ROUNDS = 16;
    private static final int MAX_SALT = 1024;

    private OpenSshKeyFile() {
    }

    private record Cipher(String name, int keyLen, int ivLen, int blockSize, int tagLen, String mode) {
    }

    private static Cipher cipher(String name) {
        return switch (name) {
            case "none" -> new Cipher(name, 0, 0, 8, 0, "none");
            case "aes128-ctr" -> new Cipher(name, 16, 16, 16, 0, "ctr");
            case "aes192-ctr" -> new Cipher(name, 24, 16, 16, 0, "ctr");
            case "aes256-ctr" -> new Cipher(name, 32, 16, 16, 0, "ctr");
            case "aes128-cbc" -> new Cipher(name, 16, 16, 16, 0, "cbc");
            case "aes192-cbc" -> new Cipher(name, 24, 16, 16, 0, "cbc");
            case "aes256-cbc" -> new Cipher(name, 32, 16, 16, 0, "cbc");
            case "aes128-gcm@openssh.com" -> new Cipher(name, 16, 12, 16, 16, "gcm");
            case "aes256-gcm@openssh.com" -> new Cipher(name, 32, 12, 16, 16, "gcm");
            default -> throw new KeyFormatException("unsupported key file cipher: " + UnsupportedKeyTypeException.printable(name));
        };
    }

    /** Whether {@code file} is armored as an OpenSSH private key. */
    public static boolean isOpenSsh(byte[] file) {
        return Armor.looksArmored(file, LABEL);
    }

    /** The public key, readable without the passphrase (it is stored in clear). */
    public static SshPublicKey readPublicKey(byte[] file) {
        return parseHeader(unarmor(file)).publicKey;
    }

    private static byte[] unarmor(byte[] file) {
        Armor a = Armor.decode(file);
        if (!a.label().equals(LABEL)) {
            throw new KeyFormatException("not an OpenSSH private key: " + UnsupportedKeyTypeException.printable(a.label()));
        }
        return a.der();
    }

    private record Header(Cipher cipher, String kdf, Bytes salt, int rounds, SshPublicKey publicKey,
                          Bytes encrypted, Bytes tag) {
    }

    private static Header parseHeader(byte[] data) {
        try {
            if (data.length < MAGIC.length || !Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw new KeyFormatException("missing openssh-key-v1 magic");
            }
            SshReader r = new SshReader(data, MAGIC.length, data.length - MAGIC.length);
            Cipher cipher = cipher(r.readUtf8());
            String kdf = r.readUtf8();
            Bytes kdfOptions = r.readString();
            Bytes salt = Bytes.EMPTY;
            int rounds = 0;
            if (kdf.equals("bcrypt")) {
                SshReader o = new SshReader(kdfOptions);
                salt = o.readString();
                long rr = o.readUint32();
                o.expectEnd();
                if (rr < 1 || rr > MAX_KDF_ROUNDS) {
                    throw new KeyFormatException("bcrypt rounds " + rr + " outside 1.." + MAX_KDF_ROUNDS);
                }
                if (salt.isEmpty() || salt.length() > MAX_SALT) {
                    throw new KeyFormatException("bcrypt salt length " + salt.length() + " outside 1.." + MAX_SALT);
                }
                rounds = (int) rr;
            } else if (!kdf.equals("none") || !kdfOptions.isEmpty()) {
                throw new KeyFormatException("unsupported key file KDF: " + UnsupportedKeyTypeException.printable(kdf));
            }
            if (kdf.equals("none") != cipher.name().equals("none")) {
                throw new KeyFormatException("cipher " + cipher.name() + " with KDF " + kdf);
            }
            long nkeys = r.readUint32();
            if (nkeys != 1) {
                // OpenSSH itself reads exactly one key per file (sshkey_parse_private2).
                throw new KeyFormatException("key files hold exactly one key, this one says " + nkeys);
            }
            SshPublicKey pub = SshPublicKey.parse(r.readString());
            Bytes encrypted = r.readString();
            Bytes tag = r.readRaw(cipher.tagLen());
            r.expectEnd();
            if (encrypted.length() % cipher.blockSize() != 0) {
                throw new KeyFormatException("private section length " + encrypted.length()
                        + " is not a multiple of the cipher block size " + cipher.blockSize());
            }
            return new Header(cipher, kdf, salt, rounds, pub, encrypted, tag);
        } catch (WireFormatException e) {
            throw new KeyFormatException("malformed openssh-key-v1 file: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an {@code openssh-key-v1} file. Throws {@link WrongPassphraseException} when the
     * file is encrypted and the passphrase is absent or wrong, {@link UnsupportedKeyTypeException}
     * for sk-* and other unimplemented key types, and {@link KeyFormatException} otherwise.
     */
    public static SshKeyPair read(byte[] file, char[] passphrase, CryptoBackend crypto) {
        Header h = parseHeader(unarmor(file));
        byte[] plain = privateSection(h, passphrase, crypto);
        try {
            SshReader r = new SshReader(plain);
            r.readUint32();
            r.readUint32();
            SshKeyPair kp = readPrivate(r, crypto);
            checkPadding(r, h);
            if (!kp.publicKey().equals(h.publicKey())) {
                throw new KeyFormatException("public key in file does not match the private key");
            }
            return kp;
        } catch (WireFormatException e) {
            throw new KeyFormatException("malformed private section: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Reads an {@code openssh-key-v1} file holding an sk key; throws as {@link #read} does. */
    static SecurityKeyFile readSecurityKey(byte[] file, char[] passphrase, CryptoBackend crypto) {
        Header h = parseHeader(unarmor(file));
        if (!(h.publicKey() instanceof SecurityKeyPublicKey pub)) {
            throw new UnsupportedKeyTypeException(h.publicKey().keyType());
        }
        byte[] plain = privateSection(h, passphrase, crypto);
        try {
            SshReader r = new SshReader(plain);
            r.readUint32();
            r.readUint32();
            int start = r.position();
            String type = r.readUtf8();
            if (!SecurityKeyPublicKey.isType(type)) {
                throw new KeyFormatException("private key type " + UnsupportedKeyTypeException.printable(type) + " under an sk public key");
            }
            SecurityKeyPublicKey key = SecurityKeyPublicKey.readBody(type, r, crypto);
            int flags = r.readByte();
            r.readString(); // key handle
            r.readString(); // reserved
            Bytes serialized = Bytes.of(plain, start, r.position() - start);
            String comment = r.readUtf8();
            checkPadding(r, h);
            if (!key.equals(pub)) {
                throw new KeyFormatException("public key in file does not match the private key");
            }
            return new SecurityKeyFile(key, serialized, flags, comment);
        } catch (WireFormatException e) {
            throw new KeyFormatException("malformed private section: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The decrypted private section, its two check integers verified. */
    private static byte[] privateSection(Header h, char[] passphrase, CryptoBackend crypto) {
        byte[] plain;
        boolean encrypted = !h.cipher().name().equals("none");
        if (!encrypted) {
            plain = h.encrypted().toArray();
        } else {
            if (passphrase == null || passphrase.length == 0) {
                throw new WrongPassphraseException("key is encrypted (" + h.cipher().name() + ") and no passphrase was given");
            }
            plain = decrypt(h, passphrase, crypto);
        }
        try {
            SshReader r = new SshReader(plain);
            if (r.readUint32() != r.readUint32()) {
                Arrays.fill(plain, (byte) 0);
                if (encrypted) {
                    throw new WrongPassphraseException("wrong passphrase (check integers differ after decryption)");
                }
                throw new KeyFormatException("corrupt private section: check integers differ");
            }
            return plain;
        } catch (WireFormatException e) {
            throw new KeyFormatException("malformed private section: " + e.getMessage(), e);
        }
    }

    /** PROTOCOL.key: padding bytes are 1, 2, 3, ... up to the block size. */
    private static void checkPadding(SshReader r, Header h) {
        for (int i = 1; r.hasRemaining(); i++) {
            if (r.readByte() != i || i >= h.cipher().blockSize()) {
                throw new KeyFormatException("corrupt private section padding");
            }
        }
    }

    private static byte[] decrypt(Header h, char[] passphrase, CryptoBackend crypto) {
        Cipher c = h.cipher();
        byte[] pass = utf8(passphrase);
        byte[] keyIv = crypto.signatures().bcryptPbkdf(pass, h.salt().toArray(), h.rounds(), c.keyLen() + c.ivLen());
        Arrays.fill(pass, (byte) 0);
        byte[] key = Arrays.copyOfRange(keyIv, 0, c.keyLen());
        byte[] iv = Arrays.copyOfRange(keyIv, c.keyLen(), keyIv.length);
        byte[] in = h.encrypted().toArray();
        try {
            switch (c.mode()) {
                case "ctr" -> {
                    byte[] out = new byte[in.length];
                    crypto.aesCtr(key, iv).apply(in, 0, in.length, out, 0);
                    return out;
                }
                case "cbc" -> {
                    return crypto.signatures().aesCbc(false, key, iv, in);
                }
                default -> {
                    Aead gcm = crypto.aesGcm(key);
                    byte[] ct = h.encrypted().concat(h.tag()).toArray();
                    byte[] out = new byte[in.length];
                    if (!gcm.open(iv, new byte[0], 0, 0, ct, 0, ct.length, out, 0)) {
                        throw new WrongPassphraseException("wrong passphrase (GCM tag does not verify)");
                    }
                    return out;
                }
            }
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(keyIv, (byte) 0);
        }
    }

    static byte[] utf8(char[] passphrase) {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        if (bb.hasArray()) {
            Arrays.fill(bb.array(), (byte) 0);
        }
        return out;
    }

    /** One private key in the openssh-key-v1 layout (sshkey_private_serialize), then its comment. */
    private static SshKeyPair readPrivate(SshReader r, CryptoBackend crypto) {
        SshKeyPair kp = PrivateKeyBlob.read(r, crypto);
        String comment = r.readUtf8();
        return kp.withComment(comment);
    }

    static Signatures.RsaPrivate rsaPrivate(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q) {
        try {
            return Signatures.RsaPrivate.of(n, e, d, p, q);
        } catch (ArithmeticException ex) {
            throw new KeyFormatException("RSA private key is inconsistent: " + ex.getMessage(), ex);
        }
    }

    /**
     * Writes {@code kp} in the openssh-key-v1 format. With a non-empty passphrase the private
     * section is encrypted with aes256-ctr under bcrypt-pbkdf (16 rounds, 16-byte salt), as
     * {@code ssh-keygen} does.
     */
    public static byte[] write(SshKeyPair kp, char[] passphrase, String comment, CryptoBackend crypto) {
        boolean encrypt = passphrase != null && passphrase.length > 0;
        Cipher c = cipher(encrypt ? "aes256-ctr" : "none");
        byte[] salt = new byte[16];
        int checkInt = crypto.random().nextInt();
        SshWriter priv = new SshWriter(1024).writeUint32(checkInt).writeUint32(checkInt);
        writePrivate(priv, kp);
        priv.writeUtf8(comment == null ? kp.comment() : comment);
        for (int i = 1; priv.size() % c.blockSize() != 0; i++) {
            priv.writeByte(i);
        }
        byte[] section = priv.toByteArray();
        SshWriter kdfOptions = new SshWriter();
        if (encrypt) {
            crypto.random().nextBytes(salt);
            kdfOptions.writeString(salt).writeUint32(DEFAULT_KDF_ROUNDS);
            byte[] pass = utf8(passphrase);
            byte[] keyIv = crypto.signatures().bcryptPbkdf(pass, salt, DEFAULT_KDF_ROUNDS, c.keyLen() + c.ivLen());
            Arrays.fill(pass, (byte) 0);
            crypto.aesCtr(Arrays.copyOfRange(keyIv, 0, 32), Arrays.copyOfRange(keyIv, 32, 48))
                    .apply(section, 0, section.length, section, 0);
            Arrays.fill(keyIv, (byte) 0);
        }
        SshWriter w = new SshWriter(section.length + 512).writeRaw(MAGIC)
                .writeUtf8(c.name()).writeUtf8(encrypt ? "bcrypt" : "none").writeString(kdfOptions.toByteArray())
                .writeUint32(1).writeString(kp.publicKey().blob()).writeString(section);
        Arrays.fill(section, (byte) 0);
        return Armor.encode(LABEL, w.toByteArray(), 70);
    }

    private static void writePrivate(SshWriter w, SshKeyPair kp) {
        PrivateKeyBlob.write(w, kp, false);
    }
}
