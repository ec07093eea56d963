package org.sshwire.transport;

/**
 * Research surface (DESIGN §5, unstable; off by default): receives the secrets of every key
 * exchange of a connection — the first and each rekey, whatever the method — one line per call,
 * so a capture of the session can be decrypted offline ({@code sshwire decrypt}, {@link
 * org.sshwire.transport.research.SessionDecoder}, Wireshark). Anyone holding the log can read the
 * session. If it throws, the exception is logged and the connection ends, with DISCONNECT
 * BY_APPLICATION.
 *
 * <p>Line format (lower-case hex; fields separated by one space). Each exchange writes, in order:
 * <ol>
 *   <li>{@code <cookie> <private>} — only for curve25519-sha256(@libssh.org) and the finite-field
 *       DH methods (group*, group-exchange): this side's ephemeral X25519 private key or DH
 *       exponent (unsigned, big-endian). This is the form Wireshark 4.0's {@code ssh.keylog_file}
 *       reads.</li>
 *   <li>{@code <cookie> SHARED_SECRET <K>} — always: the shared secret K exactly as the exchange
 *       hash takes it, without its 4-byte length: the bytes of the mpint for DH, ECDH and
 *       curve25519 (with the leading 00 when the top bit is set, RFC 4251 §5), the bytes of the
 *       string for the KEM hybrids (sntrup761x25519-sha512[@openssh.com],
 *       mlkem768x25519-sha256, mlkem768nistp256-sha256: HASH(K_PQ || K_CL)). Newer Wireshark
 *       versions read this form; Wireshark 4.0 reports it as an invalid line and goes on.</li>
 * </ol>
 * {@code <cookie>} is the 16-byte cookie of the KEXINIT this side sent for that exchange (32 hex
 * digits), so each rekey has its own lines; a decoder finds them through either KEXINIT it
 * decrypts. K with both sides' recorded exchange messages gives H (checked against the host key's
 * signature), the session id (H of the first exchange) and every key of RFC 4253 §7.2.
 *
 * <pre>{@code
 * TransportConfig.client().keyLog(line -> Files.writeString(log, line + "\n", APPEND, CREATE));
 * }</pre>
 */
@FunctionalInterface
public interface KeyLog {
    void write(String line);
}
