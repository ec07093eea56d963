package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sshwire proxy}'s mistakes on the command line: each a one-line error before anything listens. */
class ProxyCommandTest {
    @TempDir
    Path dir;

    CliRun.Result proxy(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("proxy", "--port", "0", "--data-dir", dir.resolve("data").toString(),
                "--record-dir", dir.resolve("rec").toString()));
        args.addAll(List.of(extra));
        return CliRun.sshwire(args.toArray(String[]::new));
    }

    @Test
    void missingFilesAndMalformedRoutesAreNamed() throws Exception {
        Path keys = Files.writeString(dir.resolve("users.pub"), "");
        Path known = Files.writeString(dir.resolve("known_hosts"), "");
        Path routes = Files.write(dir.resolve("routes"), List.of("alice root@db1", "bob db2"));

        CliRun.Result noUsers = proxy("--upstream-known-hosts", known.toString());
        assertEquals(1, noUsers.exit(), noUsers.err());
        assertEquals("sshwire: no user could log in: give --authorized-keys or --passwords", noUsers.err().strip());

        CliRun.Result noKeys = proxy("--authorized-keys", dir.resolve("absent.pub").toString(), "--upstream-known-hosts", known.toString());
        assertEquals("sshwire: authorized keys file " + dir.resolve("absent.pub") + " does not exist", noKeys.err().strip());

        CliRun.Result noKnown = proxy("--authorized-keys", keys.toString(), "--upstream-known-hosts", dir.resolve("kh").toString());
        assertEquals("sshwire: upstream known hosts file " + dir.resolve("kh") + " does not exist", noKnown.err().strip());

        CliRun.Result badRoutes = proxy("--authorized-keys", keys.toString(), "--upstream-known-hosts", known.toString(),
                "--routes", routes.toString());
        assertEquals("sshwire: " + routes + " line 2: 'db2' is not USER@HOST[:PORT]", badRoutes.err().strip());
        Path policy = Files.write(dir.resolve("policy"), List.of("User alice", "  Forwarding local,sideways"));
        CliRun.Result badPolicy = proxy("--authorized-keys", keys.toString(), "--upstream-known-hosts", known.toString(),
                "--policy", policy.toString());
        assertEquals(1, badPolicy.exit(), badPolicy.err());
        assertEquals("sshwire: " + policy + ":2: Forwarding: unknown kind 'sideways' (none, all, or a list of local, remote, streamlocal, agent)",
                badPolicy.err().strip());
        CliRun.Result noPolicy = proxy("--authorized-keys", keys.toString(), "--upstream-known-hosts", known.toString(),
                "--policy", dir.resolve("absent-policy").toString());
        assertEquals("sshwire: policy file " + dir.resolve("absent-policy") + " does not exist", noPolicy.err().strip());

        CliRun.Result noRecords = CliRun.sshwire("proxy", "--port", "0", "--authorized-keys", keys.toString(),
                "--upstream-known-hosts", known.toString());
        assertEquals(2, noRecords.exit(), noRecords.err());
        assertTrue(noRecords.err().startsWith("Missing required option: '--record-dir=DIR'"), noRecords.err());
        assertEquals(false, Files.exists(dir.resolve("data")), "no host key is generated for a command line that is refused");
    }

    @Test
    void upstreamCaMistakesAreNamedBeforeAnythingListens() throws Exception {
        Path keys = Files.writeString(dir.resolve("users.pub"), "");
        Path known = Files.writeString(dir.resolve("known_hosts"), "");
        org.sshwire.transport.crypto.CryptoBackend crypto = org.sshwire.transport.crypto.CryptoBackend.defaultBackend();
        org.sshwire.transport.keys.SshKeyPair ca = org.sshwire.transport.keys.SshKeyPair.generate("ssh-ed25519", 0, crypto);
        Path plain = Files.write(dir.resolve("ca"), org.sshwire.transport.keys.KeyFiles.writeOpenSsh(ca, null, "ca", crypto));
        Path encrypted = Files.write(dir.resolve("ca-enc"), org.sshwire.transport.keys.KeyFiles.writeOpenSsh(ca, "pw".toCharArray(), "ca", crypto));
        Path notAKey = Files.writeString(dir.resolve("not-a-key"), "hello\n");
        List<String> base = List.of("--authorized-keys", keys.toString(), "--upstream-known-hosts", known.toString());

        CliRun.Result absent = proxy(with(base, "--upstream-ca", dir.resolve("absent-ca").toString()));
        assertEquals(1, absent.exit(), absent.err());
        assertEquals("sshwire: upstream CA key " + dir.resolve("absent-ca") + " does not exist", absent.err().strip());

        CliRun.Result locked = proxy(with(base, "--upstream-ca", encrypted.toString()));
        assertEquals("sshwire: the upstream CA key " + encrypted + " is encrypted: the bastion signs unattended, so it needs an unencrypted key",
                locked.err().strip());

        CliRun.Result garbage = proxy(with(base, "--upstream-ca", notAKey.toString()));
        assertTrue(garbage.err().startsWith("sshwire: cannot read the upstream CA key " + notAKey + ": "), garbage.err());

        CliRun.Result badTime = proxy(with(base, "--upstream-ca", plain.toString(), "--upstream-cert-validity", "5 minutes"));
        assertEquals("sshwire: --upstream-cert-validity: not a time such as 120, 2m or 1h30m: 5 minutes", badTime.err().strip());

        CliRun.Result tooLong = proxy(with(base, "--upstream-ca", plain.toString(), "--upstream-cert-validity", "2d"));
        assertEquals("sshwire: --upstream-cert-validity: certificate validity 172800s is not 1s..24h", tooLong.err().strip());

        CliRun.Result noCa = proxy(with(base, "--upstream-cert-validity", "5m"));
        assertEquals("sshwire: --upstream-cert-validity needs --upstream-ca", noCa.err().strip());
        assertEquals(false, Files.exists(dir.resolve("data")), "no host key is generated for a command line that is refused");
    }

    private static String[] with(List<String> base, String... more) {
        List<String> all = new java.util.ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void aNegativeContentsCapOrATinyRotationSizeIsRefusedBeforeAnythingListens() throws Exception {
        Path keys = Files.writeString(dir.resolve("users.pub"), "");
        Path known = Files.writeString(dir.resolve("known_hosts"), "");
        CliRun.Result cap = proxy("--authorized-keys", keys.toString(), "--upstream-known-hosts", known.toString(),
                "--record-sftp-contents", "--record-contents-max-bytes", "-1");
        assertEquals(1, cap.exit(), cap.err());
        assertEquals("sshwire: --record-contents-max-bytes must not be negative: -1", cap.err().strip());
        CliRun.Result rotation = proxy("--authorized-keys", keys.toString(), "--upstream-known-hosts", known.toString(),
                "--record-max-bytes", "100");
        assertEquals("sshwire: --record-max-bytes must be at least 4096: 100", rotation.err().strip());
        assertEquals(false, Files.exists(dir.resolve("data")), "no host key is generated for a command line that is refused");
    }

    @Test
    void proxySessionsSaysWhenTheDataDirectoryIsMissingOrNoSessionHasTheId() throws Exception {
        CliRun.Result missing = CliRun.sshwire("proxy", "sessions", "--data-dir", dir.resolve("nowhere").toString());
        assertEquals(1, missing.exit(), missing.err());
        assertEquals("sshwire: " + dir.resolve("nowhere") + " is not a directory", missing.err().strip());
        Files.createDirectories(dir.resolve("empty"));
        CliRun.Result none = CliRun.sshwire("proxy", "sessions", "--data-dir", dir.resolve("empty").toString());
        assertEquals(0, none.exit(), none.err());
        assertEquals(1, none.out().lines().count(), "only the heading: " + none.out());
        CliRun.Result term = CliRun.sshwire("proxy", "sessions", "--data-dir", dir.resolve("empty").toString(), "--terminate", "x");
        assertEquals(1, term.exit());
        assertEquals("sshwire: no live session x in the bastions using " + dir.resolve("empty"), term.err().strip());
    }
}
