package org.sshwire.connection.server;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * One server's penalty table (srclimit.c): penalties by source block, expiring in time order.
 * Thread-safe; every operation first drops what expired, so the table holds only live penalties
 * and never more than max-sources entries per address family.
 */
final class SourcePenalties {
    private static final System.Logger LOG = System.getLogger(SourcePenalties.class.getName());

    /** Why a connection ended before authentication, as sshd's child_reap() classifies it. */
    enum Offence { NONE, AUTHFAIL, NOAUTH, GRACE_EXCEEDED }

    private static final class Entry {
        final String block;
        long expiry;
        boolean active;
        String reason;

        Entry(String block) {
            this.block = block;
        }
    }

    private final PerSourcePenalties cfg;
    private final NetBlocks blocks;
    private final List<NetBlocks.Cidr> exempt;
    private final LongSupplier clock;
    private final Map<String, Entry> byBlock = new HashMap<>();
    private final TreeSet<Entry> byExpiry = new TreeSet<>(Comparator.<Entry>comparingLong(e -> e.expiry)
            .thenComparing(e -> e.block));
    private int count4;
    private int count6;

    SourcePenalties(PerSourcePenalties cfg, NetBlocks blocks, List<NetBlocks.Cidr> exempt, LongSupplier clock) {
        this.cfg = cfg;
        this.blocks = blocks;
        this.exempt = List.copyOf(exempt);
        this.clock = clock;
    }

    /** srclimit_penalty_check_allow(): the reason to refuse {@code source} now, or null. */
    synchronized String refusal(InetAddress source) {
        if (!cfg.enabled() || source == null || isExempt(source)) {
            return null;
        }
        long now = clock.getAsLong();
        expire(now);
        String key = blocks.key(source);
        boolean v4 = blocks.isV4(key);
        if ((v4 ? count4 >= cfg.maxSources4() && cfg.overflowDenyAll4() : count6 >= cfg.maxSources6() && cfg.overflowDenyAll6())) {
            return "too many penalised addresses";
        }
        Entry e = byBlock.get(key);
        return e != null && e.active ? e.reason : null;
    }

    /** srclimit_penalise(): adds the offence's time to {@code source}'s block. */
    synchronized void penalise(InetAddress source, Offence offence) {
        if (!cfg.enabled() || source == null || offence == Offence.NONE || isExempt(source)) {
            return;
        }
        long secs = switch (offence) {
            case AUTHFAIL -> cfg.authfail().toNanos();
            case NOAUTH -> cfg.noauth().toNanos();
            case GRACE_EXCEEDED -> cfg.graceExceeded().toNanos();
            case NONE -> 0;
        };
        String reason = switch (offence) {
            case AUTHFAIL -> "penalty: failed authentication";
            case NOAUTH -> "penalty: connections without attempting authentication";
            case GRACE_EXCEEDED -> "penalty: exceeded LoginGraceTime";
            case NONE -> "";
        };
        if (secs <= 0) {
            return;
        }
        long now = clock.getAsLong();
        expire(now);
        String key = blocks.key(source);
        boolean v4 = blocks.isV4(key);
        Entry e = byBlock.get(key);
        if (e == null) {
            int n = v4 ? count4 : count6;
            if (n >= (v4 ? cfg.maxSources4() : cfg.maxSources6()) && (v4 ? cfg.overflowDenyAll4() : cfg.overflowDenyAll6())) {
                LOG.log(Level.INFO, "penalty table full, cannot penalise {0} for {1}", key, reason);
                return;
            }
            e = new Entry(key);
            e.expiry = now + secs;
            e.reason = reason;
            e.active = secs > cfg.min().toNanos();
            byBlock.put(key, e);
            byExpiry.add(e);
            if (v4) {
                count4++;
            } else {
                count6++;
            }
            LOG.log(e.active ? Level.INFO : Level.DEBUG, "new {0} penalty of {1} s for {2}: {3}",
                    e.active ? "active" : "deferred", secs / 1e9, source.getHostAddress(), reason);
            evictOverflow(); // permissive: forget the soonest-expiring
            return;
        }
        byExpiry.remove(e);
        e.expiry += secs; // offences add up, to at most max from now
        if (e.expiry - now > cfg.max().toNanos()) {
            e.expiry = now + cfg.max().toNanos();
        }
        if (!e.active && e.expiry - now > cfg.min().toNanos()) {
            e.active = true;
            LOG.log(Level.INFO, "activating penalty of {0} s for {1}: {2}", (e.expiry - now) / 1e9,
                    source.getHostAddress(), reason);
        }
        e.reason = reason;
        byExpiry.add(e);
    }

    /** Sources penalised now, active or not (for tests and monitoring). */
    synchronized int size() {
        expire(clock.getAsLong());
        return byBlock.size();
    }

    private boolean isExempt(InetAddress a) {
        for (NetBlocks.Cidr c : exempt) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private void expire(long now) {
        while (!byExpiry.isEmpty() && byExpiry.first().expiry - now < 0) {
            remove(byExpiry.pollFirst());
        }
    }

    private void evictOverflow() {
        while (count4 > cfg.maxSources4() || count6 > cfg.maxSources6()) {
            Entry victim = null;
            for (Entry e : byExpiry) {
                if (blocks.isV4(e.block) ? count4 > cfg.maxSources4() : count6 > cfg.maxSources6()) {
                    victim = e;
                    break;
                }
            }
            byExpiry.remove(victim);
            remove(victim);
        }
    }

    private void remove(Entry e) {
        byBlock.remove(e.block);
        if (blocks.isV4(e.block)) {
            count4--;
        } else {
            count6--;
        }
    }
}
