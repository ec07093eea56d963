package org.sshwire.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands that act on this machine: {@code lcd}, {@code lmkdir}, {@code lls} and
 * {@code !command}. Java cannot chdir, so the local working directory is the shell's
 * {@code lpwd}, which local paths are resolved against and child processes start in.
 */
final class LocalCommands {
    private LocalCommands() {
    }

    static void run(SftpShell sh, String cmd, List<SftpCommandLine.Word> args)
            throws IOException, SftpShell.CommandException, SftpCommandLine.SyntaxException {
        switch (cmd) {
            case "lcd" -> {
                SftpShell.check(cmd, args, 0, 1);
                String arg = args.isEmpty() ? System.getProperty("user.home") : args.get(0).text();
                Path p = sh.local(arg);
                if (!Files.isDirectory(p)) {
                    throw new SftpShell.CommandException("Couldn't change local directory to \"" + arg + "\": "
                            + (Files.exists(p) ? "Not a directory" : "No such file or directory"));
                }
                sh.lpwd = p.toRealPath();
            }
            case "lmkdir" -> {
                SftpShell.check(cmd, args, 1, 1);
                String arg = args.get(0).text();
                try {
                    Files.createDirectory(sh.local(arg));
                } catch (FileAlreadyExistsException e) {
                    throw new SftpShell.CommandException("Couldn't create local directory \"" + arg + "\": File exists");
                } catch (NoSuchFileException | NotDirectoryException e) {
                    throw new SftpShell.CommandException("Couldn't create local directory \"" + arg + "\": No such file or directory");
                }
            }
            default -> { // lls: the local ls(1) with the given options, as sftp does
                List<String> cmdline = new ArrayList<>(List.of("ls"));
                args.forEach(w -> cmdline.add(w.text()));
                runProcess(sh, cmdline);
            }
        }
    }

    /** {@code !cmd} runs cmd with sh; a bare {@code !} starts an interactive shell. */
    static void shell(SftpShell sh, String command) throws IOException {
        String shell = System.getenv().getOrDefault("SHELL", "/bin/sh");
        int status = runProcess(sh, command.isBlank() ? List.of(shell) : List.of("/bin/sh", "-c", command));
        if (status != 0) {
            sh.err.println("Shell exited with status " + status);
        }
    }

    private static int runProcess(SftpShell sh, List<String> cmd) throws IOException {
        sh.out.flush(); // the child writes to the same terminal or file
        Process p = new ProcessBuilder(cmd).directory(sh.lpwd.toFile()).inheritIO().start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
