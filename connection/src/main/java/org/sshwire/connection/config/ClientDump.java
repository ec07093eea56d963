package org.sshwire.connection.config;

import java.util.List;
import org.sshwire.connection.config.ClientStates.Table;

/**
 * readconf.c's {@code dump_client_config}: the effective configuration in {@code ssh -G}'s order
 * and words. Debian's GSSAPI lines are left out (sshwire has no GSSAPI); the algorithm lists are
 * sshwire's, assembled as ssh assembles its own.
 */
final class ClientDump {
    private final ClientOptions o;
    private final StringBuilder out = new StringBuilder();

    private ClientDump(ClientOptions o) {
        this.o = o;
    }

    static String dump(ClientOptions o, String hostArg, String host) {
        return new ClientDump(o).write(hostArg, host);
    }

    private String write(String hostArg, String host) {
        string(ClientKeyword.HOST, hostArg);
        string(ClientKeyword.USER, o.strings.get(ClientKeyword.USER));
        string(ClientKeyword.HOSTNAME, host);
        integer(ClientKeyword.PORT);
        fmt(ClientKeyword.ADDRESS_FAMILY, ClientStates.ADDRESS_FAMILY);
        for (ClientKeyword k : new ClientKeyword[] {ClientKeyword.BATCH_MODE, ClientKeyword.CANONICALIZE_FALLBACK_LOCAL}) {
            fmt(k, null);
        }
        fmt(ClientKeyword.CANONICALIZE_HOSTNAME, ClientStates.CANONICALIZE_HOSTNAME);
        fmt(ClientKeyword.CHECK_HOST_IP, null);
        fmt(ClientKeyword.COMPRESSION, null);
        fmt(ClientKeyword.CONTROL_MASTER, ClientStates.CONTROL_MASTER);
        for (ClientKeyword k : new ClientKeyword[] {ClientKeyword.ENABLE_SSH_KEYSIGN, ClientKeyword.CLEAR_ALL_FORWARDINGS,
            ClientKeyword.EXIT_ON_FORWARD_FAILURE}) {
            fmt(k, null);
        }
        fmt(ClientKeyword.FINGERPRINT_HASH, ClientStates.FINGERPRINT_HASH);
        for (ClientKeyword k : new ClientKeyword[] {ClientKeyword.FORWARD_X11, ClientKeyword.FORWARD_X11_TRUSTED,
            ClientKeyword.GATEWAY_PORTS, ClientKeyword.HASH_KNOWN_HOSTS, ClientKeyword.HOSTBASED_AUTHENTICATION,
            ClientKeyword.IDENTITIES_ONLY, ClientKeyword.KBD_INTERACTIVE_AUTHENTICATION,
            ClientKeyword.NO_HOST_AUTHENTICATION_FOR_LOCALHOST, ClientKeyword.PASSWORD_AUTHENTICATION,
            ClientKeyword.PERMIT_LOCAL_COMMAND, ClientKeyword.PROXY_USE_FDPASS}) {
            fmt(k, null);
        }
        fmt(ClientKeyword.PUBKEY_AUTHENTICATION, ClientStates.PUBKEY_AUTH);
        fmt(ClientKeyword.REQUEST_TTY, ClientStates.REQUEST_TTY);
        fmt(ClientKeyword.SESSION_TYPE, ClientStates.SESSION_TYPE);
        fmt(ClientKeyword.STDIN_NULL, null);
        fmt(ClientKeyword.FORK_AFTER_AUTHENTICATION, null);
        fmt(ClientKeyword.STREAMLOCAL_BIND_UNLINK, null);
        fmt(ClientKeyword.STRICT_HOST_KEY_CHECKING, ClientStates.STRICT_HOST_KEY);
        fmt(ClientKeyword.TCP_KEEP_ALIVE, null);
        fmt(ClientKeyword.TUNNEL, ClientStates.TUNNEL);
        fmt(ClientKeyword.VERIFY_HOST_KEY_DNS, ClientStates.YES_NO_ASK);
        fmt(ClientKeyword.VISUAL_HOST_KEY, null);
        fmt(ClientKeyword.UPDATE_HOST_KEYS, ClientStates.YES_NO_ASK);
        fmt(ClientKeyword.ENABLE_ESCAPE_COMMANDLINE, null);

        for (ClientKeyword k : new ClientKeyword[] {ClientKeyword.CANONICALIZE_MAX_DOTS,
            ClientKeyword.CONNECTION_ATTEMPTS, ClientKeyword.FORWARD_X11_TIMEOUT, ClientKeyword.NUMBER_OF_PASSWORD_PROMPTS,
            ClientKeyword.SERVER_ALIVE_COUNT_MAX, ClientKeyword.SERVER_ALIVE_INTERVAL, ClientKeyword.REQUIRED_RSA_SIZE}) {
            integer(k);
        }

        string(ClientKeyword.BIND_ADDRESS);
        string(ClientKeyword.BIND_INTERFACE);
        algorithms(ClientKeyword.CIPHERS, Algorithms.CIPHERS);
        string(ClientKeyword.CONTROL_PATH);
        algorithms(ClientKeyword.HOST_KEY_ALGORITHMS, Algorithms.HOST_KEY);
        string(ClientKeyword.HOST_KEY_ALIAS);
        algorithms(ClientKeyword.HOSTBASED_ACCEPTED_ALGORITHMS, Algorithms.PUBKEY);
        string(ClientKeyword.IDENTITY_AGENT);
        string(ClientKeyword.IGNORE_UNKNOWN);
        string(ClientKeyword.KBD_INTERACTIVE_DEVICES);
        algorithms(ClientKeyword.KEX_ALGORITHMS, Algorithms.KEX);
        algorithms(ClientKeyword.CA_SIGNATURE_ALGORITHMS, Algorithms.CA_SIGNATURE);
        string(ClientKeyword.LOCAL_COMMAND);
        string(ClientKeyword.REMOTE_COMMAND);
        string(ClientKeyword.LOG_LEVEL, ClientStates.LOG_LEVEL.format(o.intOr(ClientKeyword.LOG_LEVEL, -1)));
        algorithms(ClientKeyword.MACS, Algorithms.MACS);
        string(ClientKeyword.PKCS11_PROVIDER);
        string(ClientKeyword.SECURITY_KEY_PROVIDER);
        string(ClientKeyword.PREFERRED_AUTHENTICATIONS);
        algorithms(ClientKeyword.PUBKEY_ACCEPTED_ALGORITHMS, Algorithms.PUBKEY);
        string(ClientKeyword.REVOKED_HOST_KEYS);
        string(ClientKeyword.XAUTH_LOCATION);
        string(ClientKeyword.KNOWN_HOSTS_COMMAND);

        forwards(ClientKeyword.DYNAMIC_FORWARD, o.localForwards);
        forwards(ClientKeyword.LOCAL_FORWARD, o.localForwards);
        forwards(ClientKeyword.REMOTE_FORWARD, o.remoteForwards);

        array(ClientKeyword.IDENTITY_FILE);
        oneline(ClientKeyword.CANONICAL_DOMAINS);
        array(ClientKeyword.CERTIFICATE_FILE);
        oneline(ClientKeyword.GLOBAL_KNOWN_HOSTS_FILE);
        oneline(ClientKeyword.USER_KNOWN_HOSTS_FILE);
        array(ClientKeyword.SEND_ENV);
        array(ClientKeyword.SET_ENV);
        oneline(ClientKeyword.LOG_VERBOSE);
        specials();
        return out.toString();
    }

