package org.sshwire.connection.server;

import java.util.concurrent.ThreadLocalRandom;

/**
 * OpenSSH's MaxStartups {@code start:rate:full} for connections that have not authenticated yet:
 * below {@code start} all are accepted; from {@code start} on a new one is refused with
 * probability {@code rate}% rising linearly to 100% at {@code full} (sshd_config(5)). Refusing
 * before the key exchange keeps a flood of half-open logins from costing key agreements.
 *
 * <pre>{@code
 * SshServer.builder().maxStartups(MaxStartups.parse("10:30:100"));
 * }</pre>
 */
public record MaxStartups(int start, int rate, int full) {
    /**
     * OpenSSH's default (servconf.c): from 10 unauthenticated connections on, refuse 30%, rising to
     * all at 100. A server expecting many logins at once raises it, as sshd users do.
     */
    public static final MaxStartups DEFAULT = new MaxStartups(10, 30, 100);

    public MaxStartups {
        // servconf.c: begin <= max, 1 <= rate <= 100, both counts positive.
        if (start < 1 || full < start || rate < 1 || rate > 100) {
            throw new IllegalArgumentException("MaxStartups needs 1 <= start <= full and 1 <= rate <= 100: "
                    + start + ":" + rate + ":" + full);
        }
    }

    /** {@code "10"} (a hard limit) or {@code "10:30:100"}. */
    public static MaxStartups parse(String s) {
        String[] p = s.strip().split(":");
        try {
            if (p.length == 1) {
                int n = Integer.parseInt(p[0]);
                return new MaxStartups(n, 100, n);
            }
            if (p.length == 3) {
                return new MaxStartups(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("MaxStartups wants start or start:rate:full, not " + s);
    }

    /** Whether to refuse one more connection while {@code unauthenticated} are pending. */
    boolean refuse(int unauthenticated) {
        return refuse(unauthenticated, ThreadLocalRandom.current().nextInt(100));
    }

    /**
     * sshd.c should_drop_connection(), in its integer arithmetic: {@code p} percent, from
     * {@code rate} at {@code start} rising linearly to 100 at {@code full}; refused when the
     * uniform draw {@code r} in [0, 100) is below it.
     */
    boolean refuse(int unauthenticated, int r) {
        if (unauthenticated < start) {
            return false;
        }
        if (unauthenticated >= full || rate == 100) {
            return true;
        }
        int p = (100 - rate) * (unauthenticated - start) / (full - start) + rate;
        return r < p;
    }
}
