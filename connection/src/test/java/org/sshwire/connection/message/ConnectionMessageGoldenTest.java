package org.sshwire.connection.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.WireFormatException;

/**
 * Golden bytes for every RFC 4254 message, written out by hand from the RFC layouts: each test
 * checks the encoding and that decoding the bytes gives the record back.
 */
class ConnectionMessageGoldenTest {

    /** "hex" with spaces for readability → the full payload (message number first). */
    private static Bytes hex(String spaced) {
        return Bytes.fromHex(spaced.replace(" ", ""));
    }

    private static void golden(ConnectionMessage m, String expectedHex) {
        Bytes expected = hex(expectedHex);
        assertEquals(expected, m.toPayload().toBytes(), "encoding of " + m);
        assertEquals(m, ConnectionMessage.decode(Payload.parse(expected)), "decoding of " + expectedHex);
    }

    @Test
    void globalRequest() {
        // RFC 4254 §4: byte 80, string "keepalive@openssh.com", boolean want reply
        golden(new GlobalRequest("keepalive@openssh.com", true, Bytes.EMPTY),
                "50 00000015 6b656570616c697665406f70656e7373682e636f6d 01");
    }

    @Test
    void tcpipForwardGlobalRequest() {
        // RFC 4254 §7.1: "tcpip-forward", true, string "", uint32 0
        GlobalRequestBody body = new GlobalRequestBody.TcpipForward("", 0);
        GlobalRequest m = new GlobalRequest(body.requestName(), true, body.toBytes());
        golden(m, "50 0000000d 74637069702d666f7277617264 01 00000000 00000000");
        assertEquals(body, GlobalRequestBody.decode(m.requestName(), m.data()).orElseThrow());
    }

    @Test
    void requestSuccessWithBoundPort() {
        // RFC 4254 §7.1: byte 81, uint32 port that was bound (here 2222 = 0x08ae)
        RequestSuccess m = new RequestSuccess(GlobalRequestBody.TcpipForward.boundPortReply(2222));
        golden(m, "51 000008ae");
        assertEquals(2222, GlobalRequestBody.TcpipForward.boundPort(m));
        golden(new RequestSuccess(Bytes.EMPTY), "51");
    }

    @Test
    void requestFailure() {
        golden(new RequestFailure(), "52");
        assertThrows(WireFormatException.class, () -> ConnectionMessage.decode(Payload.parse(hex("52 00"))));
    }

    @Test
    void channelOpenSession() {
        // RFC 4254 §5.1/§6.1: byte 90, "session", sender 0, window 0x200000, max packet 0x8000
        golden(new ChannelOpen("session", 0, 0x200000, 0x8000, Bytes.EMPTY),
                "5a 00000007 73657373696f6e 00000000 00200000 00008000");
    }

    @Test
    void channelOpenDirectTcpip() {
        // RFC 4254 §7.2: host "h", port 80, originator "o", port 0xffff
        ChannelOpenData d = new ChannelOpenData.DirectTcpip("h", 80, "o", 0xffff);
        ChannelOpen m = new ChannelOpen(d.channelType(), 5, 1, 2, d.toBytes());
        golden(m, "5a 0000000c 6469726563742d7463706970 00000005 00000001 00000002"
                + " 00000001 68 00000050 00000001 6f 0000ffff");
        assertEquals(d, ChannelOpenData.decode(m.channelType(), m.typeData()).orElseThrow());
    }

    @Test
    void channelOpenTypedDataForEveryType() {
        assertEquals(hex(""), new ChannelOpenData.Session().toBytes());
        assertEquals(hex("00000001 61 00001770"), new ChannelOpenData.X11Open("a", 6000).toBytes());
        assertEquals(hex("00000001 61 00000016 00000001 62 00000017"),
                new ChannelOpenData.ForwardedTcpip("a", 22, "b", 23).toBytes());
        assertEquals(hex("00000002 2f73 00000000 00000000"),
                new ChannelOpenData.DirectStreamlocal("/s", "", 0).toBytes());
        assertEquals(hex("00000002 2f73 00000000"),
                new ChannelOpenData.ForwardedStreamlocal("/s", "").toBytes());
        for (ChannelOpenData d : List.of(new ChannelOpenData.Session(), new ChannelOpenData.X11Open("a", 6000),
                new ChannelOpenData.ForwardedTcpip("a", 22, "b", 23), new ChannelOpenData.DirectStreamlocal("/s", "", 0),
                new ChannelOpenData.ForwardedStreamlocal("/s", ""))) {
            assertEquals(d, ChannelOpenData.decode(d.channelType(), d.toBytes()).orElseThrow());
        }
        assertEquals(java.util.Optional.empty(), ChannelOpenData.decode("other", Bytes.of((byte) 1)));
    }

