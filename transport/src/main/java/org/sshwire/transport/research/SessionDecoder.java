package org.sshwire.transport.research;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.internal.VersionExchange;
import org.sshwire.transport.internal.kex.KexNegotiator;
import org.sshwire.transport.internal.packet.CipherAlgorithm;
import org.sshwire.transport.internal.packet.CompressionAlgorithm;
import org.sshwire.transport.internal.packet.PacketDeframer;
import org.sshwire.transport.internal.packet.PacketOpener;
import org.sshwire.transport.internal.packet.ZlibDecompressor;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.kex.Negotiated;
import org.sshwire.transport.kex.RecordedKeyExchange;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/**
 * Offline decoder for a recorded SSH session (research surface, DESIGN §5; unstable): given both
 * byte streams and the secrets of a key log, it recomputes K and H of every key exchange — the
 * first and each rekey, any method including the KEM hybrids — verifies the host key's signature
 * over each H, derives the keys (RFC 4253 §7.2, with the first H as session id), and decrypts and
 * authenticates every packet of both directions with any cipher sshwire implements (CBC
 * included: each direction is decoded in order, so the chaining is followed). Strict kex
 * (OpenSSH PROTOCOL §1.10) restarts both sequence numbers at every NEWKEYS. A wrong
 * {@code first_kex_packet_follows} guess is skipped as the peer skipped it (RFC 4253 §7).
 *
 * <p>Compression: {@code zlib} from the first packet after NEWKEYS; {@code zlib@openssh.com} in
 * the server's direction from the packet after its USERAUTH_SUCCESS, and in the client's
 * direction from the packet after the request that success answered (every USERAUTH_REQUEST or
 * INFO_RESPONSE gets exactly one FAILURE, SUCCESS or message 60 in reply, in order, RFC 4252 §5
 * and RFC 4256 §3). Each NEWKEYS starts a fresh zlib stream where compression is active, as
 * OpenSSH's packet.c does.
 *
 * <pre>{@code
 * KeyLogFile keys = KeyLogFile.parse(Files.readAllLines(keyLog));
 * SessionDecoder.Session s = SessionDecoder.decode(c2s, s2c, keys, CryptoBackend.defaultBackend());
 * s.packets().forEach(System.out::println);
 * if (s.stoppedAt() != null) System.out.println("stopped: " + s.stoppedAt());
 * }</pre>
 */
public final class SessionDecoder {
    private SessionDecoder() {
    }

    /** Which way a recorded packet went. */
    public enum Flow { CLIENT_TO_SERVER, SERVER_TO_CLIENT }

    /**
     * One decrypted, authenticated packet.
     *
     * @param endOffset where the packet ends in its direction's stream (identification line included)
     */
    public record Packet(Flow flow, int sequence, Payload payload, long endOffset) {
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

    /**
     * One completed key exchange.
     *
     * @param number 0 for the first, then one more for each rekey
     */
    public record Exchange(int number, Negotiated algorithms, Bytes clientCookie, Bytes serverCookie, Bytes exchangeHash) {
    }

    /**
     * A decoded session, packets in the order: for each exchange, the client's packets up to its
     * NEWKEYS, then the server's; after the last exchange, the rest of each direction. {@code
     * stoppedAt} says where decoding ended early (a key log without that exchange's secrets, a
     * stream ending inside a packet, a packet that does not authenticate), or is null.
     */
    public record Session(Transcript transcript, Bytes sessionId, SshPublicKey hostKey, List<Packet> packets,
                          String stoppedAt, List<Exchange> exchanges) {
    }

