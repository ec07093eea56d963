package org.sshwire.bench.e2e;

/**
 * One measured value of one repetition. {@code section} names the table it goes to, {@code row}
 * the table row, {@code impl} the column (sshwire, OpenSSH, MINA).
 */
record Measurement(String section, String row, String metric, boolean higherIsBetter, String impl, int rep, double value) {
    static String csvHeader() {
        return "section,row,metric,higher_is_better,impl,rep,value";
    }

    String csv() {
        return String.join(",", quote(section), quote(row), quote(metric), Boolean.toString(higherIsBetter), quote(impl),
                Integer.toString(rep), Double.toString(value));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
