package com.autobolt.schemas;

/**
 * A committed change of one entry of the {@code directories} catalog, streamed to
 * {@link Topics#DIRECTORIES}, keyed by directory id. Directories are deactivated, never deleted.
 */
public record DirectoryChanged(
        int schemaVersion,
        ChangeOperation op,
        String directoryId,
        DirectoryState before,
        DirectoryState after,
        ChangeSource source) {

    public static final int SCHEMA_VERSION = 1;

    public DirectoryChanged {
        Require.schemaVersion(schemaVersion, SCHEMA_VERSION, "DirectoryChanged");
        Require.present(op, "op");
        Require.text(directoryId, "directoryId");
        Require.present(source, "source");
        if (op != ChangeOperation.DELETED) {
            Require.present(after, "after");
        }
    }
}
