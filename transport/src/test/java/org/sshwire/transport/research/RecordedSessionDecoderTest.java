package org.sshwire.transport.research;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sshwire.testvectors.FlowRecording;
import org.sshwire.testvectors.FlowRecording.Direction;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.crypto.KeyAgreements;
import org.sshwire.transport.internal.kex.DhGroup;
import org.sshwire.transport.kex.RecordedKeyExchange;
import org.sshwire.transport.wire.MessageNumbers;
import org.sshwire.transport.wire.Payload;
import org.sshwire.transport.wire.SshReader;

/**
 * Every recorded Go ↔ OpenSSH 9.9/10.0 session, decoded offline: Go's ephemeral secret is found in
 * its deterministic random stream by matching the public value it sent; from it K and H are
 * recomputed, OpenSSH's (or Go's) host key signature over H verifies, and every packet of both
 * directions decrypts and authenticates.
 */
class RecordedSessionDecoderTest {
    static final CryptoBackend CRYPTO = CryptoBackend.defaultBackend();

    static List<String> recordings() {
        return FlowRecording.names();
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("recordings")
    void everyPacketOfBothDirectionsDecryptsAndAuthenticates(String name) {
        FlowRecording rec = FlowRecording.load(name);
        boolean goIsClient = name.startsWith("Client-");
        SessionDecoder.Transcript t = SessionDecoder.transcript(rec.stream(Direction.CLIENT_TO_SERVER),
                rec.stream(Direction.SERVER_TO_CLIENT));
        RecordedKeyExchange.Secret secret = goSecret(t, goIsClient);
        SessionDecoder.Session s = SessionDecoder.decode(t, goIsClient, secret, CRYPTO);

        if (name.equals("Client-HostKeyCheck")) {
            // Go's client rejects the host key after verifying its signature, so it never sends NEWKEYS:
            // K, H and the signature verified above; there is nothing encrypted to decode.
            assertEquals("CLIENT_TO_SERVER: ends before NEWKEYS", s.stoppedAt());
            return;
        }
        assertNull(s.stoppedAt(), name + ": " + s.stoppedAt());
        List<SessionDecoder.Packet> encrypted = s.packets().stream()
                .filter(p -> p.payload().msgId() != MessageNumbers.SSH_MSG_KEXINIT && !(p.payload().msgId() >= 30 && p.payload().msgId() <= 49))
                .toList();
        assertTrue(encrypted.stream().anyMatch(p -> p.payload().msgId() == MessageNumbers.SSH_MSG_SERVICE_REQUEST),
                name + ": the client's SERVICE_REQUEST decrypted; packets " + s.packets());
        assertTrue(encrypted.stream().anyMatch(p -> p.payload().msgId() == MessageNumbers.SSH_MSG_SERVICE_ACCEPT),
                name + ": the server's SERVICE_ACCEPT decrypted");
        // Cipher recordings: the negotiated cipher is the one the file is named after.
        if (name.contains("-Cipher-")) {
            assertEquals(name.substring(name.indexOf("-Cipher-") + 8), s.transcript().algorithms().cipherClientToServer());
        }
        if (name.contains("-KEX-")) {
            assertEquals(name.substring(name.indexOf("-KEX-") + 5), s.transcript().algorithms().kex());
        }
    }

    /** Go's ephemeral secret: the window of its random stream that produces the public value it sent. */
    static RecordedKeyExchange.Secret goSecret(SessionDecoder.Transcript t, boolean goIsClient) {
        KeyAgreements ka = CRYPTO.keyAgreements();
        String kex = t.algorithms().kex();
        if (kex.startsWith("curve25519")) {
            byte[] pub = goIsClient ? string(t.clientKex().get(0), 0) : string(t.serverKex().get(0), 1);
            return new RecordedKeyExchange.X25519Key(GoTestRandom.find(32, w -> Arrays.equals(ka.x25519Public(w), pub)));
        }
        if (kex.equals("mlkem768x25519-sha256")) {
            byte[] init = string(t.clientKex().get(0), 0);
            byte[] pk = Arrays.copyOf(init, KeyAgreements.MLKEM768_PUBLIC_LENGTH);
            byte[] x = Arrays.copyOfRange(init, pk.length, init.length);
            byte[] seed = GoTestRandom.find(64, w -> Arrays.equals(ka.mlkem768FromSeed(w).publicKey(), pk));
            byte[] priv = GoTestRandom.find(32, w -> Arrays.equals(ka.x25519Public(w), x));
            return new RecordedKeyExchange.HybridClientKeys(seed, priv);
        }
        DhGroup group;
        BigInteger pub;
        BigInteger max; // Go draws x = rand.Int(rand, max)
        if (kex.startsWith("diffie-hellman-group-exchange")) {
            SshReader g = t.serverKex().get(0).reader();
            group = new DhGroup("recorded", g.readMpint(), g.readMpint());
            pub = goIsClient ? t.clientKex().get(1).reader().readMpint() : mpintAfterString(t.serverKex().get(1));
            max = group.p().shiftRight(1); // Go's group exchange uses p/2
        } else {
            group = kex.contains("group16") ? DhGroup.GROUP16 : kex.contains("group18") ? DhGroup.GROUP18 : DhGroup.GROUP14;
            pub = goIsClient ? t.clientKex().get(0).reader().readMpint() : mpintAfterString(t.serverKex().get(0));
            max = group.p().subtract(BigInteger.ONE);
        }
        int len = (max.bitLength() + 7) / 8;
        byte[] w = GoTestRandom.find(len, c -> {
            BigInteger x = GoTestRandom.goRandInt(c, max);
            return x.signum() > 0 && x.compareTo(max) < 0 && group.g().modPow(x, group.p()).equals(pub);
        });
        return new RecordedKeyExchange.DhExponent(GoTestRandom.goRandInt(w, max));
    }

    private static byte[] string(Payload p, int index) {
        SshReader r = p.reader();
        for (int i = 0; i < index; i++) {
            r.skipString();
        }
        return r.readStringArray();
    }

    private static BigInteger mpintAfterString(Payload p) {
        SshReader r = p.reader();
        r.skipString();
        return r.readMpint();
    }
}
