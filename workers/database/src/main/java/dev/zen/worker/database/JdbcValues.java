package dev.zen.worker.database;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Column values as JSON that loses nothing: integers as numbers while they are exact in JSON (within
 * ±2^53) and as strings beyond; decimals as numbers only when a double holds them exactly, else as
 * exact strings; dates and times in ISO 8601; binary as base64; arrays as arrays; PostgreSQL
 * {@code json}/{@code jsonb} as JSON; anything else as the driver's text.
 */
final class JdbcValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final long EXACT = 1L << 53;

    private JdbcValues() {
    }

    static JsonNode read(ResultSet rows, int column, ResultSetMetaData meta) throws SQLException {
        int type = meta.getColumnType(column);
        String typeName = meta.getColumnTypeName(column).toLowerCase(Locale.ROOT);
        switch (type) {
            case Types.BOOLEAN, Types.BIT -> {
                if (type == Types.BIT && meta.getPrecision(column) > 1) {
                    return text(rows.getString(column));
                }
                boolean value = rows.getBoolean(column);
                return rows.wasNull() ? NODES.nullNode() : NODES.booleanNode(value);
            }
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
                Object value = rows.getObject(column);
                if (value == null) {
                    return NODES.nullNode();
                }
                BigInteger integer = value instanceof BigInteger big ? big : BigInteger.valueOf(((Number) value).longValue());
                return integer.abs().compareTo(BigInteger.valueOf(EXACT)) <= 0 ? NODES.numberNode(integer.longValue())
                        : NODES.stringNode(integer.toString());
            }
            case Types.NUMERIC, Types.DECIMAL -> {
                BigDecimal value = rows.getBigDecimal(column);
                return value == null ? NODES.nullNode() : decimal(value);
            }
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> {
                double value = rows.getDouble(column);
                if (rows.wasNull()) {
                    return NODES.nullNode();
                }
                return Double.isFinite(value) ? NODES.numberNode(value) : NODES.stringNode(Double.toString(value));
            }
            case Types.DATE -> {
                LocalDate value = rows.getObject(column, LocalDate.class);
                return value == null ? NODES.nullNode() : NODES.stringNode(value.toString());
            }
            case Types.TIME -> {
                LocalTime value = rows.getObject(column, LocalTime.class);
                return value == null ? NODES.nullNode() : NODES.stringNode(value.toString());
            }
            case Types.TIMESTAMP -> {
                if (typeName.equals("timestamptz")) {
                    OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
                    return value == null ? NODES.nullNode() : NODES.stringNode(value.toString());
                }
                LocalDateTime value = rows.getObject(column, LocalDateTime.class);
                return value == null ? NODES.nullNode() : NODES.stringNode(value.toString());
            }
            case Types.TIMESTAMP_WITH_TIMEZONE -> {
                OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
                return value == null ? NODES.nullNode() : NODES.stringNode(value.toString());
            }
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
                byte[] value = rows.getBytes(column);
                return value == null ? NODES.nullNode() : NODES.stringNode(Base64.getEncoder().encodeToString(value));
            }
            case Types.ARRAY -> {
                Array value = rows.getArray(column);
                return value == null ? NODES.nullNode() : array(value.getArray());
            }
            default -> {
                String value = rows.getString(column);
                if (value == null) {
                    return NODES.nullNode();
                }
                if (typeName.equals("json") || typeName.equals("jsonb")) {
                    try {
                        return JSON.readTree(value);
                    } catch (JacksonException e) {
                        return NODES.stringNode(value);
                    }
                }
                return NODES.stringNode(value);
            }
        }
    }

    static JsonNode decimal(BigDecimal value) {
        BigDecimal plain = value.stripTrailingZeros();
        if (plain.scale() <= 0 && plain.abs().compareTo(BigDecimal.valueOf(EXACT)) <= 0) {
            return NODES.numberNode(plain.longValueExact());
        }
        double asDouble = value.doubleValue();
        if (Double.isFinite(asDouble) && new BigDecimal(Double.toString(asDouble)).compareTo(value) == 0) {
            return NODES.numberNode(asDouble);
        }
        return NODES.stringNode(value.toPlainString());
    }

    private static JsonNode array(Object elements) {
        ArrayNode array = NODES.arrayNode();
        if (elements instanceof Object[] items) {
            for (Object item : items) {
                array.add(element(item));
            }
        } else if (elements != null && elements.getClass().isArray()) {
            int length = java.lang.reflect.Array.getLength(elements);
            for (int i = 0; i < length; i++) {
                array.add(element(java.lang.reflect.Array.get(elements, i)));
            }
        }
        return array;
    }

    private static JsonNode element(Object item) {
        return switch (item) {
            case null -> NODES.nullNode();
            case Boolean b -> NODES.booleanNode(b);
            case Short s -> NODES.numberNode(s);
            case Integer i -> NODES.numberNode(i);
            case Long l -> Math.abs(l) <= EXACT ? NODES.numberNode(l) : NODES.stringNode(l.toString());
            case BigDecimal d -> decimal(d);
            case Double d -> Double.isFinite(d) ? NODES.numberNode(d) : NODES.stringNode(d.toString());
            case Float f -> Float.isFinite(f) ? NODES.numberNode(f) : NODES.stringNode(f.toString());
            case byte[] bytes -> NODES.stringNode(Base64.getEncoder().encodeToString(bytes));
            case Object[] nested -> array(nested);
            case java.sql.Timestamp t -> NODES.stringNode(t.toLocalDateTime().toString());
            case java.sql.Date d -> NODES.stringNode(d.toLocalDate().toString());
            default -> NODES.stringNode(item.toString());
        };
    }

    private static JsonNode text(String value) {
        return value == null ? NODES.nullNode() : NODES.stringNode(value);
    }

    /** Binds a JSON parameter: numbers, booleans and null as such, strings for the server to type, objects and arrays as JSON text. */
    static void bind(java.sql.PreparedStatement statement, int index, JsonNode value) throws SQLException {
        if (value == null || value.isNull()) {
            statement.setObject(index, null);
        } else if (value.isBoolean()) {
            statement.setBoolean(index, value.booleanValue());
        } else if (value.isIntegralNumber() && value.canConvertToLong()) {
            statement.setLong(index, value.longValue());
        } else if (value.isNumber()) {
            statement.setBigDecimal(index, value.decimalValue());
        } else if (value.isString()) {
            statement.setString(index, value.asString());
        } else {
            statement.setString(index, value.toString());
        }
    }
}
