package org.sshwire.connection.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.connection.message.ChannelClose;
import org.sshwire.connection.message.ChannelData;
import org.sshwire.connection.message.ChannelExtendedData;
import org.sshwire.connection.message.ChannelFailure;
import org.sshwire.connection.message.ChannelOpen;
import org.sshwire.connection.message.ChannelOpenConfirmation;
import org.sshwire.connection.message.ChannelOpenFailure;
import org.sshwire.connection.message.ChannelRequest;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.connection.message.ChannelSuccess;
import org.sshwire.connection.message.ChannelWindowAdjust;
import org.sshwire.connection.message.ConnectionMessage;
import org.sshwire.connection.message.OpenFailureReason;
import org.sshwire.connection.message.RequestSuccess;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshWriter;

/**
 * A scripted hostile peer against one engine (DESIGN §6): violations end the connection with
 * PROTOCOL_ERROR, limits refuse without allocating, and nothing else is thrown.
 */
class HostilePeerTest {
    private static final long PEER_ID = 900;

    private final ConnectionEngine server = new ConnectionEngine(ConnectionConfig.server());

    private List<ConnectionMessage> sent(ConnectionEngine e) {
        List<ConnectionMessage> out = new ArrayList<>();
        Payload p;
        while ((p = e.pollTransmit()) != null) {
            out.add(ConnectionMessage.decode(p));
        }
        return out;
    }

    private List<ConnectionEvent> events(ConnectionEngine e) {
        List<ConnectionEvent> out = new ArrayList<>();
        ConnectionEvent ev;
        while ((ev = e.pollEvent()) != null) {
            out.add(ev);
        }
        return out;
    }

    /** The peer opens a session and the server accepts with the given window and max packet. */
    private int acceptedSession(long window, long maxPacket) {
        server.receive(new ChannelOpen("session", PEER_ID, 1 << 20, 32768, Bytes.EMPTY).toPayload());
        int id = ((ConnectionEvent.ChannelOpenRequested) events(server).get(0)).channel();
        server.acceptChannel(id, window, maxPacket);
        sent(server);
        return id;
    }

    private void assertProtocolError(String containing) {
        List<ConnectionEvent> ev = events(server);
        ConnectionEvent last = ev.get(ev.size() - 1);
        ConnectionEvent.ProtocolError err = assertInstanceOf(ConnectionEvent.ProtocolError.class, last);
        assertEquals(DisconnectReason.PROTOCOL_ERROR, err.reason());
        assertTrue(err.description().contains(containing), err.description());
        assertTrue(server.isFailed());
        // a dead engine ignores everything after, without throwing
        server.receive(new ChannelData(0, Bytes.utf8("more")).toPayload());
        assertNull(server.pollEvent());
    }

    @Test
    void windowOverrunIsAProtocolError() {
        int id = acceptedSession(100, 100);
        server.receive(new ChannelData(id, Bytes.wrap(new byte[60])).toPayload());
        server.receive(new ChannelExtendedData(id, 1, Bytes.wrap(new byte[41])).toPayload());
        assertProtocolError("overruns window");
    }

    @Test
    void maximumPacketOverrunIsAProtocolError() {
        int id = acceptedSession(1000, 100);
        server.receive(new ChannelData(id, Bytes.wrap(new byte[101])).toPayload());
        assertProtocolError("exceeds maximum packet");
    }

    @Test
    void dataOnAnUnconfirmedChannelIsAProtocolError() {
        ConnectionEngine client = new ConnectionEngine(ConnectionConfig.client());
        int id = client.openChannel("session", Bytes.EMPTY);
        client.receive(new ChannelData(id, Bytes.utf8("early")).toPayload());
        ConnectionEvent.ProtocolError err = (ConnectionEvent.ProtocolError) events(client).get(0);
        assertTrue(err.description().contains("unconfirmed"), err.description());
    }

    @Test
    void dataForAChannelAwaitingOurDecisionIsAProtocolError() {
        server.receive(new ChannelOpen("session", PEER_ID, 100, 100, Bytes.EMPTY).toPayload());
        int id = ((ConnectionEvent.ChannelOpenRequested) events(server).get(0)).channel();
        server.receive(new ChannelData(id, Bytes.utf8("guess")).toPayload());
        assertProtocolError("nonexistent channel");
    }

    @Test
    void unknownChannelIdsAreAProtocolError() {
        server.receive(new ChannelWindowAdjust(0xffffffffL, 1).toPayload());
        assertProtocolError("nonexistent channel 4294967295");
    }

