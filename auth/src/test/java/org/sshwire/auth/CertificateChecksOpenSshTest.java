package org.sshwire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.files.AuthorizedKeys;
import org.sshwire.auth.files.KnownHosts;
import org.sshwire.testvectors.Prerequisites;
import org.sshwire.transport.keys.CertChecker;
import org.sshwire.transport.keys.CertificateBuilder;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.SignatureAlgorithm;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;

/**
 * User-certificate checks as strict as OpenSSH 10.x in every server path (TrustedUserCAKeys,
 * authorized_keys cert-authority with and without principals=, the authenticator itself), with
 * certificates made by the real {@code ssh-keygen -s}.
 */
class CertificateChecksOpenSshTest {
    static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    SshPublicKey edCa;
    SshPublicKey rsaCa;
    SshKeyPair user;

    private static Path sshKeygen() {
        return Prerequisites.tool(Path.of("/usr/bin/ssh-keygen"), "openssh-client");
    }

    private void keygen(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(sshKeygen().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("ssh-keygen " + cmd + " failed: " + out);
        }
    }

    private SshPublicKey pub(String file) throws IOException {
        return KeyFiles.readPublicKeyLine(Files.readString(dir.resolve(file), StandardCharsets.UTF_8).strip());
    }

    @BeforeEach
    void keys() throws Exception {
        keygen("-q", "-t", "ed25519", "-f", "ca_ed", "-N", "");
        keygen("-q", "-t", "rsa", "-b", "2048", "-f", "ca_rsa", "-N", "");
        keygen("-q", "-t", "ed25519", "-f", "user", "-N", "");
        edCa = pub("ca_ed.pub");
        rsaCa = pub("ca_rsa.pub");
        user = KeyFiles.readPrivateKey(Files.readAllBytes(dir.resolve("user")), null, TestKeys.C);
    }

    private SshCertificate sign(String... args) throws Exception {
        Files.deleteIfExists(dir.resolve("user-cert.pub"));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("user.pub");
        keygen(all.toArray(String[]::new));
        return (SshCertificate) pub("user-cert.pub");
    }

    private AuthorizedKeysVerifier authorizedKeys(String options, SshPublicKey ca) {
        AuthorizedKeys ak = AuthorizedKeys.parse(options + " " + ca.toOpenSshLine("ca"));
        return new AuthorizedKeysVerifier(u -> ak, TestKeys.C, Clock.systemUTC());
    }

    private CertificateAuthorityVerifier trusted(SshPublicKey ca) {
        return new CertificateAuthorityVerifier(CertChecker.userAuthority(ca::equals, TestKeys.C));
    }

    @Test
    void aCertificateWithoutPrincipalsAuthenticatesNobodyInAnyPath() throws Exception {
        SshCertificate none = sign("-s", "ca_ed", "-I", "nobody");
        assertTrue(none.principals().isEmpty());
        assertFalse(trusted(edCa).check("root", none, LOCAL).isPresent(), "TrustedUserCAKeys");
        assertFalse(authorizedKeys("cert-authority", edCa).check("root", none, LOCAL).isPresent(), "cert-authority");
        assertFalse(authorizedKeys("cert-authority,principals=\"root\"", edCa).check("root", none, LOCAL).isPresent(),
                "cert-authority,principals= (accepted by OpenSSH before 10.3)");
        // Even a verifier that would accept anything never sees it: the authenticator refuses it.
        SshCertificate named = sign("-s", "ca_ed", "-I", "root", "-n", "root");
        assertNotNull(login(named, ServerAuthConfig.builder().build(), (u, k, a) -> java.util.Optional.of(Permissions.NONE)));
        assertNull(login(none, ServerAuthConfig.builder().build(), (u, k, a) -> java.util.Optional.of(Permissions.NONE)));
    }

