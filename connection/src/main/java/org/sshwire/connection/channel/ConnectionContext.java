package org.sshwire.connection.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-connection context, cancelled when the connection closes (gliderlabs/ssh's
 * {@code ctx.Done()}): handlers register clean-up or poll {@link #isCancelled()}, and may keep
 * per-connection values.
 *
 * <pre>{@code
 * session.context().onCancel(() -> process.destroy());
 * }</pre>
 */
public final class ConnectionContext {
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final List<Runnable> onCancel = new ArrayList<>();

    public boolean isCancelled() {
        return done.isDone();
    }

    /** Completes when the connection closes. */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** Runs {@code r} when the connection closes (at once if it already has). */
    public void onCancel(Runnable r) {
        synchronized (onCancel) {
            if (!done.isDone()) {
                onCancel.add(r);
                return;
            }
        }
        r.run();
    }

    public void put(String key, Object value) {
        values.put(key, value);
    }

    public Object get(String key) {
        return values.get(key);
    }

    void cancel() {
        List<Runnable> run;
        synchronized (onCancel) {
            if (done.isDone()) {
                return;
            }
            done.complete(null);
            run = new ArrayList<>(onCancel);
            onCancel.clear();
        }
        for (Runnable r : run) {
            try {
                r.run();
            } catch (RuntimeException e) {
                System.getLogger(ConnectionContext.class.getName()).log(System.Logger.Level.WARNING, "cancel hook failed", e);
            }
        }
    }
}