    @Test
    void aMaximalWindowAdjustFillsTheWindowAndOverflowIsAProtocolError() {
        int id = acceptedSession(1000, 1000);
        // The peer announced 2^20; its window shrinks to zero as we send, then it grants 2^32-1.
        assertEquals(1 << 20, server.remoteWindow(id));
        server.sendData(id, Bytes.wrap(new byte[1 << 20]));
        sent(server);
        assertEquals(0, server.remoteWindow(id));
        server.receive(new ChannelWindowAdjust(id, 0xffffffffL).toPayload());
        assertEquals(0xffffffffL, server.remoteWindow(id));
        // Even with a 4 GiB window no packet exceeds the peer's maximum (32768) or ours.
        server.sendData(id, Bytes.wrap(new byte[40000]));
        List<ConnectionMessage> out = sent(server);
        assertEquals(List.of(32768, 40000 - 32768),
                out.stream().map(m -> ((ChannelData) m).data().length()).toList());
        events(server);
        server.receive(new ChannelWindowAdjust(id, 40001).toPayload());
        assertProtocolError("overflows window");
    }

    @Test
    void tenThousandRejectedChannelOpensLeaveNothingBehind() {
        Bytes tcpip = new org.sshwire.connection.message.ChannelOpenData.DirectTcpip("h", 22, "o", 1).toBytes();
        for (int i = 0; i < 10_000; i++) {
            server.receive(new ChannelOpen("direct-tcpip", i, 100, 100, tcpip).toPayload());
            ConnectionEvent.ChannelOpenRequested req = (ConnectionEvent.ChannelOpenRequested) server.pollEvent();
            server.rejectChannel(req.channel(), OpenFailureReason.ADMINISTRATIVELY_PROHIBITED, "no");
            ChannelOpenFailure f = (ChannelOpenFailure) ConnectionMessage.decode(server.pollTransmit());
            assertEquals(i, f.recipientChannel());
        }
        assertEquals(0, server.channelCount());
        assertNull(server.pollTransmit());
        assertNull(server.pollEvent());
        assertTrue(!server.isFailed());
    }

    @Test
    void tenThousandUnansweredOpensAreCappedByTheChannelTable() {
        ConnectionEngine small = new ConnectionEngine(ConnectionConfig.server().withMaxChannels(16));
        int shortage = 0;
        for (int i = 0; i < 10_000; i++) {
            small.receive(new ChannelOpen("session", i, 100, 100, Bytes.EMPTY).toPayload());
            Payload p = small.pollTransmit();
            if (p != null) {
                assertEquals(OpenFailureReason.RESOURCE_SHORTAGE, ((ChannelOpenFailure) ConnectionMessage.decode(p)).reason());
                shortage++;
            }
        }
        assertEquals(16, small.channelCount());
        assertEquals(10_000 - 16, shortage);
        assertEquals(16, events(small).size());
    }

    @Test
    void aPtyRequestWithTenThousandModesIsRefusedAndTheConnectionLives() {
        int id = acceptedSession(1000, 1000);
        SshWriter modes = new SshWriter();
        for (int i = 0; i < 10_000; i++) {
            modes.writeByte(53).writeUint32(1);
        }
        modes.writeByte(0);
        Bytes body = new SshWriter().writeUtf8("xterm").writeUint32(80).writeUint32(24).writeUint32(0).writeUint32(0)
                .writeString(modes.toBytes()).toBytes();
        server.receive(new ChannelRequest(id, "pty-req", true, body).toPayload());
        assertEquals(List.of(new ChannelFailure(PEER_ID)), sent(server));
        assertEquals(List.of(), events(server));
        // still alive: an ordinary pty-req is delivered
        ChannelRequestBody ok = new ChannelRequestBody.PtyReq("xterm", 80, 24, 0, 0,
                org.sshwire.connection.message.TerminalModes.NONE);
        server.receive(new ChannelRequest(id, "pty-req", true, ok.toBytes()).toPayload());
        assertEquals(ok, ((ConnectionEvent.ChannelRequestReceived) events(server).get(0)).body());
    }

    @Test
    void malformedOpenDataIsRefusedWithoutReachingTheApplication() {
        server.receive(new ChannelOpen("direct-tcpip", 3, 100, 100, Bytes.EMPTY).toPayload());
        ChannelOpenFailure f = (ChannelOpenFailure) sent(server).get(0);
        assertEquals(OpenFailureReason.CONNECT_FAILED, f.reason());
        assertEquals(List.of(), events(server));
        assertEquals(0, server.channelCount());
    }

