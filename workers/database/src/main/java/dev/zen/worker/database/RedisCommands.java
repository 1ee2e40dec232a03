package dev.zen.worker.database;

import dev.zen.worker.runtime.ToolFailure;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Redis commands the database tools may send, by allow-list: reads for {@code db_query} on any
 * Redis source, a few data writes for {@code db_execute} on a read-write one, and nothing that
 * reconfigures, flushes, scripts or blocks the server on any. The answer is one column, {@code value},
 * one row per element of a list answer (capped like SQL rows).
 */
final class RedisCommands {

    static final Set<String> READS = Set.of("GET", "MGET", "STRLEN", "GETRANGE", "EXISTS", "TYPE", "TTL", "PTTL", "HGET", "HMGET",
            "HGETALL", "HKEYS", "HVALS", "HLEN", "HEXISTS", "LRANGE", "LLEN", "LINDEX", "SMEMBERS", "SCARD", "SISMEMBER", "ZRANGE",
            "ZRANGEBYSCORE", "ZCARD", "ZSCORE", "ZRANK", "SCAN", "HSCAN", "SSCAN", "ZSCAN", "XRANGE", "XLEN", "INFO", "DBSIZE", "PING");
    static final Set<String> WRITES = Set.of("SET", "SETEX", "PSETEX", "SETNX", "MSET", "DEL", "UNLINK", "EXPIRE", "PEXPIRE", "PERSIST",
            "INCR", "INCRBY", "DECR", "DECRBY", "APPEND", "HSET", "HDEL", "HINCRBY", "LPUSH", "RPUSH", "LPOP", "RPOP", "LREM", "LTRIM",
            "SADD", "SREM", "ZADD", "ZREM", "ZINCRBY", "XADD");
    /** Element-count reads whose size is checked against the cap before they are sent. */
    private static final Set<String> WHOLE_COLLECTIONS = Set.of("HGETALL", "HKEYS", "HVALS", "SMEMBERS");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RedisCommands() {
    }

    static SqlRunner.Rows run(RedisSource source, List<String> argv, boolean write, int maxRows) {
        String name = argv.getFirst().toUpperCase(Locale.ROOT);
        SourceConfig config = source.config();
        if (write) {
            if (!WRITES.contains(name)) {
                throw new ToolFailure("Expected a Redis data write (" + String.join(", ", new java.util.TreeSet<>(WRITES)) + "), but '" + Shown
                        .clip(argv.getFirst()) + "' is not one" + (READS.contains(name) ? ": reads go through db_query" : "") + "; nothing ran");
            }
            if (!config.access().writes()) {
                throw new ToolFailure("Expected a read-write source for '" + name + "', but source '" + config.id()
                        + "' is read-only; nothing ran");
            }
        } else if (!READS.contains(name)) {
            throw new ToolFailure("Expected a Redis read command (" + String.join(", ", new java.util.TreeSet<>(READS)) + "), but '"
                    + Shown.clip(argv.getFirst()) + "' is not one" + (WRITES.contains(name) ? (config.access().writes()
                            ? ": writes go through db_execute" : ": source '" + config.id() + "' is read-only") : "") + "; nothing ran");
        }
        List<String> arguments = argv.subList(1, argv.size());
        try {
            var commands = source.connection().sync();
            if (WHOLE_COLLECTIONS.contains(name) && !arguments.isEmpty()) {
                long size = switch (name) {
                    case "SMEMBERS" -> commands.scard(arguments.getFirst());
                    default -> commands.hlen(arguments.getFirst());
                };
                if (size > maxRows) {
                    throw new ToolFailure("Expected at most " + maxRows + " elements (max_rows), but '" + Shown.clip(arguments.getFirst())
                            + "' holds " + size + "; page it with " + (name.equals("SMEMBERS") ? "SSCAN" : "HSCAN") + " and COUNT");
                }
            }
            CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
            arguments.forEach(args::add);
            List<Object> answer = commands.dispatch(CommandType.valueOf(name), new NestedMultiOutput<>(StringCodec.UTF8), args);
            return rows(answer, maxRows, config.maxBytes());
        } catch (RedisCommandExecutionException e) {
            throw new ToolFailure("Expected source '" + config.id() + "' to run " + name + ", but Redis refused it: " + e.getMessage()
                    + (e.getMessage() != null && e.getMessage().startsWith("NOPERM") ? " (its ACL user may not do this)" : ""));
        } catch (RedisCommandTimeoutException e) {
            throw new ToolFailure("Expected source '" + config.id() + "' to answer " + name + " within its statement_timeout of "
                    + config.statementTimeout().toMillis() + " ms, but it did not");
        } catch (RedisConnectionException e) {
            throw new ToolFailure("Expected to reach Redis source '" + config.id() + "', but " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ToolFailure("Expected a command Redis knows, but '" + Shown.clip(argv.getFirst()) + "' is not one");
        }
    }

    /** A Redis answer as rows of one column: a list answer is one row per element, anything else one row. */
    private static SqlRunner.Rows rows(List<Object> answer, int maxRows, long maxBytes) {
        List<ObjectNode> columns = List.of(NODES.objectNode().put("name", "value").put("type", "redis"));
        ArrayNode rows = NODES.arrayNode();
        List<?> elements = answer.size() == 1 && answer.getFirst() instanceof List<?> list ? list : answer;
        long bytes = 0;
        for (Object element : elements) {
            if (rows.size() >= maxRows) {
                return new SqlRunner.Rows(columns, rows, true, "max_rows");
            }
            JsonNode value = json(element);
            bytes += value.toString().length();
            if (bytes > maxBytes) {
                return new SqlRunner.Rows(columns, rows, true, "max_bytes");
            }
            rows.add(NODES.arrayNode().add(value));
        }
        return new SqlRunner.Rows(columns, rows, false, null);
    }

    private static JsonNode json(Object element) {
        return switch (element) {
            case null -> NODES.nullNode();
            case Long number -> NODES.numberNode(number);
            case List<?> list -> {
                ArrayNode array = NODES.arrayNode();
                list.forEach(item -> array.add(json(item)));
                yield array;
            }
            default -> NODES.stringNode(element.toString());
        };
    }
}
