package com.example.blog.local.dataapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TranslateTest {

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08001", "57P01", "57P02", "57P03"})
    void translate_whenTheServerIsGoneOrRestarting_answersDatabaseUnavailable(String state) {
        DataApiException error = SqlErrors.translate(
                new SQLException("FATAL: terminating connection due to unexpected postmaster exit", state), null);

        assertThat(error.errorType()).isEqualTo("DatabaseUnavailableException");
        assertThat(error.status()).isEqualTo(504);
    }

    @Test
    void translate_whenThePoolCannotConnect_answersDatabaseUnavailable() {
        assertThat(SqlErrors.translate(new SQLTransientConnectionException("restarting", "08001"), null)
                .errorType()).isEqualTo("DatabaseUnavailableException");
    }

    @Test
    void translate_anErrorOfTheStatement_staysADatabaseError() {
        assertThat(SqlErrors.translate(new SQLException("ERROR: syntax error", "42601"), null).errorType())
                .isEqualTo("DatabaseErrorException");
    }
}
