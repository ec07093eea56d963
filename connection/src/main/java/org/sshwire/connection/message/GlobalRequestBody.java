package org.sshwire.connection.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;
import org.sshwire.transport.wire.WireFormatException;

/**
 * Typed request-specific data of GLOBAL_REQUEST: port forwarding (RFC 4254 §7.1), OpenSSH's
 * streamlocal forwarding, host key rotation and keepalive (OpenSSH PROTOCOL §2.2, §2.5).
 *
 * <pre>{@code
 * GlobalRequestBody b = new GlobalRequestBody.TcpipForward("", 0);
 * new GlobalRequest(b.requestName(), true, b.toBytes());
 * }</pre>
 */
public sealed interface GlobalRequestBody {
    String TCPIP_FORWARD = "tcpip-forward";
    String CANCEL_TCPIP_FORWARD = "cancel-tcpip-forward";
    String STREAMLOCAL_FORWARD = "streamlocal-forward@openssh.com";
    String CANCEL_STREAMLOCAL_FORWARD = "cancel-streamlocal-forward@openssh.com";
    String KEEPALIVE = "keepalive@openssh.com";
    String NO_MORE_SESSIONS = "no-more-sessions@openssh.com";
    String HOSTKEYS = "hostkeys-00@openssh.com";
    String HOSTKEYS_PROVE = "hostkeys-prove-00@openssh.com";

    /** More host keys than this in one hostkeys message are refused as malformed. */
    int MAX_HOST_KEYS = 1024;

    String requestName();

    void encode(SshWriter w);

    default Bytes toBytes() {
        SshWriter w = new SshWriter();
        encode(w);
        return w.toBytes();
    }

    /**
     * Decodes the body of a known request name; empty for others.
     *
     * @throws WireFormatException if malformed for the name
     */
    static Optional<GlobalRequestBody> decode(String requestName, Bytes data) {
        SshReader r = new SshReader(data);
        GlobalRequestBody b;
        switch (requestName) {
            case TCPIP_FORWARD: b = new TcpipForward(r.readUtf8(), r.readUint32()); break;
            case CANCEL_TCPIP_FORWARD: b = new CancelTcpipForward(r.readUtf8(), r.readUint32()); break;
            case STREAMLOCAL_FORWARD: b = new StreamlocalForward(r.readUtf8()); break;
            case CANCEL_STREAMLOCAL_FORWARD: b = new CancelStreamlocalForward(r.readUtf8()); break;
            case KEEPALIVE: b = new Keepalive(); break;
            case NO_MORE_SESSIONS: b = new NoMoreSessions(); break;
            case HOSTKEYS: b = new HostKeys(readKeys(r)); break;
            case HOSTKEYS_PROVE: b = new HostKeysProve(readKeys(r)); break;
            default:
                return Optional.empty();
        }
        r.expectEnd();
        return Optional.of(b);
    }

    private static List<Bytes> readKeys(SshReader r) {
        List<Bytes> keys = new ArrayList<>();
        while (r.hasRemaining()) {
            if (keys.size() == MAX_HOST_KEYS) {
                throw new WireFormatException(r.position(), "more than " + MAX_HOST_KEYS + " host keys");
            }
            keys.add(r.readString());
        }
        return keys;
    }

    private static void writeKeys(SshWriter w, List<Bytes> keys) {
        for (Bytes k : keys) {
            w.writeString(k);
        }
    }

    /**
     * {@code tcpip-forward} (RFC 4254 §7.1): {@code string address to bind, uint32 port to bind};
     * for port 0 the success reply carries the bound port, see {@link #boundPort(RequestSuccess)}.
     */
    record TcpipForward(String bindAddress, long bindPort) implements GlobalRequestBody {
        public TcpipForward {
            Uint32.check(bindPort, "port");
        }

        @Override
        public String requestName() {
            return TCPIP_FORWARD;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(bindAddress).writeUint32(bindPort);
        }

        /** RFC 4254 §7.1: the REQUEST_SUCCESS data {@code uint32 port that was bound}. */
        public static Bytes boundPortReply(long port) {
            return new SshWriter().writeUint32(Uint32.check(port, "port")).toBytes();
        }

