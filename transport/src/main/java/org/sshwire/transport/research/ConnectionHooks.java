package org.sshwire.transport.research;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.sshwire.transport.ConnectionInfo;
import org.sshwire.transport.Direction;
import org.sshwire.transport.KeyLog;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.WireFormatException;

/**
 * The research hooks and policies of one connection (DESIGN §5; unstable API), at three levels:
 * <ul>
 *   <li><b>wire</b>: each binary packet as its sealed bytes, with its sequence number — inbound
 *       before it is opened, outbound after it is sealed; packets in either direction can be
 *       dropped, replaced, held back (return nothing now, return the held buffer with a later
 *       packet) or accompanied by injected bytes;</li>
 *   <li><b>payload</b>: each plaintext payload (message number and body), which interceptors can
 *       drop, replace, duplicate, hold back or inject around, in both directions;</li>
 *   <li><b>message</b>: each payload decoded to its message record ({@link KexInit}, the
 *       authentication and connection protocol records when the connection module installs its
 *       decoder), or the raw {@link Payload} when it is not one we decode.</li>
 * </ul>
 * Every hook receives the connection's {@link ConnectionInfo} as known at that moment (id and
 * addresses from the start, versions and the session id once known). Hooks run on the
 * connection's I/O path under its lock: they must not block. A hook that throws is logged and
 * ends only its own connection, with DISCONNECT BY_APPLICATION; no hook of that connection is
 * called again. With no hooks installed the engine does no work for them at all.
 *
 * <p>Give a server or client a function from the opening connection to its hooks, and each
 * connection gets its own:
 *
 * <pre>{@code
 * SshServer.builder().research(info -> ConnectionHooks.builder()
 *         .wireObserver((c, dir, seq, sealed) -> log.println(c.id() + " " + dir + " #" + seq + " " + sealed.remaining()))
 *         .messageObserver((c, dir, seq, m) -> log.println(c.id() + " " + dir + " " + m))
 *         .policy(TransportPolicy.builder().cookie(Bytes.fromHex("00112233445566778899aabbccddeeff")).build())
 *         .build());
 * }</pre>
 */
public final class ConnectionHooks {
    /** No hooks and the default policy. */
    public static final ConnectionHooks NONE = builder().build();

    /** Sees each packet's sealed bytes (a read-only view, valid during the call only). */
    @FunctionalInterface
    public interface WireObserver {
        void onPacket(ConnectionInfo connection, Direction direction, int sequence, ByteBuffer sealed);
    }

    /**
     * Rewrites sealed packets: return {@code List.of(sealed)} to pass a packet, an empty list to
     * drop (or hold back) it, other bytes to replace it, or several buffers to inject bytes before
     * or after it; a held-back buffer is released by returning it with a later packet. Returned
     * buffers are used from their position to their limit and never reused by the engine.
     * Outbound the bytes go to the socket as given. Inbound they are read in the packet's place,
     * before anything that arrived after it, and not shown to the wire hooks again; the packet's
     * length was already decrypted to find its end, which for CTR and CBC without EtM moved the
     * cipher on, as for a receiver whose stream was tampered with (chacha20-poly1305, AES-GCM and
     * the EtM MACs keep the length in a form that leaves the cipher untouched).
     */
    @FunctionalInterface
    public interface WireInterceptor {
        List<ByteBuffer> intercept(ConnectionInfo connection, Direction direction, int sequence, ByteBuffer sealed);
    }

    /** Sees each plaintext payload: inbound after interception, outbound before framing. */
    @FunctionalInterface
    public interface PayloadObserver {
        void onPayload(ConnectionInfo connection, Direction direction, int sequence, Payload payload);
    }

    /**
     * Rewrites payloads on their way in (after opening) or out (before framing): return the payload
     * unchanged to pass it, an empty list to drop it, another to replace it, several to duplicate
     * it or inject others. Interceptors run in the order they were added.
     */
    @FunctionalInterface
    public interface PayloadInterceptor {
        List<Payload> intercept(ConnectionInfo connection, Direction direction, Payload payload);
    }

