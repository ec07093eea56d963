package org.sshwire.connection.config;

import java.nio.file.Path;
import org.sshwire.auth.internal.Wildcards;
import org.sshwire.connection.config.ClientStates.Table;

/**
 * What each ssh_config keyword does with its line: readconf.c's big switch, with ssh's messages.
 * Values are validated whether or not the section is active (so a typo anywhere is reported, as
 * ssh does) and stored only while active and unset.
 */
final class ClientDirectives {
    private ClientDirectives() {
    }

    static void apply(ClientLine l) {
        ClientOptions o = l.o;
        ClientKeyword k = l.kw;
        switch (k) {
            case IGNORE -> l.consumeAll();
            case IGNORED_UNKNOWN -> {
                l.parser.notes.add(l.at() + ": Ignored unknown option \"" + l.keyword + "\"");
                l.consumeAll();
            }
            case DEPRECATED -> {
                l.parser.notes.add(l.at() + ": Deprecated option \"" + l.keyword + "\"");
                l.consumeAll();
            }
            case UNSUPPORTED -> {
                l.parser.notes.add(l.at() + ": Unsupported option \"" + l.keyword + "\"");
                l.consumeAll();
            }
            case CONNECT_TIMEOUT, FORWARD_X11_TIMEOUT, SERVER_ALIVE_INTERVAL -> time(l, k);
            case FORWARD_AGENT -> forwardAgent(l);
            case FORWARD_X11, FORWARD_X11_TRUSTED, GATEWAY_PORTS, EXIT_ON_FORWARD_FAILURE, PASSWORD_AUTHENTICATION,
                    KBD_INTERACTIVE_AUTHENTICATION, HOSTBASED_AUTHENTICATION, GSS_AUTHENTICATION, GSS_KEY_EX,
                    GSS_DELEGATE_CREDENTIALS, GSS_TRUST_DNS, GSS_RENEWAL_FORCES_REKEY, BATCH_MODE, CHECK_HOST_IP,
                    TCP_KEEP_ALIVE, NO_HOST_AUTHENTICATION_FOR_LOCALHOST, CLEAR_ALL_FORWARDINGS, ENABLE_SSH_KEYSIGN,
                    IDENTITIES_ONLY, HASH_KNOWN_HOSTS, PERMIT_LOCAL_COMMAND, VISUAL_HOST_KEY, STDIN_NULL,
                    FORK_AFTER_AUTHENTICATION, PROXY_USE_FDPASS, CANONICALIZE_FALLBACK_LOCAL, STREAMLOCAL_BIND_UNLINK,
                    ENABLE_ESCAPE_COMMANDLINE -> multistate(l, k, ClientStates.FLAG);
            case PUBKEY_AUTHENTICATION -> multistate(l, k, ClientStates.PUBKEY_AUTH);
            case VERIFY_HOST_KEY_DNS, UPDATE_HOST_KEYS -> multistate(l, k, ClientStates.YES_NO_ASK);
            case STRICT_HOST_KEY_CHECKING -> multistate(l, k, ClientStates.STRICT_HOST_KEY);
            case COMPRESSION -> multistate(l, k, ClientStates.COMPRESSION);
            case ADDRESS_FAMILY -> multistate(l, k, ClientStates.ADDRESS_FAMILY);
            case CONTROL_MASTER -> multistate(l, k, ClientStates.CONTROL_MASTER);
            case TUNNEL -> multistate(l, k, ClientStates.TUNNEL);
            case REQUEST_TTY -> multistate(l, k, ClientStates.REQUEST_TTY);
            case SESSION_TYPE -> multistate(l, k, ClientStates.SESSION_TYPE);
            case CANONICALIZE_HOSTNAME -> multistate(l, k, ClientStates.CANONICALIZE_HOSTNAME);
            case NUMBER_OF_PASSWORD_PROMPTS, CONNECTION_ATTEMPTS, SERVER_ALIVE_COUNT_MAX, CANONICALIZE_MAX_DOTS,
                    REQUIRED_RSA_SIZE -> integer(l, k);
            case KBD_INTERACTIVE_DEVICES, GSS_CLIENT_IDENTITY, GSS_SERVER_IDENTITY, XAUTH_LOCATION, USER, HOSTNAME,
                    HOST_KEY_ALIAS, PREFERRED_AUTHENTICATIONS, BIND_ADDRESS, BIND_INTERFACE, PKCS11_PROVIDER,
                    SECURITY_KEY_PROVIDER, CONTROL_PATH, IGNORE_UNKNOWN, REVOKED_HOST_KEYS -> string(l, k);
            case GSS_KEX_ALGORITHMS -> string(l, k);
            case KNOWN_HOSTS_COMMAND, LOCAL_COMMAND, REMOTE_COMMAND -> command(l, k);
            case PROXY_COMMAND -> command(l, o.jumpHost != null ? null : k);
            case PROXY_JUMP -> proxyJump(l);
            case REKEY_LIMIT -> rekeyLimit(l);
            case IDENTITY_FILE, CERTIFICATE_FILE -> ClientListDirectives.identityFile(l, k);
            case GLOBAL_KNOWN_HOSTS_FILE, USER_KNOWN_HOSTS_FILE -> ClientListDirectives.charArray(l, k, MAX_HOSTS_FILES, true);
            case LOG_VERBOSE -> ClientListDirectives.charArray(l, k, 1, true); // readconf.c keeps only the first word (checked per word)
            case PORT -> port(l);
            case CIPHERS -> algorithms(l, k, Algorithms.CIPHERS, "Bad SSH2 cipher spec");
            case MACS -> algorithms(l, k, Algorithms.MACS, "Bad SSH2 MAC spec");
            case KEX_ALGORITHMS -> algorithms(l, k, Algorithms.KEX, "Bad SSH2 KexAlgorithms");
            case HOST_KEY_ALGORITHMS, HOSTBASED_ACCEPTED_ALGORITHMS, PUBKEY_ACCEPTED_ALGORITHMS ->
                algorithms(l, k, Algorithms.HOST_KEY, null);
            case CA_SIGNATURE_ALGORITHMS -> algorithms(l, k, Algorithms.CA_SIGNATURE, null);
            case LOG_LEVEL -> logLevel(l);
            case LOG_FACILITY -> logFacility(l);
            case LOCAL_FORWARD, REMOTE_FORWARD, DYNAMIC_FORWARD -> forward(l, k);
            case PERMIT_REMOTE_OPEN -> ClientListDirectives.permitRemoteOpen(l);
            case HOST -> host(l);
            case MATCH -> match(l);
            case ESCAPE_CHAR -> escapeChar(l);
            case SEND_ENV -> ClientListDirectives.sendEnv(l);
            case SET_ENV -> ClientListDirectives.setEnv(l);
            case CONTROL_PERSIST -> controlPersist(l);
            case TUNNEL_DEVICE -> tunnelDevice(l);
            case INCLUDE -> ClientInclude.apply(l);
            case IPQOS -> ipqos(l);
            case CANONICAL_DOMAINS -> ClientListDirectives.canonicalDomains(l);
            case CANONICALIZE_PERMITTED_CNAMES -> ClientListDirectives.permittedCnames(l);
            case STREAMLOCAL_BIND_MASK -> bindMask(l);
            case FINGERPRINT_HASH -> fingerprintHash(l);
            case ADD_KEYS_TO_AGENT -> addKeysToAgent(l);
            case IDENTITY_AGENT -> agentPath(l, l.required(), false);
            default -> throw l.bad(l.at() + ": Unimplemented opcode " + k.ordinal());
        }
    }

