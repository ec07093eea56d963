package org.sshwire.auth.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.CertificateBuilder;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.WireFormatException;

/** Golden bytes and bounds of the agent protocol codec (draft-miller-ssh-agent §3–§5). */
class AgentMessageTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();

    @Test
    void requestsHaveTheDraftsBytes() {
        assertEquals("0b", new AgentMessage.RequestIdentities().encode().toHex());
        assertEquals("13", new AgentMessage.RemoveAllIdentities().encode().toHex());
        // SIGN_REQUEST: byte 13, string key, string data, uint32 flags (SSH_AGENT_RSA_SHA2_512 = 4).
        assertEquals("0d" + "00000002" + "aabb" + "00000001" + "cc" + "00000004",
                new AgentMessage.SignRequest(Bytes.fromHex("aabb"), Bytes.fromHex("cc"), AgentMessage.FLAG_RSA_SHA2_512).encode().toHex());
        assertEquals("16" + "00000003" + "616263", new AgentMessage.Lock(true, Bytes.utf8("abc")).encode().toHex());
        assertEquals("17" + "00000003" + "616263", new AgentMessage.Lock(false, Bytes.utf8("abc")).encode().toHex());
        // EXTENSION: byte 27, string name, then the extension's own contents without a length.
        assertEquals("1b" + "00000005" + "7175657279", new AgentMessage.Extension("query", Bytes.EMPTY).encode().toHex());
    }

    @Test
    void repliesDecode() {
        AgentMessage m = AgentMessage.decodeReply(Bytes.fromHex("0c" + "00000001" + "00000002aabb" + "00000001" + "63"));
        assertEquals(new AgentMessage.IdentitiesAnswer(List.of(new AgentMessage.KeyEntry(Bytes.fromHex("aabb"), "c"))), m);
        assertEquals(new AgentMessage.Failure(), AgentMessage.decodeReply(Bytes.fromHex("05")));
        assertEquals(new AgentMessage.Success(Bytes.EMPTY), AgentMessage.decodeReply(Bytes.fromHex("06")));
        assertEquals(new AgentMessage.SignResponse(Bytes.fromHex("01")), AgentMessage.decodeReply(Bytes.fromHex("0e0000000101")));
    }

    @Test
    void anIdentityCountBeyondTheMessageIsRefusedBeforeAllocation() {
        // 2^32-1 entries claimed in a 5-byte message.
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> AgentMessage.decodeReply(Bytes.fromHex("0cffffffff")));
        assertTrue(e.getMessage().contains("claims"), e.getMessage());
        assertThrows(WireFormatException.class, () -> AgentMessage.decodeReply(Bytes.fromHex("0c00000001000000")));
    }

    @Test
    void framingBoundsTheLengthBeforeReadingTheBody() throws IOException {
        byte[] tooLong = {0x00, 0x04, 0x00, 0x01}; // 256 KiB + 1
        IOException e = assertThrows(IOException.class, () -> AgentFraming.read(new ByteArrayInputStream(tooLong)));
        assertTrue(e.getMessage().contains("262145"), e.getMessage());
        assertThrows(IOException.class, () -> AgentFraming.read(new ByteArrayInputStream(new byte[] {0, 0, 0, 0})));
        assertNull(AgentFraming.read(new ByteArrayInputStream(new byte[0])));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AgentFraming.write(out, Bytes.fromHex("0b"));
        assertEquals("000000010b", Bytes.wrap(out.toByteArray()).toHex());
        assertEquals("0b", AgentFraming.read(new ByteArrayInputStream(out.toByteArray())).toHex());
    }

    @Test
    void addIdentityWithConstraintsRoundTrips() {
        SshKeyPair key = SshKeyPair.generate("ssh-ed25519", 0, C);
        SshKeyPair host = SshKeyPair.generate("ssh-ed25519", 0, C);
        AgentConstraint.Destination d = new AgentConstraint.Destination(new AgentConstraint.Hop("", "", List.of()),
                new AgentConstraint.Hop("", "server.example", List.of(new AgentConstraint.HostKeySpec(host.publicKey().blob(), false))));
        AgentMessage.AddIdentity add = new AgentMessage.AddIdentity(key, "me", List.of(
                new AgentConstraint.Lifetime(60), new AgentConstraint.Confirm(), new AgentConstraint.RestrictDestination(List.of(d))));
        Bytes wire = add.encode();
        assertEquals(AgentMessage.ADD_ID_CONSTRAINED, wire.get(0));
        AgentMessage back = AgentMessage.decodeRequest(wire, C);
        AgentMessage.AddIdentity a = assertInstanceOf(AgentMessage.AddIdentity.class, back);
        assertTrue(a.key().sameKeyAs(key));
        assertEquals(add.constraints(), a.constraints());
        assertEquals(wire, a.encode());
        // Lifetime: byte 1, uint32 seconds; confirm: byte 2 (draft §4.2.6.1–2).
        assertTrue(wire.toHex().contains("00000002" + "6d65" + "010000003c02ff"), wire.toHex());
    }

    @Test
    void rsaAndEcdsaKeysAndCertificatesRoundTrip() {
        SshKeyPair ca = SshKeyPair.generate("ssh-ed25519", 0, C);
        for (String type : List.of("ssh-rsa", "ecdsa-sha2-nistp256", "ssh-ed25519")) {
            SshKeyPair key = SshKeyPair.generate(type, type.equals("ssh-rsa") ? 2048 : 0, C);
            SshCertificate cert = new CertificateBuilder(key.publicKey(), SshCertificate.CertType.USER).keyId("id")
                    .principals(List.of("alice")).sign(ca, org.sshwire.transport.keys.SignatureAlgorithm.SSH_ED25519, C);
            for (SshKeyPair k : List.of(key, key.withCertificate(cert))) {
                Bytes wire = new AgentMessage.AddIdentity(k, "c", List.of()).encode();
                AgentMessage.AddIdentity a = (AgentMessage.AddIdentity) AgentMessage.decodeRequest(wire, C);
                assertTrue(a.key().sameKeyAs(key), type);
                assertEquals(k.certificate(), a.key().certificate(), type);
                assertEquals(wire, a.encode(), type);
            }
        }
    }

    @Test
    void constraintsTheAgentCannotHonourAreRefused() {
        // An unknown constraint extension cannot be skipped (its contents have no length).
        Bytes unknown = Bytes.fromHex("ff" + "00000003" + "78797a");
        assertThrows(WireFormatException.class, () -> AgentConstraint.decodeAll(new org.sshwire.transport.wire.SshReader(unknown)));
        assertThrows(WireFormatException.class, () -> AgentConstraint.decodeAll(new org.sshwire.transport.wire.SshReader(Bytes.fromHex("0202"))));
        assertThrows(WireFormatException.class, () -> AgentConstraint.decodeAll(new org.sshwire.transport.wire.SshReader(Bytes.fromHex("03"))));
        // "to" without host keys is incomplete (ssh-agent's parse_dest_constraint).
        AgentConstraint.Destination bad = new AgentConstraint.Destination(new AgentConstraint.Hop("", "", List.of()),
                new AgentConstraint.Hop("", "h", List.of()));
        org.sshwire.transport.wire.SshWriter w = new org.sshwire.transport.wire.SshWriter();
        new AgentConstraint.RestrictDestination(List.of(bad)).encode(w);
        assertThrows(WireFormatException.class, () -> AgentConstraint.decodeAll(new org.sshwire.transport.wire.SshReader(w.toBytes())));
    }

    /** The request decoder is total: a message, or a WireFormatException / KeyFormatException. */
    @Property(tries = 2000)
    void requestDecoderIsTotal(@ForAll @Size(min = 1, max = 300) byte[] bytes) {
        try {
            AgentMessage.decodeRequest(Bytes.wrap(bytes), C);
        } catch (WireFormatException | KeyFormatException expected) {
            // refused with a clear error
        }
    }

    @Property(tries = 2000)
    void replyDecoderIsTotal(@ForAll @Size(min = 1, max = 300) byte[] bytes) {
        try {
            AgentMessage.decodeReply(Bytes.wrap(bytes));
        } catch (WireFormatException expected) {
            // refused with a clear error
        }
    }
}