    @Test
    void channelOpenConfirmation() {
        golden(new ChannelOpenConfirmation(1, 2, 3, 4, Bytes.EMPTY), "5b 00000001 00000002 00000003 00000004");
    }

    @Test
    void channelOpenFailure() {
        // RFC 4254 §5.1: recipient 7, SSH_OPEN_ADMINISTRATIVELY_PROHIBITED (1), "no", ""
        ChannelOpenFailure m = new ChannelOpenFailure(7, OpenFailureReason.ADMINISTRATIVELY_PROHIBITED, "no");
        golden(m, "5c 00000007 00000001 00000002 6e6f 00000000");
        assertEquals(OpenFailureReason.ADMINISTRATIVELY_PROHIBITED, m.reason());
        assertEquals(4, OpenFailureReason.RESOURCE_SHORTAGE.code());
        assertEquals(null, new ChannelOpenFailure(7, 99, "", "").reason());
    }

    @Test
    void windowAdjustOfTheLargestUint32() {
        golden(new ChannelWindowAdjust(0xffffffffL, 0xffffffffL), "5d ffffffff ffffffff");
    }

    @Test
    void dataAndExtendedData() {
        golden(new ChannelData(1, Bytes.utf8("hi")), "5e 00000001 00000002 6869");
        golden(new ChannelExtendedData(1, ChannelExtendedData.SSH_EXTENDED_DATA_STDERR, Bytes.utf8("e")),
                "5f 00000001 00000001 00000001 65");
    }

    @Test
    void eofCloseSuccessFailure() {
        golden(new ChannelEof(9), "60 00000009");
        golden(new ChannelClose(9), "61 00000009");
        golden(new ChannelSuccess(9), "63 00000009");
        golden(new ChannelFailure(9), "64 00000009");
    }

    @Test
    void channelRequestExec() {
        // RFC 4254 §6.5: byte 98, recipient 2, "exec", true, string "ls"
        ChannelRequestBody b = new ChannelRequestBody.Exec(Bytes.utf8("ls"));
        ChannelRequest m = new ChannelRequest(2, b.requestType(), true, b.toBytes());
        golden(m, "62 00000002 00000004 65786563 01 00000002 6c73");
        assertEquals(b, ChannelRequestBody.decode("exec", m.typeData()).orElseThrow());
    }

    @Test
    void ptyReqWithModes() {
        // RFC 4254 §6.2 + §8: "vt100", 80x24, 0x0 px, modes ECHO=1, ISPEED=38400, TTY_OP_END
        TerminalModes modes = new TerminalModes(List.of(new TerminalModes.Mode(TerminalModes.ECHO, 1),
                new TerminalModes.Mode(TerminalModes.TTY_OP_ISPEED, 38400)));
        ChannelRequestBody b = new ChannelRequestBody.PtyReq("vt100", 80, 24, 0, 0, modes);
        assertEquals(hex("00000005 7674313030 00000050 00000018 00000000 00000000"
                + " 0000000b 35 00000001 80 00009600 00"), b.toBytes());
        assertEquals(b, ChannelRequestBody.decode("pty-req", b.toBytes()).orElseThrow());
    }

    @Test
    void everySessionRequestBody() {
        check(new ChannelRequestBody.X11Req(true, "MIT-MAGIC-COOKIE-1", "ab", 0),
                "01 00000012 4d49542d4d414749432d434f4f4b49452d31 00000002 6162 00000000");
        check(new ChannelRequestBody.Env("A", "b"), "00000001 41 00000001 62");
        check(new ChannelRequestBody.Shell(), "");
        check(new ChannelRequestBody.Subsystem("sftp"), "00000004 73667470");
        check(new ChannelRequestBody.WindowChange(132, 43, 1, 2), "00000084 0000002b 00000001 00000002");
        check(new ChannelRequestBody.XonXoff(false), "00");
        check(new ChannelRequestBody.Signal("INT"), "00000003 494e54");
        check(new ChannelRequestBody.ExitStatus(255), "000000ff");
        check(new ChannelRequestBody.ExitSignal("KILL", true, "m", ""), "00000004 4b494c4c 01 00000001 6d 00000000");
        check(new ChannelRequestBody.Break(500), "000001f4"); // RFC 4335 §3
        check(new ChannelRequestBody.Eow(), "");
        check(new ChannelRequestBody.Keepalive(), "");
        check(new ChannelRequestBody.AuthAgentReq(), "");
    }

