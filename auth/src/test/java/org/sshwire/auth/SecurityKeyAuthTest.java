package org.sshwire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.transport.keys.SecurityKeyPublicKey;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;
import org.sshwire.transport.wire.Bytes;
import org.sshwire.transport.wire.SshReader;
import org.sshwire.transport.wire.SshWriter;

/**
 * FIDO security-key logins (PROTOCOL.u2f) on our server: the authenticator's flags decide, as in
 * sshd's auth2-pubkey.c. The "authenticator" here is an Ed25519 or ECDSA key signing the
 * assertion (SHA-256(application) || flags || counter || SHA-256(data)) itself, so every flag
 * combination can be produced; real authenticators (sk-dummy.so) are in the interop tests.
 */
class SecurityKeyAuthTest {
    private static final SshKeyPair ED = SshKeyPair.generate("ssh-ed25519", 0, TestKeys.C);
    private static final SecurityKeyPublicKey SK_ED = new SecurityKeyPublicKey(ED.publicKey(), "ssh:");
    private static final SecurityKeyPublicKey SK_EC = new SecurityKeyPublicKey(TestKeys.ECDSA.publicKey(), "ssh:");

    @Test
    void parsesOpenSshPublicKeyLinesOfBothTypes() {
        // ssh-keygen -t ed25519-sk / ecdsa-sk -w sk-dummy.so output.
        SshPublicKey ed = org.sshwire.transport.keys.KeyFiles.readPublicKeyLine("sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAIKeAKvI3v5TfIAjKl8Tyqw3HlJR5nACUUnPzDhJVFDiaAAAABHNzaDo= root@vm");
        SshPublicKey ec = org.sshwire.transport.keys.KeyFiles.readPublicKeyLine("sk-ecdsa-sha2-nistp256@openssh.com AAAAInNrLWVjZHNhLXNoYTItbmlzdHAyNTZAb3BlbnNzaC5jb20AAAAIbmlzdHAyNTYAAABBBGmhJOrYMHicsWDHJKjOxBoyDC6KurW0RBAB7LPnq0NQQ4OHHMlBVt93y0GB+DEqBzz5jTC572tx3+j1VRyrsZkAAAAEc3NoOg== root@vm");
        assertEquals("sk-ssh-ed25519@openssh.com", ed.keyType());
        assertEquals("ssh:", ((SecurityKeyPublicKey) ed).application());
        assertEquals("sk-ecdsa-sha2-nistp256@openssh.com", ec.keyType());
        assertEquals(ed, SshPublicKey.parse(ed.blob()), "blob round trip");
        assertEquals(ec, SshPublicKey.parse(ec.blob()), "blob round trip");
    }

    @Test
    void aTouchedSignatureLogsInBothKeyTypes() {
        for (SecurityKeyPublicKey k : List.of(SK_ED, SK_EC)) {
            RawClient c = new RawClient(ServerAuthConfig.builder().build());
            c.pair.answers(q -> Decision.accept());
            c.send(signed(c, k, SecurityKeyPublicKey.USER_PRESENT, false), "alice");
            assertEquals(List.of(52), c.replies(), k.keyType());
            assertEquals(k, c.pair.serverAuth.result().key());
        }
    }

