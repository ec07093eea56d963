package org.sshwire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.files.AuthorizedKeys;

/** The ready-made verifiers: authorized_keys options, the password table, address patterns. */
class VerifiersTest {
    static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

    static AuthorizedKeysVerifier verifier(String lines, Instant now) {
        AuthorizedKeys ak = AuthorizedKeys.parse(lines, ZoneOffset.UTC);
        return new AuthorizedKeysVerifier(u -> u.equals("alice") ? ak : null, TestKeys.C, Clock.fixed(now, ZoneOffset.UTC));
    }


    @Test
    void plainKeyIsAcceptedOnlyForItsUser() {
        AuthorizedKeysVerifier v = verifier(TestKeys.ED25519.publicKey().toOpenSshLine("a"), Instant.now());
        assertTrue(v.check("alice", TestKeys.ED25519.publicKey(), LOCAL).isPresent());
        assertFalse(v.check("bob", TestKeys.ED25519.publicKey(), LOCAL).isPresent());
        assertFalse(v.check("alice", TestKeys.ED25519_B.publicKey(), LOCAL).isPresent());
        assertEquals(Permissions.DEFAULT, v.check("alice", TestKeys.ED25519.publicKey(), LOCAL).orElseThrow());
    }

    @Test
    void fromIsCheckedAgainstTheClientAddress() throws Exception {
        AuthorizedKeysVerifier v = verifier("from=\"10.0.0.0/8,!10.9.9.9\" " + TestKeys.ED25519.publicKey().toOpenSshLine(""), Instant.now());
        assertTrue(v.check("alice", TestKeys.ED25519.publicKey(), InetAddress.getByName("10.1.2.3")).isPresent());
        assertFalse(v.check("alice", TestKeys.ED25519.publicKey(), InetAddress.getByName("10.9.9.9")).isPresent());
        assertFalse(v.check("alice", TestKeys.ED25519.publicKey(), LOCAL).isPresent());
        assertFalse(v.check("alice", TestKeys.ED25519.publicKey(), null).isPresent(), "unknown source fails closed");
        AuthorizedKeysVerifier glob = verifier("from=\"127.0.0.*\" " + TestKeys.ED25519.publicKey().toOpenSshLine(""), Instant.now());
        assertTrue(glob.check("alice", TestKeys.ED25519.publicKey(), LOCAL).isPresent());
    }

    @Test
    void expiryTimeIsHonoured() {
        String l = "expiry-time=\"20300101\" " + TestKeys.ED25519.publicKey().toOpenSshLine("");
        assertTrue(verifier(l, Instant.parse("2029-12-31T00:00:00Z")).check("alice", TestKeys.ED25519.publicKey(), LOCAL).isPresent());
        assertFalse(verifier(l, Instant.parse("2030-01-02T00:00:00Z")).check("alice", TestKeys.ED25519.publicKey(), LOCAL).isPresent());
    }

    @Test
    void commandAndRestrictBecomePermissions() {
        AuthorizedKeysVerifier v = verifier("restrict,pty,command=\"uptime\",permitopen=\"db:5432\" "
                + TestKeys.ED25519.publicKey().toOpenSshLine(""), Instant.now());
        Permissions p = v.check("alice", TestKeys.ED25519.publicKey(), LOCAL).orElseThrow();
        assertEquals("uptime", p.forceCommand().orElseThrow());
        assertEquals("db:5432", p.criticalOptions().get(Permissions.PERMIT_OPEN));
        assertTrue(p.hasExtension(Permissions.PERMIT_PTY));
        assertFalse(p.hasExtension(Permissions.PERMIT_PORT_FORWARDING));
    }

    @Test
    void certAuthorityLineDoesNotAcceptTheCaKeyItself() {
        AuthorizedKeysVerifier v = verifier("cert-authority " + TestKeys.ED25519.publicKey().toOpenSshLine(""), Instant.now());
        assertFalse(v.check("alice", TestKeys.ED25519.publicKey(), LOCAL).isPresent());
    }

    @Test
    void passwordTableComparesWholePasswordsAndKnowsNoStrangers() {
        PasswordTable t = PasswordTable.of(Map.of("alice", "secret"), TestKeys.C);
        assertTrue(t.matches("alice", "secret"));
        assertFalse(t.matches("alice", "secret "));
        assertFalse(t.matches("alice", "secre"));
        assertFalse(t.matches("bob", "secret"));
    }

    @Test
    void sourceAddressIsCidr() throws Exception {
        assertTrue(AddressPatterns.sourceAddressAllows("192.168.0.0/16,127.0.0.1", LOCAL));
        assertFalse(AddressPatterns.sourceAddressAllows("192.168.0.0/16", LOCAL));
        assertTrue(AddressPatterns.sourceAddressAllows("::1/128", InetAddress.getByName("::1")));
        assertFalse(AddressPatterns.sourceAddressAllows("localhost", LOCAL), "names are never resolved");
    }

    @Test
    void policyAnswersQueriesWithoutLoggingInAndKbdIntAsAPasswordPrompt() {
        ServerAuthPolicy policy = ServerAuthPolicy.builder()
                .publicKeys((u, k, c) -> k.equals(TestKeys.ED25519.publicKey()) ? java.util.Optional.of(Permissions.NONE) : java.util.Optional.empty())
                .passwords(PasswordTable.of(Map.of("alice", "pw"), TestKeys.C)::matches).build();
        assertTrue(policy.decide(new ServerAuthEvent.PublicKeyQuery(1, "alice", TestKeys.ED25519.publicKey(), "ssh-ed25519"), LOCAL)
                instanceof Decision.Accept);
        assertTrue(policy.decide(new ServerAuthEvent.PublicKeyVerified(1, "alice", TestKeys.ED25519_B.publicKey(), "ssh-ed25519"), LOCAL)
                instanceof Decision.Reject);
        Decision start = policy.decide(new ServerAuthEvent.KeyboardInteractiveStart(2, "alice", ""), LOCAL);
        assertEquals(List.of(new AuthMessage.Prompt("Password: ", false)), ((Decision.Challenge) start).prompts());
        assertTrue(policy.decide(new ServerAuthEvent.KeyboardInteractiveResponses(3, "alice", List.of("pw")), LOCAL) instanceof Decision.Accept);
        assertTrue(policy.decide(new ServerAuthEvent.PasswordCheck(4, "alice", "no", null), LOCAL) instanceof Decision.Reject);
    }
}
