package com.example.blog.local.dataapi;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import org.postgresql.core.BaseConnection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a JDBC result set into the Data API's result: {@code records} of {@code Field}s (or the
 * {@code formattedRecords} JSON string), and {@code columnMetadata}, typing each value as the service types
 * PostgreSQL's: integers as longValue, float4/float8 as doubleValue, numeric as stringValue, bool as booleanValue,
 * bytea as blobValue, arrays as arrayValue, timestamps as {@code YYYY-MM-DD HH:MM:SS[.ffffff]} in UTC, everything
 * else (uuid, json, date, time, interval...) as its PostgreSQL text in stringValue.
 */
final class ResultSets {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    /** How values of one column are read and written. */
    private enum Kind { LONG, DOUBLE, DECIMAL, BOOLEAN, BLOB, TIMESTAMP_TZ, ARRAY, STRING }

    /** The {@code resultSetOptions} and {@code formatRecordsAs} of a call. */
    record Options(boolean decimalAsNumber, boolean longAsString, boolean json, boolean metadata) {
    }

    /** What a call returns for a result set. */
    record Result(ArrayNode records, String formattedRecords, ArrayNode columnMetadata) {
    }

    private final ObjectMapper mapper;
    private final long maxBytes;

    ResultSets(ObjectMapper mapper, long maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    Result convert(ResultSet rows, Options options) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int columns = meta.getColumnCount();
        Kind[] kinds = new Kind[columns + 1];
        String[] labels = new String[columns + 1];
        for (int column = 1; column <= columns; column++) {
            kinds[column] = kindOf(meta.getColumnTypeName(column), meta.getPrecision(column));
            labels[column] = meta.getColumnLabel(column);
        }
        ArrayNode records = NODES.arrayNode();
        long bytes = 2;
        while (rows.next()) {
            JsonNode record;
            if (options.json()) {
                ObjectNode object = NODES.objectNode();
                for (int column = 1; column <= columns; column++) {
                    object.set(labels[column], plainValue(rows, column, kinds[column], options));
                }
                record = object;
            } else {
                ArrayNode fields = NODES.arrayNode(columns);
                for (int column = 1; column <= columns; column++) {
                    fields.add(field(rows, column, kinds[column], meta, options));
                }
                record = fields;
            }
            bytes += size(record) + 1;
            if (bytes > maxBytes) {
                throw DataApiException.unsupportedResult(
                        "Database returned more than the allowed response size limit");
            }
            records.add(record);
        }
        // The service leaves columnMetadata out of a JSON-formatted result even when includeResultMetadata is set
        // (the API reference: "This field is blank if the formatRecordsAs parameter is set to JSON").
        ArrayNode metadata = options.metadata() && !options.json()
                ? metadata(rows.getStatement().getConnection(), meta) : null;
        if (options.json()) {
            return new Result(null, write(records), metadata);
        }
        return new Result(records, null, metadata);
    }

    private static Kind kindOf(String typeName, int precision) {
        if (typeName.startsWith("_")) {
            return Kind.ARRAY;
        }
        return switch (typeName) {
            case "int2", "int4", "int8", "oid", "serial", "bigserial", "smallserial" -> Kind.LONG;
            case "float4", "float8" -> Kind.DOUBLE;
            case "numeric" -> Kind.DECIMAL;
            case "bool" -> Kind.BOOLEAN;
            case "bit" -> precision == 1 ? Kind.BOOLEAN : Kind.STRING;
            case "bytea" -> Kind.BLOB;
            case "timestamptz" -> Kind.TIMESTAMP_TZ;
            default -> Kind.STRING;
        };
    }

