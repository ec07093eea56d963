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
    /** Generous enough for a thousand logins at once; OpenSSH's own default is 10:30:100. */
    public static final MaxStartups DEFAULT = new MaxStartups(1000, 30, 2000);

    public MaxStartups {
        if (start < 1 || full < start || rate < 0 || rate > 100) {
            throw new IllegalArgumentException("MaxStartups needs 1 <= start <= full and 0 <= rate <= 100: "
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
        if (unauthenticated >= full) {
            return true;
        }
        if (unauthenticated < start) {
            return false;
        }
        double p = rate / 100.0 + (1 - rate / 100.0) * (unauthenticated - start) / Math.max(1, full - start);
        return ThreadLocalRandom.current().nextDouble() < p;
    }
}
