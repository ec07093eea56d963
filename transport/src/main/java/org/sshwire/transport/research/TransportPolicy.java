package org.sshwire.transport.research;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntUnaryOperator;
import org.sshwire.transport.RekeyPolicy;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.Payload;

/**
 * What a researcher may change in how one connection's transport behaves, without forking the
 * engine (DESIGN §5; unstable API). Every knob is off by default, and the default policy changes
 * nothing. Knobs that break the protocol are allowed on purpose: they make a hostile or unusual peer.
 *
 * <pre>{@code
 * TransportPolicy p = TransportPolicy.builder()
 *         .cookie(Bytes.fromHex("00112233445566778899aabbccddeeff"))
 *         .kexInit((ours, initial) -> new KexInit(ours.cookie(), List.of("x-unknown@example.org", "curve25519-sha256"),
 *                 ours.serverHostKeyAlgorithms(), ours.encryptionClientToServer(), ours.encryptionServerToClient(),
 *                 ours.macClientToServer(), ours.macServerToClient(), ours.compressionClientToServer(),
 *                 ours.compressionServerToClient(), ours.languagesClientToServer(), ours.languagesServerToClient(),
 *                 false, 0))
 *         .padding((payloadLength, minimal, block) -> minimal + 2 * block)
 *         .strictKex(false)
 *         .rekey(new RekeyPolicy(0, 100, Duration.ZERO))
 *         .build();
 * }</pre>
 */
public final class TransportPolicy {
    /** Changes nothing. */
    public static final TransportPolicy DEFAULT = builder().build();

    /**
     * Rewrites our KEXINIT before it is sent (RFC 4253 §7.1): any name lists in any order,
     * unknown names, the cookie, {@code first_kex_packet_follows}, the reserved field. What it
     * returns is what is sent, hashed into H and negotiated with; the strict-kex and ext-info
     * markers the engine added are in the lists it is given, to keep or remove.
     */
    @FunctionalInterface
    public interface KexInitRewriter {
        KexInit rewrite(KexInit ours, boolean initialExchange);
    }

    /**
     * The padding length of an outgoing packet (RFC 4253 §6: 4..255 bytes, making the packet a
     * multiple of the cipher block size; {@code minimal} is the smallest such length). Values
     * outside those bounds are sent as asked (the low 8 bits), making packets the peer must refuse.
     */
    @FunctionalInterface
    public interface PaddingPolicy {
        int paddingLength(int payloadLength, int minimal, int blockSize);
    }

    private final KexInitRewriter kexInit;
    private final Bytes cookie;
    private final Payload guessedKexPacket;
    private final PaddingPolicy padding;
    private final int extraPaddingBlocks;
    private final Boolean strictKex;
    private final Map<String, Bytes> extInfo;
    private final RekeyPolicy rekey;
    private final IntUnaryOperator outboundNumbers;
    private final IntUnaryOperator inboundNumbers;

