package com.autobolt.api.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseCoordinatesTest {

    @Test
    void shouldReadHostPortAndDatabaseFromAJdbcUrl() {
        DatabaseCoordinates db = DatabaseCoordinates.fromJdbcUrl(
                "jdbc:postgresql://db.internal:6543/autobolt?sslmode=require", "u", "p");

        assertThat(db.host()).isEqualTo("db.internal");
        assertThat(db.port()).isEqualTo(6543);
        assertThat(db.database()).isEqualTo("autobolt");
    }

    @Test
    void shouldDefaultToPostgresPort() {
        assertThat(DatabaseCoordinates.fromJdbcUrl("jdbc:postgresql://localhost/autobolt", "u", null)
                        .port())
                .isEqualTo(5432);
    }

    @Test
    void shouldRejectAUrlWithoutDatabase() {
        assertThatThrownBy(() -> DatabaseCoordinates.fromJdbcUrl("jdbc:postgresql://localhost:5432/", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatabaseCoordinates.fromJdbcUrl("jdbc:mysql://localhost/x", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNeverPrintThePassword() {
        assertThat(DatabaseCoordinates.fromJdbcUrl("jdbc:postgresql://h/d", "u", "s3cret")
                        .toString())
                .doesNotContain("s3cret");
    }
}
