package org.sshwire.connection.internal.sshd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.auth.ConnectionMetadata;
import org.sshwire.auth.Decision;
import org.sshwire.auth.Permissions;
import org.sshwire.auth.ServerAuthPolicy;
import org.sshwire.connection.config.SshdConfigException;
import org.sshwire.connection.server.UserAccount;
import org.sshwire.connection.server.UserAccounts;
import org.sshwire.testvectors.OpenSsh;
import org.sshwire.transport.crypto.CryptoBackend;

/** The sshd_config keywords applied at each login, with the Match blocks for that user and connection. */
class LoginRulesTest {
    @TempDir
    Path dir;

    static final UserAccounts ACCOUNTS = UserAccounts.of(Map.of(
            "root", new UserAccount("root", 0, 0, Path.of("/root"), "/bin/sh"),
            "alice", new UserAccount("alice", 1001, 1001, Path.of("/home/alice"), "/bin/sh"),
            "bob", new UserAccount("bob", 1002, 1002, Path.of("/home/bob"), "/bin/sh")));

    static List<String> groups(String user) {
        return switch (user) {
            case "alice" -> List.of("alice", "staff");
            case "bob" -> List.of("bob", "wheel");
            case "root" -> List.of("root");
            default -> null;
        };
    }

    LoginRules rules(String text) throws Exception {
        Path f = Files.writeString(dir.resolve("sshd_config"), text);
        ServerConfiguration conf = ServerConfiguration.read(f, Map.of());
        return new LoginRules(conf, ACCOUNTS, LoginRulesTest::groups, CryptoBackend.defaultBackend(), false, null,
                conf.global.authorizedKeysFiles(), RevokedKeys.of(conf.global.revokedKeys()));
    }

    static ConnectionMetadata from(String address) {
        return ConnectionMetadata.of(new InetSocketAddress(address, 40000), new InetSocketAddress("192.0.2.1", 22), null);
    }

    /** The password checker the program supplies: "pw" is everyone's password. */
    static final ServerAuthPolicy.PasswordCallback PW = (c, u, p) -> p.equals("pw") ? Decision.accept() : Decision.reject();

    static Decision password(LoginRules r, String user, String address) {
        return r.password(from(address), user, "pw", PW);
    }

    @Test
    void matchUserForceCommandAndPermitTtyApplyToThatUserOnly() throws Exception {
        LoginRules r = rules("Match User alice\n  ForceCommand echo forced\n  PermitTTY no\n");
        Permissions alice = assertInstanceOf(Decision.Accept.class, password(r, "alice", "192.0.2.7")).permissions();
        Permissions bob = assertInstanceOf(Decision.Accept.class, password(r, "bob", "192.0.2.7")).permissions();
        assertEquals("echo forced", alice.forceCommand().orElseThrow());
        assertFalse(alice.hasExtension(Permissions.PERMIT_PTY));
        assertTrue(bob.forceCommand().isEmpty());
        assertTrue(bob.hasExtension(Permissions.PERMIT_PTY));
    }

    @Test
    void matchAddressTurnsPasswordsOffForThoseClientsOnly() throws Exception {
        LoginRules r = rules("Match Address 198.51.100.0/24\n  PasswordAuthentication no\n");
        assertInstanceOf(Decision.Accept.class, password(r, "alice", "192.0.2.7"));
        assertInstanceOf(Decision.Reject.class, password(r, "alice", "198.51.100.9"));
    }

    @Test
    void matchGroupIsDecidedOnTheUsersGroups() throws Exception {
        LoginRules r = rules("Match Group wheel\n  ForceCommand /usr/bin/true\n");
        Permissions bob = assertInstanceOf(Decision.Accept.class, password(r, "bob", "192.0.2.7")).permissions();
        Permissions alice = assertInstanceOf(Decision.Accept.class, password(r, "alice", "192.0.2.7")).permissions();
        assertEquals("/usr/bin/true", bob.forceCommand().orElseThrow());
        assertTrue(alice.forceCommand().isEmpty());
    }