    /** Sees each message as its decoded record, or as the raw {@link Payload} when not decoded. */
    @FunctionalInterface
    public interface MessageObserver {
        void onMessage(ConnectionInfo connection, Direction direction, int sequence, Record message);
    }

    /**
     * Turns a payload into its message record, or returns the payload itself when it is not one
     * this decoder knows or it is malformed. One decoder per connection: it may keep state (the
     * authentication method in progress gives numbers 60 and 61 their meaning, RFC 4252 §7).
     */
    @FunctionalInterface
    public interface MessageDecoder {
        Record decode(Direction direction, Payload payload);
    }

    private final List<WireObserver> wireObservers;
    private final List<WireInterceptor> wireInterceptors;
    private final List<PayloadObserver> payloadObservers;
    private final List<PayloadInterceptor> payloadInterceptors;
    private final List<MessageObserver> messageObservers;
    private final Supplier<MessageDecoder> decoder;
    private final TransportPolicy policy;
    private final KeyLog keyLog;
    private final SecureRandom randomness;

    private ConnectionHooks(Builder b) {
        keyLog = b.keyLog;
        randomness = b.randomness;
        wireObservers = List.copyOf(b.wireObservers);
        wireInterceptors = List.copyOf(b.wireInterceptors);
        payloadObservers = List.copyOf(b.payloadObservers);
        payloadInterceptors = List.copyOf(b.payloadInterceptors);
        messageObservers = List.copyOf(b.messageObservers);
        decoder = b.decoder;
        policy = b.policy;
    }