        /** The port in a REQUEST_SUCCESS for a port-0 request. */
        public static long boundPort(RequestSuccess reply) {
            SshReader r = new SshReader(reply.data());
            long port = r.readUint32();
            r.expectEnd();
            return port;
        }
    }

    /** {@code cancel-tcpip-forward} (RFC 4254 §7.1): {@code string address, uint32 port}. */
    record CancelTcpipForward(String bindAddress, long bindPort) implements GlobalRequestBody {
        public CancelTcpipForward {
            Uint32.check(bindPort, "port");
        }

        @Override
        public String requestName() {
            return CANCEL_TCPIP_FORWARD;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(bindAddress).writeUint32(bindPort);
        }
    }

    /** {@code streamlocal-forward@openssh.com} (OpenSSH PROTOCOL §2.4): {@code string socket path}. */
    record StreamlocalForward(String socketPath) implements GlobalRequestBody {
        @Override
        public String requestName() {
            return STREAMLOCAL_FORWARD;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(socketPath);
        }
    }

    /** {@code cancel-streamlocal-forward@openssh.com} (OpenSSH PROTOCOL §2.4): {@code string socket path}. */
    record CancelStreamlocalForward(String socketPath) implements GlobalRequestBody {
        @Override
        public String requestName() {
            return CANCEL_STREAMLOCAL_FORWARD;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(socketPath);
        }
    }

    /** {@code keepalive@openssh.com}: no data; OpenSSH answers it with REQUEST_FAILURE. */
    record Keepalive() implements GlobalRequestBody {
        @Override
        public String requestName() {
            return KEEPALIVE;
        }

        @Override
        public void encode(SshWriter w) {
        }
    }

    /** {@code no-more-sessions@openssh.com} (OpenSSH PROTOCOL §2.2): no data. */
    record NoMoreSessions() implements GlobalRequestBody {
        @Override
        public String requestName() {
            return NO_MORE_SESSIONS;
        }

        @Override
        public void encode(SshWriter w) {
        }
    }

    /**
     * {@code hostkeys-00@openssh.com} (OpenSSH PROTOCOL §2.5): the server's host key blobs, each a
     * {@code string}, sent without want-reply after authentication.
     */
    record HostKeys(List<Bytes> keys) implements GlobalRequestBody {
        public HostKeys {
            keys = List.copyOf(keys);
        }

        @Override
        public String requestName() {
            return HOSTKEYS;
        }

        @Override
        public void encode(SshWriter w) {
            writeKeys(w, keys);
        }
    }

    /**
     * {@code hostkeys-prove-00@openssh.com} (OpenSSH PROTOCOL §2.5): the client asks the server to
     * prove possession of these keys; the success reply carries one signature per key.
     */
    record HostKeysProve(List<Bytes> keys) implements GlobalRequestBody {
        public HostKeysProve {
            keys = List.copyOf(keys);
        }

        @Override
        public String requestName() {
            return HOSTKEYS_PROVE;
        }

        @Override
        public void encode(SshWriter w) {
            writeKeys(w, keys);
        }

        /**
         * OpenSSH PROTOCOL §2.5: what the server signs with each requested key:
         * {@code string "hostkeys-prove-00@openssh.com", string session identifier, string hostkey}.
         */
        public static byte[] signedData(Bytes sessionId, Bytes hostKeyBlob) {
            return new SshWriter().writeUtf8(HOSTKEYS_PROVE).writeString(sessionId).writeString(hostKeyBlob)
                    .toBytes().toArray();
        }

        /** OpenSSH PROTOCOL §2.5: the REQUEST_SUCCESS data, {@code string[] signatures} in request order. */
        public static Bytes proofsReply(List<Bytes> signatures) {
            SshWriter w = new SshWriter();
            writeKeys(w, signatures);
            return w.toBytes();
        }

        /**
         * The signatures in a REQUEST_SUCCESS reply, in request order.
         *
         * @throws WireFormatException if malformed or longer than {@link #MAX_HOST_KEYS}
         */
        public static List<Bytes> proofs(Bytes replyData) {
            SshReader r = new SshReader(replyData);
            List<Bytes> sigs = readKeys(r);
            r.expectEnd();
            return sigs;
        }
    }
}