    private static final int MAX_HOSTS_FILES = ClientParser.MAX_HOSTS_FILES;

    /** {@code parse_time}: "none" is ssh's -1 (unset), else a time. */
    private static void time(ClientLine l, ClientKeyword k) {
        String a = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.bad(l.at() + ": missing time value.");
        }
        int v;
        if (a.equals("none")) {
            v = -1;
        } else if ((v = Scalars.convtime(a)) == -1) {
            throw l.bad(l.at() + ": invalid time value.");
        }
        if (l.active() && v != -1) {
            l.o.firstInt(k, v); // "none" is ssh's -1: the option stays unset
        }
    }

    private static void forwardAgent(ClientLine l) {
        String a = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.bad(l.at() + ": missing argument.");
        }
        int v = ClientStates.FLAG.parse(a);
        if (v != -1) {
            if (l.active()) {
                l.o.firstInt(ClientKeyword.FORWARD_AGENT, v);
            }
            return;
        }
        // Not yes or no: a socket path (or environment variable) to forward.
        if (l.active()) {
            l.o.firstInt(ClientKeyword.FORWARD_AGENT, 1);
        }
        agentPath(l, a, true);
    }

    /** The IdentityAgent / ForwardAgent path check: ${VAR} must expand; "$NAME" must be a valid name. */
    private static void agentPath(ClientLine l, String a, boolean forward) {
        if (Tokens.dollarExpand(a, l.parser.ctx.env()) == null) {
            throw l.bad(l.at() + ": Invalid environment expansion " + a + ".");
        }
        if (a.startsWith("$") && !a.startsWith("${") && !Tokens.validEnvName(a.substring(1))) {
            throw l.bad(l.at() + ": Invalid environment name " + a + ".");
        }
        if (!l.active()) {
            return;
        }
        if (forward) {
            if (l.o.forwardAgentSockPath == null) {
                l.o.forwardAgentSockPath = a;
            }
        } else {
            l.o.firstString(ClientKeyword.IDENTITY_AGENT, a);
        }
    }

    static void multistate(ClientLine l, ClientKeyword k, Table t) {
        String a = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.bad(l.at() + ": missing argument.");
        }
        int v = t.parse(a);
        if (v == -1) {
            throw l.bad(l.at() + ": unsupported option \"" + a + "\".");
        }
        if (l.active()) {
            l.o.firstInt(k, v);
        }
    }

    private static void integer(ClientLine l, ClientKeyword k) {
        Scalars.Num n = Scalars.atoiErr(l.arg());
        if (!n.ok()) {
            throw l.bad(l.at() + ": integer value " + n.error() + ".");
        }
        if (l.active()) {
            l.o.firstInt(k, (int) n.value());
        }
    }

    private static void string(ClientLine l, ClientKeyword k) {
        String a = l.required();
        if (l.active()) {
            l.o.firstString(k, a);
        }
    }

    /** {@code parse_command}: the raw rest of the line; a null keyword checks syntax only. */
    private static void command(ClientLine l, ClientKeyword k) {
        String s = stripLeading(l.str, " \t\r\n=");
        if (k != null && l.active()) {
            l.o.firstString(k, s);
        }
        l.consumeAll();
    }

    private static String stripLeading(String s, String chars) {
        int i = 0;
        while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return s.substring(i);
    }

    private static void proxyJump(ClientLine l) {
        String s = stripLeading(l.str, " \t\r\n=");
        if (!HostSyntax.parse(s, l.o, l.active())) {
            throw l.bad(l.at() + ": Invalid ProxyJump \"" + s + "\"");
        }
        l.consumeAll();
    }

    private static void rekeyLimit(ClientLine l) {
        String a = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.bad(l.at() + ": Missing argument.");
        }
        long v;
        if (a.equals("default")) {
            v = 0;
        } else {
            Scalars.Num n = Scalars.scanScaled(a);
            if (!n.ok()) {
                throw l.bad(l.at() + ": Bad number '" + a + "': " + n.error());
            }
            v = n.value();
            if (v != 0 && v < 16) {
                throw l.bad(l.at() + ": RekeyLimit too small");
            }
        }
        if (l.active() && l.o.rekeyLimit == -1) {
            l.o.rekeyLimit = v;
        }
        if (l.remaining() > 0) {
            if (l.av.get(l.av.size() - l.remaining()).equals("none")) {
                l.arg();
                return;
            }
            String t = l.arg();
            int secs;
            if (t.isEmpty()) {
                throw l.bad(l.at() + ": missing time value.");
            } else if (t.equals("none")) {
                secs = -1;
            } else if ((secs = Scalars.convtime(t)) == -1) {
                throw l.bad(l.at() + ": invalid time value.");
            }
            if (l.active() && l.o.rekeyInterval == -1 && secs != -1) {
                l.o.rekeyInterval = secs;
            }
        }
    }



    private static void port(ClientLine l) {
        String a = l.required();
        int v = Scalars.a2port(a);
        if (v <= 0) {
            throw l.bad(l.at() + ": Bad port '" + a + "'.");
        }
        if (l.active()) {
            l.o.firstInt(ClientKeyword.PORT, v);
        }
    }

    /** The list's names are checked against what sshwire implements (a '-' list is not checked, as in ssh). */
    private static void algorithms(ClientLine l, ClientKeyword k, Algorithms algs, String badSpec) {
        String a = l.required();
        if (!a.startsWith("-")) {
            String names = a.startsWith("+") || a.startsWith("^") ? a.substring(1) : a;
            if (!algs.valid(names)) {
                throw l.bad(badSpec != null ? l.at() + ": " + badSpec + " '" + a + "'."
                        : l.file + " line " + l.num + ": Bad key types '" + a + "'.");
            }
        }
        if (l.active()) {
            l.o.firstString(k, a);
        }
    }

    private static void logLevel(ClientLine l) {
        String a = l.arg();
        int v = a == null ? -1 : ClientStates.LOG_LEVEL.parse(a);
        if (v == -1) {
            throw l.bad(l.at() + ": unsupported log level '" + (a == null ? "<NONE>" : a) + "'");
        }
        if (l.active()) {
            l.o.firstInt(ClientKeyword.LOG_LEVEL, v);
        }
    }

    /** SyslogFacility: ssh sets it even in an inactive section (readconf.c does not check *activep). */
    private static void logFacility(ClientLine l) {
        String a = l.arg();
        int v = a == null ? -1 : ClientStates.LOG_FACILITY.parse(a);
        if (v == -1) {
            throw l.bad(l.at() + ": unsupported log facility '" + (a == null ? "<NONE>" : a) + "'");
        }
        l.o.firstInt(ClientKeyword.LOG_FACILITY, v);
    }

    private static void forward(ClientLine l, ClientKeyword k) {
        String a = l.required();
        boolean remote = k == ClientKeyword.REMOTE_FORWARD;
        boolean dynamic = k == ClientKeyword.DYNAMIC_FORWARD;
        String spec = a;
        if (!dynamic) {
            String a2 = l.arg();
            if (a2 == null || a2.isEmpty()) {
                if (remote) {
                    dynamic = true;
                } else {
                    throw l.bad(l.at() + ": Missing target argument.");
                }
            } else {
                spec = a + ":" + a2;
            }
        }
        ClientForward f = ClientForward.parse(spec, dynamic, remote, l.parser.ctx.env());
        if (f == null) {
            throw l.bad(l.at() + ": Bad forwarding specification.");
        }
        if (l.active()) {
            ClientOptions.addForward(remote ? l.o.remoteForwards : l.o.localForwards, f);
        }
    }


    private static void host(ClientLine l) {
        if (l.cmdline) {
            throw l.bad("Host directive not supported as a command-line option");
        }
        l.active[0] = false;
        String a;
        while ((a = l.arg()) != null) {
            if (a.isEmpty()) {
                throw l.bad(l.file + " line " + l.num + ": keyword " + l.keyword + " empty argument");
            }
            if ((l.flags & ClientParser.NEVERMATCH) != 0) {
                l.consumeAll();
                break;
            }
            boolean negated = a.startsWith("!");
            String pattern = negated ? a.substring(1) : a;
            if (Wildcards.match(l.parser.host, pattern)) {
                if (negated) {
                    l.active[0] = false;
                    l.consumeAll();
                    break;
                }
                l.active[0] = true;
            }
        }
    }

    private static void match(ClientLine l) {
        if (l.cmdline) {
            throw l.bad("Host directive not supported as a command-line option");
        }
        Argv.Cursor c = new Argv.Cursor(l.str);
        int value = ClientMatch.evaluate(l, c);
        if (value < 0) {
            throw l.bad(l.at() + ": Bad Match condition");
        }
        l.active[0] = (l.flags & ClientParser.NEVERMATCH) == 0 && value == 1;
        String rest = c.rest();
        if (rest == null || rest.isEmpty()) {
            l.consumeAll();
        }
    }

    private static void escapeChar(ClientLine l) {
        String a = l.required();
        int v;
        if (a.equals("none")) {
            v = ClientStates.ESCAPE_NONE;
        } else if (a.length() == 1) {
            v = a.charAt(0) & 0xff;
        } else if (a.length() == 2 && a.charAt(0) == '^' && a.charAt(1) >= 64 && a.charAt(1) < 128) {
            v = a.charAt(1) & 31;
        } else {
            throw l.bad(l.at() + ": Bad escape character.");
        }
        if (l.active()) {
            l.o.firstInt(ClientKeyword.ESCAPE_CHAR, v);
        }
    }



    private static void controlPersist(ClientLine l) {
        String a = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.bad(l.at() + ": Missing ControlPersist argument.");
        }
        int value;
        int timeout = 0;
        if (a.equals("no") || a.equals("false")) {
            value = 0;
        } else if (a.equals("yes") || a.equals("true")) {
            value = 1;
        } else if ((timeout = Scalars.convtime(a)) >= 0) {
            value = 1;
        } else {
            throw l.bad(l.at() + ": Bad ControlPersist argument.");
        }
        if (l.active() && !l.o.isSet(ClientKeyword.CONTROL_PERSIST)) {
            l.o.ints.put(ClientKeyword.CONTROL_PERSIST, value);
            l.o.controlPersistTimeout = timeout;
        }
    }

    /** misc.c {@code a2tun}: "any", N, "any:any", "N:M"; the local side stored under TUNNEL_DEVICE. */
    private static void tunnelDevice(ClientLine l) {
        String a = l.required();
        int[] v = a2tun(a);
        if (v == null) {
            throw l.bad(l.at() + ": Bad tun device.");
        }
        if (l.active() && !l.o.isSet(ClientKeyword.TUNNEL_DEVICE)) {
            l.o.ints.put(ClientKeyword.TUNNEL_DEVICE, v[0]);
            l.o.tunRemote = v[1];
        }
    }

    private static final int TUN_MAX = 0x7fffffff - 2;

    private static int[] a2tun(String s) {
        int colon = s.indexOf(':');
        if (colon >= 0) {
            int[] local = a2tun(s.substring(0, colon));
            int[] remote = a2tun(s.substring(colon + 1));
            if (local == null || remote == null) {
                return null;
            }
            return new int[] {local[0], remote[0]};
        }
        if (s.equalsIgnoreCase("any")) {
            return new int[] {ClientStates.TUNID_ANY, ClientStates.TUNID_ANY};
        }
        Scalars.Num n = Scalars.strtonum(s, 0, TUN_MAX);
        if (!n.ok()) {
            return null;
        }
        return new int[] {(int) n.value(), ClientStates.TUNID_ANY};
    }

    private static void ipqos(ClientLine l) {
        String a = l.arg();
        int v = ClientStates.parseIpqos(a);
        if (v == -1) {
            throw l.bad(l.file + " line " + l.num + ": Bad IPQoS value: " + a);
        }
        String b = l.arg();
        int v2 = v;
        if (b != null && (v2 = ClientStates.parseIpqos(b)) == -1) {
            throw l.bad(l.file + " line " + l.num + ": Bad IPQoS value: " + b);
        }
        if (l.active() && !l.o.isSet(ClientKeyword.IPQOS)) {
            l.o.ints.put(ClientKeyword.IPQOS, v);
            l.o.ipqosBulk = v2;
        }
    }



    /** StreamLocalBindMask: octal; readconf.c stores it whatever the section (and the last value wins). */
    private static void bindMask(ClientLine l) {
        String a = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.bad(l.at() + ": Missing StreamLocalBindMask argument.");
        }
        int end = 0;
        long v = 0;
        boolean neg = false;
        String s = a.strip();
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            end = 1;
        }
        int digits = end;
        while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '7' && v <= 0777) {
            v = v * 8 + (s.charAt(end) - '0');
            end++;
        }
        if (end == digits || neg && v != 0 || v > 0777) {
            throw l.bad(l.at() + ": Bad mask.");
        }
        l.o.streamLocalBindMask = (int) v;
    }

    private static void fingerprintHash(ClientLine l) {
        String a = l.required();
        int v = ClientStates.FINGERPRINT_HASH.parse(a);
        if (v == -1) {
            throw l.bad(l.at() + ": Invalid hash algorithm \"" + a + "\".");
        }
        if (l.active()) {
            l.o.firstInt(ClientKeyword.FINGERPRINT_HASH, v);
        }
    }

    private static void addKeysToAgent(ClientLine l) {
        String a = l.arg();
        String a2 = l.arg();
        if (a == null || a.isEmpty()) {
            throw l.bad(l.at() + ": missing argument.");
        }
        int value = ClientStates.YES_NO_ASK_CONFIRM.parse(a);
        int life = 0;
        if (value == 3 && a2 != null) {
            if ((life = Scalars.convtime(a2)) == -1) {
                throw l.bad(l.file + " line " + l.num + ": invalid time value.");
            }
        } else if (value == -1 && a2 == null) {
            if ((life = Scalars.convtime(a)) == -1) {
                throw l.bad(l.file + " line " + l.num + ": unsupported option");
            }
            value = 1;
        } else if (value == -1 || a2 != null) {
            throw l.bad(l.file + " line " + l.num + ": unsupported option");
        }
        if (l.active() && !l.o.isSet(ClientKeyword.ADD_KEYS_TO_AGENT)) {
            l.o.ints.put(ClientKeyword.ADD_KEYS_TO_AGENT, value);
            l.o.addKeysToAgentLifespan = life;
        }
    }

    /** Where a relative Include of a user file is looked for. */
    static Path userDir(ClientLine l) {
        return Path.of(l.parser.ctx.home(), ".ssh");
    }
}
