package org.sshwire.connection.config;

import static org.sshwire.connection.config.Handlers.filename;
import static org.sshwire.connection.config.Handlers.flag;
import static org.sshwire.connection.config.Handlers.integer;
import static org.sshwire.connection.config.Handlers.multistate;
import static org.sshwire.connection.config.Handlers.pubkeyAuthOptions;
import static org.sshwire.connection.config.Handlers.time;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sshwire.connection.config.Keyword.Handler;
import org.sshwire.connection.config.Keyword.Status;

/**
 * Every keyword sshd knows (servconf.c {@code keywords[]} of OpenSSH 9.2, Debian's additions,
 * and those added up to 10.x), each supported, refused, or ignored as sshd ignores it. The
 * {@code inMatch} column is sshd's SSHCFG_MATCH; the names are sshd_config(5)'s.
 */
final class Keywords {
    private static final boolean G = false;
    private static final boolean M = true;
    private static final Map<String, Keyword> BY_NAME = new LinkedHashMap<>();

    static {
        // Portable, Debian: PAM. Only "no": sshwire checks passwords and accounts itself
        // (shadow, pam_unix's expiry rules), and would silently skip the PAM stack's other
        // modules (2FA, faillock, limits) if it accepted "yes".
        sup("UsePAM", G, flag("usepam"), "no");
        ign("PAMAuthenticationViaKbdInt", G, "Deprecated");
        sup("Port", G, Directives::port);
        sup("HostKey", G, Directives.fileList("hostkey"));
        alias("HostDSAKey", "HostKey", G);
        ref("HostKeyAgent", G);
        sup("PidFile", G, filename("pidfile"));
        ref("ModuliFile", G);
        ign("ServerKeyBits", G, "Deprecated");
        sup("LoginGraceTime", G, time("logingracetime"));
        ign("KeyRegenerationInterval", G, "Deprecated");
        sup("PermitRootLogin", M, multistate("permitrootlogin", Handlers.PERMIT_ROOT_LOGIN));
        ref("SyslogFacility", G);
        sup("LogLevel", M, Directives::logLevel);
        ref("LogVerbose", M);
        ign("RhostsAuthentication", G, "Deprecated");
        ign("RhostsRSAAuthentication", M, "Deprecated");
        sup("HostbasedAuthentication", M, flag("hostbasedauthentication"), "no");
        ref("HostbasedUsesNameFromPacketOnly", M);
        ref("HostbasedAcceptedAlgorithms", M);
        ref("HostbasedAcceptedKeyTypes", M);
        sup("HostKeyAlgorithms", G, Algorithms.HOST_KEY.handler());
        ign("RSAAuthentication", M, "Deprecated");
        sup("PubkeyAuthentication", M, flag("pubkeyauthentication"));
        sup("PubkeyAcceptedAlgorithms", M, Algorithms.PUBKEY.handler());
        alias("PubkeyAcceptedKeyTypes", "PubkeyAcceptedAlgorithms", M);
        sup("PubkeyAuthOptions", M, pubkeyAuthOptions("pubkeyauthoptions"));
        alias("DSAAuthentication", "PubkeyAuthentication", G);
        sup("KerberosAuthentication", M, flag("kerberosauthentication"), "no");
        ref("KerberosOrLocalPasswd", G);
        ref("KerberosTicketCleanup", G);
        ref("KerberosGetAFSToken", G);
        ign("KerberosTgtPassing", G, "Unsupported");
        ign("AFSTokenPassing", G, "Unsupported");
        sup("GSSAPIAuthentication", M, flag("gssapiauthentication"), "no");
        ref("GSSAPICleanupCredentials", G);
        ref("GSSAPICleanupCreds", G);
        ref("GSSAPIStrictAcceptorCheck", G);
        ref("GSSAPIKeyExchange", G);
        ref("GSSAPIStoreCredentialsOnRekey", G);
        ref("GSSAPIKexAlgorithms", G);
        ign("GSSUseSessionCCache", G, "Unsupported");
        ign("GSSAPIUseSessionCredCache", G, "Unsupported");
        sup("PasswordAuthentication", M, flag("passwordauthentication"));
        sup("KbdInteractiveAuthentication", M, flag("kbdinteractiveauthentication"));
        alias("ChallengeResponseAuthentication", "KbdInteractiveAuthentication", M);
        alias("SkeyAuthentication", "KbdInteractiveAuthentication", M);
        ign("CheckMail", G, "Deprecated");
        sup("ListenAddress", G, Directives::listenAddress);
        sup("AddressFamily", G, multistate("addressfamily", Handlers.ADDRESS_FAMILY));
        sup("PrintMotd", G, flag("printmotd"));
        sup("PrintLastLog", G, flag("printlastlog"));
        sup("IgnoreRhosts", M, multistate("ignorerhosts", Handlers.IGNORE_RHOSTS), "yes");
        ref("IgnoreUserKnownHosts", G);
        sup("X11Forwarding", M, flag("x11forwarding"), "no");
        ref("X11DisplayOffset", M);
        ref("X11UseLocalhost", M);
        ref("XAuthLocation", G);
        sup("StrictModes", G, flag("strictmodes"));
        ign("PermitBlacklistedKeys", G, "Deprecated");
        sup("PermitEmptyPasswords", M, flag("permitemptypasswords"));
        sup("PermitUserEnvironment", G, Directives::permitUserEnvironment);
        ign("UseLogin", G, "Deprecated");
        sup("Compression", G, multistate("compression", Handlers.COMPRESSION));
        sup("RekeyLimit", M, Directives::rekeyLimit);
        sup("TCPKeepAlive", G, flag("tcpkeepalive"));
        alias("KeepAlive", "TCPKeepAlive", G);
        sup("AllowTcpForwarding", M, multistate("allowtcpforwarding", Handlers.FORWARDING));
        sup("AllowAgentForwarding", M, flag("allowagentforwarding"));
        sup("AllowUsers", M, Directives.allowDeny("allowusers", true));
        sup("DenyUsers", M, Directives.allowDeny("denyusers", true));
        sup("AllowGroups", M, Directives.allowDeny("allowgroups", false));
        sup("DenyGroups", M, Directives.allowDeny("denygroups", false));
        sup("Ciphers", G, Algorithms.CIPHERS.handler());
        sup("MACs", G, Algorithms.MACS.handler());
        ign("Protocol", G, "Deprecated");
        sup("GatewayPorts", M, multistate("gatewayports", Handlers.GATEWAY_PORTS));
        sup("Subsystem", G, Directives::subsystem);
        sup("MaxStartups", G, Directives::maxStartups);
        sup("PerSourceMaxStartups", G, Directives::perSourceMaxStartups);
        sup("PerSourceNetBlockSize", G, Directives::perSourceNetBlockSize);
        sup("MaxAuthTries", M, integer("maxauthtries"));
        sup("MaxSessions", M, integer("maxsessions"));
        sup("Banner", M, filename("banner"));
        sup("UseDNS", G, flag("usedns"), "no");
        ign("VerifyReverseMapping", G, "Deprecated");
        ign("ReverseMappingCheck", G, "Deprecated");
        sup("ClientAliveInterval", M, time("clientaliveinterval"));
        sup("ClientAliveCountMax", M, integer("clientalivecountmax"));
        sup("AuthorizedKeysFile", M, Directives::authorizedKeysFile);
        ign("AuthorizedKeysFile2", M, "Deprecated");
        ign("UsePrivilegeSeparation", G, "Deprecated");
        sup("AcceptEnv", M, Directives::acceptEnv);
        sup("SetEnv", M, Directives::setEnv);
        sup("PermitTunnel", M, multistate("permittunnel", Handlers.PERMIT_TUNNEL), "no");
        sup("PermitTTY", M, flag("permittty"));
        ref("PermitUserRC", M);
        sup("Match", M, null);
        sup("PermitOpen", M, Directives.permitOpen("permitopen", false));
        sup("PermitListen", M, Directives.permitOpen("permitlisten", true));
        sup("ForceCommand", M, Directives::forceCommand);
        sup("ChrootDirectory", M, Directives::chrootDirectory);
        sup("HostCertificate", G, Directives.fileList("hostcertificate"));
        sup("RevokedKeys", M, filename("revokedkeys"));
        sup("TrustedUserCAKeys", M, filename("trustedusercakeys"));
        sup("AuthorizedPrincipalsFile", M, Directives::authorizedPrincipalsFile);
        sup("KexAlgorithms", G, Algorithms.KEX.handler());
        sup("Include", M, null);
        ref("IPQoS", M);
        ref("AuthorizedKeysCommand", M);
        ref("AuthorizedKeysCommandUser", M);
        ref("AuthorizedPrincipalsCommand", M);
        ref("AuthorizedPrincipalsCommandUser", M);
        sup("VersionAddendum", G, Directives::versionAddendum);
        sup("AuthenticationMethods", M, Directives::authenticationMethods);
        sup("StreamLocalBindMask", M, Directives::streamLocalBindMask);
        sup("StreamLocalBindUnlink", M, flag("streamlocalbindunlink"));
        sup("AllowStreamLocalForwarding", M, multistate("allowstreamlocalforwarding", Handlers.FORWARDING));
        ref("FingerprintHash", G);
        sup("DisableForwarding", M, flag("disableforwarding"));
        ref("ExposeAuthInfo", M);
        ref("RDomain", M);
        sup("CASignatureAlgorithms", M, Algorithms.CA_SIGNATURE.handler());
        ref("SecurityKeyProvider", G);
        ref("RequiredRSASize", M);
        sup("ChannelTimeout", M, Directives::channelTimeout);
        sup("UnusedConnectionTimeout", M, Directives::unusedConnectionTimeout);
        ref("DebianBanner", G);
        // Added after 9.2 (9.8: penalties, sshd-session; 10.0: RefuseConnection, sshd-auth).
        sup("PerSourcePenalties", G, Directives::perSourcePenalties);
        ref("PerSourcePenaltyExemptList", G);
        ref("SshdSessionPath", G);
        ref("SshdAuthPath", G);
        ref("RefuseConnection", M);
        ref("PAMServiceName", M);
    }

