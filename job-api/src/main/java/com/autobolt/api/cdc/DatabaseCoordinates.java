package com.autobolt.api.cdc;

import java.net.URI;

/**
 * Where the database is, as Debezium wants it (host, port, name) and as JDBC wants it (the URL).
 *
 * @param jdbcUrl the URL job-api's data source uses, {@code jdbc:postgresql://host[:port]/db[?...]}
 */
record DatabaseCoordinates(String jdbcUrl, String host, int port, String database, String user, String password) {

    private static final String PREFIX = "jdbc:postgresql://";
    private static final int DEFAULT_PORT = 5432;

    static DatabaseCoordinates fromJdbcUrl(String jdbcUrl, String user, String password) {
        if (jdbcUrl == null || !jdbcUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException("expected a jdbc:postgresql://host:port/database URL, was " + jdbcUrl);
        }
        URI uri = URI.create("postgresql://" + jdbcUrl.substring(PREFIX.length()));
        String path = uri.getPath();
        if (uri.getHost() == null || path == null || path.length() < 2) {
            throw new IllegalArgumentException("the JDBC URL must name a host and a database, was " + jdbcUrl);
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        return new DatabaseCoordinates(
                jdbcUrl, uri.getHost(), port, path.substring(1), user, password == null ? "" : password);
    }

    @Override
    public String toString() {
        // Never print the password.
        return "DatabaseCoordinates[" + host + ":" + port + "/" + database + " as " + user + "]";
    }
}
