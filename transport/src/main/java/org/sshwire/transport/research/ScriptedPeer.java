package org.sshwire.transport.research;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sshwire.transport.TransportEngine;
import org.sshwire.transport.TransportEvent;
import org.sshwire.transport.internal.packet.PacketFramer;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/**
 * A hand-driven peer for negative tests (DESIGN §5; unstable API): it writes whatever lines,
 * bytes or cleartext packets a script asks for into one engine, reads back what the engine
 * sent, and reports how the engine ended — "send these payloads, expect those, in this state".
 * It has no keys: it speaks the cleartext part of a connection (identification, KEXINIT, the
 * first key exchange messages), where most hostile input lands. For a peer with keys, use an
 * {@link EnginePair} with {@link ConnectionHooks} and {@link TransportEngine#sendRaw}.
 *
 * <pre>{@code
 * ScriptedPeer peer = ScriptedPeer.against(new TransportEngine(TransportConfig.server(keys).build()))
 *         .hello("curve25519-sha256")                    // identification and a KEXINIT
 *         .expect(MessageNumbers.SSH_MSG_KEXINIT)        // the server's own KEXINIT
 *         .packet(new Payload(30, Bytes.fromHex("00000001ff")));   // a 1-byte public value
 * peer.expectDisconnect(DisconnectReason.KEY_EXCHANGE_FAILED);
 * }</pre>
 */
public final class ScriptedPeer {
    private final TransportEngine engine;
    private final PacketFramer framer = new PacketFramer(new SecureRandom());
    private final ByteArrayOutputStream fromEngine = new ByteArrayOutputStream();
    private final List<Payload> received = new ArrayList<>();
    private int parsed;
    private boolean versionSeen;
    private boolean encrypted;
    private int expected;
    private TransportEvent.Disconnected outcome;

    private ScriptedPeer(TransportEngine engine) {
        this.engine = engine;
    }

    /** A peer of {@code engine}, which it drives. */
    public static ScriptedPeer against(TransportEngine engine) {
        return new ScriptedPeer(engine);
    }

    public TransportEngine engine() {
        return engine;
    }

    /** Feeds bytes to the engine as they are. */
    public ScriptedPeer raw(byte[] bytes) {
        engine.receive(ByteBuffer.wrap(bytes));
        return this;
    }

    /** Feeds a line and CR LF (an identification, or the text allowed before it, RFC 4253 §4.2). */
    public ScriptedPeer line(String text) {
        return raw((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Feeds one cleartext binary packet (RFC 4253 §6) carrying {@code p}, with minimal random padding. */
    public ScriptedPeer packet(Payload p) {
        byte[] b = p.toByteArray();
        return raw(framer.frame(b, 0, b.length));
    }

    /** Feeds {@code k} as a KEXINIT packet. */
    public ScriptedPeer kexInit(KexInit k) {
        return packet(k.toPayload());
    }

    /** Identification {@code SSH-2.0-Scripted_1.0} and a KEXINIT offering just {@code kex} with ordinary other lists. */
    public ScriptedPeer hello(String kex) {
        line("SSH-2.0-Scripted_1.0");
        return kexInit(KexInit.of(Bytes.wrap(new byte[16]), List.of(kex), List.of("ssh-ed25519"),
                List.of("aes128-ctr"), List.of("hmac-sha2-256")));
    }

    /**
     * The payloads the engine sent so far, read from its cleartext packets; reading stops after
     * its NEWKEYS, since what follows is encrypted.
     */
    public List<Payload> received() {
        for (ByteBuffer b; (b = engine.pollTransmit()) != null; ) {
            byte[] a = new byte[b.remaining()];
            b.get(a);
            fromEngine.write(a, 0, a.length);
        }
        byte[] all = fromEngine.toByteArray();
        if (!versionSeen) {
            for (int i = parsed; i < all.length; i++) {
                if (all[i] == '\n') {
                    versionSeen = true;
                    parsed = i + 1;
                    break;
                }
            }
        }
        while (versionSeen && !encrypted && all.length - parsed >= 5) {
            int length = ByteBuffer.wrap(all, parsed, 4).getInt();
            if (length < 5 || all.length - parsed - 4 < length) {
                break;
            }
            int padding = all[parsed + 4] & 0xff;
            Payload p = Payload.parse(Bytes.wrap(Arrays.copyOfRange(all, parsed + 5, parsed + 4 + length - padding)));
            received.add(p);
            parsed += 4 + length;
            encrypted = p.msgId() == MessageNumbers.SSH_MSG_NEWKEYS;
        }
        return List.copyOf(received);
    }

    /**
     * Checks that the engine's next messages (after those already expected) carry these numbers,
     * in order.
     *
     * @throws AssertionError when they do not, naming what came instead
     */
    public ScriptedPeer expect(int... msgIds) {
        List<Payload> all = received();
        for (int id : msgIds) {
            if (expected >= all.size()) {
                throw new AssertionError("expected " + MessageNumbers.name(id) + ", but the engine sent nothing more"
                        + (outcome() != null ? " (" + outcome + ")" : ""));
            }
            Payload p = all.get(expected++);
            if (p.msgId() != id) {
                throw new AssertionError("expected " + MessageNumbers.name(id) + ", got " + MessageNumbers.name(p.msgId()));
            }
        }
        return this;
    }

    /** How the engine ended, or null while it is still open. */
    public TransportEvent.Disconnected outcome() {
        for (TransportEvent e; outcome == null && (e = engine.pollEvent()) != null; ) {
            if (e instanceof TransportEvent.Disconnected d) {
                outcome = d;
            }
        }
        return outcome;
    }

    /**
     * Checks that the engine closed for {@code reason}, and (when it sent one) that its last
     * cleartext message was the DISCONNECT with that reason; returns the outcome.
     *
     * @throws AssertionError otherwise
     */
    public TransportEvent.Disconnected expectDisconnect(DisconnectReason reason) {
        TransportEvent.Disconnected d = outcome();
        if (d == null || d.reason() != reason) {
            throw new AssertionError("expected the engine to disconnect with " + reason + ", but: " + d);
        }
        return d;
    }
}
