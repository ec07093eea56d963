package org.sshwire.connection.channel;

import org.sshwire.transport.wire.Bytes;

/**
 * The answer to a global request: success and the REQUEST_SUCCESS payload (for
 * {@code tcpip-forward} with port 0, the port the server bound).
 */
public record GlobalReply(boolean success, Bytes data) {
}
