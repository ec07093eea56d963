package org.sshwire.connection.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What ssh does after reading its files: readconf.c's {@code fill_default_options} (the defaults
 * for everything left unset), then ssh.c's checks and expansions before {@code -G} prints the
 * result: the default user, ProxyJump excluding ProxyCommand, UpdateHostKeys=ask turned off where
 * it cannot ask, and the %-tokens of RemoteCommand, ControlPath, IdentityAgent, RevokedHostKeys,
 * UserKnownHostsFile and the forwards' socket paths.
 */
final class ClientDefaults {
    /** readconf.c's default identity files, printed unexpanded. */
    static final List<String> DEFAULT_IDENTITIES = List.of("~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ecdsa_sk",
            "~/.ssh/id_ed25519", "~/.ssh/id_ed25519_sk", "~/.ssh/id_xmss", "~/.ssh/id_dsa");
    static final String USER_HOSTFILE = "~/.ssh/known_hosts";

    private ClientDefaults() {
    }

    static SshClientSettings finish(ClientOptions o, String hostArg, String host, ClientContext ctx,
            boolean commandGiven, boolean stdioForward, List<String> notes) {
        fill(o, stdioForward);
        String user = o.strings.computeIfAbsent(ClientKeyword.USER, k -> ctx.localUser());
        int port = o.intOr(ClientKeyword.PORT, 0);
        if (port <= 0) {
            port = 22;
            o.ints.put(ClientKeyword.PORT, port);
        }
        if (o.jumpHost != null) {
            int jumpPort = o.jumpPort <= 0 ? 22 : o.jumpPort;
            String jumpUser = o.jumpUser == null ? user : o.jumpUser;
            if (o.jumpHost.equals(host) && port == jumpPort && user.equals(jumpUser)) {
                throw new SshConfigException("jumphost loop via " + o.jumpHost);
            }
            if (o.strings.get(ClientKeyword.PROXY_COMMAND) != null) {
                throw new SshConfigException("inconsistent options: ProxyCommand+ProxyJump");
            }
            o.ints.put(ClientKeyword.PROXY_USE_FDPASS, 0);
        }
        o.strings.computeIfPresent(ClientKeyword.HOST_KEY_ALIAS, (k, v) -> v.toLowerCase(Locale.ROOT));
        String remoteCommand = o.strings.get(ClientKeyword.REMOTE_COMMAND);
        if (o.intOr(ClientKeyword.UPDATE_HOST_KEYS, 0) == 2) {
            boolean persist = o.intOr(ClientKeyword.CONTROL_PERSIST, 0) != 0
                    && o.strings.get(ClientKeyword.CONTROL_PATH) != null;
            if (persist || commandGiven || remoteCommand != null
                    || o.intOr(ClientKeyword.REQUEST_TTY, 0) == ClientStates.TTY_NO
                    || o.intOr(ClientKeyword.LOG_LEVEL, ClientStates.LOG_INFO) < ClientStates.LOG_INFO) {
                o.ints.put(ClientKeyword.UPDATE_HOST_KEYS, 0);
            }
        }
        if (o.intOr(ClientKeyword.CONNECTION_ATTEMPTS, 1) <= 0) {
            throw new SshConfigException("Invalid number of ConnectionAttempts");
        }
        if (commandGiven && remoteCommand != null) {
            throw new SshConfigException("Cannot execute command-line and remote command.");
        }
        Map<Character, String> keys = clientKeys(o, hostArg, host, user, port, ctx);
        if (remoteCommand != null) {
            o.strings.put(ClientKeyword.REMOTE_COMMAND, SshConfig.expand(remoteCommand, keys));
        }
        // RevokedHostKeys is expanded where it is read (SshClientSettings), after -G prints it, as in ssh 9.2.
        for (ClientKeyword k : new ClientKeyword[] {ClientKeyword.CONTROL_PATH, ClientKeyword.IDENTITY_AGENT}) {
            String v = o.strings.get(k);
            if (v != null) {
                o.strings.put(k, percentDollar(Tokens.tildeExpand(v, ctx.home()), keys, ctx));
            }
        }
        if (o.forwardAgentSockPath != null) {
            o.forwardAgentSockPath = percentDollar(Tokens.tildeExpand(o.forwardAgentSockPath, ctx.home()), keys, ctx);
        }
        List<String> known = o.array(ClientKeyword.USER_KNOWN_HOSTS_FILE);
        known.replaceAll(f -> percentDollar(Tokens.tildeExpand(f, ctx.home()), keys, ctx));
        expandForwardPaths(o.localForwards, keys);
        expandForwardPaths(o.remoteForwards, keys);
        return new SshClientSettings(o, hostArg, host, keys, ctx.home(), ctx.env(), List.copyOf(notes));
    }

