package org.sshwire.transport.internal.kex;

import org.sshwire.transport.wire.Bytes;

/**
 * The outcome of one key exchange.
 *
 * @param encodedK    the shared secret exactly as hashed (mpint, or string for the KEM hybrids)
 * @param h           the exchange hash H
 * @param hostKeyBlob K_S
 * @param signature   the server's signature blob over H; the client must verify it before use
 */
public record KexResult(byte[] encodedK, byte[] h, Bytes hostKeyBlob, Bytes signature) {
    @Override
    public String toString() {
        return "KexResult[H=" + Bytes.of(h) + ", K redacted]";
    }
}
