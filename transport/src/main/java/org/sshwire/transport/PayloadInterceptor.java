package org.sshwire.transport;

import java.util.List;
import org.sshwire.transport.wire.Payload;

/**
 * Research surface (DESIGN §5, unstable): rewrites payloads on their way in or out. Return the
 * payload unchanged to pass it, an empty list to drop it, another payload to replace it, or
 * several to duplicate it or inject others after it. Installed interceptors run in order. If one
 * throws, the exception is logged and only this connection ends, with DISCONNECT BY_APPLICATION.
 *
 * <pre>{@code
 * // inject an IGNORE before every outgoing NEWKEYS
 * config.interceptor((dir, p) -> dir == Direction.OUTBOUND && p.msgId() == 21
 *         ? List.of(new Payload(2, Bytes.fromHex("00000000")), p) : List.of(p));
 * }</pre>
 */
@FunctionalInterface
public interface PayloadInterceptor {
    List<Payload> intercept(Direction direction, Payload payload);
}
