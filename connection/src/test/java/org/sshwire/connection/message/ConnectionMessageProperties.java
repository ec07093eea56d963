package org.sshwire.connection.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.WireFormatException;

/** Every message round-trips through its raw form, and every decoder is total. */
class ConnectionMessageProperties {

    @Property
    void messagesRoundTrip(@ForAll("messages") ConnectionMessage m) {
        Payload p = m.toPayload();
        assertEquals(m, ConnectionMessage.decode(Payload.parse(p.toBytes())));
        assertTrue(ConnectionMessage.isConnectionMessage(p.msgId()));
    }

    @Property
    void requestBodiesRoundTrip(@ForAll("requestBodies") ChannelRequestBody b) {
        assertEquals(b, ChannelRequestBody.decode(b.requestType(), b.toBytes()).orElseThrow());
    }

    @Property
    void messageDecoderIsTotal(@ForAll @IntRange(min = 80, max = 100) int msgId,
            @ForAll @Size(max = 64) byte[] body) {
        try {
            ConnectionMessage m = ConnectionMessage.decode(new Payload(msgId, Bytes.of(body)));
            assertEquals(new Payload(msgId, Bytes.of(body)), m.toPayload()); // strict decode ⇒ canonical
        } catch (WireFormatException expected) {
            // malformed input is reported, never anything else
        }
    }

    @Property
    void typedBodyDecodersAreTotal(@ForAll("typeNames") String name, @ForAll @Size(max = 80) byte[] data) {
        Bytes b = Bytes.of(data);
        try {
            ChannelRequestBody.decode(name, b);
        } catch (WireFormatException expected) {
            // reported as malformed
        }
        try {
            ChannelOpenData.decode(name, b);
        } catch (WireFormatException expected) {
            // reported as malformed
        }
        try {
            GlobalRequestBody.decode(name, b);
        } catch (WireFormatException expected) {
            // reported as malformed
        }
    }

    @Property
    void terminalModesDecoderIsTotalAndBounded(@ForAll @Size(max = 2000) byte[] data) {
        try {
            assertTrue(TerminalModes.decode(Bytes.of(data)).modes().size() <= TerminalModes.MAX_MODES);
        } catch (WireFormatException expected) {
            // reported as malformed
        }
    }

    @Provide
    Arbitrary<String> typeNames() {
        return Arbitraries.of("pty-req", "x11-req", "env", "shell", "exec", "subsystem", "window-change",
                "xon-xoff", "signal", "exit-status", "exit-signal", "break", "eow@openssh.com",
                "keepalive@openssh.com", "session", "x11", "direct-tcpip", "forwarded-tcpip",
                "direct-streamlocal@openssh.com", "forwarded-streamlocal@openssh.com", "tcpip-forward",
                "cancel-tcpip-forward", "streamlocal-forward@openssh.com", "hostkeys-00@openssh.com",
                "hostkeys-prove-00@openssh.com", "no-more-sessions@openssh.com", "unknown");
    }

    static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xffffffffL);
    }

    static Arbitrary<Bytes> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(Bytes::of);
    }

    static Arbitrary<String> text() {
        return Arbitraries.strings().ofMaxLength(12).map(s -> Bytes.utf8(s).asUtf8());
    }

    @Provide
    Arbitrary<ConnectionMessage> messages() {
        return Arbitraries.oneOf(List.of(
                Combinators.combine(text(), Arbitraries.of(true, false), bytes()).as(GlobalRequest::new),
                bytes().map(RequestSuccess::new),
                Arbitraries.just(new RequestFailure()),
                Combinators.combine(text(), u32(), u32(), u32(), bytes()).as(ChannelOpen::new),
                Combinators.combine(u32(), u32(), u32(), u32(), bytes()).as(ChannelOpenConfirmation::new),
                Combinators.combine(u32(), u32(), text(), text()).as(ChannelOpenFailure::new),
                Combinators.combine(u32(), u32()).as(ChannelWindowAdjust::new),
                Combinators.combine(u32(), bytes()).as(ChannelData::new),
                Combinators.combine(u32(), u32(), bytes()).as(ChannelExtendedData::new),
                u32().map(ChannelEof::new), u32().map(ChannelClose::new),
                u32().map(ChannelSuccess::new), u32().map(ChannelFailure::new),
                Combinators.combine(u32(), text(), Arbitraries.of(true, false), bytes()).as(ChannelRequest::new)));
    }

    @Provide
    Arbitrary<ChannelRequestBody> requestBodies() {
        Arbitrary<TerminalModes> modes = Combinators.combine(Arbitraries.integers().between(1, 159), u32())
                .as(TerminalModes.Mode::new).list().ofMaxSize(20).map(TerminalModes::new);
        return Arbitraries.oneOf(List.of(
                Combinators.combine(text(), u32(), u32(), u32(), u32(), modes).as(ChannelRequestBody.PtyReq::new),
                Combinators.combine(Arbitraries.of(true, false), text(), text(), u32()).as(ChannelRequestBody.X11Req::new),
                Combinators.combine(text(), text()).as(ChannelRequestBody.Env::new),
                Arbitraries.just(new ChannelRequestBody.Shell()),
                bytes().map(ChannelRequestBody.Exec::new),
                text().map(ChannelRequestBody.Subsystem::new),
                Combinators.combine(u32(), u32(), u32(), u32()).as(ChannelRequestBody.WindowChange::new),
                Arbitraries.of(true, false).map(ChannelRequestBody.XonXoff::new),
                text().map(ChannelRequestBody.Signal::new),
                u32().map(ChannelRequestBody.ExitStatus::new),
                Combinators.combine(text(), Arbitraries.of(true, false), text(), text()).as(ChannelRequestBody.ExitSignal::new),
                u32().map(ChannelRequestBody.Break::new),
                Arbitraries.just(new ChannelRequestBody.Eow()),
                Arbitraries.just(new ChannelRequestBody.Keepalive())));
    }
}
