package com.example.blog.local.dataapi;

import static com.example.blog.local.dataapi.DataApiClients.execute;
import static com.example.blog.local.dataapi.DataApiClients.failure;
import static com.example.blog.local.dataapi.DataApiClients.longField;
import static com.example.blog.local.dataapi.DataApiClients.param;
import static com.example.blog.local.dataapi.DataApiClients.statement;
import static com.example.blog.local.dataapi.DataApiClients.stringField;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.rdsdata.model.ArrayValue;
import software.amazon.awssdk.services.rdsdata.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.rdsdata.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.ColumnMetadata;
import software.amazon.awssdk.services.rdsdata.model.DatabaseErrorException;
import software.amazon.awssdk.services.rdsdata.model.DecimalReturnType;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.LongReturnType;
import software.amazon.awssdk.services.rdsdata.model.RecordsFormatType;
import software.amazon.awssdk.services.rdsdata.model.ResultSetOptions;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;
import software.amazon.awssdk.services.rdsdata.model.TypeHint;

/** ExecuteStatement and BatchExecuteStatement through the SDK: parameters, result typing, metadata, formats. */
class ExecuteStatementIT {

    private static DataApiServer server;
    private static RdsDataAsyncClient client;

    @BeforeAll
    static void start() {
        server = DataApiClients.startServer();
        client = DataApiClients.client(server);
        execute(client, server, """
                create table if not exists typed_values (
                    id int8 primary key, flag bool, small int2, regular int4, big int8, single real,
                    doubled double precision, amount numeric(10, 3), note text, code varchar(10), fixed char(3),
                    payload bytea, uid uuid, doc json, docb jsonb, day date, clock time, stamp timestamp,
                    stamptz timestamptz, span interval, ints int4[], texts text[], flags bool[], reals float8[],
                    price money)""");
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void executeStatement_selectOne_returnsLongValueAndNoUpdates() {
        ExecuteStatementResponse response = execute(client, server, "select 1");

        assertThat(response.records()).containsExactly(List.of(Field.builder().longValue(1L).build()));
        assertThat(response.numberOfRecordsUpdated()).isZero();
        assertThat(response.formattedRecords()).isNull();
        assertThat(response.hasColumnMetadata()).isFalse();
    }

    @Test
    void executeStatement_withNamedParameters_bindsEachOccurrenceByName() {
        ExecuteStatementResponse response = execute(client, server, "select :b::int + :a, :name || '!', :a * 2",
                param("a", longField(40)), param("b", longField(2)), param("name", stringField("hi")));

        assertThat(response.records().get(0)).containsExactly(Field.builder().longValue(42L).build(),
                Field.builder().stringValue("hi!").build(), Field.builder().longValue(80L).build());
    }

    @Test
    void executeStatement_colonsInLiteralsIdentifiersAndComments_areNotParameters() {
        String sql = "select ':a' as literal, $$:a$$ as dollar, $tag$ :a $tag$ as tagged, 1 as \":a\","
                + " e'\\':a' as escaped, :a::text as bound /* :a /* nested :a */ */ -- :a\n";

        ExecuteStatementResponse response = client.executeStatement(statement(server, sql, param("a",
                stringField("v"))).includeResultMetadata(true).build()).join();

        assertThat(response.records().get(0)).containsExactly(Field.builder().stringValue(":a").build(),
                Field.builder().stringValue(":a").build(), Field.builder().stringValue(" :a ").build(),
                Field.builder().longValue(1L).build(), Field.builder().stringValue("':a").build(),
                Field.builder().stringValue("v").build());
        assertThat(response.columnMetadata().get(3).label()).isEqualTo(":a");
    }

    @Test
    void executeStatement_jsonbQuestionMarkOperator_isNotTakenForAPlaceholder() {
        ExecuteStatementResponse response = execute(client, server, "select cast(:doc as jsonb) ? :key",
                param("doc", stringField("{\"k\": 1}")), param("key", stringField("k")));

        assertThat(response.records().get(0).get(0).booleanValue()).isTrue();
    }

    @Test
    void executeStatement_everyFieldTypeAndTypeHint_roundTripsAsTheServiceTypesIt() {
        byte[] bytes = {0, 1, 2, (byte) 0xff};
        execute(client, server, """
                insert into typed_values (id, flag, small, regular, big, single, doubled, amount, note, code, fixed,
                    payload, uid, doc, docb, day, clock, stamp, stamptz, span, ints, texts, flags, reals, price)
                values (1, :flag, :small, :regular, :big, :single, :doubled, :amount, :note, :code, :fixed,
                    :payload, :uid, :doc, :docb, :day, :clock, :stamp, :stamptz, '1 day 02:03:04',
                    '{1,2,null}', '{"a","b c"}', '{true,false}', '{1.5,2.25}', 12.34)""",
                param("flag", Field.builder().booleanValue(true).build()),
                param("small", longField(7)),
                param("regular", longField(-2_000_000_000L)),
                param("big", longField(9_007_199_254_740_993L)),
                param("single", Field.builder().doubleValue(1.5).build()),
                param("doubled", Field.builder().doubleValue(-0.125).build()),
                hinted("amount", "1234.5", TypeHint.DECIMAL),
                param("note", stringField("naïve ☕")),
                param("code", Field.builder().isNull(true).build()),
                param("fixed", stringField("ab")),
                param("payload", Field.builder().blobValue(SdkBytes.fromByteArray(bytes)).build()),
                hinted("uid", "6f1e3c2a-1b2c-4d3e-8f90-0123456789ab", TypeHint.UUID),
                hinted("doc", "{\"a\": [1, 2]}", TypeHint.JSON),
                hinted("docb", "{\"b\": true}", TypeHint.JSON),
                hinted("day", "2024-02-29", TypeHint.DATE),
                hinted("clock", "13:14:15.5", TypeHint.TIME),
                hinted("stamp", "2024-02-29 13:14:15.123456", TypeHint.TIMESTAMP),
                hinted("stamptz", "2024-02-29 23:59:59", TypeHint.TIMESTAMP));

        List<Field> row = execute(client, server, "select * from typed_values where id = 1").records().get(0);

        assertThat(row).containsExactly(
                Field.builder().longValue(1L).build(),
                Field.builder().booleanValue(true).build(),
                Field.builder().longValue(7L).build(),
                Field.builder().longValue(-2_000_000_000L).build(),
                Field.builder().longValue(9_007_199_254_740_993L).build(),
                Field.builder().doubleValue(1.5).build(),
                Field.builder().doubleValue(-0.125).build(),
                Field.builder().stringValue("1234.500").build(),
                Field.builder().stringValue("naïve ☕").build(),
                Field.builder().isNull(true).build(),
                Field.builder().stringValue("ab ").build(),
                Field.builder().blobValue(SdkBytes.fromByteArray(bytes)).build(),
                Field.builder().stringValue("6f1e3c2a-1b2c-4d3e-8f90-0123456789ab").build(),
                Field.builder().stringValue("{\"a\": [1, 2]}").build(),
                Field.builder().stringValue("{\"b\": true}").build(),
                Field.builder().stringValue("2024-02-29").build(),
                Field.builder().stringValue("13:14:15.5").build(),
                Field.builder().stringValue("2024-02-29 13:14:15.123456").build(),
                Field.builder().stringValue("2024-02-29 23:59:59").build(),
                Field.builder().stringValue("1 day 02:03:04").build(),
                Field.builder().arrayValue(ArrayValue.builder().longValues(1L, 2L, null).build()).build(),
                Field.builder().arrayValue(ArrayValue.builder().stringValues("a", "b c").build()).build(),
                Field.builder().arrayValue(ArrayValue.builder().booleanValues(true, false).build()).build(),
                Field.builder().arrayValue(ArrayValue.builder().doubleValues(1.5, 2.25).build()).build(),
                Field.builder().stringValue("$12.34").build());
    }

    @Test
    void executeStatement_timestampWithTimeZone_isReturnedInUtcWithoutZone() {
        ExecuteStatementResponse response = execute(client, server,
                "select timestamptz '2024-06-01 12:00:00.25+02', timestamp '2024-06-01 12:00:00', date '2024-06-01'");

        assertThat(response.records().get(0)).containsExactly(
                Field.builder().stringValue("2024-06-01 10:00:00.25").build(),
                Field.builder().stringValue("2024-06-01 12:00:00").build(),
                Field.builder().stringValue("2024-06-01").build());
    }

    @Test
    void executeStatement_sqlNulls_areIsNullFields() {
        ExecuteStatementResponse response = execute(client, server,
                "select null::int, null::text, null::bool, null::bytea, null::int[], null::numeric, null::timestamptz");

        assertThat(response.records().get(0)).allSatisfy(field -> assertThat(field.isNull()).isTrue());
    }

    @Test
    void executeStatement_decimalReturnTypeDoubleOrLong_returnsNumbers() {
        ExecuteStatementResponse response = client.executeStatement(statement(server,
                "select 12.345::numeric, 42::numeric, 9007199254740993::int8")
                .resultSetOptions(ResultSetOptions.builder().decimalReturnType(DecimalReturnType.DOUBLE_OR_LONG)
                        .build()).build()).join();

        assertThat(response.records().get(0)).containsExactly(Field.builder().doubleValue(12.345).build(),
                Field.builder().longValue(42L).build(), Field.builder().longValue(9_007_199_254_740_993L).build());
    }

    @Test
    void executeStatement_longReturnTypeString_returnsIntegersAsStrings() {
        ExecuteStatementResponse response = client.executeStatement(statement(server,
                "select 9007199254740993::int8, 12.5::numeric, array[1, 2]")
                .resultSetOptions(ResultSetOptions.builder().longReturnType(LongReturnType.STRING).build())
                .build()).join();

        assertThat(response.records().get(0)).containsExactly(
                Field.builder().stringValue("9007199254740993").build(),
                Field.builder().stringValue("12.5").build(),
                Field.builder().arrayValue(ArrayValue.builder().stringValues("1", "2").build()).build());
    }

    @Test
    void executeStatement_includeResultMetadata_describesEveryColumn() {
        execute(client, server, """
                create table if not exists described (
                    id int8 generated always as identity primary key, title text not null,
                    amount numeric(10, 3), price money, tags int4[])""");

        ExecuteStatementResponse response = client.executeStatement(statement(server,
                "select id, title as heading, amount, price, tags from described").includeResultMetadata(true)
                .build()).join();

        assertThat(response.records()).isEmpty();
        List<ColumnMetadata> columns = response.columnMetadata();
        assertThat(columns).extracting(ColumnMetadata::name, ColumnMetadata::label, ColumnMetadata::typeName,
                        ColumnMetadata::type, ColumnMetadata::tableName)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("id", "id", "bigserial", -5, "described"),
                        org.assertj.core.groups.Tuple.tuple("heading", "heading", "text", 12, "described"),
                        org.assertj.core.groups.Tuple.tuple("amount", "amount", "numeric", 2, "described"),
                        org.assertj.core.groups.Tuple.tuple("price", "price", "money", 8, "described"),
                        org.assertj.core.groups.Tuple.tuple("tags", "tags", "_int4", 2003, "described"));
        assertThat(columns.get(0).isAutoIncrement()).isTrue();
        assertThat(columns.get(0).nullable()).isZero();
        assertThat(columns.get(0).isSigned()).isTrue();
        assertThat(columns.get(1).isCaseSensitive()).isTrue();
        assertThat(columns.get(1).nullable()).isZero();
        assertThat(columns.get(2).precision()).isEqualTo(10);
        assertThat(columns.get(2).scale()).isEqualTo(3);
        assertThat(columns.get(2).nullable()).isEqualTo(1);
        assertThat(columns.get(3).isCurrency()).isTrue();
        assertThat(columns.get(4).arrayBaseColumnType()).isEqualTo(4);
        assertThat(columns.get(0).arrayBaseColumnType()).isZero();
        assertThat(columns).allSatisfy(column -> assertThat(column.schemaName()).isNotNull());
    }

