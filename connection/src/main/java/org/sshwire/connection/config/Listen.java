package org.sshwire.connection.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * ListenAddress resolution as sshd's {@code add_listen_addr}: each address with its own port or
 * with every Port; no ListenAddress means the wildcard of each allowed family (getaddrinfo
 * passive order: IPv4 then IPv6). sshd stacks each getaddrinfo result and prints it reversed, so
 * entries come in configuration order, each entry's addresses reversed ({@code [::]} before
 * {@code 0.0.0.0}).
 */
final class Listen {
    private Listen() {
    }

    static List<InetSocketAddress> resolve(List<Options.Listen> queued, List<Integer> ports, String family) {
        List<Options.Listen> q = queued.isEmpty() ? List.of(new Options.Listen(null, 0, null)) : queued;
        List<InetSocketAddress> out = new ArrayList<>();
        for (Options.Listen l : q) {
            for (int port : l.port() > 0 ? List.of(l.port()) : ports) {
                List<InetAddress> chain = addresses(l.host(), family);
                Collections.reverse(chain);
                for (InetAddress a : chain) {
                    out.add(new InetSocketAddress(a, port));
                }
            }
        }
        return out;
    }

    private static List<InetAddress> addresses(String host, String family) {
        boolean v4 = !family.equals("inet6");
        boolean v6 = !family.equals("inet");
        List<InetAddress> out = new ArrayList<>();
        try {
            if (host == null) {
                if (v4) {
                    out.add(InetAddress.getByAddress(new byte[4]));
                }
                if (v6) {
                    out.add(InetAddress.getByAddress(new byte[16]));
                }
                return out;
            }
            byte[] literal = Cidr.parseAddress(host);
            List<InetAddress> all = literal != null ? List.of(InetAddress.getByAddress(literal))
                    : Arrays.asList(InetAddress.getAllByName(host));
            for (InetAddress a : all) {
                if ((a instanceof Inet4Address && v4) || (a instanceof Inet6Address && v6)) {
                    out.add(a);
                }
            }
            if (out.isEmpty()) {
                throw new SshdConfigException("bad addr or host: " + host
                        + " (Address family for hostname not supported)");
            }
            return out;
        } catch (UnknownHostException e) {
            throw new SshdConfigException("bad addr or host: " + host + " (Name or service not known)");
        }
    }

    /** {@code listenaddress} as sshd prints it: {@code addr:port}, IPv6 in brackets. */
    static String format(InetSocketAddress a) {
        byte[] b = a.getAddress().getAddress();
        String host = Cidr.format(b);
        return (b.length == 16 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
