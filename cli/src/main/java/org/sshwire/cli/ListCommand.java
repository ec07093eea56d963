package org.sshwire.cli;

import org.sshwire.sftp.NameEntry;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sshwire.sftp.FileAttributes;
import org.sshwire.sftp.SftpHandle;

/**
 * {@code ls [-1afhlnrSt] [path]} as sftp prints it (do_ls_dir / do_globbed_ls): a directory's
 * entries prefixed with the path as typed, matches of a glob with directories marked by "/",
 * names in columns, or long lines with user and group names when the server can resolve them.
 */
final class ListCommand {
    private record Item(String name, FileAttributes attrs, String longname) {
    }

    private final SftpShell sh;
    private SftpCommandLine.Flags flags;

    ListCommand(SftpShell shell) {
        this.sh = shell;
    }

    void run(List<SftpCommandLine.Word> args) throws IOException, SftpShell.CommandException, SftpCommandLine.SyntaxException {
        flags = SftpCommandLine.flags("ls", args, "1afhlnrSt");
        SftpShell.check("ls", flags.operands(), 0, 1);
        if (flags.operands().isEmpty()) {
            listDirectory(sh.pwd, "");
            return;
        }
        String typed = flags.operands().get(0).glob();
        boolean relative = !typed.startsWith("/");
        String pattern = sh.absoluteGlob(typed);
        List<RemoteGlob.Match> matches = RemoteGlob.expand(pattern, sh.remoteFs());
        if (matches.isEmpty()) {
            throw new SftpShell.CommandException("Can't ls: \"" + RemoteGlob.unescape(pattern) + "\" not found");
        }
        if (matches.size() == 1 && matches.get(0).attrs().isDirectory()) {
            String dir = matches.get(0).path();
            listDirectory(dir, strip(dir + "/", relative ? sh.pwd : null));
            return;
        }
        List<Item> items = new ArrayList<>();
        int longest = 0;
        for (RemoteGlob.Match m : matches) {
            String marked = m.attrs().isDirectory() ? m.path() + "/" : m.path();
            longest = Math.max(longest, marked.length()); // sftp sizes columns by the full path
            items.add(new Item(strip(marked, relative ? sh.pwd : null), m.attrs(), null));
        }
        print(sort(items), longest, false);
    }

    private void listDirectory(String dir, String prefix) throws IOException, SftpShell.CommandException {
        List<Item> items = new ArrayList<>();
        int longest = 0;
        SftpHandle h;
        try {
            h = sh.sftp.openDirectory(dir);
        } catch (IOException e) {
            throw new SftpShell.CommandException("Couldn't read directory: " + SftpShell.fx(e));
        }
        try {
            for (List<NameEntry> batch; (batch = sh.sftp.readDirectory(h)) != null; ) {
                for (NameEntry e : batch) {
                    if (e.filename().startsWith(".") && !flags.has('a')) {
                        continue;
                    }
                    longest = Math.max(longest, e.filename().length());
                    items.add(new Item(prefix + e.filename(), e.attrs(), e.longname()));
                }
            }
        } finally {
            sh.sftp.close(h);
        }
        print(sort(items), longest + prefix.length(), true);
    }

    private List<Item> sort(List<Item> items) {
        if (flags.has('f')) {
            return items;
        }
        Comparator<Item> order = Comparator.comparing(Item::name);
        if (flags.has('S')) {
            order = Comparator.comparingLong((Item i) -> i.attrs().size()).reversed();
        } else if (flags.has('t')) {
            order = Comparator.comparingLong((Item i) -> i.attrs().mtime()).reversed();
        }
        items.sort(flags.has('r') ? order.reversed() : order);
        return items;
    }

    private void print(List<Item> items, int longest, boolean serverLongnames) throws IOException {
        boolean numeric = flags.has('n');
        boolean human = flags.has('h');
        if (flags.has('l') || numeric || human) {
            boolean resolve = !numeric && sh.sftp.serverExtensions().containsKey("users-groups-by-id@openssh.com");
            Map<Long, String> users = new HashMap<>();
            Map<Long, String> groups = new HashMap<>();
            if (resolve) {
                names(items, users, groups);
            }
            long now = System.currentTimeMillis() / 1000;
            for (Item i : items) {
                // Without -n/-h and without name resolution the server's own longname is what sftp shows.
                if (serverLongnames && !numeric && !human && !resolve && !i.longname().isEmpty()) {
                    sh.out.println(i.longname());
                } else {
                    sh.out.println(LsFormat.longLine(i.name(), i.attrs(), users.get(i.attrs().uid()),
                            groups.get(i.attrs().gid()), human, now, ZoneId.systemDefault()));
                }
            }
        } else if (flags.has('1')) {
            items.forEach(i -> sh.out.println(i.name()));
        } else {
            LsFormat.columns(items.stream().map(Item::name).toList(), longest, sh.settings.columns())
                    .forEach(sh.out::println);
        }
    }

    /** Asks the server once for the names of every uid and gid shown. */
    private void names(List<Item> items, Map<Long, String> users, Map<Long, String> groups) throws IOException {
        List<Long> uids = items.stream().map(i -> i.attrs().uid()).distinct().toList();
        List<Long> gids = items.stream().map(i -> i.attrs().gid()).distinct().toList();
        var r = sh.sftp.usersGroupsById(uids, gids);
        for (int k = 0; k < uids.size() && k < r.users().size(); k++) {
            if (!r.users().get(k).isEmpty()) {
                users.put(uids.get(k), r.users().get(k));
            }
        }
        for (int k = 0; k < gids.size() && k < r.groups().size(); k++) {
            if (!r.groups().get(k).isEmpty()) {
                groups.put(gids.get(k), r.groups().get(k));
            }
        }
    }

    /** sftp's path_strip: the path relative to {@code strip}, or unchanged. */
    static String strip(String path, String strip) {
        if (strip == null || !path.startsWith(strip)) {
            return path;
        }
        int len = strip.length();
        if (!strip.endsWith("/") && path.length() > len && path.charAt(len) == '/') {
            len++;
        }
        return path.substring(len);
    }
}