    private ObjectNode field(ResultSet rows, int column, Kind kind, ResultSetMetaData meta, Options options)
            throws SQLException {
        ObjectNode field = NODES.objectNode();
        switch (kind) {
            case LONG -> {
                long value = rows.getLong(column);
                if (rows.wasNull()) {
                    return field.put("isNull", true);
                }
                return options.longAsString() ? field.put("stringValue", Long.toString(value))
                        : field.put("longValue", value);
            }
            case DOUBLE -> {
                double value = rows.getDouble(column);
                return rows.wasNull() ? field.put("isNull", true) : field.put("doubleValue", value);
            }
            case BOOLEAN -> {
                boolean value = rows.getBoolean(column);
                return rows.wasNull() ? field.put("isNull", true) : field.put("booleanValue", value);
            }
            case BLOB -> {
                byte[] value = rows.getBytes(column);
                return value == null ? field.put("isNull", true) : field.put("blobValue", value);
            }
            case ARRAY -> {
                Array array = rows.getArray(column);
                if (array == null) {
                    return field.put("isNull", true);
                }
                try {
                    field.set("arrayValue", arrayValue(array, meta.getColumnTypeName(column).substring(1), options));
                } finally {
                    array.free();
                }
                return field;
            }
            default -> {
                JsonNode value = plainValue(rows, column, kind, options);
                if (value.isNull()) {
                    return field.put("isNull", true);
                }
                if (value.isIntegralNumber()) {
                    return field.put("longValue", value.asLong());
                }
                if (value.isNumber()) {
                    return field.put("doubleValue", value.asDouble());
                }
                return field.put("stringValue", value.asText());
            }
        }
    }

    /** A value as it appears in {@code formattedRecords} (and, for scalars, what a Field is made from). */
    private JsonNode plainValue(ResultSet rows, int column, Kind kind, Options options) throws SQLException {
        switch (kind) {
            case LONG -> {
                long value = rows.getLong(column);
                return rows.wasNull() ? NODES.nullNode()
                        : options.longAsString() ? NODES.textNode(Long.toString(value)) : NODES.numberNode(value);
            }
            case DOUBLE -> {
                double value = rows.getDouble(column);
                return rows.wasNull() ? NODES.nullNode() : NODES.numberNode(value);
            }
            case BOOLEAN -> {
                boolean value = rows.getBoolean(column);
                return rows.wasNull() ? NODES.nullNode() : NODES.booleanNode(value);
            }
            case BLOB -> {
                byte[] value = rows.getBytes(column);
                return value == null ? NODES.nullNode() : NODES.textNode(Base64.getEncoder().encodeToString(value));
            }
            case DECIMAL -> {
                String text = rows.getString(column);
                if (text == null) {
                    return NODES.nullNode();
                }
                return options.decimalAsNumber() ? decimalAsNumber(text) : NODES.textNode(text);
            }
            case TIMESTAMP_TZ -> {
                String text = rows.getString(column);
                if (text == null) {
                    return NODES.nullNode();
                }
                if (text.endsWith("infinity")) {
                    return NODES.textNode(text);
                }
                return NODES.textNode(formatUtc(rows.getObject(column, OffsetDateTime.class)));
            }
            case ARRAY -> {
                Array array = rows.getArray(column);
                if (array == null) {
                    return NODES.nullNode();
                }
                try {
                    String elementType = rows.getMetaData().getColumnTypeName(column).substring(1);
                    ObjectNode arrayValue = arrayValue(array, elementType, options);
                    return arrayValue.elements().next();
                } finally {
                    array.free();
                }
            }
            default -> {
                String text = rows.getString(column);
                return text == null ? NODES.nullNode() : NODES.textNode(text);
            }
        }
    }