    private ConnectionHooks(ConnectionHooks h, Supplier<MessageDecoder> decoder) {
        wireObservers = h.wireObservers;
        wireInterceptors = h.wireInterceptors;
        payloadObservers = h.payloadObservers;
        payloadInterceptors = h.payloadInterceptors;
        messageObservers = h.messageObservers;
        this.decoder = decoder;
        policy = h.policy;
        keyLog = h.keyLog;
        randomness = h.randomness;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<WireObserver> wireObservers() {
        return wireObservers;
    }

    public List<WireInterceptor> wireInterceptors() {
        return wireInterceptors;
    }

    public List<PayloadObserver> payloadObservers() {
        return payloadObservers;
    }

    public List<PayloadInterceptor> payloadInterceptors() {
        return payloadInterceptors;
    }

    public List<MessageObserver> messageObservers() {
        return messageObservers;
    }

    public TransportPolicy policy() {
        return policy;
    }

    /** This connection's own key log, written beside the server's or client's; null if none. */
    public KeyLog keyLog() {
        return keyLog;
    }

    /** Where this connection draws all its randomness instead of the crypto backend; null for the backend's. */
    public SecureRandom randomness() {
        return randomness;
    }

    /** A fresh decoder for one connection: the one given to the builder, else the transport's. */
    public MessageDecoder newDecoder() {
        return decoder != null ? decoder.get() : ConnectionHooks::decodeTransport;
    }

    /**
     * These hooks with {@code decoder} when none was given; the connection module installs its
     * decoder of authentication and connection messages this way.
     */
    public ConnectionHooks withDefaultDecoder(Supplier<MessageDecoder> fallback) {
        return decoder != null ? this : new ConnectionHooks(this, Objects.requireNonNull(fallback));
    }

    /** These hooks followed by {@code more}'s (this one's policy and decoder). */
    public ConnectionHooks and(ConnectionHooks more) {
        Builder b = builder().policy(policy);
        wireObservers.forEach(b::wireObserver);
        more.wireObservers.forEach(b::wireObserver);
        wireInterceptors.forEach(b::wireInterceptor);
        more.wireInterceptors.forEach(b::wireInterceptor);
        payloadObservers.forEach(b::payloadObserver);
        more.payloadObservers.forEach(b::payloadObserver);
        payloadInterceptors.forEach(b::payloadInterceptor);
        more.payloadInterceptors.forEach(b::payloadInterceptor);
        messageObservers.forEach(b::messageObserver);
        more.messageObservers.forEach(b::messageObserver);
        if (decoder != null) {
            b.messageDecoder(decoder);
        }
        if (keyLog != null && more.keyLog != null) {
            KeyLog first = keyLog;
            KeyLog second = more.keyLog;
            b.keyLog(line -> {
                first.write(line);
                second.write(line);
            });
        } else if (keyLog != null || more.keyLog != null) {
            b.keyLog(keyLog != null ? keyLog : more.keyLog);
        }
        if (randomness != null || more.randomness != null) {
            b.randomness(randomness != null ? randomness : more.randomness);
        }
        return b.build();
    }

    /** True when no hook is installed and the policy is the default. */
    public boolean isEmpty() {
        return wireObservers.isEmpty() && wireInterceptors.isEmpty() && payloadObservers.isEmpty()
                && payloadInterceptors.isEmpty() && messageObservers.isEmpty() && policy.isDefault()
                && keyLog == null && randomness == null;
    }

    /** The transport's own decoding: KEXINIT as {@link KexInit}; anything else stays a payload. */
    public static Record decodeTransport(Direction direction, Payload p) {
        if (p.msgId() == MessageNumbers.SSH_MSG_KEXINIT) {
            try {
                return KexInit.decode(p);
            } catch (WireFormatException e) {
                return p;
            }
        }
        return p;
    }

    /** Collects hooks; each kind runs in the order added. */
    public static final class Builder {
        private final List<WireObserver> wireObservers = new ArrayList<>();
        private final List<WireInterceptor> wireInterceptors = new ArrayList<>();
        private final List<PayloadObserver> payloadObservers = new ArrayList<>();
        private final List<PayloadInterceptor> payloadInterceptors = new ArrayList<>();
        private final List<MessageObserver> messageObservers = new ArrayList<>();
        private Supplier<MessageDecoder> decoder;
        private TransportPolicy policy = TransportPolicy.DEFAULT;
        private KeyLog keyLog;
        private SecureRandom randomness;

        private Builder() {
        }

        /** Writes this connection's key log lines (see {@link KeyLog}) here, beside any shared key log. */
        public Builder keyLog(KeyLog k) {
            keyLog = Objects.requireNonNull(k);
            return this;
        }

        /**
         * Draws all of this connection's randomness (cookies, padding, ephemeral keys, KEM
         * encapsulation) from {@code r}: a {@link SeededRandom} makes a connection reproducible,
         * and {@link SessionRecorder} records the draws so a replay can repeat them.
         */
        public Builder randomness(SecureRandom r) {
            randomness = Objects.requireNonNull(r);
            return this;
        }

        public Builder wireObserver(WireObserver o) {
            wireObservers.add(Objects.requireNonNull(o));
            return this;
        }

        public Builder wireInterceptor(WireInterceptor i) {
            wireInterceptors.add(Objects.requireNonNull(i));
            return this;
        }

        public Builder payloadObserver(PayloadObserver o) {
            payloadObservers.add(Objects.requireNonNull(o));
            return this;
        }

        public Builder payloadInterceptor(PayloadInterceptor i) {
            payloadInterceptors.add(Objects.requireNonNull(i));
            return this;
        }

        public Builder messageObserver(MessageObserver o) {
            messageObservers.add(Objects.requireNonNull(o));
            return this;
        }

        /** How payloads become message records for {@link MessageObserver}s; one decoder per connection. */
        public Builder messageDecoder(Supplier<MessageDecoder> d) {
            decoder = Objects.requireNonNull(d);
            return this;
        }

        /** The connection's {@link TransportPolicy}: KEXINIT, padding, rekey, message numbers... */
        public Builder policy(TransportPolicy p) {
            policy = Objects.requireNonNull(p);
            return this;
        }

        public ConnectionHooks build() {
            return new ConnectionHooks(this);
        }
    }
}
