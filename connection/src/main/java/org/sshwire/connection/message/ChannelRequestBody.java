package org.sshwire.connection.message;

import java.util.Optional;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * Typed request-specific data of CHANNEL_REQUEST: the session requests of RFC 4254 §6, {@code break}
 * (RFC 4335) and OpenSSH's {@code eow@openssh.com} and {@code keepalive@openssh.com}.
 *
 * <pre>{@code
 * ChannelRequestBody b = new ChannelRequestBody.ExitStatus(0);
 * ChannelRequest req = new ChannelRequest(3, b.requestType(), false, b.toBytes());
 * ChannelRequestBody.decode(req.requestType(), req.typeData());   // Optional[ExitStatus[exitStatus=0]]
 * }</pre>
 */
public sealed interface ChannelRequestBody {
    String PTY_REQ = "pty-req";
    String X11_REQ = "x11-req";
    String ENV = "env";
    String SHELL = "shell";
    String EXEC = "exec";
    String SUBSYSTEM = "subsystem";
    String WINDOW_CHANGE = "window-change";
    String XON_XOFF = "xon-xoff";
    String SIGNAL = "signal";
    String EXIT_STATUS = "exit-status";
    String EXIT_SIGNAL = "exit-signal";
    String BREAK = "break";
    String EOW = "eow@openssh.com";
    String KEEPALIVE = "keepalive@openssh.com";
    String AUTH_AGENT_REQ = "auth-agent-req@openssh.com";

    /** The request type this body belongs to. */
    String requestType();

    void encode(SshWriter w);

    default Bytes toBytes() {
        SshWriter w = new SshWriter();
        encode(w);
        return w.toBytes();
    }

    /**
     * Decodes the body of a known request type; empty for other types.
     *
     * @throws org.sshwire.transport.wire.WireFormatException if malformed for the type, or a
     *         {@code pty-req} carries more than {@link TerminalModes#MAX_MODES} modes
     */
    static Optional<ChannelRequestBody> decode(String requestType, Bytes data) {
        SshReader r = new SshReader(data);
        ChannelRequestBody b;
        switch (requestType) {
            case PTY_REQ:
                b = new PtyReq(r.readUtf8(), r.readUint32(), r.readUint32(), r.readUint32(), r.readUint32(),
                        TerminalModes.decode(r.readString()));
                break;
            case X11_REQ: b = new X11Req(r.readBoolean(), r.readUtf8(), r.readUtf8(), r.readUint32()); break;
            case ENV: b = new Env(r.readUtf8(), r.readUtf8()); break;
            case SHELL: b = new Shell(); break;
            case EXEC: b = new Exec(r.readString()); break;
            case SUBSYSTEM: b = new Subsystem(r.readUtf8()); break;
            case WINDOW_CHANGE: b = new WindowChange(r.readUint32(), r.readUint32(), r.readUint32(), r.readUint32()); break;
            case XON_XOFF: b = new XonXoff(r.readBoolean()); break;
            case SIGNAL: b = new Signal(r.readUtf8()); break;
            case EXIT_STATUS: b = new ExitStatus(r.readUint32()); break;
            case EXIT_SIGNAL: b = new ExitSignal(r.readUtf8(), r.readBoolean(), r.readUtf8(), r.readUtf8()); break;
            case BREAK: b = new Break(r.readUint32()); break;
            case EOW: b = new Eow(); break;
            case KEEPALIVE: b = new Keepalive(); break;
            case AUTH_AGENT_REQ: b = new AuthAgentReq(); break;
            default:
                return Optional.empty();
        }
        r.expectEnd();
        return Optional.of(b);
    }

    /**
     * {@code pty-req} (RFC 4254 §6.2): {@code string TERM, uint32 width chars, uint32 height rows,
     * uint32 width pixels, uint32 height pixels, string encoded terminal modes}.
     */
    record PtyReq(String term, long widthChars, long heightRows, long widthPixels, long heightPixels,
            TerminalModes modes) implements ChannelRequestBody {
        public PtyReq {
            Uint32.check(widthChars, "width");
            Uint32.check(heightRows, "height");
            Uint32.check(widthPixels, "width pixels");
            Uint32.check(heightPixels, "height pixels");
        }

        @Override
        public String requestType() {
            return PTY_REQ;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(term).writeUint32(widthChars).writeUint32(heightRows).writeUint32(widthPixels)
                    .writeUint32(heightPixels).writeString(modes.toBytes());
        }
    }

    /**
     * {@code x11-req} (RFC 4254 §6.3.1): {@code boolean single connection, string x11 authentication
     * protocol, string x11 authentication cookie, uint32 x11 screen number}.
     */
    record X11Req(boolean singleConnection, String authProtocol, String authCookie, long screenNumber)
            implements ChannelRequestBody {
        public X11Req {
            Uint32.check(screenNumber, "screen number");
        }

        @Override
        public String requestType() {
            return X11_REQ;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeBoolean(singleConnection).writeUtf8(authProtocol).writeUtf8(authCookie).writeUint32(screenNumber);
        }
    }

