package org.sshwire.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sshwire.sftp.FileAttributes;
import org.sshwire.sftp.SftpClient;
import org.sshwire.sftp.SftpException;
import org.sshwire.sftp.StatVfs;
import org.sshwire.sftp.StatusCode;

/**
 * sftp's command loop (sftp.c interactive_loop / parse_dispatch_command): reads lines, echoes
 * them as {@code sftp> cmd} when input is not a terminal (unless prefixed with {@code @}), runs
 * them, and in batch mode stops at the first failure not prefixed with {@code -}, with status 1.
 * Error lines use OpenSSH's words so scripts that grep them keep working.
 */
final class SftpShell {
    /** The knobs of the sftp command line. */
    record Settings(boolean batch, boolean interactive, boolean quiet, boolean progress, boolean recursive,
                    boolean preserve, int requests, int bufferSize, int columns) {
    }

    /** A command failed; the message is the line to print. */
    static final class CommandException extends Exception {
        private static final long serialVersionUID = 1L;

        CommandException(String message) {
            super(message);
        }
    }

    final SftpClient sftp;
    final PrintWriter out;
    final PrintWriter err;
    final Settings settings;
    String pwd;
    Path lpwd;
    boolean showProgress;
    /** Set by {@link #error} when a command fails part-way (one of several files). */
    private boolean failed;

    SftpShell(SftpClient sftp, PrintWriter out, PrintWriter err, Settings settings, String pwd, Path lpwd) {
        this.sftp = sftp;
        this.out = out;
        this.err = err;
        this.settings = settings;
        this.pwd = pwd;
        this.lpwd = lpwd;
        this.showProgress = settings.progress();
    }

    /** Runs commands until EOF or quit: 0, or 1 when batch mode stopped at a failure. */
    int run(BufferedReader in) throws IOException {
        while (true) {
            if (settings.interactive()) {
                out.print("sftp> ");
                out.flush();
            }
            String line = in.readLine();
            if (line == null) {
                if (settings.interactive()) {
                    out.println();
                }
                return 0;
            }
            SftpCommandLine cl;
            try {
                cl = SftpCommandLine.parse(line);
            } catch (SftpCommandLine.SyntaxException e) {
                err.println(e.getMessage());
                err.flush();
                if (settings.batch() && !SftpCommandLine.ignoresErrors(line)) {
                    return 1;
                }
                continue;
            }
            if (!settings.interactive() && !cl.noEcho()) {
                out.println("sftp> " + line);
                out.flush();
            }
            failed = false;
            boolean quit = false;
            try {
                quit = dispatch(cl);
            } catch (CommandException e) {
                error(e.getMessage());
            } catch (SftpCommandLine.SyntaxException e) {
                error(e.getMessage());
            }
            out.flush();
            err.flush();
            if (failed && settings.batch() && !cl.ignoreErrors()) {
                return 1;
            }
            if (quit) {
                return 0;
            }
        }
    }

    /**
     * One command without echo, as sftp runs the one its destination argument implies (a
     * {@code get} or {@code cd}): 0, or 1 when it failed.
     */
    int runOne(String line) throws IOException {
        failed = false;
        try {
            dispatch(SftpCommandLine.parse(line));
        } catch (CommandException | SftpCommandLine.SyntaxException e) {
            error(e.getMessage());
        }
        out.flush();
        err.flush();
        return failed ? 1 : 0;
    }

    /** Prints one error line and marks the command failed. */
    void error(String message) {
        out.flush();
        err.println(message);
        err.flush();
        failed = true;
    }

    /** Informational lines ("Fetching ...") that -q and batch mode hide. */
    void info(String message) {
        if (!settings.quiet()) {
            out.println(message);
        }
    }