    private static void check(ChannelRequestBody b, String bodyHex) {
        assertEquals(hex(bodyHex), b.toBytes(), b.requestType());
        assertEquals(b, ChannelRequestBody.decode(b.requestType(), hex(bodyHex)).orElseThrow());
    }

    @Test
    void globalRequestBodies() {
        GlobalRequestBody hk = new GlobalRequestBody.HostKeys(List.of(Bytes.fromHex("aa"), Bytes.fromHex("bbcc")));
        assertEquals(hex("00000001 aa 00000002 bbcc"), hk.toBytes());
        assertEquals(hk, GlobalRequestBody.decode(GlobalRequestBody.HOSTKEYS, hk.toBytes()).orElseThrow());
        GlobalRequestBody sl = new GlobalRequestBody.StreamlocalForward("/s");
        assertEquals(hex("00000002 2f73"), sl.toBytes());
        assertEquals(new GlobalRequestBody.CancelTcpipForward("a", 1),
                GlobalRequestBody.decode("cancel-tcpip-forward", hex("00000001 61 00000001")).orElseThrow());
        assertEquals(new GlobalRequestBody.NoMoreSessions(),
                GlobalRequestBody.decode("no-more-sessions@openssh.com", Bytes.EMPTY).orElseThrow());
    }

    @Test
    void streamlocalForwardAndCancelGlobalRequests() {
        // OpenSSH PROTOCOL §2.4: byte 80, "streamlocal-forward@openssh.com", true, string socket path
        GlobalRequestBody fwd = new GlobalRequestBody.StreamlocalForward("/tmp/s");
        GlobalRequest m = new GlobalRequest(fwd.requestName(), true, fwd.toBytes());
        golden(m, "50 0000001f 73747265616d6c6f63616c2d666f7277617264406f70656e7373682e636f6d 01 00000006 2f746d702f73");
        assertEquals(fwd, GlobalRequestBody.decode(m.requestName(), m.data()).orElseThrow());
        GlobalRequestBody cancel = new GlobalRequestBody.CancelStreamlocalForward("/tmp/s");
        GlobalRequest c = new GlobalRequest(cancel.requestName(), true, cancel.toBytes());
        golden(c, "50 00000026 63616e63656c2d73747265616d6c6f63616c2d666f7277617264406f70656e7373682e636f6d 01"
                + " 00000006 2f746d702f73");
        assertEquals(cancel, GlobalRequestBody.decode(c.requestName(), c.data()).orElseThrow());
        assertThrows(WireFormatException.class,
                () -> GlobalRequestBody.decode(GlobalRequestBody.STREAMLOCAL_FORWARD, hex("00000006 2f746d702f73 00")));
    }

    @Test
    void streamlocalChannelOpens() {
        // OpenSSH PROTOCOL §2.4: "direct-streamlocal@openssh.com", sender 3, window 0x200000, max 0x8000,
        // string socket path, string reserved, uint32 reserved
        ChannelOpenData d = new ChannelOpenData.DirectStreamlocal("/tmp/s", "", 0);
        golden(new ChannelOpen(d.channelType(), 3, 0x200000, 0x8000, d.toBytes()),
                "5a 0000001e 6469726563742d73747265616d6c6f63616c406f70656e7373682e636f6d 00000003 00200000 00008000"
                        + " 00000006 2f746d702f73 00000000 00000000");
        // "forwarded-streamlocal@openssh.com": string socket path, string reserved
        ChannelOpenData f = new ChannelOpenData.ForwardedStreamlocal("/tmp/s", "");
        golden(new ChannelOpen(f.channelType(), 4, 0x200000, 0x8000, f.toBytes()),
                "5a 00000021 666f727761726465642d73747265616d6c6f63616c406f70656e7373682e636f6d 00000004 00200000 00008000"
                        + " 00000006 2f746d702f73 00000000");
        assertThrows(WireFormatException.class,
                () -> ChannelOpenData.decode(ChannelOpenData.FORWARDED_STREAMLOCAL, hex("00000006 2f746d702f73")));
    }