    @Test
    void unansweredRequestsAreBounded() {
        int id = acceptedSession(1000, 1000);
        for (int i = 0; i < ConnectionConfig.server().maxPendingRequests(); i++) {
            server.receive(new ChannelRequest(id, "env", true, new ChannelRequestBody.Env("A", "B").toBytes()).toPayload());
        }
        assertTrue(!server.isFailed());
        server.receive(new ChannelRequest(id, "env", true, new ChannelRequestBody.Env("A", "B").toBytes()).toPayload());
        assertProtocolError("unanswered requests");
    }

    @Test
    void repliesWithoutRequestsAreProtocolErrors() {
        int id = acceptedSession(1000, 1000);
        server.receive(new ChannelSuccess(id).toPayload());
        assertProtocolError("without a request");

        ConnectionEngine other = new ConnectionEngine(ConnectionConfig.server());
        other.receive(new RequestSuccess(Bytes.EMPTY).toPayload());
        assertInstanceOf(ConnectionEvent.ProtocolError.class, other.pollEvent());
    }

    @Test
    void malformedMessagesAreProtocolErrors() {
        server.receive(new Payload(94, Bytes.fromHex("000000000000000501")));
        assertProtocolError("malformed");
    }

    @Test
    void confirmationTwiceAndDataAfterEofAreProtocolErrors() {
        ConnectionEngine client = new ConnectionEngine(ConnectionConfig.client());
        int id = client.openChannel("session", Bytes.EMPTY);
        client.receive(new ChannelOpenConfirmation(id, 5, 100, 100, Bytes.EMPTY).toPayload());
        client.receive(new ChannelOpenConfirmation(id, 5, 100, 100, Bytes.EMPTY).toPayload());
        assertInstanceOf(ConnectionEvent.ProtocolError.class, events(client).get(1));

        int sid = acceptedSession(1000, 1000);
        server.receive(new org.sshwire.connection.message.ChannelEof(sid).toPayload());
        server.receive(new ChannelData(sid, Bytes.utf8("late")).toPayload());
        assertProtocolError("after EOF");
    }

    @Test
    void messagesAfterTheCloseHandshakeAreIgnoredButUnknownIdsAreNot() {
        int id = acceptedSession(1000, 1000);
        server.receive(new ChannelClose(id).toPayload());
        assertEquals(List.of(new ChannelClose(PEER_ID)), sent(server));
        assertEquals(List.of(new ConnectionEvent.ChannelClosed(id)), events(server));
        server.receive(new ChannelClose(id).toPayload());
        server.receive(new ChannelData(id, Bytes.utf8("late")).toPayload());
        assertEquals(List.of(), sent(server));
        assertEquals(List.of(), events(server));
        server.receive(new ChannelClose(id + 1).toPayload()); // never handed out
        assertProtocolError("nonexistent channel");
    }

    /**
     * A paramiko 2.12 server running an exec (its check_channel_exec_request starts the command
     * on another thread) can send, in this order: exit-status, EOF, CLOSE, and only then
     * SUCCESS for the exec request. Our client answers the CLOSE, forgets the channel, and then
     * gets the late SUCCESS: OpenSSH's ssh logs and ignores it (channel_input_status_confirm), so
     * do we; a message for an id never handed out is still a protocol error.
     */
    @Test
    void aLateReplyAfterThePeerClosedTheChannelIsIgnoredByTheClient() {
        ConnectionEngine client = new ConnectionEngine(ConnectionConfig.client());
        int id = client.openChannel("session", Bytes.EMPTY);
        client.receive(new ChannelOpenConfirmation(id, 0, 2 << 20, 32768, Bytes.EMPTY).toPayload());
        client.sendChannelRequest(id, "exec", true, new SshWriter().writeUtf8("true").toBytes());
        sent(client);
        events(client);
        client.receive(new ChannelRequest(0, "exit-status", false, new SshWriter().writeUint32(0).toBytes()).toPayload());
        client.receive(new org.sshwire.connection.message.ChannelEof(id).toPayload());
        client.receive(new ChannelClose(id).toPayload());
        assertEquals(List.of(new ChannelClose(0)), sent(client));
        client.receive(new ChannelSuccess(id).toPayload());
        assertTrue(!client.isFailed(), () -> events(client).toString());
        List<ConnectionEvent> ev = events(client);
        assertTrue(ev.stream().noneMatch(e -> e instanceof ConnectionEvent.ProtocolError), ev::toString);
        assertTrue(ev.contains(new ConnectionEvent.ChannelClosed(id)), ev::toString);
        client.receive(new ChannelSuccess(id + 7).toPayload());
        assertTrue(client.isFailed());
    }
}
