package org.sshwire.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.sshwire.transport.kex.KexInit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sshwire scan host[:port]}: the server's identification, every algorithm list it offers
 * (weak and legacy ones flagged), whether it does strict kex and ext-info, and its host keys.
 *
 * <pre>{@code
 * sshwire scan 127.0.0.1:22
 * sshwire scan example.org --json
 * }</pre>
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Show an SSH server's identification, algorithms, strict kex / ext-info support and host keys.")
final class ScanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "host[:port]", description = "Server to scan (port 22 by default; [v6addr]:port for IPv6).")
    String target;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Option(names = "--timeout", description = "Seconds per connection (default ${DEFAULT-VALUE}).")
    int timeoutSeconds = 10;

    @Override
    public Integer call() throws Exception {
        HostPort hp = HostPort.parse(target, 22);
        ServerScan.Result r = ServerScan.scan(hp.host(), hp.port(), timeoutSeconds * 1000);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? ScanReport.json(r) : ScanReport.text(r));
        out.flush();
        return 0;
    }

    /** The algorithm categories of KEXINIT, as printed. */
    static List<String[]> categories() {
        return List.of(new String[] {"kex", "key exchange"}, new String[] {"hostkey", "host key algorithms"},
                new String[] {"encryption_c2s", "ciphers (client to server)"}, new String[] {"encryption_s2c", "ciphers (server to client)"},
                new String[] {"mac_c2s", "MACs (client to server)"}, new String[] {"mac_s2c", "MACs (server to client)"},
                new String[] {"compression_c2s", "compression (client to server)"},
                new String[] {"compression_s2c", "compression (server to client)"});
    }

    static List<String> list(KexInit k, String category) {
        return switch (category) {
            // the ext-info and strict-kex markers are signals, not methods
            case "kex" -> k.kexAlgorithms().stream().filter(n -> !n.startsWith("kex-strict-") && !n.startsWith("ext-info-")).toList();
            case "hostkey" -> k.serverHostKeyAlgorithms();
            case "encryption_c2s" -> k.encryptionClientToServer();
            case "encryption_s2c" -> k.encryptionServerToClient();
            case "mac_c2s" -> k.macClientToServer();
            case "mac_s2c" -> k.macServerToClient();
            case "compression_c2s" -> k.compressionClientToServer();
            default -> k.compressionServerToClient();
        };
    }
}