    private boolean dispatch(SftpCommandLine cl) throws IOException, CommandException, SftpCommandLine.SyntaxException {
        if (cl.shellCommand() != null) {
            LocalCommands.shell(this, cl.shellCommand());
            return false;
        }
        if (cl.isEmpty()) {
            return false;
        }
        List<SftpCommandLine.Word> args = cl.words().subList(1, cl.words().size());
        String cmd = cl.command();
        switch (cmd) {
            case "bye", "exit", "quit" -> {
                return true;
            }
            case "help", "?" -> out.print(HELP);
            case "version" -> out.println("SFTP protocol version " + sftp.serverVersion());
            case "progress" -> {
                showProgress = !showProgress;
                out.println("Progress meter " + (showProgress ? "enabled" : "disabled"));
            }
            case "pwd" -> out.println("Remote working directory: " + pwd);
            case "lpwd" -> out.println("Local working directory: " + lpwd);
            case "cd" -> cd(operands(cmd, args, "", 0, 1));
            case "lcd", "lmkdir", "lls" -> LocalCommands.run(this, cmd, args);
            case "ls" -> new ListCommand(this).run(args);
            case "get", "reget" -> new TransferCommands(this).get(args, cmd.equals("reget"));
            case "put", "reput" -> new TransferCommands(this).put(args, cmd.equals("reput"));
            case "mkdir" -> mkdir(operands(cmd, args, "", 1, 1).get(0));
            case "rmdir" -> rmdir(operands(cmd, args, "", 1, 1).get(0));
            case "rm" -> rm(operands(cmd, args, "", 1, 1).get(0));
            case "rename" -> rename(args);
            case "ln", "symlink" -> link(cmd, args);
            case "chmod", "chown", "chgrp" -> new AttributeCommands(this).run(cmd, args);
            case "df" -> df(args);
            default -> throw new CommandException("Invalid command.");
        }
        return false;
    }

    /** The operands after optional flags, checking their count (as sftp's parse_args). */
    static List<SftpCommandLine.Word> operands(String cmd, List<SftpCommandLine.Word> args, String flags, int min, int max)
            throws SftpCommandLine.SyntaxException {
        List<SftpCommandLine.Word> ops = SftpCommandLine.flags(cmd, args, flags).operands();
        check(cmd, ops, min, max);
        return ops;
    }

    static void check(String cmd, List<SftpCommandLine.Word> ops, int min, int max) throws SftpCommandLine.SyntaxException {
        if (ops.size() < min) {
            throw new SftpCommandLine.SyntaxException("You must specify " + (min == 1 ? "a path" : "two paths") + " after a " + cmd + " command.");
        }
        if (ops.size() > max) {
            throw new SftpCommandLine.SyntaxException(cmd + ": too many arguments");
        }
    }

    /** A remote path made absolute against the working directory. */
    String absolute(String path) {
        return path.startsWith("/") ? path : RemoteGlob.join(pwd, path);
    }

    /** A remote glob pattern made absolute; the working directory's own metacharacters are escaped. */
    String absoluteGlob(String glob) {
        return glob.startsWith("/") ? glob : RemoteGlob.join(RemoteGlob.escape(pwd), glob);
    }

    Path local(String path) {
        return lpwd.resolve(path);
    }

    /** sftp's fx2txt: the client's words for a status code. */
    static String fx(IOException e) throws IOException {
        if (!(e instanceof SftpException s)) {
            throw e; // the connection failed: not a command error
        }
        int code = (int) s.status();
        return switch (code) {
            case StatusCode.NO_SUCH_FILE -> "No such file or directory";
            case StatusCode.OK -> "No error";
            default -> StatusCode.message(code);
        };
    }

    /** Remote glob expansion over this session. */
    RemoteGlob.Fs remoteFs() {
        return new RemoteGlob.Fs() {
            @Override
            public List<RemoteGlob.Entry> list(String dir) throws IOException {
                List<RemoteGlob.Entry> out = new ArrayList<>();
                sftp.list(dir).forEach(e -> out.add(new RemoteGlob.Entry(e.filename(), e.attrs())));
                return out;
            }

            @Override
            public FileAttributes stat(String path) throws IOException {
                return statOrNull(path);
            }
        };
    }

