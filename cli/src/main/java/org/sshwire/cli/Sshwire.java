package org.sshwire.cli;

import java.io.PrintWriter;
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
        description = "A from-scratch SSH-2 implementation: server, client, sftp, keygen, scanner, agent.",
        subcommands = {ServerCommand.class, ProxyCommand.class, SshCommand.class, SftpCommand.class, SftpServerCommand.class, KeygenCommand.class, AgentCommand.class, ScanCommand.class, CommandLine.HelpCommand.class})
public final class Sshwire implements Runnable {

    @Option(names = "--debug", description = "Print stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with sshwire's error handling, writing to the given streams. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        Sshwire root = new Sshwire();
        CommandLine cl = new CommandLine(root);
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
        int code = commandLine(out, err).execute(args);
        out.flush();
        System.exit(code);
    }
}
