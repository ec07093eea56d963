package org.sshwire.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sshwire.connection.client.SshClient;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshKeyPair;

class UpstreamCertificatesTest {
    static final CryptoBackend CRYPTO = CryptoBackend.defaultBackend();
    static final SshKeyPair CA = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO);
    static final Route ROUTE = new Route("root", "db1", 2222);

    static UpstreamLogin.Attempt attempt(String login) throws IOException {
        return new UpstreamLogin.Attempt("20261207T190752Z-4242-7", login,
                new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 53422), ROUTE, Optional.empty());
    }

    /** The certificate as the upstream sshd reads it: re-parsed from its OpenSSH public key line. */
    static SshCertificate issue(UpstreamLogin login, UpstreamLogin.Attempt a) throws IOException {
        SshCertificate made = login.configure(a, SshClient.builder(a.route().user())).orElseThrow();
        return (SshCertificate) KeyFiles.readPublicKeyLine(made.toOpenSshLine("bastion"));
    }

    @Test
    void certificateIsAUserCertificateForTheRoutesUserSignedByTheCa() throws Exception {
        SshCertificate c = issue(UpstreamCertificates.builder(CA).build(), attempt("alice@db1:2222"));
        assertEquals(SshCertificate.CertType.USER, c.certType());
        assertEquals(List.of("root"), c.principals());
        assertEquals("ssh-ed25519-cert-v01@openssh.com", c.keyType());
        assertEquals(CA.publicKey(), c.signatureKey());
        assertTrue(c.verifySignature(CRYPTO));
        assertEquals("ssh-ed25519", c.signatureAlgorithmName());
        assertTrue(c.criticalOptions().isEmpty(), c.criticalOptions().toString());
    }

    @Test
    void keyIdNamesTheBastionUserTheClientAddressTheConnectionAndTheRoute() throws Exception {
        SshCertificate c = issue(UpstreamCertificates.builder(CA).build(), attempt("alice@db1:2222"));
        assertEquals("sshwire-proxy user=alice client=192.0.2.7:53422 connection=20261207T190752Z-4242-7 route=root@db1:2222",
                c.keyId());
    }

    @Test
    void aLoginNameCannotForgeKeyIdFields() throws Exception {
        SshCertificate c = issue(UpstreamCertificates.builder(CA).build(), attempt("eve client=10.0.0.1\"\n"));
        assertTrue(c.keyId().startsWith("sshwire-proxy user=eve?client=10.0.0.1?? client=192.0.2.7:53422 "), c.keyId());
    }

    @Test
    void certificateIsValidFromAMinuteBeforeTheLoginForTheGivenTime() throws Exception {
        UpstreamLogin login = UpstreamCertificates.builder(CA).validity(Duration.ofMinutes(7)).build();
        long before = Instant.now().getEpochSecond();
        SshCertificate c = issue(login, attempt("alice"));
        long after = Instant.now().getEpochSecond();
        assertTrue(c.validAfter() >= before - 60 && c.validAfter() <= after - 60, c.validAfterInstant().toString());
        assertEquals(60 + 7 * 60, c.validBefore() - c.validAfter());
    }

    @Test
    void defaultValidityIsFiveMinutes() throws Exception {
        SshCertificate c = issue(UpstreamCertificates.builder(CA).build(), attempt("alice"));
        assertEquals(60 + 5 * 60, c.validBefore() - c.validAfter());
    }

    @Test
    void extensionsAreExactlyThoseSshKeygenGrantsByDefault() throws Exception {
        SshCertificate c = issue(UpstreamCertificates.builder(CA).build(), attempt("alice"));
        List<String> names = c.extensions().stream().map(SshCertificate.CertOption::name).toList();
        // ssh-keygen.c: certflags_flags = CERTOPT_DEFAULT (X11, agent, port forwarding, pty, user-rc), sorted by name.
        assertEquals(List.of("permit-X11-forwarding", "permit-agent-forwarding", "permit-port-forwarding", "permit-pty", "permit-user-rc"), names);
        c.extensions().forEach(e -> assertTrue(e.data().isEmpty(), e.name()));
    }

    @Test
    void eachLoginGetsAFreshKeyAndItsOwnSerial() throws Exception {
        UpstreamLogin login = UpstreamCertificates.builder(CA).build();
        SshCertificate a = issue(login, attempt("alice"));
        SshCertificate b = issue(login, attempt("alice"));
        assertNotEquals(a.key(), b.key());
        assertNotEquals(CA.publicKey(), a.key());
        assertNotEquals(a.serial(), b.serial());
        assertNotEquals(0, a.serial());
    }

    @Test
    void theFollowingLoginRunsWithTheSameAttempt() throws Exception {
        List<Route> seen = new ArrayList<>();
        UpstreamLogin.Attempt a = attempt("alice");
        UpstreamLogin login = UpstreamCertificates.builder(CA).andThen((route, b, agent) -> seen.add(route)).build();
        issue(login, a);
        assertEquals(1, seen.size());
        assertSame(a.route(), seen.get(0));
    }

    @Test
    void withoutTheConnectionTheKeyIdNamesTheRouteOnly() throws Exception {
        List<UpstreamLogin.Attempt> seen = new ArrayList<>();
        UpstreamLogin recorder = new UpstreamLogin() {
            @Override
            public void configure(Route route, SshClient.Builder builder, Optional<org.sshwire.auth.agent.AgentClient> agent) {
                throw new AssertionError("the relay's form is called");
            }

            @Override
            public Optional<SshCertificate> configure(Attempt attempt, SshClient.Builder builder) {
                seen.add(attempt);
                return Optional.empty();
            }
        };
        UpstreamCertificates login = UpstreamCertificates.builder(CA).andThen(recorder).build();
        login.configure(ROUTE, SshClient.builder("root"), Optional.empty());
        assertEquals(1, seen.size());
        assertEquals(ROUTE, seen.get(0).route());
        assertEquals("sshwire-proxy route=root@db1:2222", UpstreamCertificates.keyId(seen.get(0)));
    }

    @Test
    void anRsaCaSignsWithRsaSha2512AsSshKeygenDoes() throws Exception {
        SshKeyPair rsa = SshKeyPair.generate("ssh-rsa", 2048, CRYPTO);
        SshCertificate c = issue(UpstreamCertificates.builder(rsa).build(), attempt("alice"));
        assertEquals("rsa-sha2-512", c.signatureAlgorithmName());
        assertTrue(c.verifySignature(CRYPTO));
    }

    @Test
    void validityOutsideOneSecondToADayIsRefused() {
        UpstreamCertificates.Builder b = UpstreamCertificates.builder(CA);
        for (Duration d : List.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(-5), Duration.ofHours(25))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.validity(d), d.toString());
            assertTrue(e.getMessage().contains("1s..24h"), e.getMessage());
        }
    }

    @Test
    void aDayIsTheLongestValidity() throws Exception {
        SshCertificate c = issue(UpstreamCertificates.builder(CA).validity(Duration.ofHours(24)).build(), attempt("alice"));
        assertEquals(60 + 24 * 3600, c.validBefore() - c.validAfter());
    }
}
