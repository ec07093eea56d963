package org.sshwire.transport;

import org.sshwire.transport.research.EnginePair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.ValueSource;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.DisconnectReason;
import org.sshwire.transport.wire.Payload;

/**
 * What real peers send that sshd tolerates, with the exact bytes: paramiko's IGNORE and its
 * repeated SERVICE_REQUEST, and the text line sshd answers a bad identification with.
 */
class PeerQuirksTest {
    private static final String SERVER_ID = "SSH-2.0-sshwire_test";

    private static EnginePair connected() {
        EnginePair p = new EnginePair(TransportConfig.client().build(), TestHostKeys.server().build());
        p.pump();
        return p;
    }

    /**
     * IGNORE bodies after the first key exchange: none at all, a string whose length runs past
     * the payload, and paramiko's {@code Transport.send_ignore(16)}, which writes byte 2 and 16
     * raw random bytes with no length (here a length of 0x9c3f07aa). sshd drops IGNORE unread.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "00000010" + "abcd", "9c3f07aa5d11e8c0427be1f0933a6d58"})
    void ignoreWithAnyBodyIsIgnored(String body) {
        EnginePair p = connected();
        p.client().sendRaw(new Payload(2, Bytes.fromHex(body)));
        p.client().requestService("ssh-userauth");
        p.pump();
        assertFalse(p.server().isClosed(), () -> p.serverEvents().toString());
        assertEquals(List.of(new TransportEvent.ServiceAccepted("ssh-userauth")),
                p.clientEvents(TransportEvent.ServiceAccepted.class));
    }

    /**
     * paramiko asks for ssh-userauth before each authentication attempt: 05 0000000c
     * "ssh-userauth" again after the first was accepted. sshd answers each with SERVICE_ACCEPT
     * until authentication succeeds; the layer above sees one ServiceAccepted (its
     * authentication, with its attempt counts, goes on).
     */
    @Test
    void repeatedUserauthServiceRequestIsAcceptedUntilAuthenticated() {
        List<Payload> serverOut = new ArrayList<>();
        // Our client takes one SERVICE_ACCEPT, as it asks once; it plays paramiko here, so the
        // answers to the repeated requests are taken off before it sees them.
        int[] accepts = {0};
        EnginePair p = new EnginePair(TransportConfig.client().interceptor((d, x) ->
                d == Direction.INBOUND && x.msgId() == 6 && accepts[0]++ > 0 ? List.of() : List.of(x)).build(),
                TestHostKeys.server().observer((d, seq, x) -> {
                    if (d == Direction.OUTBOUND) {
                        serverOut.add(x);
                    }
                }).build());
        p.pump();
        p.client().requestService("ssh-userauth");
        p.pump();
        Payload again = new Payload(5, Bytes.fromHex("0000000c" + Bytes.utf8("ssh-userauth").toHex()));
        p.client().sendRaw(again);
        p.client().sendRaw(again);
        p.pump();
        assertFalse(p.server().isClosed(), () -> p.serverEvents().toString());
        Payload accept = new Payload(6, Bytes.fromHex("0000000c" + Bytes.utf8("ssh-userauth").toHex()));
        assertEquals(3, serverOut.stream().filter(accept::equals).count(), serverOut::toString);
        assertEquals(1, p.serverEvents(TransportEvent.ServiceAccepted.class).size());

        p.server().markAuthenticated(); // after USERAUTH_SUCCESS sshd no longer handles SERVICE_REQUEST
        p.client().sendRaw(again);
        p.pump();
        assertEquals(DisconnectReason.PROTOCOL_ERROR, p.serverEvents(TransportEvent.Disconnected.class).get(0).reason());
    }

    @Test
    void aSecondRequestForAnotherServiceDisconnects() {
        EnginePair p = connected();
        p.client().requestService("ssh-userauth");
        p.pump();
        p.client().sendRaw(new Payload(5, Bytes.fromHex("0000000e" + Bytes.utf8("ssh-connection").toHex())));
        p.pump();
        assertEquals(DisconnectReason.PROTOCOL_ERROR, p.serverEvents(TransportEvent.Disconnected.class).get(0).reason());
    }

    private static String serverOutputFor(String clientBytes, boolean byteByByte) {
        TransportEngine server = new TransportEngine(TestHostKeys.server().identification(SERVER_ID).build());
        byte[] in = clientBytes.getBytes(StandardCharsets.ISO_8859_1);
        if (byteByByte) {
            for (byte b : in) {
                server.receive(ByteBuffer.wrap(new byte[] {b}));
            }
        } else {
            server.receive(ByteBuffer.wrap(in));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer b; (b = server.pollTransmit()) != null; ) {
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        }
        assertTrue(server.isClosed());
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * sshd (kex.c kex_exchange_identification / send_error) answers a client whose first line
     * is not an SSH identification, or a malformed one, with its own identification and
     * "Invalid SSH identification string.\r\n", and an identification of another major version
     * with "Protocol major versions differ.\r\n" — text, no packet. Checked live against sshd
     * in interop's IdentificationRefusalTest.
     */
    static Stream<Arguments> badIdentifications() {
        String invalid = "Invalid SSH identification string.";
        String differ = "Protocol major versions differ.";
        return Stream.of(Arguments.of("GET / HTTP/1.0\r\n\r\n", invalid), Arguments.of("SSH-\r\n", invalid),
                Arguments.of("SSH-2.0-\r\n", invalid), Arguments.of("SSH-2.0\r\n", invalid),
                Arguments.of("SSH-2.0-a\0b\r\n", invalid), Arguments.of("SSH-1.5-OpenSSH_3.0\r\n", differ),
                Arguments.of("SSH-3.0-future\r\n", differ));
    }

    @ParameterizedTest
    @MethodSource("badIdentifications")
    void aBadIdentificationGetsSshdsLine(String client, String line) {
        for (boolean split : new boolean[] {false, true}) {
            assertEquals(SERVER_ID + "\r\n" + line + "\r\n", serverOutputFor(client, split));
        }
    }

    @Test
    void theServerSendsItsKexinitOnlyAfterTheClientsIdentification() {
        TransportEngine server = new TransportEngine(TestHostKeys.server().identification(SERVER_ID).build());
        ByteBuffer first = server.pollTransmit();
        assertEquals(SERVER_ID + "\r\n", StandardCharsets.ISO_8859_1.decode(first).toString());
        assertNull(server.pollTransmit());
        server.receive(ByteBuffer.wrap("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer kexinit = server.pollTransmit();
        assertEquals(20, kexinit.get(kexinit.position() + 5), "SSH_MSG_KEXINIT");
    }

    @Test
    void aClientRefusingTheServersIdentificationSendsNothingMore() {
        TransportEngine client = new TransportEngine(TransportConfig.client().build());
        while (client.pollTransmit() != null) {
            // our identification and KEXINIT
        }
        client.receive(ByteBuffer.wrap("SSH-1.5-old\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(client.isClosed());
        assertNull(client.pollTransmit());
    }
}