    private void specials() {
        List<String> opens = o.arrays.getOrDefault(ClientKeyword.PERMIT_REMOTE_OPEN, List.of());
        if (opens.isEmpty()) {
            line("permitremoteopen any");
        } else {
            oneline(ClientKeyword.PERMIT_REMOTE_OPEN);
        }
        int add = o.intOr(ClientKeyword.ADD_KEYS_TO_AGENT, 0);
        if (o.addKeysToAgentLifespan <= 0) {
            fmt(ClientKeyword.ADD_KEYS_TO_AGENT, ClientStates.YES_NO_ASK_CONFIRM);
        } else {
            line("addkeystoagent" + (add == 3 ? " confirm" : "") + " " + o.addKeysToAgentLifespan);
        }
        if (o.forwardAgentSockPath == null) {
            fmt(ClientKeyword.FORWARD_AGENT, null);
        } else {
            string(ClientKeyword.FORWARD_AGENT, o.forwardAgentSockPath);
        }
        Integer timeout = o.ints.get(ClientKeyword.CONNECT_TIMEOUT);
        line("connecttimeout " + (timeout == null ? "none" : timeout.toString()));
        int tunLocal = o.intOr(ClientKeyword.TUNNEL_DEVICE, ClientStates.TUNID_ANY);
        line("tunneldevice " + (tunLocal == ClientStates.TUNID_ANY ? "any" : Integer.toString(tunLocal))
                + (o.tunRemote == ClientStates.TUNID_ANY ? ":any" : ":" + o.tunRemote));
        StringBuilder cn = new StringBuilder("canonicalizePermittedcnames");
        if (o.permittedCnames.isEmpty()) {
            cn.append(" none");
        }
        for (String[] c : o.permittedCnames) {
            cn.append(' ').append(c[0]).append(':').append(c[1]);
        }
        line(cn.toString());
        int persist = o.intOr(ClientKeyword.CONTROL_PERSIST, 0);
        if (persist == 0 || o.controlPersistTimeout == 0) {
            fmt(ClientKeyword.CONTROL_PERSIST, null);
        } else {
            line("controlpersist " + o.controlPersistTimeout);
        }
        int esc = o.intOr(ClientKeyword.ESCAPE_CHAR, '~');
        line("escapechar " + (esc == ClientStates.ESCAPE_NONE ? "none" : vis(esc)));
        line("ipqos " + ClientStates.iptos2str(o.intOr(ClientKeyword.IPQOS, 0x10)) + " "
                + ClientStates.iptos2str(o.ipqosBulk));
        line("rekeylimit " + Long.toUnsignedString(o.rekeyLimit) + " " + o.rekeyInterval);
        line("streamlocalbindmask 0" + Integer.toOctalString(o.streamLocalBindMask));
        line("syslogfacility " + ClientStates.LOG_FACILITY.format(o.intOr(ClientKeyword.LOG_FACILITY, 1)));
        if (o.jumpHost == null) {
            string(ClientKeyword.PROXY_COMMAND);
        } else {
            String jh = o.jumpHost;
            boolean numeric = jh.indexOf(':') >= 0 || jh.chars().allMatch(c -> "1234567890.".indexOf(c) >= 0);
            line("proxyjump " + (o.jumpExtra == null ? "" : o.jumpExtra + ",")
                    + (o.jumpUser == null ? "" : o.jumpUser + "@") + (numeric ? "[" + jh + "]" : jh)
                    + (o.jumpPort <= 0 ? "" : ":" + o.jumpPort));
        }
    }

