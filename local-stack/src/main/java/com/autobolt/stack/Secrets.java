package com.autobolt.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;

/**
 * The stack's generated secrets (API keys, Kafka passwords) and the properties files that hold them:
 * readable and writable by their owner only (mode 600) from the moment they exist, since each is
 * written to a file created with that mode and then moved into place.
 */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private Secrets() {}

    /** 24 random bytes as hex: nothing in it needs quoting in a JAAS configuration or a URL. */
    static String newSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static void write(Path file, Properties properties, String comment) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = createOwnerOnly(file);
            try (Writer writer = Files.newBufferedWriter(temporary)) {
                properties.store(writer, comment);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static Path createOwnerOnly(Path file) throws IOException {
        Path directory = file.getParent();
        String prefix = "." + file.getFileName() + ".";
        try {
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            return Files.createTempFile(directory, prefix, ".tmp", mode);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the stack directory's own permissions apply
            return Files.createTempFile(directory, prefix, ".tmp");
        } catch (FileAlreadyExistsException e) {
            throw new IOException("could not create a temporary file beside " + file, e);
        }
    }
}
