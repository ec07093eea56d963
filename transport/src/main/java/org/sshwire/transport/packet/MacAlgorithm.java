package org.sshwire.transport.packet;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An SSH MAC algorithm (RFC 4253 §6.4, RFC 6668, OpenSSH PROTOCOL §1.5 for {@code -etm}).
 *
 * @param name      the wire name
 * @param hash      the JCA digest name HMAC runs over, or null for {@code none}
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

    /** Every MAC sshwire implements, EtM first as in OpenSSH's defaults. */
    public static final List<MacAlgorithm> ALL = List.of(HMAC_SHA2_256_ETM, HMAC_SHA2_512_ETM,
            HMAC_SHA2_256, HMAC_SHA2_512, HMAC_SHA1_ETM, HMAC_SHA1, NONE);

    private static final Map<String, MacAlgorithm> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(MacAlgorithm::name, Function.identity()));

    /** The MAC with this wire name, or null. */
    public static MacAlgorithm byName(String name) {
        return BY_NAME.get(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
