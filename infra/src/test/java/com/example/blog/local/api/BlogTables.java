package com.example.blog.local.api;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import software.amazon.awssdk.services.rdsdata.RdsDataAsyncClient;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.rdsdata.model.Field;

/** Reads the whole blogs table, newest first, by the most direct way each environment offers. */
final class BlogTables {

    private static final String SELECT_ALL = "select id::text, title, author, content, image_key, version from blogs"
            + " order by created_at desc, id desc";

    private BlogTables() {
    }

    /** Straight from PostgreSQL over JDBC, past the Data API the functions use. */
    static Supplier<List<BlogRow>> jdbc(DataSource dataSource) {
        return () -> {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery(SELECT_ALL)) {
                List<BlogRow> rows = new ArrayList<>();
                while (result.next()) {
                    rows.add(new BlogRow(result.getString(1), result.getString(2), result.getString(3),
                            result.getString(4), result.getString(5), result.getLong(6)));
                }
                return rows;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the blogs table: " + e.getMessage(), e);
            }
        };
    }

    /** Through a Data API whose database the test cannot reach otherwise (LocalStack Pro's). */
    static Supplier<List<BlogRow>> dataApi(RdsDataAsyncClient client, String clusterArn, String secretArn,
            String database) {
        return () -> client.executeStatement(ExecuteStatementRequest.builder()
                        .resourceArn(clusterArn).secretArn(secretArn).database(database).sql(SELECT_ALL).build())
                .join().records().stream()
                .map(record -> new BlogRow(text(record.get(0)), text(record.get(1)), text(record.get(2)),
                        text(record.get(3)), text(record.get(4)), record.get(5).longValue()))
                .toList();
    }

    private static String text(Field field) {
        return Boolean.TRUE.equals(field.isNull()) ? null : field.stringValue();
    }
}
