package org.sshwire.transport.research;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.TransportException;
import org.sshwire.transport.internal.VersionExchange;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.internal.kex.KexAlgorithm;
import org.sshwire.transport.internal.kex.KexContext;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.internal.kex.KexNegotiator;
import org.sshwire.transport.internal.kex.KexResult;
import org.sshwire.transport.kex.Negotiated;
import org.sshwire.transport.kex.RecordedKeyExchange;
import org.sshwire.transport.internal.kex.SessionKeys;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.internal.packet.CipherAlgorithm;
import org.sshwire.transport.internal.packet.CompressionAlgorithm;
import org.sshwire.transport.internal.packet.MacAlgorithm;
import org.sshwire.transport.internal.packet.PacketDeframer;
import org.sshwire.transport.internal.packet.PacketProtection;
import org.sshwire.transport.internal.packet.ZlibDecompressor;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/**
 * Offline decoder for a recorded SSH session (research surface, DESIGN §5; unstable): given both
 * byte streams and one side's ephemeral key exchange secret, it recomputes K and H, verifies the
 * host key's signature over H, derives the keys, and decrypts and authenticates every packet of
 * both directions, with any cipher sshwire implements (CBC included: each direction is decoded
 * in order, so the chaining is followed) and with compression: {@code zlib} from the first
 * encrypted packet, {@code zlib@openssh.com} in the server's direction from the packet after its
 * USERAUTH_SUCCESS, and in the client's direction from the packet after the request that success
 * answered (every USERAUTH_REQUEST or INFO_RESPONSE gets exactly one FAILURE, SUCCESS or
 * message 60 in reply, in order, RFC 4252 §5 and RFC 4256 §3). It stops at a rekey, whose secrets
 * a key log line for the first exchange does not give.
 *
 * <pre>{@code
 * SessionDecoder.Transcript t = SessionDecoder.transcript(c2s, s2c);
 * SessionDecoder.Session s = SessionDecoder.decode(t, true, new RecordedKeyExchange.X25519Key(priv), crypto);
 * s.packets().forEach(System.out::println);
 * }</pre>
 */
public final class SessionDecoder {
    private SessionDecoder() {
    }

    /** Which way a recorded packet went. */
    public enum Flow { CLIENT_TO_SERVER, SERVER_TO_CLIENT }

    /** One decrypted, authenticated packet. */
    public record Packet(Flow flow, int sequence, Payload payload) {
        @Override
        public String toString() {
            return (flow == Flow.CLIENT_TO_SERVER ? "C>S" : "S>C") + " #" + sequence + " "
                    + MessageNumbers.name(payload.msgId()) + " " + payload.body().length() + " bytes";
        }
    }

    /** The cleartext opening of a session: versions, both KEXINITs, both sides' kex messages. */
    public record Transcript(String clientVersion, String serverVersion, Payload clientKexInit, Payload serverKexInit,
                             Negotiated algorithms, List<Payload> clientKex, List<Payload> serverKex,
                             Side client, Side server) {
    }

    /** A decoded session. {@code stoppedAt} says where decoding ended early (a rekey), or is null. */
    public record Session(Transcript transcript, Bytes sessionId, SshPublicKey hostKey, List<Packet> packets,
                          String stoppedAt) {
    }

    /** One direction's stream, as far as it has been read. */
    public static final class Side {
        final ByteBuffer bytes;
        final PacketDeframer deframer = new PacketDeframer();
        final Flow flow;
        final List<Packet> cleartext = new ArrayList<>();
        boolean sawNewKeys;
        CompressionAlgorithm compression = CompressionAlgorithm.NONE;
        ZlibDecompressor inflater;
        /** Server's direction: replies to authentication requests so far, and which one was SUCCESS. */
        int authReplies;
        int successReply = -1;
        /** Client's direction, delayed compression: the request after which it starts (-1: unknown yet). */
        int compressAfterRequest = -1;
        int requests;

        Side(byte[] bytes, Flow flow) {
            this.bytes = ByteBuffer.wrap(bytes);
            this.flow = flow;
        }

