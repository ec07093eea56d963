package org.sshwire.connection.engine;

import org.sshwire.connection.research.ChannelEnginePair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.connection.message.ChannelData;
import org.sshwire.connection.message.ChannelExtendedData;
import org.sshwire.connection.message.ChannelOpenData;
import org.sshwire.connection.message.ChannelOpenFailure;
import org.sshwire.connection.message.ChannelRequestBody;
import org.sshwire.connection.message.ConnectionMessage;
import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.connection.message.OpenFailureReason;
import org.sshwire.connection.message.RequestSuccess;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;

/** The channel engine between an in-memory client and server. */
class ConnectionEngineTest {

    private static Bytes bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i * 31);
        }
        return Bytes.wrap(b);
    }

    private static List<Integer> msgIds(List<Payload> ps) {
        return ps.stream().map(Payload::msgId).toList();
    }

    @Test
    void execSessionFromOpenToClose() {
        ChannelEnginePair pair = new ChannelEnginePair();
        pair.onServerEvent((s, e) -> {
            if (e instanceof ConnectionEvent.ChannelOpenRequested) {
                s.acceptChannel(((ConnectionEvent.ChannelOpenRequested) e).channel());
            } else if (e instanceof ConnectionEvent.ChannelRequestReceived) {
                ConnectionEvent.ChannelRequestReceived r = (ConnectionEvent.ChannelRequestReceived) e;
                if (r.wantReply()) {
                    s.replyChannelRequest(r.channel(), true);
                }
                if (r.body() instanceof ChannelRequestBody.Exec) {
                    s.sendData(r.channel(), Bytes.utf8("out"));
                    s.sendExtendedData(r.channel(), ChannelExtendedData.SSH_EXTENDED_DATA_STDERR, Bytes.utf8("err"));
                    s.sendEof(r.channel());
                    s.sendChannelRequest(r.channel(), new ChannelRequestBody.ExitStatus(3), false);
                    s.close(r.channel());
                }
            }
        });
        pair.onClientEvent((c, e) -> {
            if (e instanceof ConnectionEvent.ChannelClosed) {
                return;
            }
            if (e instanceof ConnectionEvent.ChannelEofReceived) {
                c.close(((ConnectionEvent.ChannelEofReceived) e).channel());
            }
        });
        int ch = pair.client().openChannel(ChannelOpenData.SESSION, Bytes.EMPTY);
        pair.client().sendChannelRequest(ch, new ChannelRequestBody.Env("LANG", "C"), false);
        pair.client().sendChannelRequest(ch, new ChannelRequestBody.Exec(Bytes.utf8("true")), true);
        pair.pump();

        List<ConnectionEvent> ce = pair.clientEvents();
        assertInstanceOf(ConnectionEvent.ChannelOpenConfirmed.class, ce.get(0));
        assertEquals(new ConnectionEvent.ChannelRequestReplied(ch, "exec", true), ce.get(1));
        assertEquals(new ConnectionEvent.ChannelDataReceived(ch, Bytes.utf8("out")), ce.get(2));
        assertEquals(new ConnectionEvent.ChannelExtendedDataReceived(ch, 1, Bytes.utf8("err")), ce.get(3));
        assertEquals(new ConnectionEvent.ChannelEofReceived(ch), ce.get(4));
        ConnectionEvent.ChannelRequestReceived exit = (ConnectionEvent.ChannelRequestReceived) ce.get(5);
        assertEquals(new ChannelRequestBody.ExitStatus(3), exit.body());
        assertEquals(new ConnectionEvent.ChannelClosed(ch), ce.get(6));
        assertEquals(7, ce.size());

        List<ConnectionEvent.ChannelRequestReceived> reqs =
                ChannelEnginePair.of(pair.serverEvents(), ConnectionEvent.ChannelRequestReceived.class);
        assertEquals(new ChannelRequestBody.Env("LANG", "C"), reqs.get(0).body());
        assertEquals(1, ChannelEnginePair.of(pair.serverEvents(), ConnectionEvent.ChannelClosed.class).size());
        assertEquals(0, pair.client().channelCount());
        assertEquals(0, pair.server().channelCount());
        // exactly one CLOSE each way (RFC 4254 §5.3)
        assertEquals(1, msgIds(pair.clientToServer()).stream().filter(i -> i == MessageNumbers.SSH_MSG_CHANNEL_CLOSE).count());
        assertEquals(1, msgIds(pair.serverToClient()).stream().filter(i -> i == MessageNumbers.SSH_MSG_CHANNEL_CLOSE).count());
    }

    /** Opens a channel client→server with the server's window/max packet given; returns {clientId, serverId}. */
    private static int[] open(ChannelEnginePair pair, long serverWindow, long serverMaxPacket) {
        int[] ids = new int[2];
        pair.onServerEvent((s, e) -> {
            if (e instanceof ConnectionEvent.ChannelOpenRequested) {
                ids[1] = ((ConnectionEvent.ChannelOpenRequested) e).channel();
                s.acceptChannel(ids[1], serverWindow, serverMaxPacket);
            }
        });
        ids[0] = pair.client().openChannel("direct-tcpip",
                new ChannelOpenData.DirectTcpip("h", 1, "o", 2).toBytes(), 1000, 100);
        pair.pump();
        pair.onServerEvent((s, e) -> { });
        return ids;
    }

    @Test
    void dataNeverExceedsTheWindowOrTheMaximumPacket() {
        ChannelEnginePair pair = new ChannelEnginePair(ConnectionConfig.client().withMaxQueuedBytes(64), ConnectionConfig.server());
        int[] ids = open(pair, 100, 30);
        assertEquals(164, pair.client().sendCapacity(ids[0]));
        Bytes data = bytes(500, 7);
        int accepted = pair.client().sendData(ids[0], data);
        assertEquals(164, accepted);
        assertEquals(64, pair.client().queuedBytes(ids[0]));
        assertEquals(0, pair.client().sendData(ids[0], data.slice(accepted, 500)));
        pair.pump();
        List<ConnectionEvent.ChannelDataReceived> got =
                ChannelEnginePair.of(pair.serverEvents(), ConnectionEvent.ChannelDataReceived.class);
        assertEquals(List.of(30, 30, 30, 10), got.stream().map(d -> d.data().length()).toList());
        assertEquals(0, pair.server().localWindow(ids[1]));

        // the server's application reads it all: the standard policy returns the credit (window < half)
        pair.server().consumed(ids[1], 100);
        pair.pump();
        assertEquals(100, pair.server().localWindow(ids[1]) + 64);
        assertEquals(0, pair.client().queuedBytes(ids[0]));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (ConnectionEvent.ChannelDataReceived d : ChannelEnginePair.of(pair.serverEvents(), ConnectionEvent.ChannelDataReceived.class)) {
            all.writeBytes(d.data().toArray());
        }
        assertEquals(data.slice(0, 164), Bytes.wrap(all.toByteArray()));
        assertTrue(ChannelEnginePair.of(pair.clientEvents(), ConnectionEvent.ChannelWindowAdjusted.class).size() >= 1);
    }

    @Test
    void eofAndCloseNeverOvertakeQueuedData() {
        ChannelEnginePair pair = new ChannelEnginePair();
        int[] ids = open(pair, 10, 10);
        assertEquals(25, pair.client().sendData(ids[0], bytes(25, 1)));
        pair.client().sendEof(ids[0]);
        pair.client().close(ids[0]);
        pair.pump();
        int before = pair.clientToServer().size();
        assertEquals(List.of(MessageNumbers.SSH_MSG_CHANNEL_DATA),
                msgIds(pair.clientToServer().subList(before - 1, before)));
        assertEquals(15, pair.client().queuedBytes(ids[0]));
        pair.server().consumed(ids[1], 10);
        pair.pump();
        pair.server().consumed(ids[1], 10);
        pair.pump();
        List<Integer> tail = msgIds(pair.clientToServer().subList(before, pair.clientToServer().size()));
        assertEquals(List.of(MessageNumbers.SSH_MSG_CHANNEL_DATA, MessageNumbers.SSH_MSG_CHANNEL_DATA,
                MessageNumbers.SSH_MSG_CHANNEL_EOF, MessageNumbers.SSH_MSG_CHANNEL_CLOSE), tail);
        assertEquals(0, pair.client().channelCount());
        assertEquals(0, pair.server().channelCount());
    }

    @Test
    void abortDropsQueuedDataAndClosesAtOnce() {
        ChannelEnginePair pair = new ChannelEnginePair();
        int[] ids = open(pair, 10, 10);
        assertEquals(40, pair.client().sendData(ids[0], bytes(40, 0)));
        pair.client().sendEof(ids[0]);
        pair.pump();
        assertEquals(30, pair.client().queuedBytes(ids[0]));
        assertEquals(java.util.Set.of(ids[0]), pair.client().channelIds());
        pair.client().abort(ids[0]);
        pair.pump();
        assertEquals(List.of(MessageNumbers.SSH_MSG_CHANNEL_OPEN, MessageNumbers.SSH_MSG_CHANNEL_DATA,
                MessageNumbers.SSH_MSG_CHANNEL_CLOSE), msgIds(pair.clientToServer()));
        assertEquals(0, pair.client().channelCount());
        assertEquals(0, pair.server().channelCount());
        assertEquals(java.util.Set.of(), pair.client().channelIds());
    }

    @Test
    void dataForAChannelTheApplicationClosedIsDiscardedAndCredited() {
        ChannelEnginePair pair = new ChannelEnginePair(ConnectionConfig.client(),
                ConnectionConfig.server().withWindowPolicy(WindowPolicy.immediate()));
        int[] ids = open(pair, 50, 50);
        pair.server().sendData(ids[1], bytes(10, 0));          // server→client, client window 1000
        pair.client().sendData(ids[0], bytes(50, 0));          // fills the server's window
        pair.server().close(ids[1]);                           // server app closes with unread data
        pair.pump();
        // The server never told its app about the 50 bytes, and returned their credit ahead of CLOSE.
        assertEquals(0, ChannelEnginePair.of(pair.serverEvents(), ConnectionEvent.ChannelDataReceived.class).size());
        assertEquals(0, pair.server().channelCount());
        assertEquals(0, pair.client().channelCount());
    }

    @Test
    void repliesToChannelRequestsKeepRequestOrder() {
        ChannelEnginePair pair = new ChannelEnginePair();
        int[] ids = open(pair, 1000, 100);
        pair.client().sendChannelRequest(ids[0], "env", true, new ChannelRequestBody.Env("A", "1").toBytes());
        pair.client().sendChannelRequest(ids[0], new ChannelRequestBody.Keepalive(), true);
        pair.client().sendChannelRequest(ids[0], "custom@example.com", true, Bytes.EMPTY);
        pair.pump();
        // keepalive was answered by the engine but must wait behind the env reply
        assertEquals(0, ChannelEnginePair.of(pair.clientEvents(), ConnectionEvent.ChannelRequestReplied.class).size());
        pair.server().replyChannelRequest(ids[1], true);
        pair.pump();
        assertEquals(List.of(new ConnectionEvent.ChannelRequestReplied(ids[0], "env", true),
                new ConnectionEvent.ChannelRequestReplied(ids[0], "keepalive@openssh.com", false)),
                ChannelEnginePair.of(pair.clientEvents(), ConnectionEvent.ChannelRequestReplied.class));
        pair.server().replyChannelRequest(ids[1], false);
        pair.pump();
        assertEquals(3, ChannelEnginePair.of(pair.clientEvents(), ConnectionEvent.ChannelRequestReplied.class).size());
        assertThrows(IllegalStateException.class, () -> pair.server().replyChannelRequest(ids[1], true));
    }

    private static int openSession(ChannelEnginePair pair, int[] serverId) {
        pair.onServerEvent((s, e) -> {
            if (e instanceof ConnectionEvent.ChannelOpenRequested) {
                serverId[0] = ((ConnectionEvent.ChannelOpenRequested) e).channel();
                s.acceptChannel(serverId[0]);
            } else if (e instanceof ConnectionEvent.ChannelRequestReceived
                    && ((ConnectionEvent.ChannelRequestReceived) e).wantReply()) {
                s.replyChannelRequest(((ConnectionEvent.ChannelRequestReceived) e).channel(), true);
            }
        });
        int ch = pair.client().openChannel(ChannelOpenData.SESSION, Bytes.EMPTY);
        pair.pump();
        return ch;
    }

    @Test
    void aSecondShellExecOrSubsystemIsRefused() {
        ChannelEnginePair pair = new ChannelEnginePair();
        int ch = openSession(pair, new int[1]);
        pair.client().sendChannelRequest(ch, new ChannelRequestBody.Shell(), true);
        pair.client().sendChannelRequest(ch, new ChannelRequestBody.Exec(Bytes.utf8("id")), true);
        pair.client().sendChannelRequest(ch, new ChannelRequestBody.Subsystem("sftp"), true);
        pair.pump();
        assertEquals(List.of(true, false, false), ChannelEnginePair.of(pair.clientEvents(),
                ConnectionEvent.ChannelRequestReplied.class).stream().map(r -> r.success()).toList());
        assertEquals(1, ChannelEnginePair.of(pair.serverEvents(), ConnectionEvent.ChannelRequestReceived.class).size());
    }

    @Test
    void everySessionRequestReachesTheServerTypedAndExitStatusReachesTheClient() {
        ChannelEnginePair pair = new ChannelEnginePair();
        int[] serverId = new int[1];
        int ch = openSession(pair, serverId);
        List<ChannelRequestBody> bodies = List.of(
                new ChannelRequestBody.PtyReq("xterm", 80, 24, 640, 480, new org.sshwire.connection.message.TerminalModes(
                        List.of(new org.sshwire.connection.message.TerminalModes.Mode(org.sshwire.connection.message.TerminalModes.VINTR, 3)))),
                new ChannelRequestBody.Env("LC_ALL", "C"), new ChannelRequestBody.XonXoff(true),
                new ChannelRequestBody.Subsystem("sftp"), new ChannelRequestBody.WindowChange(100, 40, 0, 0),
                new ChannelRequestBody.Signal("TERM"), new ChannelRequestBody.Break(0), new ChannelRequestBody.Eow());
        for (ChannelRequestBody b : bodies) {
            pair.client().sendChannelRequest(ch, b, false);
        }
        pair.server().sendChannelRequest(serverId[0], new ChannelRequestBody.ExitSignal("KILL", false, "killed", ""), false);
        pair.pump();
        assertEquals(bodies, ChannelEnginePair.of(pair.serverEvents(), ConnectionEvent.ChannelRequestReceived.class)
                .stream().map(r -> r.body()).toList());
        assertEquals(new ChannelRequestBody.ExitSignal("KILL", false, "killed", ""),
                ChannelEnginePair.of(pair.clientEvents(), ConnectionEvent.ChannelRequestReceived.class).get(0).body());
    }

    @Test
    void unknownRequestsReachTheApplicationRaw() {
        ChannelEnginePair pair = new ChannelEnginePair();
        int ch = openSession(pair, new int[1]);
        pair.client().sendChannelRequest(ch, "winadj@putty.projects.tartarus.org", true, Bytes.EMPTY);
        pair.client().sendGlobalRequest("x@example.com", false, Bytes.fromHex("01"));
        pair.pump();
        ConnectionEvent.ChannelRequestReceived r =
                ChannelEnginePair.of(pair.serverEvents(), ConnectionEvent.ChannelRequestReceived.class).get(0);
        assertEquals("winadj@putty.projects.tartarus.org", r.requestType());
        assertEquals(null, r.body());
        assertEquals(new ConnectionEvent.GlobalRequestReceived("x@example.com", false, Bytes.fromHex("01"), null),
                ChannelEnginePair.of(pair.serverEvents(), ConnectionEvent.GlobalRequestReceived.class).get(0));
    }

    @Test
    void x11IsRefusedByDefaultAndReachesTheApplicationWhenAllowed() {
        ChannelRequestBody x11 = new ChannelRequestBody.X11Req(false, "MIT-MAGIC-COOKIE-1", "00", 0);
        ChannelEnginePair pair = new ChannelEnginePair();
        int ch = openSession(pair, new int[1]);
        pair.client().sendChannelRequest(ch, x11, true);
        pair.pump();
        assertFalse(ChannelEnginePair.of(pair.clientEvents(), ConnectionEvent.ChannelRequestReplied.class).get(0).success());

        ChannelEnginePair allowed = new ChannelEnginePair(ConnectionConfig.client(), ConnectionConfig.server().withAllowX11(true));
        int ch2 = openSession(allowed, new int[1]);
        allowed.client().sendChannelRequest(ch2, x11, true);
        allowed.pump();
        assertTrue(ChannelEnginePair.of(allowed.clientEvents(), ConnectionEvent.ChannelRequestReplied.class).get(0).success());
        assertEquals(x11, ChannelEnginePair.of(allowed.serverEvents(), ConnectionEvent.ChannelRequestReceived.class).get(0).body());
    }

    @Test
    void openRejectionCarriesTheReason() {
        ChannelEnginePair pair = new ChannelEnginePair();
        pair.onServerEvent((s, e) -> {
            if (e instanceof ConnectionEvent.ChannelOpenRequested) {
                s.rejectChannel(((ConnectionEvent.ChannelOpenRequested) e).channel(),
                        OpenFailureReason.CONNECT_FAILED, "refused");
            }
        });
        int ch = pair.client().openChannel("direct-tcpip", new ChannelOpenData.DirectTcpip("h", 1, "o", 2).toBytes());
        pair.pump();
        assertEquals(new ConnectionEvent.ChannelOpenFailed(ch, 2, "refused"), pair.clientEvents().get(0));
        assertEquals(0, pair.client().channelCount());
        assertEquals(0, pair.server().channelCount());
        ConnectionEvent.ChannelOpenRequested req =
                ChannelEnginePair.of(pair.serverEvents(), ConnectionEvent.ChannelOpenRequested.class).get(0);
        assertEquals(new ChannelOpenData.DirectTcpip("h", 1, "o", 2), req.typed());
    }

    @Test
    void clientRefusesSessionOpensFromTheServer() {
        ChannelEnginePair pair = new ChannelEnginePair();
        pair.server().openChannel(ChannelOpenData.SESSION, Bytes.EMPTY);
        pair.pump();
        assertEquals(OpenFailureReason.ADMINISTRATIVELY_PROHIBITED.code(),
                ((ConnectionEvent.ChannelOpenFailed) pair.serverEvents().get(0)).reasonCode());
        assertTrue(pair.clientEvents().isEmpty());
    }

    @Test
    void keepaliveIsAnsweredWithFailureAndGlobalRepliesCarryData() {
        ChannelEnginePair pair = new ChannelEnginePair();
        pair.onServerEvent((s, e) -> {
            if (e instanceof ConnectionEvent.GlobalRequestReceived) {
                ConnectionEvent.GlobalRequestReceived g = (ConnectionEvent.GlobalRequestReceived) e;
                assertEquals(new GlobalRequestBody.TcpipForward("", 0), g.body());
                s.replyGlobalRequest(true, GlobalRequestBody.TcpipForward.boundPortReply(40022));
            }
        });
        pair.client().sendKeepalive();
        GlobalRequestBody fwd = new GlobalRequestBody.TcpipForward("", 0);
        pair.client().sendGlobalRequest(fwd.requestName(), true, fwd.toBytes());
        pair.pump();
        List<ConnectionEvent.GlobalRequestReplied> replies =
                ChannelEnginePair.of(pair.clientEvents(), ConnectionEvent.GlobalRequestReplied.class);
        assertEquals(new ConnectionEvent.GlobalRequestReplied("keepalive@openssh.com", false, Bytes.EMPTY), replies.get(0));
        assertTrue(replies.get(1).success());
        assertEquals(40022, GlobalRequestBody.TcpipForward.boundPort(new RequestSuccess(replies.get(1).data())));
        assertEquals(1, ChannelEnginePair.of(pair.serverEvents(), ConnectionEvent.GlobalRequestReceived.class).size());
    }

    @Test
    void afterNoMoreSessionsTheServerRefusesSessions() {
        ChannelEnginePair pair = new ChannelEnginePair();
        pair.onServerEvent((s, e) -> {
            if (e instanceof ConnectionEvent.ChannelOpenRequested) {
                s.acceptChannel(((ConnectionEvent.ChannelOpenRequested) e).channel());
            }
        });
        pair.client().openChannel(ChannelOpenData.SESSION, Bytes.EMPTY);
        pair.client().sendNoMoreSessions();
        pair.pump();
        assertThrows(IllegalStateException.class, () -> pair.client().openChannel(ChannelOpenData.SESSION, Bytes.EMPTY));
        // a peer ignoring its own no-more-sessions: raw CHANNEL_OPEN straight to the server
        pair.server().receive(new org.sshwire.connection.message.ChannelOpen("session", 77, 100, 100, Bytes.EMPTY).toPayload());
        ChannelOpenFailure refusal = (ChannelOpenFailure) ConnectionMessage.decode(pair.server().pollTransmit());
        assertEquals(77, refusal.recipientChannel());
        assertEquals(OpenFailureReason.ADMINISTRATIVELY_PROHIBITED, refusal.reason());
        assertEquals(1, pair.server().channelCount());
    }

    @Test
    void hostKeysAnnouncementReachesTheClient() {
        ChannelEnginePair pair = new ChannelEnginePair();
        List<Bytes> keys = List.of(Bytes.fromHex("0000000b7373682d65643235353139"), Bytes.fromHex("01"));
        pair.server().announceHostKeys(keys);
        pair.pump();
        assertEquals(List.of(new ConnectionEvent.HostKeysAnnounced(keys)), pair.clientEvents());
        assertThrows(IllegalStateException.class, () -> pair.client().announceHostKeys(keys));
    }

    @Test
    void hostKeysProveIsAQuestionForTheServerApplication() {
        ChannelEnginePair pair = new ChannelEnginePair();
        GlobalRequestBody prove = new GlobalRequestBody.HostKeysProve(List.of(Bytes.fromHex("aa")));
        pair.client().sendGlobalRequest(prove.requestName(), true, prove.toBytes());
        pair.pump();
        assertEquals(prove, ChannelEnginePair.of(pair.serverEvents(), ConnectionEvent.GlobalRequestReceived.class).get(0).body());
        pair.server().replyGlobalRequest(true, Bytes.fromHex("00000001bb"));
        pair.pump();
        assertEquals(Bytes.fromHex("00000001bb"),
                ChannelEnginePair.of(pair.clientEvents(), ConnectionEvent.GlobalRequestReplied.class).get(0).data());
    }

    @Test
    void localMisuseThrows() {
        ChannelEnginePair pair = new ChannelEnginePair();
        int[] ids = open(pair, 100, 100);
        pair.client().sendEof(ids[0]);
        assertThrows(IllegalStateException.class, () -> pair.client().sendData(ids[0], Bytes.utf8("x")));
        assertThrows(IllegalStateException.class, () -> pair.client().sendData(12345, Bytes.utf8("x")));
        assertThrows(IllegalStateException.class, () -> pair.server().consumed(ids[1], 1));
        assertThrows(IllegalStateException.class, () -> pair.server().replyGlobalRequest(true, Bytes.EMPTY));
        assertThrows(IllegalStateException.class, () -> pair.server().acceptChannel(ids[1]));
        pair.client().close(ids[0]);
        pair.pump();
        assertEquals(0, pair.client().sendData(ids[0], Bytes.utf8("x")), "a closed channel accepts nothing");
    }

    @Test
    void arrayWritesCopyOnlyWhatWasAccepted() {
        ChannelEnginePair pair = new ChannelEnginePair(ConnectionConfig.client().withMaxQueuedBytes(0), ConnectionConfig.server());
        int[] ids = open(pair, 10, 10);
        byte[] buf = bytes(30, 3).toArray();
        assertEquals(10, pair.client().sendData(ids[0], buf, 5, 25));
        assertEquals(0, pair.client().sendData(ids[0], buf, 15, 15));
        pair.pump();
        assertEquals(bytes(30, 3).slice(5, 15),
                ChannelEnginePair.of(pair.serverEvents(), ConnectionEvent.ChannelDataReceived.class).get(0).data());
        assertThrows(IndexOutOfBoundsException.class, () -> pair.client().sendData(ids[0], buf, 25, 10));
    }

    @Test
    void aDataSinkTakesWindowPermittedChunksStraightFromTheArrayAndMayDecline() {
        ChannelEnginePair pair = new ChannelEnginePair(ConnectionConfig.client().withMaxQueuedBytes(0), ConnectionConfig.server());
        int[] ids = open(pair, 100, 30);
        List<Bytes> sunk = new java.util.ArrayList<>();
        long[] recipients = new long[1];
        pair.client().channelDataSink((recipient, data, off, len) -> {
            if (sunk.size() == 2) {
                return false; // declined (say, a key exchange began): ordinary payloads follow
            }
            recipients[0] = recipient;
            sunk.add(Bytes.of(data, off, len));
            return true;
        });
        byte[] buf = bytes(120, 9).toArray();
        assertEquals(100, pair.client().sendData(ids[0], buf, 10, 110), "the window, in chunks of the maximum packet");
        java.util.Arrays.fill(buf, (byte) 0); // the engine kept no reference to the array
        List<Payload> queued = new java.util.ArrayList<>();
        for (Payload p; (p = pair.client().pollTransmit()) != null; ) {
            queued.add(p);
        }
        assertEquals(ids[1], recipients[0]);
        Bytes original = bytes(120, 9);
        assertEquals(List.of(original.slice(10, 40), original.slice(40, 70)), sunk);
        assertEquals(List.of(new ChannelData(ids[1], original.slice(70, 100)).toPayload(),
                new ChannelData(ids[1], original.slice(100, 110)).toPayload()), queued);
    }

    @Test
    void typedOpenSendsTheEncodedData() {
        ChannelEnginePair pair = new ChannelEnginePair();
        pair.client().openChannel(new ChannelOpenData.DirectStreamlocal("/run/x.sock", "", 0));
        pair.pump();
        ConnectionEvent.ChannelOpenRequested req =
                ChannelEnginePair.of(pair.serverEvents(), ConnectionEvent.ChannelOpenRequested.class).get(0);
        assertEquals("direct-streamlocal@openssh.com", req.channelType());
        assertEquals(new ChannelOpenData.DirectStreamlocal("/run/x.sock", "", 0), req.typed());
    }

    @Test
    void unassignedChannelNumbersAreLeftToTheCaller() {
        ConnectionEngine e = new ConnectionEngine(ConnectionConfig.server());
        assertFalse(e.receive(new Payload(110, Bytes.EMPTY)));
        assertTrue(e.receive(new ChannelData(0, Bytes.EMPTY).toPayload()));
    }
}