    @Test
    void hostkeysProveRequestSignedDataAndReply() {
        // OpenSSH PROTOCOL §2.5: byte 80, "hostkeys-prove-00@openssh.com", true, string[] hostkeys
        GlobalRequestBody prove = new GlobalRequestBody.HostKeysProve(List.of(Bytes.fromHex("aa"), Bytes.fromHex("bbcc")));
        GlobalRequest m = new GlobalRequest(prove.requestName(), true, prove.toBytes());
        golden(m, "50 0000001d 686f73746b6579732d70726f76652d3030406f70656e7373682e636f6d 01 00000001 aa 00000002 bbcc");
        assertEquals(prove, GlobalRequestBody.decode(m.requestName(), m.data()).orElseThrow());
        // signed: string "hostkeys-prove-00@openssh.com", string session identifier, string hostkey
        assertEquals(hex("0000001d 686f73746b6579732d70726f76652d3030406f70656e7373682e636f6d 00000002 0102 00000001 aa"),
                Bytes.wrap(GlobalRequestBody.HostKeysProve.signedData(Bytes.fromHex("0102"), Bytes.fromHex("aa"))));
        // reply: byte 81, string[] signatures in request order
        RequestSuccess reply = new RequestSuccess(GlobalRequestBody.HostKeysProve.proofsReply(
                List.of(Bytes.fromHex("01"), Bytes.fromHex("0203"))));
        golden(reply, "51 00000001 01 00000002 0203");
        assertEquals(List.of(Bytes.fromHex("01"), Bytes.fromHex("0203")), GlobalRequestBody.HostKeysProve.proofs(reply.data()));
        assertThrows(WireFormatException.class, () -> GlobalRequestBody.HostKeysProve.proofs(hex("00000002 01")));
    }

    @Test
    void terminalModesAreBounded() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < TerminalModes.MAX_MODES + 1; i++) {
            many.append("3500000001");
        }
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> TerminalModes.decode(Bytes.fromHex(many + "00")));
        assertEquals(TerminalModes.MAX_MODES * 5, e.offset());
    }

    @Test
    void terminalModeNamesAndLookup() {
        assertEquals("ECHO", TerminalModes.name(53));
        assertEquals("IUTF8", TerminalModes.name(TerminalModes.IUTF8));
        assertEquals("TTY_OP_OSPEED", TerminalModes.name(129));
        assertEquals("OPCODE_99", TerminalModes.name(99));
        TerminalModes m = TerminalModes.decode(hex("35 00000000 80 00009600 00"));
        assertEquals(0, m.get(TerminalModes.ECHO, 1));
        assertEquals(38400, m.get(TerminalModes.TTY_OP_ISPEED, 0));
        assertEquals(7, m.get(TerminalModes.VINTR, 7));
    }

    @Test
    void terminalModesStopAtOpcode160AndTolerateMissingEnd() {
        assertEquals(List.of(new TerminalModes.Mode(1, 3)), TerminalModes.decode(hex("01 00000003 a0 ffff")).modes());
        assertEquals(List.of(new TerminalModes.Mode(1, 3)), TerminalModes.decode(hex("01 00000003")).modes());
        assertThrows(WireFormatException.class, () -> TerminalModes.decode(hex("01 0000")));
    }

    @Test
    void hugeClaimedLengthsAreRejectedBeforeAllocation() {
        // CHANNEL_DATA claiming a 2^31-1 byte string in a 9-byte body
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> ConnectionMessage.decode(Payload.parse(hex("5e 00000000 7fffffff 00"))));
        assertEquals(4, e.offset());
        assertThrows(WireFormatException.class,
                () -> ConnectionMessage.decode(Payload.parse(hex("5a ffffffff 00"))));
        assertThrows(WireFormatException.class,
                () -> GlobalRequestBody.decode(GlobalRequestBody.HOSTKEYS, hex("00000001 aa fffffff0")));
    }

    @Test
    void trailingBytesAndUnknownNumbersAreRejected() {
        assertThrows(WireFormatException.class, () -> ConnectionMessage.decode(Payload.parse(hex("60 00000001 00"))));
        assertThrows(WireFormatException.class, () -> ConnectionMessage.decode(Payload.parse(hex("65 00000001"))));
        assertThrows(WireFormatException.class,
                () -> ChannelRequestBody.decode("exit-status", hex("00000001 00")));
    }
}