        Payload next() {
            while (bytes.hasRemaining()) {
                int seq = deframer.sequence();
                Bytes raw = deframer.poll(bytes);
                if (raw != null) {
                    if (inflater != null) {
                        raw = inflater.decompress(raw);
                    }
                    Payload p = Payload.parse(raw);
                    cleartext.add(new Packet(flow, seq, p));
                    delayedCompression(p.msgId());
                    return p;
                }
            }
            return null;
        }

        /** Starts zlib@openssh.com where the peers did (see the class comment). */
        private void delayedCompression(int id) {
            if (!sawNewKeys || !compression.delayed() || inflater != null) {
                return;
            }
            if (flow == Flow.SERVER_TO_CLIENT) {
                if (id == MessageNumbers.SSH_MSG_USERAUTH_FAILURE || id == MessageNumbers.SSH_MSG_USERAUTH_SUCCESS || id == 60) {
                    authReplies++;
                }
                if (id == MessageNumbers.SSH_MSG_USERAUTH_SUCCESS) {
                    successReply = authReplies;
                    inflater = new ZlibDecompressor(PacketDeframer.DEFAULT_MAX_PACKET_LENGTH);
                }
            } else if (id == MessageNumbers.SSH_MSG_USERAUTH_REQUEST || id == 61) {
                requests++;
                if (requests == compressAfterRequest) {
                    inflater = new ZlibDecompressor(PacketDeframer.DEFAULT_MAX_PACKET_LENGTH);
                }
            }
        }
    }

    /** Reads the cleartext part of both streams up to each side's NEWKEYS. */
    public static Transcript transcript(byte[] clientToServer, byte[] serverToClient) {
        Side c = new Side(clientToServer, Flow.CLIENT_TO_SERVER);
        Side s = new Side(serverToClient, Flow.SERVER_TO_CLIENT);
        String vc = version(c, false);
        String vs = version(s, true);
        Payload ic = expect(c.next(), MessageNumbers.SSH_MSG_KEXINIT, "client KEXINIT");
        Payload is = expect(s.next(), MessageNumbers.SSH_MSG_KEXINIT, "server KEXINIT");
        Negotiated n = KexNegotiator.negotiate(KexInit.decode(ic), KexInit.decode(is), name -> {
            CipherAlgorithm a = CipherAlgorithm.byName(name);
            return a != null && a.isAead();
        });
        return new Transcript(vc, vs, ic, is, n, kexMessages(c), kexMessages(s), c, s);
    }