    private Keywords() {
    }

    /** The keyword, found case-insensitively as sshd's {@code strcasecmp}; null if sshd does not know it. */
    static Keyword find(String keyword) {
        return BY_NAME.get(keyword.toLowerCase(Locale.ROOT));
    }

    static List<Keyword> all() {
        return Collections.unmodifiableList(new ArrayList<>(BY_NAME.values()));
    }

    private static void sup(String name, boolean inMatch, Handler h, String... allowed) {
        put(new Keyword(name, name.toLowerCase(Locale.ROOT), inMatch, Status.SUPPORTED, h, List.of(allowed)));
    }

    private static void alias(String name, String of, boolean inMatch) {
        Keyword k = find(of);
        put(new Keyword(name, k.option(), inMatch, k.status(), k.handler(), k.allowed()));
    }

    private static void ref(String name, boolean inMatch) {
        put(new Keyword(name, name.toLowerCase(Locale.ROOT), inMatch, Status.REFUSED, Handlers.refused(), List.of()));
    }

    private static void ign(String name, boolean inMatch, String what) {
        put(new Keyword(name, name.toLowerCase(Locale.ROOT), inMatch, Status.IGNORED, Handlers.ignored(what),
                List.of()));
    }

    private static void put(Keyword k) {
        BY_NAME.put(k.name().toLowerCase(Locale.ROOT), k);
    }
}
