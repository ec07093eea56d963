package org.sshwire.connection.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshdConfigTest {
    static final Function<String, List<String>> GROUPS = u -> switch (u) {
        case "alice" -> List.of("alice", "staff");
        case "bob" -> List.of("bob", "wheel", "staff");
        default -> null;
    };

    @TempDir
    Path tmp;

    static SshdConfig parse(String text) {
        return SshdConfig.parse(text, "t", Path.of("/etc/ssh"));
    }

    static SshdConfig.MatchContext ctx(String spec) {
        return SshdConfig.MatchContext.parse(spec, GROUPS);
    }

    static String message(String text) {
        return assertThrows(SshdConfigException.class, () -> parse(text)).getMessage();
    }

    @Test
    void commandLineOptionsWinOverTheFileAsSshdDashO() throws Exception {
        Path f = Files.writeString(tmp.resolve("sshd_config"), "MaxAuthTries 3\nPort 2200\nAcceptEnv LANG\n");
        SshdConfig cfg = SshdConfig.load(f, tmp, List.of("MaxAuthTries=5", "AcceptEnv LC_*"));
        assertEquals(5, cfg.global().maxAuthTries());
        assertEquals(List.of(2200), cfg.global().ports());
        assertEquals(List.of("LC_*", "LANG"), cfg.global().acceptEnv()); // accumulates, command line first
        String bad = assertThrows(SshdConfigException.class,
                () -> SshdConfig.load(f, tmp, List.of("NoSuchKeyword yes"))).getMessage();
        assertTrue(bad.contains("command-line: line 1: Bad configuration option: NoSuchKeyword"), bad);
    }

    @Test
    void directivesNameEachKeywordLineItsFileAndWhetherItIsInsideMatch() throws Exception {
        Files.writeString(tmp.resolve("inc.conf"), "Banner /etc/issue\nMatch User bob\nPermitTTY no\n");
        Path f = Files.writeString(tmp.resolve("sshd_config"),
                "# comment\nport 2222\nInclude inc.conf\nAllowTcpForwarding no\nMatch User alice\n  ForceCommand \"echo forced\"\n");
        SshdConfig cfg = SshdConfig.load(f, tmp, List.of("MaxAuthTries=4"));
        List<String> seen = cfg.directives().stream()
                .map(d -> d.keyword() + "@" + d.at() + (d.inMatch() ? " match" : "") + " " + d.arguments()).toList();
        assertEquals(List.of("MaxAuthTries@command-line:1 [4]",
                "Port@" + f + ":2 [2222]",
                "Banner@" + tmp.resolve("inc.conf") + ":1 [/etc/issue]",
                "PermitTTY@" + tmp.resolve("inc.conf") + ":3 match [no]",
                // the included file's Match ended with it
                "AllowTcpForwarding@" + f + ":4 [no]",
                "ForceCommand@" + f + ":6 match [echo forced]"), seen);
    }

    @Test
    void argvSplitAsSshd() {
        assertEquals(List.of("a", "b c", "d e", "f g", "h\\i", "j\"k", "l\\m"),
                Argv.split("a \"b c\" 'd e' f\\ g h\\\\i \"j\\\"k\" l\\m #comment"));
        assertEquals(List.of("a#b", "c"), Argv.split("a#b\tc"));
        assertEquals(List.of("x yz", "w"), Argv.split("\"x \"'y'\"z\" w"));
        assertNull(Argv.split("\"open"));
        assertNull(Argv.split("a 'open"));
    }

    @Test
    void strdelimSplitsKeywordAtSpaceOrOneEquals() {
        for (String line : List.of("Port=22", "Port = 22", "Port  =  22", "Port\t22")) {
            Argv.Cursor c = new Argv.Cursor(line);
            assertEquals("Port", Argv.strdelim(c), line);
            assertEquals("22", c.rest(), line);
        }
        Argv.Cursor c = new Argv.Cursor("Port==22");
        assertEquals("Port", Argv.strdelim(c));
        assertEquals("=22", c.rest());
    }

    @Test
    void timesAndSizesAsSshd() {
        assertEquals(5400, Scalars.convtime("1h30m"));
        assertEquals(90, Scalars.convtime("90"));
        assertEquals(90, Scalars.convtime("1M30S"));
        assertEquals(604800 + 86400, Scalars.convtime("1w1d"));
        assertEquals(-1, Scalars.convtime("5x"));
        assertEquals(-1, Scalars.convtime("-1"));
        assertEquals(-1, Scalars.convtime(""));
        assertEquals(-1, Scalars.convtime("2147483648"));
        assertEquals(-1, Scalars.convtime("400000w"));
        assertEquals(1073741824L, Scalars.scanScaled("1G").value());
        assertEquals(1572864L, Scalars.scanScaled("1.5M").value());
        assertEquals(512L, Scalars.scanScaled("512").value());
        assertEquals(1L, Scalars.scanScaled("1.9").value());
        assertEquals(Scalars.EINVAL, Scalars.scanScaled("1Gb").error());
        assertEquals(Scalars.EINVAL, Scalars.scanScaled("1Q").error());
        assertEquals(Scalars.ERANGE, Scalars.scanScaled("16E").error());
        assertEquals("too large", Scalars.atoiErr("2147483648").error());
        assertEquals("invalid", Scalars.atoiErr("3x").error());
        assertEquals(22, Scalars.a2port("22"));
        assertEquals(-1, Scalars.a2port("65536"));
    }

    @Test
    void patternsAndAddressesAsOpenSsh() {
        assertEquals(-1, Patterns.matchList("root", "!root,*", false));
        assertEquals(1, Patterns.matchList("alice", "!root,*", false));
        assertEquals(0, Patterns.matchList("alice", "bob,carol", false));
        assertEquals(1, Patterns.matchHostname("Client.Example.ORG", "*.EXAMPLE.org"));
        assertEquals(1, Patterns.addrMatchList("192.0.2.7", "192.0.2.0/24"));
        assertEquals(-1, Patterns.addrMatchList("192.0.2.8", "192.0.2.0/24,!192.0.2.8"));
        assertEquals(1, Patterns.addrMatchList("2001:db8::5", "2001:db8::/32"));
        assertEquals(1, Patterns.addrMatchList("10.1.2.3", "10.*"));
        assertEquals(0, Patterns.addrMatchList("10.1.2.3", "192.0.2.0/24"));
        assertEquals(-2, Patterns.addrMatchList("10.1.2.3", "192.0.2.1/24"));
        assertEquals(-2, Patterns.addrMatchList(null, "192.0.2.0/33"));
        assertEquals(-2, Patterns.addrMatchList(null, "a,,b"));
        assertEquals("2001:db8::1", Cidr.format(Cidr.parseAddress("2001:0db8:0:0:0:0:0:1")));
        assertEquals("::", Cidr.format(new byte[16]));
        assertEquals("1:0:0:1::1", Cidr.format(Cidr.parseAddress("1:0:0:1:0:0:0:1")));
    }

    @Test
    void goldenDumpWithMatchAndInclude() throws Exception {
        Files.createDirectories(tmp.resolve("conf.d"));
        Files.writeString(tmp.resolve("conf.d/10-a.conf"), "PasswordAuthentication no\nAcceptEnv A_*\n");
        Files.writeString(tmp.resolve("conf.d/.hidden.conf"), "Port 1\n");
        Path main = tmp.resolve("sshd_config");
        Files.writeString(main, """
                # relative Include: under the base directory, first value wins
                Include conf.d/*.conf
                Port 2222
                ListenAddress 127.0.0.1
                ListenAddress [::1]:2200
                HostKey /etc/ssh/k1
                PasswordAuthentication yes
                LoginGraceTime 1m30s
                RekeyLimit 1G 1h
                Ciphers ^aes256-gcm@openssh.com
                Subsystem sftp internal-sftp
                AllowUsers alice bob
                Match User alice Address 192.0.2.0/24
                    MaxAuthTries 2
                    AllowUsers alice
                    ChrootDirectory /srv/%u
                Match Group wheel
                    MaxAuthTries 9
                    PermitTTY no
                """);
        SshdConfig cfg = SshdConfig.load(main, tmp);
        String dump = cfg.effective(ctx("user=alice,host=h,addr=192.0.2.7,laddr=127.0.0.1,lport=2222")).dump();
        assertEquals("""
                port 2222
                addressfamily any
                listenaddress 127.0.0.1:2222
                listenaddress [::1]:2200
                usepam no
                logingracetime 90
                maxauthtries 2
                maxsessions 10
                clientaliveinterval 0
                clientalivecountmax 3
                streamlocalbindmask 0177
                unusedconnectiontimeout none
                permitrootlogin without-password
                ignorerhosts yes
                hostbasedauthentication no
                pubkeyauthentication yes
                kerberosauthentication no
                gssapiauthentication no
                passwordauthentication no
                kbdinteractiveauthentication yes
                printmotd yes
                printlastlog yes
                x11forwarding no
                permittty yes
                strictmodes yes
                tcpkeepalive yes
                permitemptypasswords no
                compression yes
                gatewayports no
                usedns no
                allowtcpforwarding yes
                allowagentforwarding yes
                disableforwarding no
                allowstreamlocalforwarding yes
                streamlocalbindunlink no
                pidfile /run/sshd.pid
                ciphers aes256-gcm@openssh.com,chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com
                macs hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha2-256,hmac-sha2-512
                banner none
                forcecommand none
                chrootdirectory /srv/%u
                trustedusercakeys none
                revokedkeys none
                authorizedprincipalsfile none
                versionaddendum none
                kexalgorithms mlkem768x25519-sha256,sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256
                casignaturealgorithms ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256
                hostkeyalgorithms ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256
                pubkeyacceptedalgorithms ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256
                loglevel INFO
                authorizedkeysfile .ssh/authorized_keys .ssh/authorized_keys2
                hostkey /etc/ssh/k1
                allowusers alice
                acceptenv A_*
                authenticationmethods any
                subsystem sftp internal-sftp
                maxstartups 10:30:100
                persourcemaxstartups none
                persourcenetblocksize 32:128
                persourcepenalties crash:90.000000 authfail:5.000000 noauth:1.000000 invaliduser:5.000000 grace-exceeded:10.000000 refuseconnection:10.000000 max:600.000000 min:15.000000 max-sources4:65536 max-sources6:65536 overflow:permissive overflow6:permissive
                permittunnel no
                rekeylimit 1073741824 3600
                permitopen any
                permitlisten any
                permituserenvironment no
                """, dump);
        SshdSettings bob = cfg.effective(ctx("user=bob,host=h,addr=192.0.2.7,laddr=127.0.0.1,lport=2222"));
        assertEquals(9, bob.maxAuthTries());
        assertFalse(bob.permitTty());
        assertEquals(List.of("alice", "bob"), bob.allowUsers());
        assertTrue(bob.chrootDirectory().isEmpty());
        assertTrue(bob.subsystems().get("sftp").isInternalSftp());
        assertEquals(Duration.ofSeconds(90), bob.loginGraceTime());
        assertEquals(1L << 30, bob.rekeyLimitBytes());
        assertFalse(bob.passwordAuthentication());
    }

    @Test
    void matchBlocksFirstValueWinsArraysReplaceGlobal() {
        // Checked against sshd 9.2 -T -C user=alice / user=bob.
        SshdConfig cfg = parse("""
                AuthorizedKeysFile .ssh/global
                AllowUsers a b
                MaxSessions 5
                Match User alice
                    MaxSessions 1
                    AuthorizedKeysFile .ssh/first
                    AllowUsers x
                Match All
                    MaxSessions 2
                    AuthorizedKeysFile .ssh/second
                    AllowUsers y
                """);
        SshdSettings alice = cfg.effective(ctx("user=alice"));
        assertEquals(1, alice.maxSessions());
        assertEquals(List.of(".ssh/first"), alice.authorizedKeysFiles());
        assertEquals(List.of("x", "y"), alice.allowUsers()); // AllowUsers appends within the Match blocks
        SshdSettings bob = cfg.effective(ctx("user=bob"));
        assertEquals(2, bob.maxSessions()); // Match All overrides the global value, as in sshd -T
        assertEquals(List.of(".ssh/second"), bob.authorizedKeysFiles());
        assertEquals(List.of("y"), bob.allowUsers());
    }

    @Test
    void matchGroupUsesTheGroupsFunction() {
        SshdConfig cfg = parse("Match Group wheel,!nogroup\n  PermitTTY no\n");
        assertFalse(cfg.effective(ctx("user=bob")).permitTty());
        assertTrue(cfg.effective(ctx("user=alice")).permitTty());
        assertTrue(cfg.effective(ctx("user=nosuchuser")).permitTty());
    }

    @Test
    void keywordsSshwireDoesNotImplementAreRefusedWhereverTheyAre() {
        assertEquals("unsupported keyword AuthorizedKeysCommand at t:2",
                message("Port 22\nAuthorizedKeysCommand /usr/bin/keys\n"));
        assertEquals("unsupported keyword IPQoS at t:3", message("Match User nobody\n  MaxSessions 1\n  IPQoS af21\n"));
        assertEquals("unsupported keyword PerSourcePenaltyExemptList at t:1",
                message("persourcepenaltyexemptlist 192.0.2.0/24\n"));
        assertEquals("unsupported value \"yes\" for X11Forwarding at t:1 (sshwire implements only X11Forwarding no)",
                message("X11Forwarding yes\n"));
        assertEquals("unsupported value \"yes\" for UsePAM at t:1 (sshwire implements only UsePAM no)",
                message("UsePAM yes\n"));
        assertTrue(parse("UsePAM no\nX11Forwarding no\n").global().dump().contains("usepam no\n"));
    }

    @Test
    void sshdsOwnMessagesForWhatSshdRefuses() {
        assertEquals("t: line 1: Bad configuration option: Colour\nt: terminating, 1 bad configuration options",
                message("Colour blue\n"));
        assertEquals("t line 2: Directive 'Port' is not allowed within a Match block",
                message("Match User x\nPort 2\n"));
        assertEquals("t line 1: Bad SSH2 cipher spec 'arcfour256'.", message("Ciphers arcfour256\n"));
        // sshwire implements no DSA (OpenSSH 9.2 still does): its name is as bad as a made-up one.
        assertEquals("t line 1: Bad key types 'ssh-dss'.", message("PubkeyAcceptedAlgorithms ssh-dss\n"));
        assertEquals("t line 1: MaxAuthTries integer value invalid.", message("MaxAuthTries lots\n"));
        assertEquals("t line 1: invalid time value.", message("LoginGraceTime 1y\n"));
        assertEquals("t line 1: Bad RekeyLimit number '1Q': Invalid argument", message("RekeyLimit 1Q\n"));
    }

    @Test
    void everyDocumentedKeywordIsKnown() {
        Map<String, Keyword.Status> status = Keywords.all().stream()
                .collect(Collectors.toMap(Keyword::name, Keyword::status));
        Set<String> supported = Set.of("Port", "ListenAddress", "AddressFamily", "HostKey", "HostCertificate",
                "AuthorizedKeysFile", "AuthorizedPrincipalsFile", "TrustedUserCAKeys", "RevokedKeys",
                "AuthenticationMethods", "PubkeyAuthentication", "PasswordAuthentication",
                "KbdInteractiveAuthentication", "ChallengeResponseAuthentication", "HostbasedAuthentication",
                "PermitRootLogin", "PermitEmptyPasswords", "AllowUsers", "DenyUsers", "AllowGroups", "DenyGroups",
                "Banner", "AcceptEnv", "SetEnv", "ForceCommand", "ChrootDirectory", "Subsystem", "MaxAuthTries",
                "MaxSessions", "MaxStartups", "LoginGraceTime", "ClientAliveInterval", "ClientAliveCountMax",
                "PermitOpen", "PermitListen", "AllowTcpForwarding", "AllowStreamLocalForwarding",
                "StreamLocalBindUnlink", "AllowAgentForwarding", "GatewayPorts", "PermitTTY",
                "PermitUserEnvironment", "X11Forwarding", "Ciphers", "MACs", "KexAlgorithms", "HostKeyAlgorithms",
                "PubkeyAcceptedAlgorithms", "CASignatureAlgorithms", "RekeyLimit", "PerSourcePenalties",
                "PerSourceNetBlockSize", "PerSourceMaxStartups", "ChannelTimeout", "UnusedConnectionTimeout",
                "LogLevel", "PidFile", "Compression", "StrictModes", "PrintMotd", "PrintLastLog", "UsePAM", "Include",
                "Match");
        for (String k : supported) {
            assertEquals(Keyword.Status.SUPPORTED, status.get(k), k);
        }
        // sshd_config(5) of 9.2 (this machine's man page) and the keywords added up to 10.x.
        for (String k : List.of("AuthorizedKeysCommand", "AuthorizedKeysCommandUser", "AuthorizedPrincipalsCommand",
                "AuthorizedPrincipalsCommandUser", "DebianBanner", "DisableForwarding", "ExposeAuthInfo",
                "FingerprintHash", "GSSAPIAuthentication", "GSSAPICleanupCredentials", "GSSAPIKexAlgorithms",
                "GSSAPIKeyExchange", "GSSAPIStoreCredentialsOnRekey", "GSSAPIStrictAcceptorCheck",
                "HostKeyAgent", "HostbasedAcceptedAlgorithms", "HostbasedUsesNameFromPacketOnly", "IPQoS",
                "IgnoreRhosts", "IgnoreUserKnownHosts", "KerberosAuthentication", "KerberosGetAFSToken",
                "KerberosOrLocalPasswd", "KerberosTicketCleanup", "LogVerbose", "ModuliFile", "PermitTunnel",
                "PermitUserRC", "PubkeyAuthOptions", "RequiredRSASize", "SecurityKeyProvider", "StreamLocalBindMask",
                "SyslogFacility", "TCPKeepAlive", "UseDNS", "VersionAddendum", "X11DisplayOffset", "X11UseLocalhost",
                "XAuthLocation", "PerSourcePenaltyExemptList", "SshdSessionPath", "SshdAuthPath", "RefuseConnection",
                "RDomain")) {
            assertTrue(status.containsKey(k), k);
        }
    }

    @Test
    void perSourcePenaltiesAsOpenSsh98() {
        SshdSettings s = parse("PerSourcePenalties crash:2m authfail:10 overflow:deny-all\n").global();
        assertEquals(120, s.perSourcePenalties().crash());
        assertEquals(10, s.perSourcePenalties().authfail());
        assertEquals(1, s.perSourcePenalties().noauth());
        assertEquals("deny-all", s.perSourcePenalties().overflow());
        assertFalse(parse("PerSourcePenalties no\n").global().perSourcePenalties().enabled());
        assertEquals("t line 1: keyword PerSourcePenalties \"no\" argument must appear alone.",
                message("PerSourcePenalties no crash:1\n"));
    }

    @Test
    void localPortNeedsAPortInTheContextAsSshdT() {
        SshdConfig cfg = parse("Match LocalPort 2222\n  MaxSessions 1\n");
        assertEquals(1, cfg.effective(ctx("user=a,lport=2222")).maxSessions());
        assertEquals(10, cfg.effective(ctx("user=a,lport=22")).maxSessions());
        assertEquals("'Match LocalPort' in configuration but 'lport' not in connection test specification.",
                assertThrows(SshdConfigException.class, () -> cfg.effective(ctx("user=a"))).getMessage());
    }

    @Test
    void includeDepthAndLoopsAreRefused() throws Exception {
        Path a = tmp.resolve("a.conf");
        Path b = tmp.resolve("b.conf");
        Files.writeString(a, "Include " + b + "\n");
        Files.writeString(b, "Include " + a + "\n");
        String m = assertThrows(SshdConfigException.class, () -> SshdConfig.load(a, tmp)).getMessage();
        assertTrue(m.startsWith("Too many recursive configuration includes (Include loop: "), m);
        for (int i = 0; i < 20; i++) {
            Files.writeString(tmp.resolve("n" + i + ".conf"), "Include " + tmp.resolve("n" + (i + 1) + ".conf") + "\n");
        }
        Files.writeString(tmp.resolve("n20.conf"), "MaxSessions 1\n");
        assertEquals("Too many recursive configuration includes", assertThrows(SshdConfigException.class,
                () -> SshdConfig.load(tmp.resolve("n0.conf"), tmp)).getMessage());
        assertEquals(1, SshdConfig.load(tmp.resolve("n5.conf"), tmp).global().maxSessions()); // depth 15: fine
    }

    @Test
    void sizesAndIncludeFanOutAreBounded() throws Exception {
        assertTrue(assertThrows(SshdConfigException.class, () -> parse("#".repeat(Parser.MAX_FILE_BYTES + 1)))
                .getMessage().contains("configuration too large"));
        // Each file includes the next twice: 2^14 visits of a 100-line file exceed the line bound.
        String filler = "# filler\n".repeat(100);
        for (int i = 0; i < 14; i++) {
            Path next = tmp.resolve("f" + (i + 1) + ".conf");
            Files.writeString(tmp.resolve("f" + i + ".conf"), filler + "Include " + next + "\nInclude " + next + "\n");
        }
        Files.writeString(tmp.resolve("f14.conf"), filler);
        assertTrue(assertThrows(SshdConfigException.class, () -> SshdConfig.load(tmp.resolve("f0.conf"), tmp))
                .getMessage().contains("lines processed"));
    }

    @Test
    void devNullReadsAsAnEmptyFileAsWithSshd() throws Exception {
        Path devNull = Path.of("/dev/null");
        if (!Files.exists(devNull)) {
            return; // no /dev/null on this system
        }
        // `sshd -f /dev/null -T` is the usual way to see the defaults.
        assertEquals(SshdConfig.parse("", "empty", tmp).effective(SshdConfig.MatchContext.none()).dump(),
                SshdConfig.load(devNull, tmp).effective(SshdConfig.MatchContext.none()).dump());
    }

    @Test
    void fifoIsNotRead() throws Exception {
        Path fifo = tmp.resolve("fifo.conf");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        if (p.waitFor() != 0) {
            return; // no mkfifo here
        }
        Files.writeString(tmp.resolve("main.conf"), "Include " + fifo + "\n");
        assertTrue(assertThrows(SshdConfigException.class, () -> SshdConfig.load(tmp.resolve("main.conf"), tmp))
                .getMessage().endsWith("not a regular file"));
    }
}
