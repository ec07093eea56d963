package org.sshwire.transport.internal.packet;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An SSH encryption algorithm (RFC 4253 §6.3, RFC 4344, RFC 5647, OpenSSH PROTOCOL.chacha20poly1305).
 *
 * @param name      the wire name
 * @param keyLength key bytes to derive
 * @param ivLength  IV bytes to derive
 * @param blockSize the padding alignment it imposes (at least 8)
 * @param kind      the construction
 */
public record CipherAlgorithm(String name, int keyLength, int ivLength, int blockSize, Kind kind) {

    /** How packets are protected with it. */
    public enum Kind {
        NONE, AES_CTR, AES_GCM, CHACHA20_POLY1305,
        /** RFC 4253 §6.3 CBC: legacy, offered only when named (DESIGN §6). */
        AES_CBC,
        /** RFC 4253 §6.3 three-key 3DES in CBC mode: legacy, offered only when named. */
        TRIPLE_DES_CBC
    }

    public static final CipherAlgorithm NONE = new CipherAlgorithm("none", 0, 0, 8, Kind.NONE);
    public static final CipherAlgorithm AES128_CTR = new CipherAlgorithm("aes128-ctr", 16, 16, 16, Kind.AES_CTR);
    public static final CipherAlgorithm AES192_CTR = new CipherAlgorithm("aes192-ctr", 24, 16, 16, Kind.AES_CTR);
    public static final CipherAlgorithm AES256_CTR = new CipherAlgorithm("aes256-ctr", 32, 16, 16, Kind.AES_CTR);
    public static final CipherAlgorithm AES128_GCM = new CipherAlgorithm("aes128-gcm@openssh.com", 16, 12, 16, Kind.AES_GCM);
    public static final CipherAlgorithm AES256_GCM = new CipherAlgorithm("aes256-gcm@openssh.com", 32, 12, 16, Kind.AES_GCM);
    public static final CipherAlgorithm CHACHA20_POLY1305 =
            new CipherAlgorithm("chacha20-poly1305@openssh.com", 64, 0, 8, Kind.CHACHA20_POLY1305);

    public static final CipherAlgorithm AES128_CBC = new CipherAlgorithm("aes128-cbc", 16, 16, 16, Kind.AES_CBC);
    public static final CipherAlgorithm AES192_CBC = new CipherAlgorithm("aes192-cbc", 24, 16, 16, Kind.AES_CBC);
    public static final CipherAlgorithm AES256_CBC = new CipherAlgorithm("aes256-cbc", 32, 16, 16, Kind.AES_CBC);
    public static final CipherAlgorithm TRIPLE_DES_CBC = new CipherAlgorithm("3des-cbc", 24, 8, 8, Kind.TRIPLE_DES_CBC);

    /** Every cipher sshwire implements, in OpenSSH's default preference order, legacy ones last. */
    public static final List<CipherAlgorithm> ALL = List.of(
            CHACHA20_POLY1305, AES128_CTR, AES192_CTR, AES256_CTR, AES128_GCM, AES256_GCM,
            AES128_CBC, AES192_CBC, AES256_CBC, TRIPLE_DES_CBC, NONE);

    private static final Map<String, CipherAlgorithm> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(CipherAlgorithm::name, Function.identity()));

    /** The cipher with this wire name, or null. */
    public static CipherAlgorithm byName(String name) {
        return BY_NAME.get(name);
    }

    /** AEAD ciphers carry their own tag and ignore the negotiated MAC (RFC 5647 §5.1). */
    public boolean isAead() {
        return kind == Kind.AES_GCM || kind == Kind.CHACHA20_POLY1305;
    }

    /** CBC ciphers: only offered when enabled by name, as in OpenSSH since 6.7. */
    public boolean legacy() {
        return isCbc();
    }

    /**
     * CBC with an encrypted length: a packet that fails its checks is read on to a fixed length
     * before the connection ends (OpenSSH packet.c ssh_packet_start_discard), so the time to the
     * error does not tell an attacker which check failed.
     */
    public boolean isCbc() {
        return kind == Kind.AES_CBC || kind == Kind.TRIPLE_DES_CBC;
    }

    @Override
    public String toString() {
        return name;
    }
}
