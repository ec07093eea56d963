package org.sshwire.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code sshwire} command. Each subcommand is its own class; errors a person can act on are
 * printed as one line ({@code sshwire: ...}) without a stack trace unless {@code --debug}.
 *
 * <pre>{@code
 * sshwire keygen -t ed25519 -f ~/.ssh/id_ed25519 -N ''
 * sshwire scan localhost:22 --json
 * }</pre>
 */
@Command(name = "sshwire", mixinStandardHelpOptions = true, version = "sshwire 0.2.0",
        description = "A from-scratch SSH-2 implementation: server, client, sftp, keygen, scanner, agent, bastion, capture decryption, session replay.")
public final class Sshwire implements Runnable {

    @Option(names = "--debug", description = "Print stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The subcommands, by name, in the order {@code --help} lists them. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("server", ServerCommand::new);
        m.put("proxy", ProxyCommand::new);
        m.put("ssh", SshCommand::new);
        m.put("sftp", SftpCommand::new);
        m.put("sftp-server", SftpServerCommand::new);
        m.put("keygen", KeygenCommand::new);
        m.put("agent", AgentCommand::new);
        m.put("scan", ScanCommand::new);
        m.put("decrypt", DecryptCommand::new);
        m.put("replay", ReplayCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    /** A command line with sshwire's error handling, writing to the given streams. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, SUBCOMMANDS.keySet());
    }

    /**
     * The command line for {@code args}: picocli reads every option of every subcommand it is
     * given (about a third of a second for all of them), so a run that names its subcommand first
     * gets only that one; anything else (help, a typo) gets them all.
     */
    static CommandLine commandLineFor(PrintWriter out, PrintWriter err, String[] args) {
        if (args.length > 0 && SUBCOMMANDS.containsKey(args[0]) && !args[0].equals("help")) {
            return commandLine(out, err, java.util.List.of(args[0]));
        }
        return commandLine(out, err);
    }

    private static CommandLine commandLine(PrintWriter out, PrintWriter err, java.util.Collection<String> names) {
        Sshwire root = new Sshwire();
        CommandLine cl = new CommandLine(root);
        for (String name : names) {
            cl.addSubcommand(name, SUBCOMMANDS.get(name).get());
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean debug = parseResult.hasMatchedOption("--debug")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"));
            if (debug) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().println("sshwire: " + UserErrors.describe(e));
            commandLine.getErr().flush();
            return e instanceof UserErrors.ExitException x ? x.code() : 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLineFor(out, err, args).execute(args);
        out.flush();
        ProcessExit.exit(code);
    }
}
