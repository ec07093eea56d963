package org.sshwire.testvectors;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;

/**
 * A module's public API as text, generated from its compiled classes, and the check that it
 * matches the baseline committed beside the module ({@code api.txt}): every change to what a
 * library user can see is then a deliberate edit of that file.
 *
 * <p>Public API is every public type in a package the module's {@code module-info} exports to
 * everyone (qualified exports to our own modules are internal), with its public members and,
 * for types a user can extend, its protected ones. After an intended change run the module's
 * tests with {@code -Dsshwire.api.update=true} and commit the rewritten file.
 */
public final class ApiSurface {
    private ApiSurface() {
    }

    /** Asserts that {@code target/classes} of the module under test matches its {@code api.txt}. */
    public static void assertMatchesBaseline() {
        Path classes = Path.of("target", "classes");
        Path baseline = Path.of("api.txt");
        List<String> now = describe(classes);
        if (Boolean.getBoolean("sshwire.api.update")) {
            write(baseline, now);
            return;
        }
        List<String> before = Files.exists(baseline) ? read(baseline) : List.of();
        Set<String> added = new TreeSet<>(now);
        before.forEach(added::remove);
        Set<String> removed = new TreeSet<>(before);
        now.forEach(removed::remove);
        if (!added.isEmpty() || !removed.isEmpty()) {
            Assertions.fail("the public API differs from " + baseline.toAbsolutePath()
                    + " (if intended, rerun with -Dsshwire.api.update=true and commit it)\n"
                    + added.stream().map(l -> "+ " + l).collect(Collectors.joining("\n"))
                    + (added.isEmpty() || removed.isEmpty() ? "" : "\n")
                    + removed.stream().map(l -> "- " + l).collect(Collectors.joining("\n")));
        }
    }

    /** The sorted API lines of the classes under {@code classesDir}; one line per type and member. */
    public static List<String> describe(Path classesDir) {
        ModuleDescriptor module = descriptor(classesDir.resolve("module-info.class"));
        Set<String> exported = module.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
        TreeSet<String> lines = new TreeSet<>();
        for (String pkg : exported) {
            Path dir = classesDir.resolve(pkg.replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(".class") && !name.equals("package-info.class")) {
                        describeType(load(pkg + "." + name.substring(0, name.length() - 6)), lines);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ArrayList<>(lines);
    }

    /** The number of public types in {@code lines} (a type's own line has no member after it). */
    public static long typeCount(List<String> lines) {
        return lines.stream().filter(l -> !l.contains(" :: ")).count();
    }

    private static void describeType(Class<?> c, Set<String> lines) {
        if (!visible(c) || c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) {
            return;
        }
        String type = c.getName();
        lines.add(type + " " + header(c));
        boolean extensible = !Modifier.isFinal(c.getModifiers()) && !c.isSealed() && !c.isEnum()
                && !c.isRecord();
        for (Field f : c.getDeclaredFields()) {
            if (shown(f, extensible)) {
                lines.add(type + " :: " + f.toGenericString());
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (shown(k, extensible)) {
                lines.add(type + " :: " + k.toGenericString());
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (shown(m, extensible) && !m.isBridge()) {
                lines.add(type + " :: " + m.toGenericString());
            }
        }
    }

    private static boolean visible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean shown(Member m, boolean extensible) {
        int mod = m.getModifiers();
        return !m.isSynthetic() && (Modifier.isPublic(mod) || extensible && Modifier.isProtected(mod));
    }

    /** Built here rather than by Class.toGenericString, whose modifiers differ between JDKs. */
    private static String header(Class<?> c) {
        int mod = c.getModifiers();
        StringBuilder s = new StringBuilder("public ");
        s.append(c.getDeclaringClass() != null && Modifier.isStatic(mod) ? "static " : "");
        s.append(!c.isInterface() && Modifier.isAbstract(mod) ? "abstract " : "");
        s.append(!c.isEnum() && !c.isRecord() && Modifier.isFinal(mod) ? "final " : "");
        s.append(c.isSealed() ? "sealed " : "");
        s.append(c.isAnnotation() ? "@interface " : c.isInterface() ? "interface "
                : c.isEnum() ? "enum " : c.isRecord() ? "record " : "class ");
        s.append(c.getName());
        var params = c.getTypeParameters();
        for (int i = 0; i < params.length; i++) {
            s.append(i == 0 ? "<" : ",").append(params[i].getTypeName());
            var bounds = params[i].getBounds();
            if (bounds.length > 1 || bounds[0] != Object.class) {
                for (int j = 0; j < bounds.length; j++) {
                    s.append(j == 0 ? " extends " : " & ").append(bounds[j].getTypeName());
                }
            }
            s.append(i == params.length - 1 ? ">" : "");
        }
        if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum()
                && !c.isRecord()) {
            s.append(" extends ").append(c.getGenericSuperclass().getTypeName());
        }
        var interfaces = c.getGenericInterfaces();
        if (interfaces.length > 0) {
            s.append(c.isInterface() ? " extends " : " implements ");
            for (int i = 0; i < interfaces.length; i++) {
                s.append(i == 0 ? "" : ", ").append(interfaces[i].getTypeName());
            }
        }
        if (c.isSealed()) {
            s.append(" permits ");
            // Sorted: javac records inferred permits in its own compilation order, which differs between JDKs.
            s.append(java.util.Arrays.stream(c.getPermittedSubclasses()).map(Class::getName).sorted()
                    .collect(Collectors.joining(", ")));
        }
        return s.toString();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ApiSurface.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("compiled class not on the test class path: " + name, e);
        }
    }

    private static ModuleDescriptor descriptor(Path moduleInfo) {
        try (InputStream in = Files.newInputStream(moduleInfo)) {
            return ModuleDescriptor.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("no compiled module-info at " + moduleInfo, e);
        }
    }

    private static List<String> read(Path f) {
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path f, List<String> lines) {
        String head = "# The public API of this module, generated from its compiled classes by\n"
                + "# ApiSurface (testvectors) and checked by ApiBaselineTest. Rewrite it with\n"
                + "# mvn test -Dsshwire.api.update=true only for a deliberate API change.\n"
                + "# " + typeCount(lines) + " public types.\n";
        try {
            Files.writeString(f, head + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
