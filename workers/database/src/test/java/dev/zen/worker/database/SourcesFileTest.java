package dev.zen.worker.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.worker.runtime.settings.Settings;
import dev.zen.worker.testkit.SettingsDocumentation;
import dev.zen.worker.testkit.WorkerArchitecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources from the YAML file and the POSTGRES_* variables; what is refused at start; the settings' documentation. */
class SourcesFileTest {

    @TempDir
    Path dir;

    private DatabaseSettings settings(Map<String, String> env) {
        return DatabaseSettings.from(Settings.of(env, DatabaseSettings.ALL));
    }

    private List<SourceConfig> read(String yaml, Map<String, String> env) throws Exception {
        Path file = Files.writeString(dir.resolve("sources.yaml"), yaml);
        return SourcesFile.read(settings(Map.of("DATABASE_SOURCES_FILE", file.toString())), env::get);
    }

    @Test
    void shouldReadSourcesWithPasswordsFromTheEnvironmentOrAFile() throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "from-file\n");
        List<SourceConfig> sources = read("""
                sources:
                  - id: main
                    url: postgresql://db.internal:5433/app
                    user: app_ro
                    password_env: APP_PW
                  - id: shop
                    kind: mysql
                    url: jdbc:mysql://127.0.0.1/shop
                    user: shop_rw
                    password_file: %s
                    access: read-write
                    pool_size: 2
                    statement_timeout: 5s
                    max_rows: 50
                    max_bytes: 64KB
                    roles: [analyst]
                  - id: cache
                    url: redis://127.0.0.1:6379/2
                """.formatted(secret), Map.of("APP_PW", "from-env"));
        assertThat(sources).extracting(SourceConfig::id).containsExactly("main", "shop", "cache");
        SourceConfig main = sources.get(0);
        assertThat(main.kind()).isEqualTo(SourceKind.POSTGRESQL);
        assertThat(main.access()).isEqualTo(Access.READ_ONLY);
        assertThat(main.password().value()).isEqualTo("from-env");
        assertThat(main.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/app");
        assertThat(main.toString()).doesNotContain("from-env");
        SourceConfig shop = sources.get(1);
        assertThat(shop.kind()).isEqualTo(SourceKind.MARIADB);
        assertThat(shop.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/shop");
        assertThat(shop.password().value()).isEqualTo("from-file");
        assertThat(shop.maxRows()).isEqualTo(50);
        assertThat(shop.maxBytes()).isEqualTo(64 * 1024);
        assertThat(shop.statementTimeout().toSeconds()).isEqualTo(5);
        assertThat(shop.allows(List.of("analyst"))).isTrue();
        assertThat(shop.allows(List.of("dev"))).isFalse();
        assertThat(sources.get(2).kind()).isEqualTo(SourceKind.REDIS);
    }

    @Test
    void shouldRefuseSecretsInTheFileAndOtherMistakesNamingThem() {
        Map<String, String> cases = Map.of(
                "sources:\n  - id: a\n    url: postgresql://h/db\n    user: u\n    password: hunter2\n", "inline 'password', which is refused",
                "sources:\n  - id: a\n    url: postgresql://u:hunter2@h/db\n    user: u\n", "to have no password in its URL",
                "sources:\n  - id: a\n    url: postgresql://h/db\n    user: u\n    password_env: NOT_SET_ZEN\n", "NOT_SET_ZEN (password_env of source 'a'",
                "sources:\n  - id: a\n    url: postgresql://h/db\n    user: u\n    colour: red\n", "but it has 'colour'",
                "sources:\n  - id: a\n    url: postgresql://h/db\n    user: u\n  - id: a\n    url: postgresql://h/db2\n    user: u\n", "but 'a' is there twice",
                "sources:\n  - id: a\n    kind: redis\n    url: postgresql://h/db\n    user: u\n", "to be a redis URL, but it is postgresql",
                "sources:\n  - id: a\n    url: postgresql://h/db\n    user: u\n    access: superuser\n", "an access of read-only, read-write or admin",
                "sources:\n  - id: Bad Id\n    url: postgresql://h/db\n    user: u\n", "Expected a source id of",
                "sources:\n  - id: a\n    url: oracle://h/db\n    user: u\n", "a kind of postgresql, mariadb, mysql or redis",
                "databases: []\n", "one key, 'sources'");
        cases.forEach((yaml, reason) -> assertThatThrownBy(() -> read(yaml, Map.of())).as(reason)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason).hasMessageNotContaining("hunter2"));
    }

    @Test
    void shouldMakeTheSeedsPostgresSourceFromTheEnvironment() {
        List<SourceConfig> sources = SourcesFile.read(settings(Map.of("POSTGRES_HOST", "127.0.0.1", "POSTGRES_DB", "app",
                "POSTGRES_USER", "reader", "POSTGRES_PASSWORD", "s3cret")), k -> null);
        assertThat(sources).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("postgres");
            assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/app");
            assertThat(s.access()).isEqualTo(Access.READ_ONLY);
            assertThat(s.password().value()).isEqualTo("s3cret");
            assertThat(s.toString()).doesNotContain("s3cret");
        });
        assertThat(SourcesFile.read(settings(Map.of()), k -> null)).isEmpty();
    }

    @Test
    void shouldWarnWhenAReadOnlySourceLogsInAsASuperuser() throws Exception {
        try (Database database = Database.create(settings(Map.of("POSTGRES_HOST", "127.0.0.1", "DATABASE_BACKUP_DIR",
                dir.resolve("backups").toString())), k -> null)) {
            assertThat(database.definition("test").warnings()).singleElement().asString()
                    .contains("source 'postgres' is read-only but logs in as superuser 'postgres'");
        }
    }

    @Test
    void shouldDocumentEverySettingInTheReadme() throws Exception {
        SettingsDocumentation.assertDocumented(SettingsDocumentation.projectReadme(), DatabaseSettings.ALL);
    }

    @Test
    void shouldKeepHandlersFreeOfKafka() {
        WorkerArchitecture.check("dev.zen.worker.database");
    }
}
