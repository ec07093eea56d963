package org.sshwire.connection.message;

import java.util.Optional;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * Typed channel-type-specific data of CHANNEL_OPEN (RFC 4254 §6.1, §6.3.2, §7.2; OpenSSH
 * PROTOCOL §2.4 for streamlocal).
 *
 * <pre>{@code
 * ChannelOpenData d = new ChannelOpenData.DirectTcpip("localhost", 80, "127.0.0.1", 50000);
 * ChannelOpen open = new ChannelOpen(d.channelType(), 0, 65536, 32768, d.toBytes());
 * ChannelOpenData.decode(open.channelType(), open.typeData());   // Optional[DirectTcpip[...]]
 * }</pre>
 */
public sealed interface ChannelOpenData {
    String SESSION = "session";
    String X11 = "x11";
    String DIRECT_TCPIP = "direct-tcpip";
    String FORWARDED_TCPIP = "forwarded-tcpip";
    String DIRECT_STREAMLOCAL = "direct-streamlocal@openssh.com";
    String FORWARDED_STREAMLOCAL = "forwarded-streamlocal@openssh.com";

    /** The channel type this data belongs to. */
    String channelType();

    void encode(SshWriter w);

    default Bytes toBytes() {
        SshWriter w = new SshWriter();
        encode(w);
        return w.toBytes();
    }

    /**
     * Decodes the data for a known channel type; empty for other types.
     *
     * @throws org.sshwire.transport.wire.WireFormatException if the data is malformed for the type
     */
    static Optional<ChannelOpenData> decode(String channelType, Bytes data) {
        SshReader r = new SshReader(data);
        ChannelOpenData d;
        switch (channelType) {
            case SESSION: d = new Session(); break;
            case X11: d = new X11Open(r.readUtf8(), r.readUint32()); break;
            case DIRECT_TCPIP: d = new DirectTcpip(r.readUtf8(), r.readUint32(), r.readUtf8(), r.readUint32()); break;
            case FORWARDED_TCPIP: d = new ForwardedTcpip(r.readUtf8(), r.readUint32(), r.readUtf8(), r.readUint32()); break;
            case DIRECT_STREAMLOCAL: d = new DirectStreamlocal(r.readUtf8(), r.readUtf8(), r.readUint32()); break;
            case FORWARDED_STREAMLOCAL: d = new ForwardedStreamlocal(r.readUtf8(), r.readUtf8()); break;
            default:
                return Optional.empty();
        }
        r.expectEnd();
        return Optional.of(d);
    }

    /** {@code session} (RFC 4254 §6.1): no data. */
    record Session() implements ChannelOpenData {
        @Override
        public String channelType() {
            return SESSION;
        }

        @Override
        public void encode(SshWriter w) {
        }
    }

    /** {@code x11} (RFC 4254 §6.3.2): {@code string originator address, uint32 originator port}. */
    record X11Open(String originatorAddress, long originatorPort) implements ChannelOpenData {
        public X11Open {
            Uint32.check(originatorPort, "originator port");
        }

        @Override
        public String channelType() {
            return X11;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(originatorAddress).writeUint32(originatorPort);
        }
    }

    /**
     * {@code direct-tcpip} (RFC 4254 §7.2): {@code string host to connect, uint32 port to connect,
     * string originator IP address, uint32 originator port}.
     */
    record DirectTcpip(String hostToConnect, long portToConnect, String originatorAddress, long originatorPort)
            implements ChannelOpenData {
        public DirectTcpip {
            Uint32.check(portToConnect, "port to connect");
            Uint32.check(originatorPort, "originator port");
        }

        @Override
        public String channelType() {
            return DIRECT_TCPIP;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(hostToConnect).writeUint32(portToConnect).writeUtf8(originatorAddress).writeUint32(originatorPort);
        }
    }

    /**
     * {@code forwarded-tcpip} (RFC 4254 §7.2): {@code string address that was connected,
     * uint32 port that was connected, string originator IP address, uint32 originator port}.
     */
    record ForwardedTcpip(String connectedAddress, long connectedPort, String originatorAddress, long originatorPort)
            implements ChannelOpenData {
        public ForwardedTcpip {
            Uint32.check(connectedPort, "connected port");
            Uint32.check(originatorPort, "originator port");
        }

        @Override
        public String channelType() {
            return FORWARDED_TCPIP;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(connectedAddress).writeUint32(connectedPort).writeUtf8(originatorAddress).writeUint32(originatorPort);
        }
    }

    /**
     * {@code direct-streamlocal@openssh.com} (OpenSSH PROTOCOL §2.4): {@code string socket path,
     * string reserved, uint32 reserved}.
     */
    record DirectStreamlocal(String socketPath, String reserved, long reservedPort) implements ChannelOpenData {
        public DirectStreamlocal {
            Uint32.check(reservedPort, "reserved");
        }

        @Override
        public String channelType() {
            return DIRECT_STREAMLOCAL;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(socketPath).writeUtf8(reserved).writeUint32(reservedPort);
        }
    }

    /**
     * {@code forwarded-streamlocal@openssh.com} (OpenSSH PROTOCOL §2.4): {@code string socket path,
     * string reserved}.
     */
    record ForwardedStreamlocal(String socketPath, String reserved) implements ChannelOpenData {
        @Override
        public String channelType() {
            return FORWARDED_STREAMLOCAL;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(socketPath).writeUtf8(reserved);
        }
    }
}
