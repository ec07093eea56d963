package org.sshwire.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.WireFormatException;
import org.sshwire.auth.AuthMessage;
import org.sshwire.auth.AuthMethod;

/** Golden bytes for every authentication message (RFC 4252 §5–§8, RFC 4256 §3). */
class AuthMessagesTest {

    static void golden(AuthMessage m, AuthMessages.Context ctx, String hex) {
        Payload p = m.toPayload();
        assertEquals(hex, p.toBytes().toHex());
        assertEquals(m, AuthMessages.decode(Payload.parse(Bytes.fromHex(hex)), ctx));
    }

    @Test
    void requestNone() {
        golden(new AuthMessage.Request("a", "ssh-connection", new AuthMethod.None()), AuthMessages.Context.NONE,
                "32" + "0000000161" + "0000000e7373682d636f6e6e656374696f6e" + "000000046e6f6e65");
    }

    @Test
    void requestPasswordAndChange() {
        golden(new AuthMessage.Request("a", "s", new AuthMethod.Password("pw", null)), AuthMessages.Context.NONE,
                "32" + "0000000161" + "0000000173" + "0000000870617373776f7264" + "00" + "000000027077");
        golden(new AuthMessage.Request("a", "s", new AuthMethod.Password("pw", "n")), AuthMessages.Context.NONE,
                "32" + "0000000161" + "0000000173" + "0000000870617373776f7264" + "01" + "000000027077" + "000000016e");
    }

    @Test
    void requestPublicKeyQueryAndSigned() {
        golden(new AuthMessage.Request("a", "s", new AuthMethod.PublicKey("k", Bytes.fromHex("0102"), null)), AuthMessages.Context.NONE,
                "32" + "0000000161" + "0000000173" + "000000097075626c69636b6579" + "00" + "000000016b" + "000000020102");
        golden(new AuthMessage.Request("a", "s", new AuthMethod.PublicKey("k", Bytes.fromHex("0102"), Bytes.fromHex("ff"))),
                AuthMessages.Context.NONE,
                "32" + "0000000161" + "0000000173" + "000000097075626c69636b6579" + "01" + "000000016b" + "000000020102" + "00000001ff");
    }

    @Test
    void requestKeyboardInteractiveAndHostBased() {
        golden(new AuthMessage.Request("a", "s", new AuthMethod.KeyboardInteractive("", "pam")), AuthMessages.Context.NONE,
                "32" + "0000000161" + "0000000173" + "000000146b6579626f6172642d696e746572616374697665" + "00000000" + "0000000370616d");
        golden(new AuthMessage.Request("a", "s", new AuthMethod.HostBased("k", Bytes.fromHex("01"), "h", "u", Bytes.fromHex("02"))),
                AuthMessages.Context.NONE,
                "32" + "0000000161" + "0000000173" + "00000009686f737462617365" + "64" + "000000016b" + "0000000101"
                        + "0000000168" + "0000000175" + "0000000102");
    }

    @Test
    void unknownMethodKeepsItsFieldsRaw() {
        golden(new AuthMessage.Request("a", "s", new AuthMethod.Unknown("x", Bytes.fromHex("abcd"))), AuthMessages.Context.NONE,
                "32" + "0000000161" + "0000000173" + "0000000178" + "abcd");
    }

    @Test
    void serverMessages() {
        golden(new AuthMessage.Failure(List.of("publickey", "password"), true), AuthMessages.Context.NONE,
                "33" + "000000127075626c69636b65792c70617373776f7264" + "01");
        golden(new AuthMessage.Success(), AuthMessages.Context.NONE, "34");
        golden(new AuthMessage.Banner("hi\n", ""), AuthMessages.Context.NONE, "35" + "0000000368690a" + "00000000");
        golden(new AuthMessage.PkOk("k", Bytes.fromHex("01")), AuthMessages.Context.PUBLICKEY, "3c" + "000000016b" + "0000000101");
        golden(new AuthMessage.PasswdChangeReq("p", ""), AuthMessages.Context.PASSWORD, "3c" + "0000000170" + "00000000");
        golden(new AuthMessage.InfoRequest("n", "i", "", List.of(new AuthMessage.Prompt("P: ", false), new AuthMessage.Prompt("E", true))),
                AuthMessages.Context.KEYBOARD_INTERACTIVE,
                "3c" + "000000016e" + "0000000169" + "00000000" + "00000002" + "00000003503a20" + "00" + "0000000145" + "01");
        golden(new AuthMessage.InfoResponse(List.of("x", "")), AuthMessages.Context.KEYBOARD_INTERACTIVE,
                "3d" + "00000002" + "0000000178" + "00000000");
    }

    @Test
    void sixtyAndSixtyOneNeedTheirMethod() {
        Payload pkOk = new AuthMessage.PkOk("k", Bytes.fromHex("01")).toPayload();
        assertThrows(WireFormatException.class, () -> AuthMessages.decode(pkOk, AuthMessages.Context.NONE));
        Payload resp = new AuthMessage.InfoResponse(List.of()).toPayload();
        assertThrows(WireFormatException.class, () -> AuthMessages.decode(resp, AuthMessages.Context.PASSWORD));
    }

    @Test
    void trailingBytesAndNonBooleanFlagsAreRejected() {
        assertThrows(WireFormatException.class, () -> AuthMessages.decode(Payload.parse(Bytes.fromHex("3400")), AuthMessages.Context.NONE));
        assertThrows(WireFormatException.class, () -> AuthMessages.decode(
                Payload.parse(Bytes.fromHex("33" + "00000000" + "02")), AuthMessages.Context.NONE));
    }
}