    @Test
    void executeStatement_formatRecordsAsJson_returnsFormattedRecordsAndNoRecordsNorColumnMetadata()
            throws Exception {
        ExecuteStatementResponse response = client.executeStatement(statement(server, """
                select 1 as n, 'x' as s, true as b, null::text as z, 1.50::numeric as d, array[1, 2] as a,
                    '\\x0102'::bytea as bin
                union all
                select 2, 'y', false, 'z', 2, array[3], null""")
                .formatRecordsAs(RecordsFormatType.JSON).includeResultMetadata(true).build()).join();

        assertThat(response.hasRecords()).isFalse();
        // includeResultMetadata does not bring columnMetadata back with JSON: the API reference says it is blank.
        assertThat(response.hasColumnMetadata()).isFalse();
        List<Map<String, Object>> records = new ObjectMapper().readValue(response.formattedRecords(),
                new TypeReference<>() { });
        assertThat(records).hasSize(2);
        Map<String, Object> first = records.get(0);
        assertThat(first).containsEntry("n", 1).containsEntry("s", "x").containsEntry("b", true)
                .containsEntry("z", null).containsEntry("d", "1.50").containsEntry("a", List.of(1, 2))
                .containsEntry("bin", "AQI=");
        assertThat(records.get(1)).containsEntry("z", "z").containsEntry("bin", null);
    }