    FileAttributes statOrNull(String path) throws IOException {
        try {
            return sftp.stat(path);
        } catch (SftpException e) {
            if (e.status() == StatusCode.NO_SUCH_FILE || e.status() == StatusCode.PERMISSION_DENIED) {
                return null;
            }
            throw e;
        }
    }

    boolean remoteIsDir(String path) throws IOException {
        FileAttributes a = statOrNull(path);
        return a != null && a.isDirectory();
    }

    /** Remote matches of a pattern, or the pattern itself when nothing matches (GLOB_NOCHECK). */
    List<String> globOrLiteral(String absGlob) throws IOException {
        List<String> paths = new ArrayList<>();
        for (RemoteGlob.Match m : RemoteGlob.expand(absGlob, remoteFs())) {
            paths.add(m.path());
        }
        if (paths.isEmpty()) {
            paths.add(RemoteGlob.unescape(absGlob));
        }
        return paths;
    }

    private void cd(List<SftpCommandLine.Word> ops) throws IOException, CommandException {
        String target = ops.isEmpty() ? sftp.realPath(".") : absolute(ops.get(0).text());
        String real;
        try {
            real = sftp.realPath(target);
            FileAttributes a = sftp.stat(real);
            if (a.has(FileAttributes.PERMISSIONS) && !a.isDirectory()) {
                throw new CommandException("Can't change directory: \"" + real + "\" is not a directory");
            }
        } catch (IOException e) {
            throw new CommandException("stat remote: " + fx(e));
        }
        pwd = real;
    }

    private void mkdir(SftpCommandLine.Word w) throws IOException, CommandException {
        String path = absolute(w.text());
        try {
            sftp.mkdir(path, FileAttributes.EMPTY.withPermissions(0777));
        } catch (IOException e) {
            throw new CommandException("remote mkdir \"" + path + "\": " + fx(e));
        }
    }

    private void rmdir(SftpCommandLine.Word w) throws IOException, CommandException {
        String path = absolute(w.text());
        try {
            sftp.rmdir(path);
        } catch (IOException e) {
            throw new CommandException("remote rmdir \"" + path + "\": " + fx(e));
        }
    }

    private void rm(SftpCommandLine.Word w) throws IOException {
        for (String path : globOrLiteral(absoluteGlob(w.glob()))) {
            info("Removing " + path);
            try {
                sftp.remove(path);
            } catch (IOException e) {
                error("remote delete " + path + ": " + fx(e));
            }
        }
    }

    private void rename(List<SftpCommandLine.Word> args) throws IOException, CommandException, SftpCommandLine.SyntaxException {
        SftpCommandLine.Flags f = SftpCommandLine.flags("rename", args, "l");
        check("rename", f.operands(), 2, 2);
        String from = absolute(f.operands().get(0).text());
        String to = absolute(f.operands().get(1).text());
        try {
            // Like sftp: the POSIX rename (which replaces the target) unless -l or unsupported.
            if (!f.has('l') && sftp.serverExtensions().containsKey("posix-rename@openssh.com")) {
                sftp.posixRename(from, to);
            } else {
                sftp.rename(from, to);
            }
        } catch (IOException e) {
            throw new CommandException("remote rename \"" + from + "\" to \"" + to + "\": " + fx(e));
        }
    }

    private void link(String cmd, List<SftpCommandLine.Word> args) throws IOException, CommandException, SftpCommandLine.SyntaxException {
        SftpCommandLine.Flags f = SftpCommandLine.flags(cmd, args, cmd.equals("ln") ? "s" : "");
        check(cmd, f.operands(), 2, 2);
        boolean symbolic = cmd.equals("symlink") || f.has('s');
        // A symlink's target is stored as typed; a hard link needs the real path.
        String target = symbolic ? f.operands().get(0).text() : absolute(f.operands().get(0).text());
        String link = absolute(f.operands().get(1).text());
        try {
            if (symbolic) {
                sftp.symlink(target, link);
            } else {
                sftp.hardlink(target, link);
            }
        } catch (IOException e) {
            throw new CommandException("remote " + (symbolic ? "symlink" : "link") + " \"" + target + "\" to \"" + link + "\": " + fx(e));
        }
    }

