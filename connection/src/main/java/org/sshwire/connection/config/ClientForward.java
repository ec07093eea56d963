package org.sshwire.connection.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One LocalForward, RemoteForward or DynamicForward as readconf.c's {@code parse_forward} reads
 * it: a listen side (host and port, or a Unix socket path) and a connect side (host and port, a
 * path, or "socks" for a dynamic forward). A port is -2 (ssh's PORT_STREAMLOCAL) for a path.
 */
record ClientForward(String listenHost, int listenPort, String listenPath, String connectHost, int connectPort,
        String connectPath) {
    static final int STREAMLOCAL = -2;
    /** NI_MAXHOST and sizeof(sun_path). */
    private static final int MAX_HOST = 1025;
    private static final int MAX_SUN_PATH = 108;

    boolean isDynamic() {
        return "socks".equals(connectHost) && connectPath == null && connectPort == 0;
    }

    private record Field(String arg, boolean isPath) {
    }

    /**
     * {@code parse_forward}: {@code [listenhost:]listenport|listenpath:connecthost:connectport|connectpath},
     * {@code listenpath:connectpath}, or for a dynamic forward {@code [listenhost:]listenport};
     * ${VAR} is expanded first. Null when ssh would refuse it.
     */
    static ClientForward parse(String spec, boolean dynamic, boolean remote, Function<String, String> env) {
        String p = Tokens.dollarExpand(spec, env);
        if (p == null) {
            return null;
        }
        int[] pos = {0};
        while (pos[0] < p.length() && Scalars.isSpace(p.charAt(pos[0]))) {
            pos[0]++;
        }
        List<Field> f = new ArrayList<>();
        while (f.size() < 4) {
            Field next = field(p, pos);
            if (next == null) {
                break;
            }
            f.add(next);
        }
        if (pos[0] >= 0 && pos[0] < p.length()) {
            return null; // trailing garbage
        }
        String lh = null;
        String lpath = null;
        String ch = null;
        String cpath = null;
        int lp = 0;
        int cp = 0;
        switch (f.size()) {
            case 1 -> {
                if (f.get(0).isPath) {
                    lpath = f.get(0).arg;
                    lp = STREAMLOCAL;
                } else {
                    lp = Scalars.a2port(f.get(0).arg);
                }
                ch = "socks";
            }
            case 2 -> {
                if (f.get(0).isPath && f.get(1).isPath) {
                    lpath = f.get(0).arg;
                    lp = STREAMLOCAL;
                    cpath = f.get(1).arg;
                    cp = STREAMLOCAL;
                } else if (f.get(1).isPath) {
                    lp = Scalars.a2port(f.get(0).arg);
                    cpath = f.get(1).arg;
                    cp = STREAMLOCAL;
                } else {
                    lh = f.get(0).arg;
                    lp = Scalars.a2port(f.get(1).arg);
                    ch = "socks";
                }
            }
            case 3 -> {
                if (f.get(0).isPath) {
                    lpath = f.get(0).arg;
                    lp = STREAMLOCAL;
                    ch = f.get(1).arg;
                    cp = Scalars.a2port(f.get(2).arg);
                } else if (f.get(2).isPath) {
                    lh = f.get(0).arg;
                    lp = Scalars.a2port(f.get(1).arg);
                    cpath = f.get(2).arg;
                    cp = STREAMLOCAL;
                } else {
                    lp = Scalars.a2port(f.get(0).arg);
                    ch = f.get(1).arg;
                    cp = Scalars.a2port(f.get(2).arg);
                }
            }
            case 4 -> {
                lh = f.get(0).arg;
                lp = Scalars.a2port(f.get(1).arg);
                ch = f.get(2).arg;
                cp = Scalars.a2port(f.get(3).arg);
            }
            default -> {
                return null;
            }
        }
        int n = f.size();
        if (dynamic) {
            if (!(n == 1 || n == 2)) {
                return null;
            }
        } else {
            if (!(n == 3 || n == 4) && cpath == null && lpath == null) {
                return null;
            }
            if (cp <= 0 && cpath == null) {
                return null;
            }
        }
        if ((lp < 0 && lpath == null) || (!remote && lp == 0)) {
            return null;
        }
        if ((ch != null && ch.length() >= MAX_HOST) || (lh != null && lh.length() >= MAX_HOST)
                || (cpath != null && cpath.length() >= MAX_SUN_PATH) || (lpath != null && lpath.length() >= MAX_SUN_PATH)) {
            return null;
        }
        return new ClientForward(lh, lp, lpath, ch, cp, cpath);
    }

    /** {@code parse_fwd_field}: a [bracketed] field is literal; backslash escapes; '/' marks a path. */
    private static Field field(String s, int[] pos) {
        int i = pos[0];
        if (i < 0 || i >= s.length()) {
            pos[0] = -1;
            return null;
        }
        boolean isPath = false;
        if (s.charAt(i) == '[') {
            int ep = i + 1;
            while (ep < s.length() && s.charAt(ep) != ']') {
                if (s.charAt(ep) == '/') {
                    isPath = true;
                }
                ep++;
            }
            if (ep >= s.length() || (ep + 1 < s.length() && s.charAt(ep + 1) != ':')) {
                return null;
            }
            String arg = s.substring(i + 1, ep);
            pos[0] = ep + 1 < s.length() ? ep + 2 : ep + 1;
            return new Field(arg, isPath);
        }
        StringBuilder arg = new StringBuilder();
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 >= s.length()) {
                    return null;
                }
                arg.append(s.charAt(++i));
                continue;
            }
            if (c == '/') {
                isPath = true;
            } else if (c == ':') {
                pos[0] = i + 1;
                return new Field(arg.toString(), isPath);
            }
            arg.append(c);
        }
        pos[0] = s.length();
        return new Field(arg.toString(), isPath);
    }
}