    @Test
    void withoutTheUserPresenceFlagTheLoginIsRefusedUnlessNoTouchRequired() {
        for (SecurityKeyPublicKey k : List.of(SK_ED, SK_EC)) {
            RawClient c = new RawClient(ServerAuthConfig.builder().build());
            c.pair.answers(q -> Decision.accept());
            c.send(signed(c, k, 0, false), "alice");
            assertEquals(List.of(51), c.replies(), k.keyType());
            assertTrue(c.pair.serverEvents(ServerAuthEvent.AttemptFailed.class).stream()
                    .anyMatch(f -> f.why().contains("user presence")));
            // authorized_keys no-touch-required (an extension of the granted permissions).
            RawClient ok = new RawClient(ServerAuthConfig.builder().build());
            ok.pair.answers(q -> Decision.accept(Permissions.DEFAULT.withExtension(Permissions.NO_TOUCH_REQUIRED, "")));
            ok.send(signed(ok, k, 0, false), "alice");
            assertEquals(List.of(52), ok.replies(), k.keyType());
            // ... but PubkeyAuthOptions touch-required overrides it.
            RawClient strict = new RawClient(ServerAuthConfig.builder().pubkeyAuthOptions(true, false).build());
            strict.pair.answers(q -> Decision.accept(Permissions.DEFAULT.withExtension(Permissions.NO_TOUCH_REQUIRED, "")));
            strict.send(signed(strict, k, 0, false), "alice");
            assertEquals(List.of(51), strict.replies(), k.keyType());
        }
    }

    @Test
    void verifyRequiredDemandsTheUserVerifiedFlag() {
        RawClient c = new RawClient(ServerAuthConfig.builder().pubkeyAuthOptions(false, true).build());
        c.pair.answers(q -> Decision.accept());
        c.send(signed(c, SK_ED, SecurityKeyPublicKey.USER_PRESENT, false), "alice");
        c.send(signed(c, SK_ED, SecurityKeyPublicKey.USER_PRESENT | SecurityKeyPublicKey.USER_VERIFIED, false), "alice");
        assertEquals(List.of(51, 52), c.replies());
        RawClient k = new RawClient(ServerAuthConfig.builder().build());
        k.pair.answers(q -> Decision.accept(Permissions.DEFAULT.withCriticalOption(Permissions.VERIFY_REQUIRED, "")));
        k.send(signed(k, SK_ED, SecurityKeyPublicKey.USER_PRESENT, false), "alice");
        assertEquals(List.of(51), k.replies(), "authorized_keys verify-required");
    }

    @Test
    void aTamperedFlagsByteOrCounterDoesNotVerify() {
        RawClient c = new RawClient(ServerAuthConfig.builder().build());
        c.pair.answers(q -> Decision.accept(Permissions.DEFAULT.withExtension(Permissions.NO_TOUCH_REQUIRED, "")));
        c.send(signed(c, SK_ED, 0, true), "alice");
        assertEquals(List.of(51), c.replies());
        assertTrue(c.pair.serverEvents(ServerAuthEvent.PublicKeyVerified.class).isEmpty(), "never reached the application");
        assertFalse(c.pair.serverAuth.isAuthenticated());
    }

    /** A publickey request signed the way an authenticator would; {@code lie} sets UP after signing. */
    private static AuthMethod.PublicKey signed(RawClient c, SecurityKeyPublicKey key, int flags, boolean lie) {
        String alg = key.keyType();
        Bytes blob = key.blob();
        byte[] data = SignedData.publicKey(c.sessionId(), "alice", "ssh-connection", alg, blob);
        long counter = 7;
        byte[] assertion = new SshWriter().writeRaw(sha256("ssh:".getBytes(StandardCharsets.UTF_8))).writeByte(flags)
                .writeUint32(counter).writeRaw(sha256(data)).toByteArray();
        Bytes inner;
        if (key.key().equals(ED.publicKey())) {
            inner = innerSignature(ED.sign(SignatureAlgorithm.SSH_ED25519, assertion, TestKeys.C));
        } else {
            inner = innerSignature(TestKeys.ECDSA.sign(SignatureAlgorithm.ECDSA_SHA2_NISTP256, assertion, TestKeys.C));
        }
        Bytes sig = new SshWriter().writeUtf8(alg).writeString(inner).writeByte(lie ? flags | 1 : flags).writeUint32(counter).toBytes();
        return new AuthMethod.PublicKey(alg, blob, sig);
    }

    private static Bytes innerSignature(Bytes plainBlob) {
        SshReader r = new SshReader(plainBlob);
        r.readUtf8();
        return r.readString();
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
