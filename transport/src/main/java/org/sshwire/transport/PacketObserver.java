package org.sshwire.transport;

import org.sshwire.transport.wire.Payload;

/**
 * Research surface (DESIGN §5, unstable): sees every plaintext payload with its direction and
 * sequence number, after interception inbound and before framing outbound. Must not block. If it
 * throws, the exception is logged and only this connection ends, with DISCONNECT BY_APPLICATION;
 * no hook of that connection is called again.
 *
 * <pre>{@code
 * config.observer((dir, seq, p) -> System.out.println(dir + " #" + seq + " " + p));
 * }</pre>
 */
@FunctionalInterface
public interface PacketObserver {
    void onPayload(Direction direction, int sequence, Payload payload);
}
