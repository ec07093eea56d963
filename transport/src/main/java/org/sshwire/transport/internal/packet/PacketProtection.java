package org.sshwire.transport.internal.packet;

import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.StreamCipher;

/**
 * Builds the {@link PacketSealer} and {@link PacketOpener} for one direction from negotiated
 * algorithms and derived keys.
 *
 * <pre>{@code
 * PacketSealer out = PacketProtection.sealer(CryptoBackend.defaultBackend(),
 *         CipherAlgorithm.AES128_GCM, MacAlgorithm.NONE, keysClientToServer);
 * }</pre>
 */
public final class PacketProtection {
    private PacketProtection() {
    }

    /** The protection before the first NEWKEYS: no encryption, no MAC, 8-byte alignment. */
    public static PacketSealer noneSealer() {
        return new CipherMacSealer(null, 8, null, false);
    }

    public static PacketOpener noneOpener() {
        return new CipherMacOpener(null, 8, null, false);
    }

    public static PacketSealer sealer(CryptoBackend crypto, CipherAlgorithm cipher, MacAlgorithm mac, DirectionKeys keys) {
        return switch (cipher.kind()) {
            case AES_GCM -> new AesGcmProtection(crypto.aesGcm(key(cipher, keys)), iv(cipher, keys));
            case CHACHA20_POLY1305 -> new ChaCha20Poly1305Protection(crypto, key(cipher, keys));
            case NONE, AES_CTR, AES_CBC, TRIPLE_DES_CBC -> new CipherMacSealer(stream(crypto, cipher, keys, true),
                    cipher.blockSize(), mac(crypto, mac, keys), mac.etm());
        };
    }

    public static PacketOpener opener(CryptoBackend crypto, CipherAlgorithm cipher, MacAlgorithm mac, DirectionKeys keys) {
        return switch (cipher.kind()) {
            case AES_GCM -> new AesGcmProtection(crypto.aesGcm(key(cipher, keys)), iv(cipher, keys));
            case CHACHA20_POLY1305 -> new ChaCha20Poly1305Protection(crypto, key(cipher, keys));
            case NONE, AES_CTR, AES_CBC, TRIPLE_DES_CBC -> new CipherMacOpener(stream(crypto, cipher, keys, false),
                    cipher.blockSize(), mac(crypto, mac, keys), mac.etm(), cipher.isCbc() && !mac.etm());
        };
    }

    private static byte[] key(CipherAlgorithm cipher, DirectionKeys keys) {
        byte[] k = keys.encryptionKey().toArray();
        if (k.length != cipher.keyLength()) {
            throw new IllegalArgumentException(cipher + " needs a " + cipher.keyLength() + "-byte key, got " + k.length);
        }
        return k;
    }

    private static byte[] iv(CipherAlgorithm cipher, DirectionKeys keys) {
        byte[] iv = keys.iv().toArray();
        if (iv.length != cipher.ivLength()) {
            throw new IllegalArgumentException(cipher + " needs a " + cipher.ivLength() + "-byte IV, got " + iv.length);
        }
        return iv;
    }

    private static StreamCipher stream(CryptoBackend crypto, CipherAlgorithm cipher, DirectionKeys keys, boolean encrypt) {
        return switch (cipher.kind()) {
            case NONE -> null;
            case AES_CBC -> crypto.cbc("AES", encrypt, key(cipher, keys), iv(cipher, keys));
            case TRIPLE_DES_CBC -> crypto.cbc("DESede", encrypt, key(cipher, keys), iv(cipher, keys));
            default -> crypto.aesCtr(key(cipher, keys), iv(cipher, keys));
        };
    }

    private static PacketMac mac(CryptoBackend crypto, MacAlgorithm mac, DirectionKeys keys) {
        if (mac == MacAlgorithm.NONE) {
            return null;
        }
        byte[] k = keys.integrityKey().toArray();
        if (k.length != mac.keyLength()) {
            throw new IllegalArgumentException(mac + " needs a " + mac.keyLength() + "-byte key, got " + k.length);
        }
        return mac.isUmac() ? new Umac(crypto::aes, k, mac.length()) : PacketMac.hmac(crypto.hmac(mac.hash(), k));
    }
}
