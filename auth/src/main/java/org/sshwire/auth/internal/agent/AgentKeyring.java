package org.sshwire.auth.internal.agent;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.sshwire.transport.crypto.CryptoBackend;
import org.sshwire.transport.keys.SshKeyPair;
import org.sshwire.transport.wire.Bytes;

/**
 * The keys an agent holds, in memory only, shared by all its connections: each with its comment,
 * its death time (lifetime constraint, or the agent's default {@code -t}), whether each use is
 * confirmed, and its destination constraints. Also the agent's lock, kept as ssh-agent keeps it:
 * a bcrypt-pbkdf hash (one round) of the passphrase under a random salt, never the passphrase.
 * Time is an argument (monotonic nanoseconds); thread-safe.
 */
public final class AgentKeyring {
    /** One key; {@code blob} is what the agent lists (the certificate's blob for a certificate). */
    record Entry(SshKeyPair key, Bytes blob, String comment, long deathNanos, boolean hasDeath, boolean confirm,
                 List<AgentConstraint.Destination> destinations) {
    }

    private static final int LOCK_SIZE = 32;
    private static final int LOCK_SALT_SIZE = 16;

    private final CryptoBackend crypto;
    private final long defaultLifetimeSeconds;
    private final List<Entry> entries = new ArrayList<>();
    private byte[] lockSalt;
    private byte[] lockHash;
    private int unlockFailures;

    /** {@code defaultLifetimeSeconds} 0 keeps keys without a lifetime constraint until removed ({@code ssh-agent -t}). */
    public AgentKeyring(CryptoBackend crypto, long defaultLifetimeSeconds) {
        this.crypto = crypto;
        this.defaultLifetimeSeconds = defaultLifetimeSeconds;
    }

    CryptoBackend crypto() {
        return crypto;
    }

    /** Forgets keys whose lifetime is over (ssh-agent's reaper); returns how many it removed. */
    public synchronized int reap(long nowNanos) {
        int n = 0;
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.hasDeath() && nowNanos - e.deathNanos() >= 0) {
                it.remove();
                n++;
            }
        }
        return n;
    }

    /** Nanoseconds until the next key expires, or -1 when none will. */
    public synchronized long nanosUntilNextExpiry(long nowNanos) {
        long best = -1;
        for (Entry e : entries) {
            if (e.hasDeath()) {
                long left = Math.max(0, e.deathNanos() - nowNanos);
                best = best < 0 ? left : Math.min(best, left);
            }
        }
        return best;
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    synchronized Entry find(Bytes blob) {
        for (Entry e : entries) {
            if (e.blob().equals(blob)) {
                return e;
            }
        }
        return null;
    }

    /** Adds, or replaces in place (ssh-agent keeps the position of a key added again). */
    synchronized void put(SshKeyPair key, String comment, List<AgentConstraint> constraints, long nowNanos) {
        Long lifetime = null;
        boolean confirm = false;
        List<AgentConstraint.Destination> dests = List.of();
        for (AgentConstraint c : constraints) {
            if (c instanceof AgentConstraint.Lifetime l) {
                lifetime = l.seconds();
            } else if (c instanceof AgentConstraint.Confirm) {
                confirm = true;
            } else if (c instanceof AgentConstraint.RestrictDestination r) {
                dests = r.destinations();
            }
        }
        if (lifetime == null && defaultLifetimeSeconds > 0) {
            lifetime = defaultLifetimeSeconds;
        }
        Bytes blob = key.certificate().map(c -> c.blob()).orElse(key.publicKey().blob());
        Entry e = new Entry(key, blob, comment, lifetime == null ? 0 : nowNanos + lifetime * 1_000_000_000L,
                lifetime != null, confirm, dests);
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).blob().equals(blob)) {
                entries.set(i, e);
                return;
            }
        }
        entries.add(e);
    }

    synchronized boolean remove(Entry e) {
        return entries.remove(e);
    }

    synchronized void removeAll() {
        entries.clear();
    }

    public synchronized boolean isLocked() {
        return lockHash != null;
    }

    /** Locks with a non-empty passphrase; false when already locked or empty (ssh-agent's process_lock_agent). */
    synchronized boolean lock(Bytes passphrase) {
        if (passphrase.isEmpty() || lockHash != null) {
            return false;
        }
        lockSalt = new byte[LOCK_SALT_SIZE];
        crypto.random().nextBytes(lockSalt);
        lockHash = crypto.signatures().bcryptPbkdf(passphrase.toArray(), lockSalt, 1, LOCK_SIZE);
        return true;
    }

    /**
     * Unlocks when the passphrase matches. Returns 0 on success, else the delay in milliseconds
     * the caller waits before answering FAILURE: 0.1 s more for each failure in a row, up to
     * 10 s, as ssh-agent slows guessing.
     */
    synchronized long unlock(Bytes passphrase) {
        if (lockHash == null || passphrase.isEmpty()) {
            return -1;
        }
        byte[] h = crypto.signatures().bcryptPbkdf(passphrase.toArray(), lockSalt, 1, LOCK_SIZE);
        if (Bytes.constantTimeEquals(h, lockHash)) {
            lockHash = null;
            lockSalt = null;
            unlockFailures = 0;
            return 0;
        }
        if (unlockFailures < 100) {
            unlockFailures++;
        }
        return 100L * unlockFailures;
    }
}
