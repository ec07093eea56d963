package org.sshwire.transport.research;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.internal.kex.KexAlgorithm;
import org.sshwire.transport.internal.kex.KexContext;
import org.sshwire.transport.internal.kex.KexResult;
import org.sshwire.transport.internal.kex.SessionKeys;
import org.sshwire.transport.internal.packet.CipherAlgorithm;
import org.sshwire.transport.internal.packet.CompressionAlgorithm;
import org.sshwire.transport.internal.packet.MacAlgorithm;
import org.sshwire.transport.internal.packet.PacketProtection;
import org.sshwire.transport.internal.packet.ZlibDecompressor;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.kex.Negotiated;
import org.sshwire.transport.kex.RecordedKeyExchange;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.WireFormatException;

/**
 * Replays the key exchanges of a recorded session one after another for {@link SessionDecoder}:
 * each exchange's KEXINITs and method messages are decrypted with the keys of the exchange before
 * it, its secret is looked up, and the keys it derives are installed at each direction's NEWKEYS.
 */
final class ExchangeReplay {
    private ExchangeReplay() {
    }

    /** A secret for one exchange and whose it is. */
    record Found(RecordedKeyExchange.Secret secret, boolean isClients) {
    }

    /** Where the secret of exchange {@code number} comes from; null when it is not known. */
    interface Secrets {
        Found find(int number, Bytes clientCookie, Bytes serverCookie, KexAlgorithm alg);
    }

    /** Exchange outcome so far, for the session record. */
    private static final class State {
        Bytes sessionId;
        SshPublicKey hostKey;
        boolean strict;
        String stopped;
        final List<SessionDecoder.Exchange> exchanges = new ArrayList<>();
        final List<SessionDecoder.Packet> packets = new ArrayList<>();
    }

    static Secrets secretsFrom(KeyLogFile log) {
        return (number, clientCookie, serverCookie, alg) -> {
            for (boolean client : new boolean[] {true, false}) {
                KeyLogFile.Entry e = log.find(client ? clientCookie : serverCookie).orElse(null);
                if (e == null) {
                    continue;
                }
                if (e.sharedSecret() != null) {
                    return new Found(new RecordedKeyExchange.SharedSecret(e.sharedSecret().toArray()), client);
                }
                RecordedKeyExchange.Secret fromPrivate = privateKeySecret(alg, e.privateKey());
                if (fromPrivate != null) {
                    return new Found(fromPrivate, client);
                }
            }
            return null;
        };
    }

    /** A Wireshark-style private key line, for the methods where one key decides K. */
    private static RecordedKeyExchange.Secret privateKeySecret(KexAlgorithm alg, Bytes key) {
        if (key == null) {
            return null;
        }
        if (alg == KexAlgorithm.CURVE25519_SHA256 || alg == KexAlgorithm.CURVE25519_SHA256_LIBSSH) {
            return new RecordedKeyExchange.X25519Key(key.toArray());
        }
        if (alg.name().startsWith("ecdh-sha2-")) {
            return new RecordedKeyExchange.EcdhScalar(key.toArray());
        }
        if (alg.name().startsWith("diffie-hellman-")) {
            return new RecordedKeyExchange.DhExponent(new BigInteger(1, key.toArray()));
        }
        return null; // a KEM hybrid: one side's private key alone is not a line we write or read
    }

    static SessionDecoder.Session run(SessionDecoder.Transcript t, Secrets secrets, CryptoBackend crypto) {
        SessionDecoder.Side c = t.client();
        SessionDecoder.Side s = t.server();
        State st = new State();
        st.strict = t.algorithms().strictKex();
        Payload kc = t.clientKexInit();
        Payload ks = t.serverKexInit();
        List<Payload> kexC = t.clientKex();
        List<Payload> kexS = t.serverKex();
        for (int number = 0; ; number++) {
            if (number > 0) {
                SessionDecoder.Side reading = s;
                try {
                    // The server's direction first: where it answered with SUCCESS tells where the
                    // client's delayed compression begins.
                    ks = s.untilKexInit();
                    c.compressAfterRequest = s.successReply;
                    reading = c;
                    kc = c.untilKexInit();
                } catch (RuntimeException e) {
                    st.stopped = stopReason(reading, e);
                    break;
                }
                if (kc == null || ks == null) {
                    if (kc != null || ks != null) {
                        st.stopped = (kc == null ? c.flow : s.flow) + ": ends before its KEXINIT of exchange " + number;
                    }
                    break;
                }
                reading = s;
                try {
                    kexS = s.kexMessages();
                    reading = c;
                    kexC = c.kexMessages();
                } catch (RuntimeException e) {
                    st.stopped = stopReason(reading, e);
                    break;
                }
            }
            String problem = finish(st, number, t, kc, ks, kexC, kexS, secrets, crypto);
            st.packets.addAll(c.flush());
            st.packets.addAll(s.flush());
            if (problem != null) {
                st.stopped = problem;
                break;
            }
        }
        drainAfterStop(c, s, st);
        return new SessionDecoder.Session(t, st.sessionId, st.hostKey, List.copyOf(st.packets), st.stopped,
                List.copyOf(st.exchanges));
    }