    /** One direction's stream, as far as it has been read. */
    public static final class Side {
        final ByteBuffer bytes;
        final PacketDeframer deframer = new PacketDeframer();
        final Flow flow;
        final List<Packet> cleartext = new ArrayList<>();
        int flushed;
        boolean sawNewKeys;
        CompressionAlgorithm compression = CompressionAlgorithm.NONE;
        ZlibDecompressor inflater;
        /** This direction has passed the point where delayed compression starts. */
        boolean authenticated;
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
                    cleartext.add(new Packet(flow, seq, p, bytes.position()));
                    delayedCompression(p.msgId());
                    return p;
                }
            }
            return null;
        }

        /** The next KEXINIT, decoding the packets before it; null at the end of the stream. */
        Payload untilKexInit() {
            for (Payload p; (p = next()) != null; ) {
                if (p.msgId() == MessageNumbers.SSH_MSG_KEXINIT) {
                    return p;
                }
            }
            return null;
        }

        /**
         * The key exchange method's messages up to NEWKEYS. A stream may end before NEWKEYS (an
         * aborted session, such as a client that rejected the host key); decoding then stops there.
         */
        List<Payload> kexMessages() {
            sawNewKeys = false;
            List<Payload> out = new ArrayList<>();
            for (Payload p; (p = next()) != null; ) {
                if (p.msgId() == MessageNumbers.SSH_MSG_NEWKEYS) {
                    sawNewKeys = true;
                    return out;
                }
                if (p.msgId() >= 30 && p.msgId() <= 49) {
                    out.add(p);
                }
            }
            return out;
        }

        /** NEWKEYS: packets from here on use these keys and this compression, in a fresh zlib stream. */
        void newKeys(PacketOpener opener, CompressionAlgorithm alg, boolean strict) {
            deframer.setOpener(opener);
            if (strict) {
                deframer.resetSequence();
            }
            compression = alg;
            if (inflater != null) {
                inflater.end();
            }
            inflater = alg.activeAfter(authenticated) ? new ZlibDecompressor(PacketDeframer.DEFAULT_MAX_PACKET_LENGTH) : null;
        }

        /** Starts zlib@openssh.com where the peers did (see the class comment). */
        private void delayedCompression(int id) {
            if (authenticated) {
                return;
            }
            if (flow == Flow.SERVER_TO_CLIENT) {
                if (id == MessageNumbers.SSH_MSG_USERAUTH_FAILURE || id == MessageNumbers.SSH_MSG_USERAUTH_SUCCESS || id == 60) {
                    authReplies++;
                }
                if (id == MessageNumbers.SSH_MSG_USERAUTH_SUCCESS) {
                    successReply = authReplies;
                    authenticate();
                }
            } else {
                if (id == MessageNumbers.SSH_MSG_USERAUTH_REQUEST || id == 61) {
                    requests++;
                }
                if (compressAfterRequest > 0 && requests >= compressAfterRequest) {
                    authenticate();
                }
            }
        }

        private void authenticate() {
            authenticated = true;
            if (compression.activeAfter(true) && inflater == null) {
                inflater = new ZlibDecompressor(PacketDeframer.DEFAULT_MAX_PACKET_LENGTH);
            }
        }

        /** The packets decoded since the last call. */
        List<Packet> flush() {
            List<Packet> out = List.copyOf(cleartext.subList(flushed, cleartext.size()));
            flushed = cleartext.size();
            return out;
        }
    }

    /** Reads the cleartext part of both streams up to each side's NEWKEYS. */
    public static Transcript transcript(byte[] clientToServer, byte[] serverToClient) {
        Side c = new Side(clientToServer, Flow.CLIENT_TO_SERVER);
        Side s = new Side(serverToClient, Flow.SERVER_TO_CLIENT);
        String vc = version(c, false);
        String vs = version(s, true);
        Payload ic = expect(c.untilKexInit(), "client KEXINIT");
        Payload is = expect(s.untilKexInit(), "server KEXINIT");
        Negotiated n = negotiate(ic, is);
        return new Transcript(vc, vs, ic, is, n, c.kexMessages(), s.kexMessages(), c, s);
    }

    /**
     * Decodes the whole session, every exchange's secrets looked up in {@code keyLog} by either
     * side's KEXINIT cookie.
     *
     * @throws IllegalArgumentException when the streams do not open as SSH sessions do
     */
    public static Session decode(byte[] clientToServer, byte[] serverToClient, KeyLogFile keyLog, CryptoBackend crypto) {
        return ExchangeReplay.run(transcript(clientToServer, serverToClient), ExchangeReplay.secretsFrom(keyLog), crypto);
    }

    /**
     * Decodes the session with one side's secret for the first exchange; it stops at a rekey,
     * whose secrets this does not have (use {@link #decode(byte[], byte[], KeyLogFile, CryptoBackend)}).
     */
    public static Session decode(Transcript t, boolean secretIsClients, RecordedKeyExchange.Secret secret,
                                 CryptoBackend crypto) {
        return ExchangeReplay.run(t, (number, clientCookie, serverCookie, alg) ->
                number == 0 ? new ExchangeReplay.Found(secret, secretIsClients) : null, crypto);
    }

    static Negotiated negotiate(Payload clientKexInit, Payload serverKexInit) {
        return KexNegotiator.negotiate(KexInit.decode(clientKexInit), KexInit.decode(serverKexInit), name -> {
            CipherAlgorithm a = CipherAlgorithm.byName(name);
            return a != null && a.isAead();
        });
    }

    private static String version(Side side, boolean peerIsServer) {
        VersionExchange v = new VersionExchange(peerIsServer);
        if (!v.receive(side.bytes)) {
            throw new IllegalArgumentException(side.flow + ": no identification line");
        }
        return v.identification();
    }

    private static Payload expect(Payload p, String what) {
        if (p == null) {
            throw new IllegalArgumentException("expected " + what + ", found end of stream");
        }
        return p;
    }
}
