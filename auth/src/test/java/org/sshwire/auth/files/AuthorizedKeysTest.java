package org.sshwire.auth.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;

class AuthorizedKeysTest {
    static final SshPublicKey KEY = SshKeyPair.generate("ssh-ed25519", 0, CryptoBackend.defaultBackend()).publicKey();
    static final SshPublicKey OTHER = SshKeyPair.generate("ecdsa-sha2-nistp256", 0, CryptoBackend.defaultBackend()).publicKey();
    static final String K = KEY.toOpenSshLine(null);

    private static AuthorizedKeys.Entry line(String options) {
        return AuthorizedKeys.parseLine(options + " " + K + " alice@laptop", 1, ZoneOffset.UTC);
    }

    @Test
    void bareKeyLineAllowsEverythingAndKeepsTheComment() {
        AuthorizedKeys.Entry e = AuthorizedKeys.parseLine(K + " alice@laptop", 1, ZoneOffset.UTC);
        assertEquals(KeyRestrictions.NONE, e.restrictions());
        assertEquals(KEY, e.key());
        assertEquals("alice@laptop", e.comment());
    }

    @Test
    void everyOptionIsParsedIntoTheRestrictions() {
        KeyRestrictions r = line("command=\"echo \\\"hi, there\\\"\",from=\"10.0.0.0/8,!10.1.*\",no-pty,no-port-forwarding,"
                + "no-agent-forwarding,no-X11-forwarding,permitopen=\"db:5432\",permitopen=\"[::1]:*\",permitlisten=\"8080\","
                + "environment=\"LANG=C\",expiry-time=\"20300101\",no-user-rc,tunnel=\"3\"").restrictions();
        assertEquals("echo \"hi, there\"", r.command());
        assertEquals(List.of("10.0.0.0/8", "!10.1.*"), r.from());
        assertFalse(r.pty());
        assertFalse(r.portForwarding());
        assertFalse(r.agentForwarding());
        assertFalse(r.x11Forwarding());
        assertFalse(r.userRc());
        assertEquals(List.of("db:5432", "[::1]:*"), r.permitOpen());
        assertEquals(List.of("8080"), r.permitListen());
        assertEquals(List.of("LANG=C"), r.environment());
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), r.expiry());
        assertTrue(r.validAt(Instant.parse("2029-12-31T23:59:59Z")));
        assertFalse(r.validAt(Instant.parse("2030-01-01T00:00:00Z")));
        assertEquals(3, r.tunnel());
        assertFalse(r.certAuthority());
    }

    @Test
    void restrictTurnsEverythingOffAndLaterOptionsTurnSinglePermissionsBackOn() {
        KeyRestrictions r = line("restrict,pty,port-forwarding").restrictions();
        assertTrue(r.pty());
        assertTrue(r.portForwarding());
        assertFalse(r.agentForwarding());
        assertFalse(r.x11Forwarding());
        assertFalse(r.userRc());
        KeyRestrictions r2 = line("RESTRICT,X11-forwarding,agent-forwarding,user-rc").restrictions();
        assertTrue(r2.x11Forwarding() && r2.agentForwarding() && r2.userRc());
        assertFalse(r2.pty());
    }

    @Test
    void certAuthorityWithPrincipals() {
        KeyRestrictions r = line("cert-authority,principals=\"alice,deploy\"").restrictions();
        assertTrue(r.certAuthority());
        assertEquals(List.of("alice", "deploy"), r.principals());
        assertNull(KeyRestrictions.NONE.principals());
    }

    @Test
    void expiryTimeWithMinutesSecondsAndZones() {
        assertEquals(Instant.parse("2030-06-01T12:34:56Z"), line("expiry-time=\"20300601123456Z\"").restrictions().expiry());
        assertEquals(Instant.parse("2030-06-01T10:34:00Z"),
                AuthorizedKeys.parseLine("expiry-time=\"203006011234\" " + K, 1, ZoneOffset.ofHours(2)).restrictions().expiry());
    }

    @ParameterizedTest
    @ValueSource(strings = {"command=unquoted", "command=\"unterminated", "no-pty=\"x\"", "bogus-option", "permitopen=\"noport\"",
            "environment=\"NOVALUE\"", "expiry-time=\"2030\"", "expiry-time=\"20301341\"", "tunnel=\"x\"", "command=\"a\",command=\"b\""})
    void badOptionsAreKeyFormatExceptions(String options) {
        assertThrows(KeyFormatException.class, () -> line(options));
    }

    @Test
    void fileParsingSkipsCommentsAndReportsBadLines() {
        String file = "# comment\n\n" + K + " one\nno-pty " + OTHER.toOpenSshLine("two") + "\nnonsense line here\n"
                + "cert-authority " + OTHER.toOpenSshLine("ca") + "\n";
        AuthorizedKeys ak = AuthorizedKeys.parse(file, ZoneOffset.UTC);
        assertEquals(3, ak.entries().size());
        assertEquals(1, ak.errors().size());
        assertEquals(5, ak.errors().get(0).lineNumber());
        assertEquals("one", ak.find(KEY).orElseThrow().comment());
        assertFalse(ak.find(OTHER).orElseThrow().restrictions().pty());
        assertEquals(4, ak.find(OTHER).orElseThrow().lineNumber());
    }
}