    @Test
    void allowAndDenyUsersAreCheckedBeforeThePassword() throws Exception {
        LoginRules r = rules("AllowUsers alice bob@192.0.2.0/24\n");
        assertInstanceOf(Decision.Accept.class, password(r, "alice", "198.51.100.9"));
        assertInstanceOf(Decision.Accept.class, password(r, "bob", "192.0.2.7"));
        assertInstanceOf(Decision.Reject.class, password(r, "bob", "198.51.100.9"));
        LoginRules deny = rules("DenyGroups wheel\n");
        assertInstanceOf(Decision.Reject.class, password(deny, "bob", "192.0.2.7"));
        assertInstanceOf(Decision.Accept.class, password(deny, "alice", "192.0.2.7"));
    }

    @Test
    void rootMayNotUseAPasswordUnderSshdsDefaultProhibitPassword() throws Exception {
        assertInstanceOf(Decision.Reject.class, password(rules(""), "root", "192.0.2.7"));
        assertInstanceOf(Decision.Reject.class, password(rules("PermitRootLogin forced-commands-only\n"), "root", "192.0.2.7"));
        assertInstanceOf(Decision.Reject.class, password(rules("PermitRootLogin no\n"), "root", "192.0.2.7"));
        assertInstanceOf(Decision.Accept.class, password(rules("PermitRootLogin yes\n"), "root", "192.0.2.7"));
        assertInstanceOf(Decision.Accept.class, password(rules("Match Address 192.0.2.7\n  PermitRootLogin yes\n"), "root",
                "192.0.2.7"));
    }

    @Test
    void aKeyInAuthorizedKeysLogsInUnlessRevokedKeysListsIt() throws Exception {
        Path key = dir.resolve("id");
        keygen("-q", "-t", "ed25519", "-N", "", "-f", key.toString());
        String pub = Files.readString(dir.resolve("id.pub"));
        Path home = Files.createDirectories(dir.resolve("carol"));
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/authorized_keys"), pub);
        UserAccounts carol = UserAccounts.of(Map.of("carol", new UserAccount("carol", 1003, 1003, home, "/bin/sh")));
        org.sshwire.transport.keys.SshPublicKey k = org.sshwire.transport.keys.KeyFiles.readPublicKeyLine(pub.strip());
        for (String text : List.of("", "RevokedKeys " + dir.resolve("id.pub") + "\n")) {
            ServerConfiguration conf = ServerConfiguration.read(Files.writeString(dir.resolve("sshd_config"), text), Map.of());
            LoginRules r = new LoginRules(conf, carol, u -> List.of(u), CryptoBackend.defaultBackend(), false, null,
                    conf.global.authorizedKeysFiles(), RevokedKeys.of(conf.global.revokedKeys()));
            Decision d = r.publicKey(from("192.0.2.7"), "carol", k);
            Class<? extends Decision> expected = text.isEmpty() ? Decision.Accept.class : Decision.Reject.class;
            assertTrue(expected.isInstance(d), text + " -> " + d);
        }
        // A binary KRL (ssh-keygen -k) revoking the key is honoured; a corrupt one stops the start.
        Path krl = dir.resolve("krl");
        keygen("-q", "-k", "-f", krl.toString(), dir.resolve("id.pub").toString());
        ServerConfiguration conf = ServerConfiguration.read(Files.writeString(dir.resolve("sshd_config"),
                "RevokedKeys " + krl + "\n"), Map.of());
        LoginRules r = new LoginRules(conf, carol, u -> List.of(u), CryptoBackend.defaultBackend(), false, null,
                conf.global.authorizedKeysFiles(), RevokedKeys.of(conf.global.revokedKeys()));
        assertTrue(r.publicKey(from("192.0.2.7"), "carol", k) instanceof Decision.Reject);
        byte[] good = Files.readAllBytes(krl);
        Files.write(krl, java.util.Arrays.copyOf(good, good.length - 1));
        SshdConfigException e = org.junit.jupiter.api.Assertions.assertThrows(SshdConfigException.class,
                () -> RevokedKeys.of(conf.global.revokedKeys()));
        assertTrue(e.getMessage().startsWith("RevokedKeys " + krl + ": malformed KRL"), e.getMessage());
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        assertInstanceOf(Decision.Reject.class, rules("").password(from("192.0.2.7"), "alice", "nope", PW));
    }

    static void keygen(String... args) {
        OpenSsh.require(OpenSsh.SSH_KEYGEN);
        List<String> command = new java.util.ArrayList<>(List.of(OpenSsh.SSH_KEYGEN.toString()));
        command.addAll(List.of(args));
        OpenSsh.Result r = OpenSsh.run(command, 30);
        assertEquals(0, r.exit(), r.stderr());
    }
}