    /** vis(3) with VIS_WHITE, for one character: what {@code escapechar} prints. */
    static String vis(int c) {
        if (c == '\\') {
            return "\\\\";
        }
        if (c == ' ') {
            return "\\040";
        }
        if (c == '\t') {
            return "\\t";
        }
        if (c == '\n') {
            return "\\n";
        }
        if (c < 0x20) {
            return "\\^" + (char) (c + '@');
        }
        if (c == 0x7f) {
            return "\\^?";
        }
        if (c > 0x7f) {
            int low = c & 0x7f;
            return "\\M" + (low < 0x20 ? "^" + (char) (low + '@') : low == 0x7f ? "^?" : "-" + (char) low);
        }
        return String.valueOf((char) c);
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    private void string(ClientKeyword k) {
        string(k, o.strings.get(k));
    }

    private void string(ClientKeyword k, String v) {
        if (v != null) {
            line(k.name + " " + v);
        }
    }

    private void integer(ClientKeyword k) {
        line(k.name + " " + o.intOr(k, -1));
    }

    /** {@code dump_cfg_fmtint}: the table's word, or yes/no for a plain flag. */
    private void fmt(ClientKeyword k, Table t) {
        Integer v = o.ints.get(k);
        String word;
        if (v == null || v == -1) {
            word = "unset";
        } else if (t != null) {
            word = t.format(v);
        } else {
            word = v == 0 ? "no" : v == 1 ? "yes" : "UNKNOWN";
        }
        line(k.name + " " + word);
    }

    private void algorithms(ClientKeyword k, Algorithms a) {
        line(k.name + " " + String.join(",", a.assemble(o.strings.get(k))));
    }

    private void array(ClientKeyword k) {
        for (String v : o.arrays.getOrDefault(k, List.of())) {
            line(k.name + " " + v);
        }
    }

    private void oneline(ClientKeyword k) {
        List<String> v = o.arrays.getOrDefault(k, List.of());
        line(k.name + (v.isEmpty() ? " none" : " " + String.join(" ", v)));
    }

    /** {@code dump_cfg_forwards}: a local forward to a socket path prints as a dynamic one too, as in ssh. */
    private void forwards(ClientKeyword k, List<ClientForward> list) {
        for (ClientForward f : list) {
            if (k == ClientKeyword.DYNAMIC_FORWARD && f.connectHost() != null && !f.connectHost().equals("socks")) {
                continue;
            }
            if (k == ClientKeyword.LOCAL_FORWARD && "socks".equals(f.connectHost())) {
                continue;
            }
            StringBuilder b = new StringBuilder(k.name);
            if (f.listenPort() == ClientForward.STREAMLOCAL) {
                b.append(' ').append(f.listenPath());
            } else if (f.listenHost() == null) {
                b.append(' ').append(f.listenPort());
            } else {
                b.append(" [").append(f.listenHost()).append("]:").append(f.listenPort());
            }
            if (k != ClientKeyword.DYNAMIC_FORWARD) {
                if (f.connectPort() == ClientForward.STREAMLOCAL) {
                    b.append(' ').append(f.connectPath());
                } else if (f.connectHost() == null) {
                    b.append(' ').append(f.connectPort());
                } else {
                    b.append(" [").append(f.connectHost()).append("]:").append(f.connectPort());
                }
            }
            line(b.toString());
        }
    }
}