    @Test
    void executeStatement_timetz_returnsPostgresTextWithItsOffsetInRecordsAndJson() throws Exception {
        String sql = "select '12:34:56.5+02'::timetz as t";

        ExecuteStatementResponse records = execute(client, server, sql);
        ExecuteStatementResponse json = client.executeStatement(statement(server, sql)
                .formatRecordsAs(RecordsFormatType.JSON).build()).join();

        assertThat(records.records().get(0)).containsExactly(Field.builder().stringValue("12:34:56.5+02").build());
        assertThat(json.formattedRecords()).isEqualTo("[{\"t\":\"12:34:56.5+02\"}]");
    }

    @Test
    void executeStatement_formatRecordsAsJsonWithNoRows_returnsEmptyArray() {
        ExecuteStatementResponse response = client.executeStatement(statement(server,
                "select 1 where false").formatRecordsAs(RecordsFormatType.JSON).build()).join();

        assertThat(response.formattedRecords()).isEqualTo("[]");
    }

    @Test
    void executeStatement_dml_reportsNumberOfRecordsUpdatedAndEmptyGeneratedFields() {
        execute(client, server, "create table if not exists counted (id int8 primary key, n int4)");
        execute(client, server, "delete from counted");

        ExecuteStatementResponse inserted = execute(client, server,
                "insert into counted select g, 0 from generate_series(1, 3) g");
        ExecuteStatementResponse updated = execute(client, server, "update counted set n = n + 1 where id >= :min",
                param("min", longField(2)));

        assertThat(inserted.numberOfRecordsUpdated()).isEqualTo(3);
        assertThat(inserted.hasGeneratedFields()).isTrue();
        assertThat(inserted.generatedFields()).isEmpty();
        assertThat(updated.numberOfRecordsUpdated()).isEqualTo(2);
    }

