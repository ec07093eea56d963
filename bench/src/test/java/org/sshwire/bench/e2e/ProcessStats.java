package org.sshwire.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What Linux's {@code /proc} says about a server: memory, threads and CPU time. A server is a
 * process tree: one JVM for sshwire and MINA, a listener plus two processes per connection for
 * OpenSSH's sshd, so memory and threads are summed over the tree.
 */
final class ProcessStats {
    /** USER_HZ: the unit of the times in /proc/PID/stat; 100 on every Linux we run on. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** A process tree at one moment; Pss shares pages among the processes that map them. */
    record Snapshot(long rssKiB, long pssKiB, long threads, int processes) {
        double rssMiB() {
            return rssKiB / 1024.0;
        }

        double pssMiB() {
            return pssKiB / 1024.0;
        }
    }

    private ProcessStats() {
    }

    /**
     * CPU seconds of {@code pid} and of the children it has reaped (utime + stime + cutime +
     * cstime). sshd's listener reaps its per-connection processes and the JVMs reap the commands
     * they ran, so once a connection has ended its whole cost is in here, for every server alike.
     */
    static double cpuSeconds(long pid) {
        String[] f = statFields(pid);
        if (f == null) {
            return Double.NaN;
        }
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        return ticks / TICKS_PER_SECOND;
    }

    /** The live descendants of {@code pid} (children, grandchildren, ...). */
    static List<Long> descendants(long pid) {
        Map<Long, List<Long>> children = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).forEach(n -> {
                String[] f = statFields(Long.parseLong(n));
                if (f != null) {
                    children.computeIfAbsent(Long.parseLong(f[1]), k -> new ArrayList<>()).add(Long.parseLong(n));
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<Long> out = new ArrayList<>();
        ArrayDeque<Long> todo = new ArrayDeque<>(children.getOrDefault(pid, List.of()));
        while (!todo.isEmpty()) {
            long p = todo.poll();
            out.add(p);
            todo.addAll(children.getOrDefault(p, List.of()));
        }
        return out;
    }

    /** Memory and threads summed over {@code pid} and its descendants. */
    static Snapshot tree(long pid) {
        List<Long> all = new ArrayList<>();
        all.add(pid);
        all.addAll(descendants(pid));
        long rss = 0;
        long pss = 0;
        long threads = 0;
        int processes = 0;
        for (long p : all) {
            Map<String, Long> status = fields(Path.of("/proc", Long.toString(p), "status"));
            if (status.isEmpty()) {
                continue; // exited meanwhile
            }
            processes++;
            rss += status.getOrDefault("VmRSS", 0L);
            threads += status.getOrDefault("Threads", 0L);
            pss += fields(Path.of("/proc", Long.toString(p), "smaps_rollup")).getOrDefault("Pss", 0L);
        }
        return new Snapshot(rss, pss, threads, processes);
    }

    /**
     * Waits (bounded) until {@code pid} has no descendants, so that the CPU time of a finished
     * connection's processes has been reaped into the parent's cutime/cstime.
     */
    static void awaitNoDescendants(long pid, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!descendants(pid).isEmpty() && System.nanoTime() < deadline) {
            sleep(10);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The fields of /proc/PID/stat after the command name, from the state on (index 1 = ppid). */
    private static String[] statFields(long pid) {
        String s;
        try {
            s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return null; // the process has gone
        }
        // The command name is in parentheses and may itself contain spaces and parentheses.
        return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
    }

    /** "Name:   1234 kB" lines as Name -> 1234. */
    private static Map<String, Long> fields(Path file) {
        Map<String, Long> out = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return out;
        }
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String[] v = line.substring(colon + 1).trim().split("\\s+");
            if (v.length > 0 && !v[0].isEmpty() && v[0].chars().allMatch(Character::isDigit)) {
                out.put(line.substring(0, colon), Long.parseLong(v[0]));
            }
        }
        return out;
    }
}
