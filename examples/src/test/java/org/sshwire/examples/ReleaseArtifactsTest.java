package org.sshwire.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sshwire.testvectors.OpenSsh;

/**
 * The released artifacts work for a library user: the jars this build made (with their POMs,
 * sources and javadoc), the parent POM and the BOM are installed into a throwaway local
 * repository, and a client-only project that imports the BOM compiles against them and depends
 * on Bouncy Castle and sshwire alone. Maven runs through the project's wrapper (Maven 3.9,
 * whose {@code maven.repo.local.tail} lends third-party artifacts and plugins from the usual
 * local repository read-only, so nothing of ours can come from there unnoticed).
 */
class ReleaseArtifactsTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    static final String VERSION = System.getProperty("sshwire.version");
    static final Path USUAL_REPO = Path.of(System.getProperty("sshwire.localRepository"));
    static final List<String> LIBRARIES = List.of("transport", "auth", "connection", "sftp");

    @TempDir
    Path tmp;

    @Test
    void aClientOnlyProjectBuildsAgainstTheInstalledReleaseWithBouncyCastleAndSshwireAlone() throws IOException {
        Path repo = tmp.resolve("repository");
        install(repo, ROOT.resolve("pom.xml"), ROOT.resolve("pom.xml"), null);
        install(repo, ROOT.resolve("bom/pom.xml"), ROOT.resolve("bom/pom.xml"), null);
        for (String m : LIBRARIES) {
            Path target = ROOT.resolve(m).resolve("target");
            String base = "sshwire-" + m + "-" + VERSION;
            assertTrue(Files.isRegularFile(target.resolve(base + "-javadoc.jar")),
                    "no packaged " + base + " jars: this test reads what the package phase made (run mvn verify)");
            install(repo, target.resolve(base + ".jar"), ROOT.resolve(m).resolve("pom.xml"), target.resolve(base));
        }
        for (String m : LIBRARIES) {
            Path dir = repo.resolve("org/sshwire/sshwire-" + m + "/" + VERSION);
            for (String suffix : List.of(".pom", ".jar", "-sources.jar", "-javadoc.jar")) {
                assertTrue(Files.isRegularFile(dir.resolve("sshwire-" + m + "-" + VERSION + suffix)), dir + " lacks " + suffix);
            }
        }

        Path project = copyConsumer(tmp.resolve("client-only"));
        OpenSsh.Result build = mvn(project, repo, "package", "org.apache.maven.plugins:maven-dependency-plugin:3.9.0:tree",
                "-DoutputFile=" + project.resolve("tree.txt"), "org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath",
                "-Dmdep.outputFile=" + project.resolve("classpath.txt"));
        assertEquals(0, build.exit(), build.stdout() + build.stderr());
        assertTrue(Files.isRegularFile(project.resolve("target/classes/example/ClientOnly.class")));

        List<String> deps = new ArrayList<>();
        for (String line : Files.readAllLines(project.resolve("tree.txt")).subList(1, Files.readAllLines(project.resolve("tree.txt")).size())) {
            deps.add(line.replaceAll("^[|+\\\\ -]+", ""));
        }
        System.out.println("client-only dependency tree:\n  " + String.join("\n  ", deps));
        assertTrue(deps.stream().allMatch(d -> d.startsWith("org.sshwire:") || d.startsWith("org.bouncycastle:")),
                "a client-only user must get Bouncy Castle and sshwire alone: " + deps);
        assertTrue(deps.stream().anyMatch(d -> d.startsWith("org.sshwire:sshwire-connection:jar:" + VERSION + ":compile")), deps.toString());

        // Every sshwire jar on the class path is the one installed above, not a copy from elsewhere.
        String classpath = Files.readString(project.resolve("classpath.txt")).trim();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.contains("/org/sshwire/")) {
                assertTrue(entry.startsWith(repo.toString()), entry + " did not come from the throwaway repository");
            }
        }
    }

    private void install(Path repo, Path file, Path pom, Path classifierBase) {
        List<String> args = new ArrayList<>(List.of("org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file",
                "-Dfile=" + file, "-DpomFile=" + pom));
        if (classifierBase != null) {
            args.add("-Dsources=" + classifierBase + "-sources.jar");
            args.add("-Djavadoc=" + classifierBase + "-javadoc.jar");
        }
        OpenSsh.Result r = mvn(tmp, repo, args.toArray(String[]::new));
        assertEquals(0, r.exit(), "installing " + file + ":\n" + r.stdout() + r.stderr());
    }

    /** The wrapper's Maven in {@code dir}, with {@code repo} as local repository over the usual one. */
    private static OpenSsh.Result mvn(Path dir, Path repo, String... goals) {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", dir.toString(),
                ROOT.resolve("mvnw").toString(), "-B", "-ntp", "-q", "-Dmaven.repo.local=" + repo,
                "-Dmaven.repo.local.tail=" + USUAL_REPO, "-Dsshwire.version=" + VERSION));
        cmd.addAll(List.of(goals));
        return OpenSsh.run(cmd, 600);
    }

    private static Path copyConsumer(Path to) throws IOException {
        Path from = ROOT.resolve("examples/src/test/consumer");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
        return to;
    }
}