    @Test
    void executeStatement_insertReturning_returnsTheRows() {
        execute(client, server, "create table if not exists returned (id int8 generated always as identity, v text)");

        ExecuteStatementResponse response = execute(client, server,
                "insert into returned (v) values (:v) returning v, id > 0", param("v", stringField("r")));

        assertThat(response.records()).containsExactly(List.of(Field.builder().stringValue("r").build(),
                Field.builder().booleanValue(true).build()));
    }

    @Test
    void batchExecuteStatement_withParameterSets_runsOncePerSet() {
        execute(client, server, "create table if not exists batched (id int8 primary key, name text)");
        execute(client, server, "delete from batched");

        BatchExecuteStatementResponse response = client.batchExecuteStatement(batch(
                "insert into batched (id, name) values (:id, :name)",
                List.of(param("id", longField(1)), param("name", stringField("one"))),
                List.of(param("id", longField(2)), param("name", stringField("two"))),
                List.of(param("id", longField(3)), param("name", Field.builder().isNull(true).build())))).join();

        assertThat(response.updateResults()).hasSize(3)
                .allSatisfy(result -> assertThat(result.generatedFields()).isEmpty());
        assertThat(execute(client, server, "select id, name from batched order by id").records()).containsExactly(
                List.of(longField(1), stringField("one")), List.of(longField(2), stringField("two")),
                List.of(longField(3), Field.builder().isNull(true).build()));
    }

    @Test
    void batchExecuteStatement_whenOneSetFails_insertsNothing() {
        execute(client, server, "create table if not exists batched_atomic (id int8 primary key)");
        execute(client, server, "delete from batched_atomic");

        Throwable error = failure(() -> client.batchExecuteStatement(batch(
                "insert into batched_atomic (id) values (:id)",
                List.of(param("id", longField(1))), List.of(param("id", longField(1))))).join());

        assertThat(error).isInstanceOf(DatabaseErrorException.class)
                .hasMessageStartingWith("ERROR: duplicate key value violates unique constraint")
                .hasMessageContaining("SQLState: 23505");
        assertThat(execute(client, server, "select count(*) from batched_atomic").records().get(0).get(0)
                .longValue()).isZero();
    }

    @Test
    void executeStatement_ddl_reportsNoRecords() {
        ExecuteStatementResponse response = execute(client, server,
                "create table if not exists ddl_only (id int4)");

        assertThat(response.hasRecords()).isFalse();
        assertThat(response.numberOfRecordsUpdated()).isZero();
    }

    @Test
    void executeStatement_textWithMultibyteCharacters_survivesTheRoundTrip() {
        String text = new String("Grüße, 世界 🌍".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);

        ExecuteStatementResponse response = execute(client, server, "select :t", param("t", stringField(text)));

        assertThat(response.records().get(0).get(0).stringValue()).isEqualTo(text);
    }

    private static SqlParameter hinted(String name, String value, TypeHint hint) {
        return SqlParameter.builder().name(name).value(stringField(value)).typeHint(hint).build();
    }

    @SafeVarargs
    private static BatchExecuteStatementRequest batch(String sql, List<SqlParameter>... sets) {
        return BatchExecuteStatementRequest.builder().resourceArn(server.clusterArn()).secretArn(server.secretArn())
                .database(server.database()).sql(sql).parameterSets(List.of(sets)).build();
    }
}
