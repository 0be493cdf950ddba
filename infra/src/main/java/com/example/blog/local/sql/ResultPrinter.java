package com.example.blog.local.sql;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import software.amazon.awssdk.services.rdsdata.model.ArrayValue;
import software.amazon.awssdk.services.rdsdata.model.ColumnMetadata;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;

/** Prints one statement's result: an aligned table with a row count, or the Data API's own JSON records. */
final class ResultPrinter {

    private final PrintWriter out;
    private final boolean json;

    ResultPrinter(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    boolean isJson() {
        return json;
    }

    void print(ExecuteStatementResponse response) {
        if (json) {
            printJson(response);
        } else {
            printTable(response);
        }
        out.flush();
    }

    private void printJson(ExecuteStatementResponse response) {
        if (response.formattedRecords() != null) {
            out.println(response.formattedRecords());
        } else {
            out.println("{\"numberOfRecordsUpdated\":" + response.numberOfRecordsUpdated() + "}");
        }
    }

    private void printTable(ExecuteStatementResponse response) {
        List<ColumnMetadata> columns = response.columnMetadata();
        if (!response.hasColumnMetadata() || columns.isEmpty()) {
            long updated = response.numberOfRecordsUpdated() == null ? 0 : response.numberOfRecordsUpdated();
            out.println("(" + updated + (updated == 1 ? " row" : " rows") + " affected)");
            return;
        }
        List<String> header = columns.stream().map(ResultPrinter::columnName).toList();
        List<List<String>> rows = new ArrayList<>();
        if (response.hasRecords()) {
            for (List<Field> record : response.records()) {
                rows.add(record.stream().map(ResultPrinter::text).toList());
            }
        }
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        printRow(header, widths);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "+").append("-".repeat(widths[i] + 2));
        }
        out.println(rule);
        for (List<String> row : rows) {
            printRow(row, widths);
        }
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    private void printRow(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            line.append(i == 0 ? " " : " | ").append(cells.get(i));
            if (i < widths.length - 1) {
                line.append(" ".repeat(widths[i] - cells.get(i).length()));
            }
        }
        out.println(line);
    }

    private static String columnName(ColumnMetadata column) {
        return column.label() != null && !column.label().isEmpty() ? column.label() : column.name();
    }

    /** Text of a value as psql shows it: NULL as empty, bytea as {@code \x} hex, arrays in braces. */
    static String text(Field field) {
        if (Boolean.TRUE.equals(field.isNull())) {
            return "";
        }
        if (field.stringValue() != null) {
            return field.stringValue();
        }
        if (field.longValue() != null) {
            return field.longValue().toString();
        }
        if (field.doubleValue() != null) {
            return field.doubleValue().toString();
        }
        if (field.booleanValue() != null) {
            return field.booleanValue() ? "t" : "f";
        }
        if (field.blobValue() != null) {
            return "\\x" + HexFormat.of().formatHex(field.blobValue().asByteArray());
        }
        if (field.arrayValue() != null) {
            return text(field.arrayValue());
        }
        return "";
    }

    private static String text(ArrayValue array) {
        List<?> values;
        if (array.hasStringValues()) {
            values = array.stringValues();
        } else if (array.hasLongValues()) {
            values = array.longValues();
        } else if (array.hasDoubleValues()) {
            values = array.doubleValues();
        } else if (array.hasBooleanValues()) {
            values = array.booleanValues().stream().map(b -> b == null ? null : (b ? "t" : "f")).toList();
        } else if (array.hasArrayValues()) {
            return array.arrayValues().stream().map(ResultPrinter::text).collect(Collectors.joining(",", "{", "}"));
        } else {
            values = List.of();
        }
        return values.stream().map(v -> v == null ? "NULL" : v.toString()).collect(Collectors.joining(",", "{", "}"));
    }
}