    /** Decodes the whole session with one side's secret. */
    public static Session decode(Transcript t, boolean secretIsClients, RecordedKeyExchange.Secret secret,
                                 CryptoBackend crypto) {
        Negotiated n = t.algorithms();
        KexAlgorithm alg = KexAlgorithm.byName(n.kex());
        if (alg == null) {
            throw new IllegalArgumentException("unsupported key exchange " + n.kex());
        }
        SignatureAlgorithm hostAlg = SignatureAlgorithm.byName(n.hostKey());
        KexContext ctx = new KexContext(secretIsClients, t.clientVersion(), t.serverVersion(),
                t.clientKexInit().toBytes(), t.serverKexInit().toBytes(), crypto, null, hostAlg, 0);
        KexResult r = RecordedKeyExchange.recompute(alg, ctx, t.clientKex(), t.serverKex(), secretIsClients, secret);
        SshPublicKey hostKey = SshPublicKey.parse(r.hostKeyBlob());
        if (!hostKey.verify(hostAlg, r.signature(), r.h(), crypto)) {
            throw new TransportException(DisconnectReason.KEY_EXCHANGE_FAILED, "host key signature over H does not verify");
        }
        CipherAlgorithm cC2S = CipherAlgorithm.byName(n.cipherClientToServer());
        CipherAlgorithm cS2C = CipherAlgorithm.byName(n.cipherServerToClient());
        MacAlgorithm mC2S = MacAlgorithm.byName(n.macClientToServer());
        MacAlgorithm mS2C = MacAlgorithm.byName(n.macServerToClient());
        SessionKeys keys = SessionKeys.derive(crypto, alg.hash(), r.encodedK(), r.h(), r.h(), cC2S, mC2S, cS2C, mS2C);
        Side c = t.client();
        Side s = t.server();
        c.deframer.setOpener(PacketProtection.opener(crypto, cC2S, mC2S, keys.clientToServer()));
        s.deframer.setOpener(PacketProtection.opener(crypto, cS2C, mS2C, keys.serverToClient()));
        if (n.strictKex()) {
            c.deframer.resetSequence();
            s.deframer.resetSequence();
        }
        c.compression = compression(n.compressionClientToServer());
        s.compression = compression(n.compressionServerToClient());
        for (Side side : List.of(c, s)) {
            if (side.compression.zlib() && !side.compression.delayed()) {
                side.inflater = new ZlibDecompressor(PacketDeframer.DEFAULT_MAX_PACKET_LENGTH);
            }
        }
        int cleartextC = c.cleartext.size();
        int cleartextS = s.cleartext.size();
        String stopped = null;
        // The server's direction first: where it answered with SUCCESS tells where the client's
        // delayed compression began.
        for (Side side : List.of(s, c)) {
            if (side == c) {
                c.compressAfterRequest = s.successReply;
            }
            if (!side.sawNewKeys) {
                stopped = side.flow + ": ends before NEWKEYS";
                continue;
            }
            try {
                for (Payload p; (p = side.next()) != null; ) {
                    if (p.msgId() == MessageNumbers.SSH_MSG_KEXINIT) {
                        stopped = side.flow + ": rekey (its secrets are not known)";
                        break;
                    }
                }
            } catch (ZlibDecompressor.CompressionException e) {
                stopped = side.flow + ": cannot inflate a " + side.compression + " packet: " + e.getMessage();
            }
            if (side.deframer.discarding() && stopped == null) {
                stopped = side.flow + ": a CBC packet failed its checks (the rest of the stream was discarded, as a peer would)";
            } else if (side.deframer.buffered() > 0 && stopped == null) {
                stopped = side.flow + ": stream ends inside a packet";
            }
        }
        List<Packet> packets = new ArrayList<>(c.cleartext.subList(0, cleartextC));
        packets.addAll(s.cleartext.subList(0, cleartextS));
        packets.addAll(c.cleartext.subList(cleartextC, c.cleartext.size()));
        packets.addAll(s.cleartext.subList(cleartextS, s.cleartext.size()));
        return new Session(t, Bytes.of(r.h()), hostKey, List.copyOf(packets), stopped);
    }

    private static CompressionAlgorithm compression(String name) {
        CompressionAlgorithm a = CompressionAlgorithm.byName(name);
        if (a == null) {
            throw new IllegalArgumentException("unsupported compression method " + name);
        }
        return a;
    }

    private static String version(Side side, boolean peerIsServer) {
        VersionExchange v = new VersionExchange(peerIsServer);
        if (!v.receive(side.bytes)) {
            throw new IllegalArgumentException(side.flow + ": no identification line");
        }
        return v.identification();
    }

    private static Payload expect(Payload p, int msgId, String what) {
        if (p == null || p.msgId() != msgId) {
            throw new IllegalArgumentException("expected " + what + ", found " + (p == null ? "end of stream" : p));
        }
        return p;
    }

    /**
     * The key exchange method's messages up to NEWKEYS. A stream may end before NEWKEYS (an
     * aborted session, such as a client that rejected the host key); decoding then stops there.
     */
    private static List<Payload> kexMessages(Side side) {
        List<Payload> out = new ArrayList<>();
        for (Payload p; (p = side.next()) != null; ) {
            if (p.msgId() == MessageNumbers.SSH_MSG_NEWKEYS) {
                side.sawNewKeys = true;
                return out;
            }
            if (p.msgId() >= 30 && p.msgId() <= 49) {
                out.add(p);
            }
        }
        return out;
    }
}