    /** ssh.c's DEFAULT_CLIENT_PERCENT_EXPAND_ARGS. */
    static Map<Character, String> clientKeys(ClientOptions o, String hostArg, String host, String user, int port,
            ClientContext ctx) {
        String jump = o.jumpHost == null ? "" : o.jumpHost;
        String portStr = Integer.toString(port);
        Map<Character, String> keys = new HashMap<>();
        keys.put('C', Tokens.connectionHash(ctx.thisHost(), host, portStr, user, jump));
        keys.put('L', ctx.shortHost());
        keys.put('i', Long.toString(ctx.uid()));
        keys.put('k', o.strings.getOrDefault(ClientKeyword.HOST_KEY_ALIAS, hostArg));
        keys.put('l', ctx.thisHost());
        keys.put('n', hostArg);
        keys.put('p', portStr);
        keys.put('d', ctx.home());
        keys.put('h', host);
        keys.put('r', user);
        keys.put('u', ctx.localUser());
        keys.put('j', jump);
        return keys;
    }

    static String percentDollar(String s, Map<Character, String> keys, ClientContext ctx) {
        String d = Tokens.dollarExpand(s, ctx.env());
        if (d == null) {
            throw new SshConfigException("invalid environment variable expansion in \"" + s + "\"");
        }
        return SshConfig.expand(d, keys);
    }

    private static void expandForwardPaths(List<ClientForward> list, Map<Character, String> keys) {
        list.replaceAll(f -> new ClientForward(f.listenHost(), f.listenPort(),
                f.listenPath() == null ? null : SshConfig.expand(f.listenPath(), keys), f.connectHost(), f.connectPort(),
                f.connectPath() == null ? null : SshConfig.expand(f.connectPath(), keys)));
    }

