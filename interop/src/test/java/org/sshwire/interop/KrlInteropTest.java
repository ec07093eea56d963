package org.sshwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.files.Krl;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.keys.KeyFiles;

/**
 * Issue 16 item 6: KRLs (PROTOCOL.krl) against OpenSSH 9.2's {@code ssh-keygen}, both ways:
 * KRLs that {@code ssh-keygen -k} makes from every kind of key specification line are read by
 * {@link Krl} with the same verdict as {@code ssh-keygen -Q}; KRLs that {@code sshwire keygen -k}
 * makes are read by {@code ssh-keygen -Q} with the verdicts expected; and {@code sshwire server}
 * with {@code RevokedKeys} set to a KRL refuses OpenSSH's login with a revoked key and certificate.
 */
class KrlInteropTest {
    @TempDir
    static Path dir;
    static Path ca;
    static final List<String> KEYS = List.of("k_plain", "k_key", "k_sha1", "k_sha256", "k_hash", "k_ok",
            "c_serial5", "c_serial12", "c_serial40", "c_id", "c_anyid", "c_ok", "c_serial0");

    @BeforeAll
    static void setUp() throws Exception {
        OpenSsh.require(OpenSsh.SSH_KEYGEN);
        ca = dir.resolve("ca");
        keygen("-t", "ed25519", "-N", "", "-f", ca.toString());
        for (String k : KEYS) {
            keygen("-t", "ed25519", "-N", "", "-f", dir.resolve(k).toString());
        }
        cert("c_serial5", "5", "one");
        cert("c_serial12", "12", "two");
        cert("c_serial40", "40", "three");
        cert("c_id", "7", "revoked-id");
        cert("c_anyid", "8", "revoked-anywhere");
        cert("c_ok", "1000", "fine");
        cert("c_serial0", "0", "zero");
    }

    static void cert(String key, String serial, String id) {
        keygen("-s", ca.toString(), "-I", id, "-n", System.getProperty("user.name"), "-z", serial, dir.resolve(key + ".pub").toString());
    }

