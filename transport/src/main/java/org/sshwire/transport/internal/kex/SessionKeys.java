package org.sshwire.transport.internal.kex;

import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.internal.packet.CipherAlgorithm;
import org.sshwire.transport.internal.packet.DirectionKeys;
import org.sshwire.transport.internal.packet.MacAlgorithm;
import org.sshwire.transport.wire.Bytes;

/**
 * The six keys of RFC 4253 §7.2 for one key exchange, grouped by direction.
 */
public record SessionKeys(DirectionKeys clientToServer, DirectionKeys serverToClient) {

    public static SessionKeys derive(CryptoBackend crypto, String hash, byte[] encodedK, byte[] h, byte[] sessionId,
                                     CipherAlgorithm cipherC2S, MacAlgorithm macC2S,
                                     CipherAlgorithm cipherS2C, MacAlgorithm macS2C) {
        DirectionKeys c2s = new DirectionKeys(
                d(crypto, hash, encodedK, h, KeyDerivation.IV_CLIENT_TO_SERVER, sessionId, cipherC2S.ivLength()),
                d(crypto, hash, encodedK, h, KeyDerivation.KEY_CLIENT_TO_SERVER, sessionId, cipherC2S.keyLength()),
                d(crypto, hash, encodedK, h, KeyDerivation.MAC_CLIENT_TO_SERVER, sessionId,
                        cipherC2S.isAead() ? 0 : macC2S.keyLength()));
        DirectionKeys s2c = new DirectionKeys(
                d(crypto, hash, encodedK, h, KeyDerivation.IV_SERVER_TO_CLIENT, sessionId, cipherS2C.ivLength()),
                d(crypto, hash, encodedK, h, KeyDerivation.KEY_SERVER_TO_CLIENT, sessionId, cipherS2C.keyLength()),
                d(crypto, hash, encodedK, h, KeyDerivation.MAC_SERVER_TO_CLIENT, sessionId,
                        cipherS2C.isAead() ? 0 : macS2C.keyLength()));
        return new SessionKeys(c2s, s2c);
    }

    private static Bytes d(CryptoBackend crypto, String hash, byte[] k, byte[] h, char letter, byte[] sessionId, int len) {
        return Bytes.wrap(KeyDerivation.derive(crypto.digest(hash), k, h, letter, sessionId, len));
    }
}