    /** {@code env} (RFC 4254 §6.4): {@code string variable name, string variable value}. */
    record Env(String name, String value) implements ChannelRequestBody {
        @Override
        public String requestType() {
            return ENV;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(name).writeUtf8(value);
        }
    }

    /** {@code shell} (RFC 4254 §6.5): no data. */
    record Shell() implements ChannelRequestBody {
        @Override
        public String requestType() {
            return SHELL;
        }

        @Override
        public void encode(SshWriter w) {
        }
    }

    /**
     * {@code exec} (RFC 4254 §6.5): {@code string command}. Kept as bytes: commands need not be
     * UTF-8 and are passed to the shell as they are.
     */
    record Exec(Bytes command) implements ChannelRequestBody {
        @Override
        public String requestType() {
            return EXEC;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeString(command);
        }
    }

    /** {@code subsystem} (RFC 4254 §6.5): {@code string subsystem name}. */
    record Subsystem(String name) implements ChannelRequestBody {
        @Override
        public String requestType() {
            return SUBSYSTEM;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(name);
        }
    }

    /**
     * {@code window-change} (RFC 4254 §6.7): {@code uint32 width columns, uint32 height rows,
     * uint32 width pixels, uint32 height pixels}.
     */
    record WindowChange(long widthChars, long heightRows, long widthPixels, long heightPixels)
            implements ChannelRequestBody {
        public WindowChange {
            Uint32.check(widthChars, "width");
            Uint32.check(heightRows, "height");
            Uint32.check(widthPixels, "width pixels");
            Uint32.check(heightPixels, "height pixels");
        }

        @Override
        public String requestType() {
            return WINDOW_CHANGE;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUint32(widthChars).writeUint32(heightRows).writeUint32(widthPixels).writeUint32(heightPixels);
        }
    }

    /** {@code xon-xoff} (RFC 4254 §6.8): {@code boolean client can do}. */
    record XonXoff(boolean clientCanDo) implements ChannelRequestBody {
        @Override
        public String requestType() {
            return XON_XOFF;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeBoolean(clientCanDo);
        }
    }

    /** {@code signal} (RFC 4254 §6.9): {@code string signal name (without the "SIG" prefix)}. */
    record Signal(String signalName) implements ChannelRequestBody {
        /** The signal names RFC 4254 §6.10 lists; others should carry an "@domain" suffix. */
        public static final java.util.List<String> STANDARD_NAMES = java.util.List.of("ABRT", "ALRM", "FPE", "HUP",
                "ILL", "INT", "KILL", "PIPE", "QUIT", "SEGV", "TERM", "USR1", "USR2");

        @Override
        public String requestType() {
            return SIGNAL;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(signalName);
        }
    }

    /** {@code exit-status} (RFC 4254 §6.10): {@code uint32 exit_status}. */
    record ExitStatus(long exitStatus) implements ChannelRequestBody {
        public ExitStatus {
            Uint32.check(exitStatus, "exit status");
        }

        @Override
        public String requestType() {
            return EXIT_STATUS;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUint32(exitStatus);
        }
    }

    /**
     * {@code exit-signal} (RFC 4254 §6.10): {@code string signal name (without "SIG"), boolean core
     * dumped, string error message (UTF-8), string language tag}.
     */
    record ExitSignal(String signalName, boolean coreDumped, String errorMessage, String languageTag)
            implements ChannelRequestBody {
        @Override
        public String requestType() {
            return EXIT_SIGNAL;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUtf8(signalName).writeBoolean(coreDumped).writeUtf8(errorMessage).writeUtf8(languageTag);
        }
    }

    /** {@code break} (RFC 4335 §3): {@code uint32 break-length in milliseconds}. */
    record Break(long breakLengthMillis) implements ChannelRequestBody {
        public Break {
            Uint32.check(breakLengthMillis, "break length");
        }

        @Override
        public String requestType() {
            return BREAK;
        }

        @Override
        public void encode(SshWriter w) {
            w.writeUint32(breakLengthMillis);
        }
    }

    /**
     * {@code eow@openssh.com} (OpenSSH PROTOCOL §2.1): no data; the sender will write no more to
     * the channel, though it may still read (a half-close in the other sense from EOF).
     */
    record Eow() implements ChannelRequestBody {
        @Override
        public String requestType() {
            return EOW;
        }

        @Override
        public void encode(SshWriter w) {
        }
    }

    /**
     * {@code keepalive@openssh.com}: no data; sent with want-reply to provoke any reply, and
     * answered with CHANNEL_FAILURE as OpenSSH does.
     */
    record Keepalive() implements ChannelRequestBody {
        @Override
        public String requestType() {
            return KEEPALIVE;
        }

        @Override
        public void encode(SshWriter w) {
        }
    }

    /**
     * {@code auth-agent-req@openssh.com} (OpenSSH PROTOCOL §2.1.1 / draft-miller-ssh-agent):
     * no data; asks the server to forward agent connections back over the session.
     */
    record AuthAgentReq() implements ChannelRequestBody {
        @Override
        public String requestType() {
            return AUTH_AGENT_REQ;
        }

        @Override
        public void encode(SshWriter w) {
        }
    }
}
