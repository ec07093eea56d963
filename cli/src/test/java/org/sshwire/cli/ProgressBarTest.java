package org.sshwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** OpenSSH's progress meter layout, as a pure function, and the meter that draws it. */
class ProgressBarTest {
    @Test
    void halfwayLineHasOpenSshLayout() {
        String line = ProgressBar.format("big.bin", 1 << 20, 2 << 20, 512 * 1024, 2, false, 80);
        assertEquals("big.bin" + " ".repeat(38) + "  50% 1024KB 512.0KB/s   00:02 ETA", line);
        assertEquals(79, line.length());
    }

    @Test
    void finishedLineShowsElapsedTimeWithoutEta() {
        assertEquals("f" + " ".repeat(44) + " 100%   10MB   5.0MB/s   00:02    ",
                ProgressBar.format("f", 10L << 20, 10L << 20, 5 << 20, 2, false, 80));
    }

    @Test
    void unknownRateStallsAndHoursHaveTheirOwnForms() {
        assertTrue(ProgressBar.format("f", 10, 100, 0, 0, false, 80).endsWith("  --:-- ETA"));
        assertTrue(ProgressBar.format("f", 10, 100, 5, 9, true, 80).endsWith("- stalled -"));
        assertTrue(ProgressBar.format("f", 0, 3600L * 1000 * 2, 1000, 0, false, 80).endsWith("2:00:00 ETA"));
    }

    @Test
    void longNamesAreCutAndNarrowTerminalsDropTheNameThenTheTail() {
        String name = "x".repeat(200);
        assertEquals("x".repeat(45), ProgressBar.format(name, 0, 10, 0, 0, false, 80).substring(0, 45));
        assertEquals(" 100%    0     0.0KB/s   00:00    ", ProgressBar.format(name, 0, 0, 0, 0, false, 35));
        assertEquals(" 100%    0  ", ProgressBar.format(name, 0, 0, 0, 0, false, 13));
        assertEquals("", ProgressBar.format(name, 0, 0, 0, 0, false, 1));
    }

    @Test
    void sizesAndRatesUseOpenSshUnits() {
        assertEquals("   0  ", ProgressBar.size(0));
        assertEquals("9999  ", ProgressBar.size(9999));
        assertEquals("  10KB", ProgressBar.size(10000));
        assertEquals("2048KB", ProgressBar.size(2 << 20));
        assertEquals("  10MB", ProgressBar.size(10 << 20));
        assertEquals("  0.0KB", ProgressBar.rate(0));
        assertEquals("  1.0KB", ProgressBar.rate(1024));
        assertEquals("976.6KB", ProgressBar.rate(1_000_000));
        assertEquals("  1.0MB", ProgressBar.rate(1 << 20));
    }

    @Property
    void theLineNeverReachesTheLastColumn(@ForAll("anyName") String name, @ForAll @LongRange(min = 0) long done,
                                          @ForAll @LongRange(min = 0) long total, @ForAll @DoubleRange(min = 0, max = 1e13) double rate,
                                          @ForAll @LongRange(min = 0, max = 1_000_000) long elapsed, @ForAll boolean stalled,
                                          @ForAll @IntRange(min = 0, max = 400) int columns) {
        String line = ProgressBar.format(name, done, total, rate, elapsed, stalled, columns);
        assertTrue(line.length() <= Math.max(0, columns - 1), line.length() + " columns of " + columns);
        assertTrue(line.indexOf('\n') < 0 && line.indexOf('\r') < 0);
    }

    @Property
    void onUsualValuesTheLineFillsTheWidthAndShowsThePercent(@ForAll("anyName") String name,
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long done, @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long total,
            @ForAll @DoubleRange(min = 0, max = 1e11) double rate, @ForAll @IntRange(min = 36, max = 400) int columns) {
        long left = Math.max(0, total - done);
        if (rate >= 1 && left / rate >= 36_000) {
            rate = 0; // ETAs of ten hours or more are wider: covered by the property above
        }
        String line = ProgressBar.format(name, done, total, rate, 0, false, columns);
        assertEquals(columns - 1, line.length(), line);
        Matcher m = Pattern.compile(" +(\\d+)% ").matcher(line.substring(columns - 35));
        assertTrue(m.lookingAt(), line);
        int percent = Integer.parseInt(m.group(1));
        assertEquals(ProgressBar.percent(done, total), percent);
        assertTrue(percent >= 0 && percent <= 100, line);
    }

    @Property
    void percentIsAlwaysBetween0And100(@ForAll long done, @ForAll long total) {
        int p = ProgressBar.percent(done, total);
        assertTrue(p >= 0 && p <= 100, String.valueOf(p));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> anyName() {
        return net.jqwik.api.Arbitraries.strings().withCharRange('!', '~').ofMaxLength(300);
    }

    @Test
    void theMeterDrawsOncePerSecondAndEndsWithANewline() {
        StringWriter s = new StringWriter();
        AtomicLong now = new AtomicLong(0);
        ProgressMeter m = new ProgressMeter(new PrintWriter(s), "f.bin", 0, 80, now::get);
        m.progress("/r/f.bin", 100, 1000);
        assertEquals("", s.toString(), "nothing within the first second");
        now.set(1_000_000_000L);
        m.progress("/r/f.bin", 500, 1000);
        assertTrue(s.toString().startsWith("\rf.bin") && s.toString().contains("  50% "), s.toString());
        now.set(2_000_000_000L);
        m.progress("/r/f.bin", 1000, 1000);
        String all = s.toString();
        assertTrue(all.endsWith(" 100% 1000     0.5KB/s   00:02    \n"), all);
        m.finish(1000);
        assertEquals(all, s.toString(), "finishing twice draws nothing more");
    }

    @Test
    void aResumedTransferCountsItsRateFromWhereItResumed() {
        StringWriter s = new StringWriter();
        AtomicLong now = new AtomicLong(0);
        ProgressMeter m = new ProgressMeter(new PrintWriter(s), "f", 900, 80, now::get);
        now.set(2_000_000_000L);
        m.progress("/f", 2948, 2948);
        assertTrue(s.toString().endsWith(" 100% 2948     1.0KB/s   00:02    \n"), s.toString());
    }

    @Test
    void anEmptyFileStillGetsItsFinishedLine() {
        StringWriter s = new StringWriter();
        ProgressMeter m = new ProgressMeter(new PrintWriter(s), "empty", 0, 80, () -> 0L);
        m.finish(0);
        assertTrue(s.toString().startsWith("\rempty ") && s.toString().endsWith(" 100%    0     0.0KB/s   00:00    \n"), s.toString());
    }
}
