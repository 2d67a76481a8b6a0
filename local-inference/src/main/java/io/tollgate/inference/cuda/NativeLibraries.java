package io.tollgate.inference.cuda;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether the native libraries JCuda links against can be found, decided from files alone: a JVM without a GPU must
 * not load JCuda's natives (a library that fails to link leaves JCuda's classes unusable for the JVM's life, and
 * JDK 24+ prints a warning the first time native code is loaded).
 */
final class NativeLibraries {
    /** JCuda's own version, part of its native libraries' names; the same as in local-inference/pom.xml. */
    static final String JCUDA_VERSION = "12.0.0";

    /** The CUDA 12 libraries JCuda's natives are linked against, with what provides them. */
    static final List<String[]> LINUX_NEEDS = List.of(
            new String[] {"libcuda.so.1", "no CUDA driver"},
            new String[] {"libnvrtc.so.12", "no NVRTC of CUDA 12 (the CUDA toolkit's runtime compiler)"},
            new String[] {"libcublas.so.12", "no cuBLAS of CUDA 12"});

    private NativeLibraries() {}

    /** Why JCuda cannot work on this machine, or null when everything it links against seems present. */
    static String missing() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String bundled = missingJCudaNatives();
        if (bundled != null) return bundled;
        if (os.startsWith("linux")) return missing(LINUX_NEEDS, searchPath());
        if (os.startsWith("windows")) {
            String root = System.getenv().getOrDefault("SystemRoot", "C:\\Windows");
            return Files.exists(Path.of(root, "System32", "nvcuda.dll")) ? null : "no CUDA driver (nvcuda.dll not found)";
        }
        return "CUDA is not supported on " + System.getProperty("os.name");
    }

    /** JCuda's jars carry natives for some platforms only (Linux and Windows on x86-64). */
    static String missingJCudaNatives() {
        String name = jcudaLibrary("JCudaDriver");
        return NativeLibraries.class.getResource("/lib/" + name) != null ? null
                : "no JCuda native library for this platform (" + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch") + ": /lib/" + name + " is not on the class path)";
    }

    /** E.g. libJCudaDriver-12.0.0-linux-x86_64.so, the resource JCuda extracts and loads. */
    static String jcudaLibrary(String base) {
        // LibUtils is plain Java: naming a library loads nothing
        return System.mapLibraryName(jcuda.LibUtils.createPlatformLibraryName(base + "-" + JCUDA_VERSION));
    }

    /** The first library of {@code needs} ({file, what it is}) found in none of {@code directories}. */
    static String missing(List<String[]> needs, List<Path> directories) {
        for (String[] need : needs) {
            if (directories.stream().noneMatch(d -> Files.exists(d.resolve(need[0])))) {
                return need[1] + " (" + need[0] + " not found on LD_LIBRARY_PATH or the loader's paths)";
            }
        }
        return null;
    }

    /** Where the dynamic loader looks: LD_LIBRARY_PATH, the directories of /etc/ld.so.conf, the default ones. */
    static List<Path> searchPath() {
        Set<Path> dirs = new LinkedHashSet<>();
        String env = System.getenv("LD_LIBRARY_PATH");
        if (env != null) {
            for (String d : env.split(":")) if (!d.isBlank()) dirs.add(Path.of(d));
        }
        readLoaderConfig(Path.of("/etc/ld.so.conf"), dirs, 0);
        for (String d : List.of("/lib64", "/usr/lib64", "/lib", "/usr/lib", "/lib/x86_64-linux-gnu",
                "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu")) {
            dirs.add(Path.of(d));
        }
        return new ArrayList<>(dirs);
    }

    /** Directory lines and {@code include} globs of an ld.so.conf file; unreadable files are skipped. */
    private static void readLoaderConfig(Path file, Set<Path> dirs, int depth) {
        if (depth > 4 || !Files.isReadable(file)) return;
        try {
            for (String raw : Files.readAllLines(file)) {
                String line = raw.replaceFirst("#.*", "").strip();
                if (line.isEmpty()) continue;
                if (line.startsWith("include ")) {
                    Path pattern = file.resolveSibling(line.substring(8).strip());
                    Path parent = pattern.getParent();
                    if (parent == null || !Files.isDirectory(parent)) continue;
                    try (DirectoryStream<Path> matches =
                                 Files.newDirectoryStream(parent, pattern.getFileName().toString())) {
                        for (Path m : matches) readLoaderConfig(m, dirs, depth + 1);
                    }
                } else {
                    dirs.add(Path.of(line));
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable loader configuration only narrows the search
        }
    }
}
