package org.sshwire.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;
import org.sshwire.sftp.TransferOptions;

/**
 * Draws {@link ProgressBar} lines for one file on a terminal: at most once a second, then a final
 * line and a newline when the file is complete. The rate is smoothed like OpenSSH's (each new
 * second weighs 10 %), so one slow round trip does not make the ETA jump.
 */
final class ProgressMeter implements TransferOptions.Listener {
    private static final long SECOND = 1_000_000_000L;
    private static final long STALL_NANOS = 5 * SECOND;

    private final PrintWriter out;
    private final String name;
    private final int columns;
    private final LongSupplier clock;
    private final long start;
    private long lastDraw;
    private long lastBytes;
    private long lastProgress;
    private final long firstBytes;
    private double rate;
    private boolean finished;

    /** @param startOffset where a resumed transfer begins (0 otherwise): the rate counts from there */
    ProgressMeter(PrintWriter out, String name, long startOffset, int columns, LongSupplier nanoClock) {
        this.out = out;
        this.firstBytes = startOffset;
        this.lastBytes = startOffset;
        this.name = name;
        this.columns = columns;
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.lastDraw = start;
        this.lastProgress = start;
    }

    @Override
    public void progress(String remotePath, long transferred, long total) {
        long now = clock.getAsLong();
        if (transferred != lastBytes) {
            lastProgress = now;
        }
        boolean done = transferred >= total;
        if (done) {
            double secs = Math.max(1e-3, (now - start) / (double) SECOND);
            rate = (transferred - firstBytes) / secs; // the true average once complete
        } else if (now - lastDraw >= SECOND) {
            double current = (transferred - lastBytes) / ((now - lastDraw) / (double) SECOND);
            rate = rate == 0 ? current : rate * 0.9 + current * 0.1;
        } else {
            return;
        }
        lastDraw = now;
        lastBytes = transferred;
        draw(transferred, total, now);
        if (done && !finished) {
            finished = true;
            out.print("\n");
            out.flush();
        }
    }

    /** For an empty file the transfer sends no progress: draw its 100 % line once. */
    void finish(long total) {
        if (!finished) {
            progress(name, total, total);
        }
    }

    private void draw(long transferred, long total, long now) {
        boolean stalled = now - lastProgress >= STALL_NANOS && transferred < total;
        out.print("\r" + ProgressBar.format(name, transferred, total, rate, (now - start) / SECOND, stalled, columns));
        out.flush();
    }
}
