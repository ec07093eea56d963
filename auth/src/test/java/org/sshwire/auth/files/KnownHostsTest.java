package org.sshwire.auth.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.Prerequisites;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.KeyFiles;
import org.sshwire.transport.keys.KeyFormatException;
import org.sshwire.transport.keys.SshCertificate;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.keys.SshPublicKey;

class KnownHostsTest {
    static final CryptoBackend CRYPTO = CryptoBackend.defaultBackend();
    static final SshPublicKey ED = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO).publicKey();
    static final SshPublicKey ED2 = SshKeyPair.generate("ssh-ed25519", 0, CRYPTO).publicKey();
    static final SshPublicKey EC = SshKeyPair.generate("ecdsa-sha2-nistp256", 0, CRYPTO).publicKey();

    @TempDir
    Path dir;

    @Test
    void plainPatternsWildcardsNegationAndPorts() {
        KnownHosts kh = KnownHosts.parse(String.join("\n",
                "example.com,192.0.2.1 " + ED.toOpenSshLine("c"),
                "*.corp.example,!evil.corp.example " + ED.toOpenSshLine(null),
                "[git.example]:2222 " + ED.toOpenSshLine(null),
                "host?.lab " + ED.toOpenSshLine(null)));
        assertEquals(KnownHosts.Status.MATCH, kh.lookup("example.com", 22, ED));
        assertEquals(KnownHosts.Status.MATCH, kh.lookup("EXAMPLE.com", 22, ED));
        assertEquals(KnownHosts.Status.MATCH, kh.lookup("192.0.2.1", 22, ED));
        assertEquals(KnownHosts.Status.MISMATCH, kh.lookup("example.com", 22, ED2));
        assertEquals(KnownHosts.Status.UNKNOWN, kh.lookup("example.com", 22, EC));
        assertEquals(KnownHosts.Status.UNKNOWN, kh.lookup("example.com", 2200, ED));
        assertEquals(KnownHosts.Status.MATCH, kh.lookup("a.corp.example", 22, ED));
        assertEquals(KnownHosts.Status.UNKNOWN, kh.lookup("evil.corp.example", 22, ED));
        assertEquals(KnownHosts.Status.MATCH, kh.lookup("git.example", 2222, ED));
        assertEquals(KnownHosts.Status.UNKNOWN, kh.lookup("git.example", 22, ED));
        assertEquals(KnownHosts.Status.MATCH, kh.lookup("host1.lab", 22, ED));
        assertEquals(KnownHosts.Status.UNKNOWN, kh.lookup("host10.lab", 22, ED));
    }

    @Test
    void revokedWinsOverMatch() {
        KnownHosts kh = KnownHosts.parse("example.com " + ED.toOpenSshLine(null) + "\n@revoked * " + ED.toOpenSshLine(null));
        assertEquals(KnownHosts.Status.REVOKED, kh.lookup("example.com", 22, ED));
    }

    @Test
    void appendedLinesAreFoundAgainPlainAndHashed() {
        KnownHosts kh = KnownHosts.parse("");
        String plain = kh.appendLine("a.example", 22, ED, false);
        assertEquals("a.example " + ED.toOpenSshLine(null), plain);
        String hashed = kh.appendLine("b.example", 2222, EC, true);
        assertTrue(hashed.startsWith("|1|"), hashed);
        assertFalse(hashed.contains("b.example"));
        assertEquals(KnownHosts.Status.MATCH, kh.lookup("a.example", 22, ED));
        assertEquals(KnownHosts.Status.MATCH, kh.lookup("b.example", 2222, EC));
        KnownHosts reread = KnownHosts.parse(plain + "\n" + hashed + "\n");
        assertEquals(KnownHosts.Status.MATCH, reread.lookup("b.example", 2222, EC));
        assertEquals(KnownHosts.Status.UNKNOWN, reread.lookup("b.example", 22, EC));
    }

    @Test
    void badLinesAreReportedNotFatal() {
        KnownHosts kh = KnownHosts.parse("# c\n@bogus x " + ED.toOpenSshLine(null) + "\n|1|bad|hash " + ED.toOpenSshLine(null)
                + "\nonlyhost\nok.example " + ED.toOpenSshLine(null));
        assertEquals(1, kh.entries().size());
        assertEquals(3, kh.errors().size());
        assertThrows(KeyFormatException.class, () -> KnownHosts.parseLine("h ssh-ed25519 !!!", 1));
    }

    // --- with the real ssh-keygen ---

    private static Path sshKeygen() {
        return Prerequisites.tool(Path.of("/usr/bin/ssh-keygen"), "openssh-client");
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(sshKeygen().toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", args) + ": " + out);
        return out;
    }

    @Test
    void sshKeygenFindsTheLinesWeAppendAndWeReadTheFilesItHashes() throws Exception {
        KnownHosts kh = KnownHosts.parse("");
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, kh.appendLine("hashed.example", 22, ED, true) + "\n"
                + kh.appendLine("ported.example", 2022, EC, true) + "\n"
                + kh.appendLine("plain.example", 22, ED2, false) + "\n");
        assertTrue(run("-F", "hashed.example", "-f", "known_hosts").contains(ED.toOpenSshLine(null)));
        assertTrue(run("-F", "[ported.example]:2022", "-f", "known_hosts").contains(EC.toOpenSshLine(null)));
        assertTrue(run("-F", "plain.example", "-f", "known_hosts").contains(ED2.toOpenSshLine(null)));

        Path file2 = dir.resolve("kh2");
        Files.writeString(file2, "one.example,10.0.0.1 " + ED.toOpenSshLine(null) + "\n[two.example]:2200 " + EC.toOpenSshLine(null) + "\n");
        run("-H", "-f", "kh2");
        String hashedFile = Files.readString(file2);
        assertFalse(hashedFile.contains("one.example"), hashedFile);
        KnownHosts read = KnownHosts.parse(hashedFile);
        assertEquals(KnownHosts.Status.MATCH, read.lookup("one.example", 22, ED));
        assertEquals(KnownHosts.Status.MATCH, read.lookup("10.0.0.1", 22, ED));
        assertEquals(KnownHosts.Status.MATCH, read.lookup("two.example", 2200, EC));
        assertEquals(KnownHosts.Status.MISMATCH, read.lookup("one.example", 22, ED2));
    }

    @Test
    void certAuthorityMarkerMatchesHostCertificatesFromSshKeygen() throws Exception {
        run("-q", "-t", "ed25519", "-N", "", "-f", "ca");
        run("-q", "-t", "ed25519", "-N", "", "-f", "host");
        run("-q", "-s", "ca", "-h", "-I", "host", "-n", "srv.example", "host.pub");
        SshPublicKey ca = KeyFiles.readPublicKeyLine(Files.readString(dir.resolve("ca.pub")));
        SshCertificate cert = (SshCertificate) KeyFiles.readPublicKeyLine(Files.readString(dir.resolve("host-cert.pub")));
        KnownHosts kh = KnownHosts.parse("@cert-authority *.example " + ca.toOpenSshLine("ca"));
        assertEquals(KnownHosts.Status.CERT_AUTHORITY, kh.lookup("srv.example", 22, cert));
        assertEquals(KnownHosts.Status.UNKNOWN, kh.lookup("srv.other", 22, cert));
        assertEquals(KnownHosts.Status.UNKNOWN, kh.lookup("srv.example", 22, cert.key()));
        KnownHosts revoked = KnownHosts.parse("@cert-authority *.example " + ca.toOpenSshLine("ca")
                + "\n@revoked * " + cert.key().toOpenSshLine(null));
        assertEquals(KnownHosts.Status.REVOKED, revoked.lookup("srv.example", 22, cert));
    }
    @Test
    void aCertificateNoAuthorityVouchesForIsLookedUpAsItsPlainKeyAsSshDoes() throws Exception {
        run("-q", "-t", "ed25519", "-N", "", "-f", "ca");
        run("-q", "-t", "ed25519", "-N", "", "-f", "host");
        run("-q", "-s", "ca", "-h", "-I", "host", "-n", "srv.example", "host.pub");
        SshCertificate cert = (SshCertificate) KeyFiles.readPublicKeyLine(Files.readString(dir.resolve("host-cert.pub")));
        org.sshwire.transport.keys.CertChecker checker = org.sshwire.transport.keys.CertChecker.create(CRYPTO);
        List<String> why = new ArrayList<>();
        // sshconnect.c check_host_key: "No matching CA found. Retry with plain key".
        KnownHosts plain = KnownHosts.parse("srv.example " + cert.key().toOpenSshLine(null));
        assertEquals(KnownHosts.Status.MATCH, plain.verify("srv.example", 22, cert, checker, why::add));
        KnownHosts other = KnownHosts.parse("srv.example " + ED.toOpenSshLine(null));
        assertEquals(KnownHosts.Status.MISMATCH, other.verify("srv.example", 22, cert, checker, why::add));
        assertEquals(KnownHosts.Status.UNKNOWN, KnownHosts.parse("").verify("srv.example", 22, cert, checker, why::add));
        KnownHosts revokedPlain = KnownHosts.parse("srv.example " + cert.key().toOpenSshLine(null) + "\n@revoked * " + cert.key().toOpenSshLine(null));
        assertEquals(KnownHosts.Status.REVOKED, revokedPlain.verify("srv.example", 22, cert, checker, why::add));
        assertEquals(List.of(), why, "no authority was asked, so nothing was refused");
    }
}