    static void keygen(String... args) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q"));
        cmd.addAll(List.of(args));
        OpenSsh.Result r = OpenSsh.run(cmd, 60);
        assertEquals(0, r.exit(), cmd + ": " + r.stderr());
    }

    static String pub(String k) throws Exception {
        return Files.readString(dir.resolve(k + ".pub")).strip();
    }

    /** Every kind of specification line; what it revokes is listed in {@link #REVOKED}. */
    static Path spec() throws Exception {
        String fp = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-l", "-f", dir.resolve("k_hash.pub").toString()), 30)
                .stdout().split(" ")[1];
        return Files.write(dir.resolve("spec"), List.of("# revoked by ...", pub("k_plain"), "key: " + pub("k_key"),
                "sha1: " + pub("k_sha1"), "sha256: " + pub("k_sha256"), "hash: " + fp,
                "serial: 3-6", "serial: 12", "serial: 33-47", "id: revoked-id", "",
                Files.readString(dir.resolve("c_serial0-cert.pub")).strip() /* serial 0: revoked by key id "zero" */));
    }

    static final List<String> REVOKED = List.of("k_plain", "k_key", "k_sha1", "k_sha256", "k_hash",
            "c_serial5", "c_serial12", "c_serial40", "c_id", "c_serial0");

    /** ssh-keygen -Q's verdict on each key, certificate files for the c_ keys. */
    static List<String> opensshVerdicts(Path krl) {
        List<String> out = new ArrayList<>();
        for (String k : KEYS) {
            Path f = dir.resolve(k.startsWith("c_") ? k + "-cert.pub" : k + ".pub");
            OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH_KEYGEN.toString(), "-Q", "-f", krl.toString(), f.toString()), 30);
            assertTrue(r.exit() == 0 || r.exit() == 1, r.stdout() + r.stderr());
            if (r.stdout().contains("REVOKED")) {
                out.add(k);
            }
        }
        return out;
    }

    static List<String> ourVerdicts(Path krlFile) throws Exception {
        Krl krl = Krl.parse(Files.readAllBytes(krlFile));
        List<String> out = new ArrayList<>();
        for (String k : KEYS) {
            Path f = dir.resolve(k.startsWith("c_") ? k + "-cert.pub" : k + ".pub");
            if (krl.isRevoked(KeyFiles.readPublicKeyLine(Files.readString(f).strip()))) {
                out.add(k);
            }
        }
        return out;
    }

    @Test
    void krlsMadeBySshKeygenAreReadAsSshKeygenReadsThem() throws Exception {
        Path krl = dir.resolve("openssh.krl");
        keygen("-k", "-f", krl.toString(), "-s", ca + ".pub", "-z", "42", spec().toString());
        // One more key id, added with -u (the version stays).
        Path any = Files.write(dir.resolve("spec_any"), List.of("id: revoked-anywhere"));
        keygen("-k", "-u", "-f", krl.toString(), "-s", ca + ".pub", any.toString());
        List<String> expected = new ArrayList<>(REVOKED);
        expected.add(5, "c_anyid");
        expected.sort(java.util.Comparator.comparingInt(KEYS::indexOf));
        assertEquals(expected, opensshVerdicts(krl), "ssh-keygen -Q on its own KRL");
        assertEquals(expected, ourVerdicts(krl), "Krl.parse on ssh-keygen's KRL");
        assertEquals(42, Krl.parse(Files.readAllBytes(krl)).version());
    }

    @Test
    void krlsMadeByUsAreReadBySshKeygen() throws Exception {
        Path krl = dir.resolve("ours.krl");
        OpenSsh.Result r = OpenSsh.run(List.of(ServerCommandTest.LAUNCHER.toString(), "keygen", "-k", "-f", krl.toString(),
                "-s", ca + ".pub", "-z", "7", spec().toString()), 120);
        assertEquals(0, r.exit(), r.stderr());
        assertEquals(REVOKED, opensshVerdicts(krl), "ssh-keygen -Q on our KRL");
        assertEquals(REVOKED, ourVerdicts(krl));
        // -u adds a key id; the version stays. Without -s, id: is refused as ssh-keygen refuses it.
        Path any = Files.write(dir.resolve("spec_any2"), List.of("id: revoked-anywhere"));
        OpenSsh.Result noCa = OpenSsh.run(List.of(ServerCommandTest.LAUNCHER.toString(), "keygen", "-k", "-u", "-f", krl.toString(),
                any.toString()), 120);
        assertTrue(noCa.exit() != 0 && noCa.stderr().contains("requires specification of a CA key"), noCa.stderr());
        OpenSsh.Result u = OpenSsh.run(List.of(ServerCommandTest.LAUNCHER.toString(), "keygen", "-k", "-u", "-f", krl.toString(),
                "-s", ca + ".pub", any.toString()), 120);
        assertEquals(0, u.exit(), u.stderr());
        assertTrue(opensshVerdicts(krl).contains("c_anyid"));
        assertEquals(7, Krl.parse(Files.readAllBytes(krl)).version());
        // sshwire keygen -Q agrees and exits 1 for a revoked key, 0 for a good one.
        OpenSsh.Result q = OpenSsh.run(List.of(ServerCommandTest.LAUNCHER.toString(), "keygen", "-Q", "-f", krl.toString(),
                dir.resolve("k_plain.pub").toString()), 120);
        assertEquals(1, q.exit(), q.stdout() + q.stderr());
        String comment = pub("k_plain").split(" ")[2];
        assertEquals(dir.resolve("k_plain.pub") + " (" + comment + "): REVOKED\n", q.stdout(), "ssh-keygen -Q's words");
        OpenSsh.Result ok = OpenSsh.run(List.of(ServerCommandTest.LAUNCHER.toString(), "keygen", "-Q", "-f", krl.toString(),
                dir.resolve("k_ok.pub").toString()), 120);
        assertEquals(0, ok.exit(), ok.stdout() + ok.stderr());
    }

    @Test
    void ourServerRefusesLoginsRevokedByAKrl() throws Exception {
        OpenSsh.require(OpenSsh.SSH);
        Path krl = dir.resolve("server.krl");
        keygen("-k", "-f", krl.toString(), "-s", ca + ".pub", spec().toString());
        List<String> lines = new ArrayList<>();
        for (String k : List.of("k_plain", "k_sha256", "k_ok")) {
            lines.add(pub(k));
        }
        lines.add("cert-authority " + pub("ca"));
        Path ak = Files.write(dir.resolve("authorized_keys"), lines);
        ServerCommandTest launcher = new ServerCommandTest();
        launcher.dir = Files.createTempDirectory(dir, "server");
        try (ServerCommandTest.Running s = launcher.startServer(List.of("--authorized-keys", ak.toString(), "-o", "RevokedKeys=" + krl))) {
            for (String k : List.of("k_plain", "k_sha256", "k_ok", "c_serial12", "c_ok")) {
                OpenSsh.Result r = OpenSsh.run(List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-i", dir.resolve(k).toString(),
                        "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                        "-o", "BatchMode=yes", "-p", String.valueOf(s.port()), System.getProperty("user.name") + "@127.0.0.1",
                        "echo in"), 60);
                boolean revoked = REVOKED.contains(k);
                assertEquals(revoked ? 255 : 0, r.exit(), k + ": " + r.stderr());
            }
        }
    }
}
