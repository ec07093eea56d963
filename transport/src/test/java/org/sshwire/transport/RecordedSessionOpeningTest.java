package org.sshwire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sshwire.testvectors.FlowRecording;
import org.sshwire.testvectors.FlowRecording.Direction;
import org.sshwire.transport.kex.KexInit;
import org.sshwire.transport.internal.packet.PacketDeframer;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.internal.VersionExchange;

/**
 * The cleartext start of every recorded Go ↔ OpenSSH 9.9/10.0 session, in both directions: the
 * identification line, then the first binary packet, which is a KEXINIT that decodes and
 * re-encodes to the exact recorded bytes.
 */
class RecordedSessionOpeningTest {

    static List<String> recordings() {
        return FlowRecording.names();
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("recordings")
    void identificationAndKexInitParseExactlyInBothDirections(String name) {
        FlowRecording rec = FlowRecording.load(name);
        for (Direction d : Direction.values()) {
            ByteBuffer in = ByteBuffer.wrap(rec.stream(d));
            VersionExchange version = new VersionExchange(d == Direction.SERVER_TO_CLIENT);
            assertTrue(version.receive(in), name + " " + d + ": identification");
            assertTrue(version.identification().startsWith("SSH-2.0-"));

            Bytes payload = new PacketDeframer().poll(in);
            assertNotNull(payload, name + " " + d + ": first packet complete");
            Payload p = Payload.parse(payload);
            KexInit k = KexInit.decode(p);
            assertEquals(payload, k.toPayload().toBytes(), name + " " + d + ": re-encodes byte-exact");
            assertTrue(k.kexAlgorithms().size() > 0);
        }
    }
}