    /** readconf.c {@code fill_default_options}, for what {@code -G} prints and sshwire uses. */
    private static void fill(ClientOptions o, boolean stdioForward) {
        Map<ClientKeyword, Integer> d = new HashMap<>();
        d.put(ClientKeyword.FORWARD_AGENT, 0);
        d.put(ClientKeyword.FORWARD_X11, 0);
        d.put(ClientKeyword.FORWARD_X11_TRUSTED, 1);
        d.put(ClientKeyword.FORWARD_X11_TIMEOUT, 1200);
        d.put(ClientKeyword.EXIT_ON_FORWARD_FAILURE, stdioForward ? 1 : 0);
        d.put(ClientKeyword.CLEAR_ALL_FORWARDINGS, stdioForward ? 1 : 0);
        d.put(ClientKeyword.GATEWAY_PORTS, 0);
        d.put(ClientKeyword.STREAMLOCAL_BIND_UNLINK, 0);
        d.put(ClientKeyword.PUBKEY_AUTHENTICATION, ClientStates.PUBKEY_ALL);
        d.put(ClientKeyword.PASSWORD_AUTHENTICATION, 1);
        d.put(ClientKeyword.KBD_INTERACTIVE_AUTHENTICATION, 1);
        d.put(ClientKeyword.HOSTBASED_AUTHENTICATION, 0);
        d.put(ClientKeyword.BATCH_MODE, 0);
        d.put(ClientKeyword.CHECK_HOST_IP, 0);
        d.put(ClientKeyword.STRICT_HOST_KEY_CHECKING, ClientStates.STRICT_ASK);
        d.put(ClientKeyword.COMPRESSION, 0);
        d.put(ClientKeyword.TCP_KEEP_ALIVE, 1);
        d.put(ClientKeyword.ADDRESS_FAMILY, ClientStates.AF_UNSPEC);
        d.put(ClientKeyword.CONNECTION_ATTEMPTS, 1);
        d.put(ClientKeyword.NUMBER_OF_PASSWORD_PROMPTS, 3);
        d.put(ClientKeyword.ESCAPE_CHAR, (int) '~');
        d.put(ClientKeyword.LOG_LEVEL, ClientStates.LOG_INFO);
        d.put(ClientKeyword.LOG_FACILITY, 1);
        d.put(ClientKeyword.NO_HOST_AUTHENTICATION_FOR_LOCALHOST, 0);
        d.put(ClientKeyword.IDENTITIES_ONLY, 0);
        d.put(ClientKeyword.ENABLE_SSH_KEYSIGN, 0);
        d.put(ClientKeyword.VERIFY_HOST_KEY_DNS, 0);
        d.put(ClientKeyword.SERVER_ALIVE_COUNT_MAX, 3);
        d.put(ClientKeyword.CONTROL_MASTER, 0);
        d.put(ClientKeyword.CONTROL_PERSIST, 0);
        d.put(ClientKeyword.HASH_KNOWN_HOSTS, 0);
        d.put(ClientKeyword.TUNNEL, ClientStates.TUN_NO);
        d.put(ClientKeyword.TUNNEL_DEVICE, ClientStates.TUNID_ANY);
        d.put(ClientKeyword.PERMIT_LOCAL_COMMAND, 0);
        d.put(ClientKeyword.VISUAL_HOST_KEY, 0);
        d.put(ClientKeyword.REQUEST_TTY, ClientStates.TTY_AUTO);
        d.put(ClientKeyword.SESSION_TYPE, ClientStates.SESSION_DEFAULT);
        d.put(ClientKeyword.STDIN_NULL, 0);
        d.put(ClientKeyword.FORK_AFTER_AUTHENTICATION, 0);
        d.put(ClientKeyword.PROXY_USE_FDPASS, 0);
        d.put(ClientKeyword.CANONICALIZE_MAX_DOTS, 1);
        d.put(ClientKeyword.CANONICALIZE_FALLBACK_LOCAL, 1);
        d.put(ClientKeyword.CANONICALIZE_HOSTNAME, ClientStates.CANON_NO);
        d.put(ClientKeyword.FINGERPRINT_HASH, 2);
        d.put(ClientKeyword.REQUIRED_RSA_SIZE, 1024);
        d.put(ClientKeyword.ENABLE_ESCAPE_COMMANDLINE, 0);
        d.put(ClientKeyword.GSS_AUTHENTICATION, 0);
        d.put(ClientKeyword.GSS_KEY_EX, 0);
        d.put(ClientKeyword.GSS_DELEGATE_CREDENTIALS, 0);
        d.put(ClientKeyword.GSS_TRUST_DNS, 0);
        d.put(ClientKeyword.GSS_RENEWAL_FORCES_REKEY, 0);
        // ServerAliveInterval: in batch mode the default is five minutes.
        d.put(ClientKeyword.SERVER_ALIVE_INTERVAL, o.intOr(ClientKeyword.BATCH_MODE, 0) == 1 ? 300 : 0);
        if (!o.isSet(ClientKeyword.ADD_KEYS_TO_AGENT)) {
            o.addKeysToAgentLifespan = 0;
        }
        d.put(ClientKeyword.ADD_KEYS_TO_AGENT, 0);
        if (!o.isSet(ClientKeyword.IPQOS)) {
            o.ipqosBulk = 0x08; // throughput: OpenSSH 9.2's defaults are lowdelay and throughput
        }
        d.put(ClientKeyword.IPQOS, 0x10);
        if (!o.isSet(ClientKeyword.TUNNEL_DEVICE)) {
            o.tunRemote = ClientStates.TUNID_ANY;
        }
        // UpdateHostKeys: on by default unless other known_hosts files or DNS host keys are in use.
        if (!o.isSet(ClientKeyword.UPDATE_HOST_KEYS)) {
            List<String> user = o.arrays.getOrDefault(ClientKeyword.USER_KNOWN_HOSTS_FILE, List.of());
            boolean plain = user.isEmpty() || (user.size() == 1 && user.get(0).equals(USER_HOSTFILE));
            d.put(ClientKeyword.UPDATE_HOST_KEYS, o.intOr(ClientKeyword.VERIFY_HOST_KEY_DNS, 0) <= 0 && plain ? 1 : 0);
        }
        d.forEach(o::firstInt);
        if (o.intOr(ClientKeyword.CLEAR_ALL_FORWARDINGS, 0) == 1) {
            o.localForwards.clear();
            o.remoteForwards.clear();
            o.ints.put(ClientKeyword.TUNNEL, ClientStates.TUN_NO);
        }
        o.strings.putIfAbsent(ClientKeyword.XAUTH_LOCATION, "/usr/bin/xauth");
        o.strings.putIfAbsent(ClientKeyword.SECURITY_KEY_PROVIDER, "internal");
        if (o.streamLocalBindMask == -1) {
            o.streamLocalBindMask = 0177;
        }
        if (o.rekeyLimit == -1) {
            o.rekeyLimit = 0;
        }
        if (o.rekeyInterval == -1) {
            o.rekeyInterval = 0;
        }
        if (o.array(ClientKeyword.IDENTITY_FILE).isEmpty()) {
            for (String id : DEFAULT_IDENTITIES) {
                o.addIdentityFile(id, false);
            }
        }
        List<String> system = o.array(ClientKeyword.GLOBAL_KNOWN_HOSTS_FILE);
        if (system.isEmpty()) {
            system.add("/etc/ssh/ssh_known_hosts");
            system.add("/etc/ssh/ssh_known_hosts2");
        }
        List<String> user = o.array(ClientKeyword.USER_KNOWN_HOSTS_FILE);
        if (user.isEmpty()) {
            user.add(USER_HOSTFILE);
            user.add("~/.ssh/known_hosts2");
        }
        for (ClientKeyword k : new ClientKeyword[] {ClientKeyword.LOCAL_COMMAND, ClientKeyword.REMOTE_COMMAND,
            ClientKeyword.PROXY_COMMAND, ClientKeyword.CONTROL_PATH, ClientKeyword.REVOKED_HOST_KEYS,
            ClientKeyword.PKCS11_PROVIDER, ClientKeyword.SECURITY_KEY_PROVIDER, ClientKeyword.KNOWN_HOSTS_COMMAND}) {
            if (ClientOptions.clearOrNone(o.strings.get(k))) {
                o.strings.remove(k);
            }
        }
        if ("none".equals(o.jumpHost) && o.jumpPort == 0 && o.jumpUser == null) {
            o.jumpHost = null;
        }
        if (o.permittedCnames.size() == 1 && !o.hasPermittedCnames()) {
            o.permittedCnames.clear();
        }
    }
}
