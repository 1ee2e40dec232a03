package dev.zen.worker.database;

import dev.zen.worker.runtime.ServiceDefinition;
import dev.zen.worker.runtime.WorkerService;
import dev.zen.worker.runtime.settings.Setting;
import dev.zen.worker.runtime.settings.Settings;
import java.util.List;

/**
 * The {@code database} service: configured PostgreSQL, MariaDB/MySQL and Redis sources, read-only by
 * default and enforced by the database, with capped typed results, schema search, explain and
 * PostgreSQL backups as long jobs.
 */
public final class DatabaseService implements WorkerService {

    public static final String SERVICE = "database";

    private Database database;

    @Override
    public String name() {
        return SERVICE;
    }

    @Override
    public String summary() {
        return "configured PostgreSQL, MariaDB and Redis sources, read-only by default (enforced by the database), backups as jobs";
    }

    @Override
    public List<Setting<?>> settings() {
        return DatabaseSettings.ALL;
    }

    @Override
    public synchronized ServiceDefinition define(Settings values, String version) {
        if (database == null) {
            database = Database.create(DatabaseSettings.from(values), System::getenv);
            Database created = database;
            Runtime.getRuntime().addShutdownHook(new Thread(created::close, "zen-database-stop"));
        }
        return database.definition(version);
    }

    @Override
    public synchronized String describe(Settings values) {
        return database == null ? "" : database.describe();
    }
}
