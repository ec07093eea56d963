package org.sshwire.bench.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM running one of the benchmark's main classes. Every child gets
 * this JVM's java and class path and the same (default) JVM options, so sshwire and MINA run
 * under equal conditions.
 */
final class JavaCommand {
    private JavaCommand() {
    }

    static List<String> of(Class<?> main, String... args) {
        return of(main.getName(), args);
    }

    static List<String> of(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }
}
