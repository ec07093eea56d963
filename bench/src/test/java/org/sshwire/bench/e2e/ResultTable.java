package org.sshwire.bench.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Medians of the measurements as markdown: one table per section, a row per (row, metric), a
 * column per implementation, then sshwire's value divided by each other implementation's. Whether
 * a ratio above 1 is good depends on the metric, so each row says which way is better.
 */
final class ResultTable {
    static final String OURS = "sshwire";

    private final List<Measurement> all;

    ResultTable(List<Measurement> all) {
        this.all = List.copyOf(all);
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        Set<String> sections = new LinkedHashSet<>();
        all.forEach(m -> sections.add(m.section()));
        for (String section : sections) {
            out.append("### ").append(section).append("\n\n");
            appendSection(out, all.stream().filter(m -> m.section().equals(section)).toList());
            out.append('\n');
        }
        return out.toString();
    }

    private static void appendSection(StringBuilder out, List<Measurement> ms) {
        // Ours is "sshwire", or a variant of it such as "sshwire proxy" in a section without it.
        String ours = ms.stream().map(Measurement::impl).filter(i -> i.equals(OURS)).findFirst()
                .orElse(ms.stream().map(Measurement::impl).filter(i -> i.startsWith(OURS)).findFirst().orElse(OURS));
        Set<String> impls = new LinkedHashSet<>();
        impls.add(ours);
        ms.forEach(m -> impls.add(m.impl()));
        List<String> others = impls.stream().filter(i -> !i.equals(ours)).toList();
        Map<String, Map<String, List<Double>>> rows = new LinkedHashMap<>(); // "row | metric" -> impl -> values
        Map<String, Boolean> higher = new LinkedHashMap<>();
        for (Measurement m : ms) {
            String key = m.row() + " | " + m.metric();
            rows.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(m.impl(), k -> new ArrayList<>()).add(m.value());
            higher.put(key, m.higherIsBetter());
        }
        out.append("| test | metric | better |");
        impls.forEach(i -> out.append(' ').append(i).append(" |"));
        others.forEach(o -> out.append(' ').append(ours).append('/').append(o).append(" |"));
        out.append("\n|---|---|---|");
        impls.forEach(i -> out.append("---:|"));
        others.forEach(o -> out.append("---:|"));
        out.append('\n');
        for (Map.Entry<String, Map<String, List<Double>>> r : rows.entrySet()) {
            String[] rm = r.getKey().split(" \\| ", 2);
            out.append("| ").append(rm[0]).append(" | ").append(rm[1]).append(" | ")
                    .append(higher.get(r.getKey()) ? "higher" : "lower").append(" |");
            for (String i : impls) {
                out.append(' ').append(format(median(r.getValue().get(i)))).append(" |");
            }
            double mine = median(r.getValue().get(ours));
            for (String o : others) {
                double theirs = median(r.getValue().get(o));
                double ratio = mine / theirs;
                out.append(' ').append(Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f×", ratio) : "—").append(" |");
            }
            out.append('\n');
        }
    }

    /** The median; NaN for no values (shown as "—"). */
    static double median(List<Double> values) {
        if (values == null) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The value at fraction {@code p} of the sorted samples (nearest rank). */
    static double percentile(List<Double> values, double p) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, v);
    }
}
