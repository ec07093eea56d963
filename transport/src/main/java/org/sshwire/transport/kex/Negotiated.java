package org.sshwire.transport.kex;

/**
 * The algorithms both sides agreed on (RFC 4253 §7.1), plus the OpenSSH extensions signalled in
 * the KEXINIT lists.
 *
 * @param macClientToServer "none" placeholder when the cipher is an AEAD
 * @param strictKex         both sent their kex-strict marker (OpenSSH PROTOCOL §1.10)
 * @param clientExtInfo     the client sent ext-info-c, so the server may send EXT_INFO (RFC 8308 §2.1)
 * @param serverExtInfo     the server sent ext-info-s, so the client may send EXT_INFO
 * @param firstChoicesDiffer the two sides' first kex or host key algorithms differ, so a
 *                           {@code first_kex_packet_follows} guess was wrong and the guessed
 *                           packet must be ignored (RFC 4253 §7)
 */
public record Negotiated(
        String kex,
        String hostKey,
        String cipherClientToServer,
        String cipherServerToClient,
        String macClientToServer,
        String macServerToClient,
        String compressionClientToServer,
        String compressionServerToClient,
        boolean strictKex,
        boolean clientExtInfo,
        boolean serverExtInfo,
        boolean firstChoicesDiffer) {
}