    @Test
    void principalsMatchWholeNamesOnly() throws Exception {
        SshKeyPair ca = KeyFiles.readPrivateKey(Files.readAllBytes(dir.resolve("ca_ed")), null, TestKeys.C);
        SshCertificate commaOne = new CertificateBuilder(user.publicKey(), SshCertificate.CertType.USER)
                .keyId("comma").principals(List.of("a,b")).sign(ca, SignatureAlgorithm.SSH_ED25519, TestKeys.C);
        // principals="a,b" lists a and b; the certificate's one principal "a,b" is neither.
        AuthorizedKeysVerifier ab = authorizedKeys("cert-authority,principals=\"a,b\"", edCa);
        assertFalse(ab.check("root", commaOne, LOCAL).isPresent(), "\"a,b\" is one principal, not a and b");
        assertFalse(authorizedKeys("cert-authority,principals=\"a\"", edCa).check("root", commaOne, LOCAL).isPresent());
        assertFalse(authorizedKeys("cert-authority", edCa).check("a", commaOne, LOCAL).isPresent());
        assertFalse(trusted(edCa).check("a", commaOne, LOCAL).isPresent());
        assertFalse(trusted(edCa).check("b", commaOne, LOCAL).isPresent());
        assertTrue(trusted(edCa).check("a,b", commaOne, LOCAL).isPresent(), "the whole name matches");
        // ssh-keygen -n a,b makes two principals: each of principals="a,b" matches.
        SshCertificate two = sign("-s", "ca_ed", "-I", "two", "-n", "b,c");
        assertTrue(ab.check("root", two, LOCAL).isPresent());
        assertFalse(authorizedKeys("cert-authority,principals=\"a,c*\"", edCa).check("root", two, LOCAL).isPresent(),
                "no wildcards in principals=");
    }

    @Test
    void theCaSignatureAlgorithmMustBeOfTheCaKeyType() throws Exception {
        SshCertificate good = sign("-s", "ca_ed", "-I", "root", "-n", "root");
        assertTrue(trusted(edCa).check("root", good, LOCAL).isPresent());
        SshCertificate forged = org.sshwire.transport.keys.SshCertificate.parse(
                new org.sshwire.transport.wire.SshWriter().writeRaw(good.signedData()).writeString(
                        new org.sshwire.transport.wire.SshWriter().writeUtf8("rsa-sha2-256")
                                .writeString(org.sshwire.transport.keys.SignatureBlob.parse(good.signature()).signature())
                                .toBytes()).toBytes());
        assertFalse(trusted(edCa).check("root", forged, LOCAL).isPresent());
        assertFalse(authorizedKeys("cert-authority", edCa).check("root", forged, LOCAL).isPresent());
        assertNull(login(forged, ServerAuthConfig.builder().caSignatureAlgorithms(List.of("rsa-sha2-256", "ssh-ed25519")).build(),
                authorizedKeys("cert-authority", edCa)));
    }

    @Test
    void sshRsaCaSignaturesOnlyWhenCaSignatureAlgorithmsAllowsThem() throws Exception {
        SshCertificate sha1 = sign("-s", "ca_rsa", "-I", "root", "-n", "root", "-t", "ssh-rsa");
        SshCertificate sha2 = sign("-s", "ca_rsa", "-I", "root", "-n", "root", "-t", "rsa-sha2-512");
        List<String> withSha1 = new ArrayList<>(CertChecker.DEFAULT_CA_SIGNATURE_ALGORITHMS);
        withSha1.add("ssh-rsa");
        AuthorizedKeysVerifier byDefault = authorizedKeys("cert-authority", rsaCa);
        AuthorizedKeysVerifier widened = byDefault.caSignatureAlgorithms(withSha1);
        assertFalse(byDefault.check("root", sha1, LOCAL).isPresent(), "ssh-rsa CA signature refused by default");
        assertTrue(byDefault.check("root", sha2, LOCAL).isPresent());
        assertTrue(widened.check("root", sha1, LOCAL).isPresent());
        assertFalse(trusted(rsaCa).check("root", sha1, LOCAL).isPresent());
        assertTrue(new CertificateAuthorityVerifier(CertChecker.userAuthority(rsaCa::equals, TestKeys.C)
                .withLegacySignatures(true)).check("root", sha1, LOCAL).isPresent());
        // Logins: the server's CASignatureAlgorithms gates every verifier.
        assertNotNull(login(sha2, ServerAuthConfig.builder().build(), byDefault));
        assertNull(login(sha1, ServerAuthConfig.builder().build(), widened), "ServerAuthConfig default refuses ssh-rsa");
        assertNotNull(login(sha1, ServerAuthConfig.builder().caSignatureAlgorithms(withSha1).build(), widened));
        assertNull(login(sha2, ServerAuthConfig.builder().caSignatureAlgorithms(List.of("ssh-ed25519")).build(), byDefault));
    }

