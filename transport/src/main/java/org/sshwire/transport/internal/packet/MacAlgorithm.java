package org.sshwire.transport.internal.packet;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An SSH MAC algorithm (RFC 4253 §6.4, RFC 6668, OpenSSH PROTOCOL §1.5 for {@code -etm}, RFC 4418
 * for OpenSSH's {@code umac-*}).
 *
 * @param name      the wire name
 * @param hash      the JCA digest name HMAC runs over, or null for {@code none} and UMAC
 * @param keyLength key bytes to derive
 * @param length    tag bytes on the wire
 * @param etm       encrypt-then-MAC: the length is sent in clear and the MAC covers the ciphertext
 * @param legacy    only offered when explicitly enabled
 */
public record MacAlgorithm(String name, String hash, int keyLength, int length, boolean etm, boolean legacy) {

    public static final MacAlgorithm NONE = new MacAlgorithm("none", null, 0, 0, false, false);
    public static final MacAlgorithm HMAC_SHA2_256 = new MacAlgorithm("hmac-sha2-256", "SHA-256", 32, 32, false, false);
    public static final MacAlgorithm HMAC_SHA2_512 = new MacAlgorithm("hmac-sha2-512", "SHA-512", 64, 64, false, false);
    public static final MacAlgorithm HMAC_SHA2_256_ETM =
            new MacAlgorithm("hmac-sha2-256-etm@openssh.com", "SHA-256", 32, 32, true, false);
    public static final MacAlgorithm HMAC_SHA2_512_ETM =
            new MacAlgorithm("hmac-sha2-512-etm@openssh.com", "SHA-512", 64, 64, true, false);
    public static final MacAlgorithm HMAC_SHA1 = new MacAlgorithm("hmac-sha1", "SHA-1", 20, 20, false, true);
    public static final MacAlgorithm HMAC_SHA1_ETM =
            new MacAlgorithm("hmac-sha1-etm@openssh.com", "SHA-1", 20, 20, true, true);

    public static final MacAlgorithm HMAC_MD5 = new MacAlgorithm("hmac-md5", "MD5", 16, 16, false, true);
    public static final MacAlgorithm HMAC_MD5_ETM =
            new MacAlgorithm("hmac-md5-etm@openssh.com", "MD5", 16, 16, true, true);
    /** UMAC with AES-128 (RFC 4418): a 16-byte key, the sequence number as nonce. */
    public static final MacAlgorithm UMAC_64 = new MacAlgorithm("umac-64@openssh.com", null, 16, 8, false, true);
    public static final MacAlgorithm UMAC_64_ETM = new MacAlgorithm("umac-64-etm@openssh.com", null, 16, 8, true, true);
    public static final MacAlgorithm UMAC_128 = new MacAlgorithm("umac-128@openssh.com", null, 16, 16, false, true);
    public static final MacAlgorithm UMAC_128_ETM = new MacAlgorithm("umac-128-etm@openssh.com", null, 16, 16, true, true);

    /** Every MAC sshwire implements, EtM first as in OpenSSH's defaults, legacy ones after. */
    public static final List<MacAlgorithm> ALL = List.of(HMAC_SHA2_256_ETM, HMAC_SHA2_512_ETM,
            HMAC_SHA2_256, HMAC_SHA2_512, UMAC_64_ETM, UMAC_128_ETM, HMAC_SHA1_ETM, UMAC_64, UMAC_128, HMAC_SHA1,
            HMAC_MD5_ETM, HMAC_MD5, NONE);

    private static final Map<String, MacAlgorithm> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(MacAlgorithm::name, Function.identity()));

    /** The MAC with this wire name, or null. */
    public static MacAlgorithm byName(String name) {
        return BY_NAME.get(name);
    }

    /** OpenSSH's umac-64 and umac-128, plain or EtM. */
    public boolean isUmac() {
        return name.startsWith("umac-");
    }

    @Override
    public String toString() {
        return name;
    }
}