    /** Notes in {@code stopped} why a stream that was not fully decoded ended where it did. */
    private static void drainAfterStop(SessionDecoder.Side c, SessionDecoder.Side s, State st) {
        st.packets.addAll(c.flush());
        st.packets.addAll(s.flush());
        if (st.stopped != null) {
            return;
        }
        for (SessionDecoder.Side side : List.of(c, s)) {
            if (side.deframer.discarding()) {
                st.stopped = side.flow + ": a CBC packet failed its checks (the rest of the stream was discarded, as a peer would)";
            } else if (side.deframer.buffered() > 0) {
                st.stopped = side.flow + ": stream ends inside a packet";
            }
        }
    }

    private static String stopReason(SessionDecoder.Side side, RuntimeException e) {
        if (e instanceof ZlibDecompressor.CompressionException) {
            return side.flow + ": cannot inflate a " + side.compression + " packet: " + e.getMessage();
        }
        return side.flow + ": packet " + Integer.toUnsignedLong(side.deframer.sequence()) + " does not open: "
                + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }

    /** Completes exchange {@code number}: K, H, signature, keys; returns why decoding stops, or null. */
    private static String finish(State st, int number, SessionDecoder.Transcript t, Payload kc, Payload ks,
                                 List<Payload> kexC, List<Payload> kexS, Secrets secrets, CryptoBackend crypto) {
        String where = "exchange " + number + ": ";
        Negotiated n = number == 0 ? t.algorithms() : SessionDecoder.negotiate(kc, ks);
        KexInit ic = KexInit.decode(kc);
        KexInit is = KexInit.decode(ks);
        // RFC 4253 §7: a wrong guess is the first method packet after that side's KEXINIT; its peer ignored it.
        kexC = skipWrongGuess(ic, n, kexC);
        kexS = skipWrongGuess(is, n, kexS);
        KexAlgorithm alg = KexAlgorithm.byName(n.kex());
        if (alg == null) {
            return where + "unsupported key exchange " + n.kex();
        }
        SessionDecoder.Side c = t.client();
        SessionDecoder.Side s = t.server();
        if (!c.sawNewKeys && !s.sawNewKeys) {
            // Neither side finished it (the connection closed first): no keys came of it.
            return where + "the session ends before this key exchange completes (" + n.kex() + ")";
        }
        Found found = secrets.find(number, ic.cookie(), is.cookie(), alg);
        if (found == null) {
            return where + "the key log has no line for the client's cookie " + ic.cookie().toHex()
                    + " or the server's cookie " + is.cookie().toHex() + " (" + n.kex() + ")";
        }
        SignatureAlgorithm hostAlg = SignatureAlgorithm.byName(n.hostKey());
        KexContext ctx = new KexContext(found.isClients(), t.clientVersion(), t.serverVersion(), kc.toBytes(), ks.toBytes(),
                crypto, null, hostAlg, 0);
        KexResult r;
        SshPublicKey hostKey;
        try {
            r = RecordedKeyExchange.recompute(alg, ctx, kexC, kexS, found.isClients(), found.secret());
            hostKey = SshPublicKey.parse(r.hostKeyBlob());
        } catch (IllegalArgumentException | WireFormatException | IndexOutOfBoundsException | ClassCastException e) {
            return where + n.kex() + " cannot be recomputed from the recorded messages and the key log: " + e.getMessage();
        }
        if (!hostKey.verify(hostAlg, r.signature(), r.h(), crypto)) {
            return where + "host key signature over H does not verify (a wrong secret?)";
        }
        if (st.sessionId == null) {
            st.sessionId = Bytes.of(r.h());
            st.hostKey = hostKey;
        }
        st.exchanges.add(new SessionDecoder.Exchange(number, n, ic.cookie(), is.cookie(), Bytes.of(r.h())));
        CipherAlgorithm cC2S = CipherAlgorithm.byName(n.cipherClientToServer());
        CipherAlgorithm cS2C = CipherAlgorithm.byName(n.cipherServerToClient());
        MacAlgorithm mC2S = MacAlgorithm.byName(n.macClientToServer());
        MacAlgorithm mS2C = MacAlgorithm.byName(n.macServerToClient());
        CompressionAlgorithm zC2S = CompressionAlgorithm.byName(n.compressionClientToServer());
        CompressionAlgorithm zS2C = CompressionAlgorithm.byName(n.compressionServerToClient());
        if (cC2S == null || cS2C == null || mC2S == null || mS2C == null || zC2S == null || zS2C == null) {
            return where + "unsupported algorithms " + n;
        }
        SessionKeys keys = SessionKeys.derive(crypto, alg.hash(), r.encodedK(), r.h(), st.sessionId.toArray(),
                cC2S, mC2S, cS2C, mS2C);
        if (!c.sawNewKeys || !s.sawNewKeys) {
            return (c.sawNewKeys ? s.flow : c.flow) + ": ends before NEWKEYS";
        }
        c.newKeys(PacketProtection.opener(crypto, cC2S, mC2S, keys.clientToServer()), zC2S, st.strict);
        s.newKeys(PacketProtection.opener(crypto, cS2C, mS2C, keys.serverToClient()), zS2C, st.strict);
        return null;
    }

    private static List<Payload> skipWrongGuess(KexInit init, Negotiated n, List<Payload> messages) {
        return init.firstKexPacketFollows() && n.firstChoicesDiffer() && !messages.isEmpty()
                ? messages.subList(1, messages.size()) : messages;
    }
}
