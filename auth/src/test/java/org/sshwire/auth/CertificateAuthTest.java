package org.sshwire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sshwire.auth.files.AuthorizedKeys;
import org.sshwire.transport.keys.CertChecker;
import org.sshwire.transport.keys.CertificateBuilder;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshKeyPair;

/** User certificates: the CA verifier, authorized_keys cert-authority lines, and a login in memory. */
class CertificateAuthTest {
    static final SshKeyPair CA = SshKeyPair.generate("ssh-ed25519", 0, TestKeys.C);
    static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

    static SshCertificate cert(List<String> principals, String sourceAddress, Instant before) {
        CertificateBuilder b = new CertificateBuilder(TestKeys.ED25519.publicKey(), SshCertificate.CertType.USER)
                .keyId("test").principals(principals).validity(Instant.now().minus(Duration.ofMinutes(5)), before)
                .criticalOption("force-command", "/bin/date").defaultUserExtensions();
        if (sourceAddress != null) {
            b.criticalOption("source-address", sourceAddress);
        }
        return b.sign(CA, SignatureAlgorithm.SSH_ED25519, TestKeys.C);
    }

    static final Instant LATER = Instant.now().plus(Duration.ofHours(1));

    @Test
    void caVerifierAcceptsACertificateNamingTheUserAndCarriesItsOptions() {
        CertificateAuthorityVerifier v = new CertificateAuthorityVerifier(CertChecker.userAuthority(CA.publicKey()::equals, TestKeys.C));
        Permissions p = v.check("alice", cert(List.of("alice"), null, LATER), LOCAL).orElseThrow();
        assertEquals("/bin/date", p.forceCommand().orElseThrow());
        assertTrue(p.hasExtension(Permissions.PERMIT_PTY));
        assertFalse(v.check("bob", cert(List.of("alice"), null, LATER), LOCAL).isPresent(), "principal absent");
        assertFalse(v.check("alice", cert(List.of(), null, LATER), LOCAL).isPresent(), "no principals: refused as sshd does");
        assertFalse(v.check("alice", TestKeys.ED25519.publicKey(), LOCAL).isPresent(), "a plain key is not a certificate");
        assertFalse(v.check("alice", cert(List.of("alice"), "10.0.0.0/8", LATER), LOCAL).isPresent(), "source-address");
        assertTrue(v.check("alice", cert(List.of("alice"), "127.0.0.0/8", LATER), LOCAL).isPresent());
        CertificateAuthorityVerifier other = new CertificateAuthorityVerifier(
                CertChecker.userAuthority(TestKeys.ED25519_B.publicKey()::equals, TestKeys.C));
        assertFalse(other.check("alice", cert(List.of("alice"), null, LATER), LOCAL).isPresent(), "untrusted CA");
    }

    @Test
    void expiredCertificatesAreRefused() {
        CertificateAuthorityVerifier v = new CertificateAuthorityVerifier(CertChecker.userAuthority(CA.publicKey()::equals, TestKeys.C)
                .withClock(Clock.fixed(LATER.plus(Duration.ofDays(1)), ZoneOffset.UTC)));
        assertFalse(v.check("alice", cert(List.of("alice"), null, LATER), LOCAL).isPresent());
    }

    @Test
    void authorizedKeysCertAuthorityWithPrincipals() {
        AuthorizedKeys ak = AuthorizedKeys.parse("cert-authority,principals=\"ops\",no-pty " + CA.publicKey().toOpenSshLine("ca"));
        AuthorizedKeysVerifier v = new AuthorizedKeysVerifier(u -> ak, TestKeys.C, Clock.systemUTC());
        Permissions p = v.check("alice", cert(List.of("ops"), null, LATER), LOCAL).orElseThrow();
        assertEquals("/bin/date", p.forceCommand().orElseThrow());
        assertFalse(p.hasExtension(Permissions.PERMIT_PTY), "no-pty on the line narrows the certificate's permit-pty");
        assertFalse(v.check("alice", cert(List.of("alice"), null, LATER), LOCAL).isPresent(), "principals= not matched");
    }

    @Test
    void aCertificateLogsInInMemoryAndTheServerSeesTheCertificate() {
        SshCertificate c = cert(List.of("alice"), null, LATER);
        ServerAuthPolicy policy = ServerAuthPolicy.builder()
                .publicKeys(new CertificateAuthorityVerifier(CertChecker.userAuthority(CA.publicKey()::equals, TestKeys.C))).build();
        AuthPair p = new AuthPair(ServerAuthConfig.builder().build(), ClientAuthConfig.builder("alice")
                .identity(Identity.withCertificate(c, TestKeys.ED25519, TestKeys.C)).build())
                .answers(q -> policy.decide(q, LOCAL)).run();
        ServerAuthEvent.Authenticated ok = p.serverAuth.result();
        assertInstanceOf(SshCertificate.class, ok.key());
        assertEquals("/bin/date", ok.permissions().forceCommand().orElseThrow());
        assertEquals("ssh-ed25519-cert-v01@openssh.com", p.clientEvents(ClientAuthEvent.Authenticated.class).get(0).algorithm());
    }
}