    /** An {@code ArrayValue}: one of longValues, doubleValues, booleanValues or stringValues. */
    private ObjectNode arrayValue(Array array, String elementType, Options options) throws SQLException {
        Kind kind = kindOf(elementType, 1);
        Object raw = array.getArray();
        if (kind == Kind.BLOB || !(raw instanceof Object[] elements)
                || raw.getClass().getComponentType().isArray()) {
            throw DataApiException.unsupportedResult(kind == Kind.BLOB
                    ? "The result contains an array of bytea, which the Data API doesn't support"
                    : "The result contains a multidimensional array, which the Data API doesn't support");
        }
        ObjectNode arrayValue = NODES.objectNode();
        switch (kind) {
            case LONG -> {
                ArrayNode values = arrayValue.putArray(options.longAsString() ? "stringValues" : "longValues");
                for (Object element : elements) {
                    if (element == null) {
                        values.addNull();
                    } else if (options.longAsString()) {
                        values.add(element.toString());
                    } else {
                        values.add(((Number) element).longValue());
                    }
                }
            }
            case DOUBLE -> {
                ArrayNode values = arrayValue.putArray("doubleValues");
                for (Object element : elements) {
                    if (element == null) {
                        values.addNull();
                    } else {
                        values.add(((Number) element).doubleValue());
                    }
                }
            }
            case BOOLEAN -> {
                ArrayNode values = arrayValue.putArray("booleanValues");
                for (Object element : elements) {
                    if (element == null) {
                        values.addNull();
                    } else {
                        values.add((Boolean) element);
                    }
                }
            }
            default -> {
                // Read the elements back as PostgreSQL text, so dates, numerics, uuids... read as they do alone.
                ArrayNode values = arrayValue.putArray("stringValues");
                try (ResultSet elementRows = array.getResultSet()) {
                    while (elementRows.next()) {
                        String text = elementRows.getString(2);
                        if (text != null && kind == Kind.TIMESTAMP_TZ && !text.endsWith("infinity")) {
                            text = formatUtc(elementRows.getObject(2, OffsetDateTime.class));
                        }
                        if (text == null) {
                            values.addNull();
                        } else {
                            values.add(text);
                        }
                    }
                }
            }
        }
        return arrayValue;
    }

    private static JsonNode decimalAsNumber(String text) {
        if (text.equals("NaN") || text.endsWith("Infinity")) {
            return NODES.numberNode(Double.parseDouble(text));
        }
        BigDecimal value = new BigDecimal(text);
        if (value.scale() <= 0) {
            try {
                return NODES.numberNode(value.longValueExact());
            } catch (ArithmeticException tooLarge) {
                return NODES.numberNode(value.doubleValue());
            }
        }
        return NODES.numberNode(value.doubleValue());
    }

    static String formatUtc(OffsetDateTime value) {
        OffsetDateTime utc = value.withOffsetSameInstant(ZoneOffset.UTC);
        String text = SECONDS.format(utc);
        int nanos = utc.getNano();
        if (nanos == 0) {
            return text;
        }
        String fraction = String.format("%09d", nanos).substring(0, 6).replaceAll("0+$", "");
        return fraction.isEmpty() ? text : text + "." + fraction;
    }

    private ArrayNode metadata(Connection connection, ResultSetMetaData meta) throws SQLException {
        ArrayNode columns = NODES.arrayNode();
        for (int column = 1; column <= meta.getColumnCount(); column++) {
            String typeName = meta.getColumnTypeName(column);
            int arrayBase = 0;
            if (typeName.startsWith("_")) {
                arrayBase = connection.unwrap(BaseConnection.class).getTypeInfo().getSQLType(typeName.substring(1));
            }
            columns.addObject()
                    .put("name", meta.getColumnName(column))
                    .put("type", meta.getColumnType(column))
                    .put("typeName", typeName)
                    .put("label", meta.getColumnLabel(column))
                    .put("schemaName", meta.getSchemaName(column))
                    .put("tableName", meta.getTableName(column))
                    .put("isAutoIncrement", meta.isAutoIncrement(column))
                    .put("isSigned", meta.isSigned(column))
                    .put("isCurrency", meta.isCurrency(column))
                    .put("isCaseSensitive", meta.isCaseSensitive(column))
                    .put("nullable", meta.isNullable(column))
                    .put("precision", meta.getPrecision(column))
                    .put("scale", meta.getScale(column))
                    .put("arrayBaseColumnType", arrayBase);
        }
        return columns;
    }

    private long size(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
