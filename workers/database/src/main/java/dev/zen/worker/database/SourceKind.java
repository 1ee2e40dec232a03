package dev.zen.worker.database;

/** The kinds of database a source can be. */
enum SourceKind {
    POSTGRESQL("postgresql"), MARIADB("mariadb"), REDIS("redis");

    private final String wire;

    SourceKind(String wire) {
        this.wire = wire;
    }

    String wire() {
        return wire;
    }

    boolean sql() {
        return this != REDIS;
    }

    /** The kind a configuration names: postgresql (or postgres), mariadb or mysql, redis. */
    static SourceKind parse(String text) {
        return switch (text) {
            case "postgresql", "postgres" -> POSTGRESQL;
            case "mariadb", "mysql" -> MARIADB;
            case "redis" -> REDIS;
            default -> throw new IllegalArgumentException("Expected a kind of postgresql, mariadb, mysql or redis, but got '" + text + "'");
        };
    }
}