    @Test
    void theClientChecksHostCertificatesFromACertAuthority() throws Exception {
        String caLines = "@cert-authority localhost " + edCa.toOpenSshLine("ed") + "\n"
                + "@cert-authority localhost " + rsaCa.toOpenSshLine("rsa") + "\n";
        KnownHosts kh = KnownHosts.parse(caLines, TestKeys.C);
        CertChecker checker = CertChecker.create(TestKeys.C);
        List<String> why = new ArrayList<>();
        SshCertificate good = sign("-s", "ca_ed", "-I", "host", "-h", "-n", "localhost,127.0.0.1");
        assertEquals(KnownHosts.Status.CERT_AUTHORITY, kh.verify("localhost", 22, good, checker, why::add));
        assertEquals(List.of(), why);
        // Not for another name, even one listed beside it with a comma.
        SshCertificate commaHost = new CertificateBuilder(user.publicKey(), SshCertificate.CertType.HOST)
                .keyId("comma").principals(List.of("localhost,evil"))
                .sign(KeyFiles.readPrivateKey(Files.readAllBytes(dir.resolve("ca_ed")), null, TestKeys.C),
                        SignatureAlgorithm.SSH_ED25519, TestKeys.C);
        assertEquals(KnownHosts.Status.UNKNOWN, kh.verify("localhost", 22, commaHost, checker, why::add));
        SshCertificate none = sign("-s", "ca_ed", "-I", "anyhost", "-h");
        assertEquals(KnownHosts.Status.UNKNOWN, kh.verify("localhost", 22, none, checker, why::add), "no principals");
        SshCertificate userCert = sign("-s", "ca_ed", "-I", "u", "-n", "localhost");
        assertEquals(KnownHosts.Status.UNKNOWN, kh.verify("localhost", 22, userCert, checker, why::add), "a user certificate");
        SshCertificate sha1 = sign("-s", "ca_rsa", "-I", "host", "-h", "-n", "localhost", "-t", "ssh-rsa");
        assertEquals(KnownHosts.Status.UNKNOWN, kh.verify("localhost", 22, sha1, checker, why::add), "ssh-rsa CA signature");
        assertEquals(KnownHosts.Status.CERT_AUTHORITY, kh.verify("localhost", 22, sha1, checker.withLegacySignatures(true), why::add));
        assertEquals(4, why.size(), why.toString());
        assertTrue(why.get(3).contains("CASignatureAlgorithms"), why.get(3));
        // A refused certificate falls back to its plain key, as ssh does.
        KnownHosts withPlain = KnownHosts.parse(caLines + "localhost " + user.publicKey().toOpenSshLine("plain") + "\n", TestKeys.C);
        assertEquals(KnownHosts.Status.MATCH, withPlain.verify("localhost", 22, none, checker, why::add));
    }

    /** A publickey login with {@code cert}; the server's result (null when refused). */
    private ServerAuthEvent.Authenticated login(SshCertificate cert, ServerAuthConfig cfg, PublicKeyVerifier v) {
        ServerAuthPolicy policy = ServerAuthPolicy.builder().publicKeys(v).build();
        AuthPair p = new AuthPair(cfg, ClientAuthConfig.builder("root")
                .identity(Identity.withCertificate(cert, user, TestKeys.C)).build())
                .answers(q -> policy.decide(q, LOCAL)).run();
        return p.serverAuth.result();
    }
}