    private TransportPolicy(Builder b) {
        kexInit = b.kexInit;
        cookie = b.cookie;
        guessedKexPacket = b.guessedKexPacket;
        padding = b.padding;
        extraPaddingBlocks = b.extraPaddingBlocks;
        strictKex = b.strictKex;
        extInfo = b.extInfo == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.extInfo));
        rekey = b.rekey;
        outboundNumbers = b.outboundNumbers;
        inboundNumbers = b.inboundNumbers;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Null: send the KEXINIT the engine built. */
    public KexInitRewriter kexInit() {
        return kexInit;
    }

    /** Null: a random cookie (RFC 4253 §7.1). */
    public Bytes cookie() {
        return cookie;
    }

    /** Null: no guessed packet follows our initial KEXINIT. */
    public Payload guessedKexPacket() {
        return guessedKexPacket;
    }

    /** Null: minimal padding (plus {@link #extraPaddingBlocks()}). */
    public PaddingPolicy padding() {
        return padding;
    }

    public int extraPaddingBlocks() {
        return extraPaddingBlocks;
    }

    /** Null: as the transport configuration says (on by default). */
    public Boolean strictKex() {
        return strictKex;
    }

    /** Null: the engine's own EXT_INFO; else exactly these extensions, in this order. */
    public Map<String, Bytes> extInfo() {
        return extInfo;
    }

    /** Null: as the transport configuration says. */
    public RekeyPolicy rekey() {
        return rekey;
    }

    /** Null: message numbers go out as the engine wrote them. */
    public IntUnaryOperator outboundNumbers() {
        return outboundNumbers;
    }

    /** Null: message numbers are read as they arrive. */
    public IntUnaryOperator inboundNumbers() {
        return inboundNumbers;
    }

    /** True when this policy changes nothing. */
    public boolean isDefault() {
        return kexInit == null && cookie == null && guessedKexPacket == null && padding == null
                && extraPaddingBlocks == 0 && strictKex == null && extInfo == null && rekey == null
                && outboundNumbers == null && inboundNumbers == null;
    }

    /** Sets the knobs; each left alone keeps the engine's behaviour. */
    public static final class Builder {
        private KexInitRewriter kexInit;
        private Bytes cookie;
        private Payload guessedKexPacket;
        private PaddingPolicy padding;
        private int extraPaddingBlocks;
        private Boolean strictKex;
        private Map<String, Bytes> extInfo;
        private RekeyPolicy rekey;
        private IntUnaryOperator outboundNumbers;
        private IntUnaryOperator inboundNumbers;

        private Builder() {
        }

        /** Rewrites every KEXINIT we send (the initial one and each rekey's). */
        public Builder kexInit(KexInitRewriter r) {
            kexInit = Objects.requireNonNull(r);
            return this;
        }

        /** The 16-byte cookie of every KEXINIT we send, instead of random bytes. */
        public Builder cookie(Bytes c) {
            if (c.length() != KexInit.COOKIE_LENGTH) {
                throw new IllegalArgumentException("a KEXINIT cookie is 16 bytes, not " + c.length());
            }
            cookie = c;
            return this;
        }

        /**
         * Sets {@code first_kex_packet_follows} in our initial KEXINIT and sends {@code guess} right
         * after it (RFC 4253 §7). When the guess is wrong (the peer's first kex or host key
         * algorithm differs from ours) the peer must ignore it and the exchange goes on; when
         * right, the peer takes it as our first key exchange message, so it must be the one the
         * engine would send, or the exchange fails.
         */
        public Builder guessedKexPacket(Payload guess) {
            guessedKexPacket = Objects.requireNonNull(guess);
            return this;
        }

        /** Chooses each outgoing packet's padding length (see {@link PaddingPolicy}). */
        public Builder padding(PaddingPolicy p) {
            padding = Objects.requireNonNull(p);
            return this;
        }

        /**
         * Adds between 0 and {@code blocks} random extra cipher blocks of padding to each packet,
         * within the 255-byte limit (RFC 4253 §6: padding of random length hides payload lengths).
         */
        public Builder extraPaddingBlocks(int blocks) {
            if (blocks < 0) {
                throw new IllegalArgumentException("negative padding");
            }
            extraPaddingBlocks = blocks;
            return this;
        }

        /** Offers strict kex (OpenSSH PROTOCOL §1.10) or not, for this connection only. */
        public Builder strictKex(boolean on) {
            strictKex = on;
            return this;
        }

        /**
         * The extensions of the EXT_INFO we send (RFC 8308 §2.3), in order: a server sends it
         * after its first NEWKEYS when the client offered ext-info-c, a client (with this set)
         * when the server offered ext-info-s. An empty map sends an EXT_INFO with none.
         */
        public Builder extInfo(Map<String, Bytes> extensions) {
            extInfo = new LinkedHashMap<>(extensions);
            return this;
        }

        /** When this connection re-exchanges keys: bytes, packets, time, or {@link RekeyPolicy#NEVER}. */
        public Builder rekey(RekeyPolicy r) {
            rekey = Objects.requireNonNull(r);
            return this;
        }

        /**
         * Renumbers every payload we send, after the payload hooks saw it: the peer receives
         * message {@code map(n)} where the engine sent {@code n} (values are taken mod 256).
         */
        public Builder outboundNumbers(IntUnaryOperator map) {
            outboundNumbers = Objects.requireNonNull(map);
            return this;
        }

        /**
         * Renumbers every payload we receive before anything else sees it: the engine reads
         * message {@code map(n)} where the peer sent {@code n} (values are taken mod 256).
         */
        public Builder inboundNumbers(IntUnaryOperator map) {
            inboundNumbers = Objects.requireNonNull(map);
            return this;
        }

        public TransportPolicy build() {
            return new TransportPolicy(this);
        }
    }
}
