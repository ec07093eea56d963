package org.sshwire.transport;

import org.sshwire.transport.wire.Payload;

/**
 * Research surface (DESIGN §5, unstable): sees every plaintext payload with its direction and
 * sequence number, after interception inbound and before framing outbound. Must not block.
 *
 * <pre>{@code
 * config.observer((dir, seq, p) -> System.out.println(dir + " #" + seq + " " + p));
 * }</pre>
 */
@FunctionalInterface
public interface PacketObserver {
    void onPayload(Direction direction, int sequence, Payload payload);
}
