package org.sshwire.connection.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * ssh_config's keywords (readconf.c {@code keywords[]}, OpenSSH 9.2 as Debian builds it, with
 * GSSAPI and PKCS#11): each constant is one option; {@link #name} is the keyword {@code ssh -G}
 * prints for it (the first table entry naming it), and {@link #lookup} also knows the aliases.
 * The first four are not options but what readconf does with a line it does not apply.
 */
enum ClientKeyword {
    /** "protocol": silently ignored. */
    IGNORE(null),
    /** A keyword matched by IgnoreUnknown. */
    IGNORED_UNKNOWN(null),
    /** Logged "Deprecated option" and ignored. */
    DEPRECATED(null),
    /** Logged "Unsupported option" and ignored (an error line, not a bad option). */
    UNSUPPORTED(null),
    HOST("host"), MATCH("match"), INCLUDE("include"),
    FORWARD_AGENT("forwardagent"), FORWARD_X11("forwardx11"), FORWARD_X11_TRUSTED("forwardx11trusted"),
    FORWARD_X11_TIMEOUT("forwardx11timeout"), EXIT_ON_FORWARD_FAILURE("exitonforwardfailure"),
    XAUTH_LOCATION("xauthlocation"), GATEWAY_PORTS("gatewayports"), PASSWORD_AUTHENTICATION("passwordauthentication"),
    KBD_INTERACTIVE_AUTHENTICATION("kbdinteractiveauthentication"), KBD_INTERACTIVE_DEVICES("kbdinteractivedevices"),
    PUBKEY_AUTHENTICATION("pubkeyauthentication"), HOSTBASED_AUTHENTICATION("hostbasedauthentication"),
    IDENTITY_FILE("identityfile"), IDENTITIES_ONLY("identitiesonly"), CERTIFICATE_FILE("certificatefile"),
    ADD_KEYS_TO_AGENT("addkeystoagent"), IDENTITY_AGENT("identityagent"), HOSTNAME("hostname"),
    HOST_KEY_ALIAS("hostkeyalias"), PROXY_COMMAND("proxycommand"), PORT("port"), CIPHERS("ciphers"), MACS("macs"),
    REMOTE_FORWARD("remoteforward"), LOCAL_FORWARD("localforward"), PERMIT_REMOTE_OPEN("permitremoteopen"),
    USER("user"), ESCAPE_CHAR("escapechar"), GLOBAL_KNOWN_HOSTS_FILE("globalknownhostsfile"),
    USER_KNOWN_HOSTS_FILE("userknownhostsfile"), CONNECTION_ATTEMPTS("connectionattempts"), BATCH_MODE("batchmode"),
    CHECK_HOST_IP("checkhostip"), STRICT_HOST_KEY_CHECKING("stricthostkeychecking"), COMPRESSION("compression"),
    TCP_KEEP_ALIVE("tcpkeepalive"), NUMBER_OF_PASSWORD_PROMPTS("numberofpasswordprompts"),
    LOG_FACILITY("syslogfacility"), LOG_LEVEL("loglevel"), LOG_VERBOSE("logverbose"),
    DYNAMIC_FORWARD("dynamicforward"), PREFERRED_AUTHENTICATIONS("preferredauthentications"),
    HOST_KEY_ALGORITHMS("hostkeyalgorithms"), CA_SIGNATURE_ALGORITHMS("casignaturealgorithms"),
    BIND_ADDRESS("bindaddress"), BIND_INTERFACE("bindinterface"), CLEAR_ALL_FORWARDINGS("clearallforwardings"),
    ENABLE_SSH_KEYSIGN("enablesshkeysign"), VERIFY_HOST_KEY_DNS("verifyhostkeydns"),
    NO_HOST_AUTHENTICATION_FOR_LOCALHOST("nohostauthenticationforlocalhost"), REKEY_LIMIT("rekeylimit"),
    CONNECT_TIMEOUT("connecttimeout"), ADDRESS_FAMILY("addressfamily"), SERVER_ALIVE_INTERVAL("serveraliveinterval"),
    SERVER_ALIVE_COUNT_MAX("serveralivecountmax"), SEND_ENV("sendenv"), SET_ENV("setenv"), CONTROL_PATH("controlpath"),
    CONTROL_MASTER("controlmaster"), CONTROL_PERSIST("controlpersist"), HASH_KNOWN_HOSTS("hashknownhosts"),
    TUNNEL("tunnel"), TUNNEL_DEVICE("tunneldevice"), LOCAL_COMMAND("localcommand"),
    PERMIT_LOCAL_COMMAND("permitlocalcommand"), REMOTE_COMMAND("remotecommand"), VISUAL_HOST_KEY("visualhostkey"),
    KEX_ALGORITHMS("kexalgorithms"), IPQOS("ipqos"), REQUEST_TTY("requesttty"), SESSION_TYPE("sessiontype"),
    STDIN_NULL("stdinnull"), FORK_AFTER_AUTHENTICATION("forkafterauthentication"), IGNORE_UNKNOWN("ignoreunknown"),
    PROXY_USE_FDPASS("proxyusefdpass"), CANONICAL_DOMAINS("canonicaldomains"),
    CANONICALIZE_HOSTNAME("canonicalizehostname"), CANONICALIZE_MAX_DOTS("canonicalizemaxdots"),
    CANONICALIZE_FALLBACK_LOCAL("canonicalizefallbacklocal"),
    CANONICALIZE_PERMITTED_CNAMES("canonicalizepermittedcnames"), STREAMLOCAL_BIND_MASK("streamlocalbindmask"),
    STREAMLOCAL_BIND_UNLINK("streamlocalbindunlink"), REVOKED_HOST_KEYS("revokedhostkeys"),
    FINGERPRINT_HASH("fingerprinthash"), UPDATE_HOST_KEYS("updatehostkeys"),
    HOSTBASED_ACCEPTED_ALGORITHMS("hostbasedacceptedalgorithms"),
    PUBKEY_ACCEPTED_ALGORITHMS("pubkeyacceptedalgorithms"), PROXY_JUMP("proxyjump"),
    SECURITY_KEY_PROVIDER("securitykeyprovider"), KNOWN_HOSTS_COMMAND("knownhostscommand"),
    REQUIRED_RSA_SIZE("requiredrsasize"), ENABLE_ESCAPE_COMMANDLINE("enableescapecommandline"),
    PKCS11_PROVIDER("pkcs11provider"),
    // Debian's GSSAPI patch: parsed and validated; sshwire has no GSSAPI, so they change nothing.
    GSS_AUTHENTICATION("gssapiauthentication"), GSS_KEY_EX("gssapikeyexchange"),
    GSS_DELEGATE_CREDENTIALS("gssapidelegatecredentials"), GSS_TRUST_DNS("gssapitrustdns"),
    GSS_CLIENT_IDENTITY("gssapiclientidentity"), GSS_SERVER_IDENTITY("gssapiserveridentity"),
    GSS_RENEWAL_FORCES_REKEY("gssapirenewalforcesrekey"), GSS_KEX_ALGORITHMS("gssapikexalgorithms");

    /** The name {@code ssh -G} prints, or null for the four non-options. */
    final String name;

    ClientKeyword(String name) {
        this.name = name;
    }

    private static final Map<String, ClientKeyword> BY_NAME = new HashMap<>();

    static {
        for (ClientKeyword k : values()) {
            if (k.name != null) {
                BY_NAME.put(k.name, k);
            }
        }
        BY_NAME.put("protocol", IGNORE);
        for (String d : new String[] {"cipher", "fallbacktorsh", "globalknownhostsfile2", "rhostsauthentication",
            "useblacklistedkeys", "userknownhostsfile2", "useroaming", "usersh", "useprivilegedport"}) {
            BY_NAME.put(d, DEPRECATED);
        }
        for (String u : new String[] {"afstokenpassing", "kerberosauthentication", "kerberostgtpassing",
            "rsaauthentication", "rhostsrsaauthentication", "compressionlevel"}) {
            BY_NAME.put(u, UNSUPPORTED);
        }
        // Aliases (readconf.c marks them "alias" or "obsolete").
        BY_NAME.put("smartcarddevice", PKCS11_PROVIDER);
        BY_NAME.put("challengeresponseauthentication", KBD_INTERACTIVE_AUTHENTICATION);
        BY_NAME.put("skeyauthentication", KBD_INTERACTIVE_AUTHENTICATION);
        BY_NAME.put("tisauthentication", KBD_INTERACTIVE_AUTHENTICATION);
        BY_NAME.put("dsaauthentication", PUBKEY_AUTHENTICATION);
        BY_NAME.put("identityfile2", IDENTITY_FILE);
        BY_NAME.put("keepalive", TCP_KEEP_ALIVE);
        BY_NAME.put("hostbasedkeytypes", HOSTBASED_ACCEPTED_ALGORITHMS);
        BY_NAME.put("pubkeyacceptedkeytypes", PUBKEY_ACCEPTED_ALGORITHMS);
        // Debian's keepalive patch: compatibility aliases of ServerAliveInterval.
        BY_NAME.put("protocolkeepalives", SERVER_ALIVE_INTERVAL);
        BY_NAME.put("setuptimeout", SERVER_ALIVE_INTERVAL);
    }

    /** The keyword a lowercased name stands for, or null (readconf's oBadOption). */
    static ClientKeyword lookup(String lowercased) {
        return BY_NAME.get(lowercased);
    }

    /** Every name readconf accepts, sorted; for documentation and tests. */
    static java.util.SortedSet<String> names() {
        return new java.util.TreeSet<>(BY_NAME.keySet());
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
