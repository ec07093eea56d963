package org.sshwire.transport;

import java.time.Duration;

/**
 * When to re-exchange keys (RFC 4253 §9). Zero for bytes, packets or time disables that limit.
 *
 * <p>The default follows OpenSSH: bytes by cipher block size (RFC 4344 §3.2: 2^32 blocks for
 * 128-bit ciphers, 1 GiB for 64-bit ones), 2^31 packets, and one hour.
 *
 * @param bytes   rekey after this many bytes in either direction; -1 means "by cipher block size"
 * @param packets rekey after this many packets in either direction
 * @param time    rekey after this long
 */
public record RekeyPolicy(long bytes, long packets, Duration time) {
    public static final RekeyPolicy DEFAULT = new RekeyPolicy(-1, 1L << 31, Duration.ofHours(1));
    public static final RekeyPolicy NEVER = new RekeyPolicy(0, 0, Duration.ZERO);

    /** The byte limit for a cipher of the given block size. */
    public long bytesFor(int cipherBlockSize) {
        if (bytes >= 0) {
            return bytes;
        }
        return cipherBlockSize >= 16 ? (1L << 32) * cipherBlockSize : 1L << 30;
    }
}
