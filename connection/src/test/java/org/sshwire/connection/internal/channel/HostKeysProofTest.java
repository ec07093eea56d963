package org.sshwire.connection.internal.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.connection.message.GlobalRequestBody;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SignatureBlob;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;

/** hostkeys-prove-00 signatures (OpenSSH PROTOCOL §2.5): round trips, and what must not verify. */
class HostKeysProofTest {
    static final CryptoBackend C = CryptoBackend.defaultBackend();
    static final SshKeyPair ED = SshKeyPair.generate("ssh-ed25519", 0, C);
    static final SshKeyPair EC = SshKeyPair.generate("ecdsa-sha2-nistp256", 0, C);
    static final SshKeyPair RSA = SshKeyPair.generate("ssh-rsa", 2048, C);
    static final Bytes SID = Bytes.fromHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    @Test
    void everyKeyTypeRoundTrips() {
        for (SshKeyPair k : List.of(ED, EC, RSA)) {
            Bytes sig = HostKeysProof.sign(k, SID, "ssh-ed25519", C);
            assertTrue(HostKeysProof.verify(k.publicKey(), sig, SID, "ssh-ed25519", C), k.toString());
        }
    }

    @Test
    void theSignatureCoversTheSpecifiedData() {
        // What the server signs is exactly PROTOCOL §2.5's data: an independent verify over it succeeds.
        Bytes sig = HostKeysProof.sign(ED, SID, "ssh-ed25519", C);
        byte[] data = GlobalRequestBody.HostKeysProve.signedData(SID, ED.publicKey().blob());
        assertTrue(ED.publicKey().verify(SignatureAlgorithm.SSH_ED25519, sig, data, C));
        // Ed25519 is deterministic: signing that data directly gives the same bytes.
        assertEquals(ED.sign(SignatureAlgorithm.SSH_ED25519, data, C), sig);
    }

    @Test
    void aTamperedProofIsRejected() {
        for (SshKeyPair k : List.of(ED, EC, RSA)) {
            byte[] sig = HostKeysProof.sign(k, SID, "ssh-ed25519", C).toArray();
            sig[sig.length - 1] ^= 1;
            assertFalse(HostKeysProof.verify(k.publicKey(), Bytes.wrap(sig), SID, "ssh-ed25519", C), k.toString());
        }
    }

    @Test
    void aProofFromAnotherSessionOrByAnotherKeyIsRejected() {
        Bytes sig = HostKeysProof.sign(ED, SID, "ssh-ed25519", C);
        Bytes otherSession = Bytes.fromHex("ff" + SID.toHex().substring(2));
        assertFalse(HostKeysProof.verify(ED.publicKey(), sig, otherSession, "ssh-ed25519", C));
        SshKeyPair other = SshKeyPair.generate("ssh-ed25519", 0, C);
        assertFalse(HostKeysProof.verify(other.publicKey(), sig, SID, "ssh-ed25519", C));
        assertFalse(HostKeysProof.verify(ED.publicKey(), Bytes.fromHex("00"), SID, "ssh-ed25519", C), "garbage");
    }

    @Test
    void rsaSignsWithTheNegotiatedRsaAlgorithmElseRsaSha2512() {
        assertEquals("rsa-sha2-512", SignatureBlob.parse(HostKeysProof.sign(RSA, SID, "ssh-ed25519", C)).algorithm());
        assertEquals("rsa-sha2-256", SignatureBlob.parse(HostKeysProof.sign(RSA, SID, "rsa-sha2-256", C)).algorithm());
        assertEquals("rsa-sha2-512", SignatureBlob.parse(HostKeysProof.sign(RSA, SID, "rsa-sha2-512", C)).algorithm());
        // The client requires the negotiated RSA algorithm (as ssh does) ...
        Bytes sha512 = HostKeysProof.sign(RSA, SID, "rsa-sha2-512", C);
        assertFalse(HostKeysProof.verify(RSA.publicKey(), sha512, SID, "rsa-sha2-256", C));
        assertTrue(HostKeysProof.verify(RSA.publicKey(), sha512, SID, "ecdsa-sha2-nistp256", C));
        // ... and never trusts SHA-1 ssh-rsa.
        Bytes sha1 = RSA.sign(SignatureAlgorithm.SSH_RSA, GlobalRequestBody.HostKeysProve.signedData(SID, RSA.publicKey().blob()), C);
        assertTrue(RSA.publicKey().verify(SignatureAlgorithm.SSH_RSA, sha1, GlobalRequestBody.HostKeysProve.signedData(SID, RSA.publicKey().blob()), C));
        assertFalse(HostKeysProof.verify(RSA.publicKey(), sha1, SID, "ssh-ed25519", C));
    }
}
