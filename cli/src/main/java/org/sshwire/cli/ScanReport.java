package org.sshwire.cli;


/** Prints a {@link ServerScan.Result} as text or JSON. */
final class ScanReport {
    private ScanReport() {
    }

    static String text(ServerScan.Result r) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(r.target()).append('\n');
        b.append("identification: ").append(r.identification()).append('\n');
        b.append("strict kex: ").append(r.strictKex() ? "yes" : "no (vulnerable to Terrapin, CVE-2023-48795, with chacha20-poly1305 or -etm MACs)").append('\n');
        b.append("ext-info: ").append(r.extInfo() ? "yes" : "no").append('\n');
        if (r.extensions() != null) {
            r.extensions().forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
        }
        for (String[] c : ScanCommand.categories()) {
            b.append('\n').append(c[1]).append(":\n");
            for (String name : ScanCommand.list(r.kexInit(), c[0])) {
                AlgorithmRating rating = AlgorithmRating.of(name);
                b.append("  ").append(name);
                if (rating != AlgorithmRating.OK) {
                    b.append("  [").append(rating.label).append(']');
                }
                b.append('\n');
            }
        }
        b.append("\nhost keys:\n");
        for (ServerScan.HostKey k : r.hostKeys()) {
            b.append("  ").append(k.algorithm()).append("  ").append(KeyDescriptions.bits(k.key())).append("  ")
                    .append(k.key().fingerprintSha256()).append('\n');
        }
        r.hostKeyErrors().forEach((alg, why) -> b.append("  ").append(alg).append("  (not retrieved: ").append(why).append(")\n"));
        return b.toString();
    }

    static String json(ServerScan.Result r) {
        JsonWriter w = new JsonWriter();
        w.beginObject();
        w.name("target").value(r.target());
        w.name("identification").value(r.identification());
        w.name("strict_kex").value(r.strictKex());
        w.name("ext_info").value(r.extInfo());
        w.name("extensions").beginObject();
        if (r.extensions() != null) {
            r.extensions().forEach((k, v) -> w.name(k).value(v));
        }
        w.endObject();
        w.name("algorithms").beginObject();
        for (String[] c : ScanCommand.categories()) {
            w.name(c[0]).beginArray();
            for (String name : ScanCommand.list(r.kexInit(), c[0])) {
                w.beginObject().name("name").value(name).name("rating").value(AlgorithmRating.of(name).name().toLowerCase(java.util.Locale.ROOT)).endObject();
            }
            w.endArray();
        }
        w.endObject();
        w.name("host_keys").beginArray();
        for (ServerScan.HostKey k : r.hostKeys()) {
            w.beginObject().name("algorithm").value(k.algorithm()).name("type").value(k.key().keyType())
                    .name("bits").value(KeyDescriptions.bits(k.key())).name("sha256").value(k.key().fingerprintSha256())
                    .name("md5").value(k.key().fingerprintMd5()).name("public_key").value(k.key().toOpenSshLine("")).endObject();
        }
        w.endArray();
        w.endObject();
        return w.toString() + "\n";
    }

}
