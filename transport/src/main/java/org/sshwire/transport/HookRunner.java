package org.sshwire.transport;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.research.ConnectionHooks;
import org.sshwire.transport.wire.Payload;

/**
 * Calls one connection's research hooks (DESIGN §5) for {@link TransportEngine}: the
 * configuration's shared observers and interceptors and the connection's own
 * {@link ConnectionHooks}. It exists only when some hook is installed, so a connection without
 * hooks pays one null check per packet. A hook's exception comes out as a {@link Failure}, which
 * the engine turns into DISCONNECT BY_APPLICATION for this connection only.
 */
final class HookRunner {
    /** A hook threw {@link #getCause()}; {@link #getMessage()} names the kind of hook. */
    static final class Failure extends RuntimeException {
        Failure(String hook, Throwable cause) {
            super(hook, cause, false, false);
        }
    }

    private final List<PacketObserver> sharedObservers;
    private final List<PayloadInterceptor> sharedInterceptors;
    private final ConnectionHooks hooks;
    private final ConnectionHooks.MessageDecoder decoder;
    ConnectionInfo info;

    private HookRunner(TransportConfig cfg, ConnectionHooks hooks, ConnectionInfo info) {
        this.sharedObservers = cfg.observers;
        this.sharedInterceptors = cfg.interceptors;
        this.hooks = hooks;
        this.decoder = hooks.messageObservers().isEmpty() ? null : hooks.newDecoder();
        this.info = info;
    }

    /** Null when nothing is installed: the engine then skips every hook call. */
    static HookRunner of(TransportConfig cfg, ConnectionHooks hooks, ConnectionInfo info) {
        boolean none = cfg.observers.isEmpty() && cfg.interceptors.isEmpty() && hooks.wireObservers().isEmpty()
                && hooks.wireInterceptors().isEmpty() && hooks.payloadObservers().isEmpty()
                && hooks.payloadInterceptors().isEmpty() && hooks.messageObservers().isEmpty();
        return none ? null : new HookRunner(cfg, hooks, info);
    }

    boolean seesWire() {
        return !hooks.wireObservers().isEmpty() || !hooks.wireInterceptors().isEmpty();
    }

    boolean seesInboundWire() {
        return seesWire();
    }

    /** The payloads the interceptors make of {@code p}, in order. */
    List<Payload> intercept(Direction d, Payload p) {
        if (sharedInterceptors.isEmpty() && hooks.payloadInterceptors().isEmpty()) {
            return List.of(p);
        }
        List<Payload> current = List.of(p);
        for (PayloadInterceptor i : sharedInterceptors) {
            List<Payload> next = new ArrayList<>();
            for (Payload c : current) {
                next.addAll(call("payload interceptor", () -> i.intercept(d, c)));
            }
            current = next;
        }
        for (ConnectionHooks.PayloadInterceptor i : hooks.payloadInterceptors()) {
            List<Payload> next = new ArrayList<>();
            for (Payload c : current) {
                next.addAll(call("payload interceptor", () -> i.intercept(info, d, c)));
            }
            current = next;
        }
        return current;
    }

    /** Shows {@code p} to payload and message observers. */
    void observe(Direction d, int seq, Payload p) {
        for (PacketObserver o : sharedObservers) {
            run("packet observer", () -> o.onPayload(d, seq, p));
        }
        for (ConnectionHooks.PayloadObserver o : hooks.payloadObservers()) {
            run("payload observer", () -> o.onPayload(info, d, seq, p));
        }
        if (decoder != null) {
            Record m = call("message decoder", () -> decoder.decode(d, p));
            for (ConnectionHooks.MessageObserver o : hooks.messageObservers()) {
                run("message observer", () -> o.onMessage(info, d, seq, m));
            }
        }
    }

    /** Shows a sealed packet to the wire observers. */
    void observeWire(Direction d, int seq, ByteBuffer sealed) {
        for (ConnectionHooks.WireObserver o : hooks.wireObservers()) {
            run("wire observer", () -> o.onPacket(info, d, seq, sealed.asReadOnlyBuffer()));
        }
    }

    /** What the wire interceptors make of one sealed packet (already observed). */
    List<ByteBuffer> interceptWire(Direction d, int seq, ByteBuffer sealed) {
        if (hooks.wireInterceptors().isEmpty()) {
            return List.of(sealed);
        }
        List<ByteBuffer> current = List.of(sealed);
        for (ConnectionHooks.WireInterceptor i : hooks.wireInterceptors()) {
            List<ByteBuffer> next = new ArrayList<>();
            for (ByteBuffer b : current) {
                next.addAll(call("wire interceptor", () -> i.intercept(info, d, seq, b)));
            }
            current = next;
        }
        return current;
    }

    /**
     * A received packet's sealed bytes, before opening: shown to the wire observers, then to the
     * wire interceptors; null when they pass it unchanged, else the bytes to read in its place.
     */
    byte[] inboundWire(int seq, byte[] sealed) {
        observeWire(Direction.INBOUND, seq, ByteBuffer.wrap(sealed));
        ByteBuffer view = ByteBuffer.wrap(sealed).asReadOnlyBuffer();
        List<ByteBuffer> out = interceptWire(Direction.INBOUND, seq, view);
        if (out.size() == 1 && out.get(0) == view && view.position() == 0 && view.limit() == sealed.length) {
            return null;
        }
        java.io.ByteArrayOutputStream instead = new java.io.ByteArrayOutputStream();
        for (ByteBuffer b : out) {
            byte[] a = new byte[b.remaining()];
            b.duplicate().get(a);
            instead.write(a, 0, a.length);
        }
        return instead.toByteArray();
    }

    /** Research: a payload with its message number mapped (mod 256), or as it is when {@code map} is null. */
    static Payload renumber(java.util.function.IntUnaryOperator map, Payload p) {
        if (map == null) {
            return p;
        }
        int n = map.applyAsInt(p.msgId()) & 0xff;
        return n == p.msgId() ? p : new Payload(n, p.body());
    }

    private static <T> T call(String hook, java.util.function.Supplier<T> f) {
        T out;
        try {
            out = f.get();
        } catch (RuntimeException | Error e) {
            throw new Failure(hook, e);
        }
        if (out == null) {
            throw new Failure(hook, new NullPointerException(hook + " returned null"));
        }
        return out;
    }

    private static void run(String hook, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | Error e) {
            throw new Failure(hook, e);
        }
    }
}