    private void df(List<SftpCommandLine.Word> args) throws IOException, CommandException, SftpCommandLine.SyntaxException {
        SftpCommandLine.Flags f = SftpCommandLine.flags("df", args, "hi");
        check("df", f.operands(), 0, 1);
        String path = f.operands().isEmpty() ? pwd : absolute(f.operands().get(0).text());
        if (!sftp.serverExtensions().containsKey("statvfs@openssh.com")) {
            throw new CommandException("Server does not support statvfs@openssh.com extension");
        }
        StatVfs v;
        try {
            v = sftp.statVfs(path);
        } catch (IOException e) {
            throw new CommandException("remote statvfs \"" + path + "\": " + fx(e));
        }
        long used = v.blocks() - v.freeBlocks();
        long capacity = v.blocks() == 0 ? 0 : 100 * used / v.blocks();
        if (f.has('i')) {
            long iused = v.files() - v.freeFiles();
            out.println("     Inodes        Used       Avail      (root)    %Capacity");
            out.println(String.format(Locale.ROOT, "%11d %11d %11d %11d %11d%%", v.files(), iused, v.availableFiles(),
                    v.files(), v.files() == 0 ? 0 : 100 * iused / v.files()));
        } else if (f.has('h')) {
            long fr = v.fragmentSize();
            out.println("    Size     Used    Avail   (root)    %Capacity");
            out.println(String.format(Locale.ROOT, "%7sB %7sB %7sB %7sB %11d%%", LsFormat.scaled(fr * v.blocks()),
                    LsFormat.scaled(fr * used), LsFormat.scaled(fr * v.availableBlocks()),
                    LsFormat.scaled(fr * v.freeBlocks()), capacity));
        } else {
            long fr = v.fragmentSize();
            out.println("        Size         Used        Avail       (root)    %Capacity");
            out.println(String.format(Locale.ROOT, "%12d %12d %12d %12d %11d%%", fr * v.blocks() / 1024,
                    fr * used / 1024, fr * v.availableBlocks() / 1024, fr * v.freeBlocks() / 1024, capacity));
        }
    }

    static final String HELP = String.join("\n",
            "Available commands:",
            "bye                                Quit sftp",
            "cd path                            Change remote directory to 'path'",
            "chgrp [-h] grp path                Change group of file 'path' to 'grp'",
            "chmod [-h] mode path               Change permissions of file 'path' to 'mode'",
            "chown [-h] own path                Change owner of file 'path' to 'own'",
            "df [-hi] [path]                    Display statistics for current directory or",
            "                                   filesystem containing 'path'",
            "exit                               Quit sftp",
            "get [-afpR] remote [local]         Download file",
            "help                               Display this help text",
            "lcd path                           Change local directory to 'path'",
            "lls [ls-options [path]]            Display local directory listing",
            "lmkdir path                        Create local directory",
            "ln [-s] oldpath newpath            Link remote file (-s for symlink)",
            "lpwd                               Print local working directory",
            "ls [-1afhlnrSt] [path]             Display remote directory listing",
            "mkdir path                         Create remote directory",
            "progress                           Toggle display of progress meter",
            "put [-afpR] local [remote]         Upload file",
            "pwd                                Display remote working directory",
            "quit                               Quit sftp",
            "reget [-fpR] remote [local]        Resume download file",
            "rename oldpath newpath             Rename remote file",
            "reput [-fpR] local [remote]        Resume upload file",
            "rm path                            Delete remote file",
            "rmdir path                         Remove remote directory",
            "symlink oldpath newpath            Symlink remote file",
            "version                            Show SFTP version",
            "!command                           Execute 'command' in local shell",
            "!                                  Escape to local shell",
            "?                                  Synonym for help",
            "");
}
